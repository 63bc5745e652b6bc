"""The terminal's settings, kept in `settings.ini` in its data folder (QSettings).

Command-line options win over what is stored, and are stored, so the next start without
them uses the same server and terminal. The file holds the terminal's API key and the
manager PIN's hash: it is 0600 in a 0700 folder.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from PySide6.QtCore import QSettings

from pos_app.core.store import FILE_MODE, private_dir

FILE = "settings.ini"


@dataclass
class Settings:
    server_url: str = "http://127.0.0.1:8400"
    terminal_id: str = ""
    api_key: str = ""
    camera: str = "0"
    floor_limit_minor: int = 2000
    confirm_above_minor: int = 100_000  # a larger sale is shown to check (pos_app.big_amount)
    offline_max_count: int = 3
    offline_max_sum_minor: int = 5000
    offline_list_max_age_h: int = 24  # no offline payment on an older revocation list
    manager_pin_hash: str = ""  # pos_app.core.pin; empty: refunds and Settings are open
    sim_camera: str = ""  # the last "sim:…" camera used: the settings keep offering it
    sounds: bool = True
    timeout_s: float = 2.0
    merchant: str = ""
    shop_category: str = ""  # the server's word for the shop (offline: no age-restricted)
    currency: str = "CNY"
    language: str = ""  # en, zh_CN or zh_TW (kinpay.l10n); empty: the system's
    # The trust the server was given with (`kinpay --ca FILE --pin SHA256 pos`), kept with
    # its address: kinpay.trust.remember_trust.
    ca_file: str = ""
    server_pins: str = ""  # comma-separated, as $KINPAY_SERVER_PIN

    @classmethod
    def load(cls, folder: Path) -> Settings:
        path = Path(folder) / FILE
        if path.exists():
            path.chmod(FILE_MODE)  # a file an older terminal left readable
        store = QSettings(str(path), QSettings.Format.IniFormat)
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = store.value(f.name)
            if raw is None:
                continue
            default = getattr(cls(), f.name)
            try:
                if isinstance(default, bool):
                    values[f.name] = str(raw).lower() in ("true", "1", "yes")
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = str(raw)
            except (TypeError, ValueError):
                continue  # a hand-edited value that makes no sense: the default stands
        return cls(**values)  # type: ignore[arg-type]  # each value has its field's type

    def save(self, folder: Path) -> None:
        if self.camera.startswith("sim:"):
            self.sim_camera = self.camera  # offered again after another camera is chosen
        path = private_dir(folder) / FILE
        store = QSettings(str(path), QSettings.Format.IniFormat)
        for name, value in asdict(self).items():
            store.setValue(name, value)
        store.sync()
        # QSettings writes a new file and renames it over the old one, with the process's
        # umask: tighten it at once (the 0700 folder already keeps others out meanwhile).
        path.chmod(FILE_MODE)

    def save_one(self, folder: Path, name: str) -> None:
        """Store one setting the server told (the shop's category), the file's others left
        as they are: the window's may be command-line options not meant to be kept."""
        path = private_dir(folder) / FILE
        store = QSettings(str(path), QSettings.Format.IniFormat)
        store.setValue(name, getattr(self, name))
        store.sync()
        path.chmod(FILE_MODE)
