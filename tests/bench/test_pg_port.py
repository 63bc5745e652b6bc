"""The tests' throwaway PostgreSQL starts even when its port is taken before it binds it.

Found in a fresh-clone run: a worker picked a free port, another worker's test server bound
it first, and PostgreSQL stopped with "Address already in use": every PostgreSQL test of
that worker errored (54). `Postgres.start` now takes another port and tries again.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path

import psycopg

from bench.servers import Postgres


def test_postgres_moves_to_another_port_when_its_own_was_taken() -> None:
    # Where the suite's own cluster lives (tests/conftest.py): a folder the postgres user
    # can enter (pytest's tmp_path is root's alone).
    base = Path(tempfile.mkdtemp(prefix="kinpay-pg-"))
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen(1)
        taken = squatter.getsockname()[1]
        pg = Postgres(base, port=taken).start()
        try:
            assert pg.port != taken
            with psycopg.connect(pg.url(), autocommit=True) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
        finally:
            pg.stop()
            shutil.rmtree(base, ignore_errors=True)
