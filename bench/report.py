"""Results as tables for the console and for docs/benchmarks.md, and the page itself.

Every part returns a `Part`: its tables, its plots, its goals and a few paragraphs. The
page keeps one section per part between markers, so a run of some parts rewrites those
sections and keeps the others from the page it finds (each section says when and how it
was measured).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGE = DOCS / "benchmarks.md"
PART_ORDER = ("decode", "scan", "load", "wallet")
_SECTION = re.compile(
    r"<!-- bench:(?P<name>\w+):start -->\n(?P<body>.*?)<!-- bench:(?P=name):end -->", re.S
)


# --- numbers ----------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50.0)


def ms(seconds: float, digits: int = 2) -> str:
    """Seconds as milliseconds text; '–' for NaN."""
    return "–" if math.isnan(seconds) else f"{seconds * 1000:.{digits}f}"


def ratio(value: float, base: float, digits: int = 2) -> str:
    """value / base as '×1.23'; '–' when either is missing or the base is zero."""
    if math.isnan(value) or math.isnan(base) or base == 0:
        return "–"
    return f"×{value / base:.{digits}f}"


def pct(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{100.0 * part / whole:.0f} %"


# --- results ----------------------------------------------------------------------------


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        if len(cells) != len(self.headers):
            raise ValueError(f"{self.title}: {len(cells)} cells for {len(self.headers)} columns")
        self.rows.append([str(c) for c in cells])

    def text(self) -> str:
        widths = [len(h) for h in self.headers]
        for row in self.rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        line = "  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True))
        out = [self.title, line, "  ".join("-" * w for w in widths)]
        for row in self.rows:
            out.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        return "\n".join(out)

    def markdown(self) -> str:
        out = [f"**{self.title}**", "", "| " + " | ".join(self.headers) + " |"]
        out.append("|" + "|".join("---" for _ in self.headers) + "|")
        for row in self.rows:
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
        return "\n".join(out)


@dataclass
class Goal:
    text: str
    met: bool | None  # None: could not be measured in this run
    detail: str

    def line(self) -> str:
        mark = {True: "met", False: "**missed**", None: "not measured"}[self.met]
        return f"- {self.text}: {mark}. {self.detail}"


@dataclass
class Part:
    name: str  # decode | scan | load | wallet
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    plots: list[Path] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # paragraphs after the tables
    settings: str = ""  # how it was run: "quick" or "full", counts

    def console(self) -> str:
        out = [f"== {self.title} ==", ""]
        for table in self.tables:
            out += [table.text(), ""]
        for goal in self.goals:
            out.append(goal.line().replace("**", ""))
        for note in self.notes:
            out += ["", note]
        for path in self.plots:
            out.append(f"plot: {path}")
        return "\n".join(out)

    def markdown(self, when: str) -> str:
        out = [f"## {self.title}", "", f"*Measured {when}; {self.settings}.*", ""]
        if self.intro:
            out += [self.intro, ""]
        if self.goals:
            out += ["Goals:", "", *[g.line() for g in self.goals], ""]
        for table in self.tables:
            out += [table.markdown(), ""]
        for path in self.plots:
            out += [f"![{path.stem}]({path.name})", ""]
        for note in self.notes:
            out += [note, ""]
        return "\n".join(out)


# --- the page ---------------------------------------------------------------------------


def old_sections(page: Path = PAGE) -> dict[str, str]:
    """The sections of the page there is now, by part name."""
    if not page.is_file():
        return {}
    text = page.read_text(encoding="utf-8")
    return {m["name"]: m["body"] for m in _SECTION.finditer(text)}


def write_page(
    parts: Iterable[Part], *, header: str, when: str, page: Path = PAGE
) -> Path:
    """docs/benchmarks.md: the header, then each part's section, new or kept."""
    sections = old_sections(page)
    for part in parts:
        sections[part.name] = part.markdown(when)
    out = [header, ""]
    for name in PART_ORDER:
        body = sections.get(name)
        if body is None:
            body = f"## {name}\n\n*Not run yet: `python -m bench {name}`.*\n"
        out += [f"<!-- bench:{name}:start -->", body.rstrip("\n"), "",
                f"<!-- bench:{name}:end -->", ""]
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("\n".join(out), encoding="utf-8")
    return page
