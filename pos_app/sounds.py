"""Sounds at the counter: a beep on a good read, a buzz on a refused one, a chime when
approved. They fail soft: without QtMultimedia or an audio device the terminal is silent
and says nothing about it, because a missing speaker must never stop a sale.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "assets" / "sounds"
KINDS = ("good", "bad", "approved")
log = logging.getLogger(__name__)


class Sounds(QObject):
    """`play(kind)`; `played` is emitted for every sound asked for (tests listen to it)."""

    played = Signal(str)

    def __init__(self, enabled: bool = True, folder: Path = SOUNDS_DIR,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, object] = {}
        self.available = False
        if enabled:
            self._load(folder)

    def _load(self, folder: Path) -> None:
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError as exc:  # no libpulse or no multimedia plugin: stay silent
            log.info("sounds off: %s", exc)
            return
        for kind in KINDS:
            path = folder / f"{kind}.wav"
            if path.is_file():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(0.8)
                self._effects[kind] = effect
        self.available = bool(self._effects)

    def play(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"no sound {kind!r}")
        self.played.emit(kind)
        if not self.enabled:
            return
        effect = self._effects.get(kind)
        if effect is not None:
            try:
                effect.play()  # type: ignore[attr-defined]
            except RuntimeError:
                pass  # the audio device went away mid-shift: silence, not a crash
