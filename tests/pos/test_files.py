"""The till's files at rest (issue 12 §3): its settings and journal are 0600 in a 0700
folder (also when an older terminal left them readable), the API key comes from a file or
the environment, and a code the terminal declined is not kept."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from pos_app.core.store import Store
from pos_app.settings import Settings
from pos_app.terminal_cli import KeyFileError, api_key_from
from tests.pos.conftest import Tablet
from tests.pos.test_screens import child, click, sell
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_settings_journal_and_exports_are_the_owners_only(
        terminal: Any, qtbot: Any, tmp_path: Path, tablet: Tablet) -> None:
    data = tmp_path / "till"
    # What an older terminal left: a world-readable folder, settings with the key, journal.
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    Settings(api_key="old-key-in-clear").save(data)
    (data / "settings.ini").chmod(0o644)
    Store(data / "terminal.db").close()
    (data / "terminal.db").chmod(0o644)
    assert mode(data / "settings.ini") == 0o644
    window = terminal(data=data)
    assert Settings.load(data).api_key == "old-key-in-clear"  # the old setting still reads
    window.apply_settings(window.settings)  # saved again, as Settings → Save does
    sell(qtbot, window, "150", tablet.code())
    window.open_report()
    click(qtbot, child(window, QPushButton, "report_csv"))
    click(qtbot, child(window, QPushButton, "report_pdf"))
    window.dialog.close()
    window.open_receipt(window.store.since(0)[0].key)
    click(qtbot, child(window, QPushButton, "receipt_pdf"))
    window.dialog.close()
    assert mode(data) == 0o700
    for name in ("settings.ini", "terminal.db", "terminal.db-wal", "server-keys.json",
                 "revocations.json"):
        assert mode(data / name) == 0o600, name
    for folder in ("reports", "receipts"):
        assert mode(data / folder) == 0o700, folder
        files = list((data / folder).iterdir())
        assert files and all(mode(f) == 0o600 for f in files), folder


def test_a_declined_code_is_kept_only_as_its_hash(terminal: Any, qtbot: Any,
                                                 sqlite_server: Any, tablet: Tablet) -> None:
    window = terminal()
    online = tablet.code()
    type_amount(qtbot, window, "9000")  # above the allowance's per-payment limit
    charge_by_wedge(qtbot, window, online)
    wait_result(qtbot, window, "declined")
    window.on_action("new")
    sqlite_server.stop()
    qtbot.waitUntil(lambda: window.online is False, timeout=10_000)
    offline_code = tablet.code()  # still good: declined here, never sent
    type_amount(qtbot, window, "4000")  # above the offline floor limit
    charge_by_wedge(qtbot, window, offline_code)
    wait_result(qtbot, window, "offline_declined")
    window.store.close()
    raw = (window.data_dir / "terminal.db").read_bytes()
    wal = window.data_dir / "terminal.db-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert online.encode() not in raw and offline_code.encode() not in raw
    rows = Store(window.data_dir / "terminal.db").since(0)
    assert sorted(r.status for r in rows) == ["declined", "offline_declined"]
    assert all(r.code.startswith("sha256:") and len(r.code) == 71 for r in rows)


def _args(**kw: Any) -> argparse.Namespace:
    return argparse.Namespace(**{"api_key_file": None, "api_key": None, **kw})


def test_the_api_key_comes_from_a_file_or_the_environment(tmp_path: Path,
                                                          capsys: Any) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("tk_live_abc123\n")
    assert api_key_from(_args(api_key_file=str(key_file)), {}) == "tk_live_abc123"
    assert api_key_from(_args(), {"KINPAY_API_KEY": "tk_env"}) == "tk_env"
    assert api_key_from(_args(), {}) is None
    with pytest.raises(KeyFileError, match="can't read the API key file"):
        api_key_from(_args(api_key_file=str(tmp_path / "missing")), {})
    key_file.write_text("two keys\n")
    with pytest.raises(KeyFileError, match="does not hold one API key"):
        api_key_from(_args(api_key_file=str(key_file)), {})
    # The old option still works for old scripts, and says why not to use it.
    assert api_key_from(_args(api_key="tk_argv"), {}) == "tk_argv"
    assert "shows the key to every user" in capsys.readouterr().err
