from __future__ import annotations

from collections.abc import Iterator

import pytest

from kinpay.client import Client
from tests.server.helpers import Family, family, terminal
from tests.servers import ServerProcess


@pytest.fixture
def fam(server: ServerProcess) -> Iterator[Family]:
    f = family(server.url)
    yield f
    f.close()


@pytest.fixture
def term(server: ServerProcess) -> Iterator[Client]:
    t = terminal(server.db, server.url)
    yield t
    t.close()
