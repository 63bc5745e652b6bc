"""The wallet's main window: sign in (choosing the role), then the payer's or the delegate's app."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from kinpay import l10n, schemas
from kinpay.client import Client
from kinpay.errors import ApiError, BadResponse, ServerUntrusted, TransportError, Unauthorized
from kinpay.interrupt import WATCH_MS, Interrupt
from kinpay.trust import use_trust
from wallet_app import i18n, style, ui, words
from wallet_app.account_card import AccountCard
from wallet_app.delegate.rotation import Clock
from wallet_app.delegate.window import DelegateShell
from wallet_app.devices_card import this_device
from wallet_app.payer.session import PayerSession
from wallet_app.payer.window import PayerShell
from wallet_app.settings import DataFolder, Settings, check_server_url, default_data_dir
from wallet_app.settings_page import SettingsPage, SignInPage
from wallet_app.words import QT_TRANSLATE_NOOP
from wallet_app.workers import Ops
from wallet_app.zone import device_zone

translate = QCoreApplication.translate

TITLE = QT_TRANSLATE_NOOP("WalletWindow", "kinpay wallet")
_BAD_CREDENTIALS: schemas.ErrorCode = "bad_credentials"
_WRONG_CURRENT: schemas.ErrorCode = "wrong_password"
PAYER_SIZE_PX = QSize(900, 760)
DELEGATE_SIZE_PX = QSize(800, 1100)
# Room for a window's frame and title bar: a window opens inside the screen's free area.
FRAME_ALLOWANCE_PX = QSize(16, 48)


@dataclass
class AppConfig:
    data_dir: Path = field(default_factory=default_data_dir)
    server_url: str | None = None  # overrides the saved setting, and is saved
    role: str | None = None  # preselects the role at sign-in
    fullscreen: bool = False
    clock: Clock = time.time
    control: Path | None = None  # a socket for kinpay demo's remote control
    place: str | None = None  # "I/N": column I of N on the screen
    language: str | None = None  # en, zh_CN, zh_TW: overrides the saved setting, and is saved


def sign_in_error_text(exc: Exception) -> str:
    if isinstance(exc, ApiError):
        if exc.code == _BAD_CREDENTIALS:
            return words.error_text(exc.code)
        if exc.status == 409:
            return words.error_text("name_taken")
        return words.error_text(exc.code)
    if isinstance(exc, ServerUntrusted):
        return words.untrusted_text()
    if isinstance(exc, TransportError):
        return words.unreachable_text(translate("SignIn", "Or the server's address in "
                                                          "Settings is wrong: check it there."))
    if isinstance(exc, BadResponse):  # e.g. a Wi-Fi login page, or another service's port
        return translate("SignIn", "Something answers at that address, but not a kinpay "
                                   "server. Check it in Settings.")
    return translate("SignIn", "Signing in did not work. Try again.")


def _end_session(url: str, token: str) -> None:
    with Client(url, token=token) as client:
        client.sign_out()


class WalletWindow(QMainWindow):
    closed = Signal()  # the window closed for good: shut down, its settings saved

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        ui.collect_on_gui_thread()
        self.config = config
        self.folder = DataFolder(config.data_dir)
        self.settings = Settings(self.folder)
        # An address given at start (or later in Settings) overrides the one a tablet saved
        # at pairing; without one, a paired tablet keeps the address it paired with.
        self.server_override: str | None = None
        if config.server_url:
            self.server_override = check_server_url(config.server_url)
            self.settings.server_url = self.server_override
        if config.role:
            self.settings.role = config.role
        self.ops = Ops(self)
        self.setWindowTitle(self.tr(TITLE))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.sign_in = SignInPage()
        self.sign_in.set_role(self.settings.role)
        self.sign_in.name.setText(self.settings.user_name)
        self.sign_in.set_server(self.settings.server_url)
        self.sign_in.submitted.connect(self._submit)
        self.sign_in.settings_clicked.connect(self._open_settings)
        self.pre_settings = SettingsPage(self.settings.server_url, signed_in=False,
                                         language=self.settings.get("language"),
                                         trust=self._trust())
        self.pre_settings.server_changed.connect(self._server_changed)
        self.pre_settings.trust_dropped.connect(self._drop_trust)
        self.pre_settings.language_changed.connect(self._language_changed)
        self.pre_settings.back_clicked.connect(lambda: self.stack.setCurrentWidget(self.sign_in))
        self.stack.addWidget(self.sign_in)
        self.stack.addWidget(self.pre_settings)
        self.payer: PayerShell | None = None
        self.delegate: DelegateShell | None = None
        self.resize(self._opening_size(
            DELEGATE_SIZE_PX if self.settings.role == "delegate" else PAYER_SIZE_PX))

    def _opening_size(self, wanted: QSize) -> QSize:
        """`wanted`, or less where the screen is smaller: the child's app opened 800x1100 on
        a 900-pixel-high screen, its buttons below the screen's foot."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return wanted
        return wanted.boundedTo(screen.availableGeometry().size() - FRAME_ALLOWANCE_PX)

    # --- start -------------------------------------------------------------------------------

    def start(self) -> None:
        """A paired tablet goes straight to its code; everything else starts at sign-in."""
        if self.settings.role == "delegate" and self.folder.device_path.exists():
            session = self.folder.read_json(self.folder.session_path) or {}
            self.open_delegate(
                str(session.get("token") or "") or None,
                str(session.get("name") or self.settings.user_name),
            )
        else:
            self.stack.setCurrentWidget(self.sign_in)
        if self.config.fullscreen or (
            self.settings.role == "delegate" and self.settings.fullscreen
        ):
            self.set_fullscreen(True)

    def _open_settings(self) -> None:
        self.stack.setCurrentWidget(self.pre_settings)

    def _language_changed(self, language: str) -> None:
        self.settings.put("language", language)
        self.settings.sync()
        self._show_saved()

    def _server_changed(self, url: str) -> None:
        self.server_override = url
        self.settings.server_url = url
        self.sign_in.set_server(url)
        self.sign_in.show_error("")  # "can't reach the server" was about the old address
        self._show_saved()

    def _trust(self) -> tuple[str, str]:
        return self.settings.ca_file, self.settings.server_pins

    def _drop_trust(self) -> None:
        """"Use the system's store": the kept CA and pins go, from the settings and from
        where the clients read them (kinpay.tls); new connections trust the system's store."""
        self.settings.ca_file = self.settings.server_pins = ""
        self.settings.sync()
        use_trust(self.settings, os.environ)
        self._show_saved()
        if self.payer is not None:
            self.payer.settings_page.show_saved(self.settings.server_url,
                                                self.settings.get("language"), self._trust())

    def _show_saved(self) -> None:
        """The settings page before sign-in shows what the signed-in one saved: it showed
        the address and language of the app's start, not the ones in force."""
        self.pre_settings.show_saved(self.settings.server_url, self.settings.get("language"),
                                     self._trust())

    # --- sign in -----------------------------------------------------------------------------

    def _submit(self, name: str, password: str, role: str, create: bool) -> None:
        self.sign_in.set_busy(True)
        url = self.settings.server_url
        device = this_device()
        zone = device_zone()  # where this family's days begin and end (wallet_app.zone)

        def call() -> schemas.Session:
            with Client(url) as client:
                if create:
                    client.sign_up(name, password, role, timezone=zone)
                return client.sign_in(name, password, device=device)

        self.ops.run(call, success=self._signed_in, failure=self._sign_in_failed, context=self)

    def _sign_in_failed(self, exc: Exception) -> None:
        self.sign_in.set_busy(False)
        self.sign_in.show_error(sign_in_error_text(exc))

    def _signed_in(self, session: schemas.Session) -> None:
        self.sign_in.set_busy(False)
        chosen = self.sign_in.role()
        if session.user.role != chosen:
            self.sign_in.show_error(
                self.tr("This is a child's account. Choose “I'm the child” above.")
                if chosen == "payer" else
                self.tr("This is a parent's account. Choose “I'm the parent” above."))
            return
        self.settings.role = chosen
        self.settings.user_name = session.user.name
        self.sign_in.password.clear()
        if chosen == "payer":
            self.open_payer(session.token, session.user.name)
        else:
            self.folder.write_private(self.folder.session_path, {
                "token": session.token, "name": session.user.name,
                "server_url": self.settings.server_url, "expires_at": session.expires_at,
            })
            # The session is this server's: the tablet follows it, not the pairing address.
            self.server_override = self.settings.server_url
            self.open_delegate(session.token, session.user.name)

    # --- the two apps ------------------------------------------------------------------------

    def open_payer(self, token: str, name: str) -> PayerShell:
        self._close_shells()
        settings_page = SettingsPage(self.settings.server_url, signed_in=True,
                                     language=self.settings.get("language"),
                                     trust=self._trust())
        settings_page.set_user(name, "payer")
        settings_page.server_changed.connect(self._server_changed)
        settings_page.trust_dropped.connect(self._drop_trust)
        settings_page.language_changed.connect(self._language_changed)
        session = PayerSession(server_url=self.settings.server_url, token=token, name=name,
                               settings=self.settings, ops=self.ops, parent=self)
        shell = PayerShell(session, settings_page)
        settings_page.sign_out_clicked.connect(self.sign_out)
        settings_page.account.password_change_requested.connect(self._change_password)
        settings_page.account.sign_out_everywhere_confirmed.connect(self._sign_out_everywhere)
        shell.signed_out.connect(self._session_refused)
        self.payer = shell
        self.stack.addWidget(shell)
        self.stack.setCurrentWidget(shell)
        self.setWindowTitle(self.tr("kinpay — {name} (parent)").format(
            name=ui.display_name(name)))
        shell.start()
        return shell

    def open_delegate(self, token: str | None, name: str) -> DelegateShell:
        self._close_shells()
        shell = DelegateShell(folder=self.folder, settings=self.settings, ops=self.ops,
                              server_url=self.settings.server_url, token=token, name=name,
                              server_override=self.server_override, clock=self.config.clock)
        shell.signed_out.connect(self.sign_out)
        shell.fullscreen_requested.connect(self.set_fullscreen)
        self.delegate = shell
        self.stack.addWidget(shell)
        self.stack.setCurrentWidget(shell)
        shell.start()
        who = (shell.device.delegate_name if shell.device else "") or name
        title = (self.tr("kinpay — {name}'s tablet").format(name=ui.display_name(who)) if who
                 else self.tr("kinpay — tablet"))
        self.setWindowTitle(title)
        return shell

    def _session_refused(self, code: str = "unauthorized") -> None:
        """The server no longer takes the parent's session: back to sign-in, saying why
        (the wallet kept showing old figures, and nothing more arrived): signed out, or
        the password changed on another device, or reset by the operator."""
        self._leave()
        self.sign_in.show_error(words.error_text(code))

    def _change_password(self, current: str, new: str) -> None:
        """A new password: the server ends every other session of the account."""
        if self.payer is None:
            return
        card = self.payer.settings_page.account
        devices = self.payer.devices

        def changed(_r: object) -> None:
            card.show_changed()
            # The other sessions ended: the list under it says so (live test 34 §13: it
            # kept them, each with "Sign out", until Refresh was tapped).
            devices.refresh()

        self.payer.session.call(
            lambda c: c.change_password(current, new), success=changed,
            failure=lambda exc: self._account_failed(exc, card), context=card)

    def _sign_out_everywhere(self) -> None:
        """Every session of the account ends, this one too: back to sign-in."""
        if self.payer is None:
            return
        card = self.payer.settings_page.account
        self.payer.session.call(
            lambda c: c.sign_out_everywhere(), success=lambda _r: self._leave(),
            failure=lambda exc: self._account_failed(exc, card), context=card)

    def _account_failed(self, exc: Exception, card: AccountCard) -> None:
        if isinstance(exc, Unauthorized):  # ended elsewhere meanwhile
            self._session_refused(exc.code or "unauthorized")
        elif isinstance(exc, ApiError) and exc.code == _WRONG_CURRENT:
            card.show_error(words.error_text(exc.code), wrong_current=True)
        else:
            card.show_error(words.failure_text(exc))

    def sign_out(self) -> None:
        """The user signs out: the session ends on the server too (it stayed valid there
        for the rest of its 12 hours, for whoever had copied its token). Off the GUI
        thread; a server that can't be reached is logged, and the window signs out."""
        token = (self.payer.session.token if self.payer is not None
                 else self.delegate.token if self.delegate is not None else None)
        url = self.settings.server_url
        self._leave()
        if token:
            self.ops.run(lambda: _end_session(url, token), success=lambda _r: None,
                         context=self)

    def _leave(self) -> None:
        """Back to sign-in, the shells closed and the saved session forgotten."""
        self._close_shells()
        self.setWindowTitle(self.tr(TITLE))
        self.folder.forget(self.folder.session_path)
        self.stack.setCurrentWidget(self.sign_in)

    def _close_shells(self) -> None:
        for shell in (self.payer, self.delegate):
            if shell is not None:
                shell.shutdown()
                self.stack.removeWidget(shell)
                shell.deleteLater()
        self.payer = self.delegate = None

    def set_fullscreen(self, on: bool) -> None:
        self.settings.fullscreen = on
        if self.delegate is not None:
            self.delegate.set_fullscreen_state(on)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    def shutdown(self) -> None:
        self._close_shells()
        self.ops.close()
        self.settings.sync()


def install_language(app: QApplication, config: AppConfig) -> str:
    """The language of the options, else the saved one, else the system's; the option is
    saved. In force before the first widget is made (widgets take their words then)."""
    settings = Settings(DataFolder(config.data_dir))
    if config.language:
        settings.put("language", config.language)
        settings.sync()
    language = l10n.choose(config.language, settings.get("language"),
                           QLocale.system().uiLanguages())
    i18n.install(app, language)
    return language


def run(config: AppConfig, argv: Sequence[str] | None = None, *,
        interrupt: Interrupt | None = None) -> int:
    """`interrupt`: Ctrl+C or SIGTERM noted since `kinpay wallet` began (kinpay.interrupt),
    set here if none: either closes the window as its close button does."""
    interrupt = interrupt or Interrupt().install()
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    assert isinstance(app, QApplication)
    app.setApplicationName("kinpay wallet")
    app.setOrganizationName("kinpay")
    style.apply(app)
    install_language(app, config)
    window = WalletWindow(config)
    # Its window closed, the wallet ends, at once and every time. Qt's own end at the last
    # window's close is a Quit event posted for later, which any window shown before it is
    # handled takes back (showing a window removes the posted Quit events): an answer on
    # its way when the window closed (the parent's home, asked for at sign-in) was shown
    # after the close, a label of it flashed as a window of its own, and the app ran on
    # with no window and its control still listening (the control's "quit" left about one
    # parent's wallet in seven running). Ended here, nothing shown after can undo it.
    window.closed.connect(lambda: app.exit(0))
    window.show()
    if config.place:
        from wallet_app.remote import place

        place(window, config.place)
    remote = None
    if config.control is not None:
        from wallet_app.remote import WalletRemote

        remote = WalletRemote(window, config.control)
    window.start()
    tick = QTimer(window)
    tick.timeout.connect(lambda: interrupt.close_if_asked(window))
    tick.start(WATCH_MS)
    QTimer.singleShot(0, window, lambda: interrupt.close_if_asked(window))  # asked at start
    code = int(app.exec())
    if remote is not None:
        remote.server.stop()
    return code
