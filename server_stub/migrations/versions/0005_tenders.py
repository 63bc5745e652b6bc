"""Issue 15 §2: split baskets and partial approvals.

- payments.amount stays what the code paid (the ledger's transfer); `sale_total` is the
  whole sale and `tenders` (JSON) its other parts: cash, card, `due` until the till says
  how the rest was paid, `removed` for blocked items taken off. NULL: no other tender.
- payments.other_refunded and refunds.other_amount: what the cashier gave back in cash or
  to the card, so each tender is refunded at most what it paid.

Additive only: a payment written before this revision reads as before.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STATEMENTS = [
    "ALTER TABLE payments ADD COLUMN sale_total BIGINT",
    "ALTER TABLE payments ADD COLUMN tenders TEXT",
    "ALTER TABLE payments ADD COLUMN other_refunded BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE refunds ADD COLUMN other_amount BIGINT NOT NULL DEFAULT 0",
]


def upgrade() -> None:
    ddl.run(_STATEMENTS, _STATEMENTS)
