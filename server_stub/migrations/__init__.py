"""Schema migrations: Alembic on SQLAlchemy Core, for SQLite and PostgreSQL alike.

Used only to move a database's schema (the server itself runs on its own drivers, see
server_stub.db). Revisions live in `versions/`, one file each, numbered: 0001 is the
schema of release 1 (057c6bd) exactly; each later one is a change. A list of DDL
statements per engine becomes a revision with `ddl.run(SQLITE_DDL, POSTGRES_DDL)`.

`upgrade()` takes one transaction for the whole way (SQLite: BEGIN IMMEDIATE; PostgreSQL:
transactional DDL under an advisory lock), so two processes that start on an empty
database at once make it once, and a failed upgrade leaves the database as it was.
A release-1 database (no alembic_version, meta.schema = 1) is stamped 0001 first.

A new revision is one file, `versions/NNNN_name.py` (see 0003_security.py: a list of
statements run with `ddl.run(SQLITE_DDL, POSTGRES_DDL)`), and `SCHEMA_HEAD` in
server_stub/db.py names it (a test checks the two agree). A revision is frozen once
released: it holds its statements itself rather than import a list that may change later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server_stub.db import _ADVISORY_LOCK, RELEASE_1_SCHEMA, DbUrl, schema_revision
from server_stub.errors import ServerStubError
from server_stub.keys import keys_dir_for
from server_stub.private_files import private_dir, touch_private

HERE = Path(__file__).resolve().parent


class MigrationFailed(ServerStubError):
    """An upgrade that could not run; the database is unchanged."""


def _engine(url: DbUrl) -> Any:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    if url.kind == "sqlite":
        if url.target != ":memory:":
            private_dir(Path(url.target).parent, tighten_existing=False)
            touch_private(Path(url.target))
        engine = create_engine(f"sqlite:///{url.target}", poolclass=NullPool)

        @event.listens_for(engine, "connect")
        def _connect(dbapi: Any, _record: Any) -> None:
            # pysqlite's own transaction handling skips DDL; take it over (SQLAlchemy's
            # documented recipe) so the whole upgrade is one transaction.
            dbapi.isolation_level = None
            dbapi.execute("PRAGMA busy_timeout=10000")
            dbapi.execute("PRAGMA foreign_keys=ON")

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    target = url.target.replace("postgres://", "postgresql://", 1)
    return create_engine(target.replace("postgresql://", "postgresql+psycopg://", 1),
                         poolclass=NullPool)


def _config(connection: Any, keys_dir: Path | None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    cfg.attributes["keys_dir"] = keys_dir
    return cfg


def head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    found = ScriptDirectory.from_config(cfg).get_current_head()
    assert found is not None
    return found


def upgrade(
    url: DbUrl, *, keys_dir: Path | None = None, to: str = "head"
) -> tuple[str | None, str]:
    """Move the database to revision `to` (the newest by default); returns (from, to)."""
    from alembic import command
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    engine = _engine(url)
    try:
        with engine.begin() as connection:
            if url.kind == "postgres":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK})")
            was = _revision(connection, url)
            cfg = _config(connection, keys_dir or keys_dir_for(url))
            if was == RELEASE_1_SCHEMA:
                command.stamp(cfg, "0001")
            elif was not in (None, "") and not any((HERE / "versions").glob(f"{was}_*.py")):
                raise MigrationFailed(f"unknown schema revision {was!r}: made by a newer kinpay")
            command.upgrade(cfg, to)
            now = _revision(connection, url)
    except (SQLAlchemyError, CommandError) as exc:
        raise MigrationFailed(f"the upgrade failed and was rolled back: {exc}") from exc
    finally:
        engine.dispose()
    return was, now or ""


def _revision(connection: Any, url: DbUrl) -> str | None:
    """schema_revision on the migration's own connection (inside its transaction)."""

    class _Adapter:
        kind = url.kind

        def one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
            marked = sql.replace("?", "%s") if url.kind == "postgres" else sql
            return connection.exec_driver_sql(marked, params).first()

        def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
            row = self.one(sql, params)
            return None if row is None else row[0]

    return schema_revision(_Adapter())  # type: ignore[arg-type]
