"""Exactly once under retries (issue 15 §1) on PostgreSQL, where several server processes
could meet one approval: eight completes of one allowed sale at once, with the sale's key,
are one charge; the ledger still adds up. (The same race on SQLite is in test_approvals.)"""

from __future__ import annotations

import pytest

from kinpay.client import Client
from tests.server.helpers import family
from tests.server.test_approvals import race_completes
from tests.servers import ServerProcess


@pytest.fixture(scope="module", params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_concurrent_completes_with_one_key_charge_once(
    server: ServerProcess, term: Client
) -> None:
    fam = family(server.url, limits=(1_000, 100_000, 1_000_000))
    try:
        race_completes(server, fam, term)
    finally:
        fam.close()
