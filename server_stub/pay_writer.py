"""The payment writer process: on SQLite with `kinpay server --workers N`, the payments of
all N HTTP processes are written by one process of its own.

Why: in one process the event loop (HTTP, the code's parsing and signature, JSON) and the
writer thread share one interpreter lock, and the writer spent as long waiting to get it
back after each SQL statement as it spent running them (docs/scaling.md). Here the HTTP
processes do everything a payment needs before its transaction, on every core, and send
the sale, already read and checked, to this process; it runs the payment's rules and
statements in batches, one transaction and one fsync a batch, on a thread that shares its
interpreter with nothing, and sends each answer back after the commit that holds it.

    HTTP process ──(sale, checked code, time)──▶ payment writer ──▶ SQLite
                 ◀──(the outcome, after commit)──

- **The same code, the same turn.** A batch is written by `Writer.write_batch`, the
  in-process writer's own batch (each job in a savepoint, one commit), in the same write
  turn (`WriteTurn`, a lock beside the database) that every HTTP process's own writer
  takes for the rest (grants, refunds, top-ups, offline batches). So SQLite still sees one
  writer at a time, and nothing but the payment's place of writing changes.
- **Nothing lost, nothing doubled.** An answer is sent only after its commit. If this
  process dies (killed, out of memory), SQLite rolls back the batch it was writing, and
  the HTTP processes answer every payment still waiting 503 "retry with the same key"
  (stored ones replay; the rest run anew). Until the supervisor has started it again the
  HTTP processes write payments themselves, in the same turn.
- **Who may talk to it.** The socket is in a folder of the server's own (0700) and each
  connection's peer must run as the server's user (SO_PEERCRED), checked before a byte of
  it is read: messages are pickles, which only the server's own processes may send.

The supervisor (`supervised`, in server_stub/pay_folder.py) runs in `kinpay server`'s
first process, beside uvicorn's own: it starts this process before the HTTP processes,
tells them where the socket is (`KINPAY_PAY_WRITER`), starts it again if it ends, and
stops it after them. This process ends when its standard input closes (the supervisor
ended, however it ended), after the batch in hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import operator
import os
import pickle
import selectors
import signal
import socket
import struct
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from kinpay import codes
from server_stub.auth import TerminalPrincipal
from server_stub.errors import ServerError, Unavailable
from server_stub.pay_folder import READY
from server_stub.pay_open import Outcome
from server_stub.pay_route import Paid, pay_job
from server_stub.payments import Prechecked, Sale
from server_stub.writer import STORAGE_FAILED, Writer

if TYPE_CHECKING:
    from server_stub.events import Notifier

log = logging.getLogger("kinpay.pay_writer")

_HEADER = struct.Struct("!I")
MAX_FRAME = 16 << 20  # a frame longer than this is a broken peer: its connection is closed
MAX_BATCH = 256
RECONNECT_S = 1.0  # an HTTP process tries the writer again at most this often


def _frame(obj: object) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _frames(buf: bytearray) -> Iterator[Any]:
    """Whole frames off the front of `buf`, unpickled; what is left is a partial frame."""
    start = 0
    while len(buf) - start >= _HEADER.size:
        (size,) = _HEADER.unpack_from(buf, start)
        if size > MAX_FRAME:
            raise ValueError(f"a frame of {size} bytes")
        end = start + _HEADER.size + size
        if end > len(buf):
            break
        # Only the server's own processes reach this (PayWriter._accept: SO_PEERCRED).
        yield pickle.loads(memoryview(buf)[start + _HEADER.size:end])  # noqa: S301
        start = end
    del buf[:start]


# A payment goes as plain values, not as its objects: (its id, the time, the sale's fields
# in their order with its terminal's as a tuple, the checked code as its bytes, a typed
# code's fields, or its decline). Pickling the objects (Sale, Code, Certificate: each
# looked up and rebuilt by its class) cost ~8 µs a payment in the HTTP process and as much
# here; these values cost ~1 µs to send and ~3 to rebuild (the code from its bytes,
# codes.code_from_bytes, its certificate from the parse cache). An answer is (id, kind,
# value, its terminal when its shop changed): NEW and the answer's bytes as the till gets
# them (the body is read from them only if asked: pay_open.Outcome), REPLAY and the stored
# answer, or REFUSED and the refusal's parts (`_error_from`).
NEW, REPLAY, REFUSED = 0, 1, 2
_SALE_FIELDS = tuple(f.name for f in dataclasses.fields(Sale))
_TERMINAL_AT = _SALE_FIELDS.index("terminal")
_sale_values = operator.attrgetter(*_SALE_FIELDS)
_terminal_values = operator.attrgetter(*(f.name for f in dataclasses.fields(TerminalPrincipal)))
_numeric_values = operator.attrgetter(*(f.name for f in dataclasses.fields(codes.NumericCode)))


def _sale_message(req_id: int, sale: Sale, pre: Prechecked, at_s: int) -> bytes:
    values = list(_sale_values(sale))
    values[_TERMINAL_AT] = _terminal_values(sale.terminal)
    checked = (None if pre.code is None else pre.code.raw,
               None if pre.numeric is None else _numeric_values(pre.numeric), pre.error)
    return _frame((req_id, at_s, values, checked))


def _sale_of(message: Any) -> tuple[int, Sale, Prechecked, int]:
    req_id, at_s, values, (raw, numeric, error) = message
    values[_TERMINAL_AT] = TerminalPrincipal(*values[_TERMINAL_AT])
    pre = Prechecked(code=None if raw is None else codes.code_from_bytes(raw),
                     numeric=None if numeric is None else codes.NumericCode(*numeric),
                     error=error)
    return req_id, Sale(*values), pre, at_s


def _answer_of(req_id: int, result: Any, error: BaseException | None) -> tuple[Any, ...]:
    if error is not None:
        assert isinstance(error, ServerError)
        return req_id, REFUSED, (type(error), str(error), dict(vars(error))), None
    outcome, changed = result
    if outcome.replayed:
        return req_id, REPLAY, outcome.payment, changed
    return req_id, NEW, outcome.raw, changed


def _paid_of(kind: int, value: Any, changed: Any) -> Paid | ServerError:
    """An answer as the HTTP process takes it: what the payment job answered, or its
    refusal."""
    if kind == NEW:
        return Outcome(raw=value), changed
    if kind == REPLAY:
        return Outcome(payment=value, replayed=True), changed
    return _error_from(value)


def _error_from(parts: tuple[type[ServerError], str, dict[str, Any]]) -> ServerError:
    """The refusal as raised in the writer (TooMany's retry_after_s and all)."""
    cls, message, attrs = parts
    if not (isinstance(cls, type) and issubclass(cls, ServerError)):
        return Unavailable(STORAGE_FAILED)
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(attrs)
    return exc


# --- the writer process ------------------------------------------------------------------


class _Peer:
    __slots__ = ("inbox", "outbox", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.inbox = bytearray()
        self.outbox = bytearray()


class PayWriter:
    """The process's one loop: read what the HTTP processes sent, write it as one batch,
    answer, and again. One thread: nothing else wants the interpreter lock."""

    def __init__(self, db_url: str, sock_path: str, *, max_batch: int = MAX_BATCH) -> None:
        from server_stub.db import Database

        self.db = Database(db_url)
        self.writer = Writer(self.db)
        self.max_batch = max_batch
        self.path = sock_path
        self.sel = selectors.DefaultSelector()
        self.peers: dict[int, _Peer] = {}
        self.stopping = False
        self.uid = os.getuid()

    def listen(self) -> socket.socket:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)
        try:
            server.bind(self.path)
        finally:
            os.umask(old)
        server.listen(64)
        server.setblocking(False)
        self.sel.register(server, selectors.EVENT_READ, "listen")
        return server

    def serve(self, server: socket.socket, control: int) -> None:
        """Until `control` (the supervisor's pipe) closes."""
        self.sel.register(control, selectors.EVENT_READ, "control")
        pending: list[tuple[_Peer, int, Any]] = []
        try:
            while not self.stopping:
                for key, mask in self.sel.select():
                    if key.data == "listen":
                        self._accept(server)
                    elif key.data == "control":
                        if not os.read(control, 64):
                            self.stopping = True
                    else:
                        peer: _Peer = key.data
                        if mask & selectors.EVENT_WRITE:
                            self._flush(peer)
                        if mask & selectors.EVENT_READ:
                            pending += self._receive(peer)
                while pending:  # what came in while the last batch was written, at once
                    batch, pending = pending[: self.max_batch], pending[self.max_batch:]
                    self._write(batch)
        finally:
            server.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            for peer in list(self.peers.values()):
                self._drop(peer)
            self.writer.close()
            self.db.close()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                sock, _addr = server.accept()
            except BlockingIOError:
                return
            creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                    struct.calcsize("3i"))
            _pid, uid, _gid = struct.unpack("3i", creds)
            if uid != self.uid:
                log.warning("a connection from uid %d refused: only the server's own", uid)
                sock.close()
                continue
            sock.setblocking(False)
            peer = _Peer(sock)
            self.peers[sock.fileno()] = peer
            self.sel.register(sock, selectors.EVENT_READ, peer)

    def _receive(self, peer: _Peer) -> list[tuple[_Peer, int, Any]]:
        got: list[tuple[_Peer, int, Any]] = []
        while True:
            try:
                data = peer.sock.recv(1 << 20)
            except BlockingIOError:
                break
            except OSError:
                data = b""
            if not data:
                self._drop(peer)
                return []  # its payments were not begun: its HTTP process answered them 503
            peer.inbox += data
        try:
            for message in _frames(peer.inbox):
                req_id, sale, pre, at_s = _sale_of(message)
                got.append((peer, req_id, pay_job(sale, pre, at_s)))
        except Exception:
            log.exception("a message that can't be read; its connection closed")
            self._drop(peer)
            return []
        return got

    def _write(self, batch: list[tuple[_Peer, int, Any]]) -> None:
        outcomes = self.writer.write_batch([job for _peer, _id, job in batch])
        answers: dict[_Peer, list[tuple[Any, ...]]] = {p: [] for p in self.peers.values()}
        for (peer, req_id, _job), (result, error) in zip(batch, outcomes, strict=True):
            if peer.sock.fileno() >= 0:
                answers.setdefault(peer, []).append(_answer_of(req_id, result, error))
        # Every HTTP process hears of each commit (an empty list): its parents' event
        # streams look at once.
        for peer, theirs in answers.items():
            if peer.sock.fileno() >= 0:
                peer.outbox += _frame(theirs)
                self._flush(peer)

    def _flush(self, peer: _Peer) -> None:
        try:
            while peer.outbox:
                sent = peer.sock.send(peer.outbox)
                del peer.outbox[:sent]
        except BlockingIOError:
            pass
        except OSError:
            self._drop(peer)
            return
        want = selectors.EVENT_READ | (selectors.EVENT_WRITE if peer.outbox else 0)
        self.sel.modify(peer.sock, want, peer)

    def _drop(self, peer: _Peer) -> None:
        if peer.sock.fileno() < 0:
            return
        self.peers.pop(peer.sock.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            self.sel.unregister(peer.sock)
        peer.sock.close()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m server_stub.pay_writer")
    parser.add_argument("--socket", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    writer = PayWriter(os.environ["KINPAY_DB"], args.socket)

    # Ctrl+C, and a service manager's SIGTERM, reach the whole process group: the HTTP
    # processes finish the requests they hold (their payments still need this process),
    # then the supervisor closes this process's input, and it ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    server = writer.listen()
    sys.stdout.buffer.write(READY)
    sys.stdout.flush()
    writer.serve(server, sys.stdin.fileno())
    return 0


# --- the HTTP process's side -------------------------------------------------------------


class _Link(asyncio.Protocol):
    """The payments of one turn of the event loop go in one write (`send`); the answers of
    one batch come in one frame."""

    def __init__(self, client: PayWriterClient, loop: asyncio.AbstractEventLoop) -> None:
        self.client = client
        # Kept: asking for the running loop costs a getpid() system call each time.
        self.loop = loop
        self.inbox = bytearray()
        self.outbox: list[bytes] = []
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport's subclasses, but work as one.
        self.transport = cast(asyncio.Transport, transport)

    def send(self, frame: bytes) -> None:
        if not self.outbox:
            self.loop.call_soon(self._flush)
        self.outbox.append(frame)

    def _flush(self) -> None:
        frames, self.outbox = self.outbox, []
        # A link closed meanwhile answered its payments 503 (PayWriterClient.lost).
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(b"".join(frames))

    def data_received(self, data: bytes) -> None:
        self.inbox += data
        try:
            for answers in _frames(self.inbox):
                self.client.answered(answers)
        except Exception:
            log.exception("the payment writer's answer can't be read; link closed")
            assert self.transport is not None
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.client.lost(self)


class PayWriterClient:
    """An HTTP process's link to the payment writer. `pay` answers None when there is no
    link (the writer is starting again): the caller then writes the payment itself."""

    def __init__(self, path: str, notifier: Notifier) -> None:
        self.path = path
        self.notifier = notifier
        self._link: _Link | None = None
        self._connecting: asyncio.Future[None] | None = None
        self._waiting: dict[int, asyncio.Future[Paid]] = {}
        self._next = 0
        self._tried_at = -RECONNECT_S
        self.sent = 0

    async def open(self) -> None:
        """Link to the writer as the server starts (afterwards, at a payment when lost)."""
        await self._linked()

    async def _linked(self) -> _Link | None:
        if self._link is not None:
            return self._link
        if self._connecting is not None:
            await asyncio.shield(self._connecting)
            return self._link
        now = time.monotonic()
        if now - self._tried_at < RECONNECT_S:
            return None
        self._tried_at = now
        loop = asyncio.get_running_loop()
        self._connecting = loop.create_future()
        try:
            _transport, link = await loop.create_unix_connection(lambda: _Link(self, loop),
                                                                 self.path)
            self._link = link
        except OSError as exc:
            log.warning("no payment writer at %s (%s): writing payments here", self.path, exc)
        finally:
            self._connecting.set_result(None)
            self._connecting = None
        return self._link

    async def pay(self, sale: Sale, pre: Prechecked, at_s: int) -> Paid | None:
        link = self._link if self._link is not None else await self._linked()
        if link is None or link.transport is None or link.transport.is_closing():
            return None
        self._next += 1
        req_id = self._next
        waiter: asyncio.Future[Paid] = link.loop.create_future()
        self._waiting[req_id] = waiter
        link.send(_sale_message(req_id, sale, pre, at_s))
        self.sent += 1
        return await waiter

    def answered(self, answers: list[tuple[Any, ...]]) -> None:
        for req_id, kind, value, changed in answers:
            waiter = self._waiting.pop(req_id, None)
            if waiter is None or waiter.done():
                continue
            paid = _paid_of(kind, value, changed)
            if isinstance(paid, ServerError):
                waiter.set_exception(paid)
            else:
                waiter.set_result(paid)
        self.notifier.wake()

    def lost(self, link: _Link) -> None:
        """The writer went away: whatever it had not answered may or may not be committed;
        each is answered 503, and its till's retry with the same key finds out which."""
        if self._link is link:
            self._link = None
        waiting, self._waiting = self._waiting, {}
        if waiting:
            log.error("the payment writer went away with %d payments unanswered: 503",
                      len(waiting))
        for waiter in waiting.values():
            if not waiter.done():
                waiter.set_exception(Unavailable(STORAGE_FAILED))

    def close(self) -> None:
        if self._link is not None and self._link.transport is not None:
            self._link.transport.close()


if __name__ == "__main__":
    sys.exit(main())
