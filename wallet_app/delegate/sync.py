"""The tablet's link to the server: the event stream and the grant's latest state.

Everything here is optional for showing codes: when the server can't be reached the code
screen goes on rotating and says it is offline, with the time of the last sync.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import ApiError, NotFound, Unauthorized
from wallet_app.asking import approval_of
from wallet_app.settings import Settings
from wallet_app.workers import ClientUse, Events, Ops

PURCHASES_SHOWN = 30
# The parent's earlier allowances for this child whose purchases the list also shows, the
# newest first: a stop and a new allowance carried today's spending, and the list began
# again empty (live test 34 §9: "¥57 left today", none of the day's ¥43 shown).
EARLIER_GRANTS_READ = 3
CLOCK_READ_MOST_S = 2.0  # the longest a reading of the server's clock may take to be used


def settled_once(
    payments: list[schemas.Payment], approvals: list[schemas.Approval]
) -> list[schemas.Payment]:
    """The purchases without the declined sale a parent's "yes" then paid: the child read
    "¥60.00 not paid" beside "Mei said yes… paid" for one sale (live QA 36 §13), while the
    till's list shows it once. Only when the paid one is in the list too."""
    paid_by = {p.approval_id for p in payments if p.status == "approved" and p.approval_id}
    replaced = {a.payment_id for a in approvals if a.id in paid_by}
    return [p for p in payments if not (p.status == "declined" and p.id in replaced)]


def asked_when_ended(
    grant_id: str, ended: int | None, approvals: list[schemas.Approval],
    server_now: int | None,
) -> schemas.Approval | None:
    """The question about this ended grant the child would have heard of up to its end,
    as it stood then, or None. Read when the tablet learns of the end from the grant
    itself, not from its stream: the stream's events before the end (the question, the
    "yes", the stop's "no") may not have come yet, and the link stops listening at the
    end (a CI run: the tablet left on "Not paid … more than allowed for one payment" where
    it says the spending money has stopped). A question closed before the end was heard
    of then; one whose time is over says nothing new now. `ended`: when the grant ended."""
    mine = [a for a in approvals if a.grant_id == grant_id]
    if ended is None or not mine:
        return None
    a = max(mine, key=lambda x: (x.created_at, x.id))
    now_s = server_now if server_now is not None else a.now
    if a.created_at > ended or a.expires_at <= now_s:
        return None
    if a.status in ("pending", "allowed"):
        return a
    if a.status == "refused" and (a.answered_at or 0) >= ended:
        return a  # the stop was the parent's answer
    if a.status == "used" and a.completed_decline_code == "grant_revoked":
        return a.model_copy(update={"status": "allowed"})  # allowed when it stopped
    return None


@dataclass(frozen=True, slots=True)
class Snapshot:
    grant: schemas.Grant
    purchases: list[schemas.Payment]
    # The device's current certificate, with the server's keys when it is not the one in
    # use (a new one may be signed by a key the tablet hasn't seen).
    certificate: schemas.CertificateAnswer | None = None
    keys: list[schemas.ServerKey] | None = None
    # The server's clock, read first, and the tablet's own when it was read
    # (kinpay/clock.py: the tablet's may be wrong).
    server_now: int | None = None
    read_at: float | None = None
    # An ended grant's question, as it stood at the end (`asked_when_ended`).
    asked: schemas.Approval | None = None


class DelegateLink(QObject):
    """Signals: `online(bool)`, `synced(int unix_s)`, `snapshot(Snapshot)`,
    `payment(dict, unix_s)` for a payment on this device's grant, `ended(str)` with the grant's
    status when it is revoked or expired, `signed_out()` when the session is refused."""

    online = Signal(bool)
    synced = Signal(int)
    snapshot = Signal(object)
    payment = Signal(object, int)  # the payment's data, and when the server sent it
    ended = Signal(str)
    signed_out = Signal()
    approval = Signal(object)  # issue 15 §1: a question to the payer about this grant

    def __init__(
        self,
        *,
        server_url: str,
        token: str,
        grant_id: str,
        cert_id: str = "",
        settings: Settings,
        ops: Ops,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._wall = clock  # the tablet's own clock, read beside the server's
        self.server_url = server_url
        self.grant_id = grant_id
        self.cert_id = cert_id  # the certificate in use (hex): a different one is fetched
        self.is_online = False
        # Signals the stream thread queued before stop() still arrive: they are dropped.
        self._stopped = False
        # The purchases of this child's earlier allowances from this parent (`_purchases`),
        # read at the first sync and again after a refund, not at every payment's.
        self._earlier: list[schemas.Payment] | None = None
        self._settings = settings
        self._ops = ops
        self._client = Client(server_url, token=token, timeout_s=3, retries=1)
        self._use = ClientUse(self._client)  # closed once the last refresh is done
        # From the first event on a first run, as the payer's session does (see there).
        stored = settings.get("delegate/last_event_id")
        last_id = int(stored) if stored.isdigit() else 0
        self._events = Events(server_url, token, last_id=last_id, parent=self)
        self._events.arrived.connect(self._on_event)
        self._events.link.connect(self._on_link)

    def start(self) -> None:
        self._events.start()
        # At once, not only when the stream opens: a refused session never opens it, and
        # only an answer says so (`signed_out`).
        self.refresh()

    def stop(self) -> None:
        self._stopped = True
        self._events.stop()
        self._use.close()

    def refresh(self) -> None:
        grant_id = self.grant_id

        cert_in_use = self.cert_id

        def fetch() -> Snapshot:
            before = self._wall()
            server_now, after = self._client.server_now(), self._wall()
            # Compared with the tablet's clock halfway through the question; not at all if
            # the answer took long (or the clock moved meanwhile): it could be far off.
            read_at = (before + after) / 2
            if not 0 <= after - before <= CLOCK_READ_MOST_S:
                server_now = None
            grant = self._client.grant(grant_id)
            purchases = self._purchases(grant)
            if grant.status != "active":
                asked = asked_when_ended(grant.id, grant.ended_at, self._approvals(),
                                         server_now)
                return Snapshot(grant, purchases, server_now=server_now, read_at=read_at,
                                asked=asked)
            try:
                cert = self._client.certificate(grant_id)
            except NotFound:  # this tablet's device was replaced: the grant's state says more
                return Snapshot(grant, purchases, server_now=server_now, read_at=read_at)
            keys = self._client.keys() if cert.cert_id != cert_in_use else None
            return Snapshot(grant, purchases, cert, keys, server_now, read_at)

        self._use.run(self._ops, lambda _client: fetch(), success=self._on_snapshot,
                      failure=self._on_failure, context=self)

    def _purchases(self, grant: schemas.Grant) -> list[schemas.Payment]:
        """This allowance's purchases and those of the same parent's allowances for this
        child before it (the server lets a child read their own grants and each one's
        payments), the newest first."""
        found = list(self._client.grant_payments(grant.id, PURCHASES_SHOWN))
        before = self._earlier
        if before is None:  # read once: an ended allowance's purchases change by refunds only
            earlier = [g for g in self._client.grants()
                       if g.id != grant.id and g.payer == grant.payer
                       and g.created_at <= grant.created_at]
            earlier.sort(key=lambda g: g.created_at, reverse=True)
            before = [p for old in earlier[:EARLIER_GRANTS_READ]
                      for p in self._client.grant_payments(old.id, PURCHASES_SHOWN)]
            self._earlier = before
        found.extend(before)
        found.sort(key=lambda p: p.created_at, reverse=True)
        if any(p.approval_id for p in found):
            found = settled_once(found, self._approvals())
        return found[:PURCHASES_SHOWN]

    def _approvals(self) -> list[schemas.Approval]:
        """This child's questions, newest first; none from a server that doesn't list them."""
        try:
            return self._client.approvals(PURCHASES_SHOWN)
        except Unauthorized:
            raise
        except ApiError:
            return []

    def _on_snapshot(self, snap: Snapshot) -> None:
        if self._stopped:
            return
        self._mark_synced()
        if snap.asked is not None:
            self.approval.emit(snap.asked)
        self.snapshot.emit(snap)
        if snap.grant.status != "active":
            self.ended.emit(snap.grant.status)

    def _on_failure(self, exc: Exception) -> None:
        if isinstance(exc, Unauthorized) and not self._stopped:
            self.signed_out.emit()

    def _on_link(self, up: bool) -> None:
        if self._stopped:
            return
        self.is_online = up
        self.online.emit(up)
        if up:
            self._mark_synced()
            self.refresh()

    def _mark_synced(self) -> None:
        now_s = int(time.time())
        self._settings.put("delegate/last_synced", now_s)
        self.synced.emit(now_s)

    def _on_event(self, event: schemas.Event) -> None:
        if self._stopped:
            return
        self._settings.put("delegate/last_event_id", event.id)
        self._mark_synced()
        data: dict[str, Any] = event.data
        if event.type == "payment" and data.get("grant_id") == self.grant_id:
            if data.get("kind") != "rest":  # how a split's rest went: the list, no banner
                self.payment.emit(data, event.created_at)
            self.refresh()
        elif event.type == "refund":
            self._earlier = None  # this allowance's purchase, or one in the list from before
            self.refresh()
        elif event.type == "approval" and data.get("grant_id") == self.grant_id:
            found = approval_of(data)
            if found is not None:
                self.approval.emit(found)
        elif event.type == "grant":
            grant = data.get("grant")
            if isinstance(grant, dict) and grant.get("id") == self.grant_id:
                if data.get("kind") == "revoked" or grant.get("status") != "active":
                    self.ended.emit(str(grant.get("status", "revoked")))
                else:
                    self.refresh()
