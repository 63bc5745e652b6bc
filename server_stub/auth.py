"""Who is asking: payers and delegates with session tokens, terminals with API keys.

A signed-out session, a revoked terminal or a rotated key stops working at once in every
server process (issue 12 §2). Sessions, and terminals on every route but one, are asked of
the database at each request (one indexed read). The payment route, the server's hot path,
takes a terminal from `TerminalCache` instead and has the key checked again inside the
payment's own transaction (payments.pay, in the statement that reads its replay and
throttle): the cache only spares the request a read before the writer, it never lets a
revoked or rotated key pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from kinpay import schemas
from kinpay.client_sessions import session_tag
from kinpay.names import name_key
from server_stub import security
from server_stub.db import Conn, Database, Row
from server_stub.errors import Conflict, NotAllowed, NotFound, NotSignedIn, ServerStubError
from server_stub.security import new_id

SESSION_TTL_S = 12 * 3600
# Sessions an account holds at once: a family's phones, laptops and tablets, many times over.
# A new sign-in past it ends the longest unused (told `too_many_sessions`): a password that
# signs in in a loop leaves no more rows than this, and the account's list of signed-in
# devices stays short enough to read.
MAX_SESSIONS = 50
# The acts that add spending power (a new allowance, a pairing code, looser rules, the typed
# code back on, "yes" at the till) need the password proven this recently in the session:
# at sign-in, at a new password, or again on its own (POST /v1/sessions/current/reauth).
REAUTH_FRESH_S = 15 * 60


@dataclass(frozen=True)
class UserPrincipal:
    id: str
    name: str
    role: str
    timezone: str
    expires_at: int
    proved_at: int = 0  # when the session last proved its password (0: never)
    seen_at: int = 0  # when the session was last marked used (server_stub.devices)


@dataclass(frozen=True)
class TerminalPrincipal:
    id: str
    merchant_id: str
    merchant: str
    category: str
    currency: str


Principal = UserPrincipal | TerminalPrincipal


def find_user(conn: Conn, name: str, columns: str = "*") -> Row | None:
    """The account named `name`: the one stored exactly so, else the one whose name has
    its key (typed in another case or width: "Lily" for "lily"). `columns` is this
    module's callers' own list, never a request's."""
    row = conn.one(f"SELECT {columns} FROM users WHERE name = ?", (name,))  # noqa: S608
    if row is None:
        row = conn.one(f"SELECT {columns} FROM users WHERE name_key = ?",  # noqa: S608
                       (name_key(name),))
    return row


def user_answer(row: object) -> schemas.User:
    r = row  # a row by column name
    return schemas.User(id=r["id"], name=r["name"], role=r["role"], timezone=r["timezone"])  # type: ignore[index]


def sign_up(conn: Conn, *, req: schemas.SignUp, pw_hash: str, now_s: int) -> schemas.User:
    # Taken also by the same name in another case or width ("Lily", "ｌｉｌｙ" beside
    # "lily": kinpay.names.name_key, in every language on both engines): on a parent's
    # screen they read as one child.
    key = name_key(req.name)
    if conn.one("SELECT 1 FROM users WHERE name = ? OR name_key = ?",
                (req.name, key)) is not None:
        raise Conflict(f"the name {req.name!r} is taken", code="name_taken")
    user_id = new_id()
    conn.execute(
        "INSERT INTO users (id, name, name_key, role, pw_hash, timezone, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (user_id, req.name, key, req.role, pw_hash, req.timezone, now_s),
    )
    return schemas.User(id=user_id, name=req.name, role=req.role, timezone=req.timezone)


def start_session(conn: Conn, *, user_id: str, now_s: int, address: str = "",
                  device: str = "") -> tuple[str, int]:
    """A new session of `user_id`: its token and expiry. `address` and `device` are kept
    for the account's list of signed-in devices (server_stub/devices.py)."""
    token = security.new_token(security.SESSION_PREFIX)
    expires_at = now_s + SESSION_TTL_S
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, expires_at, proved_at, tag, started_at,"
        " address, device, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (security.token_hash(token), user_id, expires_at, now_s, session_tag(token), now_s,
         address, device, now_s),
    )
    conn.execute("DELETE FROM sessions WHERE user_id = ? AND expires_at < ?", (user_id, now_s))
    count = int(conn.scalar("SELECT COUNT(*) FROM sessions WHERE user_id = ?", (user_id,)))
    if count > MAX_SESSIONS:  # the longest unused go (docs/security.md row 72)
        for row in conn.all("SELECT token_hash FROM sessions WHERE user_id = ? ORDER BY"
                            " seen_at, started_at LIMIT ?", (user_id, count - MAX_SESSIONS)):
            end_sessions(conn, user_id=user_id, why="too_many_sessions", now_s=now_s,
                         only=str(row["token_hash"]))
    return token, expires_at


def end_sessions(conn: Conn, *, user_id: str, why: EndedWhy, now_s: int,
                 keep: str = "", only: str = "") -> int:
    """End the account's sessions (but the one whose token hash is `keep`; or only the one
    whose token hash is `only`); how many. Each is remembered with `why` until it would
    have expired (`ended_sessions`), so the device that holds it is told why it was signed
    out (auth: 401 with `why` as the code)."""
    # `only` empty: every session but `keep`; else the one whose hash is `only`
    args = (user_id, keep, only, only)
    conn.execute("DELETE FROM ended_sessions WHERE expires_at <= ?", (now_s,))
    conn.execute(
        "INSERT INTO ended_sessions (token_hash, user_id, why, ended_at, expires_at)"
        " SELECT token_hash, user_id, ?, ?, expires_at FROM sessions"
        " WHERE user_id = ? AND token_hash <> ? AND (? = '' OR token_hash = ?)"
        " AND expires_at > ? ON CONFLICT (token_hash) DO NOTHING",
        (why, now_s, *args, now_s),
    )
    return conn.changed("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"
                        " AND (? = '' OR token_hash = ?)", args)


def require_proof(who: UserPrincipal, now_s: int, act: str) -> None:
    """403 `reauth_required` unless the session proved its password in the last
    `REAUTH_FRESH_S`: what a stolen session (an unlocked phone, a signed-in laptop) can't
    do without the password too. `act` names it in the message."""
    # A proof a little "ahead" counts too: the clock stepped back since (a correction, or
    # a test clock set a second behind the sign-in's).
    if who.proved_at == 0 or abs(now_s - who.proved_at) > REAUTH_FRESH_S:
        raise NotAllowed(f"{act} needs the password again: POST /v1/sessions/current/reauth",
                         code="reauth_required")


def end_session(conn: Conn, *, token: str) -> None:
    conn.execute("DELETE FROM sessions WHERE token_hash = ?", (security.token_hash(token),))


class ShopMismatch(ServerStubError, ValueError):
    """A terminal added to a known shop under another category or currency; `hint` says
    what would do it, if anything."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def add_terminal(
    conn: Conn, *, merchant: str, category: str, currency: str, now_s: int,
    change_category: bool = True,
) -> tuple[str, str]:
    """Register a terminal for `merchant` (made if new); returns its id and its key. A known
    shop keeps its currency; its category changes only with `change_category` (the
    operator's command asks for it in words: a typo there decides what children may buy)."""
    row = conn.one("SELECT id, category, currency FROM merchants WHERE name = ?", (merchant,))
    if row is not None and row["currency"] != currency:
        raise ShopMismatch(f"{merchant} takes {row['currency']}, not {currency}")
    if row is not None and row["category"] != category and not change_category:
        raise ShopMismatch(f"{merchant} is a {row['category']} shop, not {category}",
                           hint="--change-category changes the shop's category, for all "
                           "its terminals")
    if row is None:
        merchant_id = new_id()
        conn.execute(
            "INSERT INTO merchants (id, name, category, currency, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (merchant_id, merchant, category, currency, now_s),
        )
    else:
        merchant_id = str(row["id"])
        conn.execute("UPDATE merchants SET category = ? WHERE id = ?", (category, merchant_id))
    terminal_id = new_id()
    key = security.new_token(security.TERMINAL_PREFIX)
    conn.execute(
        "INSERT INTO terminals (id, merchant_id, key_hash, created_at) VALUES (?, ?, ?, ?)",
        (terminal_id, merchant_id, security.token_hash(key), now_s),
    )
    return terminal_id, key


def list_terminals(conn: Conn) -> list[dict[str, Any]]:
    rows = conn.all(
        "SELECT t.id, m.name AS merchant, m.category, m.currency, t.created_at, t.revoked_at,"
        " t.key_rotated_at FROM terminals t JOIN merchants m ON m.id = t.merchant_id"
        " ORDER BY t.created_at, t.id"
    )
    return [
        {
            "terminal_id": r["id"],
            "merchant": r["merchant"],
            "category": r["category"],
            "currency": r["currency"],
            "created_at": int(r["created_at"]),
            "status": "revoked" if r["revoked_at"] is not None else "active",
            "revoked_at": r["revoked_at"],
            "key_rotated_at": r["key_rotated_at"],
        }
        for r in rows
    ]


def revoke_terminal(conn: Conn, *, terminal_id: str, now_s: int) -> None:
    """The terminal's key stops working; the key hash is replaced too, so nothing that
    still knows the old key can match it."""
    changed = conn.changed(
        "UPDATE terminals SET revoked_at = ?, key_hash = ? WHERE id = ? AND revoked_at IS NULL",
        (now_s, "revoked:" + new_id(), terminal_id),
    )
    if not changed and conn.one("SELECT 1 FROM terminals WHERE id = ?", (terminal_id,)) is None:
        raise NotFound(f"no terminal {terminal_id}")


def rotate_terminal(conn: Conn, *, terminal_id: str, now_s: int) -> str:
    """A new key for an active terminal; the old one stops working. Returns the new key."""
    key = security.new_token(security.TERMINAL_PREFIX)
    changed = conn.changed(
        "UPDATE terminals SET key_hash = ?, key_rotated_at = ? WHERE id = ? AND revoked_at IS NULL",
        (security.token_hash(key), now_s, terminal_id),
    )
    if not changed:
        raise NotFound(f"no active terminal {terminal_id}")
    return key


# Why a session was ended elsewhere (server_stub/passwords.py): the code of the 401 its
# device gets from then on (each one of kinpay.schemas.ErrorCode), and its words.
EndedWhy = Literal["password_changed", "signed_out_everywhere", "password_reset",
                   "signed_out_remotely", "too_many_sessions"]
ENDED_WHY: dict[EndedWhy, str] = {
    "password_changed": "the account's password was changed on another device, which "
                        "signed this one out",
    "signed_out_everywhere": "the account was signed out everywhere",
    "password_reset": "the operator reset the account's password",
    "signed_out_remotely": "another device of the account signed this one out",
    "too_many_sessions": f"the account signed in on more than {MAX_SESSIONS} devices: this"
                         " one, the longest unused, was signed out",
}


# Terminals remembered per process for the payment route (bounded: cleared when full).
TERMINAL_CACHE_MAX = 10_000


class TerminalCache:
    """Key hash → terminal, for the payment route only: the payment's transaction checks
    the key again (payments.pay), and forgets it here when it no longer matches. Only a key
    the database accepted is remembered, so made-up keys can't fill it."""

    def __init__(self, most: int = TERMINAL_CACHE_MAX) -> None:
        self._most = most
        self._known: dict[str, TerminalPrincipal] = {}

    def get(self, digest: str) -> TerminalPrincipal | None:
        return self._known.get(digest)

    def put(self, digest: str, who: TerminalPrincipal) -> None:
        if len(self._known) >= self._most:
            self._known.clear()
        self._known[digest] = who

    def forget(self, digest: str) -> None:
        self._known.pop(digest, None)


class Authenticator:
    """Turns a bearer token into a principal, asking the database every time
    (`cached_terminal` excepted: see the module's docstring)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.terminals = TerminalCache()

    def cached_terminal(self, token: str, now_s: int) -> tuple[Principal, str, bool]:
        """The principal of `token`, its key hash, and whether it came from the cache (so
        the caller must have the key checked again in its transaction). A terminal key is
        looked up once, then remembered; anything else is asked of the database."""
        digest = security.token_hash(token)
        if token.startswith(security.TERMINAL_PREFIX):
            known = self.terminals.get(digest)
            if known is not None:
                return known, digest, True
        found = self._lookup(token, digest, now_s)
        if isinstance(found, UserPrincipal) and found.expires_at <= now_s:
            raise NotSignedIn("the session has expired: sign in again")
        if isinstance(found, TerminalPrincipal):
            self.terminals.put(digest, found)
        return found, digest, False

    def forget(self, token: str) -> None:
        """Kept for callers: there is no cache to drop."""

    def principal(self, token: str, now_s: int) -> Principal:
        found = self._lookup(token, security.token_hash(token), now_s)
        if isinstance(found, UserPrincipal) and found.expires_at <= now_s:
            raise NotSignedIn("the session has expired: sign in again")
        return found

    def _lookup(self, token: str, digest: str, now_s: int) -> Principal:
        conn = self._db.reader()
        if token.startswith(security.TERMINAL_PREFIX):
            row = conn.one(
                "SELECT t.id, t.merchant_id, m.name, m.category, m.currency FROM terminals t"
                " JOIN merchants m ON m.id = t.merchant_id"
                " WHERE t.key_hash = ? AND t.revoked_at IS NULL",
                (digest,),
            )
            if row is None:
                raise NotSignedIn("unknown terminal key")
            return TerminalPrincipal(
                id=row["id"],
                merchant_id=row["merchant_id"],
                merchant=row["name"],
                category=row["category"],
                currency=row["currency"],
            )
        row = conn.one(
            "SELECT u.id, u.name, u.role, u.timezone, s.expires_at, s.proved_at, s.seen_at"
            " FROM sessions s"
            " JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
            (digest,),
        )
        if row is None:
            ended = conn.one("SELECT why FROM ended_sessions WHERE token_hash = ?", (digest,))
            why = cast(EndedWhy, str(ended["why"]) if ended is not None else "")
            if why in ENDED_WHY:
                raise NotSignedIn(ENDED_WHY[why], code=why)
        if row is None or int(row["expires_at"]) <= now_s:
            raise NotSignedIn("not signed in, or the session has expired")
        return UserPrincipal(
            id=row["id"],
            name=row["name"],
            role=row["role"],
            timezone=row["timezone"],
            expires_at=int(row["expires_at"]),
            proved_at=int(row["proved_at"] or 0),
            seen_at=int(row["seen_at"] or 0),
        )
