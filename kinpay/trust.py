"""The trust an app keeps with its server's address: the shop's CA file and pins.

`kinpay --ca FILE --pin SHA256 pos|wallet` (or $KINPAY_CA_FILE and $KINPAY_SERVER_PIN)
says which server certificates to believe (kinpay.tls). The till and the wallets keep them
in their settings, as they keep `--server`, by one rule: `remember_trust`.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import MutableMapping
from typing import Protocol

from kinpay.tls import ENV_CA_FILE, ENV_PIN


class KeptTrust(Protocol):
    """An app's settings, where the trust is kept: the CA file's absolute path and the
    pins, comma-separated as in $KINPAY_SERVER_PIN; "" for none."""

    ca_file: str
    server_pins: str
    server_url: str  # the address kept, before a `--server` given now replaces it


def remember_trust(settings: KeptTrust, *, server: str | None,
                   environ: MutableMapping[str, str]) -> None:
    """The shop's CA and pins (`kinpay --ca FILE --pin SHA256 pos|wallet`, or
    $KINPAY_CA_FILE and $KINPAY_SERVER_PIN) are kept with the server's address, as
    `--server` is: an app started again without them still trusts its server, where it
    could not reach it at all (operations review 37). Given now, they are the whole trust;
    another address given (`server`, from `--server`) without them: the system's store
    again (the old shop's CA is not the new server's). The kept address given again (a
    desktop icon's `--server`) keeps them. Call it before any client is made:
    kinpay.client reads the environment."""
    ca, pins = environ.get(ENV_CA_FILE, ""), environ.get(ENV_PIN, "")
    moved = server is not None and server.rstrip("/") != settings.server_url.rstrip("/")
    if ca or pins or moved:
        # Absolute: the next start may be from another folder (`kinpay --ca` already is).
        settings.ca_file, settings.server_pins = (os.path.abspath(ca) if ca else ""), pins
        return
    if settings.ca_file:
        environ[ENV_CA_FILE] = settings.ca_file
    if settings.server_pins:
        environ[ENV_PIN] = settings.server_pins


def use_trust(settings: KeptTrust, environ: MutableMapping[str, str]) -> None:
    """The settings' CA and pins where the clients read them (kinpay.client), as
    `remember_trust` put them at the start; none: the system's store. After Settings
    changed them (a new address, "Use the system's store"), before any new client."""
    for name, value in ((ENV_CA_FILE, settings.ca_file), (ENV_PIN, settings.server_pins)):
        if value:
            environ[name] = value
        else:
            environ.pop(name, None)


def breakable_path(path: str) -> str:
    """A path a wrapped label may break after any "/": a long one has no spaces, and was
    wider than the form (a zero-width space is no character the eye sees)."""
    return path.replace("/", "/\u200b")


def ca_file_problem(ca_file: str) -> str:
    """What keeps a client from using the kept CA file now: "missing", "unusable" (there,
    but holding no certificate ssl can use), "unreadable"; "" if nothing does. Read as the
    clients read it (ssl), so a file there but no CA is found too."""
    try:
        ssl.create_default_context(cafile=ca_file)
    except ssl.SSLError:  # an OSError too: before the others
        return "unusable"
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):
        return "unreadable"
    return ""
