"""Real servers for the tests and the benchmarks: the kinpay server under uvicorn on
127.0.0.1 (`kinpay server` as its own process), and a throwaway PostgreSQL started with
initdb and pg_ctl in a temporary folder. Here, in bench, so that bench needs nothing from
tests/; the tests import it (tests/servers.py names it for them)."""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
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


def run_kinpay(
    *args: str, check: bool = True, timeout_s: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KINPAY, *args], capture_output=True, text=True, check=check, timeout=timeout_s
    )


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
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
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
        args += self.extra_args
        verify: Any = True
        if self.tls:
            args += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
            verify = ssl.create_default_context(cafile=str(self.tls[2]))
        env = {**os.environ, **self.env}
        if self.log_path:
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
                time.sleep(0.1)
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
    out = run_kinpay("seed", "--db", db, "--devices", str(devices), "--server-url", server_url,
                     "--test-fast-passwords")
    world: dict[str, Any] = json.loads(out.stdout)
    return world


# --- PostgreSQL -------------------------------------------------------------------------


def pg_bin() -> Path | None:
    for name in ("initdb",):
        found = shutil.which(name)
        if found:
            return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


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
        self._run(
            str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(self.base / "pg.log"),
            "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base}"
            " -c fsync=on -c max_connections=300",
            "start",
        )
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
