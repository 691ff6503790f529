"""Certificate checks (crawler.read.tls) on certificates made here: dates, self-signed, names."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crawler.read.tls import certificate_problem

NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
ISSUER_KEY = ec.generate_private_key(ec.SECP256R1())
ISSUER = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sectigo RSA Domain Validation CA")])


def _cert(
    names: list[x509.GeneralName] | None,
    *,
    common: str = "disdik.bengkaliskab.go.id",
    start: datetime = NOW - timedelta(days=30),
    end: datetime = NOW + timedelta(days=60),
    self_signed: bool = False,
) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if self_signed else ISSUER)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
    )
    if names is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(key if self_signed else ISSUER_KEY, hashes.SHA256())


def dns(*names: str) -> list[x509.GeneralName]:
    return [x509.DNSName(n) for n in names]


def test_a_good_certificate_has_no_problem():
    cert = _cert(dns("disdik.bengkaliskab.go.id", "www.disdik.bengkaliskab.go.id"))
    assert certificate_problem(cert, "disdik.bengkaliskab.go.id", NOW) == ""
    assert certificate_problem(cert, "WWW.disdik.bengkaliskab.go.id.", NOW) == ""


def test_dates():
    expired = _cert(dns("a.go.id"), start=NOW - timedelta(days=400), end=NOW - timedelta(days=3))
    assert certificate_problem(expired, "a.go.id", NOW).startswith(
        "certificate expired on 2026-11-26"
    )
    early = _cert(dns("a.go.id"), start=NOW + timedelta(days=2))
    assert certificate_problem(early, "a.go.id", NOW).startswith("certificate not valid before")


def test_self_signed():
    cert = _cert(dns("desa.id"), common="localhost.localdomain", self_signed=True)
    assert certificate_problem(cert, "desa.id", NOW) == "self-signed certificate"


def test_wildcards_cover_one_label_only():
    cert = _cert(dns("*.bengkaliskab.go.id"))
    assert certificate_problem(cert, "dinkes.bengkaliskab.go.id", NOW) == ""
    assert "not ppid.dinkes.bengkaliskab.go.id" in certificate_problem(
        cert, "ppid.dinkes.bengkaliskab.go.id", NOW
    )
    assert certificate_problem(cert, "bengkaliskab.go.id", NOW) != ""


def test_another_name_and_ip_addresses():
    shared = _cert(dns("srv12.hosting-murah.example"))
    problem = certificate_problem(shared, "desaketamputih.id", NOW)
    assert problem == "certificate is for srv12.hosting-murah.example, not desaketamputih.id"
    by_ip = _cert([x509.IPAddress(ipaddress.ip_address("103.10.20.30"))])
    assert certificate_problem(by_ip, "103.10.20.30", NOW) == ""
    assert certificate_problem(by_ip, "103.10.20.31", NOW) != ""


def test_common_name_counts_only_without_alt_names():
    legacy = _cert(None, common="bappeda.bengkaliskab.go.id")
    assert certificate_problem(legacy, "bappeda.bengkaliskab.go.id", NOW) == ""
    with_alt = _cert(dns("other.go.id"), common="bappeda.bengkaliskab.go.id")
    assert certificate_problem(with_alt, "bappeda.bengkaliskab.go.id", NOW) != ""
