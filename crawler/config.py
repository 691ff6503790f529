"""The fleet configuration: which agencies to check, the thresholds, crawl politeness, and
whom to tell when a site worsens (`notify:`, each agency's `contact`).

`load_fleet` validates everything before any request is made and raises
`ConfigError` naming the exact entry and field that is wrong.
"""

from __future__ import annotations

import ipaddress
import math
import re
import reprlib
from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from crawler.model import Thresholds
from crawler.urls import is_ip_literal

DEFAULT_USER_AGENT = (
    "freshness-monitor/0.1 (+https://diskominfotik.bengkaliskab.go.id; "
    "pemantau kemutakhiran situs OPD)"
)

#: The category of a regency portal: discovery starts from it, and the weekly run compares its
#: links with the configured list.
PORTAL_CATEGORY = "portal"
CATEGORIES = frozenset(
    {
        "portal",
        "dinas",
        "badan",
        "bagian",
        "sekretariat",
        "inspektorat",
        "kantor",
        "rsud",
        "ppid",
        "kecamatan",
        "kelurahan",
        "desa",
        "lainnya",
    }
)

#: An agency id becomes a file name (`agencies/<id>.html`): nothing that can climb out of a
#: folder, hide a file or differ by case. Checked by the config and again by the report, which
#: reads ids back from databases (merged shards) that no config check has seen.
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")

#: Characters no one-line config value needs: C0/C1 controls and DEL (they break the Atom
#: feed's XML and terminals), line and paragraph separators, and bidi overrides that make a
#: name read differently from what it is.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: One e-mail address as mail is sent to it: a bare `local@domain.tld`, no display name and no
#: list, so the config says exactly where a notice goes (and no header can be smuggled in).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"  # one label of a domain name
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")
_EMAIL_CHARS = 254  # RFC 5321's limit on a forward path
#: A mail server's host name (an IP literal is checked apart).
_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
#: The name of an environment variable (POSIX), as `password_env` gives it.
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")

#: `scheme://user:pass@` -> `scheme://`: the greedy part runs to the last `@` before the path,
#: as URL parsers do.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s]*@")

#: How much of a wrong value an error message echoes: enough to recognise it, never a
#: megabyte (or a structure that YAML aliases would blow up to gigabytes).
_ECHO = reprlib.Repr()  # keyword arguments only from Python 3.12
_ECHO.maxlevel, _ECHO.maxlist, _ECHO.maxdict = 2, 4, 4
_ECHO.maxstring, _ECHO.maxother, _ECHO.maxlong = 80, 80, 40
_ECHO.fillvalue = "…"
_ECHO_CHARS = 80


class ConfigError(ValueError):
    """The configuration is wrong; the message names the place."""


def is_agency_id(text: object) -> bool:
    """True when `text` is a valid agency id (the one rule for the config and the report)."""
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def without_userinfo(text: str) -> str:
    """`text` with the user name and password removed from every URL in it: credentials in a
    configured URL (or a link a site resolved against it) must never be published."""
    return _USERINFO.sub(r"\1", text) if "@" in text else text


def shown(value: object) -> str:
    """`value` as an error message may echo it: repr (control characters escaped), at most
    80 characters."""
    return _cut(_ECHO.repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= _ECHO_CHARS else text[: _ECHO_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    url: str
    category: str = "lainnya"
    #: The agency's PPID page when it is not linked from the site, or lives on the regency's
    #: central PPID portal (e.g. https://ppid.bengkaliskab.go.id/opd/dinkes).
    ppid_url: str = ""
    #: Where the agency's notices go (`freshness notify`): one e-mail address; "" = none.
    #: Kept in the config only: never stored with the runs, never published.
    contact: str = ""


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """Politeness and budget; each default is what a small government server deserves."""

    delay_seconds: float = 1.0  # between requests to one registrable domain
    concurrency_per_host: int = 1  # parallel requests per registrable domain
    #: Requests in flight over all sites at once. Politeness is per domain (above), so a
    #: national fleet can raise this until the CPU, not the network wait, is the limit.
    concurrent_requests: int = 32
    timeout_seconds: float = 20.0  # slow hosts take 6 s; broken ones hang forever
    max_pages_per_site: int = 25  # a site is probed, not crawled
    obey_robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    max_response_bytes: int = 5 * 1024 * 1024  # real pages are < 1 MB; bigger is a trap
    autothrottle: bool = True  # back off further when a server slows down
    allow_private_hosts: bool = False  # loopback/private IP literals (tests, intranets)
    #: The whole run's limit: a crawl that hangs must end (as interrupted) long before the
    #: next week's run, whatever the sites do.
    max_crawl_minutes: float = 360.0


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """How notices are sent (`freshness notify`): plain SMTP with STARTTLS by default.

    The password is never in the file: `password_env` names the environment variable that
    holds it (a config file is copied, backed up and read by more people than a secret may).
    """

    #: The sender's address; `from` in the file (a Python keyword, hence the metadata).
    sender: str = field(default="", metadata={"key": "from"})
    smtp_host: str = ""
    office: str = ""  # the office's address for the weekly digest; "" = no digest
    smtp_port: int = 587  # submission
    smtp_user: str = ""  # "" = send without logging in (a relay on the office network)
    starttls: bool = True
    password_env: str = ""  # the NAME of the variable holding smtp_user's password


@dataclass(frozen=True, slots=True)
class Fleet:
    agencies: tuple[Agency, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    notify: NotifySettings | None = None  # None: no `notify:` block, no notices

    def only(self, ids: Collection[str]) -> Fleet:
        unknown = [i for i in ids if i not in {a.id for a in self.agencies}]
        if unknown:
            raise ConfigError(f"unknown agency id(s): {', '.join(map(shown, unknown))}")
        chosen = tuple(a for a in self.agencies if a.id in ids)
        return replace(self, agencies=chosen)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML silently keeps the last of two equal keys; a config must not.

    Anchors and aliases (`&a`, `*a`) are refused outright: a list of agencies has no use for
    them, and nine nested aliases of nine repeats each ("billion laughs") expand to 387
    million values the moment anything walks the data.
    """

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ConfigError(
                f"line {event.start_mark.line + 1}: YAML anchors and aliases (&name, *name) "
                "are not allowed; write the value out"
            )
        # PyYAML passes None (the root), an int (a list item) or the key's node (a mapping
        # value); its stub says int only.
        return super().compose_node(parent, index)  # type: ignore[arg-type]


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise ConfigError(f"line {line}: key {shown(key)} appears twice")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_fleet(path: str | Path) -> Fleet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return parse_fleet(data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def parse_fleet(data: object) -> Fleet:
    top = _mapping(data, "the file", {"agencies", "thresholds", "crawl", "notify"})
    thresholds = _dataclass_from(Thresholds, top.get("thresholds"), "thresholds")
    if not thresholds.fresh_days < thresholds.aging_days < thresholds.stale_days:
        raise ConfigError("thresholds: need fresh_days < aging_days < stale_days")
    crawl = _dataclass_from(CrawlSettings, top.get("crawl"), "crawl")
    entries = top.get("agencies")
    if not isinstance(entries, list) or not entries:
        raise ConfigError("agencies: must be a non-empty list")
    agencies = tuple(_agency(entry, i, crawl) for i, entry in enumerate(entries))
    seen: dict[str, int] = {}
    for i, agency in enumerate(agencies):
        if agency.id in seen:
            first = seen[agency.id]
            raise ConfigError(
                f"agencies[{i}] (id {agency.id!r}): field 'id': duplicate of agencies[{first}]"
            )
        seen[agency.id] = i
    notify = _notify(top["notify"]) if "notify" in top else None
    return Fleet(agencies, thresholds, crawl, notify)


def _agency(entry: object, index: int, crawl: CrawlSettings) -> Agency:
    where = f"agencies[{index}]"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        where = f"{where} (id {shown(entry['id'])})"
    mapping = _mapping(entry, where, {f.name for f in fields(Agency)})
    for required in ("id", "name", "url"):
        if required not in mapping:
            raise ConfigError(f"{where}: field {required!r} is missing")
    agency = _dataclass_from(Agency, mapping, where)
    if not is_agency_id(agency.id):
        raise ConfigError(
            f"{where}: field 'id': use lower-case letters, digits and '-' (got {shown(agency.id)})"
        )
    if not agency.name.strip():
        raise ConfigError(f"{where}: field 'name' is empty")
    if agency.category not in CATEGORIES:
        raise ConfigError(
            f"{where}: field 'category': {shown(agency.category)} is not one of "
            f"{', '.join(sorted(CATEGORIES))}"
        )
    _check_url(agency.url, f"{where}: field 'url'", crawl)
    if agency.ppid_url:
        _check_url(agency.ppid_url, f"{where}: field 'ppid_url'", crawl)
    if agency.contact:
        _check_email(agency.contact, f"{where}: field 'contact'")
    return agency


def _notify(value: object) -> NotifySettings:
    where = "notify"
    if value is None:
        raise ConfigError(f"{where}: the block is empty; give at least from and smtp_host")
    settings: NotifySettings = _dataclass_from(NotifySettings, value, where)
    for key, value in (("from", settings.sender), ("smtp_host", settings.smtp_host)):
        if not value:
            raise ConfigError(f"{where}: field {key!r} is missing")
    _check_email(settings.sender, f"{where}: field 'from'")
    if settings.office:
        _check_email(settings.office, f"{where}: field 'office'")
    _check_host(settings.smtp_host, f"{where}: field 'smtp_host'")
    if settings.smtp_port > 65535:
        raise ConfigError(f"{where}: field 'smtp_port': must be 1-65535 (got {settings.smtp_port})")
    if settings.password_env and not _ENV_NAME.fullmatch(settings.password_env):
        # Never echoed: what stands here by mistake is most likely the password itself.
        raise ConfigError(
            f"{where}: field 'password_env': give the NAME of the environment variable that "
            "holds the password (e.g. FRESHNESS_SMTP_PASSWORD), never the password itself"
        )
    if settings.smtp_user and not settings.password_env:
        raise ConfigError(
            f"{where}: field 'password_env' is missing: smtp_user logs in with the password "
            "in the environment variable it names"
        )
    if settings.password_env and not settings.smtp_user:
        raise ConfigError(
            f"{where}: field 'smtp_user' is missing: password_env is only used to log in"
        )
    return settings


def _check_email(address: str, where: str) -> None:
    if len(address) > _EMAIL_CHARS or not _EMAIL.fullmatch(address):
        raise ConfigError(
            f"{where}: not one e-mail address like name@example.go.id (got {shown(address)})"
        )


def _check_host(host: str, where: str) -> None:
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    if len(host) > 253 or not _HOST.fullmatch(host):
        raise ConfigError(
            f"{where}: not a host name like mail.example.go.id (got {shown(host)}); "
            "give the port in smtp_port"
        )


def check_url(
    url: str, crawl: CrawlSettings | None = None, *, allow: str = "pass --allow-private-hosts"
) -> str:
    """The URL if the crawler may fetch it, else ConfigError (used by `freshness check`).

    `allow` tells, in the error for a private address, how the caller lets one through (the
    default names `freshness check`'s flag; the config's switch is no use there).
    """
    where = f"URL {shown(without_userinfo(url))}"
    _check_url(url, where, crawl or CrawlSettings(), allow)
    return url


_ALLOW_PRIVATE_IN_CONFIG = "set crawl.allow_private_hosts: true"


def _check_url(
    url: str, where: str, crawl: CrawlSettings, allow: str = _ALLOW_PRIVATE_IN_CONFIG
) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise ConfigError(f"{where}: not a valid URL ({shown(str(exc))})") from None
    if parts.scheme not in ("http", "https"):
        scheme = shown(parts.scheme or "none")
        raise ConfigError(f"{where}: scheme must be http or https (got {scheme})")
    if parts.username is not None or parts.password is not None:
        # The report and exports publish every configured URL; a password must not be.
        raise ConfigError(
            f"{where}: remove the user name and password from the URL: "
            f"{shown(without_userinfo(url))}"
        )
    if not parts.hostname:
        raise ConfigError(f"{where}: no host name in {shown(url)}")
    if is_ip_literal(url) and not crawl.allow_private_hosts:
        address = ipaddress.ip_address(parts.hostname)
        if not address.is_global:
            raise ConfigError(
                f"{where}: {parts.hostname} is a private or loopback address; {allow} to allow it"
            )


def _mapping(value: object, where: str, allowed: set[str]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a mapping of keys to values")
    unknown = sorted((k for k in value if k not in allowed), key=str)
    if unknown:
        named = _cut(", ".join(str(k) if _plain(k) else shown(k) for k in unknown))
        raise ConfigError(f"{where}: unknown key(s) {named}; allowed: {', '.join(sorted(allowed))}")
    return value


def _plain(key: object) -> bool:
    """A key that can be named without quotes (`colour`), not one to escape (`"\\x1b[2J"`)."""
    return isinstance(key, str) and key.isidentifier()


def _dataclass_from(cls: type, value: object, where: str) -> Any:
    """Build `cls` from a mapping, checking each field's type against its default's type.
    A field is keyed by its name, or by the `key` of its metadata (`from`, a Python keyword)."""
    keys = {f.name: f.metadata.get("key", f.name) for f in fields(cls)}
    mapping = _mapping(value, where, set(keys.values()))
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        key = keys[f.name]
        if key not in mapping:
            continue
        kwargs[f.name] = _typed(mapping[key], f.type, f"{where}: field {key!r}")
    return cls(**kwargs)


def _typed(value: object, annotation: object, where: str) -> Any:
    kind = str(annotation)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: must be true or false (got {shown(value)})")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: must be a whole number (got {shown(value)})")
        return _positive(value, where)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: must be a number (got {shown(value)})")
        if not math.isfinite(value):
            # YAML's .nan and .inf are numbers to Python, and every comparison with NaN is
            # false: a NaN timeout or run limit would silently mean "never".
            raise ConfigError(f"{where}: must be a finite number (got {shown(value)})")
        return float(_positive(value, where))
    if kind == "str":
        if not isinstance(value, str):
            raise ConfigError(f"{where}: must be text (got {shown(value)})")
        return _one_line(value.strip(), where)
    raise AssertionError(f"unhandled field type {kind}")  # a programming error, not input


def _positive(value: int | float, where: str) -> int | float:
    if value < 0 or (value == 0 and not where.endswith("'delay_seconds'")):
        raise ConfigError(f"{where}: must be positive (got {shown(value)})")
    return value


def _one_line(text: str, where: str) -> str:
    """`text` unless it holds a control character (names, ids and URLs are one line)."""
    bad = _UNPRINTABLE.search(text)
    if bad:
        raise ConfigError(
            f"{where}: control character U+{ord(bad.group()):04X} is not allowed "
            f"(got {shown(text)})"
        )
    return text
