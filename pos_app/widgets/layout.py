"""The main window's layout: header, sale panel (total, keypad or catalogue, Charge) and
scan panel (preview with the result card over it, prompt, typed-code field). It only
builds and wires widgets; what they do is the window's (pos_app.app)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
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
    screen = w.screen()
    room = screen.availableGeometry() if screen is not None else None
    w.resize(min(1366, room.width()) if room else 1366, min(800, room.height()) if room else 800)
    # Set by hand, so the layouts' own minimum (that of the step in force) does not stop a
    # window from being made smaller: the next step, which fits, takes over on resize.
    w.setMinimumSize(MIN_WIDTH_PX, MIN_HEIGHT_PX)
    reflow(w, w.height())


LAYOUT_PASSES = 6  # deeper than the window's nesting of layouts
MIN_WIDTH_PX = 600
MIN_HEIGHT_PX = 560
@dataclass(frozen=True)
class Step:
    """Sizes for windows at least `height_px` high. Each step's own minimum height is
    below its `height_px`, so a window can always be made smaller, step by step."""

    height_px: int
    key_px: int  # the least height of a keypad key
    charge_px: int
    tool_px: int  # header and mode buttons
    total_px: int  # the total's font
    prompt_px: int  # the prompt's font
    gap_px: int  # between keys


# A 1366×768 panel leaves about 700 px to a window; at 600 px every digit still shows.
# The step is chosen by what fits, so a banner over the sale makes the keys smaller.
STEPS = (Step(720, 52, 72, 48, 60, 24, 10), Step(600, 44, 56, 42, 44, 20, 8),
         Step(0, 34, 44, 36, 32, 17, 6))


def reflow(w: MainWindow, height: int) -> None:
    """The largest step whose minimum fits `height` (what the banner, when shown, leaves
    is counted); widths reflow through the layouts on their own."""
    central = w.centralWidget()
    for step in STEPS:
        _apply(w, step)
        # The layouts take in the new sizes on their next passes, one nesting level each:
        # run them now (bounded), so the minimum measured is this step's.
        for _ in range(LAYOUT_PASSES):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        need_px = central.minimumSizeHint().height() + w.status.sizeHint().height()
        if w.banner.isVisibleTo(w):
            # The banner's wrapped text at the window's real width, not at its narrowest.
            width = max(w.banner.width(), central.width() - 32)
            need_px += w.banner.heightForWidth(width) - w.banner.minimumSizeHint().height()
        if need_px <= height:
            return


def _apply(w: MainWindow, step: Step) -> None:
    if getattr(w, "_step", None) == step:
        return
    w._step = step
    for name, b in w.keypad.buttons.items():
        font_px = min(30 if name != "clear" else 22, step.key_px // 2 + 6)
        b.setStyleSheet(f"min-height: {step.key_px}px; font-size: {font_px}px;")
    w.keypad.layout().setSpacing(step.gap_px)
    w.charge_button.setStyleSheet(f"min-height: {step.charge_px}px; font-size: "
                                  f"{min(28, step.charge_px // 2 + 2)}px;")
    for b in [*w.tools, w.mode_amount, w.mode_items]:
        b.setStyleSheet(f"min-height: {step.tool_px}px;")
    w.total.setStyleSheet(f"font-size: {step.total_px}px; font-weight: 800;")
    w.style_prompt()
    w.prompt.setMinimumHeight(int(step.prompt_px * 2.7))  # two lines: never cut off
    w.caption.setVisible(step.height_px >= STEPS[0].height_px)


def _header(w: MainWindow) -> QHBoxLayout:
    row = QHBoxLayout()
    w.merchant = plain_label(w.settings.merchant or "kinpay terminal", "merchant")
    w.merchant.setStyleSheet("font-size: 26px; font-weight: 800;")
    # A long shop name is cut at the buttons, it never widens the window.
    w.merchant.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    w.merchant.setMinimumWidth(120)
    row.addWidget(w.merchant, 1)
    w.tools = []
    for name, text, slot in (("history", "Today", w.open_history),
                             ("refund", "Refund", w.open_refund),
                             ("report", "End of day", w.open_report),
                             ("settings", "Settings", w.open_settings)):
        b = button(text, "tool", f"tool_{name}")
        b.setMinimumWidth(96)
        b.clicked.connect(slot)
        row.addWidget(b)
        w.tools.append(b)
    return row

def _sale_panel(w: MainWindow) -> QFrame:
    panel = QFrame()
    panel.setProperty("role", "panel")
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(18, 14, 18, 18)
    caption = w.caption = plain_label("TOTAL")
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
    # The products get three parts of the height, the basket one (at least two lines).
    w.basket.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
    w.basket.setMinimumHeight(80)
    il.addWidget(w.catalogue_view, 3)
    il.addWidget(w.basket, 1)
    w.modes.addWidget(items)
    lay.addWidget(w.modes, 1)
    w.charge_button = button("Charge  ⏎", "primary", "charge")
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
