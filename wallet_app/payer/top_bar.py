"""The parent's top bar: the brand, the tabs (Home, Activity, Settings) and whose app it is.

In one line where there is room; on a phone the tabs take a line of their own, each a third
of it (in one line, "kinpay | Home Activity Settings | Mei" kept the window 452 px wide).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from wallet_app import style, ui

MARGIN_PX = 18


class TopBar(QWidget):
    def __init__(self, name: str, tabs: list[QPushButton],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#topBar { background: white; border-bottom: 1px solid #d9d5cc; }")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.brand = ui.label("kinpay", "title")
        self.brand.setStyleSheet(f"color: {style.ACCENT};")
        self.who = ui.label(ui.display_name(name), "muted")
        self.tabs = QWidget()
        tab_line = QHBoxLayout(self.tabs)
        tab_line.setContentsMargins(0, 0, 0, 0)
        tab_line.setSpacing(0)
        for b in tabs:
            tab_line.addWidget(b)
        box = QVBoxLayout(self)
        box.setContentsMargins(MARGIN_PX, 6, MARGIN_PX, 0)
        box.setSpacing(0)
        self.first = QHBoxLayout()
        self.first.setSpacing(6)
        self.first.addWidget(self.brand)
        self.first.addWidget(self.tabs)
        self.first.addStretch(1)
        self.first.addWidget(self.who)
        box.addLayout(self.first)
        self.narrow = False

    def _one_line_px(self) -> int:
        parts = (self.brand, self.tabs, self.who)
        return (sum(w.minimumSizeHint().width() for w in parts)
                + 3 * self.first.spacing() + 2 * MARGIN_PX)

    def minimumSizeHint(self) -> QSize:
        """What the two lines need: the tabs, or the brand and the name."""
        height = super().minimumSizeHint().height()
        tabs = self.tabs.minimumSizeHint().width()
        first = self.brand.minimumSizeHint().width() + 6 + self.who.minimumSizeHint().width()
        return QSize(max(tabs, first) + 2 * MARGIN_PX, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.set_narrow(event.size().width() < self._one_line_px())

    def set_narrow(self, narrow: bool) -> None:
        if narrow == self.narrow:
            return
        self.narrow = narrow
        box = self.layout()
        assert isinstance(box, QVBoxLayout)
        if narrow:
            self.first.removeWidget(self.tabs)
            box.addWidget(self.tabs)
        else:
            box.removeWidget(self.tabs)
            self.first.insertWidget(1, self.tabs)
        for b in self.tabs.findChildren(QPushButton):
            b.setSizePolicy(QSizePolicy.Policy.Expanding if narrow else
                            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.updateGeometry()
