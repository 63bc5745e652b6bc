"""The seeded demo world blocks what a new grant blocks by default (issue 14 §3: one
definition, kinpay.defaults, for the wallet's form, the seed and the demo's story)."""

from __future__ import annotations

import time
from pathlib import Path

from kinpay.defaults import DEFAULT_BLOCKED_CATEGORIES
from server_stub import events, grants
from server_stub.db import Database
from server_stub.seed import seed


def test_the_seeded_grant_blocks_the_shared_defaults(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    world = seed(url, device_dir=tmp_path, now_s=int(time.time()))
    conn = Database(url).connect()
    try:
        row = conn.one("SELECT * FROM grants WHERE id = ?", (world["grant"]["id"],))
        assert row is not None
        rules = grants.rules_of(row)
    finally:
        conn.close()
    assert rules.blocked_categories == list(DEFAULT_BLOCKED_CATEGORIES)
    # What a parent is told is "the usual": things a child may not buy.
    assert set(rules.blocked_categories) == {"alcohol", "tobacco", "gambling"}


def test_the_demo_parent_is_told_where_the_money_came_from(tmp_path: Path) -> None:
    """The demo's parent starts with ¥1,000.00: their Activity says so, as it does for money
    the operator adds with `kinpay fund` (before, the seed moved it with no word)."""
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    world = seed(url, device_dir=tmp_path, now_s=int(time.time()))
    conn = Database(url).connect()
    try:
        payer_id = conn.scalar("SELECT payer_id FROM grants WHERE id = ?",
                               (world["grant"]["id"],))
        told = events.after(conn, user_id=payer_id, after_id=0)
    finally:
        conn.close()
    money_in = [e["data"] for e in told if e["type"] == "account"]
    assert [(d["kind"], d["amount"], d["currency"]) for d in money_in] == [
        ("funded", 100_000, "CNY")]
