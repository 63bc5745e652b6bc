"""Sign-in (where the role is chosen) and settings (the server's address)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QLineEdit, QWidget

from wallet_app import style, ui
from wallet_app.errors import ServerAddressError
from wallet_app.settings import check_server_url


class SettingsPage(ui.Page):
    """Signals: `server_changed(url)` with a checked address, `sign_out_clicked()`,
    `back_clicked()` (shown before sign-in only)."""

    server_changed = Signal(str)
    sign_out_clicked = Signal()
    back_clicked = Signal()

    def __init__(self, server_url: str, *, signed_in: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = ui.Card(spacing=10)
        card.box.addWidget(ui.label("Settings", "title"))
        card.box.addWidget(ui.label("Server address", "subtitle"))
        card.box.addWidget(ui.label(
            "Where your family's kinpay server runs. Ask whoever set it up.", "muted", wrap=True))
        self.url = QLineEdit(server_url)
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("http://192.168.1.5:8700")
        self.url.returnPressed.connect(self._save)
        self.message = ui.label("", wrap=True)
        self.message.hide()
        self.save = ui.button("Save", "primary", name="saveServer")
        self.save.clicked.connect(self._save)
        card.box.addWidget(self.url)
        card.box.addWidget(self.message)
        card.box.addLayout(ui.row(self.save, stretch_at=1))
        self.box.addWidget(card)
        if signed_in:
            account = ui.Card()
            account.box.addWidget(ui.label("Account", "subtitle"))
            self.signed_in_as = ui.label("", "muted")
            account.box.addWidget(self.signed_in_as)
            sign_out = ui.button("Sign out", "danger", name="signOut")
            sign_out.clicked.connect(self.sign_out_clicked)
            account.box.addLayout(ui.row(sign_out, stretch_at=1))
            self.box.addWidget(account)
        else:
            back = ui.button("← Back to sign in", name="backToSignIn")
            back.clicked.connect(self.back_clicked)
            self.box.addLayout(ui.row(back, stretch_at=1))
        self.box.addStretch(1)

    def set_user(self, name: str, role: str) -> None:
        if hasattr(self, "signed_in_as"):
            who = "parent" if role == "payer" else "child"
            self.signed_in_as.setText(f"Signed in as {name} ({who})")

    def _save(self) -> None:
        try:
            url = check_server_url(self.url.text())
        except ServerAddressError as exc:
            self._say(str(exc), bad=True)
            return
        self.url.setText(url)
        self._say("Saved. New connections use this address.", bad=False)
        self.server_changed.emit(url)

    def _say(self, text: str, *, bad: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("kind", "error" if bad else "muted")
        ui.set_kind(self.message, "error" if bad else "muted")
        ui.set_invalid(self.url, bad)
        self.message.show()


class SignInPage(ui.Page):
    """Signals: `submitted(name, password, role, create_account)`, `settings_clicked()`."""

    submitted = Signal(str, str, str, bool)
    settings_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=28)
        card = ui.Card(spacing=12)
        card.setMinimumWidth(360)  # fits a window in a third of a 1366-pixel screen
        card.setMaximumWidth(520)
        brand = ui.label("kinpay", "big")
        brand.setStyleSheet(f"color: {style.ACCENT};")
        card.box.addWidget(brand)
        card.box.addWidget(ui.label("Spending money for your family, safely.", "muted"))
        self.payer = ui.button("I'm the parent", "tab", name="rolePayer")
        self.delegate = ui.button("I'm the child", "tab", name="roleDelegate")
        self.roles = QButtonGroup(self)
        for b in (self.payer, self.delegate):
            b.setCheckable(True)
            b.setMinimumHeight(style.TOUCH_PX)
            self.roles.addButton(b)
        self.payer.setChecked(True)
        card.box.addLayout(ui.row(self.payer, self.delegate))
        self.name = QLineEdit()
        self.name.setObjectName("userName")
        self.name.setPlaceholderText("Name")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setPlaceholderText("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(lambda: self._submit(False))
        self.error = ui.label("", "error", wrap=True)
        self.error.hide()
        self.sign_in = ui.button("Sign in", "primary", name="signInButton")
        self.sign_in.clicked.connect(lambda: self._submit(False))
        self.create_account = ui.button("Create an account", "link", name="createAccount")
        self.create_account.clicked.connect(lambda: self._submit(True))
        self.server = ui.label("", "muted")
        settings = ui.button("Settings", "link", name="settingsLink")
        settings.clicked.connect(self.settings_clicked)
        for w in (self.name, self.password, self.error):
            card.box.addWidget(w)
        card.box.addLayout(ui.row(self.sign_in, self.create_account, stretch_at=2))
        card.box.addLayout(ui.row(self.server, settings, stretch_at=1))
        self.box.addStretch(1)
        self.box.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.addStretch(2)

    def role(self) -> str:
        return "delegate" if self.delegate.isChecked() else "payer"

    def set_role(self, role: str) -> None:
        (self.delegate if role == "delegate" else self.payer).setChecked(True)

    def set_server(self, url: str) -> None:
        self.server.setText(f"Server: {url}")

    def _submit(self, create: bool) -> None:
        name, password = self.name.text().strip(), self.password.text()
        if not name or not password:
            self.show_error("Enter your name and password.")
            ui.set_invalid(self.name, not name)
            ui.set_invalid(self.password, not password)
            return
        if create and len(password) < 8:
            self.show_error("A new password needs at least 8 characters.")
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
        self.sign_in.setText("Signing in…" if busy else "Sign in")
