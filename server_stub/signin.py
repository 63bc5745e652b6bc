"""Signing in: throttled in the database, the same work and answer whether a name exists.

Each attempt is counted as a failure (per account name and per client address) before the
password is checked, in the writer, so a burst from many connections or processes gets no
more tries than a series would; a right password takes its own count back. Ten failures
for one name in 15 minutes lock that name for 15 minutes (429 with Retry-After), whether
or not the name exists, and a hundred from one address lock the address. An unknown name
is checked against a dummy hash, so it costs the same scrypt work as a known one.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from fastapi.concurrency import run_in_threadpool

from kinpay import schemas
from kinpay.client_sessions import session_tag
from kinpay.names import name_key
from server_stub import auth, events, limits, security
from server_stub.db import Conn, Row
from server_stub.errors import NotSignedIn, TooMany

if TYPE_CHECKING:
    from server_stub.state import State


def account_key(name: str) -> str:
    """The sign-in throttle's key for a typed name: the same for every way of typing one
    account's name ("Lily", "LILY", "ｌｉｌｙ"), so varying it gets no more guesses."""
    return hashlib.sha256(name_key(name).encode("utf-8")).hexdigest()


def count_attempt(c: Conn, account: str, address: str, at: int, refused: str,
                  session: str | None = None) -> None:
    """A password about to be checked counts as a failure for the account and the address
    before it is checked (a guess costs the same whatever its answer); refused (429) while
    either waits out its lockout. Sign-in's, and a signed-in session's re-check or password
    change: that one (`session`, its token hash) also counts for the session, and is
    refused while the session or the address waits, not the name. Ten wrong sign-ins by
    anyone lock the name for sign-in; they must not stop the owner, signed in, from proving
    or changing the password (security.md row 63). A thief holding the session gets ten
    guesses per 15 minutes."""
    locked = account if session is None else "session:" + session
    wait = max(limits.wait_s(c, limits.SIGN_IN_ACCOUNT, locked, at),
               limits.wait_s(c, limits.SIGN_IN_ADDRESS, address, at))
    if wait:
        raise TooMany(f"{refused}: try again later", wait)
    if session is not None:
        limits.fail(c, limits.SIGN_IN_ACCOUNT, locked, at)
    limits.fail(c, limits.SIGN_IN_ACCOUNT, account, at)
    limits.fail(c, limits.SIGN_IN_ADDRESS, address, at)


def session_attempt_passed(c: Conn, account: str, session: str, address: str) -> None:
    limits.clear(c, limits.SIGN_IN_ACCOUNT, "session:" + session)
    attempt_passed(c, account, address)


def attempt_passed(c: Conn, account: str, address: str) -> None:
    """The password was right: the account's count starts over, the address's is eased."""
    limits.clear(c, limits.SIGN_IN_ACCOUNT, account)
    limits.forgive(c, limits.SIGN_IN_ADDRESS, address)


async def sign_in(state: State, req: schemas.SignIn, address: str) -> schemas.Session:
    at = state.clock.now_s()
    account = account_key(req.name)

    def begin(c: Conn) -> Row | None:
        count_attempt(c, account, address, at, "too many failed sign-ins")
        return auth.find_user(c, req.name)

    row = await state.write(begin)
    stored = row["pw_hash"] if row is not None else security.dummy_hash()
    ok = await run_in_threadpool(security.check_password, req.password, stored)
    if row is None or not ok:
        raise NotSignedIn("wrong name or password", code="bad_credentials")
    rehashed = None
    if security.needs_rehash(stored):
        rehashed = await run_in_threadpool(security.hash_password, req.password)

    def finish(c: Conn) -> tuple[str, int]:
        # The password was checked outside the transaction: if it was changed (by its owner
        # or the operator) meanwhile, the check was of the old one, which opens nothing now
        # (security.md row 62). Nor may the rehash write the old password back.
        now_stored = c.scalar("SELECT pw_hash FROM users WHERE id = ?", (row["id"],))
        if now_stored != stored:
            raise NotSignedIn("wrong name or password", code="bad_credentials")
        attempt_passed(c, account, address)
        if rehashed is not None:
            c.execute("UPDATE users SET pw_hash = ? WHERE id = ? AND pw_hash = ?",
                      (rehashed, row["id"], stored))
        started = auth.start_session(c, user_id=row["id"], now_s=at, address=address,
                                     device=req.device)
        # The account's open wallets hear of every sign-in at once: someone who has the
        # password is seen as they get in, while the owner can still change it (which ends
        # every other session). Each wallet knows its own by the tag.
        events.emit(c, user_id=row["id"], type_="account", now_s=at, data={
            "kind": "signed_in", "session": session_tag(started[0]), "address": address})
        return started

    token, expires = await state.write(finish)
    return schemas.Session(token=token, expires_at=expires, user=auth.user_answer(row))
