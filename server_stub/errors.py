"""The server's one exception tree. Under `ServerError`, what a request is answered with:
each maps to one HTTP status and a stable code. Beside it, what the operator's commands
and the server's start-up refuse or fail with (never sent to a client as such: one that
escaped a request would be answered 500 "internal", saying nothing).

    ServerStubError
    ├── ServerError (500)
    │   ├── BadInput (400)
    │   ├── NotSignedIn (401)
    │   ├── NotAllowed (403)
    │   ├── NotFound (404): also what a foreign object answers, so ids leak nothing
    │   ├── Conflict (409)
    │   ├── UnsupportedType (415), Invalid (422)
    │   ├── TooMany (429): carries retry_after_s
    │   └── Unavailable (503): storage failed; the request may be retried with the same key
    ├── ConfigRefused (also a ValueError): a setting the server won't start with
    │   └── DbUrlRefused (dburl.py): a database location given the unsafe way
    ├── BindRefused (tls.py): plain HTTP or the test clock off this machine
    ├── SchemaMismatch (db.py): the database's schema is not this code's
    ├── MigrationFailed (migrations): an upgrade that could not run
    ├── StorageDamaged (integrity.py): the database can't be read or does not add up
    ├── BackupFailed (backup.py): the copy could not be made
    ├── WriterDidNotStart (pay_writer.py): the payment writer process did not start
    ├── KeyStoreError (keys.py): a key file missing, unreadable or not ours
    └── BodyTooLarge (front.py): a request body over its limit, answered 413 there
"""

from __future__ import annotations

from kinpay.schemas import ErrorCode


class ServerStubError(Exception):
    """The root of everything server_stub raises on purpose."""


class ConfigRefused(ServerStubError, ValueError):
    """A setting (bind, rate, database URL, certificate request) the server refuses."""


class ServerError(ServerStubError):
    """An error a request is answered with: its HTTP status and stable code."""

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
