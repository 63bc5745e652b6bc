"""A split or partially approved sale at the till, with no Qt.

The till always asks for partial approval (`SaleRequest.partial`): when some items of a
basket are blocked for the child, or the allowance left is smaller than the sale, the
server approves what the code may pay and leaves the rest `due`. The cashier then takes
the rest in cash or by card, or (a split basket only) takes the blocked items off the
sale. That choice is written to the journal first (the money is in the drawer whatever
the link does) and told to the server (`POST /v1/payments/{id}/rest`) at once or, when
the link is down, by the link worker's next tick (`sync_rests`): never lost, never twice.

Offline, nothing is split: the terminal can't know the payer's rules, so it takes a whole
sale within its offline caps or declines it, as before.
"""

from __future__ import annotations

import time

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import ApiError, BadResponse, OutcomeUnknown, ServerUnreachable
from pos_app.core.offline import check_goods
from pos_app.core.store import SaleRow, Store

REST_KINDS = ("cash", "card", "removed")
SYNC_LIMIT = 20  # rests told to the server per link tick


def is_partial(row: SaleRow) -> bool:
    """An approved sale whose code paid less than the sale and whose rest is still due."""
    return row.status == "approved" and row.due_minor > 0


def can_remove(row: SaleRow) -> bool:
    """The rest is exactly the blocked items: taking them off completes the sale."""
    return (is_partial(row) and row.split.get("partial_reason") == "category_blocked"
            and bool(blocked_items(row)))


def allowed_items(row: SaleRow) -> list[schemas.Item]:
    found = row.split.get("eligible_items")
    if found is None:
        return list(row.items)
    return [row.items[n] for n in found if 0 <= n < len(row.items)]


def blocked_items(row: SaleRow) -> list[schemas.Item]:
    found = row.split.get("eligible_items")
    if found is None:
        return []
    keep = set(found)
    return [item for n, item in enumerate(row.items) if n not in keep]


def not_for_a_child(row: SaleRow, shop_category: str) -> list[schemas.Item]:
    """The ✗ items a shop may not sell to a child in any way (alcohol, tobacco, gambling):
    the rule the till refuses them by offline (`offline.check_goods`), item by item. They
    come off the sale; they are never taken in cash or by card instead (live session 33:
    cigarettes in a child's basket were offered "another way", and sold for cash)."""
    return [item for item in blocked_items(row)
            if not check_goods([item], shop_category).accepted]


def take_rest(client: Client, store: Store, key: str, how: str) -> SaleRow:
    """Record how the rest was taken, then tell the server; the journal row after it.
    The server not answering leaves it for `sync_rests`; nothing is asked twice."""
    if how not in REST_KINDS:
        raise ValueError(f"not a way to take the rest: {how!r}")
    row = store.get(key)
    if row is None or not is_partial(row):
        raise ValueError("this sale has no rest to take")
    if how == "removed" and not can_remove(row):
        raise ValueError("the rest is not only blocked items")
    store.set_rest(key, how, items=allowed_items(row) if how == "removed" else None,
                   now_s=int(time.time()))
    _tell(client, store, key, str(row.payment_id), how)
    after = store.get(key)
    assert after is not None
    return after


def _tell(client: Client, store: Store, key: str, payment_id: str, how: str) -> bool:
    try:
        client.pay_rest(payment_id, how)
    except (OutcomeUnknown, ServerUnreachable, BadResponse):
        return False  # told at the next tick
    except ApiError as exc:
        if exc.status == 429 or exc.status >= 500:
            return False
        # The server already holds another answer for this sale's rest: the journal keeps
        # what the cashier did, and the report shows it; asking again won't change it.
        store.rest_synced(key)
        return True
    store.rest_synced(key)
    return True


def sync_rests(client: Client, store: Store) -> int:
    """Tell the server the rests recorded while it didn't answer; returns how many."""
    told = 0
    for row in store.unsynced_rests(SYNC_LIMIT):
        rest = next((t for t in row.tenders if t.get("rest")), None)
        if rest is None or not row.payment_id:
            store.rest_synced(row.key)
            continue
        if not _tell(client, store, row.key, row.payment_id, str(rest["kind"])):
            break  # the link is down again: the rest wait
        told += 1
    return told
