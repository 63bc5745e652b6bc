"""The key store checked against the database before the server uses it (ops review 37).

The database does not hold the keys, but it says which ones it needs: each paired device's
certificate names the signing key that signed it (`key_id`), and its typed-code secret the
OTP master it is wrapped under (`keys.OTP_WRAPPED_V2` + fingerprint). While a device still
needs them (not retired, its certificate not dead for longer than an offline upload may
take), a key store that is missing (the folder deleted or moved, `$KINPAY_KEYS_DIR` wrong,
PostgreSQL's default `kinpay-data/keys` under another working folder) or that does not
hold them (another shop's, an older backup's) is refused with one line: new keys made in
its place would fail every tablet's certificate and every typed code, saying nothing. A
database with no such device (a new one) gets its keys made as before.

A key store open to other users (copied without its modes) is closed again, 0700/0600,
with a warning; one that another user owns is refused, it is not ours to close.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from kinpay.errors import KinpayError
from server_stub.db import Conn, schema_revision
from server_stub.keys import ENV_KEYS_DIR, OTP_WRAPPED_V2, FileKeyStore, KeyStoreError
from server_stub.private_files import close_private_dir

log = logging.getLogger("kinpay.keys")

# A device's keys are needed while its certificate lives and, after, while an offline
# payment made with it may still be uploaded (offline.OFFLINE_MAX_AGE_S is 48 h); a week.
UPLOAD_GRACE_S = 7 * 24 * 3600


class KeyStoreRefused(KeyStoreError, KinpayError):
    """The key store the server would use is not the database's: it does not start.

    Also a KinpayError so that `kinpay server` and `kinpay seed` print it as one line
    (kinpay/cli.py) and exit non-zero: server_stub/cli_ops.prepare_storage does not catch
    a KeyStoreError of its own (see the helper's report)."""


@dataclass
class Needed:
    """What the database's live devices need from the key store."""

    devices: int = 0
    key_ids: dict[str, int] = field(default_factory=dict)  # signing key id → devices
    fingerprints: dict[str, int] = field(default_factory=dict)  # OTP master → devices
    unnamed_master: int = 0  # devices whose secret names no master (older rows)


def check_store(conn: Conn, store: FileKeyStore, now_s: int) -> None:
    """Raises KeyStoreRefused when the store can't serve the database's devices; then
    closes a store open to others (see the module's text). Makes nothing."""
    folder = store.folder
    needed = needed_by(conn, now_s)
    if needed.devices:
        try:
            _holds_what_is_needed(store, needed, _what_to_do(conn))
        except KeyStoreRefused:
            raise
        except KeyStoreError as exc:  # a key file that is not one: said in one line
            raise KeyStoreRefused(f"refusing to start: {exc}") from exc
    if folder.is_dir():
        _close(folder)


def _holds_what_is_needed(store: FileKeyStore, needed: Needed, where: str, *,
                          masters: bool = True) -> None:
    folder = store.folder
    if not folder.is_dir():
        raise KeyStoreRefused(
            f"refusing to start: the key store {folder} is missing, and {needed.devices}"
            " paired device(s) need its keys (new ones would fail every tablet's code)."
            f" {where}")
    have = sorted(rec.key_id for rec in store.signing_keys())
    missing = sorted(set(needed.key_ids) - set(have))
    if missing:
        devices = sum(needed.key_ids[k] for k in missing)
        raise KeyStoreRefused(
            f"refusing to start: the key store {folder} holds"
            f" {'signing key(s) ' + ', '.join(have) if have else 'no signing key'},"
            f" not {', '.join(missing)}, which signed the"
            f" certificates of {devices} paired device(s): it is not this database's key"
            f" store. {where}")
    if not masters:  # the signing keys only (`kinpay keys rotate`)
        return
    held = store.master_fingerprints()
    lost = sorted(set(needed.fingerprints) - held)
    if lost or (needed.unnamed_master and not held):
        devices = sum(needed.fingerprints[f] for f in lost) + (
            needed.unnamed_master if not held else 0)
        raise KeyStoreRefused(
            f"refusing to start: the key store {folder} does not hold the OTP master"
            f" {', '.join(lost) or '(otp-master.key)'} that {devices} paired device(s)'"
            f" typed-code secrets are wrapped under: it is not this database's key store."
            f" {where} If that master is lost for good, `kinpay keys rotate-otp` gives"
            " every tablet a new secret")


def lost_signing_keys(conn: Conn, store: FileKeyStore, now_s: int) -> str | None:
    """`kinpay keys rotate` on a key store that lacks the signing keys the database's live
    devices were issued under (missing, another's): why not, or None. A new key added
    there would make a store the server then refuses (ops review 37)."""
    needed = needed_by(conn, now_s)
    if not needed.devices:
        return None
    try:
        _holds_what_is_needed(store, needed, _what_to_do(conn), masters=False)
    except KeyStoreError as exc:
        return str(exc).replace("refusing to start: ", "refused: ", 1)
    return None


def _what_to_do(conn: Conn) -> str:
    if os.environ.get(ENV_KEYS_DIR):
        found = f"the one {ENV_KEYS_DIR} names"
    elif conn.url.kind == "sqlite":
        found = "the one beside the database"
    else:
        found = f"kinpay-data/keys under the working folder {Path.cwd()}, PostgreSQL's default"
    return (f"(That folder is {found}.) Put the keys back there from the backup (the"
            " OUT.keys/ folder beside `kinpay backup`'s OUT), or set"
            f" {ENV_KEYS_DIR} to the folder that holds them.")


def needed_by(conn: Conn, now_s: int) -> Needed:
    """The signing keys and OTP masters the database's live devices were issued under."""
    needed = Needed()
    if schema_revision(conn) is None:  # a new, empty database
        return needed
    rows = conn.all(
        "SELECT certificate, otp_secret FROM devices"
        " WHERE retired_at IS NULL AND expires_at > ?", (now_s - UPLOAD_GRACE_S,))
    for row in rows:
        needed.devices += 1
        try:
            # version(1) key_id(4) ...: kinpay/codes.py, Certificate (every version)
            key_id = base64.b64decode(str(row["certificate"]), validate=True)[1:5].hex()
        except (binascii.Error, ValueError) as exc:
            raise KeyStoreRefused(f"refusing to start: a device's certificate in the"
                                  f" database is not base64 ({exc}): run `kinpay check`") from exc
        needed.key_ids[key_id] = needed.key_ids.get(key_id, 0) + 1
        stored = str(row["otp_secret"])
        if stored.startswith(OTP_WRAPPED_V2):
            fingerprint = stored[len(OTP_WRAPPED_V2):].partition(":")[0]
            needed.fingerprints[fingerprint] = needed.fingerprints.get(fingerprint, 0) + 1
        else:
            needed.unnamed_master += 1
    return needed


def _close(folder: Path) -> None:
    try:
        tightened, theirs = close_private_dir(folder)
    except OSError as exc:
        raise KeyStoreRefused(f"refusing to start: can't check the key store {folder}'s"
                              f" modes: {exc}") from exc
    if theirs:
        raise KeyStoreRefused(
            f"refusing to start: {theirs[0]} in the key store is open to other users and"
            " belongs to another user, so the server can't close it: as its owner (or"
            f" root), chmod 700 {folder} and chmod 600 the files in it, or chown them to"
            " the server's user")
    if tightened:
        files = [p.name for p in tightened if p != folder]
        log.warning("the key store %s was open to other users (%s): closed now, 0700 for"
                    " the folder and 0600 for its files%s", folder,
                    ", ".join(["the folder"] * (folder in tightened) + files),
                    "; whoever could read them may hold the keys (see `kinpay keys"
                    " rotate-otp` and `kinpay keys rotate`)" if files else "")
