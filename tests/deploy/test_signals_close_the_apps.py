"""Ctrl+C in the terminal that started `kinpay wallet` (SIGINT), and a stop asked of it
(SIGTERM: systemd, a desktop's log-out, `kill`, `make demo` ending), close the wallet as
its window's close button does: exit status 0, its settings written, no traceback.
Before, Ctrl+C printed a KeyboardInterrupt traceback from whatever slot ran next and the
wallet ran on (live, session 39: the demo's tablet, "collector.py ... KeyboardInterrupt");
SIGTERM ended it on the spot, nothing closed (status -15). The till's own: tests/pos/
test_interrupt.py. Real wallets, offscreen, signed in through their control socket as the
demo does, against a real server."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from kinpay.tls import ENV_CA_FILE, ENV_PIN
from tests.deploy.test_quit_ends_the_app import _ended, _start

SETTLE_S = 1.0  # the wallet at work a moment (its timers' slots running) before the signal


@pytest.mark.parametrize(("role", "sig"), [("payer", signal.SIGINT),
                                           ("delegate", signal.SIGTERM)],
                         ids=["parents-wallet-ctrl-c", "childs-tablet-sigterm"])
def test_a_signal_closes_the_wallet_as_its_close_button_does(
    sqlite_world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    role: str, sig: signal.Signals,
) -> None:
    for name in (ENV_CA_FILE, ENV_PIN):
        monkeypatch.delenv(name, raising=False)
    who = sqlite_world[role]
    data = tmp_path / role
    if role == "delegate":  # a paired tablet, as the demo hands it over
        data.mkdir(mode=0o700)
        shutil.copyfile(who["device"], data / "device.json")
    wallet, remote = _start(["wallet", "--role", role, "--server", sqlite_world["server_url"],
                             "--data", str(data)],
                            {**os.environ, "QT_QPA_PLATFORM": "offscreen"}, tmp_path, "wallet")
    err = tmp_path / "wallet.err"
    try:
        assert remote.call("sign_in", name=who["name"], password=who["password"],
                           role=role) == role
        remote.close()
        time.sleep(SETTLE_S)
        wallet.send_signal(sig)
        code = _ended(wallet)  # None while it still runs, past a bound
        said = err.read_text(errors="replace")
        assert code == 0, f"after {sig.name} the wallet " + (
            "did not end" if code is None else f"ended with {code}") + f"; it said: {said[-1500:]}"
        assert "Traceback" not in said and "KeyboardInterrupt" not in said, said[-1500:]
    finally:
        if wallet.poll() is None:
            wallet.kill()
            wallet.wait(15)
    kept = (data / "wallet.ini").read_text()  # written at its close, among others
    assert f"user_name={who['name']}" in kept and f"role={role}" in kept, kept
