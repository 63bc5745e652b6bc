"""Real servers for the tests and the benchmarks: the kinpay server under uvicorn on
127.0.0.1 (`kinpay server` as its own process), and a throwaway PostgreSQL started with
initdb and pg_ctl in a temporary folder. Here, in bench, so that bench needs nothing from
tests/; the tests import it (tests/servers.py names it for them)."""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
KINPAY = [sys.executable, "-m", "kinpay"]
START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- `kinpay` processes, through the test suite's fork server when it is asked for --------

FORKSERVER_ENV = "KINPAY_TEST_FORKSERVER"


def forkserver_wanted() -> bool:
    return os.environ.get(FORKSERVER_ENV) == "1"


class Forked:
    """A child of the fork server (bench/forkserver.py), with the part of `Popen` the tests
    use: pid, poll, wait, returncode, send_signal, terminate, kill."""

    def __init__(self, pid: int, status_path: Path, args: list[str]) -> None:
        self.pid = pid
        self.args = args
        self.returncode: int | None = None
        self._status_path = status_path

    def poll(self) -> int | None:
        if self.returncode is None and self._status_path.exists():
            status = int(self._status_path.read_text())
            self.returncode = os.waitstatus_to_exitcode(status)
            self._status_path.unlink()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class _ForkServer:
    """One fork server per test process, started on first use and ended with it."""

    _mine: _ForkServer | None = None

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kinpay-fork-"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.forkserver", str(self.folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT,
        )
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._owner = os.getpid()
        if self._readline() != "ready":
            raise RuntimeError("the test fork server did not start")
        atexit.register(self.close)

    def _readline(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().decode().strip()

    @classmethod
    def get(cls) -> _ForkServer:
        mine = cls._mine
        if mine is None or mine._owner != os.getpid() or mine.proc.poll() is not None:
            mine = cls._mine = cls()
        return mine

    def spawn(self, args: list[str], *, env: dict[str, str], stdout: Path, stderr: Path,
              new_session: bool) -> Forked:
        with self._lock:
            ident = next(self._ids)
            req = {"id": ident, "args": args, "env": env, "stdout": str(stdout),
                   "stderr": str(stderr), "cwd": os.getcwd(), "new_session": new_session}
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(req).encode() + b"\n")
            self.proc.stdin.flush()
            answer = self._readline()
        if not answer.isdigit():
            raise RuntimeError(f"the test fork server failed to start kinpay {args}")
        return Forked(int(answer), self.folder / f"{ident}.status", [*KINPAY, *args])

    def close(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def spawn_kinpay(args: list[str], *, env: dict[str, str] | None = None,
                 stdout: Path, stderr: Path, new_session: bool = False) -> Forked:
    """`kinpay ARGS` as a new process forked from the test suite's fork server."""
    return _ForkServer.get().spawn(args, env=dict(env if env is not None else os.environ),
                                   stdout=stdout, stderr=stderr, new_session=new_session)


def run_kinpay(
    *args: str, check: bool = True, timeout_s: float = 120
) -> subprocess.CompletedProcess[str]:
    if not forkserver_wanted():
        return subprocess.run(
            [*KINPAY, *args], capture_output=True, text=True, check=check, timeout=timeout_s
        )
    with tempfile.TemporaryDirectory(prefix="kinpay-run-") as tmp:
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        child = spawn_kinpay(list(args), stdout=out, stderr=err)
        try:
            code = child.wait(timeout_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(15)
            raise
        done = subprocess.CompletedProcess(
            [*KINPAY, *args], code, out.read_text(errors="replace"), err.read_text(errors="replace")
        )
    if check:
        done.check_returncode()
    return done


@dataclass
class ServerProcess:
    """`kinpay server` as its own process, as a shop runs it."""

    db: str
    port: int = field(default_factory=free_port)
    workers: int = 1
    extra_args: list[str] = field(default_factory=list)
    test_clock: bool = True
    # Demo mode lets payers top up their own account (`kinpay server --demo`): the tests of
    # other behaviour fund families that way. tests/security starts its servers without it.
    demo: bool = True
    # Test suites: cheap password hashing (`--test-fast-passwords`, loopback only). Off for
    # the benchmarks and for tests/security, which run the server as a shop does.
    fast_passwords: bool = True
    # Accounts one address may make an hour (`--sign-ups-per-hour`): off (0) for the suite's
    # and the benchmarks' servers, which make hundreds from 127.0.0.1; None is the server's
    # own default, as a shop runs it (tests/security/test_sign_up_limit.py).
    sign_ups_per_hour: int | None = 0
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | Forked | None = None
    tls: tuple[Path, Path, Path] | None = None  # certificate, key, and the CA that signed it

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        args = [*KINPAY, "server", "--db", self.db, "--port", str(self.port), "--quiet"]
        if self.workers > 1:
            args += ["--workers", str(self.workers)]
        if self.test_clock:
            args.append("--test-clock")
        if self.demo:
            args.append("--demo")
        if self.fast_passwords:
            args.append("--test-fast-passwords")
        if self.sign_ups_per_hour is not None:
            args += ["--sign-ups-per-hour", str(self.sign_ups_per_hour)]
        args += self.extra_args
        verify: Any = True
        if self.tls:
            args += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
            verify = ssl.create_default_context(cafile=str(self.tls[2]))
        env = {**os.environ, **self.env}
        if forkserver_wanted() and self.workers == 1:
            # The test suite: a forked child, the same `kinpay server` without the start-up.
            log_file = self.log_path or Path(os.devnull)
            self.proc = spawn_kinpay(args[len(KINPAY):], env=env, stdout=log_file,
                                     stderr=log_file, new_session=True)
        elif self.log_path:
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    args, stdout=log, stderr=log, start_new_session=True, env=env
                )
        else:
            self.proc = subprocess.Popen(
                args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, env=env,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"server exited with {code}: see {self.log_path}")
            try:
                health = httpx.get(f"{self.url}/v1/health", timeout=0.5, verify=verify)
                if health.status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("server did not start in time")

    def stop(self, *, kill: bool = False) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)

    def peak_memory_kib(self) -> int:
        """The server process's peak resident memory so far (VmHWM), in KiB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc: not Linux?")

    def set_clock(self, now_s: int | None) -> None:
        httpx.put(f"{self.url}/v1/_test/clock", json={"now": now_s}, timeout=5).raise_for_status()


def seed(db: str, devices: Path, server_url: str) -> dict[str, Any]:
    # The suites' servers hold other tests' accounts: the database is theirs, a demo's.
    out = run_kinpay("seed", "--db", db, "--devices", str(devices), "--server-url", server_url,
                     "--test-fast-passwords", "--demo-db")
    world: dict[str, Any] = json.loads(out.stdout)
    return world


# --- PostgreSQL -------------------------------------------------------------------------


def throwaway_database(stack: contextlib.ExitStack, name: str) -> tuple[str, Path]:
    """A PostgreSQL cluster in a temporary folder, stopped and removed when `stack` closes,
    and a database `name` in it: the database's URL and the cluster's data folder."""
    base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"kinpay-{name}-")))
    os.chmod(base, 0o755)  # noqa: S103 (the postgres user runs the cluster in it when we are root)
    pg = Postgres(base / "pg").start()
    stack.callback(pg.stop)
    return pg.create_db(name), base / "pg" / "pgdata"


def pg_bin() -> Path | None:
    for name in ("initdb",):
        found = shutil.which(name)
        if found:
            return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


PG_START_TRIES = 5


@dataclass
class Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1; as root it runs as the postgres user."""

    base: Path
    port: int = field(default_factory=free_port)
    _user: str | None = None

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", self._user or "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> Postgres:
        bindir = pg_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed: run `make test` (it installs it)")
        data = self.base / "pgdata"
        self.base.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self._user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
            # the postgres user (not root) runs the cluster in this folder: it must enter it
            os.chmod(self.base, 0o755)  # noqa: S103
        self._run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "kinpay",
                  "--no-sync", "-E", "UTF8")
        # The port was free when picked; another process (a test server of another worker)
        # may bind it before PostgreSQL does. Then a new one, a few times (a fresh-clone
        # run lost one worker's whole PostgreSQL share to "Address already in use").
        log = self.base / "pg.log"
        for attempt in range(PG_START_TRIES):
            try:
                self._run(
                    str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(log),
                    "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base}"
                    " -c fsync=on -c max_connections=300",
                    "start",
                )
                break
            except subprocess.CalledProcessError:
                said = log.read_text(errors="replace") if log.exists() else ""
                if "Address already in use" not in said or attempt == PG_START_TRIES - 1:
                    raise
                self.port = free_port()
        self._bindir = bindir
        self._data = data
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://kinpay@127.0.0.1:{self.port}/{dbname}"

    def create_db(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self._bindir / "pg_ctl"), "-D", str(self._data), "-m", "immediate",
                      "stop")
        except (subprocess.CalledProcessError, AttributeError):
            pass
