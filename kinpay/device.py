"""The delegate's device file: its own key pair, its certificate and what it needs offline.

A device builds valid codes with nothing but this file and a clock. The file is JSON,
written atomically and readable by its owner alone (0600).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from nacl.exceptions import CryptoError
from nacl.public import SealedBox
from nacl.signing import SigningKey

from kinpay import codes, schemas
from kinpay.errors import CodeForged, DeviceFileError

FORMAT = "kinpay-device/1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_device_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


@dataclass
class Device:
    """A paired device: what the delegate's tablet keeps."""

    key: Ed25519PrivateKey
    cert: codes.Certificate
    device_no: int
    otp_secret: bytes
    server_keys: dict[str, bytes]  # key id (hex) → raw Ed25519 public key
    server_url: str = ""
    payer_name: str = ""
    delegate_name: str = ""
    counter: int = 0
    counter_step: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def public_keys(self) -> dict[bytes, Ed25519PublicKey]:
        return {
            bytes.fromhex(kid): Ed25519PublicKey.from_public_bytes(raw)
            for kid, raw in self.server_keys.items()
        }

    def step_at(self, now_s: int) -> int:
        return now_s // self.cert.rotate_s

    def counter_at(self, now_s: int) -> int:
        """The counter in force at `now_s`: it starts again at 0 with every new step."""
        return self.counter if self.counter_step == self.step_at(now_s) else 0

    def bump(self, now_s: int) -> None:
        """Rotate early within the current step (after a payment used the code)."""
        step = self.step_at(now_s)
        self.counter = min(self.counter_at(now_s) + 1, codes.MAX_COUNTER)
        self.counter_step = step

    def code_at(self, now_s: int) -> str:
        return codes.build_code(self.cert, self.key, now_s=now_s, counter=self.counter_at(now_s))

    def numeric_at(self, now_s: int) -> str:
        return codes.build_numeric(
            self.device_no,
            self.otp_secret,
            step=self.step_at(now_s),
            counter=self.counter_at(now_s),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "private_key": _b64(private_bytes(self.key)),
            "certificate": _b64(self.cert.to_bytes()),
            "device_no": self.device_no,
            "otp_secret": _b64(self.otp_secret),
            "server_keys": {kid: _b64(raw) for kid, raw in self.server_keys.items()},
            "server_url": self.server_url,
            "payer_name": self.payer_name,
            "delegate_name": self.delegate_name,
            "counter": self.counter,
            "counter_step": self.counter_step,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Device:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DeviceFileError("not a kinpay device file")
        try:
            return cls(
                key=Ed25519PrivateKey.from_private_bytes(_unb64(data["private_key"])),
                cert=codes.Certificate.from_bytes(_unb64(data["certificate"])),
                device_no=int(data["device_no"]),
                otp_secret=_unb64(data["otp_secret"]),
                server_keys={str(k): _unb64(v) for k, v in data["server_keys"].items()},
                server_url=str(data.get("server_url", "")),
                payer_name=str(data.get("payer_name", "")),
                delegate_name=str(data.get("delegate_name", "")),
                counter=int(data.get("counter", 0)),
                counter_step=int(data.get("counter_step", 0)),
                extra=dict(data.get("extra", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DeviceFileError(f"damaged device file: {exc}") from exc

    def save(self, path: Path) -> None:
        save_json_private(path, self.to_json())

    def take_certificate(
        self, answer: schemas.CertificateAnswer, keys: list[schemas.ServerKey] | None = None
    ) -> bool:
        """Adopt the server's current certificate for this device (a new one is issued when
        the payer changes the offline cap) and its typed code's secret (a new one after the
        server's OTP master was rotated): True if either replaced the one in use.

        The certificate is taken only if it verifies with a server key (the ones kept, or
        `keys` fetched from the server over the same trusted link), binds this device's own
        key to the same grant, and is not older than the one in use; the secret only if it
        opens with this device's key. Anything else raises CodeError and leaves the device
        as it was.
        """
        cert = codes.Certificate.from_bytes(_unb64(answer.certificate))
        secret = (self._open_secret(answer.otp_secret_sealed)
                  if answer.otp_secret_sealed is not None else self.otp_secret)
        known = dict(self.server_keys)
        if cert.cert_id != self.cert.cert_id:
            for k in keys or []:
                known.setdefault(k.key_id, _unb64(k.public_key))
            public = {bytes.fromhex(kid): Ed25519PublicKey.from_public_bytes(raw)
                      for kid, raw in known.items()}
            codes.verify_certificate(cert, public)
            if cert.device_public_key != codes.raw_public(self.key.public_key()):
                raise CodeForged("the certificate is for another device's key")
            if cert.grant_id != self.cert.grant_id:
                raise CodeForged("the certificate is for another grant")
            if cert.valid_from_s < self.cert.valid_from_s:
                raise CodeForged("the certificate is older than the one in use")
        else:
            cert = self.cert
        changed = cert is not self.cert or secret != self.otp_secret
        self.cert, self.otp_secret, self.server_keys = cert, secret, known
        return changed

    def _open_secret(self, sealed: str) -> bytes:
        """The typed code's secret, sealed by the server to this device's key."""
        try:
            mine = SigningKey(private_bytes(self.key)).to_curve25519_private_key()
            secret = SealedBox(mine).decrypt(_unb64(sealed))
        except (ValueError, CryptoError) as exc:
            raise CodeForged("the typed code's secret is not sealed to this device") from exc
        if len(secret) != 32:
            raise CodeForged("the typed code's secret is not 32 bytes")
        return bytes(secret)

    @classmethod
    def load(cls, path: Path) -> Device:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DeviceFileError(f"no device file at {path}") from None
        except (OSError, ValueError) as exc:
            raise DeviceFileError(f"can't read device file {path}: {exc}") from exc
        return cls.from_json(data)


def from_paired(key: Ed25519PrivateKey, paired: schemas.Paired, server_url: str) -> Device:
    """The device the server's pairing answer makes of this tablet's own key."""
    return Device(
        key=key,
        cert=codes.Certificate.from_bytes(_unb64(paired.certificate)),
        device_no=paired.device_no,
        otp_secret=_unb64(paired.otp_secret),
        server_keys={k.key_id: _unb64(k.public_key) for k in paired.server_keys},
        server_url=server_url,
        payer_name=paired.grant.payer,
        delegate_name=paired.grant.delegate,
        extra={"grant_id": paired.grant.id},
    )


def save_json_private(path: Path, data: dict[str, Any]) -> None:
    """Write JSON atomically with mode 0600: a crash leaves the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the device file `path` (a `.lock` file beside it).

    The device file itself is replaced on every save (atomic rename), so a lock on it
    would be on the old inode: the lock lives in a sidecar file that is never replaced.
    """
    path = Path(path)
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise DeviceFileError(f"can't lock device file {path}: {exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def advance(path: Path, now_s: int) -> Device:
    """Rotate the device in file `path` to a fresh code for `now_s`, as a tablet does after
    a payment, and save it, all under the file's lock: two callers never get one code."""
    with locked(path):
        device = Device.load(path)
        before = device.counter_at(now_s)
        device.bump(now_s)
        if device.counter_at(now_s) == before:
            wait_s = (device.step_at(now_s) + 1) * device.cert.rotate_s - now_s
            raise DeviceFileError(
                f"no fresh code left in this step: every counter is used; wait {wait_s} s"
            )
        device.save(path)
        return device
