"""The pairing code as a person types it and as the payer's pairing QR carries it.

The server makes codes of 12 characters from an alphabet without look-alikes, shown as
XXXX-XXXX-XXXX. The QR carries `KINPAY-PAIR:XXXX-XXXX-XXXX`, so a tablet's camera can tell
it from any other QR code in view (a payment code, a shop's poster).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from wallet_app.errors import PairingCodeError

translate = QCoreApplication.translate

QR_PREFIX = "KINPAY-PAIR:"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH_CHARS = 12


def qr_text(pairing_code: str) -> str:
    return QR_PREFIX + pairing_code


def normalize(text: str) -> str:
    """Upper case, without spaces and dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def check(text: str) -> str:
    """The code as XXXX-XXXX-XXXX, or PairingCodeError saying in plain words what is wrong."""
    raw = normalize(text.removeprefix(QR_PREFIX) if text.startswith(QR_PREFIX) else text)
    if not raw:
        raise PairingCodeError(translate("Pairing",
                                         "Type the pairing code from your parent's screen."))
    wrong = sorted({ch for ch in raw if ch not in ALPHABET})
    if wrong:
        shown = ", ".join(wrong)
        raise PairingCodeError(translate(
            "Pairing", "A pairing code has no {letters}. Check the code again.").format(
                letters=shown))
    if len(raw) != LENGTH_CHARS:
        raise PairingCodeError(
            translate("Pairing", "A pairing code has {length} letters and numbers; this has "
                                 "{count}.").format(length=LENGTH_CHARS, count=len(raw)))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def from_scan(text: str) -> str | None:
    """The pairing code in a scanned QR, or None when the QR is something else."""
    if not text.startswith(QR_PREFIX):
        return None
    try:
        return check(text)
    except PairingCodeError:
        return None
