"""The account's signed-in devices: which of its sessions are open, and ending one alone.

A parent whose phone was lost, or who left a laptop signed in, could end every session of
the account at once ("sign out everywhere", server_stub/passwords.py) but could neither
see which were open nor end one and keep the rest. `GET /v1/sessions` lists the account's
sessions: what each device called itself at sign-in (its own word, so the address and the
times are what to trust), the address it signed in from, when it started and when it was
last used; `DELETE /v1/sessions/{id}` ends one. Ending another session than one's own
needs the password proven in the last minutes (auth.require_proof): else whoever holds a
phone left unlocked could sign the parent's other devices out and keep theirs. The device
signed out is told why (401 `signed_out_remotely`).

A session's id in the list is the tag its account's "signed in" event named it by
(kinpay.client_sessions.session_tag), so a wallet can find the sign-in it was told of;
sessions from before 2026-12-03 have none and are listed under one made from their stored
hash (never the hash itself). "Last used" is marked at most once every `SEEN_EVERY_S`
per session (a request that finds the mark older writes it; an open event stream does
at its pings), so watching costs a few writes an hour, not one a request.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from kinpay import schemas
from server_stub import auth
from server_stub.db import Conn, Row
from server_stub.errors import NotFound

if TYPE_CHECKING:
    from server_stub.state import State

SEEN_EVERY_S = 5 * 60
LISTED_MOST = 50  # sessions a list shows, the most recently used first


def stale(seen_at: int, now_s: int) -> bool:
    """Whether a session last marked used at `seen_at` should be marked again now (also
    when the mark is ahead of the clock: a clock corrected back)."""
    return abs(now_s - seen_at) >= SEEN_EVERY_S


def mark_seen(conn: Conn, *, digest: str, now_s: int) -> None:
    conn.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now_s, digest))


async def keep_seen(state: State, digest: str, seen_at: int) -> int:
    """Mark the session whose token hash is `digest` used now, if its mark (`seen_at`) is
    stale; when it is marked as of now. A request does (deps.principal), and an open event
    stream at its pings (a wallet that only watches is in use too)."""
    now = state.clock.now_s()
    if not stale(seen_at, now):
        return seen_at
    await state.write(lambda c: mark_seen(c, digest=digest, now_s=now))
    return now


def _legacy_id(digest: str) -> str:
    return "s" + hashlib.sha256(b"kinpay session id\0" + digest.encode()).hexdigest()[:11]


def _id(row: Row) -> str:
    return str(row["tag"] or _legacy_id(str(row["token_hash"])))


def signed_in(conn: Conn, *, user_id: str, digest: str, now_s: int) -> schemas.SignedInList:
    """The account's open sessions: the asking one (`digest` its token hash; `current`
    marks it), then the others, the most recently used first."""
    rows = conn.all(
        "SELECT token_hash, tag, started_at, address, device, seen_at, expires_at"
        " FROM sessions WHERE user_id = ? AND expires_at > ?"
        " ORDER BY CASE WHEN token_hash = ? THEN 0 ELSE 1 END,"
        " COALESCE(seen_at, started_at) DESC, started_at DESC LIMIT ?",
        (user_id, now_s, digest, LISTED_MOST),
    )
    return schemas.SignedInList(sessions=[
        schemas.SignedIn(
            id=_id(r), device=str(r["device"] or ""), address=str(r["address"] or ""),
            started_at=int(r["started_at"] or 0),
            seen_at=int(r["seen_at"] or r["started_at"] or 0),
            expires_at=int(r["expires_at"]), current=r["token_hash"] == digest)
        for r in rows])


def _find(conn: Conn, user_id: str, session_id: str) -> str | None:
    """The token hash of the account's session listed as `session_id`, or None."""
    row = conn.one("SELECT token_hash FROM sessions WHERE user_id = ? AND tag = ?",
                   (user_id, session_id))
    if row is not None:
        return str(row["token_hash"])
    if not session_id.startswith("s"):
        return None
    for r in conn.all("SELECT token_hash FROM sessions WHERE user_id = ? AND tag IS NULL",
                      (user_id,)):
        if _legacy_id(str(r["token_hash"])) == session_id:
            return str(r["token_hash"])
    return None


def end_one(conn: Conn, *, who: auth.UserPrincipal, session_id: str, digest: str,
            now_s: int) -> None:
    """End the session listed as `session_id` (404 `no_such_session` when the account has
    none so: another account's is unknown alike). The asking session's own ends as a
    sign-out does; another needs the password proven lately, and is told why."""
    found = _find(conn, who.id, session_id)
    if found is None:
        raise NotFound("no such session of this account: it may have ended already",
                       code="no_such_session")
    if found == digest:
        conn.execute("DELETE FROM sessions WHERE token_hash = ?", (digest,))
        return
    auth.require_proof(who, now_s, "signing another device out")
    auth.end_sessions(conn, user_id=who.id, why="signed_out_remotely", now_s=now_s,
                           only=found)
