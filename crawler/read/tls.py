"""What is wrong with a site's TLS certificate, as a visitor's browser would say it.

The crawler fetches HTTPS pages without verifying certificates (an expired certificate does
not make a site's news older) and asks this module about the certificate each site showed.
Only the site's own certificate is seen, not the chain, so the checks are the ones that
need nothing else: expired or not yet valid, self-signed, issued for another name. An
unknown or incomplete chain is not detected. Pure: the caller passes the moment.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID


def certificate_problem(cert: x509.Certificate, host: str, now: datetime) -> str:
    """One line naming the certificate's first problem for `host`, or "" when none is seen."""
    if now < cert.not_valid_before_utc:
        return f"certificate not valid before {cert.not_valid_before_utc:%Y-%m-%d}"
    if now > cert.not_valid_after_utc:
        return f"certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}"
    if cert.issuer == cert.subject:
        return "self-signed certificate"
    names = certificate_names(cert)
    if not any(_matches(name, host) for name in names):
        shown = ", ".join(sorted(names)[:3]) or "no name"
        return f"certificate is for {shown}, not {host}"
    return ""


def certificate_names(cert: x509.Certificate) -> set[str]:
    """The DNS names and IP addresses a certificate is valid for (the common name only
    when it has no subjectAltName, as browsers did before they ignored it altogether)."""
    try:
        alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return {str(a.value).lower() for a in common}
    dns = {name.lower() for name in alt.get_values_for_type(x509.DNSName)}
    ips = {str(ip) for ip in alt.get_values_for_type(x509.IPAddress)}
    return dns | ips


def _matches(pattern: str, host: str) -> bool:
    host = host.lower().rstrip(".")
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(pattern)
    except ValueError:
        pass
    if pattern.startswith("*."):
        # A wildcard stands for exactly one label: *.go.id covers a.go.id, not a.b.go.id.
        label, _, rest = host.partition(".")
        return bool(label) and rest == pattern[2:]
    return host == pattern
