"""The server's exception tree; each maps to one HTTP status and a stable code.

    ServerError
    ├── BadInput (400)
    ├── NotSignedIn (401)
    ├── NotAllowed (403)
    ├── NotFound (404): also what a foreign object answers, so ids leak nothing
    ├── Conflict (409)
    ├── UnsupportedType (415), Invalid (422)
    ├── TooMany (429): carries retry_after_s
    └── Unavailable (503): storage failed; the request may be retried with the same key
"""

from __future__ import annotations

from kinpay.schemas import ErrorCode


class ServerError(Exception):
    status = 500
    code: ErrorCode = "internal"

    def __init__(self, message: str, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadInput(ServerError):
    status = 400
    code: ErrorCode = "bad_request"


class NotSignedIn(ServerError):
    status = 401
    code: ErrorCode = "unauthorized"


class NotAllowed(ServerError):
    status = 403
    code: ErrorCode = "forbidden"


class NotFound(ServerError):
    status = 404
    code: ErrorCode = "not_found"


class Conflict(ServerError):
    status = 409
    code: ErrorCode = "conflict"


class TooMany(ServerError):
    status = 429
    code: ErrorCode = "rate_limited"

    def __init__(self, message: str, retry_after_s: int, code: ErrorCode | None = None) -> None:
        super().__init__(message, code)
        self.retry_after_s = retry_after_s


class Unavailable(ServerError):
    status = 503
    code: ErrorCode = "unavailable"


class Invalid(ServerError):
    """A request that doesn't match its schema (422), as FastAPI's validation answers it."""

    status = 422
    code: ErrorCode = "invalid_request"


class UnsupportedType(ServerError):
    status = 415
    code: ErrorCode = "unsupported_media_type"
