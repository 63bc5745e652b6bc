"""The server's secrets outside the database: Ed25519 signing keys and the OTP master.

They live in a key store, by default `FileKeyStore`: a 0700 folder of 0600 files next to
the database (`<data folder>/keys`, or `$KINPAY_KEYS_DIR`; for PostgreSQL,
`kinpay-data/keys` under the working folder unless the variable says where). Every
server process that shares a database must share this folder (or a KMS-backed store with
the same methods). The database holds no private key and no device secret in clear.

Signing keys: `signing-NNNN.json`, the highest number signs. `kinpay keys rotate` adds the
next one; every server process notices within `REFRESH_S` and signs new certificates with
it, while the older keys keep verifying (and stay published at GET /v1/keys) for
`VERIFY_AFTER_ROTATION_S`: longer than any certificate they signed can live, plus the
offline upload window.

Device OTP secrets (the typed code's): a device paired now gets a random secret, kept in
the database AES-GCM-wrapped under a key derived from the master (`otp-master.key`), with
the master's fingerprint beside it (`OTP_WRAPPED_V2`). Older rows hold `OTP_DERIVED` (the
secret is HKDF-SHA256 of the master with the certificate id) or a release-1 secret wrapped
without a fingerprint (`OTP_WRAPPED`, migration 0002). `kinpay keys rotate-otp`
(server_stub/otp_rotation.py) makes a new master and gives every device a new secret under
it, which the tablet takes at its next sync, sealed to its own key (`sealed_otp_secret`):
a master that got out is then good for nothing.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.public import SealedBox
from nacl.signing import VerifyKey

from kinpay import codes, schemas
from kinpay.device import private_bytes
from server_stub.db import Conn, DbUrl
from server_stub.errors import ServerStubError
from server_stub.private_files import create_exclusive, private_dir

log = logging.getLogger("kinpay.keys")
ENV_KEYS_DIR = "KINPAY_KEYS_DIR"
REFRESH_S = 1.0
# Longer than a certificate lives (grants.CERT_TTL_S, 30 days) plus the age an offline
# upload may have (offline.OFFLINE_MAX_AGE_S, at most 7 days), plus margin; a test checks.
VERIFY_AFTER_ROTATION_S = 40 * 24 * 3600
MAX_KEYS = 9999
OTP_DERIVED = "hkdf-sha256:v1"  # what devices.otp_secret holds for a derived secret
OTP_WRAPPED = "aesgcm:v1:"  # prefix of a release-1 secret wrapped by migration 0002
OTP_WRAPPED_V2 = "aesgcm:v2:"  # + the master's fingerprint + ":" + nonce and ciphertext
_MASTER_FILE = "otp-master.key"
_NEXT_MASTER_FILE = "otp-master.next"  # a rotation's new master, until it is in force


class KeyStoreError(ServerStubError):
    """A key file that is missing, unreadable or not one of ours."""


@dataclass(frozen=True)
class KeyRecord:
    number: int
    key: Ed25519PrivateKey
    created_at: int

    @property
    def key_id(self) -> str:
        return codes.key_id_of(self.key.public_key()).hex()


class KeyStore(Protocol):
    """What the server needs from wherever its keys live (a folder, or a KMS)."""

    def signing_keys(self) -> list[KeyRecord]: ...
    def add_signing_key(self, key: Ed25519PrivateKey, now_s: int, *, first: bool) -> bool: ...
    def otp_master(self) -> bytes: ...
    def otp_masters(self) -> dict[str, bytes]: ...
    def stage_otp_master(self) -> bytes: ...
    def promote_otp_master(self) -> None: ...
    def version(self) -> Any: ...


class FileKeyStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._master: bytes | None = None
        self._master_seen: tuple[int, int, int] | None = None
        self._master_fp = ""  # the master's fingerprint, worked out when it is read
        self._master_lock = threading.Lock()

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("signing-[0-9][0-9][0-9][0-9].json"))

    def signing_keys(self) -> list[KeyRecord]:
        out = []
        for path in self._files():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                raw = base64.b64decode(data["private_key"], validate=True)
                key = Ed25519PrivateKey.from_private_bytes(raw)
                out.append(KeyRecord(int(path.stem[-4:]), key, int(data["created_at"])))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise KeyStoreError(f"{path} is not a kinpay signing key: {exc}") from exc
        return out

    def add_signing_key(self, key: Ed25519PrivateKey, now_s: int, *, first: bool) -> bool:
        """Store `key` as the next signing key (as number 1 when `first`); False if another
        process got there first."""
        private_dir(self.folder)
        files = self._files()
        if first and files:
            return False
        number = 1 if first else int(files[-1].stem[-4:]) + 1 if files else 1
        if number > MAX_KEYS:
            raise KeyStoreError("too many signing keys: remove retired ones")
        body = {
            "key_id": codes.key_id_of(key.public_key()).hex(),
            "private_key": base64.b64encode(private_bytes(key)).decode(),
            "created_at": now_s,
        }
        path = self.folder / f"signing-{number:04d}.json"
        return create_exclusive(path, json.dumps(body).encode())

    def otp_master(self) -> bytes:
        """The master in force, read again when its file changed (a rotation renamed a new
        one into place: every process takes it at its next use)."""
        path = self.folder / _MASTER_FILE
        with self._master_lock:
            try:
                stat = path.stat()
            except FileNotFoundError:
                if self._master is not None:
                    # Gone from under this process (the key store deleted or moved): the
                    # one it read stays in force; a new one would fail every typed code.
                    say_store_missing(self.folder, "its OTP master")
                    return self._master
                create_exclusive(path, base64.b64encode(secrets.token_bytes(32)))
                stat = path.stat()
            seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if self._master is None or seen != self._master_seen:
                self._master = _read_master(path)
                self._master_fp = otp_fingerprint(self._master)
                self._master_seen = seen
            return self._master

    def otp_masters(self) -> dict[str, bytes]:
        """Every master a stored secret may be wrapped under, by fingerprint: the one in
        force and a rotation's next one (in force in the database before its file is)."""
        master = self.otp_master()
        found = {self._master_fp: master}
        staged = self.folder / _NEXT_MASTER_FILE
        if staged.exists():
            master = _read_master(staged)
            found[otp_fingerprint(master)] = master
        return found

    def master_fingerprints(self) -> set[str]:
        """The fingerprints of the masters this folder holds (in force and staged), read
        without making one: what the start-up check holds against the database's."""
        return {otp_fingerprint(_read_master(path))
                for path in (self.folder / _MASTER_FILE, self.folder / _NEXT_MASTER_FILE)
                if path.exists()}

    def stage_otp_master(self) -> bytes:
        """A rotation's new master, written beside the one in force (0600): the one a
        rotation that stopped half-way left there, if any, so that running it again ends
        what it began."""
        staged = self.folder / _NEXT_MASTER_FILE
        create_exclusive(staged, base64.b64encode(secrets.token_bytes(32)))
        return _read_master(staged)

    def promote_otp_master(self) -> None:
        """The staged master in force: renamed over the old one, which is gone from here."""
        os.replace(self.folder / _NEXT_MASTER_FILE, self.folder / _MASTER_FILE)
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def version(self) -> Any:
        try:
            return self.folder.stat().st_mtime_ns, len(self._files())
        except FileNotFoundError:
            return None


def _read_master(path: Path) -> bytes:
    try:
        master = base64.b64decode(path.read_bytes(), validate=True)
    except (OSError, ValueError) as exc:
        raise KeyStoreError(f"can't read {path}: {exc}") from exc
    if len(master) != 32:
        raise KeyStoreError(f"{path} does not hold a 32-byte master secret")
    return master


_MISSING_SAID_EVERY_S = 60.0
_missing_said: dict[str, float] = {}


def say_store_missing(folder: Path | str, what: str) -> None:
    """The operator's line for a key store gone from under a running server, at most once a
    minute: the server keeps the keys it read, and will refuse to start without them."""
    now = time.monotonic()
    if now - _missing_said.get(what, -_MISSING_SAID_EVERY_S) < _MISSING_SAID_EVERY_S:
        return
    _missing_said[what] = now
    log.error("the key store %s no longer holds %s (deleted or moved?): this server goes on "
              "with the ones it read, but will not start again without them; put the key "
              "store back (`kinpay restore` puts a backup's in place)", folder, what)


_STORES: dict[Path, FileKeyStore] = {}
_STORES_LOCK = threading.Lock()


def keys_dir_for(url: DbUrl) -> Path:
    env = os.environ.get(ENV_KEYS_DIR)
    if env:
        return Path(env).resolve()
    if url.kind == "sqlite" and url.target != ":memory:":
        return Path(url.target).resolve().parent / "keys"
    return Path("kinpay-data/keys").resolve()


def store_for(url: DbUrl) -> FileKeyStore:
    folder = keys_dir_for(url)
    with _STORES_LOCK:
        return _STORES.setdefault(folder, FileKeyStore(folder))


def live_keys(records: list[KeyRecord], now_s: int) -> list[KeyRecord]:
    """The keys that still verify: the newest, and each older one until its successor
    has been signing for VERIFY_AFTER_ROTATION_S."""
    return [
        rec
        for rec, successor in zip(records, [*records[1:], None], strict=True)
        if successor is None or now_s < successor.created_at + VERIFY_AFTER_ROTATION_S
    ]


def live_span(records: list[KeyRecord], now_s: int) -> tuple[float, float]:
    """The span of time around `now_s` in which `live_keys` gives the same keys: from the
    last retirement at or before it to the next one after it."""
    ends = [r.created_at + VERIFY_AFTER_ROTATION_S for r in records[1:]]
    return (max((e for e in ends if e <= now_s), default=float("-inf")),
            min((e for e in ends if e > now_s), default=float("inf")))


class ServerKeys:
    """The live keys, re-read from the store when it changes (checked at most once per
    REFRESH_S), so a rotation reaches every server process without a restart; and again
    when the server's clock passes the moment an older key retires (security row 31)."""

    def __init__(self, store: KeyStore, clock: Callable[[], int] | None = None) -> None:
        self._store = store
        self._clock = clock if clock is not None else (lambda: int(time.time()))
        self._span: tuple[float, float] = (0, 0)  # when the live keys, as read, hold
        self._lock = threading.Lock()
        self._checked = 0.0
        self._version: Any = object()
        self._public: dict[bytes, Ed25519PublicKey] = {}
        self._signing: Ed25519PrivateKey | None = None
        # Certificates whose server signature verified once (see codes.verify_code).
        self.trusted_certs: dict[bytes, bool] = {}
        self._refresh(force=True)

    def _refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        now_s = self._clock()
        timely = self._span[0] <= now_s < self._span[1]
        if not force and timely and now - self._checked < REFRESH_S:
            return
        with self._lock:
            self._checked = now
            version = self._store.version()
            if version == self._version and not force and timely:
                return
            stored = self._store.signing_keys()
            if not stored and self._public:
                # The store's keys gone from under the server (deleted or moved): the ones
                # read stay in force (else every code failed as forged); looked for again.
                say_store_missing(getattr(self._store, "folder", "?"), "its signing keys")
                self._version = version
                return
            self._span = live_span(stored, now_s)
            records = live_keys(stored, now_s)
            self._public = {codes.key_id_of(r.key.public_key()): r.key.public_key()
                            for r in records}
            self._signing = records[-1].key if records else None
            self._version = version
            self.trusted_certs = {}

    @property
    def public(self) -> dict[bytes, Ed25519PublicKey]:
        self._refresh()
        return self._public

    @property
    def signer(self) -> Ed25519PrivateKey:
        self._refresh()
        assert self._signing is not None, "ensure_key() runs at start-up"
        return self._signing

    def answer(self) -> list[schemas.ServerKey]:
        return [
            schemas.ServerKey(
                key_id=kid.hex(), public_key=base64.b64encode(codes.raw_public(pub)).decode()
            )
            for kid, pub in self.public.items()
        ]


def ensure_key(conn: Conn, now_s: int) -> None:
    """Make the first signing key if there is none (several processes may race: one wins).
    First the key store is checked against the database (server_stub/key_guard.py): a
    missing or foreign one on a database with paired tablets is refused, not replaced."""
    from server_stub.key_guard import check_store

    store = store_for(conn.url)
    check_store(conn, store, now_s)
    if not store.signing_keys():
        store.add_signing_key(Ed25519PrivateKey.generate(), now_s, first=True)
    store.otp_master()


def rotate(store: KeyStore, now_s: int) -> str:
    """Add a new signing key; returns its id."""
    key = Ed25519PrivateKey.generate()
    for _ in range(8):  # another rotation at the same moment takes the number: take the next
        if store.add_signing_key(key, now_s, first=False):
            return codes.key_id_of(key.public_key()).hex()
    raise KeyStoreError("could not add a signing key: too many at once")


def load(conn: Conn, clock: Callable[[], int] | None = None) -> ServerKeys:
    return ServerKeys(store_for(conn.url), clock)


# --- device OTP secrets ----------------------------------------------------------------


def _hkdf(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kinpay", info=info).derive(master)


def otp_fingerprint(master: bytes) -> str:
    """What names a master beside the secrets wrapped under it (no secret of its own)."""
    return _hkdf(master, b"otp-master-id")[:8].hex()


def new_otp_secret(conn: Conn, cert_id_hex: str) -> tuple[bytes, str]:
    """A new device's OTP secret, and what the database stores for it (not the secret)."""
    secret = secrets.token_bytes(32)
    return secret, wrap_otp_secret_v2(store_for(conn.url).otp_master(), cert_id_hex, secret)


def otp_secret_of(conn: Conn, row: Any) -> bytes:
    """The OTP secret of a devices row: unwrapped, or derived (devices paired before
    release 3), or unwrapped from release 1's wrapping."""
    stored, cert_id = str(row["otp_secret"]), str(row["cert_id"])
    store = store_for(conn.url)
    if stored.startswith(OTP_WRAPPED_V2):
        fingerprint, _, text = stored[len(OTP_WRAPPED_V2):].partition(":")
        master = store.otp_masters().get(fingerprint)
        if master is None:
            raise KeyStoreError(f"device {cert_id}'s OTP secret is wrapped under a master"
                                " this key store no longer holds")
        return _unwrap(master, cert_id, text)
    master = store.otp_master()
    if stored == OTP_DERIVED:
        return _hkdf(master, b"otp:" + cert_id.encode())
    if stored.startswith(OTP_WRAPPED):
        return _unwrap(master, cert_id, stored[len(OTP_WRAPPED):])
    raise KeyStoreError(f"device {cert_id} holds an OTP secret in clear: run `kinpay db upgrade`")


def _unwrap(master: bytes, cert_id: str, text: str) -> bytes:
    try:
        blob = base64.b64decode(text, validate=True)
        return AESGCM(_hkdf(master, b"otp-wrap")).decrypt(blob[:12], blob[12:],
                                                          cert_id.encode())
    except (ValueError, InvalidTag) as exc:
        raise KeyStoreError(f"device {cert_id}'s OTP secret does not open") from exc


def rewrap_otp_secret(conn: Conn, row: Any, new_cert_id: str) -> str:
    """What a devices row stores for its OTP secret once its certificate id becomes
    `new_cert_id` (a renewed certificate): the same secret, wrapped under the new id."""
    secret = otp_secret_of(conn, row)
    return wrap_otp_secret_v2(store_for(conn.url).otp_master(), new_cert_id, secret)


def wrap_otp_secret_v2(master: bytes, cert_id: str, secret: bytes) -> str:
    wrapped = wrap_otp_secret(master, cert_id, secret)[len(OTP_WRAPPED):]
    return f"{OTP_WRAPPED_V2}{otp_fingerprint(master)}:{wrapped}"


def sealed_otp_secret(conn: Conn, row: Any) -> str | None:
    """A device's OTP secret sealed to the device's own key (X25519 from its Ed25519 key,
    libsodium's sealed box): only the tablet holding that key opens it, so the child's
    password alone, on another machine, does not give the typed code. None (logged) when
    the key store can't open it: the tablet keeps its own, the certificate still goes."""
    try:
        secret = otp_secret_of(conn, row)
    except KeyStoreError as exc:
        log.error("%s: run `kinpay keys rotate-otp` to give the device a new one", exc)
        return None
    device_key = VerifyKey(base64.b64decode(row["public_key"])).to_curve25519_public_key()
    return base64.b64encode(SealedBox(device_key).encrypt(secret)).decode()


def wrap_otp_secret(master: bytes, cert_id: str, secret: bytes) -> str:
    nonce = secrets.token_bytes(12)
    blob = nonce + AESGCM(_hkdf(master, b"otp-wrap")).encrypt(nonce, secret, cert_id.encode())
    return OTP_WRAPPED + base64.b64encode(blob).decode()
