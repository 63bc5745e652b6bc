"""The wallet's look: calm, friendly and high-contrast; big touch targets for the child.

Every text colour here is at least 4.5:1 against its background (WCAG AA). Widgets pick
a look by object name or by the `kind` property, never by inline colours.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

INK = "#1b1d22"  # body text
MUTED = "#4a4f5a"  # secondary text, 8:1 on PAPER
PAPER = "#f6f4ef"  # warm off-white page
CARD = "#ffffff"
LINE = "#d9d5cc"
ITEM_PAD = 4  # px around each row of a list (ui.fit_rows sizes rows inside it)
ACCENT = "#1f56c7"  # buttons, links: 6.3:1 on white
ACCENT_DARK = "#173f94"
OK = "#17703f"
WARN = "#9a5a00"
BAD = "#b3261e"
SOFT_OK = "#e3f3e9"
SOFT_BAD = "#fbe9e7"
SOFT_ACCENT = "#e6edfb"
TOUCH_PX = 48  # the smallest touch target, in device-independent pixels
FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]


def spend_color(used: int, limit: int) -> str:
    """Bar colour by how much of a limit is used: calm, then amber, then red when spent."""
    if limit <= 0 or used >= limit:
        return BAD
    if used * 4 >= limit * 3:
        return WARN
    return OK


STYLESHEET = f"""
QWidget {{ color: {INK}; }}
QMainWindow, QStackedWidget, #page {{ background: {PAPER}; }}
QLabel {{ background: transparent; }}
QLabel[kind="title"] {{ font-size: 24px; font-weight: 700; }}
QLabel[kind="subtitle"] {{ font-size: 17px; font-weight: 600; }}
QLabel[kind="muted"] {{ color: {MUTED}; }}
QLabel[kind="error"] {{ color: {BAD}; font-weight: 600; }}
QLabel[kind="big"] {{ font-size: 34px; font-weight: 700; }}
QLabel[kind="pill-ok"] {{ background: {SOFT_OK}; color: {OK}; border-radius: 10px;
    padding: 2px 10px; font-weight: 600; }}
QLabel[kind="pill-bad"] {{ background: {SOFT_BAD}; color: {BAD}; border-radius: 10px;
    padding: 2px 10px; font-weight: 600; }}
QLabel[kind="pill-info"] {{ background: {SOFT_ACCENT}; color: {ACCENT_DARK};
    border-radius: 10px; padding: 2px 10px; font-weight: 600; }}
QFrame[kind="card"] {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 14px; }}
QFrame[kind="banner-bad"] {{ background: {SOFT_BAD}; border: 1px solid {BAD};
    border-radius: 10px; }}
QFrame[kind="banner-info"] {{ background: {SOFT_ACCENT}; border: 1px solid {ACCENT};
    border-radius: 10px; }}
QPushButton {{ min-height: 40px; padding: 0 18px; border-radius: 10px;
    border: 1px solid {LINE}; background: {CARD}; font-weight: 600; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #8a8f99; background: #eeece7; }}
QPushButton[kind="primary"] {{ background: {ACCENT}; color: white; border: none; }}
QPushButton[kind="primary"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[kind="primary"]:disabled {{ background: #9fb3dd; color: white; }}
QPushButton[kind="danger"] {{ background: {CARD}; color: {BAD}; border: 1px solid {BAD}; }}
QPushButton[kind="danger-solid"] {{ background: {BAD}; color: white; border: none; }}
QPushButton[kind="link"] {{ border: none; background: transparent; color: {ACCENT};
    text-decoration: underline; padding: 0 6px; }}
QPushButton[kind="tab"] {{ border: none; border-radius: 0; background: transparent;
    color: {MUTED}; border-bottom: 3px solid transparent; padding: 0 14px; }}
QPushButton[kind="tab"]:checked {{ color: {ACCENT_DARK}; border-bottom: 3px solid {ACCENT}; }}
QPushButton[kind="day"] {{ border: none; border-radius: 0; background: transparent;
    color: {MUTED}; border-bottom: 3px solid transparent; padding: 0 2px; }}
QPushButton[kind="day"]:checked {{ color: {ACCENT_DARK}; border-bottom: 3px solid {ACCENT}; }}
QPushButton[kind="day"]:disabled, QPushButton[kind="day"]:checked:disabled {{
    color: #8a8f99; border-bottom-color: transparent; }}
QPushButton[kind="day"]:checked:disabled {{ border-bottom: 3px solid #c9c5bc; }}
QPushButton[kind="link"]:disabled {{ color: #8a8f99; }}
QLineEdit, QComboBox, QDateEdit, QTimeEdit, QSpinBox {{ min-height: 38px; padding: 0 10px;
    border: 1px solid #b9b4a9; border-radius: 8px; background: white; }}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus {{
    border: 2px solid {ACCENT}; min-height: 36px; }}
QLineEdit[invalid="true"] {{ border: 2px solid {BAD}; background: #fffafa; min-height: 36px; }}
QComboBox:disabled, QDateEdit:disabled, QLineEdit:disabled {{ color: #6b7080;
    background: #eeece7; border-color: #d6d2c8; }}
/* The drop-down button without the style's square, sunken box, which covered the rounded
   right edge (live test 34 §12); ui.draw_drop_arrow draws the arrow, and none when
   disabled, in the same room: a combo made disabled and enabled later kept the narrower
   size it was measured at ("07:(" for 07:00, "CN" for CNY). */
QComboBox::drop-down, QDateEdit::drop-down {{ subcontrol-origin: padding;
    subcontrol-position: center right; width: 26px; border: none; background: transparent; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: none; }}
QCheckBox, QRadioButton {{ spacing: 8px; min-height: 30px; }}
QListWidget {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 12px; }}
QListWidget::item {{ border-bottom: 1px solid #ece9e2; padding: {ITEM_PAD}px; }}
QScrollArea {{ border: none; background: transparent; }}
#delegate QPushButton {{ min-height: {TOUCH_PX + 8}px; font-size: 20px; border-radius: 14px;
    padding: 0 24px; }}
#delegate QLineEdit {{ min-height: {TOUCH_PX + 8}px; font-size: 24px; }}
#delegate QLabel {{ font-size: 20px; }}
#delegate QLabel[kind="title"] {{ font-size: 32px; }}
#delegate QLabel[kind="big"] {{ font-size: 40px; }}
#delegate QLabel[kind="muted"] {{ font-size: 18px; }}
#delegate QLabel[kind="subtitle"] {{ font-size: 22px; }}
#delegate QLabel[kind="pill-ok"], #delegate QLabel[kind="pill-bad"] {{ font-size: 18px; }}
#codeScreen {{ background: white; }}
#numeric {{ font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; font-size: 34px;
    font-weight: 700; letter-spacing: 2px; }}
"""


def apply(app: QApplication) -> None:
    """Fonts, palette and stylesheet for the whole app."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(15)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(PAPER))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    palette.setColor(QPalette.ColorRole.Base, QColor(CARD))
    palette.setColor(QPalette.ColorRole.Text, QColor(INK))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.Button, QColor(CARD))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
