"""The receipt: on screen and as a PDF, drawn by one function, with a QR of the payment id.

`Receipt` is plain data made from a journal row. `paint_receipt` draws it with a QPainter
in a 380-unit-wide column; the widget paints it on screen and `save_pdf` paints it on an
80 mm roll, so the two never disagree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import segno
from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPicture
from PySide6.QtWidgets import QWidget

from kinpay import l10n
from kinpay.money import format_minor
from kinpay.names import display_name
from pos_app import words
from pos_app.core.store import SaleRow

SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # the server's ids and the terminal's keys
WIDTH_PX = 380.0  # the receipt column on screen; the PDF scales it to the paper
QR_SIDE_PX = 150.0
PAPER_MM = 80.0
translate = QCoreApplication.translate


@dataclass(frozen=True)
class Receipt:
    merchant: str
    terminal_id: str
    when_s: int
    amount: int
    currency: str
    status: str  # APPROVED, APPROVED OFFLINE, DECLINED, NOT CONFIRMED
    detail: str
    payment_id: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (left, right)
    parties: str = ""
    refunded: int = 0
    tenders: list[tuple[str, str]] = field(default_factory=list)  # a split sale's parts


def receipt_of(row: SaleRow, merchant: str, terminal_id: str) -> Receipt:
    status = translate("Receipt", "REFUNDED") if row.given_back else {
        "approved": translate("Receipt", "APPROVED"),
        "declined": translate("Receipt", "DECLINED"),
        "queued": translate("Receipt", "APPROVED OFFLINE"),
        "pending": translate("Receipt", "NOT CONFIRMED"),
        "offline_declined": translate("Receipt", "DECLINED (OFFLINE)"),
    }.get(row.status, row.status.upper())
    if row.status in ("declined", "offline_declined"):
        detail = words.decline_text(words.typed_decline(row.decline_code, row.typed))
    elif row.status == "queued":
        detail = translate("Receipt", "Accepted offline; sent to the server when it answers.")
    elif row.status == "approved" and row.offline:
        detail = translate("Receipt", "Accepted offline, settled by the server.")
    elif row.status == "pending":
        detail = translate("Receipt", "No answer from the server yet; the sale is sent again "
                                      "with the same key, never charged twice.")
    else:
        detail = ""
    lines = [
        (translate("Receipt", "{quantity} × {name}").format(quantity=i.quantity, name=i.name),
         format_minor(i.quantity * i.unit_amount, row.currency))
        for i in row.items
    ] or [(translate("Receipt", "Amount"), format_minor(row.total_minor, row.currency))]
    # (The amount rung up: the whole sale, as its TOTAL; the code's part is a tender below.)
    parties = ""
    if row.delegate or row.payer:
        parties = translate("Receipt", "For {delegate}, paid by {payer}").format(
            delegate=display_name(row.delegate or "?"), payer=display_name(row.payer or "?"))
    tender_rows: list[tuple[str, str]] = []
    if row.sale_total is not None and row.status == "approved":
        from pos_app.widgets.split import refund_lines, tender_lines

        tender_rows = [(name, format_minor(amount, row.currency))
                       for name, amount in tender_lines(row)]
        tender_rows += [(name, "−" + format_minor(amount, row.currency))
                        for name, amount in refund_lines(row)]
    return Receipt(
        merchant=merchant or translate("Receipt", "kinpay shop"),
        terminal_id=terminal_id,
        when_s=row.created_at,
        amount=row.total_minor,
        currency=row.currency,
        status=status,
        detail=detail or "",
        payment_id=row.payment_id or row.key,
        lines=lines,
        parties=parties,
        refunded=0 if tender_rows else row.refunded,
        tenders=tender_rows,
    )


def _font(px: float, bold: bool = False, mono: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(l10n.font_families(mono=mono))
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    return font


def paint_receipt(p: QPainter, r: Receipt) -> float:
    """Draw `r` from (0, 0) in a WIDTH_PX-wide column; returns the height used."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor("#111111")
    y = 12.0

    def text(s: str, px: float, *, bold: bool = False, align: Qt.AlignmentFlag =
             Qt.AlignmentFlag.AlignLeft, wrap: bool = False) -> None:
        nonlocal y
        p.setFont(_font(px, bold))
        p.setPen(ink)
        flags = (align | Qt.TextFlag.TextWordWrap) if wrap else align
        box = p.boundingRect(QRectF(16, y, WIDTH_PX - 32, 1000), flags, s)
        p.drawText(QRectF(16, y, WIDTH_PX - 32, box.height()), flags, s)
        y += box.height() + 4

    def row(left: str, right: str, px: float = 17, bold: bool = False) -> None:
        nonlocal y
        p.setFont(_font(px, bold))
        p.setPen(ink)
        h = px * 1.45
        p.drawText(QRectF(16, y, WIDTH_PX - 140, h), Qt.AlignmentFlag.AlignLeft, left)
        p.drawText(QRectF(WIDTH_PX - 150, y, 134, h), Qt.AlignmentFlag.AlignRight, right)
        y += h

    def rule() -> None:
        nonlocal y
        p.setPen(QColor("#888888"))
        p.drawLine(16, round(y + 4), round(WIDTH_PX - 16), round(y + 4))
        y += 12

    center = Qt.AlignmentFlag.AlignHCenter
    text(r.merchant, 24, bold=True, align=center)
    when = l10n.format_datetime(r.when_s, year=True, seconds=True)
    text(translate("Receipt", "{when}   Terminal {terminal}").format(
        when=when, terminal=r.terminal_id[:12] or "—"), 14, align=center)
    rule()
    for left, right in r.lines:
        row(left, right)
    rule()
    row(translate("Receipt", "TOTAL"), format_minor(r.amount, r.currency), 22, True)
    if r.refunded:
        row(translate("Receipt", "Refunded"), "−" + format_minor(r.refunded, r.currency))
    for left, right in r.tenders:  # a split sale: each tender, then what each gave back
        row(left, right, 16)
    rule()
    text(r.status, 22, bold=True, align=center)
    if r.parties:
        text(r.parties, 16, align=center, wrap=True)
    if r.detail:
        text(r.detail, 15, align=center, wrap=True)
    y += 6
    _paint_qr(p, r.payment_id, QRectF((WIDTH_PX - QR_SIDE_PX) / 2, y, QR_SIDE_PX, QR_SIDE_PX))
    y += QR_SIDE_PX + 6
    p.setFont(_font(12, mono=True))
    p.setPen(ink)
    p.drawText(QRectF(0, y, WIDTH_PX, 18), center, r.payment_id)
    y += 24
    text(translate("Receipt", "Thank you · kinpay"), 14, align=center)
    return y + 8


def _paint_qr(p: QPainter, data: str, box: QRectF) -> None:
    matrix = segno.make(data, error="m").matrix
    n = len(matrix) + 8  # with the four-module quiet zone the standard asks for
    module = box.width() / n
    p.fillRect(box, QColor("white"))
    p.setPen(Qt.PenStyle.NoPen)
    # Square modules edge to edge: antialiasing would leave hairlines between them.
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    black = QColor("black")
    for r, line in enumerate(matrix):
        for c, bit in enumerate(line):
            if bit:
                p.fillRect(QRectF(box.x() + (c + 4) * module, box.y() + (r + 4) * module,
                                  module, module), black)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)


class ReceiptView(QWidget):
    """The receipt as a slip of paper on screen."""

    def __init__(self, receipt: Receipt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt = receipt
        self.setObjectName("receipt_view")
        self.setFixedWidth(int(WIDTH_PX))
        # As tall as the slip: measured by drawing it once off screen (a fixed 600 pixels
        # left a scroll bar over blank paper under a short receipt).
        picture = QPicture()
        p = QPainter(picture)
        self.setFixedHeight(int(paint_receipt(p, receipt)))
        p.end()

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        height = paint_receipt(p, self.receipt)
        p.end()
        if abs(self.height() - height) > 1:
            self.setFixedHeight(int(height))


def pdf_path(folder: Path, payment_id: str) -> Path:
    """Where a receipt's PDF goes: named from the payment id only if it is a plain id.

    The id comes from the server; one like `../../x` must not choose where a file is
    written, so anything else is named by its hash, and the result is checked to sit
    directly in `folder`.
    """
    folder = Path(folder)
    name = (payment_id if SAFE_ID.fullmatch(payment_id)
            else "payment-" + hashlib.sha256(payment_id.encode()).hexdigest()[:24])
    path = folder / f"{name}.pdf"
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"not a receipt file name: {payment_id!r}")
    return path


def save_pdf(receipt: Receipt, path: Path) -> Path:
    """The receipt on an 80 mm roll, as a one-page PDF."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(translate("Receipt", "Receipt {payment}").format(
        payment=receipt.payment_id))
    writer.setCreator("kinpay")
    page = QPageSize(QSizeF(PAPER_MM, PAPER_MM * 2.1), QPageSize.Unit.Millimeter, "roll")
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    p = QPainter(writer)
    scale = writer.width() / WIDTH_PX
    p.scale(scale, scale)
    paint_receipt(p, receipt)
    p.end()
    path.chmod(0o600)  # who paid what: the shop's business only
    return path


def pdf_to_png(pdf: Path, png: Path, width_px: int = 760) -> Path:
    """The PDF's first page as a PNG (Qt's own PDF renderer): what the printer gets."""
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    if doc.load(str(pdf)) != QPdfDocument.Error.None_:
        raise ValueError(f"can't read {pdf}")
    size = doc.pagePointSize(0)
    height_px = round(width_px * size.height() / max(size.width(), 1.0))
    image = doc.render(0, QSize(width_px, height_px))
    doc.close()
    if image.isNull() or not image.save(str(png)):
        raise ValueError(f"can't render {pdf} to {png}")
    return Path(png)
