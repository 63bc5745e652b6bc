"""TLS for the settlement client: which servers a client believes.

A client verifies the server's certificate against the system's store, or against a CA
file (a shop's own CA), and may also pin the server's certificate: the SHA-256 of its DER
bytes or of its public key (SPKI), in hex or base64. A pin is checked right after the
handshake, before a single byte of the request is sent, so a server that fails it never
sees a key, a password or a code. With a pin and no CA file, the pin alone is the trust
(a self-signed certificate works); with both, both must hold.

Plain `http://` is refused for any host that is not this machine (127.0.0.0/8, ::1,
localhost) unless the caller says `insecure_http=True`: on a shop's network everything a
till sends would be readable and its answers forgeable.

Defaults come from the environment, so every app gets them without new options:
`KINPAY_CA_FILE` and `KINPAY_SERVER_PIN` (comma-separated pins).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ENV_CA_FILE = "KINPAY_CA_FILE"
ENV_PIN = "KINPAY_SERVER_PIN"
MAX_PINS = 8


class PinMismatch(ssl.SSLCertVerificationError):
    """The server's certificate is not one of the pinned ones."""


def is_loopback_host(host: str) -> bool:
    """True for this machine only: 127.0.0.0/8, ::1 and the name localhost."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cert_digests(der: bytes) -> set[bytes]:
    """The SHA-256 of the certificate's DER bytes and of its public key (SPKI)."""
    cert = x509.load_der_x509_certificate(der)
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return {hashlib.sha256(der).digest(), hashlib.sha256(spki).digest()}


def pins_of(text: str) -> tuple[str, ...]:
    """The pins in `text`, comma-separated as in $KINPAY_SERVER_PIN (and as the apps keep
    them), each as given; blanks dropped."""
    return tuple(p.strip() for p in text.split(",") if p.strip())


def parse_pin(text: str) -> bytes:
    """A pin as 64 hex digits (colons allowed) or base64, optionally prefixed `sha256/`."""
    raw = text.strip().removeprefix("sha256/").removeprefix("sha256:")
    hexed = raw.replace(":", "")
    try:
        digest = bytes.fromhex(hexed) if len(hexed) == 64 else base64.b64decode(raw, validate=True)
    except (ValueError, binascii.Error):
        digest = b""
    if len(digest) != 32:
        raise ValueError(f"not a SHA-256 pin (64 hex digits or base64): {text!r}")
    return digest


class _PinnedContext(ssl.SSLContext):
    """An SSL context that checks the peer against its pins right after the handshake."""

    pins: frozenset[bytes] = frozenset()

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        der = wrapped.getpeercert(binary_form=True)
        if der is None or not cert_digests(der) & self.pins:
            wrapped.close()
            raise PinMismatch("the server's certificate is not the pinned one")
        return wrapped


@dataclass(frozen=True)
class TlsOptions:
    ca_file: str | None = None
    pins: tuple[str, ...] = ()
    insecure_http: bool = False

    @classmethod
    def from_env(
        cls, ca_file: str | None, pins: tuple[str, ...] | None, insecure_http: bool
    ) -> TlsOptions:
        if ca_file is None:
            ca_file = os.environ.get(ENV_CA_FILE) or None
        if pins is None:
            pins = pins_of(os.environ.get(ENV_PIN, ""))
        return cls(ca_file=ca_file, pins=pins, insecure_http=insecure_http)

    def verify_for(self, base_url: str) -> ssl.SSLContext | bool:
        """What httpx's `verify=` gets for this URL; raises ValueError for what we refuse."""
        parts = urlsplit(base_url)
        if parts.scheme == "http":
            if not (self.insecure_http or is_loopback_host(parts.hostname or "")):
                raise ValueError(
                    f"refusing plain http:// to {parts.hostname}: use https:// (or say"
                    " insecure_http=True for a network you trust)"
                )
            return True
        if parts.scheme != "https":
            raise ValueError(f"a server URL starts with https:// or http://, not {base_url!r}")
        return self.context()

    def context(self) -> ssl.SSLContext:
        if len(self.pins) > MAX_PINS:
            raise ValueError(f"at most {MAX_PINS} pins")
        pins = frozenset(parse_pin(p) for p in self.pins)
        ctx = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT) if pins else ssl.create_default_context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if isinstance(ctx, _PinnedContext):
            ctx.pins = pins
            if self.ca_file is None:
                # The pin is the trust: a shop's self-signed certificate is fine.
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
            else:
                ctx.load_verify_locations(cafile=self.ca_file)
        elif self.ca_file is not None:
            ctx = ssl.create_default_context(cafile=self.ca_file)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        return ctx


def untrusted(exc: BaseException) -> bool:
    """True if a transport error came from a certificate that did not verify."""
    seen: BaseException | None = exc
    for _ in range(8):  # a cause chain is short; bound the walk anyway
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
