"""Colours and the style sheet: calm, high-contrast, big touch targets."""

from __future__ import annotations

INK = "#111827"
MUTED = "#4B5563"
PAPER = "#F3F4F6"
CARD = "#FFFFFF"
LINE = "#D1D5DB"
ACCENT = "#1D4ED8"
ACCENT_DARK = "#1E3A8A"
GOOD = "#047857"
GOOD_BG = "#D1FAE5"
BAD = "#B91C1C"
BAD_BG = "#FEE2E2"
WARN = "#92400E"
WARN_BG = "#FEF3C7"
INFO_BG = "#DBEAFE"

TOUCH_PX = 64  # the smallest button: a thumb, not a mouse pointer
FIELD_BORDER_PX = 2  # a field's border, and its padding inside it: where its text starts
FIELD_PAD_PX = 10
BASKET_PAD_PX = 3  # above and below a basket line: four lines beside two rows of products

STYLE = f"""
QWidget {{ color: {INK}; font-size: 18px; }}
QMainWindow, QDialog {{ background: {PAPER}; }}
QPushButton {{
    background: {CARD}; border: 2px solid {LINE}; border-radius: 10px;
    min-height: {TOUCH_PX}px; padding: 0 16px; font-size: 22px; font-weight: 600;
}}
QPushButton:pressed {{ background: {LINE}; }}
QPushButton:disabled {{ color: #9CA3AF; background: #F9FAFB; }}
QPushButton[role="primary"] {{
    background: {ACCENT}; color: white; border-color: {ACCENT_DARK};
}}
QPushButton[role="primary"]:pressed {{ background: {ACCENT_DARK}; }}
QPushButton[role="primary"]:disabled {{
    background: #E5E7EB; color: #6B7280; border-color: {LINE};
}}
QPushButton[role="danger"] {{ color: {BAD}; border-color: {BAD}; }}
/* Off as the other keys are (the keypad on a result card): a red Clear looked active. */
QPushButton[role="danger"]:disabled {{ color: #9CA3AF; border-color: {LINE}; }}
QPushButton[role="tool"] {{ min-height: 52px; font-size: 18px; }}
QPushButton[role="category"] {{ min-height: 44px; font-size: 16px; padding: 0 6px; }}
QPushButton[role="category"]:checked {{
    background: {INK}; color: white; border-color: {INK};
}}
QPushButton[role="product"] {{ text-align: center; font-size: 18px; min-height: {TOUCH_PX}px;
    padding: 0 4px; }}
QLineEdit, QSpinBox, QComboBox, QDoubleSpinBox {{
    background: {CARD}; border: {FIELD_BORDER_PX}px solid {LINE}; border-radius: 8px;
    min-height: 48px; padding: 0 {FIELD_PAD_PX}px; font-size: 20px;
}}
QLineEdit:focus {{ border-color: {ACCENT}; }}
/* Not for typing now (the till's code field before Charge): it must look it. A white
   field that took no keys sent the digits typed into it to the amount. */
QLineEdit:disabled {{ background: #E5E7EB; color: #6B7280; border: 2px dashed #9CA3AF; }}
QSpinBox:focus {{ border-color: {ACCENT}; }}
QSpinBox::up-button, QSpinBox::down-button {{ width: 0; border: none; }}
QTableWidget {{ background: {CARD}; gridline-color: {LINE}; font-size: 17px; }}
QHeaderView::section {{ background: {PAPER}; padding: 8px; border: none;
    border-bottom: 2px solid {LINE}; font-weight: 700; }}
QListWidget {{ background: {CARD}; border: 2px solid {LINE}; border-radius: 8px;
    font-size: 19px; }}
QListWidget::item {{ padding: 8px; border-bottom: 1px solid #E5E7EB; }}
QListWidget#basket::item {{ padding: {BASKET_PAD_PX}px 8px; }}
QStatusBar {{ background: {CARD}; border-top: 2px solid {LINE}; }}
QStatusBar QLabel {{ font-size: 17px; padding: 2px 10px; }}
QLabel[role="total"] {{ font-size: 64px; font-weight: 800; }}
QLabel[role="caption"] {{ color: {MUTED}; font-size: 16px; font-weight: 600; }}
QLabel[role="prompt"] {{ font-size: 24px; font-weight: 700; }}
QFrame[role="panel"] {{ background: {CARD}; border: 2px solid {LINE}; border-radius: 14px; }}
QCheckBox {{ font-size: 20px; min-height: 40px; }}
QCheckBox::indicator {{ width: 28px; height: 28px; }}
"""
