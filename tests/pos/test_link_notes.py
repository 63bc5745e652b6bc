"""The terminal's note of a server's refusal goes when the refusal is over.

Found live: the demo's server stalled (SIGSTOP) for a few minutes; the terminal's checks
piled up in the server's listen queue and, when it ran again, drained the terminal's
request budget at once. Its next check met the flood guard's 429, and the status bar said
"The server refused this terminal: Too many requests…" for as long as the till ran,
beside "● Online", though every check since had been answered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import ServerProcess, seed

pytestmark = pytest.mark.gui

REFUSED = "The server refused this terminal"


def test_a_throttle_note_goes_when_the_checks_are_answered_again(
    terminal: Any, qtbot: Any, tmp_path: Path
) -> None:
    # 8 requests a second, 16 at once: the terminal's own checks (4 a second) stay under.
    server = ServerProcess(db=str(tmp_path / "kinpay.db"), log_path=tmp_path / "server.log",
                           extra_args=["--client-rate", "8/16"])
    server.start()
    try:
        world = seed(server.db, tmp_path / "devices", server.url)
        shop = world["merchant"]
        window = terminal(server_url=server.url, terminal_id=shop["terminal_id"],
                          api_key=shop["api_key"], merchant=shop["name"])
        qtbot.waitUntil(lambda: window.online is True, timeout=10_000)
        assert REFUSED not in window.status.notice.text()
        # What the stalled server's queue did: a burst on the terminal's own key.
        auth = {"Authorization": f"Bearer {shop['api_key']}"}
        with httpx.Client(base_url=server.url, headers=auth, timeout=5) as burst:
            answers = [burst.get("/v1/health").status_code for _ in range(40)]
            assert 429 in answers
            qtbot.waitUntil(lambda: REFUSED in window.status.notice.text(), timeout=10_000)
        assert "Too many requests" in window.status.notice.text()
        # The budget refills in two seconds; the next whole check takes the note back.
        qtbot.waitUntil(lambda: window.status.notice.text() == "", timeout=15_000)
        assert window.online is True
    finally:
        server.stop()
