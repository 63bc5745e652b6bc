"""The routes' dependencies, in one place: the server's state (database and writer), the
clock, and who is asking (a payer, a delegate or a terminal), as `Annotated` types."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from server_stub import auth, devices, security
from server_stub.auth import TerminalPrincipal, UserPrincipal
from server_stub.errors import NotAllowed
from server_stub.front import bearer_token, header
from server_stub.state import State


def get_state(request: Request) -> State:
    state: State = request.app.state.kinpay
    return state


StateDep = Annotated[State, Depends(get_state)]


def request_token(request: Request) -> str:
    return bearer_token(header(request.scope, b"authorization"))


Token = Annotated[str, Depends(request_token)]


async def principal(state: StateDep, token: Token) -> auth.Principal:
    now = state.clock.now_s()
    who = state.authn.principal(token, now)
    if isinstance(who, UserPrincipal) and devices.stale(who.seen_at, now):
        # "last used" in the account's list of devices, a few writes an hour at most
        await devices.keep_seen(state, security.token_hash(token), who.seen_at)
    return who


Who = Annotated[auth.Principal, Depends(principal)]


async def user(who: Who) -> UserPrincipal:
    if not isinstance(who, UserPrincipal):
        raise NotAllowed("this needs a signed-in payer or delegate")
    return who


AnyUser = Annotated[UserPrincipal, Depends(user)]


async def payer(who: AnyUser) -> UserPrincipal:
    if who.role != "payer":
        raise NotAllowed("only a payer may do this")
    return who


async def delegate(who: AnyUser) -> UserPrincipal:
    if who.role != "delegate":
        raise NotAllowed("only a delegate may do this")
    return who


async def terminal(who: Who) -> TerminalPrincipal:
    if not isinstance(who, TerminalPrincipal):
        raise NotAllowed("this needs a terminal key")
    return who


Payer = Annotated[UserPrincipal, Depends(payer)]
Delegate = Annotated[UserPrincipal, Depends(delegate)]
Term = Annotated[TerminalPrincipal, Depends(terminal)]
