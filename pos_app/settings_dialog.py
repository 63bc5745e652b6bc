"""Settings: the server, the terminal's id and key, the camera, the offline floor limit,
the offline caps per allowance and the revocation list's age, sounds, the manager PIN.
Saved to the data folder; applied at once.

Under the server's address, what the till trusts it by, in words: the system's certificate
store, or the shop's own CA file and pins it keeps with the address (`remember_trust`, at
the start), and a kept CA file it can't use now. "Use the system's store" lets them go, as
a new server address does (as `--server` does on the command line); saved, the till's
clients, which read them from $KINPAY_CA_FILE and $KINPAY_SERVER_PIN (kinpay.tls), no
longer get them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kinpay import l10n
from kinpay.errors import AmountError
from kinpay.money import format_minor
from kinpay.tls import pins_of
from kinpay.trust import breakable_path, ca_file_problem, use_trust
from pos_app import i18n
from pos_app.cameras import NO_CAMERA
from pos_app.core import pin
from pos_app.core.amounts import read_amount
from pos_app.core.errors import CommaError
from pos_app.widgets import theme
from pos_app.widgets.dialogs import DialogHost, close_row, dialog, fit
from pos_app.widgets.inputs import ComboBox, SpinBox
from pos_app.widgets.keypad import button, plain_label
from pos_app.words import QT_TRANSLATE_NOOP, amount_refused, plural

if TYPE_CHECKING:
    from pos_app.settings import Settings

SIM_NAME = QT_TRANSLATE_NOOP("Settings", "Simulated tablet (demo)")
translate = QCoreApplication.translate


def camera_choices(current: str, sim_camera: str) -> list[tuple[str, str]]:
    """(spec, name) of the cameras that exist, the demo's simulated tablet if this
    terminal has one (a bare "sim" shows codes no server knows, so it is never offered),
    and the current camera whatever it is."""
    try:
        from pos_app.scan.camera import list_cameras

        found = [(c.spec, f"{c.name} ({c.spec})") for c in list_cameras()]
    except Exception:  # a machine without video devices: offer what needs none
        found = []
    if sim_camera.startswith("sim:"):
        found.append((sim_camera, translate("Settings", SIM_NAME)))
    found.append((NO_CAMERA, translate("Settings", "No camera (a barcode scanner, or typed "
                                                   "codes)")))
    if current not in [spec for spec, _ in found]:
        found.append((current, current))
    return found


def _line(text: str, name: str, *, secret: bool = False) -> QLineEdit:
    field = QLineEdit(text)
    field.setObjectName(name)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    # Its start in view, not its end: a key longer than the field opened scrolled to its
    # last dot, the first one cut in half at the field's edge (live 33 §13).
    field.setCursorPosition(0)
    return field


def _spin(value: int, name: str, top: int, suffix: str = "") -> SpinBox:
    spin = SpinBox()
    spin.setObjectName(name)
    spin.setRange(0 if not suffix else 1, top)
    spin.setSuffix(suffix)
    spin.setValue(value)
    return spin


def _fields(s: Settings) -> dict[str, QWidget]:
    """The form's fields, by the Settings name they edit (plus "pin", a new PIN)."""
    camera = ComboBox()
    camera.setObjectName("set_camera")
    camera.setEditable(True)  # a replay file or folder can be typed
    for spec, name in camera_choices(s.camera, s.sim_camera):
        camera.addItem(name, spec)
    camera.setCurrentIndex(camera.findData(s.camera))
    new_pin = _line("", "set_pin", secret=True)
    new_pin.setPlaceholderText(
        translate("Settings", "unchanged") if s.manager_pin_hash
        else translate("Settings", "not set: anyone may refund and change settings"))
    # Typed twice: masked, a slip of a key locked the manager out of refunds and Settings.
    again = _line("", "set_pin_again", secret=True)
    again.setPlaceholderText(translate("Settings", "type the new PIN again"))
    sounds = QCheckBox(translate("Settings", "Beep on a good read, buzz on a refused one"))
    sounds.setObjectName("set_sounds")
    sounds.setChecked(s.sounds)
    def money(minor: int) -> str:
        return format_minor(minor, s.currency, symbol=False)

    return {
        "server_url": _line(s.server_url, "set_server"),
        "terminal_id": _line(s.terminal_id, "set_terminal"),
        "api_key": _line(s.api_key, "set_key", secret=True),
        "camera": camera,
        "confirm_above_minor": _line(money(s.confirm_above_minor), "set_confirm_above"),
        "floor_limit_minor": _line(money(s.floor_limit_minor), "set_floor"),
        "offline_max_count": _spin(s.offline_max_count, "set_count", 100),
        "offline_max_sum_minor": _line(money(s.offline_max_sum_minor), "set_sum"),
        "offline_list_max_age_h": _spin(s.offline_list_max_age_h, "set_list_age", 24 * 14,
                                        translate("Settings", " h")),
        "pin": new_pin,
        "pin_again": again,
        "sounds": sounds,
        "language": language_combo(s.language),
    }


# --- what the till trusts its server by --------------------------------------------------

def ca_problem(ca_file: str) -> str:
    """What keeps the till from using the CA file now, in words; empty if nothing does."""
    problem = ca_file_problem(ca_file)
    if problem == "unusable":
        return translate("Settings", "That file holds no certificate the till can use, so "
                                     "it can't reach an https:// server. Put the shop's CA "
                                     "file there again, or use the system's store.")
    if problem == "missing":
        return translate("Settings", "That file is not there now, so the till can't reach "
                                     "an https:// server. Put it back, or use the system's "
                                     "store.")
    if problem:
        return translate("Settings", "That file can't be read now, so the till can't reach "
                                     "an https:// server. Let the till read it, or use the "
                                     "system's store.")
    return ""


class TrustCounts(QObject):
    """The pins counted, with Qt's plural forms (`tr(text, "", n)`, as pos_app.words.Counts:
    lupdate marks a plural only in a QObject's tr; the English forms in kinpay_en.ts)."""

    def pinned(self, n: int) -> str:
        return plural(self.tr("pinned: %n certificate(s)", "", n), n)

    def pinned_only(self, n: int) -> str:
        return plural(self.tr("only the pinned certificate(s): %n", "", n), n)


def trust_words(ca_file: str, server_pins: str) -> str:
    """What the till trusts its server by, for the "Trusts" row."""
    n = len(pins_of(server_pins))
    if not ca_file:
        if n:  # the pin alone is the trust (kinpay.tls)
            return TrustCounts().pinned_only(n)
        return translate("Settings", "the system's certificate store")
    words = translate("Settings", "the shop's own certificate authority, {path}").format(
        path=breakable_path(ca_file))
    if n:
        words = translate("Settings", "{trust};\n{pinned}").format(
            trust=words, pinned=TrustCounts().pinned(n))
    return words


def _address(text: str) -> str:
    return text.strip().rstrip("/")


class _Trust:
    """The "Trusts" row: the kept trust in words, and "Use the system's store", which lets
    it go at Save, as another server address typed above does."""

    def __init__(self, s: Settings, server: QLineEdit) -> None:
        self.kept = (s.ca_file, s.server_pins)
        self.address = _address(s.server_url)
        self.server = server
        self.dropped = False
        self.words = plain_label("", "set_trust")
        self.words.setWordWrap(True)
        self.words.setMinimumHeight(52)  # level with the row's name, as a field is
        self.words.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        # Named apart from the form's "set_…" fields: hidden at times, inside set_trust_row.
        self.problem = plain_label("", "trust_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
        self.system = button(translate("Settings", "Use the system's store"), None,
                             "trust_system")
        self.system.clicked.connect(self.drop)
        self.widget = QWidget()
        self.widget.setObjectName("set_trust_row")
        lay = QVBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        lay.addWidget(self.words)
        lay.addWidget(self.problem)
        lay.addWidget(self.system, 0, Qt.AlignmentFlag.AlignLeft)
        server.textChanged.connect(lambda _text: self.refresh())
        self.refresh()

    def moved(self) -> bool:
        """Another server address typed: the old one's trust is not this one's."""
        return _address(self.server.text()) != self.address

    def going(self) -> bool:
        return any(self.kept) and (self.dropped or self.moved())

    def drop(self) -> None:
        self.dropped = True
        self.refresh()

    def refresh(self) -> None:
        problem = ""
        if not any(self.kept):
            words = trust_words("", "")
        elif self.moved():
            words = translate("Settings", "the system's certificate store, once saved: a new "
                                          "server address does not keep the old one's "
                                          "certificates")
        elif self.dropped:
            words = translate("Settings", "the system's certificate store, once saved")
        else:
            words = trust_words(*self.kept)
            problem = ca_problem(self.kept[0]) if self.kept[0] else ""
        self.words.setText(words)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.system.setVisible(not self.going() and any(self.kept))

    def settings_for(self, new: Settings) -> Settings:
        return replace(new, ca_file="", server_pins="") if self.going() else new


def language_combo(stored: str) -> ComboBox:
    """English / 简体中文 / 繁體中文, the language in force chosen (each named in itself)."""
    combo = ComboBox()
    combo.setObjectName("set_language")
    for code, name in i18n.language_names():
        combo.addItem(name, code)
    combo.setCurrentIndex(max(0, combo.findData(stored or l10n.language())))
    return combo


def _labels(s: Settings) -> dict[str, str]:
    return {
        "server_url": translate("Settings", "Server"),
        "terminal_id": translate("Settings", "Terminal id"),
        "api_key": translate("Settings", "Terminal key"),
        "camera": translate("Settings", "Camera"),
        "confirm_above_minor": translate("Settings", "Check a sale above ({currency})").format(
            currency=s.currency),
        "floor_limit_minor": translate("Settings", "Offline floor limit ({currency})").format(
            currency=s.currency),
        "offline_max_count": translate("Settings", "Offline payments per allowance"),
        "offline_max_sum_minor": translate("Settings", "Offline sum per allowance "
                                                       "({currency})").format(currency=s.currency),
        "offline_list_max_age_h": translate("Settings", "Offline only with a list younger than"),
        "pin": translate("Settings", "Manager PIN (new)"),
        "pin_again": translate("Settings", "Manager PIN (again)"),
        "sounds": translate("Settings", "Sounds"),
        "language": translate("Settings", "Language (applies at the next start)"),
    }


def _read(s: Settings, f: dict[str, Any]) -> Settings:
    """The settings the form says; raises AmountError, pin.PinError or pin.PinsDiffer."""
    camera = f["camera"]
    spec = camera.currentData() if camera.currentText() == camera.itemText(
        camera.currentIndex()) else camera.currentText().strip()
    typed_pin = f["pin"].text().strip()
    if typed_pin != f["pin_again"].text().strip():
        raise pin.PinsDiffer("the new PIN and its second typing differ")
    return replace(
        s,
        server_url=f["server_url"].text().strip().rstrip("/"),
        terminal_id=f["terminal_id"].text().strip(),
        api_key=f["api_key"].text().strip(),
        camera=str(spec or s.camera),
        confirm_above_minor=read_amount(f["confirm_above_minor"].text(), s.currency),
        floor_limit_minor=read_amount(f["floor_limit_minor"].text(), s.currency),
        offline_max_count=f["offline_max_count"].value(),
        offline_max_sum_minor=read_amount(f["offline_max_sum_minor"].text(), s.currency),
        offline_list_max_age_h=f["offline_list_max_age_h"].value(),
        manager_pin_hash=pin.hash_pin(typed_pin) if typed_pin else s.manager_pin_hash,
        sounds=f["sounds"].isChecked(),
        language=str(f["language"].currentData() or s.language),
    )


def _refusal(error: Exception, fields: dict[str, Any]) -> str:
    """What Save says of a form it can't save. A new PIN typed twice differently: nothing
    is saved, and both PIN fields are emptied to be typed again."""
    if isinstance(error, pin.PinsDiffer):
        for name in ("pin", "pin_again"):
            cast(QLineEdit, fields[name]).clear()
        fields["pin"].setFocus()
        return translate("Settings", "The two PINs typed are not the same, so the PIN is "
                         "unchanged and nothing was saved. Type the new PIN in both fields "
                         "again.")
    if isinstance(error, pin.PinError):
        return translate("Settings", "That PIN can't be used: a manager PIN is {low} to "
                         "{high} digits.").format(low=pin.MIN_DIGITS, high=pin.MAX_DIGITS)
    return amount_refused(error, translate("Settings", "That amount can't be used: type it "
                                                       "like 12.50."))


def open_settings(host: DialogHost, s: Settings, apply: Callable[[Settings], None]) -> QDialog:
    """The settings form; Save hands the new settings to `apply` (the window's)."""
    dlg, lay = dialog(host, translate("Settings", "Settings"), "settings")
    # The fields scroll between the title and Save: eleven rows are taller than a
    # 768-pixel screen, and Save was below its edge (found live at 1366x768).
    body = QWidget()
    body.setObjectName("settings_body")
    body.setStyleSheet("#settings_body { background: transparent; }")
    form = QFormLayout(body)
    form.setContentsMargins(0, 0, 8, 0)
    form.setVerticalSpacing(12)
    fields = _fields(s)
    trust = _Trust(s, cast(QLineEdit, fields["server_url"]))
    rows = list(_labels(s).items())
    at = [name for name, _ in rows].index("server_url") + 1  # beside the address it is kept with
    rows.insert(at, ("trust", translate("Settings", "Trusts")))
    for name, text in rows:
        label = plain_label(text)
        label.setWordWrap(True)
        label.setMinimumHeight(52)  # level with the 52-pixel-high field beside it
        label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        if name != "trust":  # the label names its field to a screen reader
            label.setBuddy(fields[name])
        form.addRow(label, trust.widget if name == "trust" else fields[name])
    note = plain_label(translate(
        "Settings", "Offline, the terminal accepts a payment only below the floor limit, the "
        "allowance’s own offline cap, and these per-allowance caps, and only while its list of "
        "stopped allowances is younger than the age above."), "settings_note")
    note.setWordWrap(True)
    note.setStyleSheet(f"color: {theme.MUTED};")
    form.addRow(note)
    scroll = QScrollArea()
    scroll.setObjectName("settings_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.viewport().setAutoFillBackground(False)
    scroll.setWidget(body)
    lay.addWidget(scroll, 1)

    def refuse(text: str) -> None:
        note.setText(text)
        note.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
        scroll.ensureWidgetVisible(note)  # under the fields: scrolled to, not missed

    def save() -> None:
        try:
            new = _read(s, fields)
        except (AmountError, CommaError, pin.PinError, pin.PinsDiffer) as error:
            refuse(_refusal(error, fields))
            return
        if not new.server_url.startswith(("http://", "https://")):
            refuse(translate("Settings", "The server address starts with http:// or https://"))
            return
        new = trust.settings_for(new)
        if (new.ca_file, new.server_pins) != (s.ca_file, s.server_pins):
            use_trust(new, os.environ)  # before `apply`: the clients it makes read them
        apply(new)
        dlg.accept()

    ok = button(translate("Settings", "Save"), "primary", "settings_save")
    ok.clicked.connect(save)
    lay.addLayout(close_row(dlg, ok))
    # As tall as the till's window allows, at most 720 px: title, Save and Close in view.
    fit(dlg, host, 820, max(320, min(720, host.parent.window().height() - 24)))
    dlg.open()
    return dlg
