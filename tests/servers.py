"""The tests' real servers: the helper lives in bench/servers.py, which the benchmarks use
too (bench imports nothing from tests/); these names keep the tests' imports short."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

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
    "app_in_process",
    "free_port",
    "pg_bin",
    "run_kinpay",
    "seed",
    "spawn_kinpay",
]


START_IN_PROCESS_S = 30.0  # a bound on waiting for it, not a verdict


@contextmanager
def app_in_process(app: Any) -> Iterator[str]:
    """`app` under uvicorn on 127.0.0.1 in this process (so a test can watch or wrap what
    it calls), started, its URL yielded, stopped after."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(),
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_IN_PROCESS_S
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        server.should_exit = True
        pytest.fail("the in-process server did not start")
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_IN_PROCESS_S)
