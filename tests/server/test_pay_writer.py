"""The payment writer process (server_stub/pay_writer.py): `kinpay server --workers 2` on
SQLite sends every payment of its two HTTP processes to one writer process of its own.

Run as a shop's server runs (a real `kinpay server`, a real SQLite file), and as the worst
that can happen to it: the writer frozen with payments sent to it, then killed; killed
again under a burst of payments; and spoken to by a process of another user, with a
message that would run code if it were read."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import signal
import socket
import struct
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from server_stub.pay_folder import (
    ENV,
    FOLDER_PREFIX,
    HELD_NAME,
    SOCKET_NAME,
    WriterDidNotStart,
    supervised,
)
from server_stub.pay_writer import PayWriter
from tests.security.conftest import Victim, post_payment, shop_key, victim
from tests.server.helpers import check_ledger, db_rows
from tests.servers import ServerProcess, run_kinpay

AMOUNT = 100  # ¥1.00 a payment


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(db=str(tmp_path / "kinpay.db"), workers=2, demo=False,
                         log_path=tmp_path / "server.log").start()
    try:
        yield proc
    finally:
        proc.stop()


def writer_pids(server: ServerProcess) -> list[int]:
    """The payment writer processes in the server's process group."""
    assert server.proc is not None
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            pgid = os.getpgid(int(entry))
        except (OSError, ProcessLookupError):
            continue
        if b"server_stub.pay_writer" in cmdline and pgid == server.proc.pid:
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state != "Z":
                found.append(int(entry))
    return found


def wait_for(what: str, ok: object, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ok():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout_s} s: {what}")


def peers(pid: int) -> int:
    """Sockets the writer holds: its listening socket and one per HTTP process."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            continue
    return count


class Codes:
    """The child's tablet: a fresh code for each payment, from any thread."""

    def __init__(self, fam: Victim) -> None:
        self.fam = fam
        self.lock = threading.Lock()

    def next(self) -> str:
        with self.lock:
            now = int(time.time())
            code = self.fam.device.code_at(now)
            self.fam.device.bump(now)
            return code


def body(code: str) -> dict[str, object]:
    return {"code": code, "amount": AMOUNT, "currency": "CNY"}


def pay_until_answered(url: str, key: str, sent: dict[str, object], idem: str) -> dict:
    """As a till does: the same request with the same key again after a 503, until a
    definite answer (bounded)."""
    with httpx.Client(timeout=30) as http:
        for _ in range(100):
            r = post_payment(http, url, key, sent, idem=idem)
            if r.status_code != 503:
                assert r.status_code == 201, r.text
                return dict(r.json())
            assert r.json()["error"]["code"] == "unavailable", r.text
            time.sleep(0.1)
    raise AssertionError("no definite answer after 100 tries")


def approved_rows(db: str) -> int:
    return int(db_rows(db, "SELECT COUNT(*) FROM payments WHERE status = 'approved'")[0][0])


def test_frozen_then_killed_writer_loses_nothing(server: ServerProcess) -> None:
    fam = victim(server, balance="1000.00", limits=(5_000, 100_000, 1_000_000))
    tablet = Codes(fam)
    key = shop_key(server)
    [writer] = writer_pids(server)
    wait_for("both HTTP processes linked to the writer", lambda: peers(writer) == 3)
    # Payments reach the writer and wait for it: frozen, it answers none of them.
    os.kill(writer, signal.SIGSTOP)
    sent = [(body(tablet.next()), uuid.uuid4().hex) for _ in range(6)]
    clients = [httpx.Client(timeout=30) for _ in sent]  # each its own connection
    with ThreadPoolExecutor(len(sent)) as pool:
        firsts: list[Future[httpx.Response]] = [
            pool.submit(post_payment, client, server.url, key, b, idem=idem)
            for client, (b, idem) in zip(clients, sent, strict=True)
        ]
        time.sleep(1.0)
        assert not any(f.done() for f in firsts), "a payment was answered without the writer"
        os.kill(writer, signal.SIGKILL)
        answers = [f.result(timeout=30) for f in firsts]
    for client in clients:
        client.close()
    # Each was answered 503 "retry with the same key": whether it was written is unknown.
    assert [a.status_code for a in answers] == [503] * len(sent)
    assert all(a.json()["error"]["code"] == "unavailable" for a in answers)
    # The tills retry with the same keys: each is paid once.
    ids = {pay_until_answered(server.url, key, b, idem)["id"] for b, idem in sent}
    assert len(ids) == len(sent)
    assert approved_rows(server.db) == len(sent)
    assert fam.payer.account().balances[0].balance == 100_000 - AMOUNT * len(sent)
    # The supervisor started a new writer; the HTTP processes link to it again.
    wait_for("a new writer", lambda: writer_pids(server) not in ([], [writer]))
    [again] = writer_pids(server)
    deadline = time.monotonic() + 20
    while peers(again) < 3 and time.monotonic() < deadline:  # a payment makes each link
        pay_until_answered(server.url, key, body(tablet.next()), uuid.uuid4().hex)
    assert peers(again) == 3
    os.kill(again, signal.SIGSTOP)
    with ThreadPoolExecutor(1) as pool, httpx.Client(timeout=30) as http:
        later = pool.submit(post_payment, http, server.url, key, body(tablet.next()))
        time.sleep(1.0)
        assert not later.done(), "the new writer was not the one writing"
        os.kill(again, signal.SIGCONT)
        assert later.result(timeout=30).status_code == 201
    fam.close()
    report = check_ledger(server.db)
    assert report["ok"] and report["exit"] == 0, report


def test_writer_killed_under_a_burst_doubles_nothing(server: ServerProcess) -> None:
    fam = victim(server, balance="1000.00", limits=(5_000, 100_000, 1_000_000))
    tablet = Codes(fam)
    tills = [shop_key(server) for _ in range(8)]
    per_till = 30
    [writer] = writer_pids(server)
    wait_for("both HTTP processes linked to the writer", lambda: peers(writer) == 3)
    started = threading.Event()

    def till(key: str) -> list[str]:
        paid = []
        for _ in range(per_till):
            paid.append(pay_until_answered(server.url, key, body(tablet.next()),
                                           uuid.uuid4().hex)["id"])
            started.set()
        return paid

    with ThreadPoolExecutor(len(tills)) as pool:
        runs = [pool.submit(till, key) for key in tills]
        assert started.wait(30)
        time.sleep(0.3)
        os.kill(writer, signal.SIGKILL)  # mid-burst: batches written, answered, in between
        paid = [pid for run in runs for pid in run.result(timeout=120)]
    assert len(paid) == len(set(paid)) == len(tills) * per_till
    assert approved_rows(server.db) == len(paid)
    assert fam.payer.account().balances[0].balance == 100_000 - AMOUNT * len(paid)
    fam.close()
    report = check_ledger(server.db)
    assert report["ok"] and report["exit"] == 0, report


def test_writer_socket_is_the_servers_alone(server: ServerProcess) -> None:
    [writer] = writer_pids(server)
    args = Path(f"/proc/{writer}/cmdline").read_bytes().split(b"\0")
    sock = Path(args[args.index(b"--socket") + 1].decode())
    assert sock.is_socket()
    assert sock.parent.stat().st_mode & 0o777 == 0o700
    assert sock.parent.stat().st_uid == os.getuid()
    # Stopped, the server leaves nothing behind, also when its writer was just killed.
    os.kill(writer, signal.SIGKILL)
    server.stop()
    assert not sock.parent.exists()


class Touch:
    """Unpickled, it would make a file: what an attacker's message would do if read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.path),))


def test_a_stranger_is_hung_up_on_unread(tmp_path: Path,
                                         caplog: pytest.LogCaptureFixture) -> None:
    """The writer serves only its own user's processes. Here it is told it runs as another
    user than this test (as a stranger on the machine sees it): the test's connection is
    closed before a byte of it is read, and the code in its message never runs."""
    db = str(tmp_path / "kinpay.db")
    run_kinpay("terminal", "add", "--db", db, "--merchant", "shop", "--category", "grocery")
    writer = PayWriter(db, str(tmp_path / "writer.sock"))
    writer.uid = os.getuid() + 1  # the server's user, as far as the stranger is concerned
    listening = writer.listen()
    control_r, control_w = os.pipe()
    serving = threading.Thread(target=writer.serve, args=(listening, control_r))
    serving.start()
    marker = tmp_path / "ran"
    try:
        payload = pickle.dumps((1, Touch(marker), None, 0))
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stranger:
            stranger.settimeout(10)
            stranger.connect(str(tmp_path / "writer.sock"))
            with pytest.raises((BrokenPipeError, ConnectionResetError)):
                for _ in range(50):  # until the writer's close reaches us
                    stranger.sendall(struct.pack("!I", len(payload)) + payload)
                    time.sleep(0.02)
        assert not marker.exists()
        assert f"a connection from uid {os.getuid()} refused" in caplog.text
    finally:
        os.close(control_w)
        serving.join(10)
        os.close(control_r)
    assert not serving.is_alive()


def test_a_broken_message_closes_only_its_link(tmp_path: Path) -> None:
    """A frame that says it is 2 GiB long, or that is not a pickle, from the server's own
    user: that link is closed, the writer goes on serving the next."""
    db = str(tmp_path / "kinpay.db")
    run_kinpay("terminal", "add", "--db", db, "--merchant", "shop", "--category", "grocery")
    writer = PayWriter(db, str(tmp_path / "writer.sock"))
    listening = writer.listen()
    control_r, control_w = os.pipe()
    serving = threading.Thread(target=writer.serve, args=(listening, control_r))
    serving.start()
    try:
        for junk in (struct.pack("!I", 2**31) + b"x" * 64,
                     struct.pack("!I", 5) + b"hello"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
                peer.settimeout(10)
                peer.connect(str(tmp_path / "writer.sock"))
                peer.sendall(junk)
                assert peer.recv(1) == b""  # hung up on
        assert serving.is_alive()
    finally:
        os.close(control_w)
        serving.join(10)
        os.close(control_r)
    assert not serving.is_alive()


def test_a_writer_that_does_not_start_is_said_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The payment writer ends before it listens (here: a database URL it refuses, which
    `kinpay server` would have refused first; in a shop, a process killed or out of memory
    at start). The server is told (WriterDidNotStart: `kinpay server` says so in one line
    and exits 2), no writer is left running, and its socket's folder is gone: one was left
    behind in the temporary folder each time."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    with pytest.raises(WriterDidNotStart, match="did not start"), \
            supervised("mysql://nowhere/kinpay"):
        pytest.fail("the server ran without its payment writer")
    assert list(folder.iterdir()) == []
    assert ENV not in os.environ


def test_folders_of_killed_servers_are_swept_and_no_live_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server killed outright (SIGKILL, a power cut) left its writer's socket folder in
    the temporary folder, one more each time. The next server to start removes those: its
    own user's, older than a start may take, whose supervisor no longer holds the folder's
    lock (an older release's, with no lock: whose socket no longer answers). A running
    server's folder, and one a server is making right now, stay."""
    # A short temporary folder: a socket's path is at most 107 bytes.
    tmp = Path(tempfile.mkdtemp(prefix="kpt-", dir="/tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    an_hour_ago = time.time() - 3600
    sockets: list[socket.socket] = []

    def left(lock: bool, listening: bool = False) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sockets.append(sock)
        sock.bind(str(folder / SOCKET_NAME))
        if listening:
            sock.listen(1)
        else:
            sock.close()  # its process is gone: nothing listens
        if lock:
            (folder / HELD_NAME).touch()
        os.utime(folder, (an_hour_ago, an_hour_ago))
        return folder

    holder = -1
    try:
        killed = left(lock=True)  # nobody holds its lock
        older_release = left(lock=False)
        running = left(lock=True)
        holder = os.open(running / HELD_NAME, os.O_RDWR)
        fcntl.flock(holder, fcntl.LOCK_EX)  # its supervisor, alive
        running_older = left(lock=False, listening=True)  # an older release's, alive
        starting = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))  # a server starting now
        with supervised(str(tmp_path / "kinpay.db")) as sup:
            mine = Path(sup.folder)
            assert sorted(p.name for p in tmp.iterdir()) == sorted(
                p.name for p in (running, running_older, starting, mine))
            assert (mine / SOCKET_NAME).exists()
            assert not killed.exists() and not older_release.exists()
        assert not mine.exists()
    finally:
        if holder >= 0:
            os.close(holder)
        for sock in sockets:
            sock.close()
        shutil.rmtree(tmp, ignore_errors=True)
