"""What the page says about where and with what it was measured."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from bench.report import ROOT

PACKAGES = (
    "zxing-cpp", "pyzbar", "opencv-python-headless", "segno", "PySide6-Essentials", "fastapi",
    "starlette", "uvicorn", "httptools", "uvloop", "pydantic", "cryptography", "psycopg",
    "httpx", "numpy", "matplotlib",
)


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else platform.processor() or "unknown"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def zbar_version() -> str:
    try:
        from pyzbar import zbar_library

        path = zbar_library.load()[0]._name
        return str(Path(str(path)).resolve().name)
    except Exception as exc:  # the library may be missing: say so on the page
        return f"not loadable ({type(exc).__name__})"


def postgres_version() -> str:
    from bench.servers import pg_bin

    bindir = pg_bin()
    if bindir is None:
        return "not installed"
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip().removeprefix("postgres (PostgreSQL) ") or "unknown"


def git_commit(root: Path = ROOT) -> str:
    """The commit the tree is at and whether it is clean: `git rev-parse HEAD` and `git
    status --porcelain` (untracked files count, ignored ones don't). Called when a run
    starts, before the run writes anything of its own."""
    git = shutil.which("git")
    if git is None:
        return "unknown (no git)"
    try:
        out = subprocess.run(
            [git, "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True, text=True, timeout=10,
        )
        status = subprocess.run(
            [git, "-C", str(root), "status", "--porcelain"],
            capture_output=True, text=True, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    commit = out.stdout.strip() or "unknown"
    if out.returncode or status.returncode:
        return f"{commit} (tree state unknown: git status failed)"
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if not changed:
        return f"{commit}, clean tree"
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return f"{commit}, **dirty** tree ({len(changed)} uncommitted: {shown})"


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def header(argv: list[str], commit: str | None = None) -> str:
    import sqlite3

    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    lines = [
        "# kinpay benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); every figure here is one the run "
        "printed. The machines are shared and noisy, so each time is measured beside a "
        "baseline in the same run and given as a ratio as well. Re-run with "
        "`make bench` or `python -m bench [--quick] [decode|scan|load|wallet ...]`.",
        "",
        f"- Last run: {now_text()}, `{' '.join(['python -m bench', *argv])}`; load average "
        f"then {', '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine)",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores, {memory_gib():.0f} GiB memory, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.implementation.name}); SQLite "
        f"{sqlite3.sqlite_version}; PostgreSQL {postgres_version()}; ZBar {zbar_version()}",
        f"- Libraries: {versions}",
        f"- Commit: {commit or git_commit()}",
    ]
    return "\n".join(lines)
