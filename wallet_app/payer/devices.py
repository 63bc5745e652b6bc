"""The parent's list of signed-in devices, kept with the server: read when Settings is
opened, when a sign-in is told of, and on Refresh; "Sign out" on a device ends that
session on the server (after the password again, when it was typed more than 15 minutes
ago: the session's `ask_password` asks for it)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from kinpay.errors import NotFound, Unauthorized
from wallet_app import words
from wallet_app.devices_card import DevicesCard
from wallet_app.payer.session import PayerSession

log = logging.getLogger(__name__)


class SignedInDevices(QObject):
    """Signals `refused(code)` when the server no longer takes this session."""

    refused = Signal(str)

    def __init__(self, session: PayerSession, card: DevicesCard,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.card = card
        card.refresh_requested.connect(self.refresh)
        card.sign_out_requested.connect(self.sign_out)

    def refresh(self) -> None:
        self.session.call(lambda c: c.signed_in(), success=self.card.show_devices,
                          failure=self._failed, context=self.card)

    def sign_out(self, session_id: str, name: str) -> None:
        def done(_r: object) -> None:
            self.card.show_signed_out(name)
            self.refresh()

        self.session.call(lambda c: c.sign_out_device(session_id), success=done,
                          failure=self._failed, context=self.card)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, Unauthorized):
            self.refused.emit(exc.code or "unauthorized")
            return
        self.card.show_error(words.failure_text(exc))
        if isinstance(exc, NotFound):  # already signed out: the list is old
            self.refresh()
        log.info("signed-in devices: %s", exc)
