"""Sign-in (where the role is chosen) and settings (the server's address)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Signal
from PySide6.QtWidgets import QButtonGroup, QLineEdit, QWidget

from kinpay import l10n
from kinpay.tls import pins_of
from kinpay.trust import breakable_path, ca_file_problem
from wallet_app import i18n, style, ui
from wallet_app.account_card import AccountCard
from wallet_app.devices_card import DevicesCard
from wallet_app.errors import ServerAddressError
from wallet_app.first_field import first_field
from wallet_app.flow import flow
from wallet_app.payer.dialogs import NarrowDialog
from wallet_app.settings import check_server_url


class SettingsPage(ui.ScrollPage):
    """Signals: `server_changed(url)` with a checked address, `sign_out_clicked()`,
    `back_clicked()` (shown before sign-in only). Signed in, `account` (an AccountCard)
    also asks for a new password and to sign out everywhere, and `devices` (a DevicesCard)
    lists the account's signed-in devices."""

    server_changed = Signal(str)
    trust_dropped = Signal()  # "Use the system's store": the kept CA and pins let go
    language_changed = Signal(str)  # en, zh_CN or zh_TW: applies at the next start
    sign_out_clicked = Signal()
    back_clicked = Signal()

    def __init__(self, server_url: str, *, signed_in: bool, language: str = "",
                 trust: tuple[str, str] = ("", ""), parent: QWidget | None = None) -> None:
        """`language`: the saved choice (for the next start), else the one in force.
        `trust`: the CA file and pins kept with the address (kinpay.trust), shown under it
        when there are any."""
        super().__init__(parent)
        card = ui.Card(spacing=10)
        card.box.addWidget(ui.label(self.tr("Settings"), "title"))
        card.box.addWidget(ui.label(self.tr("Server address"), "subtitle"))
        card.box.addWidget(ui.label(
            self.tr("Where your family's kinpay server runs. Ask whoever set it up."), "muted",
            wrap=True))
        self.url = QLineEdit(server_url)
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("http://192.168.1.5:8700")
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.returnPressed.connect(self._save)
        self.message = ui.label("", wrap=True)
        self.message.hide()
        self.save = ui.button(self.tr("Save"), "primary", name="saveServer")
        self.save.clicked.connect(self._save)
        card.box.addWidget(self.url)
        card.box.addWidget(self.message)
        card.box.addLayout(ui.row(self.save, stretch_at=1))
        self.box.addWidget(card)
        self.trust = TrustCard()
        self.trust.dropped.connect(self.trust_dropped)
        self.box.addWidget(self.trust)  # in its layout before it is shown
        self.trust.show_trust(*trust)
        self.box.addWidget(self._language_card(language or l10n.language()))
        if signed_in:
            self.account = AccountCard()
            self.signed_in_as = self.account.signed_in_as
            self.account.sign_out_clicked.connect(self.sign_out_clicked)
            self.box.addWidget(self.account)
            self.devices = DevicesCard()
            self.box.addWidget(self.devices)
        else:
            back = ui.button(self.tr("← Back to sign in"), name="backToSignIn")
            back.clicked.connect(self.back_clicked)
            self.box.addLayout(ui.row(back, stretch_at=1))
        self.box.addStretch(1)

    def set_user(self, name: str, role: str) -> None:
        if hasattr(self, "signed_in_as"):
            text = (self.tr("Signed in as {name} (parent)") if role == "payer"
                    else self.tr("Signed in as {name} (child)"))
            self.signed_in_as.setText(text.format(name=name))

    def show_saved(self, server_url: str, language: str, trust: tuple[str, str]) -> None:
        """What is saved now (chosen on another settings page), without saying "Saved"."""
        self.trust.show_trust(*trust)
        if self.url.text() != server_url:
            self.url.setText(server_url)
            ui.set_invalid(self.url, False)
            self.message.hide()
        with QSignalBlocker(self.language):
            self.language.setCurrentIndex(
                max(0, self.language.findData(language or l10n.language())))

    def _language_card(self, language: str) -> ui.Card:
        """English / 简体中文 / 繁體中文, each named in itself; saved, used at the next start."""
        card = ui.Card(spacing=10)
        title = ui.label(self.tr("Language"), "subtitle")
        card.box.addWidget(title)
        self.language = ui.ComboBox()
        title.setBuddy(self.language)  # what a screen reader says of the box
        self.language.setObjectName("language")
        for code, name in i18n.language_names():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language_note = ui.label(self.tr("A new language applies when the app starts "
                                              "again."), "muted", wrap=True)
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_changed.emit(str(self.language.currentData())))
        card.box.addWidget(self.language)
        card.box.addWidget(self.language_note)
        return card

    def _save(self) -> None:
        try:
            url = check_server_url(self.url.text())
        except ServerAddressError as exc:
            self._say(str(exc), bad=True)
            return
        self.url.setText(url)
        self._say(self.tr("Saved. New connections use this address."), bad=False)
        self.server_changed.emit(url)

    def _say(self, text: str, *, bad: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("kind", "error" if bad else "muted")
        ui.set_kind(self.message, "error" if bad else "muted")
        ui.set_invalid(self.url, bad)
        self.message.show()


class ConfirmSystemStore(NarrowDialog):
    """“Use the system's store?” before the kept CA and pins go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = self._confirm_box(self.tr("Use the system's store"))
        box.addWidget(ui.label(self.tr("Use the system's store?"), "title", wrap=True))
        box.addWidget(ui.label(self.tr(
            "The wallet stops trusting your server's own certificate authority and pinned "
            "certificates, now and at its next start. If your server's certificate is from "
            "its own authority, the wallet can't reach it then, until it is started with "
            "kinpay --ca again."), wrap=True))
        self.keep, self.confirm = self._keep_or_go(
            box, (self.tr("Keep them"), "keepTrust"),
            (self.tr("Use the system's store"), "confirmSystemStore"))


class TrustCard(ui.Card):
    """What the wallet trusts its server by, where a CA file or pins were given at a start
    (`kinpay --ca FILE --pin SHA256 wallet`) and are kept with the address: in words, what
    keeps the wallet from using the file now in red, and "Use the system's store", which
    lets them go, once confirmed (`dropped()`). Hidden when nothing is kept: the system's
    store, as any app's."""

    dropped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=10)
        self.setObjectName("trustCard")
        self.box.addWidget(ui.label(self.tr("Trusted certificates"), "subtitle"))
        self.words = ui.label("", "muted", wrap=True)
        self.words.setObjectName("trustWords")
        self.problem = ui.label("", "error", wrap=True)
        self.problem.setObjectName("trustProblem")
        self.drop = ui.button(self.tr("Use the system's store"), name="trustSystem")
        self.drop.clicked.connect(self.confirm_drop)
        self.dialog: ConfirmSystemStore | None = None
        self.box.addWidget(self.words)
        self.box.addWidget(self.problem)
        self.box.addLayout(ui.row(self.drop, stretch_at=1))

    def confirm_drop(self) -> None:
        """Asked first: let go by mistake, a server on its own CA can't be reached until the
        wallet is started with `--ca` again, and nothing here brings it back."""
        dialog = ConfirmSystemStore(self)
        dialog.accepted.connect(self.dropped)
        self.dialog = dialog
        dialog.open()

    def show_trust(self, ca_file: str, pins: str) -> None:
        n = len(pins_of(pins))
        self.setVisible(bool(ca_file or n))
        lines = []
        if ca_file:
            # On a line of its own: after the root's "/", a line broke.
            lines.append(self.tr("Your server's own certificate authority: {path}").format(
                path="\n" + breakable_path(ca_file)))
        if n:
            lines.append(self.tr("Pinned certificates: {n}").format(n=n))
        self.words.setText("\n".join(lines))
        problem = ca_file_problem(ca_file) if ca_file else ""
        self.problem.setText({
            "missing": self.tr("That file is not there now, so the wallet can't reach an "
                               "https:// server. Put it back, or use the system's store."),
            "unusable": self.tr("That file holds no certificate the wallet can use, so it "
                                "can't reach an https:// server. Put your server's CA file "
                                "there again, or use the system's store."),
            "unreadable": self.tr("That file can't be read now, so the wallet can't reach an "
                                  "https:// server. Let the wallet read it, or use the "
                                  "system's store."),
        }.get(problem, ""))
        self.problem.setVisible(bool(problem))


class SignInCard(ui.Card):
    """360 px wide where there is room (a third of a 1366-pixel screen holds it), narrower
    on a phone: at least 360, it kept the window 416 px wide, cut on a 360-pixel phone."""

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(360, 0))


class SignInPage(ui.Page):
    """Signals: `submitted(name, password, role, create_account)`, `settings_clicked()`."""

    submitted = Signal(str, str, str, bool)
    settings_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=28)
        self.box.setContentsMargins(12, 28, 12, 28)  # the card is centred: sides for a phone
        card = SignInCard(spacing=12)
        card.setMaximumWidth(520)
        brand = ui.label("kinpay", "big")
        brand.setStyleSheet(f"color: {style.ACCENT};")
        card.box.addWidget(brand)
        card.box.addWidget(ui.label(self.tr("Spending money for your family, safely."), "muted",
                                    wrap=True))
        self.payer = ui.button(self.tr("I'm the parent"), "tab", name="rolePayer")
        self.delegate = ui.button(self.tr("I'm the child"), "tab", name="roleDelegate")
        self.roles = QButtonGroup(self)
        for b in (self.payer, self.delegate):
            b.setCheckable(True)
            b.setMinimumHeight(style.TOUCH_PX)
            self.roles.addButton(b)
        self.payer.setChecked(True)
        card.box.addLayout(ui.row(self.payer, self.delegate))
        self.name = QLineEdit()
        self.name.setObjectName("userName")
        self.name.setPlaceholderText(self.tr("Name"))
        # What a screen reader says of a field (a placeholder is gone once typed in).
        self.name.setAccessibleName(self.tr("Name"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(lambda: self._submit(False))
        self.error = ui.label("", "error", wrap=True)
        self.error.hide()
        self.sign_in = ui.button(self.tr("Sign in"), "primary", name="signInButton")
        self.sign_in.clicked.connect(lambda: self._submit(False))
        self.create_account = ui.button(self.tr("Create an account"), "link",
                                        name="createAccount")
        self.create_account.clicked.connect(lambda: self._submit(True))
        self.server = ui.label("", "muted", wrap=True)
        settings = ui.button(self.tr("Settings"), "link", name="settingsLink")
        settings.clicked.connect(self.settings_clicked)
        for w in (self.name, self.password, self.error):
            card.box.addWidget(w)
        card.box.addLayout(flow(self.sign_in, self.create_account))
        card.box.addLayout(flow(self.server, settings, stretch_at=1))
        # Centred by stretches beside it, not by the box's alignment: aligned, the card was
        # given the height its words take across the whole page, and on a wide window a
        # long message (signed out by a password change elsewhere) was clipped top and
        # bottom (live test 34 §12, ze44). Between stretches its height is the one for the
        # width it has.
        self.box.addStretch(1)
        centred = ui.row(card, stretch_at=0, spacing=0)
        centred.addStretch(1)
        self.box.addLayout(centred)
        self.box.addStretch(2)
        # The name, or the password when the name is remembered: where a person types first.
        first_field(self, lambda: self.password if self.name.text().strip() else self.name)

    def role(self) -> str:
        return "delegate" if self.delegate.isChecked() else "payer"

    def set_role(self, role: str) -> None:
        (self.delegate if role == "delegate" else self.payer).setChecked(True)

    def set_server(self, url: str) -> None:
        self.server.setText(self.tr("Server: {url}").format(url=url))

    def _submit(self, create: bool) -> None:
        if not self.sign_in.isEnabled():
            # Busy: a second Enter (or a double tap) while the first is on its way made a
            # second session, which the wallet then reported as someone else's sign-in.
            return
        name, password = self.name.text().strip(), self.password.text()
        if not name or not password:
            self.show_error(self.tr("Enter your name and password."))
            ui.set_invalid(self.name, not name)
            ui.set_invalid(self.password, not password)
            return
        if create and len(password) < 8:
            self.show_error(self.tr("A new password needs at least 8 characters."))
            ui.set_invalid(self.password, True)
            return
        self.show_error("")
        self.submitted.emit(name, password, self.role(), create)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if not text:
            ui.set_invalid(self.name, False)
            ui.set_invalid(self.password, False)

    def set_busy(self, busy: bool) -> None:
        self.sign_in.setEnabled(not busy)
        self.create_account.setEnabled(not busy)
        self.sign_in.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
