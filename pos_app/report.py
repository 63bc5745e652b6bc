"""The end-of-day report: counts and totals by status, refunds, offline payments still
waiting; as a table, a CSV file and a printable PDF. The numbers come from the terminal's
own journal (pos_app.core.store), so the report works offline too. `compute` has no Qt.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from kinpay import l10n
from kinpay.money import format_minor
from kinpay.names import display_name, one_line
from pos_app.core import asked
from pos_app.core.store import FILE_MODE, SaleRow, Store, private_dir, private_file
from pos_app.words import QT_TRANSLATE_NOOP

STATUS_NAMES = {
    "approved": QT_TRANSLATE_NOOP("Report", "Approved"),
    "declined": QT_TRANSLATE_NOOP("Report", "Declined by the server"),
    "queued": QT_TRANSLATE_NOOP("Report", "Accepted offline, not yet sent"),
    # An offline sale the server declined when it was sent: the goods are gone, unpaid.
    # (What to do, collect it from the family, is End of day's note under the table.)
    "offline_unpaid": QT_TRANSLATE_NOOP("Report", "Accepted offline, then declined: not paid"),
    "pending": QT_TRANSLATE_NOOP("Report", "Not confirmed (retrying)"),
    "offline_declined": QT_TRANSLATE_NOOP("Report", "Declined offline"),
}
translate = QCoreApplication.translate
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TENDERS = ("code", "cash", "card", "due")


@dataclass
class Line:
    status: str
    count: int = 0
    total_minor: int = 0


@dataclass
class Report:
    day: str  # YYYY-MM-DD: file names and programs
    currency: str
    lines: dict[str, Line] = field(default_factory=dict)
    refunds_count: int = 0
    refunds_minor: int = 0
    offline_settled: int = 0
    net_minor: int = 0
    rows: list[SaleRow] = field(default_factory=list)
    # Each tender of the approved sales: the code's part, cash, card, and what
    # partial sales still have due; and what cash and card gave back in refunds.
    tenders: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TENDERS, 0))
    other_refunds_minor: int = 0
    start_s: int = 0
    refunds: list[dict[str, Any]] = field(default_factory=list)  # the day's, as journalled
    # Refunds sent and not answered (the link was down): the till sends them again by
    # itself; the server may have done them, so they are said apart, never in the net.
    unconfirmed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unconfirmed_minor(self) -> int:
        return sum(int(f["amount"]) + int(f.get("other_amount") or 0) for f in self.unconfirmed)

    @property
    def day_text(self) -> str:
        """The day as people read it in the terminal's language ("1 Dec 2026")."""
        return l10n.format_date(self.start_s)

    @property
    def given_back_minor(self) -> int:
        """All the day's refunds gave back: to the allowance, and in cash or to cards."""
        return self.refunds_minor + self.other_refunds_minor

    @property
    def offline_pending(self) -> Line:
        return self.lines.get("queued", Line("queued"))

    @property
    def unpaid(self) -> Line:
        """Offline sales the server declined on upload: what the families owe the shop."""
        return self.lines.get(UNPAID, Line(UNPAID))


def start_of_day(now_s: float | None = None) -> int:
    t = time.localtime(now_s if now_s is not None else time.time())
    return int(time.mktime((t.tm_year, t.tm_mon, t.tm_mday, 0, 0, 0, 0, 0, -1)))


def next_day(start_s: int) -> int:
    """The start of the day after the one starting at `start_s` (23 to 25 hours later)."""
    return start_of_day(start_s + 36 * 3600)


UNPAID = "offline_unpaid"


def report_status(row: SaleRow) -> str:
    """The status a sale is counted under: an offline sale the server declined when it was
    sent is `offline_unpaid`, apart from the sales declined at the till (its goods were
    handed over and the shop was not paid: counted among those, the day hid the money the
    shop is owed)."""
    return UNPAID if row.offline and row.status == "declined" else row.status


def counts_in_takings(row: SaleRow) -> bool:
    """An approved or queued sale: what the shop took (queued: taken offline, still to send)."""
    return row.status in ("approved", "queued")


def row_tenders(row: SaleRow) -> dict[str, int]:
    """A sale's parts by tender, as every report counts them: the code's part, cash, card,
    and what is still due (nothing once its code part was given back in full: the customer
    owes nothing more). A sale not taken (declined, pending) has none."""
    if not counts_in_takings(row):
        return dict.fromkeys(TENDERS, 0)
    out = {"code": row.amount, "cash": row.other_minor("cash"), "card": row.other_minor("card"),
           "due": row.other_minor("due")}
    if row.refunded >= row.amount > 0:
        out["due"] = 0
    return out


def taken_minor(row: SaleRow) -> int:
    """What a sale counts for in its status's total: for one taken, every tender the shop
    took (not what is still due); else what was asked of the code."""
    if not counts_in_takings(row):
        return row.amount
    parts = row_tenders(row)
    return parts["code"] + parts["cash"] + parts["card"]


def compute(store: Store, currency: str, *, now_s: float | None = None) -> Report:
    """The day `now_s` falls in (today by default): its sales and refunds, none after it.
    The one reckoning of a day: the Today dialog, End of day, its CSV and PDF read it. Net:
    every tender taken for the day's approved sales, less what the day's refunds gave back
    (to the allowance, and in cash or to cards); sales accepted offline and not yet settled
    are counted apart (`offline_pending`), as are their tenders."""
    start = start_of_day(now_s)
    end = next_day(start)
    rows = asked.mark(store, [r for r in store.since(start, until_s=end)
                              if r.currency == currency])
    report = Report(l10n.format_day(start), currency, rows=rows, start_s=start)
    for status in STATUS_NAMES:
        report.lines[status] = Line(status)
    for row in rows:
        status = report_status(row)
        line = report.lines.setdefault(status, Line(status))
        line.count += 1
        line.total_minor += taken_minor(row)
        if row.status == "approved":  # queued: said apart until the server settles it
            for kind, minor in row_tenders(row).items():
                report.tenders[kind] += minor
        if row.offline and row.status == "approved":
            report.offline_settled += 1
    by_key = {r.key: r for r in rows}
    for refund in store.refunds_since(start, until_s=end, status="pending"):
        if refund["currency"] == currency:
            refund["sale"] = sale = store.get(refund["sale_key"])
            report.unconfirmed.append(refund)
            if sale is not None and sale.key in by_key:  # its row in the lists says so too
                extra = by_key[sale.key].extra
                extra["refund_pending"] = extra.get("refund_pending", 0) + int(
                    refund["amount"]) + int(refund.get("other_amount") or 0)
    for refund in store.refunds_since(start, until_s=end):
        if refund["currency"] == currency:
            sale = store.get(refund["sale_key"])
            refund["sale"] = sale  # what it gave back, tender by tender, in the CSV
            report.refunds.append(refund)
            report.refunds_count += 1
            report.refunds_minor += int(refund["amount"])
            report.other_refunds_minor += int(refund.get("other_amount") or 0)
    # Queued sales are not takings yet: the server may still decline them (live test 34
    # §4: ¥5.00 of a "net ¥54.00" was refused on upload). They are said apart.
    report.net_minor = (report.lines["approved"].total_minor - report.refunds_minor
                        - report.other_refunds_minor)
    return report


def summary_rows(report: Report) -> list[tuple[str, str, str]]:
    """The summary's lines: each status, the refunds (all they gave back, and its two parts
    where both exist), the tenders, the net (what it takes from what, by its label)."""
    cur = report.currency
    out = [
        (status_name(s), str(line.count), format_minor(line.total_minor, cur))
        for s, line in report.lines.items()
    ]
    back, code, other = report.given_back_minor, report.refunds_minor, report.other_refunds_minor
    label = (translate("Report", "Refunds (allowance −{code} + cash or card −{other})").format(
        code=format_minor(code, cur), other=format_minor(other, cur)) if code and other
        else translate("Report", "Refunds"))
    out.append((label, str(report.refunds_count), ("−" if back else "") + format_minor(back, cur)))
    if report.unconfirmed:  # sent, no answer: the till sends them again (not in the net)
        out.append((translate("Report", "Refunds not confirmed (retrying)"),
                    str(len(report.unconfirmed)),
                    "−" + format_minor(report.unconfirmed_minor, cur)))
    out += tender_rows(report)
    # Sales accepted offline are not in it (their own line above) until the server settles
    # them; refunds are all they gave back (live test 34 §4, §10).
    out.append((translate("Report", "Net takings (approved − refunds)"), "",
                format_minor(report.net_minor, cur)))
    return out


def this_till() -> str:
    """Whose sales the report holds: this till's journal only (live test 34 §14: a shop's
    second till's sales were missing from End of day, with nothing saying so)."""
    return translate("Report", "This till only: the shop's other tills are not in this "
                               "report.")


def tender_rows(report: Report) -> list[tuple[str, str, str]]:
    """The approved sales' takings by tender: the allowance (kinpay codes), cash, card; what
    partial sales still have due. Shown whenever a sale had another tender, so a day of
    code-only sales reads as before."""
    t, cur = report.tenders, report.currency
    if not (t["cash"] or t["card"] or t["due"]):
        return []
    out = [(translate("Report", "Tender: kinpay code (allowance)"), "",
            format_minor(t["code"], cur)),
           (translate("Report", "Tender: cash"), "", format_minor(t["cash"], cur)),
           (translate("Report", "Tender: card"), "", format_minor(t["card"], cur))]
    if t["due"]:
        out.append((translate("Report", "Still due on partial sales (not taken)"), "",
                    format_minor(t["due"], cur)))
    return out


def refunded_words(code: int, other: int, currency: str, *, by_card: bool = False,
                   mixed: bool = False) -> str:
    """What refunds gave back, as one meaning everywhere (live test 34 §10): all of it, and
    where both parts exist, the allowance's and the cash or card part: "¥6.00 (allowance
    ¥5.00 + cash ¥1.00)"; "¥5.00" when one part alone. `mixed`: a day's, whose other part
    may be cash and card."""
    total = format_minor(code + other, currency)
    if not (code and other):
        return total
    text = (translate("Report", "{total} (allowance {code} + cash or card {other})") if mixed
            else translate("Report", "{total} (allowance {code} + card {other})") if by_card
            else translate("Report", "{total} (allowance {code} + cash {other})"))
    return text.format(total=total, code=format_minor(code, currency),
                       other=format_minor(other, currency))


def status_name(status: str) -> str:
    return translate("Report", STATUS_NAMES.get(status, status))


CSV_ENCODING = "utf-8-sig"  # UTF-8, its byte-order mark first: see write_csv
CSV_HEAD = ["time", "status", "amount_minor", "amount", "currency", "refunded_minor",
            "offline", "payment_id", "key", "delegate", "payer", "decline_code",
            "code_minor", "cash_minor", "card_minor", "due_minor", "items"]


def items_cell(sale: SaleRow | None) -> str:
    """What a sale was of, for the day's CSV: "2 × Apple; 1 × Milk 250 ml" (every line),
    empty for a sale of an amount alone. A refund's row names its sale's."""
    if sale is None:
        return ""
    return "; ".join(f"{i.quantity} × {one_line(i.name)}" for i in sale.items)


def write_csv(report: Report, path: Path) -> Path:
    """One row per sale, one per refund, then the summary; amounts in minor units and
    formatted. A sale's amount is what counts in its status's total (for one taken: every
    tender the shop took, each in its column beside it); a refund's, what it gave back
    (negative). So the rows of each status add up to its total, and the approved
    and refund rows to the net. An offline sale the server declined on upload is
    `offline_unpaid` (not paid: the family owes it), its own summary line. The column names
    and statuses are codes (programs read them); the summary is in the terminal's language,
    its amounts formatted for it. UTF-8 with its byte-order mark (read it as "utf-8-sig"):
    without the mark, Excel opened by a double click on a Chinese Windows read the file in
    the system's code page (GBK, Big5), and the summary's words and every "¥" came out
    garbled."""
    path = Path(path)
    private_dir(path.parent)
    with private_file(path).open("w", newline="", encoding=CSV_ENCODING) as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEAD)
        for r in sorted(report.rows, key=lambda r: r.seq):
            parts = row_tenders(r)
            w.writerow([safe_cell(v) for v in (
                time.strftime("%H:%M:%S", time.localtime(r.created_at)), report_status(r),
                taken_minor(r), format_minor(taken_minor(r), r.currency), r.currency,
                r.refunded, int(r.offline), r.payment_id or "", r.key, r.delegate or "",
                r.payer or "", r.decline_code or "", *(parts[kind] for kind in TENDERS),
                items_cell(r),
            )])
        for refund in report.refunds:
            w.writerow([safe_cell(v) for v in refund_cells(refund)])
        for refund in report.unconfirmed:  # not in the net: the server has not answered
            w.writerow([safe_cell(v) for v in refund_cells(refund, "refund_unconfirmed")])
        w.writerow([])
        w.writerow([translate("Report", "Summary"), translate("Report", "Count"),
                    translate("Report", "Total")])
        w.writerow([this_till(), "", ""])
        for row in summary_rows(report):
            w.writerow([safe_cell(v) for v in row])
    return path


def refund_cells(refund: dict[str, Any], status: str = "refund") -> list[object]:
    """A refund's CSV row: status "refund" ("refund_unconfirmed": sent, not answered), what
    it gave back as negative amounts, the cash or card part in the column of the tender the
    sale took it by."""
    sale: SaleRow | None = refund.get("sale")
    code, other = int(refund["amount"]), int(refund.get("other_amount") or 0)
    by_card = sale is not None and sale.other_minor("card") and not sale.other_minor("cash")
    return [time.strftime("%H:%M:%S", time.localtime(int(refund["created_at"]))), status,
            -(code + other), "−" + format_minor(code + other, refund["currency"]),
            refund["currency"], "", 0, refund["payment_id"], refund["key"],
            sale.delegate or "" if sale else "", sale.payer or "" if sale else "", "",
            -code, 0 if by_card else -other, -other if by_card else 0, 0, items_cell(sale)]


def safe_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a cell that starts with =, +, -, @, tab or CR
    would run as a formula (a delegate's name is anyone's choice), so it gets a leading '.
    Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


ITEMS_SHOWN = 4  # a sale's lines named under its status (Today's sales, the report); more counted


def items_line(r: SaleRow) -> str:
    """"2 × Apple, 1 × Milk 250 ml": what a sale was of, its first ITEMS_SHOWN lines and
    "+N more"; empty for a sale of an amount alone."""
    if not r.items:
        return ""
    lines = [translate("Receipt", "{quantity} × {name}").format(quantity=i.quantity,
                                                                name=one_line(i.name))
             for i in r.items[:ITEMS_SHOWN]]
    text = translate("Sales", ", ").join(lines)
    if len(r.items) > ITEMS_SHOWN:
        text += " " + translate("Sales", "+{count} more").format(count=len(r.items) - ITEMS_SHOWN)
    return text


def items_note(r: SaleRow) -> str:
    """The sale's items on a line under its status ("2 × Apple, 1 × Milk 250 ml"), in Today's
    sales, Refund and the printed report: the sale a customer brings back is found by what
    it was of, not only by its time and amount."""
    return "\n" + items_line(r) if r.items else ""


def sales_lines(report: Report) -> list[list[str]]:
    return [
        [l10n.format_time(r.created_at),
         sale_status(r) + items_note(r),
         format_minor(taken_minor(r), r.currency), display_name(r.delegate or ""),
         r.payment_id or r.key]
        for r in sorted(report.rows, key=lambda r: r.seq)
    ]


def sale_status(r: SaleRow) -> str:
    """A sale's status in the printed report, with what the screens show beside it (live
    test 34 §11): approved when the parent was asked, a split sale's tenders, and what a
    refund gave back: "Approved (asked Mei) · allowance ¥14.50 + cash ¥3.50 · refunded
    ¥6.00 (allowance ¥5.00 + cash ¥1.00)"."""
    status = report_status(r)
    text = status_name(status)
    if status == "approved" and r.extra.get("asked"):  # pos_app.core.asked
        text = (translate("Report", "Approved (asked {payer})").format(
            payer=display_name(r.payer)) if r.payer
            else translate("Report", "Approved (asked the parent)"))
    marks = [text]
    parts = row_tenders(r)
    if r.sale_total is not None and (parts["cash"] or parts["card"] or parts["due"]):
        names = {"code": translate("Report", "allowance {amount}"),
                 "cash": translate("Report", "cash {amount}"),
                 "card": translate("Report", "card {amount}"),
                 "due": translate("Report", "still due {amount}")}
        marks.append(" + ".join(names[kind].format(amount=format_minor(parts[kind], r.currency))
                                for kind in TENDERS if parts[kind]))
    if r.refunded or r.other_refunded:
        by_card = bool(r.other_minor("card")) and not r.other_minor("cash")
        marks.append(translate("Report", "refunded {amount}").format(amount=refunded_words(
            r.refunded, r.other_refunded, r.currency, by_card=by_card)))
    return " · ".join(marks)


def refund_lines(report: Report) -> list[list[str]]:
    """The day's refunds for the printed report: when, what went back in the till's one
    meaning (all of it, and both parts where both exist: "¥6.00 (allowance ¥5.00 + cash
    ¥1.00)"; it said "¥5.00 to the allowance; ¥1.00 in cash or to a card" beside the
    total), whose sale, and the sale's payment."""
    out = []
    for refund in sorted(report.refunds + report.unconfirmed, key=lambda f: int(f["created_at"])):
        sale: SaleRow | None = refund.get("sale")
        code, other = int(refund["amount"]), int(refund.get("other_amount") or 0)
        # Cash or card as the sale was paid (pos_app.widgets.dialogs.refunded_text); a
        # sale no longer here says both.
        by_card = sale is not None and bool(sale.other_minor("card")) \
            and not sale.other_minor("cash")
        given = refunded_words(code, other, refund["currency"], by_card=by_card,
                               mixed=sale is None)
        if refund["status"] == "pending":
            given = translate("Report", "{amount} · not confirmed (retrying)").format(
                amount=given)
        out.append([l10n.format_time(int(refund["created_at"])), given,
                    display_name(sale.delegate or "") if sale else "",
                    str(refund["payment_id"])])
    return out


def save_pdf(report: Report, merchant: str, path: Path) -> Path:
    """The printable report, A4. Built with a text cursor, never from HTML: a name is
    inserted as text, whatever characters it holds."""
    from PySide6.QtGui import (
        QFont,
        QPageSize,
        QPdfWriter,
        QTextCharFormat,
        QTextCursor,
        QTextDocument,
    )

    path = Path(path)
    private_dir(path.parent)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(150)
    writer.setTitle(translate("Report", "End of day {day}").format(day=report.day_text))
    doc = QTextDocument()
    font = QFont()
    font.setFamilies(l10n.font_families())
    font.setPointSize(11)
    doc.setDefaultFont(font)
    cursor = QTextCursor(doc)
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    bold.setFontPointSize(16)
    cursor.insertText(translate("Report", "{merchant} — end of day {day}").format(
        merchant=merchant, day=report.day_text), bold)
    cursor.insertBlock()
    cursor.insertText(this_till(), QTextCharFormat())
    _tables(cursor, report, bold)
    doc.print_(writer)
    del writer  # closes the file
    path.chmod(FILE_MODE)
    return path


def _tables(cursor: Any, report: Report, bold: Any) -> None:
    """The report's tables at `cursor`: the summary, the sales, the refunds (if any). Each
    table's columns in percent of the page: a whole payment id (32 characters, as its
    receipt prints it) on one line, in a smaller type (a reference, not a figure to read
    across). A time's column holds "21:23" on one line: at 8 % it printed "21:2" over "3"."""
    from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextLength, QTextTableFormat

    table_format = QTextTableFormat()
    table_format.setCellPadding(4)
    table_format.setBorder(1)
    table_format.setCellSpacing(0)
    table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    small = QTextCharFormat()
    small.setFontPointSize(9)
    time_, amount = translate("Report", "Time"), translate("Report", "Amount")
    child, payment = translate("Report", "Child"), translate("Report", "Payment")
    for title, head, rows, widths in (
        ("", ["", translate("Report", "Count"), translate("Report", "Total")],
         [list(r) for r in summary_rows(report)], (60, 15, 25)),
        (translate("Report", "Sales"), [time_, translate("Report", "Status"), amount, child,
                                        payment], sales_lines(report), (11, 25, 12, 10, 42)),
        (translate("Report", "Refunds"), [time_, translate("Report", "Given back"), child,
                                          payment], refund_lines(report), (11, 33, 14, 42)),
    ):
        if not rows and title == translate("Report", "Refunds"):
            continue  # a day without refunds prints no empty table of them
        cursor.insertBlock()
        if title:
            cursor.insertText(title, bold)
            cursor.insertBlock()
        table_format.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, w) for w in widths])
        table = cursor.insertTable(len(rows) + 1, len(head), table_format)
        for i, values in enumerate([head, *rows]):
            for j, value in enumerate(values):
                is_id = i > 0 and head[j] == payment
                table.cellAt(i, j).firstCursorPosition().insertText(
                    str(value), small if is_id else QTextCharFormat())
        cursor.movePosition(QTextCursor.MoveOperation.End)
