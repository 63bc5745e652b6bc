"""The page's plots, as PNG files in docs/ (matplotlib, Agg: no display needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench.report import DOCS

if TYPE_CHECKING:
    from bench.load_report import Run

DPI = 110
OUT = DOCS  # where the PNG files go; the smoke test points it at a temporary folder


def _save(fig: Any, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"bench-{name}.png"
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


def load_plot(runs: Sequence[Run], labels: Mapping[str, str]) -> Path:
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for engine in dict.fromkeys(r.engine for r in runs):
        mine = [r for r in runs if r.engine == engine]
        xs = [r.terminals for r in mine]
        style = "--" if engine == "naive" else "-"
        left.plot(xs, [r.result.rate for r in mine], style, marker="o", label=labels[engine])
        right.plot(xs, [r.p99 * 1000 for r in mine], style, marker="o", label=labels[engine])
    left.axhline(4000, color="grey", linewidth=0.8, linestyle=":", label="goal 4,000/s")
    right.axhline(50, color="grey", linewidth=0.8, linestyle=":", label="goal p99 50 ms")
    for ax, title, unit in ((left, "Throughput", "payments/s"), (right, "p99 latency", "ms")):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("concurrent terminals")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
    right.set_yscale("log")
    left.legend(fontsize=8)
    return _save(fig, "load")


def cpu_plot(rows: Sequence[tuple[str, float, float]], terminals: int) -> Path:
    """CPU time per payment at one concurrency: the server's, and the database's beside
    it (PostgreSQL's backends), stacked; one bar per server."""
    fig, ax = plt.subplots(figsize=(9, 3.6))
    names = [r[0] for r in rows]
    server = [r[1] for r in rows]
    database = [r[2] for r in rows]
    ax.barh(names, server, label="server processes")
    ax.barh(names, database, left=server, label="database (PostgreSQL backends)")
    ax.axvline(0.35, color="grey", linewidth=0.9, linestyle=":", label="goal SQLite 0.35 ms")
    ax.axvline(0.7, color="black", linewidth=0.9, linestyle="--", label="goal PostgreSQL 0.7 ms")
    ax.invert_yaxis()
    ax.set_xlabel("CPU ms per payment")
    ax.set_title(f"CPU time per payment at {terminals} terminals")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return _save(fig, "load-cpu")


def grouped_bars(
    name: str, title: str, groups: Sequence[str], series: Mapping[str, Sequence[float]],
    ylabel: str, *, log: bool = False, hline: float | None = None, hlabel: str = "",
) -> Path:
    """Bars per group (a condition), one colour per series (a decoder); one row of bars per
    last word of the group names (the frame size), so each row stays readable."""
    rows = list(dict.fromkeys(g.rsplit(" ", 1)[-1] for g in groups))
    fig, axes = plt.subplots(len(rows), 1, figsize=(13, 3.4 * len(rows)), squeeze=False)
    width = 0.8 / max(len(series), 1)
    for ax, row in zip(axes[:, 0], rows, strict=True):
        mine = [i for i, g in enumerate(groups) if g.rsplit(" ", 1)[-1] == row]
        for k, (label, values) in enumerate(series.items()):
            xs = [j + (k - (len(series) - 1) / 2) * width for j in range(len(mine))]
            ax.bar(xs, [values[i] for i in mine], width, label=label)
        if hline is not None:
            ax.axhline(hline, color="grey", linewidth=0.8, linestyle=":", label=hlabel)
        ax.set_xticks(range(len(mine)))
        ax.set_xticklabels([groups[i].rsplit(" ", 1)[0] for i in mine], fontsize=9)
        ax.set_ylabel(ylabel)
        ax.set_title(f"{title}: {row}" if len(rows) > 1 else title)
        if log:
            ax.set_yscale("log")
        ax.grid(True, axis="y", alpha=0.3)
    axes[0, 0].legend(fontsize=8, ncols=min(len(series) + 1, 5), loc="lower left")
    return _save(fig, name)


def latency_cdf(
    name: str, title: str, series: Mapping[str, Sequence[float]], *, goal_ms: float | None = None
) -> Path:
    """Empirical CDFs of latencies given in seconds, drawn in milliseconds."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for label, values in series.items():
        xs = sorted(v * 1000 for v in values)
        if not xs:
            continue
        ys = [(i + 1) / len(xs) for i in range(len(xs))]
        ax.step(xs, ys, where="post", label=f"{label} (n={len(xs)})")
    if goal_ms is not None:
        ax.axvline(goal_ms, color="grey", linewidth=0.8, linestyle=":",
                   label=f"goal {goal_ms:g} ms")
    ax.set_xscale("log")
    ax.set_xlabel("ms")
    ax.set_ylabel("fraction of runs at or below")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return _save(fig, name)
