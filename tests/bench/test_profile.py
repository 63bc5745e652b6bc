"""The load page's profile reading: py-spy's raw samples, counted by thread and by what
the writer was doing. The samples here are written by hand, so each share is known."""

from __future__ import annotations

from pathlib import Path

from bench import profile

WRITER = ("thread (11): kinpay-writer-0;Thread.run (threading.py:982);"
          "Writer._run (server_stub/writer.py:257)")
BATCH = "Writer._commit_batch (server_stub/writer.py:272)"
STATEMENT = "Conn.execute (server_stub/db.py:124)"
MAIN = "thread (10): MainThread;Runner.run (asyncio/runners.py:118)"


def _raw(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "raw.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_writer_is_in_work_only_with_a_batch_or_a_job_in_hand(tmp_path: Path) -> None:
    # 2 s at 250 Hz: 500 ticks a thread. The writer: 300 ticks in a SQLite batch (its
    # statements and its commit), 100 in a PostgreSQL job, 100 waiting on its queue.
    raw = _raw(tmp_path, [
        f"{WRITER};{BATCH};{STATEMENT} 250",
        f"{WRITER};{BATCH};WriteTurn.held (server_stub/writer.py:160) 50",
        "thread (12): kinpay-writer-1;Writer._run_rows (server_stub/writer.py:340);"
        "Writer._one (server_stub/writer.py:350) 100",
        f"{WRITER};Queue.get (queue.py:171) 100",
        f"{MAIN};Writer._commit_batch (not a writer thread) 500",
        "not a sample line",
    ])
    assert profile.in_work(raw, 2.0) == (300 + 100) / 500


def test_a_writer_that_only_waits_for_work_is_never_in_work(tmp_path: Path) -> None:
    raw = _raw(tmp_path, [f"{WRITER};Queue.get (queue.py:171) 500", f"{MAIN} 500"])
    assert profile.in_work(raw, 2.0) == 0.0


def test_busy_shares_are_samples_over_the_ticks_possible(tmp_path: Path) -> None:
    raw = _raw(tmp_path, [
        f"{WRITER};{BATCH};{STATEMENT} 200",
        f"{MAIN};crypto_sign_open (nacl/bindings/crypto_sign.py:103) 125",
    ])
    _threads, _hot, busy = profile.summarize(raw, 2.0)
    assert busy == {"kinpay-writer": 0.4, "MainThread": 0.25}
