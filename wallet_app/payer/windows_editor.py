"""The grant form's "When?" part: a list of time windows (days and a span of time each).

The API allows up to `MAX_WINDOWS` windows per grant (e.g. school days 07:00–08:00 and
15:00–18:00, weekends all day). The editor loads every window of a grant and gives every
one back, so changing a grant's limits never drops a window the payer set before.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kinpay import schemas
from wallet_app import ui
from wallet_app.flow import Columns, flow

MAX_WINDOWS = 14  # the API's bound (schemas.GrantRules.windows)
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
TIMES = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)] + ["24:00"]
DEFAULT_WINDOW = {"days": [0, 1, 2, 3, 4], "start": "07:00", "end": "20:00"}


def _choose(combo: QComboBox, text: str) -> None:
    """Select `text`, adding it in order when the server's time is not on the half hour."""
    if combo.findText(text) < 0:
        at = sum(1 for i in range(combo.count()) if combo.itemText(i) < text)
        combo.insertItem(at, text)
    combo.setCurrentText(text)


class WindowRow(QWidget):
    """One window: seven day buttons, from and to, and a button that removes it."""

    remove_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day_buttons: list[QPushButton] = []
        for i, _day in enumerate(DAYS):
            # The day's short name in the app's language (Qt's locale data): Mon, 周一, 週一.
            b = QPushButton(QLocale().dayName(i + 1, QLocale.FormatType.ShortFormat))
            b.setCheckable(True)
            # Seven in a row down to a third of a 1366-pixel screen, 62 px each when wide;
            # on a phone four and three (seven needed 318 px).
            b.setMinimumWidth(42)
            b.setMaximumWidth(62)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setProperty("kind", "day")  # a tab's look with room for seven
            self.day_buttons.append(b)
        days = Columns(self.day_buttons, (7, 4))
        self.start_time, self.end_time = ui.ComboBox(), ui.ComboBox()
        self.start_time.addItems(TIMES[:-1])
        self.end_time.addItems(TIMES[1:])
        self.remove = ui.button(self.tr("Remove"), "link", name="removeWindow")
        self.remove.clicked.connect(lambda: self.remove_clicked.emit(self))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 6)
        box.setSpacing(6)
        box.addWidget(days)
        # "From 07:00", "to 20:00" and Remove, each wrapping to the next line as a whole.
        times = [QWidget(), QWidget()]
        for host, words, combo in zip(times, (self.tr("From"), self.tr("to")),
                                      (self.start_time, self.end_time), strict=True):
            label = ui.label(words)
            label.setBuddy(combo)  # what a screen reader says of the box
            line = ui.row(label, combo)
            line.setContentsMargins(0, 0, 0, 0)
            host.setLayout(line)
        box.addLayout(flow(*times, self.remove, stretch_at=2))

    def load(self, days: list[int], start: str, end: str) -> None:
        for i, b in enumerate(self.day_buttons):
            b.setChecked(i in days)
        _choose(self.start_time, start)
        _choose(self.end_time, end)

    def days(self) -> list[int]:
        return [i for i, b in enumerate(self.day_buttons) if b.isChecked()]

    def value(self) -> dict[str, object]:
        return {"days": self.days(), "start": self.start_time.currentText(),
                "end": self.end_time.currentText()}

    def set_editable(self, on: bool, *, removable: bool) -> None:
        for w in (*self.day_buttons, self.start_time, self.end_time):
            w.setEnabled(on)
        self.remove.setVisible(removable)
        self.remove.setEnabled(on)


class WindowsEditor(QWidget):
    """Zero to MAX_WINDOWS rows; `windows()` gives them back as the API takes them."""

    def __init__(self, parent: QWidget | None = None, *, after: QWidget | None = None) -> None:
        """`after`: the control Tab reaches just before the first row."""
        super().__init__(parent)
        self._after = after
        self.rows: list[WindowRow] = []
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(4)
        self.add_button = ui.button(self.tr("+ Add a time"), "link", name="addWindow")
        self.add_button.clicked.connect(lambda: self.add(**DEFAULT_WINDOW))  # type: ignore[arg-type]
        self._box.addLayout(ui.row(self.add_button, stretch_at=1))
        self._enabled = True

    def add(self, days: list[int], start: str, end: str) -> WindowRow | None:
        if len(self.rows) >= MAX_WINDOWS:
            return None
        row = WindowRow(self)
        row.load(days, start, end)
        row.remove_clicked.connect(self._remove)
        self._box.insertWidget(len(self.rows), row)
        self.rows.append(row)
        self._in_tab_order(row)
        self._sync()
        return row

    def _in_tab_order(self, row: WindowRow) -> None:
        """Tab reaches a new row where it stands: after the row above it (the first after
        `after`, the form's tick box), before "+ Add a time". Made after the form, its days
        and times came after Cancel and Save (a keyboard went past the form's foot to reach
        them). The chain starts from a control, not from this editor: Qt puts a widget
        placed after a container after that container's last control."""
        above = self.rows[-2].remove if len(self.rows) > 1 else self._after
        if above is None:
            return
        chain = [above, *row.day_buttons, row.start_time, row.end_time, row.remove]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _remove(self, row: WindowRow) -> None:
        if row in self.rows and len(self.rows) > 1:
            self.rows.remove(row)
            self._drop(row)
            self._sync()

    def load(self, windows: list[schemas.TimeWindow]) -> None:
        """Every window of a grant; one default row when it has none (shown unticked)."""
        for row in self.rows:
            self._drop(row)
        self.rows = []
        for w in windows[:MAX_WINDOWS] or [schemas.TimeWindow.model_validate(DEFAULT_WINDOW)]:
            self.add(list(w.days), w.start, w.end)

    def _drop(self, row: WindowRow) -> None:
        # Hidden at once: deleteLater() alone leaves it drawn under the new rows until then.
        self._box.removeWidget(row)
        row.hide()
        row.deleteLater()

    def windows(self) -> list[dict[str, object]]:
        return [row.value() for row in self.rows]

    def missing_days(self) -> bool:
        return any(not row.days() for row in self.rows)

    def set_editable(self, on: bool) -> None:
        self._enabled = on
        self._sync()

    def _sync(self) -> None:
        for row in self.rows:
            row.set_editable(self._enabled, removable=len(self.rows) > 1)
        self.add_button.setEnabled(self._enabled and len(self.rows) < MAX_WINDOWS)
