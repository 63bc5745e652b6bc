"""Running hand-written DDL inside a revision, per engine."""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


def dialect() -> str:
    return str(op.get_bind().dialect.name)


def run(sqlite: Sequence[str], postgres: Sequence[str]) -> None:
    """Run each statement of the list for this database's engine, in order."""
    for stmt in sqlite if dialect() == "sqlite" else postgres:
        if stmt.strip():
            op.execute(stmt)


def split(script: str) -> list[str]:
    """A script of `;`-separated statements (no `;` inside one) as a list."""
    return [s.strip() for s in script.split(";") if s.strip()]
