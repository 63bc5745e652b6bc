"""What the server offers the payer's app: today, whether it has demo funding.

Money enters only from a funding source (issue 11 §2): a real server has no top-up a
payer can call. A server started in demo mode says so in `GET /v1/config` (no sign-in):

    {"demo_funding": true, "top_up_max_minor": 1000000000, ...}

An older server answers 404 there, and any answer that is not that shape counts as "no
demo funding": the "Top up (demo)" button shows only when the server says true.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from kinpay import schemas
from kinpay.client import Client
from kinpay.errors import ApiError, KinpayError
from kinpay.money import format_minor
from wallet_app import words

translate = QCoreApplication.translate

CONFIG_PATH = "/v1/config"
_TOO_LARGE: schemas.ErrorCode = "top_up_too_large"
# The server's bound on one demo top-up, in minor units of any currency, when its config
# doesn't state one (server_stub's MAX_TOP_UP).
TOP_UP_MAX_MINOR = 10**9


@dataclass(frozen=True, slots=True)
class ServerConfig:
    demo_funding: bool = False
    top_up_max_minor: int = TOP_UP_MAX_MINOR


def fetch_config(client: Client) -> ServerConfig:
    """The server's offer; a server without the route (404) offers no demo funding."""
    try:
        data = client.request("GET", CONFIG_PATH).json()
    except ApiError as exc:
        if exc.status == 404:
            return ServerConfig()
        raise
    except ValueError:  # not JSON: not a server that offers anything
        return ServerConfig()
    if not isinstance(data, dict):
        return ServerConfig()
    top = data.get("top_up_max_minor")
    good_top = isinstance(top, int) and not isinstance(top, bool) and top > 0
    return ServerConfig(
        demo_funding=data.get("demo_funding") is True,
        top_up_max_minor=top if good_top else TOP_UP_MAX_MINOR,  # type: ignore[arg-type]
    )


def top_up_too_large(max_minor: int, currency: str) -> str:
    return translate("TopUp", "A demo top-up is at most {amount}.").format(
        amount=format_minor(max_minor, currency))


def top_up_error_text(exc: Exception, currency: str, max_minor: int) -> str:
    """A failed top-up in the payer's words, amounts in the top-up's currency."""
    if isinstance(exc, ApiError):
        if exc.code == _TOO_LARGE:
            return top_up_too_large(max_minor, currency)
        if exc.status in (403, 404, 405):
            return translate("TopUp", "This server doesn't offer demo money.")
        return translate("TopUp", "Top-up failed: {reason}").format(
            reason=words.error_text(exc.code))
    if isinstance(exc, KinpayError):
        return translate("TopUp", "Top-up failed: can't reach the kinpay server.")
    return translate("TopUp", "Top-up failed. Try again.")
