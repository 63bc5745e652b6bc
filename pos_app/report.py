"""The end-of-day report: counts and totals by status, refunds, offline payments still
waiting; as a table, a CSV file and a printable PDF. The numbers come from the terminal's
own journal (pos_app.store), so the report works offline too. `compute` has no Qt.
"""

from __future__ import annotations

import csv
import html
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinpay.money import format_minor
from pos_app.store import SaleRow, Store

STATUS_NAMES = {
    "approved": "Approved",
    "declined": "Declined by the server",
    "queued": "Accepted offline, not yet sent",
    "pending": "Not confirmed (retrying)",
    "offline_declined": "Declined offline",
}


@dataclass
class Line:
    status: str
    count: int = 0
    total_minor: int = 0


@dataclass
class Report:
    day: str
    currency: str
    lines: dict[str, Line] = field(default_factory=dict)
    refunds_count: int = 0
    refunds_minor: int = 0
    offline_settled: int = 0
    net_minor: int = 0
    rows: list[SaleRow] = field(default_factory=list)

    @property
    def offline_pending(self) -> Line:
        return self.lines.get("queued", Line("queued"))


def start_of_day(now_s: float | None = None) -> int:
    t = time.localtime(now_s if now_s is not None else time.time())
    return int(time.mktime((t.tm_year, t.tm_mon, t.tm_mday, 0, 0, 0, 0, 0, -1)))


def compute(store: Store, currency: str, *, now_s: float | None = None) -> Report:
    start = start_of_day(now_s)
    rows = [r for r in store.since(start) if r.currency == currency]
    report = Report(time.strftime("%Y-%m-%d", time.localtime(start)), currency, rows=rows)
    for status in STATUS_NAMES:
        report.lines[status] = Line(status)
    for row in rows:
        line = report.lines.setdefault(row.status, Line(row.status))
        line.count += 1
        line.total_minor += row.amount
        if row.offline and row.status == "approved":
            report.offline_settled += 1
    for refund in store.refunds_since(start):
        if refund["currency"] == currency:
            report.refunds_count += 1
            report.refunds_minor += int(refund["amount"])
    taken = report.lines["approved"].total_minor + report.lines["queued"].total_minor
    report.net_minor = taken - report.refunds_minor
    return report


def summary_rows(report: Report) -> list[tuple[str, str, str]]:
    cur = report.currency
    out = [
        (STATUS_NAMES.get(s, s), str(line.count), format_minor(line.total_minor, cur))
        for s, line in report.lines.items()
    ]
    out.append(("Refunds", str(report.refunds_count), "−" + format_minor(report.refunds_minor,
                                                                          cur)))
    out.append(("Net takings (approved + queued − refunds)", "",
                format_minor(report.net_minor, cur)))
    return out


def write_csv(report: Report, path: Path) -> Path:
    """One row per sale, then the summary; amounts in minor units and formatted."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["time", "status", "amount_minor", "amount", "currency", "refunded_minor",
                    "offline", "payment_id", "key", "delegate", "payer", "decline_code"])
        for r in sorted(report.rows, key=lambda r: r.seq):
            w.writerow([
                time.strftime("%H:%M:%S", time.localtime(r.created_at)), r.status, r.amount,
                format_minor(r.amount, r.currency), r.currency, r.refunded, int(r.offline),
                r.payment_id or "", r.key, r.delegate or "", r.payer or "", r.decline_code or "",
            ])
        w.writerow([])
        w.writerow(["summary", "count", "total"])
        for row in summary_rows(report):
            w.writerow(list(row))
    return path


def to_html(report: Report, merchant: str) -> str:
    def cells(values: Any, tag: str = "td") -> str:
        return "".join(f"<{tag}>{html.escape(str(v))}</{tag}>" for v in values)

    summary = "".join(f"<tr>{cells(r)}</tr>" for r in summary_rows(report))
    sales = "".join(
        "<tr>" + cells([
            time.strftime("%H:%M", time.localtime(r.created_at)),
            STATUS_NAMES.get(r.status, r.status), format_minor(r.amount, r.currency),
            r.delegate or "", (r.payment_id or r.key)[:12],
        ]) + "</tr>"
        for r in sorted(report.rows, key=lambda r: r.seq)
    )
    return (
        "<html><body style='font-family: DejaVu Sans; font-size: 11pt'>"
        f"<h2>{html.escape(merchant)} — end of day {report.day}</h2>"
        "<table border='1' cellspacing='0' cellpadding='5' width='100%'>"
        f"<tr>{cells(['', 'Count', 'Total'], 'th')}</tr>{summary}</table>"
        "<h3>Sales</h3><table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        f"<tr>{cells(['Time', 'Status', 'Amount', 'Delegate', 'Payment'], 'th')}</tr>"
        f"{sales}</table></body></html>"
    )


def save_pdf(report: Report, merchant: str, path: Path) -> Path:
    """The printable report, A4."""
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(150)
    writer.setTitle(f"End of day {report.day}")
    doc = QTextDocument()
    doc.setHtml(to_html(report, merchant))
    doc.print_(writer)
    return path
