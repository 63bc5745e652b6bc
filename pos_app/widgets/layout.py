"""The main window's layout: header, sale panel (total, keypad or catalogue, Charge) and
scan panel (preview with the result card over it, prompt, typed-code field).

`build` makes the widgets, places them in the window and wires them to `Actions` (what
the window does); it returns them as one typed `Parts`. It decides nothing: what the
widgets do is the window's (pos_app.app). `reflow` picks the sizes that fit the height.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.core.catalogue import Catalogue, Product
from pos_app.widgets import theme
from pos_app.widgets.catalogue_view import Basket, CatalogueView, ItemsPanel
from pos_app.widgets.dialogs import Banner
from pos_app.widgets.keypad import CodeField, FitLabel, Keypad, button, plain_label
from pos_app.widgets.preview import Preview
from pos_app.widgets.prompt import Prompt
from pos_app.widgets.result import ResultCard
from pos_app.widgets.split import SplitCard
from pos_app.widgets.status import StatusBar
from pos_app.words import QT_TRANSLATE_NOOP

LAYOUT_PASSES = 6  # deeper than the window's nesting of layouts
MIN_WIDTH_PX = 600
MIN_HEIGHT_PX = 560
START_WIDTH_PX = 1366
START_HEIGHT_PX = 800
TOOLS = (("history", QT_TRANSLATE_NOOP("Till", "Today")),
         ("refund", QT_TRANSLATE_NOOP("Till", "Refund")),
         ("report", QT_TRANSLATE_NOOP("Till", "End of day")),
         ("settings", QT_TRANSLATE_NOOP("Till", "Settings")))
translate = QCoreApplication.translate


class Actions(Protocol):
    """What the widgets call: the window's side of the layout."""

    def open_history(self) -> None: ...
    def open_refund(self) -> None: ...
    def open_report(self) -> None: ...
    def open_settings(self) -> None: ...
    def press(self, key: str) -> None: ...
    def set_mode(self, index: int) -> None: ...
    def add_product(self, product: Product) -> None: ...
    def remove_line(self, index: int) -> None: ...
    def charge(self) -> None: ...
    def on_action(self, name: str) -> None: ...
    def on_split_action(self, name: str) -> None: ...
    def submit_typed(self) -> None: ...
    def code_field_tapped(self) -> None: ...
    def banner_seen(self, keys: list[str]) -> None: ...


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
# The header's buttons on a narrow window, largest first (type, padding, least width): at
# 600 px (the demo's till on an 800x600 screen) they read "Refunc", "nd of da", "etting".
# The first that leaves the shop's name MERCHANT_LEAST_PX is used; the name elides.
TOOL_LOOKS = (("", 96), ("font-size: 16px; padding: 0 10px;", 72),
              ("font-size: 15px; padding: 0 6px;", 56), ("font-size: 13px; padding: 0 4px;", 48))
MERCHANT_LEAST_PX = 120


@dataclass
class Parts:
    """The window's widgets, made by `build`."""

    banner: Banner
    status: StatusBar
    merchant: FitLabel
    tools: list[QPushButton]
    caption: QLabel
    total: FitLabel
    mode_amount: QPushButton
    mode_items: QPushButton
    modes: QStackedWidget
    keypad: Keypad
    catalogue_view: CatalogueView
    basket: Basket
    charge_button: QPushButton
    preview: Preview
    result: ResultCard
    prompt: Prompt
    code_input: CodeField
    step: Step | None = None  # the sizes in force
    tool_look: tuple[str, int] = TOOL_LOOKS[0]  # the header buttons' (fit_header)
    split: SplitCard = field(default_factory=SplitCard)  # a partial sale's rest to take

    def set_mode(self, index: int) -> None:
        """0: the amount keypad; 1: the catalogue and basket."""
        self.modes.setCurrentIndex(index)
        self.mode_amount.setChecked(index == 0)
        self.mode_items.setChecked(index == 1)

    def style_prompt(self, color: str | None = None) -> None:
        """The prompt's colour; its type is the step's (pos_app.widgets.prompt fits it)."""
        size_px = self.step.prompt_px if self.step is not None else STEPS[0].prompt_px
        self.prompt.set_look(size_px, color)


def title_of(merchant: str) -> str:
    return (translate("Till", "kinpay — {merchant} till").format(merchant=merchant) if merchant
            else translate("Till", "kinpay — till"))


def _make(merchant: str, catalogue: Catalogue) -> Parts:
    parts = Parts(
        banner=Banner(), status=StatusBar(),
        merchant=FitLabel("merchant"),
        tools=[button(translate("Till", text), "tool", f"tool_{name}") for name, text in TOOLS],
        caption=plain_label(translate("Till", "TOTAL")), total=FitLabel("total"),
        mode_amount=button(translate("Till", "Amount"), "category", "mode_amount"),
        mode_items=button(translate("Till", "Items"), "category", "mode_items"),
        modes=QStackedWidget(), keypad=Keypad(), catalogue_view=CatalogueView(catalogue),
        basket=Basket(), charge_button=button(translate("Till", "Charge  ⏎"),
                                                "primary", "charge"),
        preview=Preview(), result=ResultCard(), prompt=Prompt(),
        code_input=CodeField(),
    )
    # The shop's name shrinks to fit beside the buttons (a 724-px till in the demo on a
    # 1024-px screen read "Corner Shop" cut at its p); a very long one is cut at them, it
    # never widens the window.
    parts.merchant.set_max_px(26)
    parts.merchant.setText(merchant or translate("Till", "kinpay terminal"))
    parts.merchant.setMinimumWidth(MERCHANT_LEAST_PX)
    parts.merchant.set_elides(True)  # "Corner Sh…" on a narrow till, never cut mid-letter
    for b in parts.tools:
        b.setMinimumWidth(TOOL_LOOKS[0][1])
    parts.caption.setProperty("role", "caption")
    parts.total.setProperty("role", "total")
    parts.total.setAlignment(Qt.AlignmentFlag.AlignRight)
    for b in (parts.mode_amount, parts.mode_items):
        b.setCheckable(True)
    parts.basket.setObjectName("basket")
    # The products get what their rows need, the basket the rest (catalogue_view.ItemsPanel),
    # at least two lines.
    parts.basket.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
    parts.basket.setMinimumHeight(80)
    parts.code_input.setObjectName("code_input")
    # Whole down to an 880-px till, and at 800×600 (its narrow layout): the demo's 926-px
    # till read "After Charge: or type the code, then En…". The prompt above says how else
    # a code comes (scanned, or shown to the camera); this field says only when and how.
    parts.code_input.set_hints(translate("Till", "After Charge: type the code, Enter"),
                               translate("Till", "Type the code, Enter"))
    # What a screen reader says of it: a hint is no name (it goes once a digit is typed).
    parts.code_input.setAccessibleName(translate("Till", "Type the code, Enter"))
    # Keys belong to the amount until Charge, which turns the field on and gives it the
    # keyboard; before that it is off and looks it (a tap says "Press Charge first").
    parts.code_input.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return parts


def _wire(parts: Parts, act: Actions) -> None:
    opens = {"history": act.open_history, "refund": act.open_refund,
             "report": act.open_report, "settings": act.open_settings}
    for (name, _text), b in zip(TOOLS, parts.tools, strict=True):
        b.clicked.connect(opens[name])
    parts.banner.dismissed.connect(act.banner_seen)
    parts.mode_amount.clicked.connect(lambda: act.set_mode(0))
    parts.mode_items.clicked.connect(lambda: act.set_mode(1))
    parts.keypad.pressed.connect(act.press)
    parts.catalogue_view.add.connect(act.add_product)
    parts.basket.remove.connect(act.remove_line)
    parts.charge_button.clicked.connect(act.charge)
    parts.result.action.connect(act.on_action)
    parts.split.action.connect(act.on_split_action)
    parts.code_input.submitted.connect(act.submit_typed)
    parts.code_input.tapped_off.connect(act.code_field_tapped)


def build(window: QMainWindow, merchant: str, catalogue: Catalogue, act: Actions) -> Parts:
    parts = _make(merchant, catalogue)
    _wire(parts, act)
    window.setWindowTitle(title_of(merchant))
    window.setStyleSheet(theme.STYLE)
    root = QWidget()
    outer = QVBoxLayout(root)
    outer.setContentsMargins(16, 12, 16, 12)
    outer.setSpacing(12)
    header = QHBoxLayout()
    header.addWidget(parts.merchant, 1)
    for b in parts.tools:
        header.addWidget(b)
    outer.addLayout(header)
    outer.addWidget(parts.banner)
    body = QHBoxLayout()
    body.setSpacing(16)
    body.addWidget(_sale_panel(parts), 5)
    body.addWidget(_scan_panel(parts), 6)
    outer.addLayout(body, 1)
    window.setCentralWidget(root)
    window.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    window.setStatusBar(parts.status)
    parts.set_mode(0)
    screen = window.screen()
    room = screen.availableGeometry() if screen is not None else None
    window.resize(min(START_WIDTH_PX, room.width()) if room else START_WIDTH_PX,
                  min(START_HEIGHT_PX, room.height()) if room else START_HEIGHT_PX)
    # Set by hand, so the layouts' own minimum (that of the step in force) does not stop a
    # window from being made smaller: the next step, which fits, takes over on resize.
    window.setMinimumSize(MIN_WIDTH_PX, MIN_HEIGHT_PX)
    reflow(window, parts, window.height())
    return parts


def reflow(window: QMainWindow, parts: Parts, height_px: int) -> None:
    """The largest step whose minimum fits `height_px` (what the banner, when shown,
    leaves is counted); widths reflow through the layouts on their own."""
    central = window.centralWidget()
    if central is None:
        return  # not built yet
    fit_header(parts, window.width())
    parts.banner.words.set_room(None)
    need_px = 0
    for step in STEPS:
        _apply(parts, step)
        # The layouts take in the new sizes on their next passes, one nesting level each:
        # run them now (bounded), so the minimum measured is this step's.
        for _ in range(LAYOUT_PASSES):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        need_px = central.minimumSizeHint().height() + parts.status.sizeHint().height()
        if parts.banner.isVisibleTo(window):
            # The banner's wrapped text at the window's real width, not at its narrowest.
            width_px = max(parts.banner.width(), central.width() - 32)
            need_px += (parts.banner.heightForWidth(width_px)
                        - parts.banner.minimumSizeHint().height())
        if need_px <= height_px:
            return
    # Not even the smallest keys fit under the banner: its words take fewer lines and scroll.
    # Three declines stacked at 800×600 squeezed the keypad until its keys lay over each other.
    if parts.banner.isVisibleTo(window):
        words = parts.banner.words
        words.set_room(words.heightForWidth(words.width()) - (need_px - height_px))


def fit_header(parts: Parts, width_px: int) -> None:
    """The largest TOOL_LOOKS whose buttons show their words whole beside the shop's
    name (at least MERCHANT_LEAST_PX) in `width_px`; the smallest if none does."""
    outer = parts.merchant.parentWidget()
    lay = outer.layout() if outer is not None else None
    if lay is None:
        return
    margins = lay.contentsMargins()
    room_px = width_px - margins.left() - margins.right() - MERCHANT_LEAST_PX
    for look in TOOL_LOOKS:
        if parts.tool_look != look:
            parts.tool_look = look
            _style_tools(parts)
        need_px = sum(max(b.sizeHint().width(), b.minimumWidth()) + lay.spacing()
                      for b in parts.tools)
        if need_px <= room_px:
            return


def _style_tools(parts: Parts) -> None:
    css, least_px = parts.tool_look
    step = parts.step or STEPS[0]
    for b in parts.tools:
        b.setMinimumWidth(least_px)
        b.setStyleSheet(f"min-height: {step.tool_px}px; {css}")


def _apply(parts: Parts, step: Step) -> None:
    if parts.step == step:
        return
    parts.step = step
    for name, b in parts.keypad.buttons.items():
        font_px = min(30 if name != "clear" else 22, step.key_px // 2 + 6)
        b.setStyleSheet(f"min-height: {step.key_px}px; font-size: {font_px}px;")
    keys_layout = parts.keypad.layout()
    if keys_layout is not None:
        keys_layout.setSpacing(step.gap_px)
    parts.charge_button.setStyleSheet(f"min-height: {step.charge_px}px; font-size: "
                                      f"{min(28, step.charge_px // 2 + 2)}px;")
    for b in [parts.mode_amount, parts.mode_items]:
        b.setStyleSheet(f"min-height: {step.tool_px}px;")
    _style_tools(parts)
    parts.total.set_max_px(step.total_px)
    parts.banner.set_button_px(step.tool_px)
    parts.style_prompt()
    parts.caption.setVisible(step.height_px >= STEPS[0].height_px)


def _sale_panel(parts: Parts) -> QFrame:
    panel = QFrame()
    panel.setProperty("role", "panel")
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(18, 14, 18, 18)
    lay.addWidget(parts.caption)
    lay.addWidget(parts.total)
    modes = QHBoxLayout()
    modes.addWidget(parts.mode_amount)
    modes.addWidget(parts.mode_items)
    lay.addLayout(modes)
    parts.modes.addWidget(parts.keypad)
    parts.modes.addWidget(ItemsPanel(parts.catalogue_view, parts.basket))
    lay.addWidget(parts.modes, 1)
    lay.addWidget(parts.charge_button)
    return panel


class CardStage(QWidget):
    """Over the camera view: the result card, told the room the view leaves it
    (`set_room`) so it can be compact on a short one.

    Its least height is the camera view's, not the cards': a card fits the room it is
    given, it never makes room for itself. A long English card ("Approved offline", its
    two sentences) counted in the window's least height, so the keys' step in force was the
    one chosen when the banner last came or went: at a 724-px till the banner's Seen, under
    that card, left the sale squeezed (the tabs up, the 7 key where the Amount tab had
    been) until the window was resized, and a tap on Amount typed 7."""

    def __init__(self, card: ResultCard) -> None:
        super().__init__()
        self.card = card

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        lay = self.layout()
        margins = lay.contentsMargins() if lay is not None else None
        room_px = self.height() - (margins.top() + margins.bottom() if margins else 0)
        self.card.set_room(room_px)
        for card in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if card is not self.card and hasattr(card, "set_room"):
                card.set_room(room_px)  # the asking card (pos_app.widgets.ask)


def _scan_panel(parts: Parts) -> QFrame:
    panel = QFrame()
    panel.setProperty("role", "panel")
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(14, 14, 14, 14)
    stage = QWidget()
    grid = QGridLayout(stage)
    grid.setContentsMargins(0, 0, 0, 0)
    # The card sits over the bottom of the frozen frame; a box layout (not an aligned
    # grid cell) gives its wrapped text the height it needs.
    overlay = CardStage(parts.result)
    overlay.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    ol = QVBoxLayout(overlay)
    ol.setContentsMargins(10, 0, 10, 10)
    ol.addStretch(1)
    ol.addWidget(parts.result)
    ol.addWidget(parts.split)
    grid.addWidget(parts.preview, 0, 0)
    grid.addWidget(overlay, 0, 0)
    lay.addWidget(stage, 1)
    lay.addWidget(parts.prompt)
    row = QHBoxLayout()
    row.addWidget(parts.code_input, 1)
    lay.addLayout(row)
    return panel
