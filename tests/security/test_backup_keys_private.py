"""Attack 34, finding 1: `kinpay backup` run in a folder others may enter (the working or
the home folder, which kinpay never tightens) with a login shell's umask 022 copied the key
store with shutil.copytree: OUT.keys/ 0755 and each key file 0644 while it was written,
the 0700/0600 modes set only after the copy. Another local user polling the folder opened
the OTP master and the signing key in that window (the attacker's script had them after 2
to 7 backups) and, with the master and one look at a child's tablet, typed valid codes for
that child at any till.

The race is not left to chance here: the real CLI runs in a subprocess with umask 022, and
an audit hook (sys.addaudithook) looks at OUT.keys before every step the process takes
(each mkdir, open, chmod, copy): any moment at which the folder or a file in it is open to
others is recorded, as an attacker polling it would have found it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.servers import ROOT

WATCHER = textwrap.dedent("""
    import json, os, stat, sys
    target, argv = sys.argv[1], sys.argv[2:]
    seen, busy = [], [False]

    def look(event, _args):
        if busy[0]:
            return
        busy[0] = True
        try:
            for root, _dirs, files in os.walk(target):
                for p in [root] + [os.path.join(root, f) for f in files]:
                    mode = stat.S_IMODE(os.lstat(p).st_mode)
                    if mode & 0o077:
                        seen.append([os.path.relpath(p, target), oct(mode), event])
        except FileNotFoundError:
            pass
        finally:
            busy[0] = False

    os.umask(0o022)  # a login shell's
    sys.addaudithook(look)
    from kinpay.cli import main
    code = main(argv)
    print(json.dumps({"code": code, "open_to_others": seen}))
""")


def _kinpay_watched(cwd: Path, target: Path, *argv: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "KINPAY_FORKSERVER"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", WATCHER, str(target), *argv], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _key_store(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "kinpay.db"
    subprocess.run([sys.executable, "-m", "kinpay", "seed", "--db", str(db)], cwd=ROOT,
                   capture_output=True, text=True, timeout=120, check=True)
    keys = db.parent / "keys"
    assert sorted(p.name for p in keys.iterdir()) == ["otp-master.key", "signing-0001.json"]
    return db


def test_a_backup_in_a_shared_folder_never_shows_the_keys_to_others(tmp_path: Path) -> None:
    db = _key_store(tmp_path)
    shop = tmp_path / "shop"  # the operator's working folder: others may enter it
    shop.mkdir()
    os.chmod(shop, 0o755)
    out = _kinpay_watched(shop, shop / "bk.db.keys", "backup", "--db", str(db), "bk.db")
    assert out["code"] == 0
    assert out["open_to_others"] == []
    keys = shop / "bk.db.keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    for name in ("otp-master.key", "signing-0001.json"):
        copy = keys / name
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert copy.read_bytes() == (db.parent / "keys" / name).read_bytes()
    assert stat.S_IMODE((shop / "bk.db").stat().st_mode) == 0o600


def test_a_restore_into_a_new_data_folder_never_shows_the_keys_to_others(
        tmp_path: Path) -> None:
    db = _key_store(tmp_path)
    shop = tmp_path / "shop"
    shop.mkdir()
    os.chmod(shop, 0o755)
    made = _kinpay_watched(shop, shop / "bk.db.keys", "backup", "--db", str(db), "bk.db")
    assert made["code"] == 0
    # Restored where the data folder is the working folder itself (kinpay.db in it).
    new = tmp_path / "new"
    new.mkdir()
    os.chmod(new, 0o755)
    out = _kinpay_watched(new, new / "keys", "restore", "--db", str(new / "kinpay.db"),
                          str(shop / "bk.db"))
    assert out["code"] == 0
    assert out["open_to_others"] == []
    assert stat.S_IMODE((new / "keys").stat().st_mode) == 0o700
    assert (new / "keys" / "otp-master.key").read_bytes() == (
        db.parent / "keys" / "otp-master.key").read_bytes()


def test_a_server_key_made_again_is_a_new_file_not_the_one_someone_holds_open(
        tmp_path: Path) -> None:
    """`kinpay tls make-cert` wrote a new key into the old file (O_TRUNC): whoever had
    opened the old one while it was readable (0644, say) read the new key through that
    descriptor. Now the key is a new file renamed into place."""
    ca, srv = tmp_path / "ca", tmp_path / "srv"
    subprocess.run([sys.executable, "-m", "kinpay", "tls", "make-ca", "--out", str(ca)],
                   cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    make_cert = [sys.executable, "-m", "kinpay", "tls", "make-cert", "--ca", str(ca),
                 "--out", str(srv), "--name", "127.0.0.1"]
    subprocess.run(make_cert, cwd=ROOT, capture_output=True, text=True, timeout=120,
                   check=True)
    key = srv / "server.key"
    os.chmod(key, 0o644)  # an operator's slip, or an older kinpay's file
    old = key.read_bytes()
    with key.open("rb") as held:  # opened by someone else while it was readable
        subprocess.run(make_cert, cwd=ROOT, capture_output=True, text=True, timeout=120,
                       check=True)
        new = key.read_bytes()
        assert new != old and b"PRIVATE KEY" in new
        assert held.read() == old  # the old key's bytes, never the new one's
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
