"""Dates from strings: machine stamps (ISO 8601, RFC 822) and dates in URL paths.

Pure functions; the crawl moment is always a parameter, never read from the clock.
Human-written (Indonesian and English) dates are read by `crawler.read.written_dates`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from crawler.model import MIN_DATE, WIB

_ISO = re.compile(
    r"""^\s*(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})   # date
        (?:[T\s](?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?   # optional time
           \s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?""",
    re.VERBOSE,
)


def parse_machine_date(value: str | None, *, as_written: bool = False) -> date | None:
    """The Jakarta calendar day of an ISO 8601 or RFC 822 timestamp, or None.

    A timestamp with an offset is converted to Jakarta time; one without an
    offset is taken as local (Jakarta) time, which is what Indonesian CMSs write.
    `as_written` keeps the day in the stamp's own offset instead: the day a reader
    of the page sees printed (see `crawler.read.cascade` for why pages are read that way).
    Dates before 1995 and impossible dates return None.
    """
    moment = parse_machine_moment(value)
    if moment is None:
        return None
    if moment.tzinfo is not None and not as_written:
        moment = moment.astimezone(WIB)
    day = moment.date()
    return day if day >= MIN_DATE else None


def parse_machine_moment(value: str | None) -> datetime | None:
    """The moment of an ISO 8601 or RFC 822 timestamp (aware when it has an offset)."""
    if not value:
        return None
    value = value.strip()
    return _parse_iso(value) or _parse_rfc822(value)


def _parse_iso(value: str) -> datetime | None:
    match = _ISO.match(value)
    if not match:
        return None
    parts = match.groupdict()
    try:
        moment = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
        )
    except ValueError:
        return None
    tz = parts["tz"]
    if not tz:
        return moment
    if tz == "Z":
        return datetime.fromisoformat(moment.isoformat() + "+00:00")
    sign, digits = tz[0], tz[1:].replace(":", "")
    digits = digits.ljust(4, "0")
    try:
        return datetime.fromisoformat(f"{moment.isoformat()}{sign}{digits[:2]}:{digits[2:4]}")
    except ValueError:
        return None


def _parse_rfc822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# /2024/08/12/, /2024/8/27/, /2024-08-12-, /20240812/ (the last only as a whole segment).
# One separator throughout: in /2023/10/3-fragen-an/ the "3" starts the slug.
_URL_DATE = re.compile(
    r"(?:^|[/_-])(?P<y>(?:19|20)\d{2})(?P<sep>[/_-])(?P<m>0?[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0?[1-9]|[12]\d|3[01])(?=$|[.?#]|(?P=sep))"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])(?=$|[/?#])"
)


def url_date(url: str | None) -> date | None:
    """The date written in a URL path (`/2024/08/12/slug`, `/artikel/2024/8/27/slug`), or None.

    Only full year-month-day triples count: `/2024/08/` alone is an archive, not a post.
    """
    if not url:
        return None
    path = re.split(
        r"[?#]", re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.I), maxsplit=1
    )[0]
    for match in _URL_DATE.finditer(path):
        y, m, d = match.group("y", "m", "d") if match.group("y") else match.group("y2", "m2", "d2")
        try:
            day = date(int(y), int(m), int(d))
        except ValueError:
            continue
        if day >= MIN_DATE:
            return day
    return None
