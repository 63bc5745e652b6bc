"""The key store deleted or moved while the server runs (operations review 37, left then).

Before: once the server next looked at the store and found no signing key, every payment
was answered 500 "internal" until a restart (which then refused to start, the store being
gone); and a typed code or a pairing made a new OTP master in a new, empty key store, so
the moved-aside store put back met a folder that was no longer its own. Now the server
goes on with the keys it read, makes nothing, and says so in its log once a minute; put
back, the store is read again. A real `kinpay server`, real tablets' codes, real files."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from kinpay import codes
from server_stub.keys import REFRESH_S
from tests.server.helpers import family, now, pay, terminal
from tests.servers import ServerProcess

SAID = "no longer holds its signing keys (deleted or moved?)"


@pytest.fixture
def shop(tmp_path: Path) -> ServerProcess:
    log = tmp_path / "server.log"
    server = ServerProcess(db=str(tmp_path / "shop" / "kinpay.db"), log_path=log).start()
    yield server
    server.stop()


def _past_refresh() -> None:
    """Past the server's next look at its key store (it looks at most once a REFRESH_S)."""
    time.sleep(2 * REFRESH_S + 0.2)


def test_a_key_store_moved_away_while_serving_breaks_no_code_and_makes_nothing(
    shop: ServerProcess, tmp_path: Path
) -> None:
    store = tmp_path / "shop" / "keys"
    assert (store / "otp-master.key").exists()
    fam = family(shop.url)
    till = terminal(shop.db, shop.url)

    def pay_with(code_at: str = "qr") -> str:
        at = now()
        code = (fam.device.code_at(at) if code_at == "qr"
                else codes.group_digits(fam.device.numeric_at(at)))
        status = pay(till, code, 100).status
        fam.device.bump(at)
        return status

    assert pay_with() == "approved"
    aside = tmp_path / "keys-aside"
    shutil.move(store, aside)
    _past_refresh()
    # A QR code, a typed code and a new tablet's pairing, each as before.
    assert pay_with() == "approved"
    assert pay_with("typed") == "approved"
    other = family(shop.url)
    assert pay(till, other.device.code_at(now()), 100).status == "approved"
    # Nothing made in the store's place, and the operator is told.
    assert not store.exists()
    said = shop.log_path.read_text(errors="replace") if shop.log_path else ""
    assert f"the key store {store} {SAID}" in said
    assert "no longer holds its OTP master" in said

    # Put back: read again, the same keys; nothing new in it.
    shutil.move(aside, store)
    before = sorted(p.name for p in store.iterdir())
    _past_refresh()
    assert pay_with() == "approved"
    assert sorted(p.name for p in store.iterdir()) == before
    for f in (fam, other):
        f.close()
    till.close()
