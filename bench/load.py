"""Part 3, server load: 16, 64 and 256 terminals paying at once for a fixed time.

Engines, each a real server process on 127.0.0.1, all up at once so that each
concurrency measures them one right after the other (the machine's noise hits all alike):

    naive    the naive reference (bench.naive): FastAPI + SQLite, one commit per payment
    sqlite   kinpay's server on SQLite (WAL, synchronous=FULL), group commit
    sqlite2  the same, `kinpay server --workers 2`: two HTTP processes (HTTP, parsing,
             signature checks, JSON on both cores) and one payment writer process that
             writes the payments of both in batches (server_stub/pay_writer.py)
    pg1      kinpay's server on a throwaway PostgreSQL, one process
    pg2      the same database, `kinpay server --workers 2`

Before the measured runs each engine gets a short warm-up at 64 terminals, whose rate
sizes the code budget of the real runs (signing codes is slow; making ten times more than
a run can use would take minutes). After them, `kinpay check` judges each ledger, the
approved answers the load generator received are counted against the approved payment rows
(none lost, none doubled), and py-spy samples the SQLite server under 64 terminals to
show where its time goes. Server CPU (every server process) and the database's CPU
(PostgreSQL's backends) are measured apart, per payment.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from bench import load_report, naive, plots, profile, world
from bench.load_report import GOAL_TERMINALS, LABELS, Run

__all__ = ["LABELS", "Run", "run"]
from bench.loadgen import CodeJob, build_requests, run_load
from bench.report import Part
from kinpay import codes

ENGINES = ("naive", "sqlite", "sqlite2", "pg1", "pg2")
# The single-process servers py-spy samples after the runs (it follows one process).
PROFILED = (("sqlite", "SQLite server"), ("pg1", "PostgreSQL server (one process)"))
PILOT_TERMINALS = 64
MAX_CODES_PER_TERMINAL = 60_000  # a device's counter is 16 bits per 30 s step
CODE_AHEAD_S = 20  # codes are dated ahead so they stay fresh through generation and window
START_TIMEOUT_S = 30.0
# Codes for three times the best rate seen so far: a noisy machine's rates swing widely.
BUDGET_FACTOR = 3.0


@dataclass(frozen=True)
class Settings:
    concurrency: tuple[int, ...]
    duration_s: float
    pilot_s: float
    max_rate: int  # the code budget never exceeds this many payments a second
    engines: tuple[str, ...]
    profile_s: float  # 0: no profile


SETTINGS = {
    "full": Settings((16, 64, 256), 10.0, 2.0, 8_000, ENGINES, 6.0),
    "quick": Settings((16, 64), 3.0, 1.0, 8_000, ENGINES, 3.0),
    "tiny": Settings((4,), 1.0, 0.3, 2_000, ("naive", "sqlite"), 0.0),
    # For development: every engine at 64 terminals, short.
    "dev": Settings((64,), 3.0, 1.0, 8_000, ENGINES, 0.0),
}


@dataclass
class Target:
    engine: str
    port: int
    cards: list[tuple[str, bytes, bytes]]  # per terminal: api key, device key, certificate
    cpu_s: Callable[[], float]  # CPU seconds of the server's processes
    check: Callable[[], str]
    server_pid: int
    approved_rows: Callable[[], int]  # approved payments in its database
    db: str  # where its rows are (two targets may share one database)
    db_cpu_s: Callable[[], float] = lambda: 0.0  # the database's own processes (PostgreSQL)
    rate_guess: float = 1000.0
    counters: dict[int, tuple[int, int]] = field(default_factory=dict)  # card → (step, next)
    approved_answers: int = 0  # approved answers the load generator received, all runs
    unanswered: int = 0  # requests whose answer never came (timeouts, broken connections)


# --- setting up --------------------------------------------------------------------------


def _wait_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    import socket

    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the naive reference exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError("the naive reference did not start in time")


def _start_naive(stack: contextlib.ExitStack, tmp: Path, count: int) -> Target:
    from bench.servers import free_port

    db = str(tmp / "naive.db")
    cards = naive.seed(db, count)
    port = free_port()
    with (tmp / "naive.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.naive", "--db", db, "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        )
    stack.callback(_stop_group, proc)
    _wait_port(port, proc)
    return Target("naive", port, cards, lambda: world.cpu_seconds(pgid=proc.pid),
                  lambda: "naive check " + naive.check(db), proc.pid,
                  lambda: _approved_rows(db), db)


def _approved_rows(db: str) -> int:
    """Approved payment rows, read straight from the database (both schemas name them so)."""
    sql = "SELECT COUNT(*) FROM payments WHERE status = 'approved'"
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db) as pg_conn:
            found = pg_conn.execute(sql).fetchone()
            return int(found[0]) if found else 0
    import sqlite3

    lite = sqlite3.connect(db)
    try:
        return int(lite.execute(sql).fetchone()[0])
    finally:
        lite.close()


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    import signal

    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def _kinpay_check(db: str) -> str:
    from bench.servers import run_kinpay

    out = run_kinpay("check", "--db", db, check=False, timeout_s=300)
    verdict = (out.stdout.strip().splitlines() or [out.stderr.strip()])[-1]
    return f"`kinpay check` exit {out.returncode}: {verdict}"


def _start_kinpay(
    stack: contextlib.ExitStack, engine: str, db: str, tmp: Path, cards: list | None,
    count: int, db_cpu: Callable[[], float],
) -> Target:
    from bench.servers import ServerProcess

    # Each load terminal pays as fast as answers come, far beyond a till's pace, so the
    # per-client flood guard (measured in reliability item 13) is off for capacity runs.
    server = ServerProcess(db=db, workers=2 if engine.endswith("2") else 1, test_clock=False,
                           fast_passwords=False,
                           log_path=tmp / f"{engine}.log", extra_args=["--client-rate", "0"])
    stack.callback(server.stop)
    server.start()
    assert server.proc is not None
    if cards is None:
        families = world.quick_families(db, server.url, count)
        terminals = world.add_terminals(db, count)
        pairs = zip(terminals, families, strict=True)
        cards = [(t.api_key, f.device_key, f.cert) for t, f in pairs]
    pgid = server.proc.pid
    return Target(engine, server.port, cards, lambda: world.cpu_seconds(pgid=pgid),
                  lambda: _kinpay_check(db), pgid, lambda: _approved_rows(db), db, db_cpu)


def start_targets(stack: contextlib.ExitStack, tmp: Path, s: Settings) -> list[Target]:
    count = max(s.concurrency)
    targets = []
    if "naive" in s.engines:
        targets.append(_start_naive(stack, tmp, count))
    for engine in ("sqlite", "sqlite2"):
        if engine in s.engines:
            targets.append(_start_kinpay(stack, engine, str(tmp / f"{engine}.db"), tmp, None,
                                         count, lambda: 0.0))
    pg_engines = [e for e in ("pg1", "pg2") if e in s.engines]
    if pg_engines:
        from bench.servers import Postgres, pg_bin

        if pg_bin() is None:
            return targets
        # A folder of its own, outside the private temporary one: the cluster runs as the
        # postgres user, who must be able to reach it.
        base = Path(tempfile.mkdtemp(prefix="kinpay-bench-pg-"))
        stack.callback(shutil.rmtree, base, True)
        pg = Postgres(base)
        stack.callback(pg.stop)
        pg.start()
        url = pg.create_db("kinpay_bench")
        pgdata = base / "pgdata"

        def pg_cpu() -> float:
            pid = world.postmaster_pid(pgdata)
            return world.cpu_seconds(parent=pid) if pid else 0.0

        first: Target | None = None
        for engine in pg_engines:
            target = _start_kinpay(stack, engine, url, tmp, first.cards if first else None,
                                   count, pg_cpu)
            if first is not None:
                # One database, the same devices: a code pg1 used is used for pg2 too.
                target.counters = first.counters
            first = first or target
            targets.append(target)
    return targets


# --- running -----------------------------------------------------------------------------


def _jobs(target: Target, terminals: int, per_terminal: int) -> list[CodeJob]:
    now_s = int(time.time()) + CODE_AHEAD_S
    step = now_s // codes.DEFAULT_ROTATE_S
    jobs = []
    for i in range(terminals):
        api_key, device_key, cert = target.cards[i]
        last_step, next_counter = target.counters.get(i, (step, 0))
        first = next_counter if last_step == step else 0
        count = min(per_terminal, codes.MAX_COUNTER + 1 - first)
        target.counters[i] = (step, first + count)
        jobs.append(CodeJob(device_key, cert, now_s, first, count, api_key, target.port))
    return jobs


def prepare(target: Target, terminals: int, duration_s: float, s: Settings,
            build_pool: ProcessPoolExecutor) -> list[list[bytes]]:
    """The requests of one run, each with a fresh code, sized by the rate seen so far."""
    budget = min(int(target.rate_guess * BUDGET_FACTOR * duration_s) + 8 * terminals,
                 int(s.max_rate * duration_s))
    per_terminal = min(MAX_CODES_PER_TERMINAL, max(4, math.ceil(budget / terminals)))
    jobs = _jobs(target, terminals, per_terminal)
    return list(build_pool.map(build_requests, jobs, chunksize=max(1, terminals // 8)))


def execute(target: Target, requests: list[list[bytes]], duration_s: float,
            load_pool: ProcessPoolExecutor) -> Run:
    cpu_before, db_before = target.cpu_s(), target.db_cpu_s()
    result = load_pool.submit(run_load, target.port, requests, duration_s).result(
        timeout=duration_s + 180
    )
    run = Run(target.engine, len(requests), result, target.cpu_s() - cpu_before,
              target.db_cpu_s() - db_before)
    target.rate_guess = max(target.rate_guess, result.rate)
    target.approved_answers += result.approved
    target.unanswered += sum(n for k, n in result.outcomes.items() if k.startswith("error:"))
    return run


def run_case(
    target: Target, terminals: int, duration_s: float, s: Settings,
    build_pool: ProcessPoolExecutor, load_pool: ProcessPoolExecutor,
) -> Run:
    requests = prepare(target, terminals, duration_s, s, build_pool)
    return execute(target, requests, duration_s, load_pool)


def measure(s: Settings, log: Callable[[str], None] = print) -> tuple[list[Run], list[str], str]:
    """Every engine at every concurrency; the ledger checks; the profile's summary."""
    runs: list[Run] = []
    checks: list[str] = []
    profile_text = ""
    tmp = Path(tempfile.mkdtemp(prefix="kinpay-bench-load-"))
    ctx = get_context("spawn")
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, True)
        build_pool = stack.enter_context(ProcessPoolExecutor(2, mp_context=ctx))
        load_pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=ctx))
        log(f"load: setting up {', '.join(s.engines)} with {max(s.concurrency)} families each")
        targets = start_targets(stack, tmp, s)
        for target in targets:  # warm-up, and a first guess of the rate for the code budget
            target.rate_guess = s.max_rate / 4
            pilot = run_case(target, min(PILOT_TERMINALS, len(target.cards)), s.pilot_s, s,
                             build_pool, load_pool)
            target.rate_guess = max(pilot.result.rate, 50.0)
            log(f"load: warm-up {target.engine}: {pilot.result.rate:.0f} payments/s")
        for terminals in s.concurrency:
            for target in targets:
                run = run_case(target, terminals, s.duration_s, s, build_pool, load_pool)
                runs.append(run)
                log(f"load: {target.engine} × {terminals}: {run.result.rate:.0f}/s, "
                    f"p99 {run.p99 * 1000:.1f} ms, errors {run.result.errors}")
        by_engine = {t.engine: t for t in targets}
        profiled = [(e, name) for e, name in PROFILED if e in by_engine] if s.profile_s else []
        texts = []
        for engine, name in profiled:
            target = by_engine[engine]
            window_s = s.profile_s + 2.0  # py-spy's samples fall inside the loaded window
            requests = prepare(target, GOAL_TERMINALS, window_s, s, build_pool)
            texts.append(profile.sample_under_load(
                target.server_pid, s.profile_s,
                functools.partial(_rate_of, target, requests, window_s, load_pool),
                tmp / f"profile-{engine}.txt", name,
            ))
        profile_text = "\n\n".join(texts)
        for target in targets:
            checks.append(f"{LABELS[target.engine]}: {target.check()}")
        checks += _count_answers(targets)
    return runs, checks, profile_text


def _rate_of(target: Target, requests: list[list[bytes]], window_s: float,
             load_pool: ProcessPoolExecutor) -> float:
    return execute(target, requests, window_s, load_pool).result.rate


def _count_answers(targets: list[Target]) -> list[str]:
    """Approved answers against approved rows, per database. An approved answer without
    its row is a lost payment; a row beyond the answers is doubled, unless a request whose
    answer never came (a timeout the generator counts as an error) accounts for it."""
    lines = []
    for db in dict.fromkeys(t.db for t in targets):
        mine = [t for t in targets if t.db == db]
        answers = sum(t.approved_answers for t in mine)
        unanswered = sum(t.unanswered for t in mine)
        rows = mine[0].approved_rows()
        lost, beyond = max(0, answers - rows), max(0, rows - answers)
        doubled = max(0, beyond - unanswered)
        verdict = "ok" if lost == 0 and doubled == 0 else "MISMATCH"
        names = " and ".join(LABELS[t.engine] for t in mine)
        lines.append(f"{names}: approved answers {answers:,}, approved rows {rows:,}: "
                     f"{verdict}, {lost} lost, {doubled} doubled ({beyond} approved rows "
                     f"without an answer, of {unanswered} requests never answered)")
    return lines


# --- the part ----------------------------------------------------------------------------


def conditions(cores: int, load_before: float, load_after: float) -> str:
    """The machine's load around the runs. The load average after them counts the runs'
    own processes (it climbs while the bench works), so only the one before says whether
    other work shared the machine."""
    said = (f"Conditions: {cores} cores; the 1-minute load average was {load_before:.1f} "
            f"before the runs and {load_after:.1f} after (the runs' own processes count in "
            "the second)")
    if load_before > cores:
        return said + (": above the core count before the runs, other work shared the "
                       "machine: rates and latencies are depressed and noisy, CPU time per "
                       "payment much less so.")
    return said + "."


def run(mode: str = "full", log: Callable[[str], None] = print) -> Part:
    s = SETTINGS[mode]
    load_before = os.getloadavg()[0]
    runs, checks, profile_text = measure(s, log)
    load_after = os.getloadavg()[0]
    part = Part("load", "3. Server load", settings=(
        f"{mode} mode: {s.duration_s:g} s per run at {', '.join(map(str, s.concurrency))} "
        f"terminals after a {s.pilot_s:g} s warm-up, one payment of ¥0.01 per fresh code"))
    part.intro = (
        "Each terminal is a closed loop on its own keep-alive connection: it sends the next "
        "payment (a fresh, never-used code) when the last is answered. Codes and requests "
        "are made before the window; the load generator is one uvloop process "
        "(bench/loadgen.py), its CPU use is in the last column. A payment counts in "
        "payments/s when its answer came inside the window; latencies are client-side, "
        "from writing the request to reading the whole answer."
    )
    part.tables.append(load_report.table(runs))
    part.notes.append(conditions(os.cpu_count() or 1, load_before, load_after))
    engines_seen = {r.engine for r in runs}
    if not {"pg1", "pg2"} & engines_seen and {"pg1", "pg2"} & set(s.engines):
        part.notes.append("PostgreSQL is not installed here, so its rows are missing "
                          "(`make setup-test` installs it).")
    part.notes.append("Ledger checks after the runs, and the approved answers counted against "
                      "the approved rows:\n\n" + "\n".join(f"- {c}" for c in checks))
    part.goals = load_report.goals(runs)
    part.notes.append(load_report.ceiling(runs))
    if profile_text:
        part.notes.append(profile_text)
    part.plots.append(plots.load_plot(runs, LABELS))
    at = [r for r in runs if r.terminals == GOAL_TERMINALS] or runs[:1]
    part.plots.append(plots.cpu_plot(
        [(LABELS[r.engine], r.cpu_ms(r.server_cpu_s), r.cpu_ms(r.db_cpu_s)) for r in at],
        at[0].terminals if at else GOAL_TERMINALS))
    return part
