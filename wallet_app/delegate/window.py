"""The delegate's app: pair, then show the rotating code; purchases; the grant has ended.

This wires the parts together and decides nothing itself: `CodeSource` makes the codes,
`DelegateLink` says what the server decided, the screens show it.
"""

from __future__ import annotations

import logging
import time

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kinpay import schemas
from kinpay.client import Client
from kinpay.clock import ServerClock
from kinpay.device import Device
from kinpay.errors import ApiError, BadResponse, CodeError, DeviceFileError, TransportError
from wallet_app import words
from wallet_app.awake import KeepAwake
from wallet_app.delegate.asking import AskingBanner
from wallet_app.delegate.code_screen import CodeScreen, left_as_of
from wallet_app.delegate.pages import EndedPage, PairPage, PurchasesPage
from wallet_app.delegate.rotation import Clock, CodeSource
from wallet_app.delegate.sync import DelegateLink, Snapshot
from wallet_app.settings import DataFolder, Settings
from wallet_app.words import QT_TRANSLATE_NOOP
from wallet_app.workers import Ops

log = logging.getLogger("kinpay.wallet")
_REVOKED: schemas.DeclineCode = "grant_revoked"

# Keyed by the server's error codes (schemas.ErrorCode: mypy checks each is one).
_PAIR_ERRORS: dict[schemas.ErrorCode, str] = {
    "bad_pairing_code": QT_TRANSLATE_NOOP("Pairing", "That code didn't work. Check it with your "
                                                     "parent, or ask for a new one."),
    "pairing_expired": QT_TRANSLATE_NOOP("Pairing", "That code is too old. Ask your parent for "
                                                    "a new one."),
    "grant_inactive": QT_TRANSLATE_NOOP("Pairing", "That spending money has ended. Ask your "
                                                   "parent about it."),
    "invalid_request": QT_TRANSLATE_NOOP("Pairing", "That code didn't work. Check it with your "
                                                    "parent."),
    "too_many_grants": QT_TRANSLATE_NOOP("Pairing", "You can't add more spending money: you "
                                                    "already have as many as kinpay allows. "
                                                    "Ask your parent to stop one first."),
}
translate = QCoreApplication.translate
# What the clock changes is read again this often: offline, "synced just now" and "as of
# just now" (written once, at the drop, they still said "just now" an hour later); and
# whether the allowance's hours are now ("Not now: only Mon–Fri 07:00–15:00").
AGES_MS = 15_000


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def pair_error_text(exc: Exception) -> str:
    if isinstance(exc, ApiError):
        if exc.status == 401:
            return translate("Pairing", "Please sign in again, then pair.")
        text = next((text for code, text in _PAIR_ERRORS.items() if code == exc.code), None)
        return translate("Pairing", text) if text else words.error_text(exc.code)
    if isinstance(exc, TransportError):
        return words.unreachable_text(translate("Pairing", "Then try again, or ask your "
                                                           "parent."))
    if isinstance(exc, BadResponse):
        return translate("Pairing", "kinpay's answer didn't make sense to this tablet. Try "
                                    "again, or ask your parent.")
    return translate("Pairing", "Something went wrong. Try again, or ask your parent.")


class DelegateShell(QWidget):
    """Signals: `signed_out()`, `fullscreen_requested(bool)`."""

    signed_out = Signal()
    fullscreen_requested = Signal(bool)

    def __init__(
        self,
        *,
        folder: DataFolder,
        settings: Settings,
        ops: Ops,
        server_url: str,
        token: str | None,
        name: str,
        server_override: str | None = None,
        clock: Clock = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("delegate")
        self.folder, self.settings, self.ops = folder, settings, ops
        self.server_url, self.token, self.name = server_url, token, name
        # `--server URL` (or the address set in Settings): it wins over the address saved
        # at pairing, because a server that moved would otherwise be unreachable forever.
        self.server_override = server_override
        self.ended_status: str | None = None
        # Codes are dated by the server's time as last learnt (kinpay/clock.py), kept
        # across restarts: a tablet whose own clock is minutes off still pays.
        saved = settings.get("delegate/clock_offset")
        self.clock = ServerClock(clock, offset_s=int(saved) if _is_int(saved) else 0)
        self.device: Device | None = None
        self.source: CodeSource | None = None
        self.link: DelegateLink | None = None
        self.awake = KeepAwake()
        self.fullscreen = False
        self.online = False
        self.snapshot: Snapshot | None = None

        self.pair_page = PairPage()
        self.code_screen = CodeScreen()
        self.purchases_page = PurchasesPage()
        self.ended_page = EndedPage()
        self.stack = QStackedWidget()
        for page in (self.pair_page, self.code_screen, self.purchases_page, self.ended_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        # Issue 15 §1: "Asking Mei…" floats over the screen while the shop asks
        # (delegate/asking.py); it takes no room from the code screen's layout, nor covers
        # the code.
        self.asking = AskingBanner(self, keep_clear=self._keep_clear,
                                   reserve=lambda px: layout.setContentsMargins(0, px, 0, 0))

        self.pair_page.set_name(name)
        self.pair_page.pair_requested.connect(self.pair)
        self.pair_page.camera_toggled.connect(self._toggle_camera)
        self.pair_page.sign_out_clicked.connect(self.sign_out)
        self.code_screen.purchases_clicked.connect(self.show_purchases)
        self.code_screen.fullscreen_clicked.connect(self._toggle_fullscreen)
        self.code_screen.new_code_clicked.connect(self.new_code)
        self.code_screen.sign_in_clicked.connect(self.sign_out)
        self.purchases_page.back_clicked.connect(self.show_code)
        self.ended_page.pair_again_clicked.connect(self.show_pairing)
        self.stack.currentChanged.connect(self._on_page)
        self._camera: object | None = None
        self._scanner: object | None = None
        self._ages = QTimer(self)
        self._ages.setInterval(AGES_MS)
        self._ages.timeout.connect(self._show_ages)
        self._ages.start()

    def _show_ages(self) -> None:
        if not self.online:
            self._set_online(False)
        self._show_rules_cached()

    # --- start and stop ------------------------------------------------------------------

    def start(self) -> None:
        try:
            device = Device.load(self.folder.device_path)
        except DeviceFileError:
            self.show_pairing()
            return
        self._use_device(device)

    def shutdown(self) -> None:
        self._stop_camera()
        if self.source is not None:
            self.source.stop()
        if self.link is not None:
            self.link.stop()
            self.link = None
        self.awake.release()

    def sign_out(self) -> None:
        self.shutdown()
        self.folder.forget(self.folder.session_path)
        self.signed_out.emit()

    # --- pairing -------------------------------------------------------------------------

    def show_pairing(self) -> None:
        self.pair_page.show_error("")
        self.stack.setCurrentWidget(self.pair_page)

    def pair(self, code: str) -> None:
        if not self.token:
            self.pair_page.show_error(self.tr("Please sign in first, then pair."))
            return
        self.pair_page.set_busy(True)
        url, token = self.server_url, self.token

        def call() -> Device:
            with Client(url, token=token) as client:
                return client.pair(code)

        self.ops.run(call, success=self._paired, failure=self._pair_failed, context=self)

    def _paired(self, device: Device) -> None:
        self.pair_page.set_busy(False)
        self.pair_page.code_edit.clear()
        self._stop_camera()
        device.save(self.folder.device_path)
        self.settings.put("delegate/ended", "")
        self._use_device(device)

    def _pair_failed(self, exc: Exception) -> None:
        self.pair_page.set_busy(False)
        self.pair_page.show_error(pair_error_text(exc))

    def _toggle_camera(self) -> None:
        if self._camera is not None:
            self._stop_camera()
            return
        from wallet_app.delegate.camera import CameraFeed, PairScanner, has_camera

        if not has_camera():
            self.pair_page.show_camera(False, self.tr("No camera found on this tablet. Type "
                                                      "the code."))
            return
        scanner = PairScanner(self)
        camera = CameraFeed(self)
        camera.frame.connect(scanner.offer)
        camera.frame.connect(self.pair_page.show_frame)
        scanner.found.connect(self._scanned)
        self._camera, self._scanner = camera, scanner
        self.pair_page.show_camera(camera.start())

    def _scanned(self, code: str) -> None:
        self.pair_page.code_edit.setText(code)
        self._stop_camera()
        self.pair(code)

    def _stop_camera(self) -> None:
        camera, scanner = self._camera, self._scanner
        self._camera = self._scanner = None
        if camera is not None:
            camera.stop()  # type: ignore[attr-defined]
        if scanner is not None:
            scanner.stop()  # type: ignore[attr-defined]
        self.pair_page.show_camera(False)

    # --- the code ------------------------------------------------------------------------

    def _grant_id(self) -> str:
        device = self.device
        return str(device.extra.get("grant_id", device.cert.grant_id)) if device else ""

    def _follow_server(self, device: Device) -> None:
        """Save the overriding address in the device file and the session, for next time."""
        url = self.server_override
        if not url or device.server_url == url:
            return
        log.info("server moved: %s -> %s", device.server_url or "(none)", url)
        device.server_url = url
        device.save(self.folder.device_path)
        session = self.folder.read_json(self.folder.session_path)
        if session is not None:
            session["server_url"] = url
            self.folder.write_private(self.folder.session_path, session)

    def _use_device(self, device: Device) -> None:
        self.shutdown()
        self.device = device
        self.ended_status = None
        self._follow_server(device)
        grant_id = self._grant_id()
        self.code_screen.show_people(device.delegate_name or self.name, device.payer_name)
        if self.settings.get("delegate/ended") == grant_id:
            self._ended(self.settings.get("delegate/ended_status", "revoked"))
            return
        self._show_left_cached()
        self._show_rules_cached()
        self.source = CodeSource(
            device,
            device_path=self.folder.device_path,
            publish_path=self.folder.code_path,
            clock=self.clock,
            parent=self,
        )
        self.source.rotated.connect(self.code_screen.show_frame)
        self.source.ticked.connect(self.code_screen.show_tick)
        self.source.certificate_expired.connect(lambda: self._ended("expired"))
        self.source.on_screen = self.stack.currentWidget() is self.code_screen  # else show_code
        if self.token:
            self._set_online(False)
        else:
            self.code_screen.show_signed_out()  # no session: it can't sync until one
        self.source.start()
        if self.source.expired:
            return
        self.show_code()
        if self.token:
            self.link = DelegateLink(
                server_url=self.server_override or device.server_url or self.server_url,
                token=self.token,
                grant_id=grant_id,
                cert_id=device.cert.cert_id_hex,
                settings=self.settings,
                ops=self.ops,
                clock=self.clock.wall,
                parent=self,
            )
            self.link.online.connect(self._set_online)
            self.link.synced.connect(lambda _s: self._set_online(self.online))
            self.link.snapshot.connect(self._on_snapshot)
            self.link.payment.connect(self._on_payment)
            self.link.approval.connect(self.asking.show_approval)
            self.link.ended.connect(self._ended)
            self.link.signed_out.connect(self._session_refused)
            self.link.start()

    def _session_refused(self) -> None:
        """The server refused the saved session (expired, signed out elsewhere): the code
        keeps working offline, and the screen asks for a sign-in to sync again."""
        if self.link is not None:
            self.link.stop()
            self.link = None
        self.token = None
        self.online = False
        self.folder.forget(self.folder.session_path)
        self.code_screen.show_signed_out()

    def new_code(self) -> None:
        """The child asks for a fresh code (the one on screen may have been used offline)."""
        if self.source is not None:
            self.source.payment_used()

    def show_code(self) -> None:
        if self.ended_status is None and self.source is not None and not self.source.expired:
            self.stack.setCurrentWidget(self.code_screen)

    def show_purchases(self) -> None:
        if self.link is not None:
            self.link.refresh()
        self.stack.setCurrentWidget(self.purchases_page)

    def _keep_clear(self) -> list[QRect]:
        """What the banner must not cover, in this window's pixels: the code (and its
        digits), the amount left and the buttons (as far as they are scrolled into
        view); on the purchases page the way back, its title and the purchases in view
        (placed under the way back, it covered the title and the newest purchase's shop:
        seen in the wallet's screenshots)."""
        def rect(w: QWidget, within: QRect | None = None) -> QRect:
            r = QRect(w.mapTo(self, QPoint(0, 0)), w.size())
            return r if within is None else r.intersected(within)

        page = self.stack.currentWidget()
        if page is self.purchases_page:
            purchases = self.purchases_page
            listed = rect(purchases.list.viewport())
            kept = [rect(w) for w in (purchases.back, purchases.title, purchases.empty)
                    if w.isVisible()]
            kept += [rect(w, listed) for w in purchases.rows()] if purchases.list.isVisible() \
                else []
            return [r for r in kept if not r.isEmpty()]
        if page is not self.code_screen:
            return []
        screen = self.code_screen
        qr = screen.qr
        kept = [qr.symbol_rect().translated(qr.mapTo(self, QPoint(0, 0))),
                rect(screen.numeric)]  # the code typed at a till without a camera
        seen = rect(screen.info_scroll.viewport())
        kept += [rect(w, seen) for w in screen.kept_in_view() if w.isVisible()]
        return [r for r in kept if not r.isEmpty()]

    def _on_page(self, _index: int) -> None:
        # Keep the screen awake, and the code published, only while a code is on it.
        shown = self.stack.currentWidget() is self.code_screen
        if shown:
            self.awake.hold()
        else:
            self.awake.release()
        if self.source is not None:
            self.source.set_on_screen(shown)
        if self.asking.isVisible():  # clear of what this page shows
            self.asking.place()

    def _set_online(self, online: bool) -> None:
        if not self.token:
            return  # signed out: the screen says so until a sign-in
        self.online = online
        synced = self.settings.get("delegate/last_synced")
        self.code_screen.show_link(online, int(synced) if synced.isdigit() else None)
        self._show_left_cached()

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        if snap.server_now is not None and self.clock.learn(snap.server_now, at=snap.read_at):
            log.info("this tablet's clock is %d s from the server's: codes are dated by the"
                     " server's", self.clock.offset_s)
            self.settings.put("delegate/clock_offset", self.clock.offset_s)
            if self.source is not None:
                self.source.reissue()
        if snap.certificate is not None:
            self._take_certificate(snap.certificate, snap.keys)
        self._remember_left(snap.grant.spending.remaining_daily, snap.grant.currency)
        if self.ended_status is None:
            self.code_screen.show_rules(snap.grant)
            # For a start without the server (in the car, a shop with no signal).
            self.settings.put("delegate/rules_grant", self._grant_id())
            self.settings.put("delegate/rules", snap.grant.model_dump_json())
        self.purchases_page.show_purchases(snap.purchases)

    def _take_certificate(
        self, answer: schemas.CertificateAnswer, keys: list[schemas.ServerKey] | None
    ) -> None:
        """The payer changed the offline cap: the server issued this device a new
        certificate. Codes carry it from now on (a till checks the new cap offline)."""
        device = self.device
        if device is None or self.source is None or self.ended_status is not None:
            return
        try:
            changed = device.take_certificate(answer, keys)
        except (ValueError, CodeError) as exc:
            log.warning("the server's certificate for this device was not taken: %s", exc)
            return
        if not changed:
            return
        device.save(self.folder.device_path)
        if self.link is not None:
            self.link.cert_id = device.cert.cert_id_hex
        log.info("new certificate %s (offline cap %d)", device.cert.cert_id_hex,
                 device.cert.offline_cap_minor)
        self.source.reissue()

    def _on_payment(self, data: dict[str, object], sent_at_s: int) -> None:
        if data.get("decline_code") == _REVOKED:
            self._ended("revoked")
            return
        # A payment replayed from before the code on screen was made did not use it.
        fresh_s = 2 * self.source.device.cert.rotate_s if self.source is not None else 0
        if self.source is not None and sent_at_s >= self.clock() - fresh_s:
            self.source.payment_used()
        try:
            payment = schemas.Payment.model_validate(data)
        except ValidationError as exc:  # the code was used; only "left today" can't be read
            log.warning("a payment event without its amounts: %d problems", exc.error_count())
            return
        if payment.remaining is not None:
            self._remember_left(payment.remaining.daily, payment.currency)
        if payment.created_at >= self.clock() - max(fresh_s, 60):  # a sale at the till now
            self.asking.show_payment(payment)

    def _remember_left(self, minor: int, currency: str) -> None:
        if self.ended_status is not None:
            return
        self.settings.put("delegate/left_grant", self._grant_id())
        self.settings.put("delegate/left_today", minor)
        self.settings.put("delegate/left_currency", currency)
        self.settings.put("delegate/left_as_of", int(time.time()))
        self._show_left_cached()

    def _show_rules_cached(self) -> None:
        """The rules last heard for this grant (none for another: an earlier pairing's)."""
        if self.settings.get("delegate/rules_grant") != self._grant_id():
            return
        try:
            grant = schemas.Grant.model_validate_json(self.settings.get("delegate/rules"))
        except ValueError:  # pydantic's ValidationError: an older or damaged copy
            return
        self.code_screen.show_rules(grant)

    def _show_left_cached(self) -> None:
        # Only this grant's amount: another grant's (an earlier pairing) would be wrong.
        same_grant = self.settings.get("delegate/left_grant") == self._grant_id()
        minor = self.settings.get("delegate/left_today") if same_grant else ""
        currency = self.settings.get("delegate/left_currency", "CNY")
        as_of = self.settings.get("delegate/left_as_of")
        if not minor.lstrip("-").isdigit():
            self.code_screen.show_left(None, currency)
            return
        note = "" if self.online else left_as_of(int(as_of) if as_of.isdigit() else None)
        self.code_screen.show_left(int(minor), currency, as_of=note)

    def _ended(self, status: str) -> None:
        """The grant was revoked or has expired: no code, no amount, the kind screen."""
        self.ended_status = status
        if self.source is not None:
            self.source.stop()
        if self.link is not None:
            self.link.stop()
            self.link = None
        self.folder.forget(self.folder.code_path)
        self.code_screen.clear()
        for key in ("left_grant", "left_today", "left_as_of"):
            self.settings.put(f"delegate/{key}", "")
        if self.device is not None:
            self.settings.put("delegate/ended", self._grant_id())
            self.settings.put("delegate/ended_status", status)
        self.asking.allowance_ended()
        payer = self.device.payer_name if self.device is not None else ""
        self.ended_page.show_status(status, payer)
        self.stack.setCurrentWidget(self.ended_page)

    def _toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.code_screen.set_fullscreen_label(self.fullscreen)
        self.fullscreen_requested.emit(self.fullscreen)

    def set_fullscreen_state(self, fullscreen: bool) -> None:
        self.fullscreen = fullscreen
        self.code_screen.set_fullscreen_label(fullscreen)

