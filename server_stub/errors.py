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


class ServerError(Exception):
    status = 500
    code = "internal"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadInput(ServerError):
    status = 400
    code = "bad_request"


class NotSignedIn(ServerError):
    status = 401
    code = "unauthorized"


class NotAllowed(ServerError):
    status = 403
    code = "forbidden"


class NotFound(ServerError):
    status = 404
    code = "not_found"


class Conflict(ServerError):
    status = 409
    code = "conflict"


class TooMany(ServerError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after_s: int, code: str | None = None) -> None:
        super().__init__(message, code)
        self.retry_after_s = retry_after_s


class Unavailable(ServerError):
    status = 503
    code = "unavailable"


class Invalid(ServerError):
    """A request that doesn't match its schema (422), as FastAPI's validation answers it."""

    status = 422
    code = "invalid_request"


class UnsupportedType(ServerError):
    status = 415
    code = "unsupported_media_type"
