"""The manager PIN's wrong-try lock outlives a restart of the till (attack review 33,
finding 3).

The count of wrong tries lived in memory: five wrong tries, close the till, start it again,
and five more, so a 4-digit PIN could be run through at the counter between restarts. Now
the count and the lock are kept in the till's folder (owner-only); a record that is missing
or damaged gives no more tries than a fresh one and never locks the manager out for good.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from pos_app.core import pin
from pos_app.settings import Settings
from tests.pos.test_manager import _enter_pin
from tests.pos.test_screens import child

RIGHT, WRONG = "2468", "1357"
# What docs/security.md row 58 promises, stated here (not read from pos_app.core.pin).
TRIES, LOCK_S = 5, 30.0


class Clock:
    """Wall-clock seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1_767_225_600.0

    def __call__(self) -> float:
        return self.now


def _stored(folder: Path) -> str:
    return Settings.load(folder).manager_pin_hash


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "till"
    Settings(manager_pin_hash=pin.hash_pin(RIGHT, iterations=1000)).save(folder)
    return folder


def test_five_wrong_tries_stay_locked_across_a_restart(folder: Path) -> None:
    clock = Clock()
    guard = pin.Guard(folder, clock=clock)
    for _ in range(TRIES):
        assert not guard.try_pin(WRONG, _stored(folder))
    assert guard.locked_for_s() == LOCK_S
    # The till closed and started again: new settings, a new guard, the same folder.
    clock.now += 1
    again = pin.Guard(folder, clock=clock)
    assert again.locked_for_s() == LOCK_S - 1
    assert not again.try_pin(RIGHT, _stored(folder))  # the sixth, right or not, refused
    clock.now += LOCK_S - 2
    assert not pin.Guard(folder, clock=clock).try_pin(RIGHT, _stored(folder))
    clock.now += 1  # the lock is over
    assert pin.Guard(folder, clock=clock).try_pin(RIGHT, _stored(folder))
    path = folder / pin.TRIES_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the owner's only, as its folder


def test_wrong_tries_before_a_restart_still_count(folder: Path) -> None:
    clock = Clock()
    guard = pin.Guard(folder, clock=clock)
    for _ in range(TRIES - 1):
        assert not guard.try_pin(WRONG, _stored(folder))
    again = pin.Guard(folder, clock=clock)
    assert not again.try_pin(WRONG, _stored(folder))  # the fifth in a row: locked
    assert again.locked_for_s() == LOCK_S


@pytest.mark.parametrize("record", ["{not json", '{"wrong": -7, "locked_until": 0}',
                                    '{"wrong": "none"}', "[]"])
def test_a_damaged_record_gives_no_more_tries_and_no_lock_without_end(
    folder: Path, record: str
) -> None:
    (folder / pin.TRIES_FILE).write_text(record)
    clock = Clock()
    guard = pin.Guard(folder, clock=clock)
    assert guard.locked_for_s() == LOCK_S  # as tries used up: one lock's time
    assert not guard.try_pin(RIGHT, _stored(folder))
    clock.now += LOCK_S
    assert pin.Guard(folder, clock=clock).try_pin(RIGHT, _stored(folder))


def test_a_lock_from_a_clock_set_back_is_no_longer_than_one(folder: Path) -> None:
    clock = Clock()
    guard = pin.Guard(folder, clock=clock)
    for _ in range(TRIES):
        guard.try_pin(WRONG, _stored(folder))
    clock.now -= 3600  # the machine's clock put back an hour
    again = pin.Guard(folder, clock=clock)
    assert again.locked_for_s() == LOCK_S
    clock.now += LOCK_S
    assert again.try_pin(RIGHT, _stored(folder))


@pytest.mark.gui
def test_the_tills_lock_outlives_closing_it(terminal: Any, qtbot: Any, folder: Path) -> None:
    window = terminal(data=folder, manager_pin_hash=_stored(folder))
    window.open_settings()
    for _ in range(TRIES):
        _enter_pin(qtbot, window, WRONG)
    window.dialog.close()
    window.shutdown()
    window = terminal(data=folder, manager_pin_hash=_stored(folder))  # started again
    window.open_settings()
    _enter_pin(qtbot, window, RIGHT)
    assert window.dialog.objectName() == "pin"
    assert "Too many wrong tries" in child(window, QLabel, "pin_note").text()
    window.dialog.close()
