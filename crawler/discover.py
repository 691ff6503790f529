"""`freshness discover`: crawl the portals for the agency sites they link, judge them, and
write the suggestions (printed YAML or CSV, or appended to the config, commented out).

The only place that starts the discovery spider (`spiders.discover`). One Scrapy crawl per
process (Twisted's reactor cannot restart): tests run `discover` in a subprocess. Which
linked sites are agency sites, their names, ids and categories are the judge's
(`crawler.judge.discovery`); this module runs the crawl and lays out what it found.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from crawler.config import PORTAL_CATEGORY, ConfigError, Fleet, without_userinfo
from crawler.judge.discovery import Candidate, Discovery, discover
from crawler.model import Homepage
from crawler.urls import homepage_url, host_of, registrable_domain
from reports.export import spreadsheet_safe

log = logging.getLogger("freshness")

#: How far from a start page the spider follows a start site's own section pages.
DEFAULT_DEPTH = 2
DEPTHS = range(1, 6)
#: The CSV's columns, one row per candidate.
CSV_FIELDS = (
    "url", "name", "suggested_id", "category", "answered", "configured_id", "service", "found_on",
)  # fmt: skip
#: Characters that would break a YAML comment line or a one-line config value: line breaks
#: YAML knows (NEL, LS, PS), C0/C1 controls, and bidi overrides that make text read wrong.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class Found:
    """What one discovery run found, and where it started."""

    discovery: Discovery
    starts: tuple[str, ...]  # the start URLs: configured portals, then --from
    depth: int
    stats: dict[str, Any]
    #: Start URLs whose site never answered (no network, a dead portal, a refused address):
    #: nothing was read from them, so an empty result from them means nothing.
    silent: tuple[str, ...] = ()


def start_urls(fleet: Fleet, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """The configured portals' URLs, then `extra` (--from), each once."""
    portals = [agency.url for agency in fleet.agencies if agency.category == PORTAL_CATEGORY]
    return tuple(dict.fromkeys([*portals, *extra]))


def run_discovery(
    fleet: Fleet,
    starts: Sequence[str],
    *,
    depth: int = DEFAULT_DEPTH,
    log_level: str = "INFO",
) -> Found:
    """Crawl from `starts` with the fleet's politeness, then judge what the pages linked."""
    from scrapy.crawler import AsyncCrawlerProcess

    from spiders.discover import DiscoverSpider
    from spiders.settings import scrapy_settings

    if not starts:
        raise ConfigError("nothing to start from: the config has no portal and no --from")
    if depth not in DEPTHS:
        raise ConfigError(f"--depth must be {DEPTHS.start}-{DEPTHS.stop - 1} (got {depth})")
    settings = scrapy_settings(fleet.crawl, log_level=log_level)
    settings.set("ITEM_PIPELINES", {})  # the spider keeps what it found; nothing is stored
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(DiscoverSpider)
    process.crawl(crawler, starts=list(starts), crawl=fleet.crawl, depth=depth)
    _quiet_retry_log(log_level)  # after Scrapy's logging setup, which resets levels
    process.start()
    spider = crawler.spider
    if not isinstance(spider, DiscoverSpider):  # the crawl never started
        raise RuntimeError("the discovery crawl did not start")
    scope = {registrable_domain(host_of(url)) for url in starts}
    found = discover(spider.links, spider.visits, fleet.agencies, scope=scope)
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    return Found(found, tuple(starts), depth, stats, _silent(starts, spider.visits))


def _silent(starts: Sequence[str], visits: Mapping[str, Homepage]) -> tuple[str, ...]:
    """The start URLs whose site gave no HTTP answer at all."""
    answered = {root for root, visit in visits.items() if visit.status is not None}
    return tuple(url for url in starts if homepage_url(url) not in answered)


def _quiet_retry_log(log_level: str) -> None:
    """A dead link is a finding, not an error of this program (see crawler.crawl)."""
    level = logging.DEBUG if log_level.upper() == "DEBUG" else logging.CRITICAL
    logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(level)


# -- what is printed ----------------------------------------------------------------------


def one_line(text: str, limit: int = NAME_CHARS) -> str:
    """Crawled text as one printable line: whitespace collapsed, controls dropped."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())[:limit]


def _public(url: str) -> str:
    return one_line(without_userinfo(url), 2000)


def entry_of(candidate: Candidate) -> dict[str, str]:
    """The config entry a candidate suggests (keys in the config's order)."""
    name = one_line(candidate.name) or candidate.host
    return {
        "id": candidate.suggested_id,
        "name": name,
        "url": _public(candidate.url),
        "category": candidate.category,
    }


def suggestion_comment(candidate: Candidate) -> str:
    """`# suggested: found on <page> under "<label>"; answered: yes/no`."""
    page = _public(candidate.found_on[0]) if candidate.found_on else "?"
    label = one_line(candidate.labels[0], 80).replace('"', "'") if candidate.labels else ""
    under = f' under "{label}"' if label else ""
    answered = "yes" if candidate.answered else "no"
    return f"# suggested: found on {page}{under}; answered: {answered}"


def new_entries_yaml(discovery: Discovery, indent: int = 2) -> str:
    """The new agency sites as config entries, each under its `# suggested:` comment,
    indented to be pasted under `agencies:`."""
    pad = " " * indent
    lines: list[str] = []
    for candidate in discovery.new:
        lines.append(pad + suggestion_comment(candidate))
        dumped = yaml.safe_dump(
            [entry_of(candidate)], sort_keys=False, allow_unicode=True, width=10_000
        )
        lines += [pad + line for line in dumped.splitlines()]
    return "".join(f"{line}\n" for line in lines)


def to_yaml(found: Found, *, today: date) -> str:
    """The ready-to-paste YAML of the new sites, then (as comments) the services kept apart,
    the dead links and the sites already configured."""
    discovery = found.discovery
    out = [
        f"# freshness discover, {today.isoformat()}: from {', '.join(map(_public, found.starts))}"
        f" (depth {found.depth})",
        f"# {len(discovery.new)} new agency site(s): suggestions to review, then paste under "
        "`agencies:` (or use --write) and run `freshness validate`.",
    ]
    text = "\n".join(out) + "\n"
    text += new_entries_yaml(discovery)
    text += "".join(f"{line}\n" for line in _kept_apart(discovery))
    return text


def _kept_apart(discovery: Discovery) -> list[str]:
    lines = [f"# Not agency sites, kept apart: {len(discovery.services)}"]
    for candidate in discovery.services:
        lines.append(f"#   {_public(candidate.url)}  {one_line(candidate.service or '', 80)}")
    lines.append(f"# Dead links (never answered, not suggested): {len(discovery.unanswered)}")
    for candidate in discovery.unanswered:
        where = f"  (found on {_public(candidate.found_on[0])})" if candidate.found_on else ""
        lines.append(f"#   {_public(candidate.url)}{where}")
    configured = sorted({c.configured_id for c in discovery.configured if c.configured_id})
    listed = f": {', '.join(configured)}" if configured else ""
    lines.append(f"# Already configured: {len(discovery.configured)}{listed}")
    return lines


def all_candidates(discovery: Discovery) -> list[Candidate]:
    return [*discovery.new, *discovery.configured, *discovery.services, *discovery.unanswered]


def to_csv(discovery: Discovery) -> str:
    """One row per candidate (new, configured, services, dead links), CSV_FIELDS columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for candidate in all_candidates(discovery):
        row = {
            "url": _public(candidate.url),
            "name": one_line(candidate.name),
            "suggested_id": candidate.suggested_id,
            "category": candidate.category,
            "answered": "yes" if candidate.answered else "no",
            "configured_id": candidate.configured_id or "",
            "service": one_line(candidate.service or "", 80),
            "found_on": " ".join(_public(page) for page in candidate.found_on),
        }
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue()


# -- --write ------------------------------------------------------------------------------


def commented_block(discovery: Discovery, *, today: date, newline: str = "\n") -> str:
    """The new entries as a dated block of comment lines, for the end of the config."""
    header = [
        f"# --- freshness discover, {today.isoformat()}: {len(discovery.new)} suggested "
        "agency site(s), to review ---",
        '# Each entry belongs under `agencies:`. To keep one, remove the leading "# " of its',
        "# lines (move them up if `agencies:` is not the last block), then run",
        "# `freshness validate`.",
    ]
    body = [
        line.lstrip() if line.lstrip().startswith("#") else f"# {line}"
        for line in new_entries_yaml(discovery).splitlines()
    ]
    return "".join(f"{line}{newline}" for line in (*header, *body))


def append_to_config(path: Path, discovery: Discovery, *, today: date) -> int:
    """Append the new entries, commented out, to the config at `path`; every existing byte
    stays as it was. One step (a temporary file renamed over it): a full disk or a kill leaves
    the old file. Returns how many entries were appended (0: the file is not touched)."""
    if not discovery.new:
        return 0
    real = path.resolve()  # a symlinked config: its target is the file that changes
    old = real.read_bytes()
    newline = "\r\n" if b"\r\n" in old else "\n"
    gap = "" if not old or old.endswith(b"\n") else newline
    added = (gap + newline + commented_block(discovery, today=today, newline=newline)).encode()
    new = old + added
    if _tokens(new) != _tokens(old):  # comments only: the config must mean what it meant
        raise ConfigError(f"{path}: appending comments would change its meaning; not written")
    mode = real.stat().st_mode & 0o7777
    with tempfile.NamedTemporaryFile(
        "wb", dir=real.parent, prefix=f".{real.name}.", delete=False
    ) as tmp:
        tmp.write(new)
    try:
        os.chmod(tmp.name, mode)
        os.replace(tmp.name, real)
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    return len(discovery.new)


def _tokens(text: bytes) -> list[tuple[str, object]]:
    """The YAML tokens of `text` without their positions: comments are not tokens, so two
    texts that differ in comments only give the same list (never built into objects: an
    alias bomb costs nothing here)."""
    try:
        return [(type(t).__name__, getattr(t, "value", None)) for t in yaml.scan(text)]
    except yaml.YAMLError as exc:
        raise ConfigError(f"the config is not valid YAML: {exc}") from None
