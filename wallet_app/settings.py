"""Where the wallet keeps things: its data folder, its settings, its private files.

The data folder is, in order: `--data DIR`, the `KINPAY_WALLET_DATA` environment variable,
or the platform's app-data folder. It is made readable by the user alone (0700) and holds:

    wallet.ini          settings (QSettings, INI format): server address and its CA and
                        pins, role, name, ...
    device.json         the delegate's device file: its private key and certificate (0600)
    session.json        the delegate's session token, so the tablet syncs after a restart (0600)
    current-code.json   the code on screen now, for the demo to read (see wallet_app docs)

Settings live in the data folder rather than in the platform registry so that two wallets
(a parent's and a child's) run side by side on one machine, and tests stay apart.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

from kinpay.device import save_json_private
from wallet_app.errors import DataFolderError, ServerAddressError

ENV_DATA = "KINPAY_WALLET_DATA"
DEFAULT_SERVER_URL = "http://127.0.0.1:8700"
DEVICE_FILE = "device.json"
SESSION_FILE = "session.json"
CODE_FILE = "current-code.json"
SETTINGS_FILE = "wallet.ini"
MAX_URL_CHARS = 200
translate = QCoreApplication.translate


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "kinpay-wallet"


def check_server_url(text: str) -> str:
    """The address as the client wants it, or ServerAddressError saying what is wrong."""
    url = text.strip().rstrip("/")
    if not url:
        raise ServerAddressError(translate(
            "Settings", "Enter the server's address, like http://192.168.1.5:8700"))
    if len(url) > MAX_URL_CHARS:
        raise ServerAddressError(translate("Settings", "That address is too long"))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ServerAddressError(translate("Settings",
                                           "The address starts with http:// or https://"))
    if not parts.hostname:
        raise ServerAddressError(translate("Settings",
                                           "The address needs a host name or IP address"))
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:  # urllib's own words name no field: say ours
        raise ServerAddressError(translate(
            "Settings", "The port must be a number from 1 to 65535")) from exc
    return url


@dataclass
class DataFolder:
    path: Path

    def __post_init__(self) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            os.chmod(self.path, 0o700)
        except OSError as exc:  # a file in the way, no permission, a read-only disk
            raise DataFolderError(f"can't use {self.path} as the data folder: {exc}") from exc

    @property
    def device_path(self) -> Path:
        return self.path / DEVICE_FILE

    @property
    def session_path(self) -> Path:
        return self.path / SESSION_FILE

    @property
    def code_path(self) -> Path:
        return self.path / CODE_FILE

    @property
    def settings_path(self) -> Path:
        return self.path / SETTINGS_FILE

    def settings(self) -> QSettings:
        # Made 0600 before Qt first writes it: Qt keeps an existing file's mode when it
        # rewrites it, and would otherwise create it with the umask's (often 0644).
        fd = os.open(self.settings_path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(self.settings_path, 0o600)
        return QSettings(str(self.settings_path), QSettings.Format.IniFormat)

    def write_private(self, path: Path, data: dict[str, Any]) -> None:
        save_json_private(path, data)

    def read_json(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def forget(self, path: Path) -> None:
        path.unlink(missing_ok=True)


class Settings:
    """Typed access to the wallet's QSettings."""

    def __init__(self, folder: DataFolder) -> None:
        self._q = folder.settings()

    def _str(self, key: str, default: str = "") -> str:
        value = self._q.value(key, default)
        return str(value) if value is not None else default

    @property
    def server_url(self) -> str:
        return self._str("server_url", DEFAULT_SERVER_URL)

    @server_url.setter
    def server_url(self, value: str) -> None:
        self._q.setValue("server_url", check_server_url(value))

    # The trust the server was given with (`kinpay --ca FILE --pin SHA256 wallet`), kept
    # with its address by kinpay.trust.remember_trust, as the till keeps its own.
    @property
    def ca_file(self) -> str:
        return self._str("ca_file")

    @ca_file.setter
    def ca_file(self, value: str) -> None:
        self._q.setValue("ca_file", value)

    @property
    def server_pins(self) -> str:
        return self._str("server_pins")  # comma-separated, as $KINPAY_SERVER_PIN

    @server_pins.setter
    def server_pins(self, value: str) -> None:
        self._q.setValue("server_pins", value)

    @property
    def role(self) -> str:
        role = self._str("role", "payer")
        return role if role in ("payer", "delegate") else "payer"

    @role.setter
    def role(self, value: str) -> None:
        self._q.setValue("role", value)

    @property
    def user_name(self) -> str:
        return self._str("user_name")

    @user_name.setter
    def user_name(self, value: str) -> None:
        self._q.setValue("user_name", value)

    @property
    def fullscreen(self) -> bool:
        return self._str("fullscreen", "false").lower() in ("true", "1")

    @fullscreen.setter
    def fullscreen(self, value: bool) -> None:
        self._q.setValue("fullscreen", "true" if value else "false")

    def get(self, key: str, default: str = "") -> str:
        return self._str(key, default)

    def put(self, key: str, value: str | int) -> None:
        self._q.setValue(key, str(value))

    def sync(self) -> None:
        self._q.sync()
