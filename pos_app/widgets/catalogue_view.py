"""Line items from the catalogue: category tabs, product buttons, and the basket."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kinpay.money import format_minor
from pos_app.core.catalogue import Catalogue, Product
from pos_app.core.sale import Sale
from pos_app.widgets import theme
from pos_app.widgets.keypad import button

COLUMNS = 3  # at the widths a till's screen gives; fewer when the panel is narrow
COLUMN_PX = 140  # the least width of a product button (its name wraps, or its type shrinks)
TILE_ROOM_PX = 16  # a product button's padding (4 px) and border (2 px), both sides, and 4 to spare
# The products' type and most lines for a name, in the order tried: one line first (every
# button two lines high, name and price), smaller type before a second line. One type for
# the whole catalogue: "Beer 330 ml" in smaller type than "Rice wine" beside it read as a
# different kind of button.
TILE_TRIES = ((18, 1), (16, 1), (15, 1), (14, 1), (13, 1), (16, 2), (14, 2))
TILE_GAP_PX = 4  # above and below the words
TAB_SPACING_PX = 4
# The categories' buttons: lower than the theme's, so that on a 724-px till (the demo on a
# 1024x768 screen) their three rows leave two whole rows of products above the basket;
# there one row showed.
TAB_CSS = "min-height: 32px; font-size: 16px;"
# Smaller where two columns of them don't show every name whole: at a 600-px till (the demo
# on an 800x600 screen) "Stationery" and "Beer & wine" were cut ("eer & win").
TAB_SMALLER_CSS = ("min-height: 32px; font-size: 14px; padding: 0 3px;",
                   "min-height: 32px; font-size: 12px; padding: 0 2px;")
# A product button as tall as its words (tile_type), at least a thumb's 48 px: the theme's
# 64 px made every row taller than two lines of words need.
TILE_CSS = "min-height: 48px;"
QWIDGETSIZE_MAX = 16_777_215  # Qt's largest widget size: a maximum of "no limit"
MIN_ROWS = 2  # rows of products whole in view before the basket has more than its least
BASKET_LINES = 4  # the basket's comfortable height, in lines: a four-item basket whole


class CatalogueView(QWidget):
    add = Signal(object)  # Product

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Tabs and products in rows of COLUMNS, so the panel can be narrow; products scroll.
        self._tabs = tabs = QGridLayout()
        self._columns = COLUMNS
        self._tab_cols = COLUMNS
        self._index = 0
        tabs.setSpacing(TAB_SPACING_PX)
        self._group = QButtonGroup(self)
        self.category_buttons = []
        for index, category in enumerate(catalogue.categories):
            b = button(category.name.replace("&", "&&"), "category", f"cat_{category.id}")
            b.setCheckable(True)
            b.setStyleSheet(TAB_CSS)
            self._group.addButton(b, index)
            narrow(b)
            tabs.addWidget(b, index // self._columns, index % self._columns)
            self.category_buttons.append(b)
        layout.addLayout(tabs)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        # Two rows of products in view on the demo's 1024x736 till (with a title bar on a
        # 768-px screen), where one and a half showed: tight rows, no margin above.
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._grid_host)
        layout.addWidget(scroll, 1)
        # The products' area is never higher than the longest category's rows (_fit_height).
        self._products = scroll
        self._row_px = 0  # a product row's height, once one is shown
        self._grid_host.installEventFilter(self)
        self._group.idClicked.connect(self.show_category)
        if catalogue.categories:
            self.category_buttons[0].setChecked(True)
            self.show_category(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._grid_host and event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()  # the rows changed: a category shown, columns, their style
        return super().eventFilter(watched, event)

    def _fit_height(self) -> None:
        """The products' area as high as the longest category's rows (the basket under
        them doesn't jump from one category to the next), and no higher."""
        shown = self._grid.itemAt(0)
        product = shown.widget() if shown is not None else None
        if product is None:
            return  # no product shown to measure a row by: the heights stay
        self._row_px = max(product.sizeHint().height(), product.minimumHeight())
        rows = max(-(-len(c.products) // self._columns) for c in self.catalogue.categories)
        self._products.setMaximumHeight(self._rows_px(rows))
        self.updateGeometry()  # the panel (ItemsPanel) sizes this view again

    def _rows_px(self, rows: int) -> int:
        return rows * self._row_px + (rows - 1) * self._grid.verticalSpacing()

    def height_for(self, room_px: int, basket_px: tuple[int, int]) -> int:
        """The height to take of `room_px`, the basket under it wanting between
        `basket_px` (least, comfortable): the tabs and every row of the longest category
        when the basket keeps its comfortable height beside them; else as many whole rows
        as leave it that, at least MIN_ROWS (the rest scroll); else MIN_ROWS whole rows
        when the basket keeps its least; else one row and at least half of the next (a
        half button can be tapped, and it shows that the products scroll; a sliver would
        only be in the way). Live 33 §13: on a 1024x736 till a third row was kept for the
        longest category under every category, a blank band under two rows, and the
        basket showed two lines of four."""
        least_px, comfortable_px = basket_px
        if not self._row_px:
            # No product row measured yet: no limit. (The products' own limit is then
            # Qt's largest size, and the tabs' height on top of it was past it: Qt warned
            # "setMaximumSize … The largest allowed size is (16777215,16777215)" at every
            # start, in pos.log.)
            return QWIDGETSIZE_MAX
        outer = self.layout()
        head_px = self._tabs.sizeHint().height() + (outer.spacing() if outer else 0)
        full_px = min(QWIDGETSIZE_MAX, head_px + self._products.maximumHeight())
        if room_px - comfortable_px >= full_px:
            return full_px
        step_px = self._row_px + self._grid.verticalSpacing()
        rows = (room_px - comfortable_px - head_px + self._grid.verticalSpacing()) // step_px
        if rows >= MIN_ROWS:
            return head_px + self._rows_px(rows)
        fewest_px = head_px + self._rows_px(MIN_ROWS)
        if room_px - fewest_px >= least_px:
            return fewest_px
        one_px = head_px + self._rows_px(1)
        return max(0, min(room_px - least_px,  # never negative: a panel not yet laid out
                          one_px + self._grid.verticalSpacing() + (self._row_px + 1) // 2))

    def resizeEvent(self, event: object) -> None:
        columns = max(2, min(COLUMNS, self.width() // COLUMN_PX))
        tab_columns = self._tab_columns(self.width())
        if tab_columns != self._tab_cols:
            self._tab_cols = tab_columns
            for i, b in enumerate(self.category_buttons):
                self._tabs.addWidget(b, i // tab_columns, i % tab_columns)
        if columns != self._columns:
            self._columns = columns
            self.show_category(self._index)
        elif self.catalogue.categories:
            self._label_tiles()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _tab_columns(self, width: int) -> int:
        """As many columns of categories as show every name whole (three, else two): one
        row fewer of them is a row more of products on a 768-pixel till."""
        self._tab_css(TAB_CSS)
        for n in range(COLUMNS, 2, -1):
            room = (width - TAB_SPACING_PX * (n - 1)) // n
            if all(b.sizeHint().width() <= room for b in self.category_buttons):
                return n  # (a button's size hint is its name with its padding and border)
        room = (width - TAB_SPACING_PX) // 2
        for css in TAB_SMALLER_CSS:  # two columns: the names whole in smaller type
            if all(b.sizeHint().width() <= room for b in self.category_buttons):
                break
            self._tab_css(css)
        return 2

    def _tab_css(self, css: str) -> None:
        for b in self.category_buttons:
            if b.styleSheet() != css:
                b.setStyleSheet(css)

    def show_category(self, index: int) -> None:
        self._index = index
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        category = self.catalogue.categories[index]
        self.category_buttons[index].setChecked(True)
        for column in range(COLUMNS):  # a lone product is one column wide, not the row
            self._grid.setColumnStretch(column, 1 if column < self._columns else 0)
        for i, product in enumerate(category.products):
            price = format_minor(product.price_minor, self.catalogue.currency)
            b = button(f"{product.name}\n{price}", "product", f"product_{i}")
            narrow(b)
            b.setProperty("product", product.name)
            b.clicked.connect(lambda _=False, p=product: self.add.emit(p))
            self._grid.addWidget(b, i // self._columns, i % self._columns)
        self._label_tiles()

    def _tile_px(self) -> int:
        """A product button's width at this view's width and columns (a scroll bar's
        width kept aside: it comes when the products scroll)."""
        spacing = self._grid.horizontalSpacing()
        bar = self._products.verticalScrollBar().sizeHint().width()
        room = self.width() - bar - spacing * (self._columns - 1)
        return max(60, room // self._columns)

    def _label_tiles(self) -> None:
        """Every product's name whole and its price under it, in every language: wrapped
        to two lines, else in smaller type (live, "Chocolate bar" read "ocolate b" on a
        1024-px till, and in Chinese the second row's prices were hidden). Every button of
        the catalogue is as tall as the tallest needs, so rows stay whole rows and the
        products scroll rather than cut a button."""
        buttons: list[QPushButton] = []
        for i in range(self._grid.count()):
            item = self._grid.itemAt(i)
            if item is not None and isinstance(widget := item.widget(), QPushButton):
                buttons.append(widget)
        if not buttons:
            return
        buttons[0].ensurePolished()
        base = QFont(buttons[0].font())
        room = self._tile_px() - TILE_ROOM_PX
        names = [p.name for c in self.catalogue.categories for p in c.products]
        px, tallest = tile_type(names, base, room)
        for b in buttons:
            lines = tile_lines(str(b.property("product")), base, px, room)
            price = b.text().rsplit("\n", 1)[-1]
            text, style = "\n".join([*lines, price]), f"font-size: {px}px; {TILE_CSS}"
            if (b.text(), b.styleSheet()) != (text, style):  # a resize may change nothing
                b.setText(text)
                b.setStyleSheet(style)
            b.setFixedHeight(max(b.minimumSizeHint().height(), tallest))

    def product_button(self, name: str) -> object:
        for b in self._grid_host.findChildren(type(self.category_buttons[0])):
            if b.property("product") == name and not b.isHidden():
                return b
        raise KeyError(name)


def _metrics(base: QFont, px: int) -> QFontMetrics:
    font = QFont(base)
    font.setPixelSize(px)
    return QFontMetrics(font)


def tile_lines(name: str, base: QFont, px: int, room_px: int) -> list[str]:
    """The name's lines in type of `px`, broken between words (between characters where a
    word is too long, as Chinese is written)."""
    return wrap(name, _metrics(base, px), room_px)


def tile_type(names: list[str], base: QFont, room_px: int) -> tuple[int, int]:
    """(the type's pixel size, the buttons' height) for product buttons whose words have
    `room_px`: the first of TILE_TRIES every name fits in; else the smallest type on as
    many lines as it takes. The height holds the most lines and the price, measured with
    the glyphs drawn (Chinese ones stand taller than the Latin font's line)."""
    for px, most in (*TILE_TRIES, (TILE_TRIES[-1][0], 0)):
        metrics = _metrics(base, px)
        lines = max((len(wrap(name, metrics, room_px)) for name in names), default=1)
        if lines <= most or not most:
            # The glyphs these names and prices draw: Chinese ones stand taller than the
            # Latin font's line, Latin names need no room for them.
            line_px = max(metrics.height(),
                          metrics.boundingRect("".join(names) + "Ag¥0123456789.,").height())
            return px, (lines + 1) * line_px + 2 * TILE_GAP_PX
    raise AssertionError("unreachable")  # the last try takes any number of lines


def wrap(text: str, metrics: QFontMetrics, room_px: int) -> list[str]:
    """`text` in lines no wider than `room_px`: whole words where they fit, else broken
    between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        joined = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(joined) <= room_px:
            line = joined
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # a word wider than the room, or the start of the next line
            if line and metrics.horizontalAdvance(line + ch) > room_px:
                lines.append(line)
                line = ""
            line += ch
    return [*lines, line] if line else lines


def narrow(b: QWidget) -> None:
    """A button as wide as its column, not as its label: long names are cut, not the
    window widened (the full label is the tooltip)."""
    b.setSizePolicy(QSizePolicy.Policy.Ignored, b.sizePolicy().verticalPolicy())
    b.setMinimumWidth(60)
    b.setToolTip(getattr(b, "text", lambda: "")().replace("\n", " "))


class Basket(QListWidget):
    """The running list of lines; a tap on a line takes one off."""

    remove = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Items in this sale"))  # what a screen reader says
        self.changed: int | None = None  # the line last added to or changed
        # A line never wider than the list: a long name gives up its middle ("…"), the
        # price at its end stays whole (a 724-px till showed "¥4.5" over a scroll bar).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.itemClicked.connect(lambda item: self.remove.emit(self.row(item)))

    def lines_px(self, lines: int) -> int:
        """The height that shows `lines` lines whole, the same before the first line as
        after: a line is its text's height, Chinese glyphs included (the fallback font's
        stand taller than Latin), plus the theme's padding above and below and border (1 px)."""
        text_px = self.fontMetrics().boundingRect("Ag中").height()
        return lines * (text_px + 2 * theme.BASKET_PAD_PX + 1) + 2 * self.frameWidth()

    def show_sale(self, sale: Sale) -> None:
        """The sale's lines, the one that just changed in view: on a 768-pixel till two
        lines show, and a third item added was out of sight under them (the list was
        rebuilt scrolled to the top)."""
        before = [self.item(i).text() for i in range(self.count())]
        scrolled = self.verticalScrollBar().value()
        self.clear()
        texts = [f"{line.quantity} × {line.name} — "
                 f"{format_minor(line.total_minor, sale.currency)}" for line in sale.lines]
        for text in texts:
            self.addItem(QListWidgetItem(text))
        self.verticalScrollBar().setValue(scrolled)
        changed = next((i for i, text in enumerate(texts)
                        if i >= len(before) or before[i] != text), None)
        if changed is not None:
            self.changed = changed
            self.scrollToItem(self.item(changed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Made lower (the products above took a row more), the line last changed stays
        in view: the third item rung up on a 1024x736 till was under the two lines shown."""
        super().resizeEvent(event)
        item = self.item(self.changed) if self.changed is not None else None
        if item is not None:  # at the foot: no blank left under the last line
            self.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtBottom)


class ItemsPanel(QWidget):
    """The catalogue over the basket, sharing the height as `CatalogueView.height_for`
    says: on a 1366x768 till the basket showed one line and a half under an empty band, on
    a 1024x768 one two lines under half a row of products; now three lines under two whole
    rows on both, and never fewer than two lines."""

    def __init__(self, view: CatalogueView, basket: Basket) -> None:
        super().__init__()
        self.view, self.basket = view, basket
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        layout.addWidget(basket, 0)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.LayoutRequest:
            self._share()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: object) -> None:
        self._share()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _share(self) -> None:
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 0
        basket_px = (self.basket.minimumHeight(), self.basket.lines_px(BASKET_LINES))
        self.view.setMaximumHeight(self.view.height_for(self.height() - spacing, basket_px))


__all__ = ["Basket", "CatalogueView", "ItemsPanel", "Product"]
