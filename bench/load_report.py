"""The load part's report: its runs, the table, the goals judged, the CPU ceiling."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench.loadgen import LoadResult
from bench.report import Goal, Table, median, percentile, ratio

LABELS = {
    "naive": "naive FastAPI+SQLite (reference)",
    "sqlite": "kinpay, SQLite",
    "sqlite2": "kinpay, SQLite, 2 HTTP processes + payment writer",
    "pg1": "kinpay, PostgreSQL, 1 process",
    "pg2": "kinpay, PostgreSQL, 2 processes",
}
GOAL_RATE = 4000.0
GOAL_P99_S = 0.050
GOAL_TIMES_NAIVE = 3.0
GOAL_TERMINALS = 64
GOAL_BIG_TERMINALS = 256
GOAL_BIG_P99_S = 0.200
GOAL_PG_RATE = 2000.0
GOAL_PG_SCALE = 1.6  # two processes against one
GOAL_CPU_MS = {"sqlite": 0.35, "postgres": 0.7}


@dataclass
class Run:
    engine: str
    terminals: int
    result: LoadResult
    server_cpu_s: float
    db_cpu_s: float = 0.0

    def cpu_ms(self, seconds: float) -> float:
        return 1000 * seconds / max(len(self.result.latencies_s), 1)

    @property
    def p50(self) -> float:
        return median(self.result.latencies_s)

    @property
    def p99(self) -> float:
        return percentile(self.result.latencies_s, 99.0)


def table(runs: list[Run]) -> Table:
    table = Table(
        "Payments on 127.0.0.1 (each terminal a closed loop on its own connection)",
        ["server", "terminals", "payments/s", "vs naive", "p50 ms", "p99 ms", "p99 vs naive",
         "approved", "errors / declines", "server CPU (cores)", "server CPU ms / payment",
         "database CPU ms / payment", "load generator CPU"],
    )
    naive_of = {r.terminals: r for r in runs if r.engine == "naive"}
    for r in runs:
        base = naive_of.get(r.terminals)
        res = r.result
        bad = ", ".join(f"{k} {n}" for k, n in sorted(res.outcomes.items()) if k != "approved")
        note = f" (codes ran out on {res.exhausted})" if res.exhausted else ""
        table.add(
            LABELS[r.engine], r.terminals, f"{res.rate:,.0f}{note}",
            ratio(res.rate, base.result.rate) if base else "–",
            f"{r.p50 * 1000:.1f}", f"{r.p99 * 1000:.1f}",
            ratio(r.p99, base.p99) if base else "–", res.approved, bad or "0",
            f"{r.server_cpu_s / max(res.duration_s, 1e-9):.2f}",
            f"{r.cpu_ms(r.server_cpu_s):.2f}",
            f"{r.cpu_ms(r.db_cpu_s):.2f}" if r.engine.startswith("pg") else "(in the server)",
            f"{100 * res.cpu_s / max(res.duration_s, 1e-9):.0f} %",
        )
    return table


def _best(at: dict[tuple[str, int], Run], engines: tuple[str, ...], terminals: int
          ) -> Run | None:
    found = [at[(e, terminals)] for e in engines if (e, terminals) in at]
    return max(found, key=lambda r: r.result.rate) if found else None


def _sqlite_goals(at: dict[tuple[str, int], Run]) -> list[Goal]:
    run = _best(at, ("sqlite", "sqlite2"), GOAL_TERMINALS)
    base = at.get(("naive", GOAL_TERMINALS))
    if run is None:
        missing = f"no SQLite run at {GOAL_TERMINALS} terminals in this mode"
        return [Goal("≥ 4,000 durable payments/s at 64 terminals on SQLite", None, missing),
                Goal("p99 ≤ 50 ms there", None, missing),
                Goal("≥ 3× the naive reference there", None, missing)]
    rate = run.result.rate
    which = f"{LABELS[run.engine]} (the faster SQLite row)"
    goals = [
        Goal("≥ 4,000 durable payments/s at 64 terminals on SQLite (synchronous=FULL)",
             rate >= GOAL_RATE and run.result.errors == 0,
             f"{rate:,.0f} payments/s, {run.result.errors} errors or declines; {which}."),
        Goal("p99 ≤ 50 ms there", run.p99 <= GOAL_P99_S, f"p99 {run.p99 * 1000:.1f} ms."),
    ]
    if base is not None:
        times = rate / base.result.rate if base.result.rate else math.inf
        goals.append(Goal("≥ 3× the naive reference there", times >= GOAL_TIMES_NAIVE,
                          f"×{times:.2f} ({base.result.rate:,.0f} payments/s naive)."))
    big = _best(at, ("sqlite", "sqlite2"), GOAL_BIG_TERMINALS)
    if big is not None:
        goals.append(Goal("256 terminals on SQLite: no errors, p99 ≤ 200 ms",
                          big.result.errors == 0 and big.p99 <= GOAL_BIG_P99_S,
                          f"{big.result.errors} errors, p99 {big.p99 * 1000:.1f} ms "
                          f"({LABELS[big.engine]})."))
    cpu = [at[(e, GOAL_TERMINALS)] for e in ("sqlite", "sqlite2") if (e, GOAL_TERMINALS) in at]
    least = min(cpu, key=lambda r: r.cpu_ms(r.server_cpu_s))
    goals.append(Goal("server CPU ≤ 0.35 ms per payment on SQLite",
                      least.cpu_ms(least.server_cpu_s) <= GOAL_CPU_MS["sqlite"],
                      f"{least.cpu_ms(least.server_cpu_s):.2f} ms ({LABELS[least.engine]}, "
                      f"{GOAL_TERMINALS} terminals)."))
    return goals


def _pg_goals(at: dict[tuple[str, int], Run]) -> list[Goal]:
    one, two = at.get(("pg1", GOAL_TERMINALS)), at.get(("pg2", GOAL_TERMINALS))
    if one is None or two is None:
        return []
    scale = two.result.rate / one.result.rate if one.result.rate else math.inf
    least = min((one, two), key=lambda r: r.cpu_ms(r.server_cpu_s))
    return [
        Goal("≥ 2,000 payments/s at 64 terminals on PostgreSQL with 2 processes",
             two.result.rate >= GOAL_PG_RATE and two.result.errors == 0,
             f"{two.result.rate:,.0f} payments/s, {two.result.errors} errors or declines."),
        Goal("2 processes ≥ 1.6× one there", scale >= GOAL_PG_SCALE,
             f"×{scale:.2f} ({one.result.rate:,.0f} → {two.result.rate:,.0f} payments/s)."),
        Goal("server CPU ≤ 0.7 ms per payment on PostgreSQL",
             least.cpu_ms(least.server_cpu_s) <= GOAL_CPU_MS["postgres"],
             f"{least.cpu_ms(least.server_cpu_s):.2f} ms ({LABELS[least.engine]}); the "
             f"database's own processes {least.cpu_ms(least.db_cpu_s):.2f} ms beside."),
    ]


def goals(runs: list[Run]) -> list[Goal]:
    at = {(r.engine, r.terminals): r for r in runs}
    return _sqlite_goals(at) + _pg_goals(at)


def ceiling(runs: list[Run]) -> str:
    """What the CPU per payment says about the most each could do."""
    lines = []
    for r in runs:
        if r.terminals != GOAL_TERMINALS:
            continue
        server, db = r.cpu_ms(r.server_cpu_s), r.cpu_ms(r.db_cpu_s)
        if server > 0:
            extra = f" + {db:.2f} ms in PostgreSQL" if r.engine.startswith("pg") else ""
            lines.append(f"- {LABELS[r.engine]}: {server:.2f} ms of server CPU{extra} per "
                         f"payment → at most {1000 / (server + db):,.0f} payments/s per core "
                         "the server and its database can use")
    return "\n".join([
        "**The ceiling the CPU sets.** CPU time per payment changes little with the "
        "machine's noise, unlike rates: with every core busy, payments/s is at most the "
        "cores over the CPU time one payment costs (server and database together, when "
        f"they share the machine). At {GOAL_TERMINALS} terminals:",
        "",
        *lines,
    ])
