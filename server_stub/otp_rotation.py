"""`kinpay keys rotate-otp`: a new OTP master, and a new typed-code secret for every device.

The OTP master (`otp-master.key` in the key store) is what every device's typed-code secret
is wrapped under, and for devices paired before release 3 what it is derived from. Someone
who read it (a backup left open, security.md row 59) can make any child's typed codes. A
rotation takes that away:

1. A new master is written beside the old one (`otp-master.next`, 0600), or the one a
   rotation that stopped half-way left there is taken, so running it again ends it.
2. One transaction gives every device a new random secret, wrapped under the new master
   with its fingerprint (`keys.OTP_WRAPPED_V2`). Server processes find the new master by
   that fingerprint in the `.next` file until step 3; nothing is derived from the old one.
3. The new master is renamed over the old one: the old one is gone from the key store.
4. A second pass gives a new secret to any device whose row is still not under the new
   master (a tablet paired by a server process between steps 1 and 3).

Each tablet takes its new secret at its next sync, sealed to its own key (GET
/v1/grants/{id}/certificate, `keys.sealed_otp_secret`); until then its typed code is
refused (its QR code, signed by the tablet's own key, keeps working). Old backups of the key
store still hold the old master: it opens nothing that is in force.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from server_stub import events, grants, keys

if TYPE_CHECKING:
    from server_stub.db import Conn, Database


@dataclass(frozen=True)
class Rotated:
    devices: int  # rows given a new secret (retired devices too: nothing of the old stays)
    raced: int  # of them, rows paired during the rotation and done again in its second pass
    fingerprint: str  # the new master's


def rotate_otp_master(db: Database, write: Callable[[Database, Job], int]) -> Rotated:
    """Steps 1 to 4 above; `write(db, job)` runs `job(conn)` in one write transaction."""
    store = keys.store_for(db.url)
    store.otp_master()  # a key store without a master gets one first: the rename needs it
    master = store.stage_otp_master()
    fingerprint = keys.otp_fingerprint(master)
    devices = write(db, lambda conn: _renew(conn, master, only_stale=False))
    store.promote_otp_master()
    raced = write(db, lambda conn: _renew(conn, master, only_stale=True))
    return Rotated(devices=devices, raced=raced, fingerprint=fingerprint)


def _renew(conn: Conn, master: bytes, *, only_stale: bool) -> int:
    """A new secret under `master` for every device (or every one not under it yet); each
    tablet still paying hears of it (a "grant" event), so it syncs now."""
    under = f"{keys.OTP_WRAPPED_V2}{keys.otp_fingerprint(master)}:"
    rows = conn.all("SELECT cert_id, grant_id, otp_secret, retired_at FROM devices"
                    " ORDER BY cert_id")
    renewed, now_s = 0, int(time.time())
    for row in rows:
        if only_stale and str(row["otp_secret"]).startswith(under):
            continue
        cert_id = str(row["cert_id"])
        stored = keys.wrap_otp_secret_v2(master, cert_id, secrets.token_bytes(32))
        conn.execute("UPDATE devices SET otp_secret = ? WHERE cert_id = ?", (stored, cert_id))
        renewed += 1
        grant = conn.one("SELECT * FROM grants WHERE id = ?", (row["grant_id"],))
        if row["retired_at"] is None and grant is not None and grant["status"] == "active":
            data = {"kind": "typed_code_renewed",
                    "grant": grants.answer(conn, grant, now_s).model_dump(mode="json")}
            events.emit(conn, user_id=grant["delegate_id"], type_="grant", data=data,
                        now_s=now_s)
    return renewed


if TYPE_CHECKING:
    from collections.abc import Callable

    Job = Callable[[Conn], int]
