"""What the wallet says when a library error reaches it: the person's words, never the
library's (a JSON decoder's "Expecting value: line 1 column 1")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import BadResponse, ServerUnreachable
from tests.kinpay.canned import Canned
from tests.servers import free_port
from tests.wallet.conftest import WindowFactory
from tests.wallet.flows import WAIT_MS
from wallet_app.payer.grant_form import GrantForm

CLI_TIMEOUT_S = 60.0  # a bound on a wrong run, not a measured time
HOTEL_PAGE = b"<html><body><h1>Welcome! Accept the terms to get online</h1></body></html>"


def test_an_address_that_is_not_a_kinpay_server_is_said_in_plain_words(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    # A Wi-Fi login page answers every request 200 with HTML: the wallet talks to a real
    # HTTP server on this machine that does just that.
    with Canned(body=HOTEL_PAGE, content_type="text/html") as server:
        window = make_window("parent", server_url=server.url, role="payer")
        page = window.sign_in
        page.name.setText("amy")
        page.password.setText("correct horse battery")
        page.sign_in.click()
        qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT_MS)
        text = page.error.text()
        assert "POST /v1/sessions" in server.paths
    assert text == (
        "Something answers at that address, but not a kinpay server. Check it in Settings."
    )
    assert window.payer is None and window.delegate is None  # nobody was signed in
    assert page.sign_in.isEnabled()  # and the person can try again


def test_a_data_folder_that_cant_be_made_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kinpay", "wallet", "--data", str(in_the_way / "wallet")],
        capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT_S, check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"kinpay wallet: can't use {in_the_way / 'wallet'} as the data folder")
    assert in_the_way.read_text() == "not a folder"  # and nothing was lost


def test_a_grant_whose_answer_was_lost_is_not_saved_twice_blindly(
    qtbot: QtBot, styled: QApplication
) -> None:
    form = GrantForm()
    qtbot.addWidget(form)
    form.show()
    form.delegate.setText("lily")
    with qtbot.waitSignal(form.submitted, timeout=WAIT_MS) as sent:
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    request = sent.args[0]
    assert isinstance(request, schemas.GrantCreate)
    # The real client sends the form's request to a server whose answer is not a grant.
    with Canned(body=b'{"ok": true}') as server, Client(server.url, retries=0) as client:
        with pytest.raises(BadResponse) as err:
            client.create_grant(request)
        assert server.paths == ["POST /v1/grants"]  # it was sent: it may have been saved
    form.show_server_error(err.value)
    assert form.form_error.isVisible()
    assert form.form_error.text() == (
        "kinpay may have saved this already. Check the home page before saving again."
    )
    # Nothing was sent at all: that one is still "can't reach".
    with Client(f"http://127.0.0.1:{free_port()}", retries=0) as nowhere:
        with pytest.raises(ServerUnreachable) as unreachable:
            nowhere.create_grant(request)
    form.show_server_error(unreachable.value)
    assert form.form_error.text().startswith("Can't reach the kinpay server.")


def test_a_change_whose_answer_was_lost_may_be_saved_again(
    qtbot: QtBot, styled: QApplication, sqlite_world: dict[str, Any],
) -> None:
    """Found live: with the server stalled, "Save changes" said to check the home page
    before saving again, and the home page could not tell either. A change sets values:
    saving it again sets the same ones."""
    with Client(sqlite_world["server_url"], token=sqlite_world["payer"]["token"]) as payer:
        grant = payer.grant(sqlite_world["grant"]["id"])
    form = GrantForm()
    qtbot.addWidget(form)
    form.show()
    form.for_change(grant)
    form.amounts["per_payment"].setText("35")
    with qtbot.waitSignal(form.submitted, timeout=WAIT_MS) as sent:
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    request = sent.args[0]
    assert isinstance(request, schemas.GrantChange)
    with Canned(body=b'{"ok": true}') as server, Client(server.url, retries=0) as client:
        with pytest.raises(BadResponse) as err:
            client.change_grant(grant.id, request)
        assert server.paths == [f"PATCH /v1/grants/{grant.id}"]
    form.show_server_error(err.value)
    assert form.form_error.text() == (
        "No answer from kinpay: this change may be saved already. Saving again is safe: it "
        "sets the same limits.")
