"""Settings: the server, the terminal's id and key, the camera, the offline floor limit,
the offline caps per allowance and the revocation list's age, sounds, the manager PIN.
Saved to the data folder; applied at once. (A "CA file" field waits for the settlement
client to take one: kinpay.client has no such option yet.)"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
)

from kinpay.errors import AmountError
from kinpay.money import format_minor, parse_minor
from pos_app import pin, screens
from pos_app.widgets import theme
from pos_app.widgets.keypad import button, plain_label

if TYPE_CHECKING:
    from pos_app.app import MainWindow

SIM_NAME = "Simulated tablet (demo)"


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
        found.append((sim_camera, SIM_NAME))
    if current not in [spec for spec, _ in found]:
        found.append((current, current))
    return found


def open_settings(window: MainWindow) -> QDialog:
    s = window.settings
    dlg, lay = screens.dialog(window, "Settings", "settings")
    form = QFormLayout()
    form.setVerticalSpacing(12)
    server = QLineEdit(s.server_url)
    server.setObjectName("set_server")
    terminal = QLineEdit(s.terminal_id)
    terminal.setObjectName("set_terminal")
    key = QLineEdit(s.api_key)
    key.setObjectName("set_key")
    key.setEchoMode(QLineEdit.EchoMode.Password)
    camera = QComboBox()
    camera.setObjectName("set_camera")
    camera.setEditable(True)  # a replay file or folder can be typed: file:PATH
    for spec, name in camera_choices(s.camera, s.sim_camera):
        camera.addItem(name, spec)
    camera.setCurrentIndex(camera.findData(s.camera))
    floor = QLineEdit(format_minor(s.floor_limit_minor, s.currency, symbol=False))
    floor.setObjectName("set_floor")
    count = QSpinBox()
    count.setObjectName("set_count")
    count.setRange(0, 100)
    count.setValue(s.offline_max_count)
    total = QLineEdit(format_minor(s.offline_max_sum_minor, s.currency, symbol=False))
    total.setObjectName("set_sum")
    max_age = QSpinBox()
    max_age.setObjectName("set_list_age")
    max_age.setRange(1, 24 * 14)
    max_age.setSuffix(" h")
    max_age.setValue(s.offline_list_max_age_h)
    new_pin = QLineEdit()
    new_pin.setObjectName("set_pin")
    new_pin.setEchoMode(QLineEdit.EchoMode.Password)
    new_pin.setPlaceholderText("unchanged" if s.manager_pin_hash else "not set: anyone may "
                               "refund and change settings")
    sounds = QCheckBox("Beep on a good read, buzz on a refused one")
    sounds.setObjectName("set_sounds")
    sounds.setChecked(s.sounds)
    for text, field in (("Server", server), ("Terminal id", terminal), ("Terminal key", key),
                        ("Camera", camera), (f"Offline floor limit ({s.currency})", floor),
                        ("Offline payments per allowance", count),
                        (f"Offline sum per allowance ({s.currency})", total),
                        ("Offline only with a list younger than", max_age),
                        ("Manager PIN (new)", new_pin),
                        ("Sounds", sounds)):
        label = plain_label(text)
        label.setWordWrap(True)
        label.setMinimumHeight(52)  # level with the 52-pixel-high field beside it
        label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        form.addRow(label, field)
    lay.addLayout(form)
    note = plain_label("Offline, the terminal accepts a payment only below the floor limit, the "
                  "allowance’s own offline cap, and these per-allowance caps, and only "
                  "while its list of stopped allowances is younger than the age above.")
    note.setObjectName("settings_note")
    note.setWordWrap(True)
    note.setStyleSheet(f"color: {theme.MUTED};")
    lay.addWidget(note)
    lay.addStretch(1)

    def save() -> None:
        spec = camera.currentData() if camera.currentText() == camera.itemText(
            camera.currentIndex()) else camera.currentText().strip()
        try:
            new = replace(
                s,
                server_url=server.text().strip().rstrip("/"),
                terminal_id=terminal.text().strip(),
                api_key=key.text().strip(),
                camera=str(spec or s.camera),
                floor_limit_minor=parse_minor(floor.text(), s.currency),
                offline_max_count=count.value(),
                offline_max_sum_minor=parse_minor(total.text(), s.currency),
                offline_list_max_age_h=max_age.value(),
                manager_pin_hash=(pin.hash_pin(new_pin.text()) if new_pin.text().strip()
                                  else s.manager_pin_hash),
                sounds=sounds.isChecked(),
            )
        except AmountError as exc:
            note.setText(f"That amount can't be used: {exc}")
            note.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
            return
        except pin.PinError as exc:
            note.setText(f"That PIN can't be used: {exc}.")
            note.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
            return
        if not new.server_url.startswith(("http://", "https://")):
            note.setText("The server address starts with http:// or https://")
            note.setStyleSheet(f"color: {theme.BAD}; font-weight: 700;")
            return
        window.apply_settings(new)
        dlg.accept()

    ok = button("Save", "primary", "settings_save")
    ok.clicked.connect(save)
    lay.addLayout(screens.close_row(dlg, ok))
    dlg.resize(820, 720)
    dlg.open()
    return dlg
