"""wallet_app's exception tree: every error the wallet itself raises is one of these.

    WalletError ...................... the root
    ├── InputError (also ValueError) . what the person typed can't be used; the message is
    │   │                              written for them, and the screens show it as it is
    │   ├── PairingCodeError ......... not a pairing code (pairing.check)
    │   └── ServerAddressError ....... not a server's address (settings.check_server_url)
    ├── QrTextError (also ValueError)  a text no QR code can carry: empty, or too long
    └── DataFolderError .............. the data folder can't be made, or made private

Errors from libraries are translated where the wallet calls them: the QR encoders'
(zxing-cpp, segno) become QrTextError and the OS's refusals of the data folder become
DataFolderError, with the cause chained; json and pydantic errors are caught where a file
or an answer is read, and become "nothing there". `kinpay wallet` prints a WalletError as
one line, without a traceback. kinpay's own errors (the client's `ClientError`s,
`DeviceFileError`, `MoneyError`) are already translated by kinpay and pass through
unchanged; a command refused over the control socket is kinpay.control's `ControlError`,
the protocol's own answer.

`InputError` and `QrTextError` are also ValueErrors, as wrong values are.
"""

from __future__ import annotations


class WalletError(Exception):
    """The root of every error wallet_app raises."""


class InputError(WalletError, ValueError):
    """What the person typed can't be used; `str(error)` is the sentence to show them."""


class PairingCodeError(InputError):
    """Not a pairing code: empty, a character a code never has, or the wrong length."""


class ServerAddressError(InputError):
    """Not a server's address: empty, too long, not http(s), no host, or a bad port."""


class QrTextError(WalletError, ValueError):
    """A text no QR code can carry: empty, or more than a QR code holds."""


class DataFolderError(WalletError):
    """The data folder can't be made, or can't be made private (0700)."""
