"""`python -m bench.demo_soak --minutes 60`: the whole store demo under Xvfb, a sale every
few seconds, then: is every process still the one that started, and is every sale the
terminal acknowledged in the ledger? (issue 10 §1: the windows used to die after 7–9 min.)

It starts its own Xvfb (a free display, chosen by Xvfb itself), runs `kinpay demo` (not
--script: the real windows, the real supervisor) on fresh data, and drives the apps as the
story does, through their remote controls: the child presses "New code", the cashier types
the amount and charges, the terminal's simulated camera reads the tablet's code. Every
minute it notes each process's resident memory. At the end it checks that each part runs
under the pid it started with (restarts: 0), stops the demo, runs `kinpay check`, and
counts the acknowledged sales in the database itself. The figures go to soak.json in the
data folder and to stdout; the exit status is 0 only if every check held.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from kinpay.control import ControlClient, ControlError
from kinpay_demo.watch import read_status

PARTS = ("server", "payer", "delegate", "pos")
START_S = 300.0
RSS_EVERY_S = 60.0
# The soak's own allowance: enough for an hour of small sales (the seeded one allows
# ¥100 a day, about forty of them).
GRANT: dict[str, Any] = {"per_payment": 5_000, "daily": 100_000, "monthly": 100_000,
                         "blocked": ["alcohol", "tobacco", "gambling"], "offline_cap": 2_000}


def log(text: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {text}", flush=True)


def start_xvfb(screen: str, display: str | None) -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on `display`, or on a free one it picks itself (-displayfd), which it writes to
    a pipe when it is ready."""
    xvfb_path = shutil.which("Xvfb")
    if xvfb_path is None:
        raise SystemExit("the demo soak needs Xvfb: run scripts/setup.sh soak")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        [xvfb_path, *([display] if display else []), "-displayfd", str(write_fd),
         "-screen", "0", f"{screen}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        raise SystemExit("Xvfb did not start")
    return xvfb, f":{number}"


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def screenshot(display: str, path: Path) -> None:
    """The whole screen, as a person would have seen it (ImageMagick's import)."""
    tool = shutil.which("import")
    if tool is not None:
        subprocess.run([tool, "-window", "root", str(path)], env={**os.environ, "DISPLAY": display},
                       timeout=60, check=False)
        log(f"screenshot {path}")


def wait_started(data: Path, demo: subprocess.Popen[bytes]) -> dict[str, Any]:
    status_path = data / "demo-status.json"
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if demo.poll() is not None:
            raise SystemExit(f"the demo exited with {demo.returncode}: see {data}/console.log")
        console = (data / "console.log").read_text(errors="replace")
        if "press Ctrl+C" in console and status_path.exists():
            status = read_status(status_path)
            if all(p in status["parts"] for p in PARTS):
                return status
        time.sleep(1.0)
    raise SystemExit(f"the demo did not start in {START_S:.0f} s: see {data}/console.log")


def pids_of(status: dict[str, Any]) -> dict[str, int]:
    return {name: int(part["pid"]) for name, part in status["parts"].items()}


class Drive:
    """The people at the counter, through the apps' remote controls."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.world = json.loads((data / "world.json").read_text())
        self.apps = {name: ControlClient(data / "control" / f"{name}.sock", timeout_s=60.0)
                     for name in ("payer", "delegate", "pos")}

    def grant_and_pair(self) -> None:
        made = self.apps["payer"].call("create_grant", delegate=self.world["delegate"]["name"],
                                       **GRANT)
        self.apps["delegate"].call("pair", code=made["pairing_code"])
        log(f"a soak allowance ({GRANT['daily']} minor a day) granted and paired")

    def sale(self, amount_minor: int) -> dict[str, Any]:
        self.apps["delegate"].call("new_code")  # the child shows a fresh code
        result: dict[str, Any] = self.apps["pos"].call("charge", amount=amount_minor,
                                                       timeout_s=60.0)
        return result

    def close(self) -> None:
        for client in self.apps.values():
            client.close()


def in_ledger(db: Path, approved: dict[str, int]) -> dict[str, Any]:
    """Our own count: each acknowledged approval is an approved payment of its amount with
    its ledger transfer, and the database has no approved payment we were not told of."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = {pid: (status, amount) for pid, status, amount in
                conn.execute("SELECT id, status, amount FROM payments")}
        transfers = {ref for (ref,) in
                     conn.execute("SELECT ref_id FROM transfers WHERE kind = 'payment'")}
    finally:
        conn.close()
    missing = [pid for pid, amount in approved.items()
               if rows.get(pid) != ("approved", amount) or pid not in transfers]
    unacknowledged = [pid for pid, (status, _) in rows.items()
                      if status == "approved" and pid not in approved]
    return {"acknowledged": len(approved), "missing": missing,
            "approved_in_db": sum(1 for s, _ in rows.values() if s == "approved"),
            "unacknowledged": unacknowledged}


def sell(drive: Drive, minutes: float, every_s: float, pids: dict[str, int]) -> dict[str, Any]:
    """A sale every `every_s` seconds for `minutes`; the memory of each process each minute."""
    states: Counter[str] = Counter()
    approved: dict[str, int] = {}
    errors: list[str] = []
    rss: list[dict[str, Any]] = []
    started = time.monotonic()
    next_rss = started
    n = 0
    while time.monotonic() - started < minutes * 60:
        due = started + n * every_s
        time.sleep(max(0.0, due - time.monotonic()))
        n += 1
        amount = 11 + (n * 37) % 89  # ¥0.11–¥0.99: an hour of them fits the allowance
        try:
            r = drive.sale(amount)
            states[r["state"]] += 1
            if r["state"] == "approved":
                approved[r["payment_id"]] = amount
        except (ControlError, OSError) as exc:
            states["error"] += 1
            errors.append(f"sale {n}: {exc}")
            log(f"sale {n} failed: {exc}")
        if time.monotonic() >= next_rss:
            next_rss += RSS_EVERY_S
            rss.append({"min": round((time.monotonic() - started) / 60, 1),
                        **{name: rss_kib(pid) for name, pid in pids.items()}})
            log(f"{n} sales, {dict(states)}; RSS KiB {rss[-1]}")
    return {"sales": n, "states": dict(states), "approved": approved, "errors": errors[:50],
            "rss_kib": rss, "minutes": round((time.monotonic() - started) / 60, 2)}


def finish(data: Path, demo: subprocess.Popen[bytes], start_pids: dict[str, int],
           run: dict[str, Any]) -> dict[str, Any]:
    status = read_status(data / "demo-status.json")
    end_pids = pids_of(status)
    alive = {name: running(pid) for name, pid in end_pids.items()}
    figures = {
        "sales": run["sales"], "states": run["states"], "minutes": run["minutes"],
        "errors": run["errors"], "rss_kib": run["rss_kib"],
        "demo_alive": demo.poll() is None,
        "alive_at_end": alive,
        "restarts": {name: int(p["restarts"]) for name, p in status["parts"].items()},
        "same_pids": end_pids == start_pids,
    }
    demo.send_signal(signal.SIGTERM)
    try:
        figures["demo_exit"] = demo.wait(timeout=90)
    except subprocess.TimeoutExpired:
        demo.kill()
        figures["demo_exit"] = "killed after 90 s"
    check = subprocess.run([sys.executable, "-m", "kinpay", "check", "--db",
                            str(data / "kinpay.db")], capture_output=True, text=True, timeout=300)
    figures["kinpay_check"] = {"exit": check.returncode, "out": check.stdout.strip()[-500:]}
    figures["ledger"] = in_ledger(data / "kinpay.db", run["approved"])
    figures["passed"] = bool(
        figures["demo_alive"] and all(alive.values()) and figures["same_pids"]
        and not any(figures["restarts"].values()) and check.returncode == 0
        and not figures["ledger"]["missing"] and run["approved"]
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.demo_soak", description=__doc__)
    parser.add_argument("--minutes", type=float,
                        default=float(os.environ.get("KINPAY_SOAK_MIN", "60")))
    parser.add_argument("--every-s", type=float, default=4.0, help="seconds between sales")
    parser.add_argument("--screen", default="1920x1080")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("KINPAY_SOAK_PORT", "8410")))
    parser.add_argument("--data", default="kinpay-data/soak")
    parser.add_argument("--display", default=None, help="X display for Xvfb (default: a free one)")
    args = parser.parse_args(argv)
    data = Path(args.data).resolve()
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    xvfb, display = start_xvfb(args.screen, args.display)
    log(f"Xvfb {args.screen} on {display}; the demo's data and logs in {data}")
    console = open(data / "console.log", "ab")  # open for the demo's life
    demo = subprocess.Popen(
        [sys.executable, "-m", "kinpay", "demo", "--data", str(data), "--port", str(args.port)],
        stdout=console, stderr=subprocess.STDOUT, env={**os.environ, "DISPLAY": display},
        start_new_session=True,
    )
    try:
        start_pids = pids_of(wait_started(data, demo))
        screenshot(display, data / "screen-start.png")
        log(f"started: {start_pids}; RSS KiB "
            f"{ {n: rss_kib(p) for n, p in start_pids.items()} }")
        drive = Drive(data)
        drive.grant_and_pair()
        try:
            run = sell(drive, args.minutes, args.every_s, start_pids)
        finally:
            drive.close()
        screenshot(display, data / "screen-end.png")
        figures = finish(data, demo, start_pids, run)
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGTERM)
            demo.wait(90)
        console.close()
        xvfb.terminate()
        xvfb.wait(10)
    figures["screen"], figures["every_s"] = args.screen, args.every_s
    (data / "soak.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps({k: v for k, v in figures.items() if k != "rss_kib"}, indent=1))
    log(f"{'PASSED' if figures['passed'] else 'FAILED'}; figures in {data / 'soak.json'}")
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
