"""The screen keeper's helper process (macOS's `caffeinate`) never outlives the code screen."""

from __future__ import annotations

import subprocess
import sys

from wallet_app.awake import STOP_WAIT_S, KeepAwake

# A helper that shrugs off SIGTERM, as a stuck one would; it says when it is ready.
STUBBORN = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(120)\n"
)


def test_a_helper_that_ignores_sigterm_is_killed_on_release() -> None:
    proc = subprocess.Popen([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        keeper = KeepAwake()
        # What hold() does on macOS, with this helper in place of caffeinate.
        keeper.requested, keeper.held, keeper._proc = True, True, proc
        keeper.release()
        assert proc.poll() is not None, "the helper was left running"
        assert proc.returncode == -9  # SIGTERM was ignored, so it took SIGKILL
        assert keeper._proc is None and not keeper.held and not keeper.requested
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=STOP_WAIT_S)
        if proc.stdout is not None:
            proc.stdout.close()
