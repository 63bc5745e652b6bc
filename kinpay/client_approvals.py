"""The settlement client's calls for asking the payer at the till (issue 15 §1), mixed
into `kinpay.client.Client`: the terminal asks, waits, completes or cancels; the payer
lists and answers. Errors are the client's own (kinpay.errors), as for every call."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from kinpay import schemas
from kinpay.errors import ClientArgumentError

if TYPE_CHECKING:
    import httpx

M = TypeVar("M", bound=BaseModel)


def parse(response: httpx.Response, model: type[M]) -> M:
    from kinpay.client import _parse  # the one reader of answers (imports this module)

    return _parse(response, model)


def check_answer(payment: schemas.Payment, asked: int, currency: str, *, partial: bool,
                 where: str) -> None:
    from kinpay import client  # as `parse`: the one check of a payment's answer

    client.check_answer(payment, asked, currency, partial=partial, where=where)

MAX_WAIT_S = 25


def _segment(value: str, what: str) -> str:
    """An id as one path segment (as kinpay.client does for every id)."""
    if value in ("", ".", ".."):
        raise ClientArgumentError(f"{what} {value!r} is not an id")
    return quote(value, safe="")


def _retry_safe() -> str:
    """Asking, answering and cancelling are idempotent on the server (the same step again
    answers the same approval), so each may be sent again when its answer was lost: a key
    marks the request safe to retry for the client (the server needs none)."""
    return uuid.uuid4().hex


class ApprovalCalls:
    """Needs the client's `request`, `_get`, `_post` and `timeout_s`."""

    timeout_s: float

    if TYPE_CHECKING:
        def request(self, method: str, path: str, *, body: Any = None,
                    params: dict[str, Any] | None = None,
                    idempotency_key: str | None = None,
                    read_timeout_s: float | None = None) -> httpx.Response: ...

        def _get(self, path: str, model: type[M], params: dict[str, Any] | None = None
                 ) -> M: ...

        def _post(self, path: str, model: type[M], body: Any = None,
                  idempotency_key: str | None = None) -> M: ...

    def ask(
        self, payment_id: str, *, expires_in_s: int = schemas.ASK_DEFAULT_S
    ) -> schemas.Approval:
        """Terminal: ask the payer about this terminal's declined sale (`askable` on it).
        Asking again about the same sale answers the same approval."""
        body = {"payment_id": payment_id, "expires_in_s": expires_in_s}
        return self._post("/v1/approvals", schemas.Approval, body, _retry_safe())

    def approval(self, approval_id: str, *, wait_s: int = 0) -> schemas.Approval:
        """The approval as it is now; with `wait_s` (≤ 25) the server answers as soon as it
        is no longer pending. The read timeout is stretched to cover the wait."""
        if not 0 <= wait_s <= MAX_WAIT_S:
            raise ClientArgumentError(f"wait_s is 0 to {MAX_WAIT_S}, not {wait_s}")
        path = f"/v1/approvals/{_segment(approval_id, 'approval id')}"
        if not wait_s:
            return self._get(path, schemas.Approval)
        response = self.request("GET", path, params={"wait_s": wait_s},
                                read_timeout_s=self.timeout_s + wait_s)
        return parse(response, schemas.Approval)

    def approvals(self, limit: int = 50) -> list[schemas.Approval]:
        """Payer or delegate: their approvals, newest first."""
        return self._get("/v1/approvals", schemas.ApprovalList, {"limit": limit}).approvals

    def answer_approval(self, approval_id: str, *, allow: bool) -> schemas.Approval:
        """Payer: allow this one sale, or say no."""
        path = f"/v1/approvals/{_segment(approval_id, 'approval id')}/answer"
        return self._post(path, schemas.Approval, {"allow": allow}, _retry_safe())

    def cancel_approval(self, approval_id: str) -> schemas.Approval:
        """Terminal: stop asking (or give up an allowed sale before completing it)."""
        path = f"/v1/approvals/{_segment(approval_id, 'approval id')}/cancel"
        return self._post(path, schemas.Approval, None, _retry_safe())

    def complete_approval(
        self,
        approval_id: str,
        amount: int,
        currency: str,
        *,
        idempotency_key: str,
        items: list[schemas.Item] | None = None,
        reference: str | None = None,
    ) -> tuple[schemas.Payment, bool]:
        """Terminal: settle the allowed sale, with the declined sale's own key; returns the
        payment and whether the server replayed an earlier answer (never a second charge)."""
        body: dict[str, Any] = {"amount": amount, "currency": currency}
        if items:
            body["items"] = [i.model_dump(mode="json", exclude_none=True) for i in items]
        if reference is not None:
            body["reference"] = reference
        path = f"/v1/approvals/{_segment(approval_id, 'approval id')}/complete"
        response = self.request("POST", path, body=body, idempotency_key=idempotency_key)
        replayed = response.headers.get("Idempotent-Replayed") == "true"
        payment = parse(response, schemas.Payment)
        check_answer(payment, amount, currency, partial=False, where="POST " + path)
        return payment, replayed

