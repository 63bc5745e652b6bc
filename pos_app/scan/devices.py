"""The webcams this machine has, for a chooser (Settings), without opening any on Linux
(opening one can disturb the app that uses it)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import cv2

MAX_DEVICE_INDEX = 64
PROBE_INDICES = 4  # where /dev is not there to list, how many indices list_cameras tries


@dataclass(frozen=True, slots=True)
class CameraInfo:
    """A camera a chooser can offer: the spec to open it with and a name to show."""

    spec: str
    name: str


def on_linux() -> bool:
    return sys.platform.startswith("linux")


def list_cameras() -> list[CameraInfo]:
    """The webcams there are, for a chooser (opens none on Linux, so none is disturbed)."""
    if on_linux():
        return _linux_cameras()
    found = []
    for index in range(PROBE_INDICES):
        cap = cv2.VideoCapture(index)
        try:
            if cap.isOpened():
                found.append(CameraInfo(str(index), f"camera {index}"))
        finally:
            cap.release()
    return found


def _linux_cameras() -> list[CameraInfo]:
    found = []
    nodes = sorted(Path("/dev").glob("video*"), key=lambda p: (len(p.name), p.name))
    for node in nodes[:MAX_DEVICE_INDEX]:
        sysfs = Path("/sys/class/video4linux") / node.name
        # A UVC webcam also makes a metadata node (index 1) that gives no pictures.
        if _read_text(sysfs / "index") not in ("", "0"):
            continue
        name = _read_text(sysfs / "name") or node.name
        found.append(CameraInfo(str(node), name))
    return found


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
