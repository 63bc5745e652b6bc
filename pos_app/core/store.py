"""The terminal's durable journal: every sale it tried, the offline queue, refunds. No Qt.

One SQLite file in the terminal's data folder (WAL, synchronous=FULL), so a sale that was
written survives the terminal being killed. Each thread gets its own connection.

A sale's row is written *before* it is sent, with its idempotency key and the exact body,
so a sale whose answer never came (`pending`) is sent again with the same key after a
restart, and is never charged twice. A declined sale's code is not kept: only its
SHA-256 (`sha256:…`), enough to match a code someone shows in a dispute, useless to pay
with. The file, its WAL and the folder are the owner's only (0600 in 0700). States:

    pending ........... sent (or about to be), answer unknown: retried with the same key
    queued ............ accepted offline, waiting to be forwarded (in `seq` order)
    approved/declined . the server's answer (for offline ones: after forwarding)
    offline_declined .. declined by the terminal itself while offline; never sent
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinpay import codes, schemas
from pos_app.core.errors import JournalDamaged

BUSY_TIMEOUT_S = 5.0
FILE_MODE = 0o600
DIR_MODE = 0o700
DIGEST_PREFIX = "sha256:"
MAX_LIST = 2000  # a terminal's day is far below this; the bound keeps a screen fast

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sales (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    code TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    items TEXT NOT NULL DEFAULT '[]',
    reference TEXT,
    offline INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    payment_id TEXT,
    decline_code TEXT,
    message TEXT,
    payer TEXT,
    delegate TEXT,
    remaining_daily INTEGER,
    refunded INTEGER NOT NULL DEFAULT 0,
    grant_id TEXT,
    use_key TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS sales_status ON sales (status, seq);
CREATE INDEX IF NOT EXISTS sales_created ON sales (created_at);
CREATE TABLE IF NOT EXISTS used_codes (
    use_key TEXT PRIMARY KEY,
    at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refunds (
    key TEXT PRIMARY KEY,
    sale_key TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    refund_id TEXT
);
"""


@dataclass
class SaleRow:
    """One row of the journal, as screens and the forwarder read it."""

    seq: int
    key: str
    created_at: int
    code: str
    amount: int
    currency: str
    items: list[schemas.Item]
    reference: str | None
    offline: bool
    status: str
    payment_id: str | None = None
    decline_code: str | None = None
    message: str | None = None
    payer: str | None = None
    delegate: str | None = None
    remaining_daily: int | None = None
    refunded: int = 0
    grant_id: str | None = None
    attempts: int = 0
    seen: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    # Split baskets and partial approvals (pos_app/core/tenders.py): once answered,
    # `amount` is what the code paid; `sale_total` the whole sale; `tenders` its other
    # parts (cash, card, due, removed); `split` the server's why and what for.
    partial: bool = False  # the request asked for partial approval (kept for retries)
    sale_total: int | None = None
    tenders: list[dict[str, Any]] = field(default_factory=list)
    other_refunded: int = 0
    split: dict[str, Any] = field(default_factory=dict)
    rest_sync: str = ""  # "pending": the rest's tender is not yet told to the server
    typed: bool = False  # its code was typed (numeric), not scanned: worded as such

    @property
    def refundable_minor(self) -> int:
        if self.status != "approved" or not self.payment_id:
            return 0
        return max(0, self.amount - self.refunded)

    @property
    def total_minor(self) -> int:
        """The whole sale: the code's part and every other tender on it."""
        return self.sale_total if self.sale_total is not None else self.amount

    def other_minor(self, *kinds: str) -> int:
        wanted = kinds or ("cash", "card")
        return sum(int(t["amount"]) for t in self.tenders if t["kind"] in wanted)

    @property
    def other_refundable_minor(self) -> int:
        if self.status != "approved" or not self.payment_id:
            return 0
        return max(0, self.other_minor() - self.other_refunded)

    @property
    def given_back(self) -> bool:
        """Everything taken for an approved sale was refunded: the code's part, and any cash
        or card. The sale is over and nothing more is owed (a partial sale's rest neither)."""
        return (self.status == "approved" and 0 < self.amount <= self.refunded
                and self.other_refunded >= self.other_minor())

    @property
    def due_minor(self) -> int:
        """What is still to be taken another way (a partial approval's rest)."""
        return self.other_minor("due")


_FOREVER = 1 << 62  # "no end" for a time bound in SQL

# The columns a SaleRow takes as they are stored; items, offline and seen are converted.
_AS_STORED = (
    "seq", "key", "created_at", "code", "amount", "currency", "reference", "status",
    "payment_id", "decline_code", "message", "payer", "delegate", "remaining_daily",
    "refunded", "grant_id", "attempts",
)


def _row(r: sqlite3.Row) -> SaleRow:
    return SaleRow(
        **{name: r[name] for name in _AS_STORED},
        items=[schemas.Item.model_validate(i) for i in json.loads(r["items"])],
        offline=bool(r["offline"]),
        seen=bool(r["seen"]),
        partial=bool(r["partial"]),
        sale_total=r["sale_total"],
        tenders=json.loads(r["tenders"] or "[]"),
        other_refunded=r["other_refunded"],
        split=json.loads(r["split"] or "{}"),
        rest_sync=r["rest_sync"] or "",
        typed=bool(r["typed"]),
    )


def items_json(items: list[schemas.Item]) -> str:
    return json.dumps([i.model_dump(mode="json", exclude_none=True) for i in items])


def private_dir(folder: Path) -> Path:
    """The folder, made or tightened to 0700: the terminal's data is its owner's only."""
    folder = Path(folder)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(folder, DIR_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Create `path` empty with 0600 if it is missing; tighten it to 0600 if not."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)
    return Path(path)


def _damaged(path: Path, why: str) -> JournalDamaged:
    return JournalDamaged(
        f"the till's journal {path} is damaged ({why}): it holds the sales and offline "
        "payments not yet sent, so it was left as it is. Copy it somewhere safe and ask for "
        "help to recover it; the till starts on a new journal once it is moved away")


def code_digest(text: str) -> str:
    """What is kept of a declined code: its hash, for a dispute, never the code."""
    if text.startswith(DIGEST_PREFIX):
        return text
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        private_dir(self.path.parent)
        # SQLite gives the WAL and shared-memory files the database file's own mode.
        for suffix in ("", "-wal", "-shm"):
            if suffix == "" or self.path.with_name(self.path.name + suffix).exists():
                private_file(self.path.with_name(self.path.name + suffix))
        self._local = threading.local()
        try:
            conn = self._conn()
            conn.executescript(_SCHEMA)
            _migrate(conn)
        except sqlite3.OperationalError:
            raise  # locked, read-only, full: the file may well be sound
        except sqlite3.DatabaseError as exc:
            self.close()
            raise _damaged(self.path, str(exc)) from exc

    def check(self) -> None:
        """Every page of the journal readable (SQLite's quick check), or JournalDamaged:
        a file cut short may open and fail only on the first read of a lost page."""
        try:
            found = [str(r[0]) for r in self._conn().execute("PRAGMA quick_check(5)")]
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:
            found = [str(exc)]
        if found != ["ok"]:
            raise _damaged(self.path, "; ".join(found))

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.create_function("code_digest", 1, code_digest, deterministic=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            # Overwrite what is deleted or replaced, so a declined code's text does not
            # linger in a free page after its row holds only the hash.
            conn.execute("PRAGMA secure_delete=ON")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------

    def begin_sale(
        self,
        *,
        key: str,
        code: str,
        amount: int,
        currency: str,
        items: list[schemas.Item],
        reference: str | None,
        now_s: int,
        partial: bool = False,
    ) -> bool:
        """Record a sale as pending before it is sent; True if its key is new (settle.py)."""
        with self.tx() as conn:
            [(attempts,)] = conn.execute(
                "INSERT INTO sales (key, created_at, updated_at, code, amount, currency, items,"
                " reference, status, partial, typed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending',"
                " ?, ?) ON CONFLICT (key) DO UPDATE SET attempts = attempts + 1, updated_at = ?"
                " RETURNING attempts", (key, now_s, now_s, code, amount, currency,
                                        items_json(items), reference, int(partial),
                                        int(codes.looks_numeric(code)), now_s)).fetchall()
        return int(attempts) == 0

    def finish(self, key: str, payment: schemas.Payment, *, now_s: int) -> None:
        """The server's answer for a sale (online, or a forwarded offline one)."""
        with self.tx() as conn:
            conn.execute(
                "UPDATE sales SET status = ?, payment_id = ?, decline_code = ?, payer = ?,"
                " delegate = ?, remaining_daily = ?, refunded = ?, grant_id = COALESCE(?,"
                " grant_id), updated_at = ?, code = CASE WHEN ?1 = 'declined'"
                " THEN code_digest(code) ELSE code END WHERE key = ?",
                (
                    payment.status,
                    payment.id,
                    payment.decline_code,
                    payment.payer.name if payment.payer else None,
                    payment.delegate.name if payment.delegate else None,
                    payment.remaining.daily if payment.remaining else None,
                    payment.refunded,
                    payment.grant_id,
                    now_s,
                    key,
                ),
            )
            if payment.status == "approved":
                # What the code paid, and the rest of the sale beside it.
                conn.execute(
                    "UPDATE sales SET amount = ?, sale_total = ?, tenders = ?, split = ?,"
                    " other_refunded = ? WHERE key = ?",
                    (payment.amount, payment.sale_total,
                     json.dumps([t.model_dump() for t in payment.tenders]),
                     json.dumps(split_of(payment)), payment.other_refunded, key),
                )
        if payment.status == "declined":
            self.scrub()

    def set_rest(self, key: str, how: str, *, items: list[schemas.Item] | None = None,
                 now_s: int) -> None:
        """The rest of a partial sale was taken `how` (cash, card), or its blocked items
        came off (`removed`, with the items left): recorded here first, so it is never
        lost; `rest_sync` stays "pending" until the server has it too."""
        with self.tx() as conn:
            r = conn.execute("SELECT * FROM sales WHERE key = ?", (key,)).fetchone()
            if r is None:
                raise KeyError(key)
            tenders = json.loads(r["tenders"] or "[]")
            due = [t for t in tenders if t["kind"] == "due"]
            if not due:
                return  # already recorded: a second tap changes nothing
            due[0]["kind"] = how
            due[0]["rest"] = True
            total = r["sale_total"]
            if how == "removed":
                total -= int(due[0]["amount"])
            conn.execute(
                "UPDATE sales SET tenders = ?, sale_total = ?, rest_sync = 'pending',"
                " items = CASE WHEN ? IS NULL THEN items ELSE ? END, updated_at = ?"
                " WHERE key = ?",
                (json.dumps(tenders), total, None if items is None else 1,
                 items_json(items or []), now_s, key),
            )

    def rest_synced(self, key: str) -> None:
        with self.tx() as conn:
            conn.execute("UPDATE sales SET rest_sync = 'done' WHERE key = ?", (key,))

    def unsynced_rests(self, limit: int = 20) -> list[SaleRow]:
        rows = self._conn().execute(
            "SELECT * FROM sales WHERE rest_sync = 'pending' ORDER BY seq LIMIT ?", (limit,))
        return [_row(r) for r in rows]

    def scrub(self) -> None:
        """Fold the WAL into the database and empty it: old page images in the WAL still
        hold a declined code's text from when the sale was pending. Best effort: a reader
        in the middle of a read keeps the WAL until the next scrub."""
        self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def forget(self, key: str) -> None:
        """Drop a pending sale the server certainly never saw (it refused the request)."""
        with self.tx() as conn:
            conn.execute("DELETE FROM sales WHERE key = ? AND status = 'pending'", (key,))

    def mark_unseen(self, key: str) -> None:
        """A result the cashier has not been shown yet (an offline upload's decline)."""
        with self.tx() as conn:
            conn.execute("UPDATE sales SET seen = 0 WHERE key = ?", (key,))

    def mark_seen(self, keys: list[str]) -> None:
        with self.tx() as conn:
            conn.executemany("UPDATE sales SET seen = 1 WHERE key = ?", [(k,) for k in keys])

    def begin_refund(self, *, key: str, sale_key: str, payment_id: str, amount: int,
                     currency: str, now_s: int, other_amount: int = 0) -> None:
        """Written before the refund is sent: its key survives a closed dialog or a crash,
        so the same refund is sent again with the same key, never paid twice."""
        with self.tx() as conn:
            conn.execute(
                "INSERT INTO refunds (key, sale_key, payment_id, amount, currency, created_at,"
                " status, other_amount) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)"
                " ON CONFLICT (key) DO NOTHING",
                (key, sale_key, payment_id, amount, currency, now_s, other_amount),
            )

    def pending_refund(self, sale_key: str) -> dict[str, Any] | None:
        """A refund of this sale that was sent (or about to be) and never answered."""
        r = self._conn().execute(
            "SELECT * FROM refunds WHERE sale_key = ? AND status = 'pending'"
            " ORDER BY created_at LIMIT 1", (sale_key,)).fetchone()
        return dict(r) if r else None

    def drop_refund(self, key: str) -> None:
        """The server refused the refund request itself: nothing was refunded."""
        with self.tx() as conn:
            conn.execute("DELETE FROM refunds WHERE key = ? AND status = 'pending'", (key,))

    def finish_refund(self, *, key: str, sale_key: str, refund_id: str, refunded_total: int,
                      now_s: int, other_refunded: int | None = None) -> None:
        with self.tx() as conn:
            conn.execute("UPDATE refunds SET status = 'done', refund_id = ? WHERE key = ?",
                         (refund_id, key))
            conn.execute(
                "UPDATE sales SET refunded = ?, updated_at = ?,"
                " other_refunded = COALESCE(?, other_refunded) WHERE key = ?",
                (refunded_total, now_s, other_refunded, sale_key),
            )

    # --- reading ---------------------------------------------------------------------

    def _sales(self, select: str, params: tuple[Any, ...]) -> list[SaleRow]:
        """The sales a `SELECT * FROM sales ...` statement finds."""
        return [_row(r) for r in self._conn().execute(select, params)]

    def get(self, key: str) -> SaleRow | None:
        found = self._sales("SELECT * FROM sales WHERE key = ?", (key,))
        return found[0] if found else None

    def by_status(self, status: str, limit: int = MAX_LIST) -> list[SaleRow]:
        return self._sales("SELECT * FROM sales WHERE status = ? ORDER BY seq LIMIT ?",
                           (status, limit))

    def count(self, status: str) -> int:
        r = self._conn().execute("SELECT COUNT(*) FROM sales WHERE status = ?", (status,))
        return int(r.fetchone()[0])

    def since(self, start_s: int, limit: int = MAX_LIST, *,
              until_s: int | None = None) -> list[SaleRow]:
        """Sales from `start_s` on (before `until_s`, if given), newest first."""
        return self._sales("SELECT * FROM sales WHERE created_at >= ? AND created_at < ?"
                           " ORDER BY seq DESC LIMIT ?",
                           (start_s, _FOREVER if until_s is None else until_s, limit))

    def unseen_declines(self) -> list[SaleRow]:
        return self._sales("SELECT * FROM sales WHERE seen = 0 ORDER BY seq LIMIT 50", ())

    def refunds_since(self, start_s: int, *, until_s: int | None = None,
                      status: str = "done") -> list[dict[str, Any]]:
        """The refunds journalled from `start_s` on: answered ('done') or not ('pending')."""
        return [dict(r) for r in self._conn().execute(
            "SELECT * FROM refunds WHERE created_at >= ? AND created_at < ? AND status = ?"
            " ORDER BY created_at LIMIT ?",
            (start_s, _FOREVER if until_s is None else until_s, status, MAX_LIST))]


_TENDER_COLUMNS = {
    "sales": (
        ("partial", "INTEGER NOT NULL DEFAULT 0"),
        ("sale_total", "INTEGER"),
        ("tenders", "TEXT NOT NULL DEFAULT '[]'"),
        ("other_refunded", "INTEGER NOT NULL DEFAULT 0"),
        ("split", "TEXT NOT NULL DEFAULT '{}'"),
        ("rest_sync", "TEXT NOT NULL DEFAULT ''"),
        ("typed", "INTEGER NOT NULL DEFAULT 0"),
    ),
    "refunds": (("other_amount", "INTEGER NOT NULL DEFAULT 0"),),
}


def split_of(payment: schemas.Payment) -> dict[str, Any]:
    """What the server said about a split or partial approval, for screens and receipts."""
    keep = ("requested", "partial_reason", "eligible_amount", "eligible_items", "paid_for")
    return {k: getattr(payment, k) for k in keep if getattr(payment, k) is not None}


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a journal written by an older terminal up to this one's rules."""
    columns = {r["name"] for r in conn.execute("PRAGMA table_info(refunds)")}
    if "status" not in columns:
        conn.execute("ALTER TABLE refunds ADD COLUMN status TEXT NOT NULL DEFAULT 'done'")
    for table, wanted in _TENDER_COLUMNS.items():
        have = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in wanted:
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    # Older terminals kept declined codes in full; a valid code declined offline could
    # still be used by whoever reads the file.
    conn.execute(
        "UPDATE sales SET code = code_digest(code) WHERE status IN ('declined',"
        " 'offline_declined') AND code NOT LIKE 'sha256:%'"
    )


def now_s() -> int:
    return int(time.time())
