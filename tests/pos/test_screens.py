"""The screens around the sale on real widgets: history, receipt (and its PDF), refunds
full and partial, the end-of-day report (CSV and PDF), settings that persist, the camera
preview and the message when no camera opens."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
)

from kinpay.client import Client
from pos_app.scan.camera import open_camera
from pos_app.settings import Settings
from tests.pos.conftest import SCREENSHOTS, Tablet, code_frames
from tests.pos.test_terminal import charge_by_wedge, type_amount, wait_result

pytestmark = pytest.mark.gui


def child(window: Any, cls: type, name: str) -> Any:
    widget = window.dialog.findChild(cls, name)
    assert widget is not None, name
    return widget


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def confirm_refund(qtbot: Any, window: Any) -> None:
    """Press "Yes, refund" as a cashier who has read the question: it takes no click in
    its first moment on screen (pos_app.widgets.keypad.ARMS_MS)."""
    yes = child(window, QPushButton, "refund_confirm")
    qtbot.waitUntil(yes.isEnabled, timeout=5_000)
    click(qtbot, yes)


def sell(qtbot: Any, window: Any, digits: str, code: str) -> str:
    type_amount(qtbot, window, digits)
    charge_by_wedge(qtbot, window, code)
    wait_result(qtbot, window, "approved")
    key = window.shown.key
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Enter: new sale
    assert window.state == "entry"
    return str(key)


def test_history_receipt_refund_and_report(terminal: Any, qtbot: Any, tmp_path: Path,
                                           sqlite_world: dict[str, Any], tablet: Tablet,
                                           shot: Any) -> None:
    window = terminal()
    first = sell(qtbot, window, "1200", tablet.code())
    window.set_mode(1)
    for name in ("Apple", "Apple", "Milk 250 ml"):
        window.add_product(window.catalogue.find(name))
    assert window.total.text() == "¥10.10"
    assert window.basket.count() == 2
    shot(window, "sale-items")
    charge_by_wedge(qtbot, window, tablet.code())
    wait_result(qtbot, window, "approved")
    second = window.shown.key
    window.on_action("receipt")
    assert window.dialog.objectName() == "receipt"
    shot(window.dialog, "receipt")
    click(qtbot, child(window, QPushButton, "receipt_pdf"))
    pdf = window.data_dir / "receipts" / f"{window.store.get(second).payment_id}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if os.environ.get("KINPAY_SHOTS") == "1" and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf),
                        str(SCREENSHOTS / "pos-receipt-pdf")], check=True, timeout=60)
    window.dialog.close()
    window.on_action("new")

    window.open_history()
    table = child(window, QTableWidget, "history_table")
    assert table.rowCount() == 2
    assert table.item(0, 1).text() == "¥10.10" and table.item(1, 1).text() == "¥12.00"
    # What each sale was of, under its status: the sale a customer brings back is found
    # by its items (a sale of an amount alone has none).
    assert table.item(0, 2).text() == "Approved\n2 × Apple, 1 × Milk 250 ml"
    assert table.item(1, 2).text() == "Approved"
    shot(window.dialog, "history")

    # From the history: refund part of the first sale, then the rest of it.
    table.selectRow(1)
    click(qtbot, child(window, QPushButton, "history_refund"))
    assert window.dialog.objectName() == "refund"
    refund_table = child(window, QTableWidget, "refund_table")
    assert refund_table.item(refund_table.currentRow(), 1).text() == "¥12.00"
    assert refund_table.item(0, 2).text() == "Approved\n2 × Apple, 1 × Milk 250 ml"
    amount = child(window, QLineEdit, "refund_amount")
    assert amount.text() == "12.00"
    amount.setText("5")
    click(qtbot, child(window, QPushButton, "refund_part"))
    note = child(window, QLabel, "refund_note")
    assert note.text() == ("Refund ¥5.00 of Lily's ¥12.00 payment to Mei's account? It can't "
                           "be undone.")
    qtbot.waitUntil(child(window, QPushButton, "refund_confirm").isEnabled, timeout=5_000)
    shot(window.dialog, "refund-confirm")
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: note.text().startswith("Refunded ¥5.00"), timeout=10_000)
    # The code's money went back to the parent's account: the cashier hands nothing back.
    assert note.text() == ("Refunded ¥5.00 to Mei's account; the allowance is restored. "
                           "Nothing to hand back in cash.")
    assert amount.text() == "7.00"
    assert refund_table.item(refund_table.currentRow(), 4).text() == "¥5.00"
    shot(window.dialog, "refund")
    click(qtbot, child(window, QPushButton, "refund_full"))
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: note.text().startswith("Refunded ¥7.00"), timeout=10_000)
    assert window.store.get(first).refunded == 1200
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        paid = {p.id: p for p in c.payments()}
    assert paid[window.store.get(first).payment_id].refunded == 1200
    # Refunded in full: no longer offered; the other sale is.
    assert refund_table.rowCount() == 1 and refund_table.item(0, 1).text() == "¥10.10"
    window.dialog.close()
    window.open_history()
    history = child(window, QTableWidget, "history_table")
    assert history.item(1, 4).text() == "¥12.00 (all)"
    history.selectRow(1)
    assert not child(window, QPushButton, "history_refund").isEnabled()
    window.dialog.close()

    window.open_report()
    report_table = child(window, QTableWidget, "report_table")
    cells = {report_table.item(r, 0).text(): (report_table.item(r, 1).text(),
                                              report_table.item(r, 2).text())
             for r in range(report_table.rowCount())}
    assert cells["Approved"] == ("2", "¥22.10")
    assert cells["Refunds"] == ("2", "−¥12.00")
    assert cells["Net takings (approved − refunds)"] == ("", "¥10.10")
    assert "Every offline payment has been sent" in child(
        window, QLabel, "report_pending").text()
    shot(window.dialog, "report")
    click(qtbot, child(window, QPushButton, "report_csv"))
    [csv_path] = (window.data_dir / "reports").glob("*.csv")
    rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["time", "status", "amount_minor"]
    assert [r[2] for r in rows[1:3]] == ["1200", "1010"]
    # What each sale was of (the amount-only sale: nothing); each refund names its sale's.
    items = rows[0].index("items")
    assert [r[items] for r in rows[1:3]] == ["", "2 × Apple; 1 × Milk 250 ml"]
    assert [r[items] for r in rows[3:5]] == ["", ""] and [r[1] for r in rows[3:5]] == [
        "refund", "refund"]
    click(qtbot, child(window, QPushButton, "report_pdf"))
    [report_pdf] = (window.data_dir / "reports").glob("*.pdf")
    assert report_pdf.read_bytes().startswith(b"%PDF")
    # The printed report lists the refunds as well as the sales (it gave their count only).
    printed = pdf_text(report_pdf)
    refunds = printed[printed.index("Refunds\nTime Given back Child Payment"):]
    refunds = " ".join(refunds.split())  # a cell's words may wrap onto two lines
    # All to the allowance: the amount alone, as Today's Refunded column says it.
    assert "¥5.00 Lily" in refunds and "¥7.00 Lily" in refunds
    assert refunds.count("Lily") == 2
    # Each sale by its whole payment id, as its receipt prints it (the first 12 characters
    # are the id's milliseconds: two sales of one moment read alike).
    ids = [window.store.get(k).payment_id for k in (first, second)]
    sales = printed[printed.index("Sales\n"):printed.index("Refunds\n")]
    # What each sale was of, under its status, as Today's sales shows it.
    assert "2 × Apple, 1 × Milk 250 ml" in " ".join(sales.split()), sales
    assert all(len(i) == 32 and sales.count(i) == 1 for i in ids)
    assert refunds.count(ids[0]) == 2
    window.dialog.close()


def pdf_text(path: Path) -> str:
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    text = "\n".join(doc.getAllText(page).text() for page in range(doc.pageCount()))
    doc.close()
    return text.replace("\r\n", "\n")


def test_settings_persist(terminal: Any, qtbot: Any, shot: Any) -> None:
    window = terminal()
    window.open_settings()
    shot(window.dialog, "settings")
    floor = child(window, QLineEdit, "set_floor")
    assert floor.text() == "20.00"
    floor.setText("15.5")
    child(window, QCheckBox, "set_sounds").setChecked(False)
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is None
    saved = Settings.load(window.data_dir)
    assert (saved.floor_limit_minor, saved.sounds) == (1550, False)
    assert window.settings.floor_limit_minor == 1550
    window.open_settings()
    floor = child(window, QLineEdit, "set_floor")
    floor.setText("twelve")
    click(qtbot, child(window, QPushButton, "settings_save"))
    assert window.dialog is not None  # refused, with the reason; nothing saved
    assert Settings.load(window.data_dir).floor_limit_minor == 1550


def test_preview_outlines_a_code_and_says_it_is_ready(terminal: Any, qtbot: Any,
                                                         tmp_path: Path, tablet: Tablet,
                                                         shot: Any) -> None:
    folder = code_frames(tablet.code(), tmp_path / "replay", empty=1, with_code=2)
    window = terminal(camera=lambda: open_camera(str(folder), fps=10.0, loop=True))
    grabbed: list[str] = []

    def on_prompt(text: str) -> None:
        if text.startswith("Code ready") and not grabbed:
            grabbed.append(text)
            assert window.preview.outline
            shot(window, "scanning")

    window.prompt_changed.connect(on_prompt)
    type_amount(qtbot, window, "2")
    qtbot.waitUntil(lambda: bool(grabbed), timeout=15_000)
    assert window.state == "entry"  # seen before Charge: ready, never charged
    assert window.prompt.text() == "Code ready. Press Charge ⏎ to take ¥0.02."
    qtbot.keyClick(window, Qt.Key.Key_Backspace)
    type_amount(qtbot, window, "350")
    assert window.total.text() == "¥3.50"
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc on the amount screen clears the sale
    assert window.sale.empty


def test_keypad_screen(terminal: Any, qtbot: Any, shot: Any) -> None:
    window = terminal()
    assert QApplication.focusWidget() is not window.code_input  # digits go to the keypad
    for key in ("4", "5", "00"):
        click(qtbot, window.keypad.buttons[key])
    assert window.total.text() == "¥45.00"
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.state == "waiting"
    shot(window, "sale-keypad")


def test_no_camera_is_a_message_not_a_crash(terminal: Any, qtbot: Any, tmp_path: Path,
                                            shot: Any) -> None:
    window = terminal(camera=lambda: open_camera(str(tmp_path / "no-such-video.mp4")))
    qtbot.waitUntil(lambda: "Choose another camera" in (window.preview.message or ""),
                    timeout=10_000)
    assert window.isVisible()
    shot(window, "no-camera")
    type_amount(qtbot, window, "100")  # the till still works: typed codes need no camera
    assert window.total.text() == "¥1.00"


def test_a_till_with_no_camera_sells_by_barcode_scanner(terminal: Any, qtbot: Any,
                                                         tablet: Tablet) -> None:
    """A till with a barcode scanner and no webcam (`--camera none`, or "No camera" in
    Settings): the camera's place says what to do instead, not an error ("no video file at
    none" before), and a code the scanner types is charged."""
    from pos_app.cameras import camera_factory

    window = terminal(camera=camera_factory("none"))
    assert window.scan_worker is None
    assert window.preview.message == ("No camera.\nScan the code with the barcode scanner, "
                                      "or type it below.")
    assert window.status.camera.text() == "Camera: none"
    key = sell(qtbot, window, "350", tablet.code())
    assert window.store.get(key).amount == 350
    window.settings.camera = "none"  # as `kinpay pos --camera none` sets it
    window.open_settings()
    choices = child(window, QComboBox, "set_camera")
    assert choices.currentData() == "none"
    assert choices.currentText() == "No camera (a barcode scanner, or typed codes)"
    window.dialog.close()


def test_every_dialog_fits_the_screen(terminal: Any, qtbot: Any, tablet: Tablet) -> None:
    """Each of the till's dialogs opens whole on the screen the till is on, its Close
    button on the screen: offscreen, a screen of 800×800 (a receipt 900 pixels tall hid
    Close below a 768-pixel screen's edge; the 1100-pixel lists were wider than 1024)."""
    window = terminal()
    key = sell(qtbot, window, "1200", tablet.code())
    room = window.screen().availableGeometry()
    assert (room.width(), room.height()) == (800, 800)
    openers = {
        "history": window.open_history,
        "receipt": lambda: window.open_receipt(key),
        "refund": lambda: window.refund_of(key),
        "report": window.open_report,
        "settings": window.open_settings,
    }
    for name, open_it in openers.items():
        open_it()
        dlg = window.dialog
        assert dlg is not None and dlg.objectName() == name
        qtbot.waitExposed(dlg)
        assert dlg.width() <= room.width() and dlg.height() <= room.height(), (
            name, dlg.size().toTuple())
        if name == "receipt":  # a one-line slip needs no scrolling (600 px of paper did)
            assert not dlg.findChild(QScrollArea).verticalScrollBar().isVisible()
        if name == "report":  # no refund today: nothing taken off ("−¥0.00" before)
            table = child(window, QTableWidget, "report_table")
            cells = {table.item(r, 0).text(): table.item(r, 2).text()
                     for r in range(table.rowCount())}
            assert cells["Refunds"] == "¥0.00"
        close = child(window, QPushButton, "close")
        corner = close.mapToGlobal(close.rect().bottomRight())
        assert room.contains(close.mapToGlobal(close.rect().topLeft())), name
        assert room.contains(corner), (name, corner.toTuple(), room.getRect())
        dlg.close()


def test_changing_the_amount_withdraws_the_refund_question(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    """Live: the cashier asked to refund 5, then typed 7 over it while "Refund ¥5.00 …?"
    and "Yes, refund" still stood; a Yes would have refunded ¥5.00, not the ¥7.00 in the
    field. Editing the amount takes the question back; asked again, it names ¥7.00, and
    ¥7.00 is what the server refunds."""
    window = terminal()
    key = sell(qtbot, window, "1200", tablet.code())
    window.refund_of(key)
    amount = child(window, QLineEdit, "refund_amount")
    note = child(window, QLabel, "refund_note")
    amount.setText("5")
    click(qtbot, child(window, QPushButton, "refund_part"))
    assert note.text().startswith("Refund ¥5.00 of Lily's ¥12.00 payment")
    amount.setFocus()
    qtbot.keyClick(amount, Qt.Key.Key_Backspace)
    qtbot.keyClicks(amount, "7")
    assert amount.text() == "7"
    assert child(window, QPushButton, "refund_confirm").isHidden()
    assert not child(window, QPushButton, "refund_part").isHidden()
    assert note.text() == "Up to ¥12.00 can be refunded."
    click(qtbot, child(window, QPushButton, "refund_part"))
    assert note.text().startswith("Refund ¥7.00 of Lily's ¥12.00 payment")
    confirm_refund(qtbot, window)
    qtbot.waitUntil(lambda: note.text().startswith("Refunded ¥7.00"), timeout=10_000)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        paid = {p.id: p for p in c.payments()}
    assert paid[window.store.get(key).payment_id].refunded == 700


def test_the_report_of_the_day_before_for_a_shop_open_past_midnight(
        terminal: Any, qtbot: Any, tablet: Tablet) -> None:
    """A shop that closes after midnight printed an empty "today": the day it sold on was
    out of reach. ◀ goes to the day before, with that day's sales only; ▶ comes back, and
    never past today."""
    import time as _time

    window = terminal()
    sell(qtbot, window, "1200", tablet.code())  # today
    today = _time.localtime()
    noon_before = int(_time.mktime((today.tm_year, today.tm_mon, today.tm_mday - 1, 12, 0, 0,
                                    0, 0, -1)))
    window.store.begin_sale(key="yesterday-1", code="KP1:none", amount=700, currency="CNY",
                            items=[], reference=None, now_s=noon_before)

    def lines() -> dict[str, tuple[str, str]]:
        table = child(window, QTableWidget, "report_table")
        return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
                for r in range(table.rowCount())}

    def counted(found: dict[str, tuple[str, str]]) -> int:
        return sum(int(n) for n, _ in found.values() if n)

    window.open_report()
    assert child(window, QPushButton, "report_after").isEnabled() is False  # no tomorrow
    assert lines()["Approved"] == ("1", "¥12.00") and counted(lines()) == 1
    click(qtbot, child(window, QPushButton, "report_before"))
    assert window.dialog.objectName() == "report"
    expected_day = _time.strftime("%d %b %Y", _time.localtime(noon_before)).lstrip("0")
    assert window.dialog.windowTitle() == f"End of day · this till · {expected_day}"
    before = lines()
    assert counted(before) == 1 and before["Approved"] == ("0", "¥0.00")  # not today's sale
    assert sum(1 for n, total in before.values() if n == "1" and total == "¥7.00") == 1
    click(qtbot, child(window, QPushButton, "report_after"))
    assert lines()["Approved"] == ("1", "¥12.00")
    window.dialog.close()


def test_a_purchase_from_before_midnight_is_refunded_after_it(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    """Bought at 23:50, brought back at 00:10 (or the next morning): the refund list held
    today's payments only, and said "No payment today can be refunded." Payments of the
    last 30 days are offered, an earlier day's with its date."""
    import time as _time

    window = terminal()
    key = sell(qtbot, window, "800", tablet.code())
    today = _time.localtime()
    ten_to_midnight = int(_time.mktime((today.tm_year, today.tm_mon, today.tm_mday - 1, 23,
                                        50, 0, 0, 0, -1)))
    with window.store.tx() as conn:  # the till's journal, as if the sale had been last night
        conn.execute("UPDATE sales SET created_at = ? WHERE key = ?", (ten_to_midnight, key))
    window.refund_of(key)
    table = child(window, QTableWidget, "refund_table")
    assert table.rowCount() == 1 and table.item(0, 1).text() == "¥8.00"
    shown_day = _time.strftime("%d %b", _time.localtime(ten_to_midnight)).lstrip("0")
    assert table.item(0, 0).text().startswith(shown_day) and "23:50:00" in table.item(0, 0).text()
    click(qtbot, child(window, QPushButton, "refund_full"))
    confirm_refund(qtbot, window)
    note = child(window, QLabel, "refund_note")
    qtbot.waitUntil(lambda: note.text().startswith("Refunded ¥8.00"), timeout=10_000)
    with Client(sqlite_world["server_url"], token=sqlite_world["merchant"]["api_key"]) as c:
        paid = {p.id: p for p in c.payments()}
    assert paid[window.store.get(key).payment_id].refunded == 800
    assert table.rowCount() == 0
    assert note.text().startswith("Refunded ¥8.00")
    window.dialog.close()
