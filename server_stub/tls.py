"""TLS for the server: the bind rules, and a shop's own CA for `kinpay tls`.

`kinpay server` serves HTTPS with `--tls-cert/--tls-key` (uvicorn's ssl options). Bound to
anything but this machine it refuses plain HTTP unless told `--insecure-http` (a reverse
proxy on the same machine terminates TLS: then bind 127.0.0.1, which needs no flag).

`kinpay tls make-ca` and `make-cert` make a small CA and a server certificate signed by it
with the `cryptography` package (ECDSA P-256): the tills and wallets are given the CA's
certificate (`--ca FILE`), the server its own certificate and key. Private keys are
written 0600; the CA's key belongs offline once the server's certificate is made.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kinpay.errors import KinpayError
from kinpay.tls import is_loopback_host
from server_stub.errors import ConfigRefused, ServerStubError

CA_DAYS = 3650
CERT_DAYS = 397  # what public CAs may issue; a shop's CA keeps the same habit


class BindRefused(ServerStubError):
    """A bind the server will not make (plain HTTP or the test clock off this machine)."""


def check_bind(*, host: str, tls: bool, insecure_http: bool, test_clock: bool) -> None:
    if is_loopback_host(host):
        return
    if test_clock:
        raise BindRefused(
            f"--test-clock lets anyone set the server's time; it is refused on {host}"
            " (bind 127.0.0.1 for tests)"
        )
    if not tls and not insecure_http:
        raise BindRefused(
            f"refusing to serve plain HTTP on {host}: passwords, keys and codes would cross"
            " the network readable. Give --tls-cert FILE --tls-key FILE (see README,"
            " Deploying), bind 127.0.0.1 behind a TLS reverse proxy, or say --insecure-http"
        )


class CaExists(ConfigRefused, KinpayError):
    """`make-ca` on a folder that holds a CA already (ops review 37, M4): every till and
    wallet was given its ca.pem, so one made over it would cut them all off. Also a
    KinpayError, so that `kinpay tls make-ca` says it in one line (kinpay/cli.py)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} exists: a new CA would cut off every till and wallet given this one's"
            " ca.pem, so nothing was written. To replace the CA on purpose, run it again with"
            " --replace, then give every till and wallet the new ca.pem")


def _write_private(path: Path, data: bytes, *, replace: bool = True) -> None:
    """A new file 0600 from its first byte, put in place by a rename: a key made again
    never goes into the old file, which someone may hold open (it may have been 0644).
    Unless `replace`, an existing file is kept and CaExists raised (a hard link fails
    where a file is, even one made a moment ago)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o600)  # the umask may have narrowed it; never wider
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise CaExists(path) from None
    finally:
        tmp.unlink(missing_ok=True)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def make_ca(out_dir: Path, *, name: str, replace: bool = False) -> tuple[Path, Path]:
    """A CA certificate (`ca.pem`, public) and its key (`ca.key`, 0600). A folder that
    holds either already is refused (CaExists) unless `replace`."""
    ca_pem, ca_key = out_dir / "ca.pem", out_dir / "ca.key"
    for path in (ca_key, ca_pem):
        if not replace and (path.exists() or path.is_symlink()):
            raise CaExists(path)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(ca_key, _key_pem(key), replace=replace)
    try:
        with ca_pem.open("wb" if replace else "xb") as f:  # "xb": one made meanwhile is kept
            f.write(cert.public_bytes(serialization.Encoding.PEM))
    except FileExistsError:
        raise CaExists(ca_pem) from None
    return ca_pem, ca_key


def _san(names: list[str]) -> x509.SubjectAlternativeName:
    general: list[x509.GeneralName] = []
    for n in names:
        try:
            general.append(x509.IPAddress(ipaddress.ip_address(n)))
        except ValueError:
            general.append(x509.DNSName(n))
    return x509.SubjectAlternativeName(general)


def make_cert(
    ca_pem: Path, ca_key: Path, out_dir: Path, *, names: list[str], days: int = CERT_DAYS
) -> tuple[Path, Path]:
    """A server certificate for `names` (DNS names or IPs) signed by the CA:
    `server.pem` (the certificate, then the CA's) and `server.key` (0600)."""
    if not names:
        raise ConfigRefused("a certificate needs at least one name (--name)")
    ca = x509.load_pem_x509_certificate(ca_pem.read_bytes())
    signer = serialization.load_pem_private_key(ca_key.read_bytes(), password=None)
    if not isinstance(signer, ec.EllipticCurvePrivateKey):
        raise ConfigRefused("the CA key is not one `kinpay tls make-ca` made")
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(_san(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(signer, hashes.SHA256())
    )
    pem, key_path = out_dir / "server.pem", out_dir / "server.key"
    _write_private(key_path, _key_pem(key))
    pem.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    )
    return pem, key_path
