"""TLS certificates for the fixture fleet's HTTPS sites, made fresh for each fleet.

valid        issued by the fleet's own CA for the site's address, valid today
self-signed  signed by its own key, as a village site's control panel makes them
expired      issued by the CA, but its validity ended two months ago
wrong-name   issued by the CA for the hosting company's server name, not the site's
"""

from __future__ import annotations

import ipaddress
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KINDS = frozenset({"valid", "self-signed", "expired", "wrong-name"})


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fixture Fleet"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


class Authority:
    """The fleet's certificate authority and the server contexts it issues."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        self.name = _name("Fixture Fleet Root CA")
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=365))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    def server_context(self, kind: str, host: str, site_id: str) -> ssl.SSLContext:
        """An SSL server context presenting a `kind` certificate for `host`."""
        if kind not in KINDS:
            raise ValueError(f"{site_id}: unknown tls kind {kind!r}; one of {sorted(KINDS)}")
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        names: list[x509.GeneralName] = [x509.IPAddress(ipaddress.ip_address(host))]
        common = host
        if kind == "wrong-name":
            common = "srv12.hosting-murah.example"
            names = [x509.DNSName(common)]
        start, end = now - timedelta(days=30), now + timedelta(days=60)
        if kind == "expired":
            start, end = now - timedelta(days=455), now - timedelta(days=60)
        subject = _name(common)
        issuer, signer = (subject, key) if kind == "self-signed" else (self.name, self.key)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .sign(signer, hashes.SHA256())
        )
        cert_file = self.directory / f"{site_id}.crt"
        key_file = self.directory / f"{site_id}.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        return context
