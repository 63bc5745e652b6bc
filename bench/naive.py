"""The naive reference: a minimal FastAPI + SQLite payment endpoint, one commit per request.

This is the server a first attempt would be: one SQLite connection (WAL,
synchronous=FULL, as kinpay's) behind a lock, and for each payment one transaction and
so one fsync. It does the same checks a payment needs — the terminal's key, both
signatures of the code (with kinpay's own `verify_code`), single use, idempotency, the
payer's funds — and posts the payment, but keeps no ledger of transfers, no limits and no
events: less work per payment than kinpay's server. It speaks the same
`POST /v1/payments` as kinpay's, so the same load generator drives both.

Run as its own process: `python -m bench.naive --db PATH --port N`. `seed` makes its
database: terminals, and one device per terminal with a certificate signed by a server
key it stores there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kinpay import codes
from kinpay.device import private_bytes
from kinpay.errors import CodeError

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS terminals (key_hash TEXT PRIMARY KEY, merchant_account TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (cert_id TEXT PRIMARY KEY, payer_account TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS code_uses (use_key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY, terminal TEXT NOT NULL, idem_key TEXT NOT NULL, amount INTEGER NOT NULL,
    status TEXT NOT NULL, decline_code TEXT, created_at INTEGER NOT NULL, response TEXT NOT NULL,
    UNIQUE (terminal, idem_key));
"""
TOP_UP_MINOR = 10**12


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def seed(path: str, count: int) -> list[tuple[str, bytes, bytes]]:
    """`count` terminals and devices; returns (api key, device key, certificate) each."""
    server_key = Ed25519PrivateKey.generate()
    conn = connect(path)
    made = []
    try:
        conn.executescript(_DDL)
        conn.execute("BEGIN")
        conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('server_key', ?)",
            (codes.raw_public(server_key.public_key()),),
        )
        for _ in range(count):
            api_key = "kpt_" + secrets.token_urlsafe(32)
            merchant, payer = uuid.uuid4().hex, uuid.uuid4().hex
            device_key = Ed25519PrivateKey.generate()
            cert = codes.Certificate(
                key_id=b"", cert_id=secrets.token_bytes(8), grant_id=uuid.uuid4().hex,
                device_public_key=codes.raw_public(device_key.public_key()),
                offline_cap_minor=0, currency="CNY", rotate_s=codes.DEFAULT_ROTATE_S,
                expires_s=int(time.time()) + 86_400,
            ).signed_by(server_key)
            conn.execute(
                "INSERT INTO accounts VALUES (?, 0), (?, ?)", (merchant, payer, TOP_UP_MINOR)
            )
            conn.execute(
                "INSERT INTO terminals VALUES (?, ?)",
                (hashlib.sha256(api_key.encode()).hexdigest(), merchant),
            )
            conn.execute("INSERT INTO devices VALUES (?, ?)", (cert.cert_id.hex(), payer))
            made.append((api_key, private_bytes(device_key), cert.to_bytes()))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return made


class PaymentRequest(BaseModel):
    code: Annotated[str, Field(max_length=1024)]
    amount: Annotated[int, Field(gt=0)]
    currency: Annotated[str, Field(min_length=3, max_length=3)]


def make_app(path: str) -> FastAPI:
    conn = connect(path)
    lock = threading.Lock()
    raw = conn.execute("SELECT value FROM meta WHERE key = 'server_key'").fetchone()[0]
    public = Ed25519PublicKey.from_public_bytes(raw)
    keys = {codes.key_id_of(public): public}
    # Certificates already checked, as kinpay's server keeps them: the same crypto per code.
    trusted: dict[bytes, bool] = {}
    app = FastAPI()

    @app.post("/v1/payments", status_code=201)
    def pay(
        req: PaymentRequest,
        authorization: Annotated[str, Header()],
        idempotency_key: Annotated[str, Header()],
    ) -> JSONResponse:
        digest = hashlib.sha256(authorization.removeprefix("Bearer ").encode()).hexdigest()
        decline = None
        use_key = ""
        try:
            use_key = codes.verify_code(
                req.code, keys, now_s=int(time.time()), trusted_certs=trusted
            ).use_key
        except CodeError as exc:
            decline = exc.reason
        with lock:
            row = conn.execute(
                "SELECT merchant_account FROM terminals WHERE key_hash = ?", (digest,)
            ).fetchone()
            if row is None:
                raise HTTPException(401, "unknown terminal")
            conn.execute("BEGIN IMMEDIATE")
            try:
                body = _pay(conn, digest, row[0], idempotency_key, req.amount, req.code,
                            use_key, decline)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return JSONResponse(body, status_code=201)

    return app


def _pay(
    conn: sqlite3.Connection, terminal: str, merchant: str, idem: str, amount: int, text: str,
    use_key: str, decline: str | None,
) -> dict[str, Any]:
    old = conn.execute(
        "SELECT response FROM payments WHERE terminal = ? AND idem_key = ?", (terminal, idem)
    ).fetchone()
    if old is not None:
        return dict(json.loads(old[0]))
    payer = None
    if decline is None:
        cert_id = codes.parse_code(text).cert.cert_id.hex()
        found = conn.execute("SELECT payer_account FROM devices WHERE cert_id = ?", (cert_id,))
        payer_row = found.fetchone()
        payer = payer_row[0] if payer_row else None
        if payer is None:
            decline = "code_invalid"
        elif conn.execute(
            "INSERT INTO code_uses VALUES (?) ON CONFLICT DO NOTHING", (use_key,)
        ).rowcount == 0:
            decline = "code_used"
        elif conn.execute(
            "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
            (amount, payer, amount),
        ).rowcount == 0:
            decline = "insufficient_funds"
        else:
            conn.execute(
                "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, merchant)
            )
    pid = uuid.uuid4().hex
    body = {"id": pid, "status": "declined" if decline else "approved",
            "decline_code": decline, "amount": amount}
    conn.execute(
        "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (pid, terminal, idem, amount, body["status"], decline, int(time.time()), json.dumps(body)),
    )
    return body


def check(path: str) -> str:
    """The naive reference's own consistency check: money in = money out."""
    conn = connect(path)
    try:
        total = conn.execute("SELECT SUM(balance) FROM accounts").fetchone()[0]
        approved = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM payments WHERE status = 'approved'"
        ).fetchone()
        merchants = conn.execute(
            "SELECT COALESCE(SUM(a.balance), 0) FROM accounts a"
            " JOIN terminals t ON t.merchant_account = a.id"
        ).fetchone()[0]
    finally:
        conn.close()
    ok = total is not None and merchants == approved[1]
    verdict = "ok" if ok else "MISMATCH"
    return f"{verdict}: {approved[0]} approved payments, the shops hold {merchants}"


def main() -> None:
    parser = argparse.ArgumentParser(description="the naive reference payment server")
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    import uvicorn

    if not Path(args.db).is_file():
        raise SystemExit(f"no database at {args.db}: seed it first")
    uvicorn.run(make_app(args.db), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
