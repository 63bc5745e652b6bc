"""The main window's layout: header, sale panel (total, keypad or catalogue, Charge) and
scan panel (preview with the result card over it, prompt, typed-code field). It only
builds and wires widgets; what they do is the window's (pos_app.app)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app import screens
from pos_app.widgets import theme
from pos_app.widgets.catalogue_view import Basket, CatalogueView
from pos_app.widgets.keypad import Keypad, button, plain_label
from pos_app.widgets.preview import Preview
from pos_app.widgets.result import ResultCard
from pos_app.widgets.status import StatusBar

if TYPE_CHECKING:
    from pos_app.app import MainWindow


class CodeField(QLineEdit):
    """The typed-code field. Its Enter submits the code and stops there: it must never
    also reach the window, where Enter means Charge or the card's action."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def title_of(merchant: str) -> str:
    return f"kinpay — {merchant} till" if merchant else "kinpay — till"


def build(w: MainWindow) -> None:
    w.setWindowTitle(title_of(w.settings.merchant))
    w.setStyleSheet(theme.STYLE)
    root = QWidget()
    outer = QVBoxLayout(root)
    outer.setContentsMargins(16, 12, 16, 12)
    outer.setSpacing(12)
    outer.addLayout(_header(w))
    w.banner = screens.Banner()
    w.banner.dismissed.connect(w._banner_seen)
    outer.addWidget(w.banner)
    body = QHBoxLayout()
    body.setSpacing(16)
    body.addWidget(_sale_panel(w), 5)
    body.addWidget(_scan_panel(w), 6)
    outer.addLayout(body, 1)
    w.setCentralWidget(root)
    w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    w.status = StatusBar()
    w.setStatusBar(w.status)
    w.resize(1366, 800)

def _header(w: MainWindow) -> QHBoxLayout:
    row = QHBoxLayout()
    w.merchant = plain_label(w.settings.merchant or "kinpay terminal", "merchant")
    w.merchant.setStyleSheet("font-size: 26px; font-weight: 800;")
    row.addWidget(w.merchant)
    row.addStretch(1)
    for name, text, slot in (("history", "Today", w.open_history),
                             ("refund", "Refund", w.open_refund),
                             ("report", "End of day", w.open_report),
                             ("settings", "Settings", w.open_settings)):
        b = button(text, "tool", f"tool_{name}")
        b.setMinimumWidth(130)
        b.clicked.connect(slot)
        row.addWidget(b)
    return row

def _sale_panel(w: MainWindow) -> QFrame:
    panel = QFrame()
    panel.setProperty("role", "panel")
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(18, 14, 18, 18)
    caption = plain_label("TOTAL")
    caption.setProperty("role", "caption")
    lay.addWidget(caption)
    w.total = plain_label("", "total")
    w.total.setProperty("role", "total")
    w.total.setAlignment(Qt.AlignmentFlag.AlignRight)
    lay.addWidget(w.total)
    modes = QHBoxLayout()
    w.mode_amount = button("Amount", "category", "mode_amount")
    w.mode_items = button("Items", "category", "mode_items")
    for i, b in enumerate((w.mode_amount, w.mode_items)):
        b.setCheckable(True)
        b.clicked.connect(lambda _=False, i=i: w.set_mode(i))
        modes.addWidget(b)
    lay.addLayout(modes)
    w.modes = QStackedWidget()
    w.keypad = Keypad()
    w.keypad.pressed.connect(w.press)
    w.modes.addWidget(w.keypad)
    items = QWidget()
    il = QVBoxLayout(items)
    il.setContentsMargins(0, 0, 0, 0)
    w.catalogue_view = CatalogueView(w.catalogue)
    w.catalogue_view.add.connect(w.add_product)
    w.basket = Basket()
    w.basket.setObjectName("basket")
    w.basket.remove.connect(w.remove_line)
    w.basket.setMaximumHeight(190)
    il.addWidget(w.catalogue_view, 1)
    il.addWidget(w.basket)
    w.modes.addWidget(items)
    lay.addWidget(w.modes, 1)
    w.charge_button = button("Charge  ⏎", "primary", "charge")
    w.charge_button.setMinimumHeight(84)
    w.charge_button.setStyleSheet("font-size: 28px;")
    w.charge_button.clicked.connect(w.charge)
    lay.addWidget(w.charge_button)
    w.set_mode(0)
    return panel

def _scan_panel(w: MainWindow) -> QFrame:
    panel = QFrame()
    panel.setProperty("role", "panel")
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(14, 14, 14, 14)
    stage = QWidget()
    grid = QGridLayout(stage)
    grid.setContentsMargins(0, 0, 0, 0)
    w.preview = Preview()
    w.result = ResultCard()
    w.result.action.connect(w.on_action)
    # The card sits over the bottom of the frozen frame; a box layout (not an aligned
    # grid cell) gives its wrapped text the height it needs.
    overlay = QWidget()
    overlay.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    ol = QVBoxLayout(overlay)
    ol.setContentsMargins(10, 0, 10, 10)
    ol.addStretch(1)
    ol.addWidget(w.result)
    grid.addWidget(w.preview, 0, 0)
    grid.addWidget(overlay, 0, 0)
    lay.addWidget(stage, 1)
    w.prompt = plain_label("", "prompt")
    w.prompt.setProperty("role", "prompt")
    w.prompt.setWordWrap(True)
    w.prompt.setMinimumHeight(66)  # two lines: a prompt is never cut off
    lay.addWidget(w.prompt)
    row = QHBoxLayout()
    w.code_input = CodeField()
    w.code_input.setObjectName("code_input")
    w.code_input.setPlaceholderText("After Charge: or type the 19-digit code, then Enter")
    w.code_input.submitted.connect(w.submit_typed)
    # Keys belong to the keypad until the cashier charges or taps the field.
    w.code_input.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    row.addWidget(w.code_input, 1)
    lay.addLayout(row)
    return panel
