"""A server stopped (SIGTERM, as systemd, `make demo`'s Ctrl+C or a shop owner's `kill`
does) while wallets hold their event streams open: before, uvicorn waited its few seconds
for the streams to finish, which they never do, then cancelled them and logged each as
"Exception in ASGI application" with a traceback (the demo quoted it as the server's last
words), and each wallet's stream broke mid-answer. Now the streams end first, as answers
that are complete, and the server stops with nothing but its own lines in the log."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from tests.server.helpers import user
from tests.servers import ServerProcess


def test_open_event_streams_end_cleanly_when_the_server_stops(
        db_url: str, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    server = ServerProcess(db=db_url, log_path=log).start()
    tokens = []
    for role in ("payer", "delegate", "payer"):
        with user(server.url, role) as client:
            tokens.append(client.token)
    opened = threading.Barrier(len(tokens) + 1, timeout=20)
    ends: list[str] = []

    def watch(token: str | None) -> None:
        try:
            with httpx.stream("GET", f"{server.url}/v1/events", timeout=30,
                              headers={"Authorization": f"Bearer {token}"}) as r:
                lines = r.iter_lines()
                assert next(lines) == "retry: 1000"
                opened.wait()
                for _line in lines:
                    pass
            ends.append("complete")
        except (httpx.HTTPError, AssertionError) as exc:
            ends.append(f"{type(exc).__name__}: {exc}")

    watchers = [threading.Thread(target=watch, args=(t,)) for t in tokens]
    for w in watchers:
        w.start()
    opened.wait()
    server.stop()  # SIGTERM
    for w in watchers:
        w.join(30)
    assert ends == ["complete"] * len(tokens)
    text = log.read_text()
    assert "Traceback" not in text and "ERROR" not in text, text
