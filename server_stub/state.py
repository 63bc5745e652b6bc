"""The server's running state: the database, its one writer, the keys, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from server_stub import auth, events, limits
from server_stub import keys as keyring
from server_stub.clock import Clock
from server_stub.db import Conn, Database
from server_stub.pay_writer import PayWriterClient
from server_stub.stream_hub import StreamHub
from server_stub.writer import Writer

T = TypeVar("T")


@dataclass
class State:
    db: Database
    clock: Clock = field(default_factory=Clock)
    test_clock: bool = False
    writer: Writer = field(init=False)
    keys: keyring.ServerKeys = field(init=False)
    authn: auth.Authenticator = field(init=False)
    notifier: events.Notifier = field(default_factory=events.Notifier)
    demo: bool = False
    streams: events.StreamSlots = field(default_factory=events.StreamSlots)
    hub: StreamHub = field(default_factory=StreamHub)  # one look for every open stream
    # Long polls on approvals (GET /v1/approvals/{id}?wait_s=N) per principal.
    approval_waits: events.StreamCount = field(default_factory=events.StreamCount)
    stopping: bool = False
    # The payment writer process's link, on SQLite with several HTTP processes.
    pay_writer: PayWriterClient | None = None
    # Accounts made per client address (limits.sign_ups; None: no limit).
    sign_ups: limits.Rule | None = field(
        default_factory=lambda: limits.sign_ups(limits.SIGN_UPS_PER_HOUR))

    def __post_init__(self) -> None:
        self.writer = Writer(self.db)
        self.authn = auth.Authenticator(self.db)

    def start(self) -> None:
        self.db.migrate()
        self.writer.start()
        now_s = self.clock.now_s()
        self.writer.run(lambda conn: keyring.ensure_key(conn, now_s))
        self.keys = keyring.load(self.db.reader(), self.clock.now_s)
        self.writer.on_commit(self.notifier.poke)

    def winding_down(self) -> None:
        """The server begins to stop: event streams end now (on the event loop)."""
        self.stopping = True
        self.notifier.wake()

    def stop(self) -> None:
        self.stopping = True
        self.writer.stop()
        self.db.close()

    async def write(self, job: Callable[[Conn], T]) -> T:
        """Run `job` in the writer: one transaction, committed or rolled back whole."""
        result: T = await self.writer.submit_async(job)
        return result

    def read(self, job: Callable[[Conn], T]) -> T:
        """Run `job` on a read connection (one snapshot)."""
        with self.db.read() as conn:
            return job(conn)
