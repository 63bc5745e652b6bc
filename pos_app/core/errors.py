"""The terminal's exception tree: every error pos_app raises on purpose is a PosError,
and its message is for a person (the cashier, or whoever runs `kinpay pos`/`kinpay scan`).

    PosError
    ├── CatalogueError ........... the products file can't be used (also a ValueError)
    ├── PinError ................. a manager PIN that is not 4 to 8 digits (also a ValueError)
    ├── PinsDiffer ............... a new manager PIN typed twice, not the same (a ValueError)
    ├── KeyFileError ............. the API key file can't be read (also a ValueError)
    ├── CommaError ............... a typed amount's comma that groups no thousands ("1,5")
    ├── JournalDamaged ........... the till's journal (terminal.db) is torn or not SQLite
    ├── FolderInUse .............. another till runs on the same data folder
    ├── CodeNotTaken ............. a code the terminal won't take as it is
    │   └── UnknownServerKey ..... signed by a server key the terminal doesn't know (yet)
    └── ScanError ................ anything the scanning subsystem can't do (pos_app.scan)
        ├── DecoderUnavailable ... a decoding library is not installed or won't load
        ├── CameraError .......... no frames: no such camera, busy, unreadable file
        └── ImageRefused ......... an image file not decoded: too many pixels, unknown format

Errors from the shared core (kinpay.errors: CodeError, AmountError, ApiError…) pass
through as they are; they have their own root, KinpayError.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


class PosError(Exception):
    """The root of the terminal's own errors; the message is for a person."""


class CatalogueError(PosError, ValueError):
    """The catalogue file is missing, damaged or over its bounds."""


class PinError(PosError, ValueError):
    """A manager PIN of the wrong form."""


class PinsDiffer(PosError, ValueError):
    """A new manager PIN and its second typing are not the same."""


class KeyFileError(PosError, ValueError):
    """The API key file can't be read or does not hold one key."""


class CommaError(PosError, ValueError):
    """A typed amount with a comma that is not a thousands separator: "1,5", "12,50"."""


class JournalDamaged(PosError):
    """The till's journal is damaged (cut short by a power cut, overwritten): the till
    does not start on it, and leaves it as it is for recovery."""


class FolderInUse(PosError):
    """Another till already runs on this data folder: two would share one journal."""


class CodeNotTaken(PosError):
    """A code the terminal does not take as it is; the message says why."""


class UnknownServerKey(CodeNotTaken):
    """A code signed by a server key this terminal has not cached: its signature can't be
    checked here, so it is not taken as verified until the keys are refreshed."""

    kind = "unknown_key"  # pos_app.words.REFUSALS

    def __init__(self, key_id_hex: str) -> None:
        # Short: the cashier reads it under the camera. Online, the keys are fetched and
        # the code in view is checked again without a word (pos_app.intake).
        super().__init__("signed by a server key this terminal doesn't know: it can't be "
                         "checked here")
        self.key_id_hex = key_id_hex


class ScanError(PosError):
    """The root of the scanning subsystem's errors (pos_app.scan)."""


def reported(command: str, func: Callable[[Any], int]) -> Callable[[Any], int]:
    """A `kinpay` subcommand handler whose PosError is one line on stderr and status 1,
    as `kinpay` does for its own KinpayError: never a traceback."""

    def handler(args: Any) -> int:
        try:
            return func(args)
        except PosError as exc:
            print(f"kinpay {command}: {exc}", file=sys.stderr)
            return 1

    return handler


__all__ = ["CatalogueError", "CodeNotTaken", "FolderInUse", "JournalDamaged", "KeyFileError",
           "PinError", "PosError", "ScanError", "UnknownServerKey", "reported"]


def refusal_kind(exc: BaseException) -> str:
    """Why a code was refused, as one word the terminal words (pos_app.words.REFUSALS):
    kinpay's CodeError.kind, or the terminal's own (UnknownServerKey); "" for anything
    else (unreadable)."""
    return str(getattr(exc, "kind", "") or "")
