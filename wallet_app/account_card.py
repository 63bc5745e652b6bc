"""Settings' account card, signed in: sign out, a new password, sign out everywhere.

A phone left unlocked keeps a session for hours. A new password ends every other session
of the account at once (this one stays signed in); "Sign out everywhere" ends them all,
this one too, after a confirmation. The card only asks: the window calls the server and
says here how it went (`show_changed`, `show_error`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from wallet_app import ui
from wallet_app.payer.dialogs import NarrowDialog

MIN_PASSWORD = 8  # the server's rules for a new password (kinpay.schemas.Password)
MAX_PASSWORD = 128
SECTION_GAP_PX = 10  # above each part of the card, beside the layout's own spacing


class ConfirmSignOutEverywhere(NarrowDialog):
    """“Sign out everywhere?” — every phone, tablet and computer, this one too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = self._confirm_box(self.tr("Sign out everywhere"))
        box.addWidget(ui.label(self.tr("Sign out everywhere?"), "title", wrap=True))
        box.addWidget(ui.label(self.tr(
            "Every phone, tablet and computer signed in to this account is signed out at "
            "once, this one too. Your password stays the same: if someone else may know it, "
            "change it instead."), wrap=True))
        self.keep, self.confirm = self._keep_or_go(
            box, (self.tr("Cancel"), "keepSignedIn"),
            (self.tr("Sign out everywhere"), "confirmSignOutEverywhere"))


class AccountCard(ui.Card):
    """Signals: `sign_out_clicked()`, `password_change_requested(current, new)` once the
    fields are filled in as the server's rules ask, `sign_out_everywhere_confirmed()`."""

    sign_out_clicked = Signal()
    password_change_requested = Signal(str, str)
    sign_out_everywhere_confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=10)
        self.dialog: ConfirmSignOutEverywhere | None = None
        self.box.addWidget(ui.label(self.tr("Account"), "subtitle"))
        self.signed_in_as = ui.label("", "muted")
        self.box.addWidget(self.signed_in_as)
        sign_out = ui.button(self.tr("Sign out"), "danger", name="signOut")
        sign_out.clicked.connect(self.sign_out_clicked)
        self.box.addLayout(ui.row(sign_out, stretch_at=1))
        self.box.addSpacing(SECTION_GAP_PX)
        self.box.addWidget(ui.label(self.tr("Change password"), "subtitle"))
        self.box.addWidget(ui.label(self.tr(
            "Every other phone, tablet and computer signed in to this account is signed "
            "out; this one stays."), "muted", wrap=True))
        self.current = self._password("currentPassword", self.tr("Current password"))
        self.new = self._password("newPassword", self.tr("New password"))
        self.repeat = self._password("repeatPassword", self.tr("New password again"))
        # Enter goes on to the next field, and from the last one changes the password.
        self.current.returnPressed.connect(self.new.setFocus)
        self.new.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self._change)
        self.message = ui.label("", wrap=True)
        self.message.hide()
        self.change = ui.button(self.tr("Change password"), "primary", name="changePassword")
        self.change.clicked.connect(self._change)
        for w in (self.current, self.new, self.repeat, self.message):
            self.box.addWidget(w)
        self.box.addLayout(ui.row(self.change, stretch_at=1))
        self.box.addSpacing(SECTION_GAP_PX)
        self.box.addWidget(ui.label(self.tr("Sign out everywhere"), "subtitle"))
        self.box.addWidget(ui.label(self.tr(
            "A phone lost or left signed in? End every session of this account, this one "
            "too."), "muted", wrap=True))
        self.everywhere = ui.button(self.tr("Sign out everywhere…"), "danger",
                                    name="signOutEverywhere")
        self.everywhere.clicked.connect(self.confirm_sign_out_everywhere)
        self.box.addLayout(ui.row(self.everywhere, stretch_at=1))

    def _password(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(placeholder)  # what a screen reader says of it
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_PASSWORD)
        return field

    def _problem(self) -> tuple[QLineEdit | None, str]:
        """The field that is wrong and what is wrong with it, or (None, "")."""
        if not self.current.text():
            return self.current, self.tr("Enter your current password.")
        if len(self.new.text().strip()) < MIN_PASSWORD:
            return self.new, self.tr("A new password needs at least 8 characters.")
        if self.new.text() != self.repeat.text():
            return self.repeat, self.tr("The two new passwords are not the same.")
        return None, ""

    def _change(self) -> None:
        for field in (self.current, self.new, self.repeat):
            ui.set_invalid(field, False)
        wrong, problem = self._problem()
        if wrong is not None:
            ui.set_invalid(wrong, True)
            self._say(problem, bad=True)
            return
        self.message.hide()
        self.set_busy(True)
        self.password_change_requested.emit(self.current.text(), self.new.text())

    def set_busy(self, busy: bool) -> None:
        self.change.setEnabled(not busy)
        self.everywhere.setEnabled(not busy)

    def show_changed(self) -> None:
        """The server took the new password: the fields are emptied."""
        self.set_busy(False)
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self._say(self.tr("Password changed. Every other phone, tablet and computer signed "
                          "in to this account is signed out."), bad=False)

    def show_error(self, text: str, *, wrong_current: bool = False) -> None:
        self.set_busy(False)
        if wrong_current:
            self.current.clear()
            ui.set_invalid(self.current, True)
        self._say(text, bad=True)

    def confirm_sign_out_everywhere(self) -> None:
        dialog = ConfirmSignOutEverywhere(self)
        dialog.accepted.connect(self._everywhere_confirmed)
        self.dialog = dialog
        dialog.open()

    def _everywhere_confirmed(self) -> None:
        self.set_busy(True)
        self.sign_out_everywhere_confirmed.emit()

    def _say(self, text: str, *, bad: bool) -> None:
        self.message.setText(text)
        ui.set_kind(self.message, "error" if bad else "muted")
        self.message.show()
        # In view, and the focus back on the button (disabled while the server was asked,
        # the focus had moved down to the devices list, and the page scrolled after it:
        # "Password changed." was above the part of the page in view).
        if self.change.isEnabled():
            self.change.setFocus()
        ui.bring_into_view(self.message)
