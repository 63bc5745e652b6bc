"""Users and sessions: sign up, sign in, sign out (here or everywhere), a new password,
who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool

from kinpay import schemas
from server_stub import auth, devices, grants, limits, passwords, security, signin
from server_stub.db import Conn
from server_stub.deps import AnyUser, StateDep, Token
from server_stub.errors import Conflict, TooMany

router = APIRouter(prefix="/v1")


@router.post("/users", status_code=201)
async def sign_up(req: schemas.SignUp, request: Request, state: StateDep) -> schemas.User:
    """A new account. Probing which names exist through "name taken" answers is throttled
    per client address (limits.NAME_PROBES), before any password work; so are the accounts
    an address makes (`state.sign_ups`): the address's slot is taken before the password is
    hashed (a burst hashes only for those that got one), and given back if no account is
    made (a taken name, a refusal)."""
    grants.zone(req.timezone)
    address = request.client.host if request.client else "?"
    at = state.clock.now_s()
    made = state.sign_ups
    await state.write(lambda c: _reserve(c, made, address, at))
    try:
        pw_hash = await run_in_threadpool(security.hash_password, req.password)
        return await state.write(lambda c: auth.sign_up(c, req=req, pw_hash=pw_hash, now_s=at))
    except Exception as exc:
        probed = isinstance(exc, Conflict) and exc.code == "name_taken"

        def undo(c: Conn) -> None:
            if made is not None:
                limits.give_back(c, made, address, at)
            if probed:
                limits.fail(c, limits.NAME_PROBES, address, at)

        await state.write(undo)
        raise


def _reserve(conn: Conn, made: limits.Rule | None, address: str, now_s: int) -> None:
    """429 when the address may not make an account now: it probed too many taken names,
    or made as many accounts as an hour allows. Otherwise one of its accounts for the hour
    is counted now, in this transaction (exact however many arrive at once)."""
    wait = limits.wait_s(conn, limits.NAME_PROBES, address, now_s)
    if wait:
        raise TooMany("too many sign-ups for names that are taken: try again later", wait)
    wait = limits.take(conn, made, address, now_s) if made is not None else 0
    if wait:
        raise _too_many_accounts(wait)


def _too_many_accounts(wait_s: int) -> TooMany:
    return TooMany("this address has made as many accounts as an hour allows: try again"
                   " later", wait_s, code="too_many_accounts")


@router.post("/sessions", status_code=201)
async def sign_in(req: schemas.SignIn, request: Request, state: StateDep) -> schemas.Session:
    address = request.client.host if request.client else "?"
    return await signin.sign_in(state, req, address)


@router.delete("/sessions/current", status_code=204)
async def sign_out(who: AnyUser, token: Token, state: StateDep) -> None:
    await state.write(lambda c: auth.end_session(c, token=token))
    state.authn.forget(token)


@router.delete("/sessions", status_code=204)
async def sign_out_everywhere(who: AnyUser, state: StateDep) -> None:
    """Every session of this account ends, this one too (a phone that was stolen)."""
    at = state.clock.now_s()
    await state.write(lambda c: auth.end_sessions(c, user_id=who.id,
                                                       why="signed_out_everywhere", now_s=at))


@router.get("/sessions")
def signed_in(who: AnyUser, token: Token, state: StateDep) -> schemas.SignedInList:
    """The account's signed-in devices, the most recently used first (server_stub/devices.py)."""
    with state.db.read() as conn:
        return devices.signed_in(conn, user_id=who.id, digest=security.token_hash(token),
                                 now_s=state.clock.now_s())


SessionId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-z]+$")]


@router.delete("/sessions/{session_id}", status_code=204)
async def sign_out_one(session_id: SessionId, who: AnyUser, token: Token,
                       state: StateDep) -> None:
    """One session of the account ends: this one as a sign-out, another (a phone lost)
    only with the password proven lately (403 `reauth_required`); 404 `no_such_session`."""
    at = state.clock.now_s()
    digest = security.token_hash(token)
    await state.write(lambda c: devices.end_one(c, who=who, session_id=session_id,
                                                digest=digest, now_s=at))


@router.post("/me/password", status_code=204)
async def change_password(req: schemas.PasswordChange, who: AnyUser, token: Token,
                          request: Request, state: StateDep) -> None:
    """A new password; every other session of this account ends, this one stays. The
    current password is throttled as a sign-in is (403 `wrong_password`, then 429)."""
    address = request.client.host if request.client else "?"
    await passwords.change_password(state, who, token, req, address)


@router.post("/sessions/current/reauth", status_code=204)
async def reauth(req: schemas.Reauth, who: AnyUser, token: Token, request: Request,
                 state: StateDep) -> None:
    """This session proves its password again: for the next minutes it may do what adds
    spending power (a new allowance, a pairing code, looser rules, "yes" at the till).
    Throttled as a sign-in is (403 `wrong_password`, then 429)."""
    address = request.client.host if request.client else "?"
    await passwords.reauth(state, who, token, req, address)


@router.get("/me")
def me(who: AnyUser) -> schemas.User:
    return schemas.User(id=who.id, name=who.name, role=who.role, timezone=who.timezone)  # type: ignore[arg-type]
