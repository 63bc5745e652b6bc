"""The end-to-end test: `kinpay demo --script`, the same story `make demo` plays with no
display — server, two wallets and the terminal each in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.servers import free_port

STEPS = ["grant", "pair", "sale", "same-code", "over-limit", "ask", "ask-allowed", "blocked",
         "split", "partial", "revoke", "new-grant", "offline", "back-online", "refund", "report"]
# Issue 15 §2: the split card, its receipt's PDF page, the tablet's purchases, the partial card.
SPLIT_SHOTS = ["split-terminal", "split-receipt", "split-tablet", "partial-terminal"]
WINDOWS = ["payer", "delegate", "pos"]


def test_the_store_story_plays_and_every_step_behaves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    run = subprocess.run(
        [sys.executable, "-m", "kinpay", "demo", "--script", "--fresh",
         "--data", str(tmp_path / "data"), "--out", str(out), "--port", str(free_port())],
        capture_output=True, text=True, timeout=600, env=env,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "every step behaved" in run.stdout
    assert run.stdout.count("… ok") == len(STEPS) + 1  # and kinpay check
    for n, step in enumerate(STEPS, start=1):
        for window in WINDOWS:
            shot = out / f"{n:02d}-{step}-{window}.png"
            assert shot.stat().st_size > 5_000, shot
    for name in SPLIT_SHOTS:
        assert (out / f"{name}.png").stat().st_size > 5_000, name
    assert "a split basket: the rest in cash" in run.stdout
    assert "a partial approval: the rest by card" in run.stdout
    # Nothing is left running: the demo stopped every process it started.
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "data")], capture_output=True)
    assert leftover.returncode == 1, leftover.stdout


def test_a_second_start_carries_on_with_the_same_world(tmp_path: Path) -> None:
    """`make demo` again keeps the shop's data and its people; `--fresh` starts over."""
    from kinpay_demo.shop import Shop

    shop = Shop(tmp_path / "data", offscreen=True, port=free_port())
    shop.start_server()
    try:
        first = shop.seed(grant=False)
        again = Shop(tmp_path / "data", offscreen=True, port=free_port()).seed(grant=False)
    finally:
        shop.stop()
    assert again == first
    assert (tmp_path / "data" / "world.json").stat().st_mode & 0o777 == 0o600
