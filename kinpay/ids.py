"""Row ids and idempotency keys: 32 lowercase hex characters, in the order they were made.

The first 12 are the milliseconds since 1970 (until the year 10889), the other 20 are 80
random bits. Made later, an id sorts later (to the millisecond), so a new row's id, and a
till's new idempotency key, land at the end of their index, in pages a database already
has in memory and writes once per commit, where a wholly random id lands on a random page
of an index that grows with every sale: on SQLite, a payment's commit cost about 1.7 times
the CPU with random ids once the shop had 50,000 payments (docs/scaling.md, "ids in
order"). The 80 random bits keep ids unguessable and unique; what the time part tells
(when the row was made) is in the row beside it anyway. A clock set back only makes a
few ids sort out of order."""

from __future__ import annotations

import secrets
import time


def ordered_id() -> str:
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"
