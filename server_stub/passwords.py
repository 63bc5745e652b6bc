"""Ending a stolen session: a new password, and signing out everywhere; proving the
password again before the acts that add spending power.

A phone left unlocked keeps its session for up to 12 hours. The owner ends it by changing
the password (every other session of the account ends in the same transaction, the one
that asked stays) or by signing out everywhere (every session, this one too). Each
session is asked of the database at every request and by every event stream it holds
(server_stub/streams.py), so the others stop at once in every server process.

The current password is checked as a sign-in is (server_stub/signin.py): counted as a
failure for the account's name and the client's address before it is checked, with the
sign-in's own limits, so a thief holding the session gets no guesses beyond a sign-in's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from fastapi.concurrency import run_in_threadpool

from kinpay import schemas
from server_stub import limits, security
from server_stub.auth import end_sessions, find_user
from server_stub.db import Conn, Row
from server_stub.errors import NotAllowed, NotFound, NotSignedIn
from server_stub.signin import account_key, count_attempt, session_attempt_passed

_SESSIONS_A_QUERY = 500  # token hashes named in one query

if TYPE_CHECKING:
    from server_stub.auth import UserPrincipal
    from server_stub.state import State


def _session_row(c: Conn, user_id: str, digest: str) -> Row:
    """The account's row, if the session asking still stands (it may have ended since its
    request was read: a sign-out everywhere meanwhile)."""
    row = c.one(
        "SELECT u.id, u.name, u.pw_hash FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ? AND u.id = ?",
        (digest, user_id),
    )
    if row is None:
        raise NotSignedIn("not signed in, or the session has ended")
    return row


async def _check_current(state: State, who: UserPrincipal, digest: str, password: str,
                         address: str, at: int) -> str:
    """The account's password hash, once `password` is found to be it: counted as a
    sign-in is (a failure for the name and the address until it is right), 429 while this
    session's own count or the address is locked, 403 `wrong_password` when it is not."""
    account = account_key(who.name)

    def begin(c: Conn) -> Row:
        row = _session_row(c, who.id, digest)
        count_attempt(c, account, address, at, "too many wrong passwords", session=digest)
        return row

    stored = str((await state.write(begin))["pw_hash"])
    if not await run_in_threadpool(security.check_password, password, stored):
        raise NotAllowed("the current password is not right", code="wrong_password")
    return stored


def _proved(c: Conn, who: UserPrincipal, digest: str, address: str, at: int) -> None:
    """The session asking proved the password now (and the name's count starts over)."""
    _session_row(c, who.id, digest)
    session_attempt_passed(c, account_key(who.name), digest, address)
    c.execute("UPDATE sessions SET proved_at = ? WHERE token_hash = ?", (at, digest))


async def change_password(
    state: State, who: UserPrincipal, token: str, req: schemas.PasswordChange, address: str,
) -> None:
    at = state.clock.now_s()
    digest = security.token_hash(token)
    stored = await _check_current(state, who, digest, req.current_password, address, at)
    new_hash = await run_in_threadpool(security.hash_password, req.new_password)

    def finish(c: Conn) -> None:
        _proved(c, who, digest, address, at)
        # Only over the hash that was checked: a change that came first wins, this one
        # asks again (its current password is no longer the account's).
        if not c.changed("UPDATE users SET pw_hash = ? WHERE id = ? AND pw_hash = ?",
                         (new_hash, who.id, stored)):
            raise NotAllowed("the password has just been changed", code="wrong_password")
        end_sessions(c, user_id=who.id, why="password_changed", now_s=at, keep=digest)

    await state.write(finish)


async def reauth(state: State, who: UserPrincipal, token: str, req: schemas.Reauth,
                 address: str) -> None:
    """The session proves its password again, for the acts that add spending power
    (auth.require_proof); throttled as a sign-in is, so a thief holding the session gets
    no guesses beyond a sign-in's."""
    at = state.clock.now_s()
    digest = security.token_hash(token)
    await _check_current(state, who, digest, req.password, address, at)
    await state.write(lambda c: _proved(c, who, digest, address, at))


def session_stands(conn: Conn, *, digest: str, now_s: int) -> bool:
    """Whether the session with token hash `digest` may still be used (an event stream
    asks before it sends its events, so one held by an ended session closes)."""
    return digest in sessions_standing(conn, [digest], now_s)


def sessions_standing(conn: Conn, digests: Iterable[str], now_s: int) -> set[str]:
    """Of the sessions whose token hashes are `digests`, those that may still be used: the
    session's row is there (signing out, a new password and an operator's reset delete it)
    and its hours are not over. Many at once: the event streams' hub asks for all of a
    process's open streams in one look (server_stub/stream_hub.py)."""
    found: set[str] = set()
    wanted = sorted(set(digests))
    for i in range(0, len(wanted), _SESSIONS_A_QUERY):
        part = wanted[i:i + _SESSIONS_A_QUERY]
        marks = ", ".join("?" * len(part))  # placeholders only: the values are bound
        rows = conn.all(f"SELECT token_hash FROM sessions WHERE token_hash IN ({marks})"  # noqa: S608
                        " AND expires_at > ?", (*part, now_s))
        found.update(str(r["token_hash"]) for r in rows)
    return found


def reset_password(conn: Conn, *, name: str, pw_hash: str, now_s: int) -> int:
    """The operator's reset (`kinpay user reset-password`): the account named `name` gets
    the password hashed as `pw_hash`, every session of it ends (their devices are told:
    401 `password_reset`), and its name's sign-in lock is lifted. How many sessions ended;
    NotFound when there is no such account."""
    row = find_user(conn, name, "id, name")
    if row is None:
        raise NotFound(f"no account named {name!r}")
    conn.execute("UPDATE users SET pw_hash = ? WHERE id = ?", (pw_hash, row["id"]))
    limits.clear(conn, limits.SIGN_IN_ACCOUNT, account_key(str(row["name"])))
    return end_sessions(conn, user_id=str(row["id"]), why="password_reset", now_s=now_s)
