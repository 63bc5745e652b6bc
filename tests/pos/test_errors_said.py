"""A failure the till may work on past is said in its log, never swallowed (audit 34 §9):
what the last online answer ruled out for offline sales (pos_app.core.heard) could not be
written, and the till went on taking offline what that answer had ruled out, with no word
anywhere. The journal here is real; its write is refused by SQLite itself (a trigger that
aborts, as a full or read-only disk would)."""

from __future__ import annotations

import logging
from typing import Any

from tests.pos.conftest import Tablet
from tests.pos.test_heard_offline import Till, till  # noqa: F401 - a fixture


def test_a_lost_note_of_what_was_declined_is_said_and_the_sale_goes_on(
        till: Till, tablet: Tablet, caplog: Any) -> None:  # noqa: F811
    assert till.sell(tablet.code(), 100).kind == "approved"  # the note's table exists
    with till.store.tx() as conn:
        for op in ("INSERT", "UPDATE"):
            conn.execute(f"CREATE TRIGGER refuse_{op.lower()} BEFORE {op} ON heard"
                         " BEGIN SELECT RAISE(ABORT, 'the disk is full'); END")
    with caplog.at_level(logging.WARNING, logger="kinpay.pos"):
        out = till.sell(tablet.code(), 6000)  # over the ¥50.00 a payment may be
    assert out.kind == "declined" and out.decline_code == "limit_per_payment"
    said = [r.getMessage() for r in caplog.records if r.name == "kinpay.pos"]
    assert said == ["the answer's limits could not be kept for offline sales: "
                    "the disk is full"]
