"""The fleet configuration: which agencies to check, the thresholds, crawl politeness.

`load_fleet` validates everything before any request is made and raises
`ConfigError` naming the exact entry and field that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from crawler.model import Thresholds
from crawler.urls import is_ip_literal

DEFAULT_USER_AGENT = (
    "freshness-monitor/0.1 (+https://diskominfotik.bengkaliskab.go.id; "
    "pemantau kemutakhiran situs OPD)"
)

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

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class ConfigError(ValueError):
    """The configuration is wrong; the message names the place."""


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    url: str
    category: str = "lainnya"
    #: The agency's PPID page when it is not linked from the site, or lives on the regency's
    #: central PPID portal (e.g. https://ppid.bengkaliskab.go.id/opd/dinkes).
    ppid_url: str = ""


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
class Fleet:
    agencies: tuple[Agency, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)

    def only(self, ids: list[str] | tuple[str, ...]) -> Fleet:
        unknown = [i for i in ids if i not in {a.id for a in self.agencies}]
        if unknown:
            raise ConfigError(f"unknown agency id(s): {', '.join(unknown)}")
        chosen = tuple(a for a in self.agencies if a.id in ids)
        return Fleet(chosen, self.thresholds, self.crawl)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML silently keeps the last of two equal keys; a config must not."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ConfigError(f"line {key_node.start_mark.line + 1}: key {key!r} appears twice")
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
    top = _mapping(data, "the file", {"agencies", "thresholds", "crawl"})
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
    return Fleet(agencies, thresholds, crawl)


def _agency(entry: object, index: int, crawl: CrawlSettings) -> Agency:
    where = f"agencies[{index}]"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        where = f"{where} (id {entry['id']!r})"
    mapping = _mapping(entry, where, {f.name for f in fields(Agency)})
    for required in ("id", "name", "url"):
        if required not in mapping:
            raise ConfigError(f"{where}: field {required!r} is missing")
    agency = _dataclass_from(Agency, mapping, where)
    if not _ID.match(agency.id):
        raise ConfigError(
            f"{where}: field 'id': use lower-case letters, digits and '-' (got {agency.id!r})"
        )
    if not agency.name.strip():
        raise ConfigError(f"{where}: field 'name' is empty")
    if agency.category not in CATEGORIES:
        raise ConfigError(
            f"{where}: field 'category': {agency.category!r} is not one of "
            f"{', '.join(sorted(CATEGORIES))}"
        )
    _check_url(agency.url, f"{where}: field 'url'", crawl)
    if agency.ppid_url:
        _check_url(agency.ppid_url, f"{where}: field 'ppid_url'", crawl)
    return agency


def check_url(url: str, crawl: CrawlSettings | None = None) -> str:
    """The URL if the crawler may fetch it, else ConfigError (used by `freshness check`)."""
    _check_url(url, f"URL {url!r}", crawl or CrawlSettings())
    return url


def _check_url(url: str, where: str, crawl: CrawlSettings) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise ConfigError(f"{where}: not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise ConfigError(f"{where}: scheme must be http or https (got {parts.scheme or 'none'!r})")
    if not parts.hostname:
        raise ConfigError(f"{where}: no host name in {url!r}")
    if is_ip_literal(url) and not crawl.allow_private_hosts:
        import ipaddress

        address = ipaddress.ip_address(parts.hostname)
        if not address.is_global:
            raise ConfigError(
                f"{where}: {parts.hostname} is a private or loopback address; "
                "set crawl.allow_private_hosts: true to allow it"
            )


def _mapping(value: object, where: str, allowed: set[str]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a mapping of keys to values")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    return value


def _dataclass_from(cls: type, value: object, where: str) -> Any:
    """Build `cls` from a mapping, checking each field's type against its default's type."""
    names = {f.name for f in fields(cls)}
    mapping = _mapping(value, where, names)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in mapping:
            continue
        kwargs[f.name] = _typed(mapping[f.name], f.type, f"{where}: field {f.name!r}")
    return cls(**kwargs)


def _typed(value: object, annotation: object, where: str) -> Any:
    kind = str(annotation)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: must be true or false (got {value!r})")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: must be a whole number (got {value!r})")
        if value < 0 or (value == 0 and not where.endswith("'delay_seconds'")):
            raise ConfigError(f"{where}: must be positive (got {value!r})")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: must be a number (got {value!r})")
        if value < 0 or (value == 0 and not where.endswith("'delay_seconds'")):
            raise ConfigError(f"{where}: must be positive (got {value!r})")
        return float(value)
    if kind == "str":
        if not isinstance(value, str):
            raise ConfigError(f"{where}: must be text (got {value!r})")
        return value.strip()
    raise AssertionError(f"unhandled field type {kind}")  # a programming error, not input
