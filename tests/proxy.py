"""A TCP proxy on 127.0.0.1 that can hold answers back: a network that loses replies."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.servers import free_port

MAX_CONNECTIONS = 200


@dataclass
class HoldingProxy:
    target_port: int
    hold_s: float = 0.0  # how long to sit on each held answer
    hold_next: int = 0  # how many connections' answers to hold
    # After this many connections the proxy takes no more (a connect is refused, as to a
    # server restarting); the ones it took carry on.
    refuse_after: int | None = None
    # Each connection's first answer held as long as this says of its first request's
    # bytes (a slow link whose holds differ by request), beside hold_next's.
    hold_by_request: Callable[[bytes], float] | None = None
    port: int = field(default_factory=free_port)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HoldingProxy:
        self._sock = socket.create_server(("127.0.0.1", self.port))
        self._sock.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._sock.close()

    def _accept(self) -> None:
        for taken in range(MAX_CONNECTIONS):
            if taken == self.refuse_after:
                self._sock.close()
                return
            while not self._stop.is_set():
                try:
                    client, _ = self._sock.accept()
                    break
                except (TimeoutError, OSError):
                    if self._stop.is_set():
                        return
            else:
                return
            with self._lock:
                hold = self.hold_next > 0
                self.hold_next -= 1 if hold else 0
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            asked: list[bytes] = []  # its first request's bytes, seen before they go on
            threading.Thread(target=self._pump, args=(client, upstream, 0.0, asked),
                             daemon=True).start()
            delay = self.hold_s if hold else 0.0
            threading.Thread(target=self._pump, args=(upstream, client, delay, None, asked),
                             daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, delay_s: float,
              first_of: list[bytes] | None = None, answers: list[bytes] | None = None) -> None:
        """`first_of`: the request side, where its first bytes are kept; `answers`: the
        answer side, whose first bytes wait as `hold_by_request` says of them (the request
        went on after it was kept, so it is there before any answer)."""
        first = True
        try:
            while not self._stop.is_set():
                data = src.recv(65536)
                if not data:
                    break
                if first and first_of is not None:
                    first_of.append(data)
                elif first and answers is not None and self.hold_by_request is not None:
                    delay_s += self.hold_by_request(answers[0] if answers else b"")
                first = False
                if delay_s:
                    time.sleep(delay_s)
                    delay_s = 0.0
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
