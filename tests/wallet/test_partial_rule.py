"""Issue 15 §2: the parent's "pay what is left" rule in the grant form and the summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kinpay import schemas
from wallet_app.payer.grant_form import GrantForm
from wallet_app.payer.home import rules_summary

WAIT_MS = 5_000


def test_the_grant_form_sends_the_partial_rule_on_by_default_and_off_when_unticked(
    qtbot: QtBot, styled: QApplication
) -> None:
    form = GrantForm()
    qtbot.addWidget(form)
    form.show()
    form.delegate.setText("lily")
    assert form.allow_partial.isChecked()
    with qtbot.waitSignal(form.submitted, timeout=WAIT_MS) as sent:
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert isinstance(sent.args[0], schemas.GrantCreate) and sent.args[0].allow_partial is True
    form.allow_partial.setChecked(False)
    with qtbot.waitSignal(form.submitted, timeout=WAIT_MS) as sent:
        qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert sent.args[0].allow_partial is False


def test_the_grant_summary_says_whether_part_payments_are_made() -> None:
    limits = schemas.Limits(per_payment=5_000, daily=10_000, monthly=100_000)
    base = {"id": "g", "payer": "mei", "delegate": "lily", "currency": "CNY", "limits": limits,
            "allowed_categories": None, "blocked_categories": [], "windows": [],
            "timezone": "UTC", "expires_at": None, "offline_cap": 0, "status": "active",
            "created_at": 0, "paired": True,
            "spending": {"today": 0, "month": 0, "remaining_daily": 0, "remaining_monthly": 0}}
    on = schemas.Grant.model_validate(base)
    off = schemas.Grant.model_validate({**base, "allow_partial": False})
    assert rules_summary(on).endswith("pays what is left of a larger purchase")
    assert rules_summary(off).endswith("no part payments")
