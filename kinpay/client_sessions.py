"""The settlement client's calls on the session itself, mixed into `kinpay.client.Client`: a
new password (every other session of the account ends), the password proven again, and
signing out, here or everywhere."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from kinpay import schemas

if TYPE_CHECKING:
    import httpx

SESSION_TAG_CHARS = 12
M = TypeVar("M", bound=BaseModel)


def session_tag(token: str) -> str:
    """What an account's "signed in" event names its session by, so a wallet can tell its
    own sign-in from someone else's; the account's list of signed-in devices names it so
    too (`signed_in`, `sign_out_device`: only within the account, never as a credential).
    Neither the token nor the hash the server keeps of it (another hash)."""
    return hashlib.sha256(b"kinpay session tag\0" + token.encode()).hexdigest()[
        :SESSION_TAG_CHARS]


class SessionCalls:
    """Needs the client's `request`, `password_read_s` and `token`."""

    token: str | None

    if TYPE_CHECKING:
        def request(self, method: str, path: str, *, body: Any = None,
                    params: dict[str, Any] | None = None,
                    idempotency_key: str | None = None,
                    read_timeout_s: float | None = None) -> httpx.Response: ...

        def _get(self, path: str, model: type[M], params: dict[str, Any] | None = None,
                 ) -> M: ...

        def password_read_s(self) -> float: ...

    def change_password(self, current: str, new: str) -> None:
        """A new password for this account; this session stays, every other one ends.
        A wrong `current` is a Forbidden `wrong_password`, counted as a failed sign-in."""
        self.request("POST", "/v1/me/password",
                     body={"current_password": current, "new_password": new},
                     read_timeout_s=self.password_read_s())

    def reauth(self, password: str) -> None:
        """This session proves its password again: for the next minutes it may do what
        adds spending power (a Forbidden `reauth_required` says when it must). A wrong
        one is a Forbidden `wrong_password`, counted as a failed sign-in."""
        self.request("POST", "/v1/sessions/current/reauth", body={"password": password},
                     read_timeout_s=self.password_read_s())

    def sign_out(self) -> None:
        """This session ends on the server."""
        self.request("DELETE", "/v1/sessions/current")
        self.token = None

    def signed_in(self) -> schemas.SignedInList:
        """The account's signed-in devices: this one, then the most recently used first."""
        return self._get("/v1/sessions", schemas.SignedInList)

    def sign_out_device(self, session_id: str) -> None:
        """End one session of the account, listed as `session_id` by `signed_in`: another
        device's needs the password proven lately (Forbidden `reauth_required`); one that
        has ended already is NotFound `no_such_session`."""
        self.request("DELETE", f"/v1/sessions/{session_id}")

    def sign_out_everywhere(self) -> None:
        """Every session of this account ends, this one too."""
        self.request("DELETE", "/v1/sessions")
        self.token = None
