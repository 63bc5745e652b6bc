"""kinpay's exception tree. Every error a kinpay library raises is one of these.

    KinpayError
    ├── MoneyError (also ValueError)
    │   ├── CurrencyError ........ unknown or unsupported ISO 4217 code
    │   └── AmountError .......... not an amount: bad text, too many decimals, negative, too large
    ├── CodeError ................ a scanned or typed code that can't be used
    │   ├── CodeMalformed ........ not a kinpay code at all, or damaged
    │   ├── CodeForged ........... a signature that does not verify, or an unknown server key
    │   ├── CodeExpired .......... the code's time or its certificate's expiry has passed
    │   └── CodeFromFuture ....... a code dated beyond the allowed clock skew
    ├── DeviceFileError .......... a device file that is missing, unreadable or not ours
    └── ClientError .............. what the settlement client reports
        ├── ClientArgumentError .. (also ValueError) a bad argument: nothing was sent
        ├── BadResponse .......... a success status whose body is not what the API promises
        ├── TransportError ....... the request may not have arrived
        │   ├── ServerUnreachable  nothing answered: connection refused, network down
        │   │   └── ServerUntrusted  TLS: the certificate is not from the CA or not the pin
        │   └── OutcomeUnknown ... sent, but no answer in time: retry with the same key
        └── ApiError ............. the server answered with an error status
            ├── BadRequest (400, 422)
            ├── Unauthorized (401)
            ├── Forbidden (403)
            ├── NotFound (404)
            ├── Conflict (409) ... e.g. an idempotency key reused with another body
            └── RateLimited (429). carries retry_after_s

A declined payment is not an error: it is a normal answer with a decline code.
"""

from __future__ import annotations


class KinpayError(Exception):
    """The root of every error kinpay raises."""


class MoneyError(KinpayError, ValueError):
    """An amount or currency that can't be used."""


class CurrencyError(MoneyError):
    """An unknown or unsupported ISO 4217 currency code."""


class AmountError(MoneyError):
    """Text that is not a valid amount in its currency."""


class CodeError(KinpayError):
    """A code that can't be used. `reason` is a stable machine word (the server's decline
    code); `kind` a finer one for the words a person reads (a till's "the numeric code has
    a typo"), set by the raise where the class alone doesn't say it."""

    reason = "code_invalid"
    kind = "malformed"

    def __init__(self, message: str = "", *, kind: str | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class CodeMalformed(CodeError):
    reason = "code_invalid"
    kind = "malformed"


class CodeForged(CodeError):
    reason = "code_invalid"
    kind = "forged"


class CodeExpired(CodeError):
    reason = "code_expired"
    kind = "expired"


class CodeFromFuture(CodeError):
    reason = "code_invalid"
    kind = "future"


class DeviceFileError(KinpayError):
    """A device file that is missing, unreadable or not a kinpay device file."""


class ClientError(KinpayError):
    """Something the settlement client could not do."""


class ClientArgumentError(ClientError, ValueError):
    """An argument the client refuses before sending anything (an idempotency key, an id,
    a server URL or pin, a retry count). Also a ValueError, as a bad argument is."""


class BadResponse(ClientError):
    """The server answered with a success status, but the body is not JSON or not the shape
    the API promises: the request may well have been acted on, so a write is retried with
    its idempotency key (never with a new one) or checked by reading it back."""


class TransportError(ClientError):
    """The request may not have reached the server, or its answer did not reach us."""


class ServerUnreachable(TransportError):
    """Nothing answered: the payment was certainly not made by this attempt."""


class ServerUntrusted(ServerUnreachable):
    """The server's TLS certificate did not verify (another CA, wrong name, not the pinned
    one): nothing was sent to it."""


class OutcomeUnknown(TransportError):
    """The request was sent but no answer came in time: retry with the same idempotency key."""


class ApiError(ClientError):
    """The server answered with an error status and its `{"error": {code, message}}` body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class BadRequest(ApiError):
    pass


class Unauthorized(ApiError):
    pass


class Forbidden(ApiError):
    pass


class NotFound(ApiError):
    pass


class Conflict(ApiError):
    pass


class RateLimited(ApiError):
    def __init__(self, status: int, code: str, message: str, retry_after_s: float) -> None:
        super().__init__(status, code, message)
        self.retry_after_s = retry_after_s
