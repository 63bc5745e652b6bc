"""What a "yes" would take, in the parent's words (found live: a ¥2.50 sale on a day an
earlier "yes" had put ¥3.00 over was asked as "¥5.50 over today's limit", which read as if
the sale itself were ¥5.50 too dear)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kinpay import schemas
from wallet_app.asking import need_text


@pytest.mark.parametrize(("need", "said"), [
    (schemas.Need(rule="limit_daily", limit=10_000, spent=9_000, over_by=2_000),
     "today would be ¥20.00 over its limit"),
    (schemas.Need(rule="limit_daily", limit=13_000, spent=13_300, over_by=550),
     "today is already ¥3.00 over its limit; this makes it ¥5.50"),
    (schemas.Need(rule="limit_monthly", limit=100_000, spent=99_000, over_by=1_500),
     "this month would be ¥15.00 over its limit"),
    (schemas.Need(rule="limit_monthly", limit=100_000, spent=100_100, over_by=600),
     "this month is already ¥1.00 over its limit; this makes it ¥6.00"),
    (schemas.Need(rule="limit_per_payment", limit=5_000, spent=0, over_by=1_000),
     "¥10.00 over the limit for one payment"),
])
def test_what_a_yes_would_take(qapp: QApplication, need: schemas.Need, said: str) -> None:
    assert need_text(need, "CNY") == said
