"""The status bar: online or offline, the offline queue, pending sales, the camera."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from pos_app.widgets import theme
from pos_app.widgets.keypad import plain_label


class NoteLabel(QLabel):
    """One line that ends with "…" where the window cuts it (its text stays whole, and is
    its tooltip): at a 600-px till the note read "Offline pay", cut mid-word."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("elides", True)

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect()
        if self.indent() < 0 and self.frameWidth() > 0:  # as QLabel draws it (its padding)
            room.adjust(self.fontMetrics().horizontalAdvance("x") // 2, 0, 0, 0)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              room.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, room, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.link = plain_label(self.tr("● Connecting…"))
        self.link.setObjectName("status_link")
        self.queue = plain_label("")
        self.queue.setObjectName("status_queue")
        self.camera = plain_label("")
        self.camera.setObjectName("status_camera")
        self.notice = NoteLabel()
        self.notice.setObjectName("status_note")
        # A long note must not widen the window: it is cut at the window's edge instead
        # (its whole text is the tooltip).
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.addWidget(self.link)
        self.addWidget(self.queue)
        self.addWidget(self.notice, 1)
        self.addPermanentWidget(self.camera)
        self.online: bool | None = None
        self.refused = False  # the server refuses this terminal's key (set_refused)
        self.about = ""  # what the note is about, so only that can take it back
        self.queued = 0
        self.pending = 0

    def set_refused(self, refused: bool) -> None:
        """The server answers but refuses this terminal's key: not "● Online" in green,
        which read as all well while no sale could go through."""
        self.refused = refused
        self.set_link(bool(self.online), self.queued, self.pending)

    def set_link(self, online: bool, queued: int, pending: int) -> None:
        self.online, self.queued, self.pending = online, queued, pending
        color, word = ((theme.BAD, self.tr("● Key refused")) if online and self.refused
                       else (theme.GOOD, self.tr("● Online")) if online
                       else (theme.BAD, self.tr("● Offline")))
        self.link.setText(word)
        self.link.setStyleSheet(f"color: {color}; font-weight: 800; font-size: 19px;")
        parts = []
        if queued or not online:
            parts.append(self.tr("Offline queue: {count}").format(count=queued))
        if pending:
            parts.append(self.tr("Not confirmed: {count}").format(count=pending))
        self.queue.setText("   ".join(parts))
        self.queue.setStyleSheet(
            f"color: {theme.WARN if queued or pending else theme.MUTED}; font-weight: 700;"
        )

    def set_counts(self, queued: int, pending: int, *, offline: bool = False) -> None:
        """The journal's counts changed here (a sale's outcome): the link's word stays as
        its last check said, or "Offline" when the sale was taken offline."""
        if offline:
            self.set_link(False, queued, pending)
        elif self.online is None:  # no check yet: nothing to say about the link
            self.queued, self.pending = queued, pending
        else:
            self.set_link(self.online, queued, pending)

    def set_camera(self, text: str, *, detail: str = "") -> None:
        self.camera.setText(text if len(text) <= 60 else text[:59] + "…")
        self.camera.setToolTip(detail or text)

    def note(self, text: str, *, about: str = "") -> None:
        self.notice.setText(text)
        self.notice.setToolTip(text)
        self.about = about

    def note_link(self, text: str) -> None:
        """The server refused the link's check (pos_app.workers.LinkWorker.problem): said
        until the checks are answered again ("")."""
        self._note_until_over(text, "link")

    def note_disk(self, text: str) -> None:
        """The till can't save to its disk (pos_app.workers.LinkWorker.disk): said until
        it can again ("")."""
        self._note_until_over(text, "disk")

    def _note_until_over(self, text: str, about: str) -> None:
        if text:
            self.note(text, about=about)
        else:
            self.take_back(about)

    def take_back(self, about: str) -> None:
        """Clear the note if it is still the one about `about` (a problem that is over)."""
        if self.about == about and self.notice.text():
            self.note("")
