"""The printed end of day's refunds table said a refund by its parts ("¥3.00 to the
allowance; ¥2.00 in cash or to a card") beside its total, while Today, Refund, the sales
table and the summary say it as "¥5.00 (allowance ¥3.00 + cash ¥2.00)" (live test 34 §10:
one meaning everywhere). Now the table says it so too. Real window, real server, the PDF
as End of day's button writes it.

The seeded world: ¥50 a payment, ¥100 a day; the parent blocks snacks here."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from tests.pos.conftest import Tablet, settle
from tests.pos.test_refund_meaning import refund, split_sale
from tests.pos.test_screens import child, click, pdf_text

pytestmark = pytest.mark.gui


def test_the_printed_refund_is_the_whole_amount_with_its_parts(
        terminal: Any, qtbot: Any, sqlite_world: dict[str, Any], tablet: Tablet) -> None:
    window = terminal()
    split = split_sale(qtbot, window, sqlite_world, tablet)  # ¥8.00 allowance + ¥7.00 cash
    refund(qtbot, window, split, "3.00", "2.00")
    window.dialog.close()
    payment_id = window.store.get(split).payment_id
    assert payment_id

    window.open_report()
    settle()
    click(qtbot, child(window, QPushButton, "report_pdf"))
    [pdf] = (window.data_dir / "reports").glob("*.pdf")
    printed = pdf_text(pdf)
    table = " ".join(printed[printed.index("\nRefunds\nTime "):].split())  # wrapped cells
    assert table.startswith("Refunds Time Given back Child Payment "), table
    assert f"¥5.00 (allowance ¥3.00 + cash ¥2.00) Lily {payment_id}" in table, table
    assert "to the allowance" not in table and "in cash or to a card" not in table, table
    window.dialog.close()
