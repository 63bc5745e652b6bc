"""Grants and devices: a payer's grants to a delegate, pairing a tablet, certificates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from kinpay import schemas
from server_stub import approvals, auth, grant_limits, grants, history, limits
from server_stub.db import Conn
from server_stub.deps import AnyUser, Delegate, Payer, StateDep, Term
from server_stub.errors import NotFound, TooMany
from server_stub.revocations import revoked_certificates

router = APIRouter(prefix="/v1")
MAX_GRANT_PAYMENTS = 500


@router.post("/grants", status_code=201)
async def create_grant(
    req: schemas.GrantCreate, who: Payer, request: Request, state: StateDep
) -> schemas.GrantCreated:
    """A grant to a delegate named by the payer. "No such delegate" tells whether a name
    exists, as sign-up's "taken" does: the two share one budget per client address
    (limits.NAME_PROBES), checked before anything else. Then the bounds of
    server_stub/grant_limits.py: grants a payer makes an hour (429), grants a delegate holds
    at once (409)."""
    at = state.clock.now_s()
    auth.require_proof(who, at, "a new allowance")
    address = request.client.host if request.client else "?"

    def job(c: Conn) -> schemas.GrantCreated:
        wait = limits.wait_s(c, limits.NAME_PROBES, address, at)
        if wait:
            raise TooMany("too many names tried from here: try again later", wait)
        grant_limits.check_new(c, who, req.delegate, at)
        result = grants.create(c, payer=who, req=req, now_s=at)
        grants.tell(c, result.id, "created", at)
        return result

    try:
        return await state.write(job)
    except NotFound as exc:
        if exc.code == "no_such_delegate":
            await state.write(lambda c: limits.fail(c, limits.NAME_PROBES, address, at))
        raise


@router.get("/grants")
def list_grants(who: AnyUser, state: StateDep) -> schemas.GrantList:
    at = state.clock.now_s()
    return state.read(lambda c: grants.list_for(c, who, at))


@router.get("/grants/{grant_id}")
def get_grant(grant_id: str, who: AnyUser, state: StateDep) -> schemas.Grant:
    at = state.clock.now_s()
    return state.read(lambda c: grants.answer(c, grants.own_grant(c, who, grant_id), at))


@router.patch("/grants/{grant_id}")
async def change_grant(
    grant_id: str, req: schemas.GrantChange, who: Payer, state: StateDep
) -> schemas.Grant:
    at = state.clock.now_s()

    def job(c: Conn) -> schemas.Grant:
        result = grants.change(c, payer=who, grant_id=grant_id, req=req, now_s=at,
                               keys=state.keys)
        grants.tell(c, grant_id, "changed", at)
        return result

    return await state.write(job)


@router.post("/grants/{grant_id}/revoke")
async def revoke_grant(grant_id: str, who: Payer, state: StateDep) -> schemas.Grant:
    at = state.clock.now_s()

    def job(c: Conn) -> schemas.Grant:
        result = grants.revoke(c, payer=who, grant_id=grant_id, now_s=at)
        approvals.refuse_open(c, grant_id, at)
        grants.tell(c, grant_id, "revoked", at)
        return result

    return await state.write(job)


@router.get("/grants/{grant_id}/certificate")
def certificate(grant_id: str, who: Delegate, state: StateDep) -> schemas.CertificateAnswer:
    return state.read(lambda c: grants.current_certificate(c, who, grant_id))


@router.post("/grants/{grant_id}/numeric-unlock")
async def numeric_unlock(grant_id: str, who: Payer, state: StateDep) -> schemas.Grant:
    """The payer turns the device's numeric fallback back on after a lockout."""
    at = state.clock.now_s()
    auth.require_proof(who, at, "the typed code back on")
    return await state.write(lambda c: grants.numeric_unlock(c, who, grant_id, at))


@router.post("/grants/{grant_id}/pairing", status_code=201)
async def new_pairing(grant_id: str, who: Payer, state: StateDep) -> schemas.Pairing:
    """A pairing code: whoever types it has a tablet that spends the allowance."""
    at = state.clock.now_s()
    auth.require_proof(who, at, "a pairing code")
    return await state.write(
        lambda c: grants.new_pairing(c, payer=who, grant_id=grant_id, now_s=at)
    )


@router.get("/grants/{grant_id}/payments")
def grant_payments(
    grant_id: str,
    who: AnyUser,
    state: StateDep,
    limit: Annotated[int, Query(ge=1, le=MAX_GRANT_PAYMENTS)] = 50,
) -> schemas.PaymentList:
    return state.read(lambda c: history.of_grant(c, who, grant_id, limit))


@router.post("/devices", status_code=201)
async def pair(req: schemas.PairRequest, who: Delegate, state: StateDep) -> schemas.Paired:
    at = state.clock.now_s()

    def job(c: Conn) -> schemas.Paired:
        result = grants.pair(c, delegate=who, req=req, keys=state.keys, now_s=at)
        grants.tell(c, result.grant.id, "paired", at)
        return result

    return await state.write(job)


@router.get("/revocations")
def revocations(who: Term, state: StateDep) -> schemas.Revocations:
    at = state.clock.now_s()
    return schemas.Revocations(
        certificates=state.read(lambda c: revoked_certificates(c, at)), as_of=at
    )
