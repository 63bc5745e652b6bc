"""The demo world: a parent, a child, a shop with a terminal, a grant and a paired device.

Passwords, terminal keys and the server's signing key are made here, at seed time; none is
in the repository. Seeding again resets the demo passwords (ending the sessions the old ones
started) and re-pairs the device, so the printed world is always usable.

For a demo database only: seed refuses a database that holds accounts or shops it did not
make (`SeedRefused`), unless the operator says it is a demo database (`demo_db`). Run on a
shop's database it took over whoever had signed up as "mei" and "lily" (resetting their
passwords, keeping their sessions) and funded "mei" with 1,000.00 CNY (attack review 35,
finding 7). What seed made is kept in `meta` under MADE_KEY.
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinpay import codes, schemas
from kinpay.defaults import DEFAULT_BLOCKED_CATEGORIES
from kinpay.device import from_paired, new_device_key
from server_stub import auth, funding, grants, keys, ledger, security
from server_stub.auth import UserPrincipal
from server_stub.db import Conn, Database
from server_stub.errors import ServerStubError

PAYER = "mei"
DELEGATE = "lily"
MERCHANT = "Corner Shop"
CATEGORY = "grocery"
CURRENCY = "CNY"
LIMITS = {"per_payment": 5_000, "daily": 10_000, "monthly": 100_000}
OFFLINE_CAP_MINOR = 2_000
TOP_UP_TO_MINOR = 100_000
MADE_KEY = "seed_made"  # meta: the ids of the accounts and shops seed made, as JSON


class SeedRefused(ServerStubError):
    """The database holds what seed did not make: it is no demo database."""


def _made(conn: Conn) -> dict[str, list[str]]:
    text = conn.scalar("SELECT value FROM meta WHERE key = ?", (MADE_KEY,))
    found = json.loads(str(text)) if text is not None else {}
    return {"users": list(found.get("users", [])), "merchants": list(found.get("merchants", []))}


def _check_demo_db(conn: Conn, made: dict[str, list[str]]) -> None:
    """Refuse unless every account and shop in the database is one seed made."""
    users = [(r["id"], r["name"]) for r in conn.all("SELECT id, name FROM users")]
    shops = [(r["id"], r["name"]) for r in conn.all("SELECT id, name FROM merchants")]
    others = [name for id_, name in users if id_ not in made["users"]]
    other_shops = [name for id_, name in shops if id_ not in made["merchants"]]
    if not others and not other_shops:
        return
    taken = sorted({PAYER, DELEGATE, MERCHANT} & {*others, *other_shops})
    said = (f" (the demo's names {', '.join(map(repr, taken))} too: seed would take them over)"
            if taken else "")
    raise SeedRefused(
        f"this database holds {len(others)} account(s) and {len(other_shops)} shop(s) that"
        f" seed did not make{said}: seed is for a demo database only. To seed this one"
        " anyway, knowing it is a demo database, add --demo-db")


def _remember(conn: Conn, made: dict[str, list[str]], users: list[str], shop: str) -> None:
    value = json.dumps({"users": sorted({*made["users"], *users}),
                        "merchants": sorted({*made["merchants"], shop})})
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (MADE_KEY, value))


def _user(conn: Conn, name: str, role: str, password: str, now_s: int) -> UserPrincipal:
    pw_hash = security.hash_password(password)
    row = conn.one("SELECT * FROM users WHERE name = ?", (name,))
    if row is None:
        auth.sign_up(
            conn,
            req=schemas.SignUp(name=name, password=password, role=role),  # type: ignore[arg-type]
            pw_hash=pw_hash,
            now_s=now_s,
        )
        row = conn.one("SELECT * FROM users WHERE name = ?", (name,))
    else:
        conn.execute("UPDATE users SET pw_hash = ? WHERE id = ?", (pw_hash, row["id"]))
        # The old password's sessions end with it (they were kept: whoever held one stayed in).
        auth.end_sessions(conn, user_id=row["id"], why="password_reset", now_s=now_s)
    assert row is not None
    return UserPrincipal(
        id=row["id"], name=name, role=role, timezone=row["timezone"], expires_at=0
    )


def seed(
    db_url: str, *, device_dir: Path, now_s: int, server_url: str = "", grant: bool = True,
    demo_db: bool = False,
) -> dict[str, Any]:
    """The demo world; with grant=False only the people, their money and the shop.
    SeedRefused when the database holds accounts or shops seed did not make, unless
    `demo_db` (the operator says it is a demo database)."""
    db = Database(db_url)
    db.migrate()
    conn = db.connect()
    try:
        conn.begin()
        made_before = _made(conn)
        if not demo_db:
            _check_demo_db(conn, made_before)
        keys.ensure_key(conn, now_s)
        server_keys = keys.load(conn)
        payer_pw, delegate_pw = secrets.token_urlsafe(9), secrets.token_urlsafe(9)
        payer = _user(conn, PAYER, "payer", payer_pw, now_s)
        delegate = _user(conn, DELEGATE, "delegate", delegate_pw, now_s)
        # Named so in each account's list of signed-in devices (the demo's tablet uses its own).
        payer_token, _ = auth.start_session(conn, user_id=payer.id, now_s=now_s,
                                            device="kinpay seed")
        delegate_token, _ = auth.start_session(conn, user_id=delegate.id, now_s=now_s,
                                               device="kinpay seed")
        have = ledger.balance(conn, "payer", payer.id, CURRENCY)
        if have < TOP_UP_TO_MINOR:
            # As `kinpay fund` does: the parent's Activity says where the money came from.
            funding.fund(conn, payer_id=payer.id, amount=TOP_UP_TO_MINOR - have,
                         currency=CURRENCY, reason="the demo's allowance", operator="demo",
                         now_s=now_s)
        terminal_id, api_key = auth.add_terminal(
            conn, merchant=MERCHANT, category=CATEGORY, currency=CURRENCY, now_s=now_s
        )
        merchant_id = conn.scalar("SELECT id FROM merchants WHERE name = ?", (MERCHANT,))
        _remember(conn, made_before, [payer.id, delegate.id], str(merchant_id))
        made = _grant_and_device(conn, payer, delegate, server_keys, now_s) if grant else None
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    world: dict[str, Any] = {
        "payer": {"name": PAYER, "password": payer_pw, "token": payer_token},
        "delegate": {"name": DELEGATE, "password": delegate_pw, "token": delegate_token},
        "merchant": {
            "name": MERCHANT,
            "category": CATEGORY,
            "terminal_id": terminal_id,
            "api_key": api_key,
        },
    }
    if made is not None:
        paired, device_key, answer = made
        device = from_paired(device_key, paired, server_url)
        device_path = device_dir / f"{DELEGATE}.device.json"
        device.save(device_path)
        world["delegate"]["device"] = str(device_path)
        world["grant"] = {
            "id": answer.id,
            "currency": answer.currency,
            "limits": answer.limits.model_dump(),
            "offline_cap": answer.offline_cap,
        }
    return world


def _grant_and_device(
    conn: Conn,
    payer: UserPrincipal,
    delegate: UserPrincipal,
    server_keys: keys.ServerKeys,
    now_s: int,
) -> tuple[schemas.Paired, Ed25519PrivateKey, schemas.Grant]:
    """The payer's active grant for the delegate (made if none), paired with a new device."""
    grant_row = conn.one(
        "SELECT * FROM grants WHERE payer_id = ? AND delegate_id = ? AND status = 'active'"
        " ORDER BY created_at DESC",
        (payer.id, delegate.id),
    )
    if grant_row is None:
        created = grants.create(
            conn,
            payer=payer,
            req=schemas.GrantCreate(
                delegate=DELEGATE,
                currency=CURRENCY,
                limits=schemas.Limits(**LIMITS),
                blocked_categories=list(DEFAULT_BLOCKED_CATEGORIES),
                offline_cap=OFFLINE_CAP_MINOR,
            ),
            now_s=now_s,
        )
        grant_id, pairing = created.id, created.pairing_code
    else:
        grant_id = grant_row["id"]
        pairing = grants.new_pairing(conn, payer=payer, grant_id=grant_id, now_s=now_s).pairing_code
    device_key = new_device_key()
    paired = grants.pair(
        conn,
        delegate=delegate,
        req=schemas.PairRequest(
            pairing_code=pairing,
            public_key=base64.b64encode(codes.raw_public(device_key.public_key())).decode(),
        ),
        keys=server_keys,
        now_s=now_s,
    )
    grant_row = conn.one("SELECT * FROM grants WHERE id = ?", (grant_id,))
    return paired, device_key, grants.answer(conn, grant_row, now_s)
