"""Settings' list of the account's signed-in devices: which phones, tablets and computers
are signed in, from where, since when and when last used, and a "Sign out" for each but
this one (a phone lost, a laptop left signed in at a friend's).

The card only shows and asks: the parent's window calls the server
(wallet_app/payer/devices.py) and says here how it went. A device's name is what that
device called itself at sign-in; the address and the times are the server's.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import QSysInfo, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kinpay import l10n, schemas
from wallet_app import ui

DEVICE_NAME_MAX = schemas.DEVICE_NAME_MAX


def this_device() -> str:
    """What this device calls itself at sign-in: its host name and system ("mei-laptop ·
    Ubuntu 24.04.1 LTS"), as the owner knows it, cut to what the server keeps. Invisible
    and control characters are left out (the server refuses them)."""
    parts = [socket.gethostname().split(".")[0], QSysInfo.prettyProductName()]
    text = " · ".join(p.strip() for p in parts if p and p.strip())
    text = "".join(c for c in text if c.isprintable())
    return text[:DEVICE_NAME_MAX].strip()


class DeviceRow(QWidget):
    """One device: its name, where and when, and "This device" or a Sign out button.
    `sign_out` is None on this device's own row."""

    def __init__(self, info: schemas.SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 4)
        box.setSpacing(10)
        text = QVBoxLayout()
        text.setSpacing(2)
        name = info.device or self.tr("A device with no name")
        self.name = ui.label(name, wrap=True)
        self.name.setObjectName("deviceName")
        self.detail = ui.label(self._detail(info), "muted", wrap=True)
        text.addWidget(self.name)
        text.addWidget(self.detail)
        box.addLayout(text, 1)
        self.sign_out = None
        if info.current:
            box.addWidget(ui.label(self.tr("This device"), "pill-info"), 0,
                          Qt.AlignmentFlag.AlignVCenter)
        else:
            self.sign_out = ui.button(self.tr("Sign out"), "danger", name="signOutDevice")
            box.addWidget(self.sign_out, 0, Qt.AlignmentFlag.AlignVCenter)

    def same_device(self, info: schemas.SignedIn) -> bool:
        """Whether `info` is this row's session as it was made (only its times and address
        may have changed since)."""
        return (info.id, info.device, info.current) == (
            self.info.id, self.info.device, self.info.current)

    def show_times(self, info: schemas.SignedIn) -> None:
        """The same session listed again: its address and times as they are now."""
        self.info = info
        self.detail.setText(self._detail(info))

    def _detail(self, info: schemas.SignedIn) -> str:
        """Where from, on a line of its own; then when signed in and last used."""
        when = [self.tr("signed in {when}").format(when=l10n.format_datetime(info.started_at))]
        if not info.current:
            when.append(self.tr("last used {when}").format(
                when=l10n.format_datetime(info.seen_at)))
        lines = [self.tr("from {address}").format(address=info.address)] if info.address else []
        return "\n".join([*lines, " · ".join(when)])


class DevicesCard(ui.Card):
    """Signals: `refresh_requested()`, `sign_out_requested(session_id, device_name)`."""

    refresh_requested = Signal()
    sign_out_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=10)
        self.setObjectName("devicesCard")
        self.box.addWidget(ui.label(self.tr("Signed-in devices"), "subtitle"))
        self.box.addWidget(ui.label(self.tr(
            "Every phone, tablet and computer signed in to your account. Don't know one, or "
            "lost it? Sign it out here; if someone else may know your password, change it "
            "too."), "muted", wrap=True))
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(4)
        self.box.addLayout(self.rows_box)
        self.rows: list[DeviceRow] = []
        self.message = ui.label("", wrap=True)
        self.message.hide()
        self.box.addWidget(self.message)
        self.refresh = ui.button(self.tr("Refresh"), "link", name="refreshDevices")
        self.refresh.clicked.connect(self.refresh_requested)
        self.box.addLayout(ui.row(self.refresh, stretch_at=1))

    def show_devices(self, listed: schemas.SignedInList) -> None:
        """The list as the server gives it. A device still signed in keeps its row (the
        list is read again at every sign-in to the account, on Refresh and when Settings
        opens: a row made again deleted the "Sign out" between the parent's press and
        release, and forgot one waiting for its answer); only its times change."""
        before = {old.info.id: old for old in self.rows}
        for old in self.rows:
            self.rows_box.removeWidget(old)
        self.rows = []
        for info in listed.sessions:
            line = before.pop(info.id, None)
            if line is not None and line.same_device(info):
                line.show_times(info)
            else:
                if line is not None:
                    line.deleteLater()
                line = self._new_row(info)
            self.rows_box.addWidget(line)
            self.rows.append(line)
        for gone in before.values():
            gone.deleteLater()

    def _new_row(self, info: schemas.SignedIn) -> DeviceRow:
        line = DeviceRow(info)
        if line.sign_out is not None:
            line.sign_out.clicked.connect(lambda _c=False, r=line: self._sign_out(r))
        return line

    def _sign_out(self, line: DeviceRow) -> None:
        if line.sign_out is not None:
            line.sign_out.setEnabled(False)
        self.message.hide()
        self.sign_out_requested.emit(line.info.id, line.name.text())

    def show_signed_out(self, name: str) -> None:
        self._say(self.tr("{device} is signed out.").format(device=name), bad=False)

    def show_error(self, text: str) -> None:
        for line in self.rows:
            if line.sign_out is not None:
                line.sign_out.setEnabled(True)
        self._say(text, bad=True)

    def _say(self, text: str, *, bad: bool) -> None:
        self.message.setText(text)
        ui.set_kind(self.message, "error" if bad else "muted")
        self.message.show()
