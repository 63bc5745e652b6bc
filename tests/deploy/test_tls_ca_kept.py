"""`kinpay tls make-ca` on a folder that already holds a CA (ops review 37, M4): every till
and wallet pinned that CA's certificate, so a new one made over it silently would cut them
all off. It is refused with one line, and the CA's files are left as they were."""

from __future__ import annotations

import json
from pathlib import Path

from tests.servers import run_kinpay


def _refused(out: Path) -> str:
    done = run_kinpay("tls", "make-ca", "--out", str(out), check=False)
    assert done.returncode == 2, (done.returncode, done.stdout)
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert done.stdout == ""
    return lines[0]


def test_make_ca_never_replaces_an_existing_ca(tmp_path: Path) -> None:
    ca = tmp_path / "ca"
    made = json.loads(run_kinpay("tls", "make-ca", "--out", str(ca)).stdout)
    kept = {name: (ca / name).read_bytes() for name in ("ca.pem", "ca.key")}
    assert {Path(made["ca_cert"]).name, Path(made["ca_key"]).name} == set(kept)

    line = _refused(ca)
    assert str(ca / "ca.pem") in line or str(ca / "ca.key") in line, line
    assert "exists" in line, line
    assert {name: (ca / name).read_bytes() for name in kept} == kept

    # Half a CA (the certificate moved away, the key left): still not written over.
    (ca / "ca.pem").rename(tmp_path / "ca.pem.moved")
    line = _refused(ca)
    assert str(ca / "ca.key") in line, line
    assert (ca / "ca.key").read_bytes() == kept["ca.key"]
    assert not (ca / "ca.pem").exists()

    # A new folder still gets a new CA.
    fresh = json.loads(run_kinpay("tls", "make-ca", "--out", str(tmp_path / "new")).stdout)
    assert Path(fresh["ca_key"]).read_bytes() != kept["ca.key"]

    # On purpose (--replace): a new CA in the same folder, said so by its new key.
    (tmp_path / "ca.pem.moved").rename(ca / "ca.pem")
    again = json.loads(run_kinpay("tls", "make-ca", "--out", str(ca), "--replace").stdout)
    assert Path(again["ca_key"]).read_bytes() != kept["ca.key"]
    assert (ca / "ca.pem").read_bytes() != kept["ca.pem"]
