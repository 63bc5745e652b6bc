"""The demo's remote control: JSON lines over a real local socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kinpay.control import ControlClient, ControlError, ControlServer, column


def test_commands_answers_and_errors_over_a_socket(tmp_path: Path) -> None:
    seen: list[tuple[str, dict[str, Any]]] = []

    def dispatch(cmd: str, args: dict[str, Any]) -> Any:
        seen.append((cmd, args))
        if cmd == "boom":
            raise RuntimeError("the window fell over")
        return {"echo": args}

    server = ControlServer(tmp_path / "ctl" / "app.sock", dispatch).start()
    assert (tmp_path / "ctl" / "app.sock").stat().st_mode & 0o777 == 0o600
    first, second = ControlClient(server.path), ControlClient(server.path)
    try:
        assert first.call("hello", n=1) == {"echo": {"n": 1}}
        assert second.call("hello", n=2) == {"echo": {"n": 2}}  # two clients at once
        with pytest.raises(ControlError, match="the window fell over"):
            first.call("boom")
        assert first.call("hello", n=3) == {"echo": {"n": 3}}  # a failure kills nothing
    finally:
        first.close()
        second.close()
        server.stop()
    assert [c for c, _ in seen] == ["hello", "hello", "boom", "hello"]
    assert not server.path.exists()
    with pytest.raises(ControlError):
        ControlClient(server.path).call("hello")


def test_column_places_windows_side_by_side() -> None:
    area = (0, 30, 1920, 1050)
    assert column("0/3", area) == (0, 30, 640, 1050)
    assert column("2/3", area) == (1280, 30, 640, 1050)
    assert column("3/3", area) is None
    assert column("left", area) is None
