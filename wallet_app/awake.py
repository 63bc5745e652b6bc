"""Keep the screen awake while the code shows: a cashier can't scan a dark tablet.

Qt has no call for this, so each platform gets its own: the freedesktop ScreenSaver
inhibitor over D-Bus on Linux, SetThreadExecutionState on Windows, `caffeinate` on macOS.
Each is best effort; `requested` says whether the app asked, `held` whether the platform
agreed.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

log = logging.getLogger("kinpay.wallet")

_REASON = "showing a payment code"
STOP_WAIT_S = 2.0  # for the inhibitor process to end before it is killed


class KeepAwake:
    def __init__(self) -> None:
        self.requested = False
        self.held = False
        self._cookie: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def hold(self) -> None:
        if self.requested:
            return
        self.requested = True
        try:
            self.held = self._hold_platform()
        except Exception as exc:  # best effort: a dim screen is no crash
            log.info("can't keep the screen awake: %s", exc)
            self.held = False

    def release(self) -> None:
        if not self.requested:
            return
        self.requested = False
        try:
            self._release_platform()
        except Exception as exc:  # best effort
            log.info("can't release the screen lock: %s", exc)
        self.held = False

    def _hold_platform(self) -> bool:
        if sys.platform.startswith("linux"):
            return self._hold_dbus()
        if sys.platform == "win32":
            import ctypes

            es_continuous, es_display = 0x80000000, 0x00000002
            windll = ctypes.windll  # type: ignore[attr-defined]
            return bool(windll.kernel32.SetThreadExecutionState(es_continuous | es_display))
        if sys.platform == "darwin" and shutil.which("caffeinate"):
            self._proc = subprocess.Popen(["caffeinate", "-d"])  # noqa: S607
            return True
        return False

    def _release_platform(self) -> None:
        if self._cookie is not None:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface

            iface = QDBusInterface(
                "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver", QDBusConnection.sessionBus(),
            )
            iface.call("UnInhibit", self._cookie)
            self._cookie = None
        if sys.platform == "win32":
            import ctypes

            ctypes.windll.kernel32.SetThreadExecutionState(0x80000000)  # type: ignore[attr-defined]
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=STOP_WAIT_S)
            except subprocess.TimeoutExpired:  # it ignored SIGTERM: never leave it behind
                self._proc.kill()
                self._proc.wait(timeout=STOP_WAIT_S)
            self._proc = None

    def _hold_dbus(self) -> bool:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return False
        iface = QDBusInterface(
            "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver", bus,
        )
        if not iface.isValid():
            return False
        reply = iface.call("Inhibit", "kinpay wallet", _REASON)
        args = reply.arguments()
        if args and isinstance(args[0], int):
            self._cookie = args[0]
            return True
        return False
