"""The tests' real servers: the helper lives in bench/servers.py, which the benchmarks use
too (bench imports nothing from tests/); these names keep the tests' imports short."""

from __future__ import annotations

from bench.servers import (
    KINPAY,
    ROOT,
    START_TIMEOUT_S,
    Postgres,
    ServerProcess,
    free_port,
    pg_bin,
    run_kinpay,
    seed,
    spawn_kinpay,
)

__all__ = [
    "KINPAY",
    "ROOT",
    "START_TIMEOUT_S",
    "Postgres",
    "ServerProcess",
    "free_port",
    "pg_bin",
    "run_kinpay",
    "seed",
    "spawn_kinpay",
]
