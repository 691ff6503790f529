"""Human-written dates in text: Indonesian first ("Senin, 19 Juni 2023"), then the web's other
languages ("22. Februar 2019", "22 февраля 2019", "2019年2月22日").

`find_dates` is the fast path: one compiled regular expression over the text, so
it can run on every text node of a page. `parse_date` reads one short string
(a byline, a `<time>` body, a listing's date cell) and only falls back to the
slow `dateparser` when the regular expressions and the machine-date reader fail.

A too-new date is the worst error of the product, so anything doubtful is
dropped: dates without a year, two-digit years that would lie in the future,
impossible or zero dates, and bare words like "hari ini" unless they are the
whole of the text (in prose and visitor counters they are not dates).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from crawler.model import MIN_DATE, WIB, is_plausible, jakarta_date
from crawler.read.budget import DATEPARSER_WORK, WorkBudget
from crawler.read.stamps import parse_machine_date

if TYPE_CHECKING:
    from dateparser.date import DateDataParser


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date expression found in a text, with its character offsets."""

    date: date
    start: int
    end: int
    text: str
    relative: bool  # resolved against `now` ("3 hari yang lalu", "kemarin")
    #: A relative date's newest possible day; `date` is its oldest (see `_relative`).
    latest: dt.date | None = None  # `date` here is the field above


_MONTHS: dict[str, int] = {}
# Indonesian and English first, with the spellings Indonesian sites use ("Pebruari",
# "Nopember", "Agt"); then the other languages common on the web (see `_web_month_names`).
# Abbreviations that are also words ("ago", "dic") are left out.
for _number, _names in enumerate(
    (
        "jan januari january januar jänner janvier janv enero gennaio janeiro",
        "feb peb febr februari pebruari february februar février fevrier févr fevr febrero"
        " febbraio fevereiro",
        "mar maret march märz maerz mär maart mars marzo março",
        "apr april avril avr abril aprile",
        "mei may mai mayo maggio maio",
        "jun juni june juin junio giugno junho",
        "jul juli july juillet juil julio luglio julho",
        "agu agt ags agst agus agustus aug august augustus août aout agosto",
        "sep sept september septembre septiembre setiembre settembre setembro",
        "okt oct oktober october octobre octubre ottobre outubro",
        "nov nop november nopember novembre noviembre novembro",
        "des dec desember december dezember dez décembre decembre déc diciembre dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

# The Syriac month names of the Levant and Iraq, printed alone or beside the others
# ("24 نيسان / أبريل 2020"); dateparser knows only the others.
for _name, _number in {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
}.items():  # fmt: skip
    _MONTHS[_name] = _number

#: The languages of the web whose month names bylines are read in (dateparser's data).
WEB_LANGUAGES = (
    "af", "ar", "az", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et",
    "eu", "fa", "fi", "fil", "fr", "ga", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it",
    "ka", "kk", "lt", "lv", "mk", "ms", "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sk", "sl",
    "sq", "sr", "sr-Latn", "sv", "sw", "th", "tl", "tr", "uk", "ur", "uz", "vi",
)  # fmt: skip
_ROMAN = re.compile(r"[ivxlc]+")
_LETTERS = re.compile(r"[^\W\d_]{3,}")


def _month_names(language: str) -> dict[str, int]:
    """Name -> month number of the names of one language in dateparser's translation data
    (lower case, abbreviation dots dropped); none for a language dateparser lacks."""
    import importlib

    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{language}").info
    except ImportError:  # a dateparser without this language: read the others
        return {}
    months = (
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    )  # fmt: skip
    names: dict[str, int] = {}
    for number, month in enumerate(months, start=1):
        for name in info.get(month, ()):
            names.setdefault(name.lower().rstrip("."), number)  # two months: the earlier
    return names


def _web_month_names() -> dict[str, int]:
    """Month names of `WEB_LANGUAGES`, from dateparser's translation data.

    Kept: whole words of three letters or more. Left out: a language's abbreviation of a
    longer name of the same month ("elok" of "elokuuta", "saus" of "sausio": they are words
    elsewhere; a page in that language reads them, see `_reading`) and Roman numerals. A
    name that means two months in two languages ("listopada": October in Croatian, November
    in Polish) is read as the earlier: the older reading is the safe one. Dates with digits
    in the month ("2月", "tháng 2") have their own patterns.
    """
    found: dict[str, set[int]] = {}
    for language in WEB_LANGUAGES:
        names = _month_names(language)
        for name, number in names.items():
            if not _LETTERS.fullmatch(name) or _ROMAN.fullmatch(name):
                continue
            if any(other != name and other.startswith(name) and names[other] == number
                   for other in names):  # fmt: skip
                continue
            found.setdefault(name, set()).add(number)
    return {name: min(numbers) for name, numbers in found.items()}


for _name, _number in _web_month_names().items():
    _MONTHS.setdefault(_name, _number)


def _alternation(words: Iterable[str]) -> str:
    """One regular expression for `words` as a prefix tree: the engine then tries a few
    branches at each position, not every word (hundreds of month names in 60 languages).
    Longer words win over their prefixes ("Juni" is not "Jun" and a stray "i")."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else None
        group = body or "(?:" + "|".join(branches) + ")"
        return group + "?" if optional else group

    return pattern(tree)


_MONTH_RE = _alternation(_MONTHS)
#: No letter of any script touches a month name.
_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
#: What follows two digits that are no year after a day and a month: the date's own year
#: ("July 30-Aug. 14, 1932": 14 is a day), an hour ("2. Februar, 10 Uhr"), or the next day of a
#: list ("27. März, 15. Mai"). Possessive: a long run of spaces is not split every way.
_NOT_A_SHORT_YEAR = (
    r"\s*+,?\s*+\d{4}(?!\d)|\.?\s*+(?:uhr|h|wib|wita|wit|[ap]\.?m|o'clock)(?![^\W\d_])"
    r"|\.\s*+[^\W\d_]"
)

_DAY_NAMES = (
    r"senin|selasa|rabu|kamis|jum['’`]?at|sabtu|minggu|ahad"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|sen|sel|rab|kam|jum|sab|min|mon|tue|wed|thu|fri|sat|sun"
)


def _digit_led(month_re: str) -> re.Pattern[str]:
    """Every digit-led date, with `month_re` for the month names.

    Every absolute date (and "3 hari yang lalu") starts with a digit. The pattern therefore
    opens with one: the regex engine then skips straight to digits instead of trying every
    branch at every position (about 3x faster on typical text).
    """
    return re.compile(
        rf"""
        (?P<lead>\d)(?:
          (?<!\d\d)(?P<iy>\d{{3}})(?P<isep>[-/.])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})
            (?!\d|[-/.]\d)
            (?P<itime>[T\s]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)?)?
        | (?<!\d\d)(?P<cy>\d{{3}})\s*[年년]\s*(?P<cm>\d{{1,2}})\s*[月월]\s*(?P<cd>\d{{1,2}})(?!\d)
            \s*[日일号號]?
        | (?<!\d\d)(?<!\d:\d)(?P<td>\d?)(?:st|nd|rd|th|er|[º°ª])?(?:\s*[-/.]\s*|\s+|(?=[a-z]))
            (?:(?:de|of)\s+)?(?P<tm>{month_re}){_NOT_LETTER_AFTER}\.?
            (?:\s*/\s*{month_re}{_NOT_LETTER_AFTER})?(?:\s*[-/.,]\s*|\s+de\s+|\s*)
            (?P<ty>\d{{4}}|'?\d\d(?!{_NOT_A_SHORT_YEAR}))(?![\d:]|[.,]\d)
        | (?<![\d.,/-]\d)(?P<nd>\d?)(?:
            (?P<nsep>[-/.])(?P<nm>\d{{1,2}})(?P=nsep)(?P<ny>\d{{4}}|\d\d)
            | \.[\ \u00a0](?P<sm>\d{{1,2}})\.[\ \u00a0](?P<sy>\d{{4}})  # "6. 1. 2026" (cs, de-AT)
          )(?![\d]|[-/.]\d)
        | (?<!\w\d)(?P<ud>\d?)(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<uy>\d{{4}})(?!\d)
        | (?<!\w\d)(?P<rn>\d{{0,2}})\s*(?P<ru>detik|menit|jam|hari|minggu|pekan|bulan|tahun)
            \s+(?:(?:yang|yg)\s+)?lalu(?!\w)
        | (?<!\w\d)(?P<en>\d{{0,2}})\s+(?P<eu>second|minute|hour|day|week|month|year)s?\s+ago(?!\w)
        )
        """,
        re.IGNORECASE | re.VERBOSE,
    )


def _month_before(month_re: str) -> re.Pattern[str]:
    """A month name ending just before a month-first date's digits ("Juli 06, 2023")."""
    return re.compile(rf"{_NOT_LETTER_BEFORE}(?P<um>{month_re})\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Reading:
    """The month names dates are read with, and the patterns that read them."""

    months: dict[str, int]
    digit_led: re.Pattern[str]
    month_before: re.Pattern[str]


_EVERY_PAGE = _Reading(_MONTHS, _digit_led(_MONTH_RE), _month_before(_MONTH_RE))


def _language_key(language: str) -> str:
    """The `WEB_LANGUAGES` code of a page's declared language ("pt-BR", "es_ES", "ES"), or ""."""
    code = language.strip().replace("_", "-").lower()
    if code.startswith("sr-latn"):
        return "sr-Latn"
    code = code.split("-", 1)[0]
    return code if code in WEB_LANGUAGES else ""


#: A language tag is this long at most (BCP 47 in practice): a hostile page's megabyte of
#: `lang` is cut before it is read, or kept as a cache key.
LANGUAGE_TAG_CHARS = 35


@lru_cache(maxsize=256)  # a crawl meets a few spellings ("id", "id-ID", "en-US"); bounded
def _reading_of(declared: str) -> _Reading:
    """`_reading` of a page's language as it declares it: one lookup per call of `find_dates`."""
    return _reading(_language_key(declared))


@lru_cache(maxsize=len(WEB_LANGUAGES) + 1)  # keyed by `_language_key`: bounded
def _reading(language: str) -> _Reading:
    """How a page in `language` is read: every page's month names, and that language's own
    abbreviations of them ("ene", "fev", "gen", "ago", "set", "out", "февр").

    Those are left out of every page's names: "ago", "out", "set", "pro", "led" are words
    of other languages ("12 Pro 2019" is a product), but on a page written in the language
    a day, the abbreviation and a year are a date.
    """
    abbreviations = {
        name: number
        for name, number in _month_names(language).items()
        if name not in _MONTHS and _LETTERS.fullmatch(name) and not _ROMAN.fullmatch(name)
    }
    if not abbreviations:
        return _EVERY_PAGE
    months = {**_MONTHS, **abbreviations}
    month_re = _alternation(months)
    return _Reading(months, _digit_led(month_re), _month_before(month_re))


# Relative dates that start with a word; only looked for when a cheap keyword test passes.
_WORD_LED_RE = re.compile(
    r"""
      (?<![\w])(?P<rn>se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)
        \s*(?P<ru>detik|menit|jam|hari|minggu|pekan|bulan|tahun)\s+(?:(?:yang|yg)\s+)?lalu(?![\w])
    | (?<![\w])(?P<en>an?|one)\s+(?P<eu>second|minute|hour|day|week|month|year)s?\s+ago(?![\w])
    | (?<![\w])(?P<rw>hari\s+ini|kemarin|baru\s+saja|yesterday|today|just\s+now)(?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD_LED_KEYWORDS = ("lalu", "ago", "ini", "kemarin", "saja", "yesterday", "today", "now")

_WEEKDAY_BEFORE = re.compile(rf"(?<![a-z])(?:{_DAY_NAMES})\.?\s*,?\s*$", re.IGNORECASE)

# A clock time after a date: "08:15 WIB", "- 12:07:39 WIB", "| 10:21 WIB", "pukul 10.21".
# Possessive spaces (`\s*+`): what lies between them never is a space, so they match what
# greedy ones do; greedy ones tried every split of a long run of spaces (an indented table
# cell) between them, cubic in its length.
_TIME_AFTER = re.compile(
    r"\s*+[-|,@]?\s*+(?:pukul|jam|at)?\s*+(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?:[:.][0-5]\d)?"
    r"(?:\s*+(?P<ampm>[ap])\.?m\b\.?)?"
    r"(?:\s*+(?P<tz>WIB|WITA|WIT|(?:UTC|GMT)\s*+[+-]\d{1,2}(?::?\d\d)?|UTC|GMT|[+-]\d\d:?\d\d)"
    r"(?![a-z\d]))?",
    re.IGNORECASE,
)

_NUMBER_WORDS = {
    "se": 1,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "a": 1,
    "an": 1,
    "one": 1,
}

_UNIT_SECONDS = {
    "detik": 1,
    "second": 1,
    "menit": 60,
    "minute": 60,
    "jam": 3600,
    "hour": 3600,
    "hari": 86400,
    "day": 86400,
    "minggu": 7 * 86400,
    "pekan": 7 * 86400,
    "week": 7 * 86400,
}
_UNIT_MONTHS = {"bulan": 1, "month": 1, "tahun": 12, "year": 12}
#: Units longer than the one day of tolerance a page date has: "2 minggu" is resolved to
#: the oldest day it can mean, not to exactly 14 days ago.
_COARSE_UNITS = frozenset({"minggu", "pekan", "week", *_UNIT_MONTHS})

_BARE_DAYS_AGO = {
    "hari ini": 0,
    "today": 0,
    "baru saja": 0,
    "just now": 0,
    "kemarin": 1,
    "yesterday": 1,
}

# What may surround a bare "kemarin"/"hari ini" for it to count as a date: a clock
# time and punctuation. Anything else ("Pengunjung hari ini: 45") is not a date.
_BARE_CONTEXT = re.compile(
    r"^(?:[\s,.:|\-–—•()\[\]]|pukul|jam|at|wib|wita|wit|(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?)*$",
    re.IGNORECASE,
)

_RELATIVE_SCAN_LIMIT = 400  # longer texts never yield bare-word dates anyway
#: "Kemarin, 14:20 WIB Humas Satpol PP": after a bare word and its clock, a byline may
#: still name its author; a counter row has a number instead of the clock.
_BARE_CLOCK_TAIL_CHARS = 40


def find_dates(
    text: str,
    *,
    now: datetime | None = None,
    month_first: bool | None = False,
    language: str = "",
) -> list[DateMatch]:
    """Every date expression in `text`, in order; relative ones only when `now` is given.

    Numeric dates are day first ("05/06/2023" is 5 June), as in Indonesia and most of the
    world, unless `month_first` (a page in American English says so, see
    `crawler.read.article.Page.month_first`); when the order is unknown (None), a date both
    orders allow takes the older reading ("03/04/2023" is 4 March). Either way a date that
    only one order makes possible ("06/19/2023") is read in that order. A page's declared
    `language` ("pt-BR") adds its own abbreviations of the month names ("22 fev 2019").
    """
    if not text or not isinstance(text, str):
        return []
    today = jakarta_date(now) if now is not None else None
    found: list[DateMatch] = []
    reading = _reading_of(language[:LANGUAGE_TAG_CHARS]) if language else _EVERY_PAGE
    for match in reading.digit_led.finditer(text):
        try:
            result = _resolve_digit_led(match, text, now, today, month_first, reading)
        except (ValueError, OverflowError, KeyError):
            result = None
        if result is not None:
            found.append(result)
    if now is not None and _may_have_word_led(text):
        for match in _WORD_LED_RE.finditer(text):
            result = _relative(match, text, now, today, "")
            if result is not None:
                found.append(result)
        found.sort(key=lambda found_match: found_match.start)
    return found


def _may_have_word_led(text: str) -> bool:
    lowered = text.lower()
    return any(keyword in lowered for keyword in _WORD_LED_KEYWORDS)


def _resolve_digit_led(
    match: re.Match[str],
    text: str,
    now: datetime | None,
    today: date | None,
    month_first: bool | None,
    reading: _Reading,
) -> DateMatch | None:
    lead = match["lead"]
    if match["iy"] is not None:
        return _absolute_iso(match, lead + match["iy"], today)
    if match["cy"] is not None:  # "2019年2月22日", "2019년 2월 22일"
        ymd = int(lead + match["cy"]), int(match["cm"]), int(match["cd"])
        return _absolute(match, text, match.start(), *ymd, today)
    if match["td"] is not None:
        year = _year(match["ty"].lstrip("'"), today)
        month = reading.months[match["tm"].lower()]
        return _absolute(match, text, match.start(), year, month, int(lead + match["td"]), today)
    if match["nd"] is not None:
        # "10.05.23" is more often a clock or a version than a date.
        if match["nsep"] == "." and len(match["ny"]) == 2:
            return None
        year = _year(match["ny"] or match["sy"], today)
        first, second = int(lead + match["nd"]), int(match["nm"] or match["sm"])
        if second > 12 or (month_first and first <= 12):
            first, second = second, first
        elif month_first is None and first < second <= 12:
            first, second = second, first  # the older reading: month `first`, day `second`
        return _absolute(match, text, match.start(), year, second, first, today)
    if match["uy"] is not None:
        month_name = reading.month_before.search(text, max(0, match.start() - 12), match.start())
        if month_name is None:
            return None
        month = reading.months[month_name["um"].lower()]
        day_of_month = int(lead + match["ud"])
        return _absolute(
            match, text, month_name.start(), int(match["uy"]), month, day_of_month, today
        )
    if now is None:
        return None
    return _relative(match, text, now, today, lead)


def _year(digits: str, today: date | None) -> int | None:
    """A four-digit year; two digits mean 19xx from 70, 20xx below (if not in the future)."""
    year = int(digits)
    if len(digits) == 4:
        return year
    if year >= 70:
        return 1900 + year
    year += 2000
    if today is not None and year > today.year:
        return None
    return year


def _absolute(
    match: re.Match[str],
    text: str,
    start: int,
    year: int | None,
    month: int,
    day_of_month: int,
    today: date | None,
) -> DateMatch | None:
    if year is None:
        return None
    day = date(year, month, day_of_month)  # ValueError on impossible dates: caller drops it
    end = match.end()
    prefix = _WEEKDAY_BEFORE.search(text, max(0, start - 12), start)
    if prefix is not None:
        start = prefix.start()
    clock = _TIME_AFTER.match(text, end)
    if clock is not None:
        # Its clock and zone are part of the match; the day stays the one written ("May 24,
        # 2016, 8:00 PM GMT+2" is 24 May), as for a machine stamp: never a later day.
        end = clock.end()
    if not _acceptable(day, today):
        return None
    return DateMatch(day, start, end, text[start:end], False)


def _absolute_iso(match: re.Match[str], year: str, today: date | None) -> DateMatch | None:
    if match["itime"]:
        # A full timestamp, maybe with an offset: its day as written, the day a reader sees
        # printed ("2016-04-08T20:30:39+00:00" is 8 April): never later than the page says.
        day = parse_machine_date(match.group(0), as_written=True)
    else:
        day = date(int(year), int(match["im"]), int(match["id"]))
    if day is None or not _acceptable(day, today):
        return None
    return DateMatch(day, match.start(), match.end(), match.group(0), False)


def _relative(
    match: re.Match[str], text: str, now: datetime, today: date | None, lead: str
) -> DateMatch | None:
    groups = match.groupdict()
    if groups.get("rw") is not None:
        if len(text) > _RELATIVE_SCAN_LIMIT or not _bare_word_is_date(match, text):
            return None
        phrase = " ".join(groups["rw"].lower().split())
        day = latest = jakarta_date(now) - timedelta(days=_BARE_DAYS_AGO[phrase])
    else:
        count_text = lead + (groups["rn"] if groups["rn"] is not None else groups["en"]).lower()
        unit = (groups["ru"] or groups["eu"]).lower()
        count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
        latest = _units_before(now, count, unit)
        # Carbon's diffForHumans floors ("2 minggu" is 14 to 20 days), WordPress rounds:
        # a count of weeks, months or years may be up to one unit older than it says.
        day = _units_before(now, count + 1, unit) if unit in _COARSE_UNITS else latest
    if not _acceptable(day, today):
        return None
    return DateMatch(day, match.start(), match.end(), match.group(0), True, latest)


def _bare_word_is_date(match: re.Match[str], text: str) -> bool:
    """Whether "kemarin"/"hari ini" dates the text rather than labels a counter row.

    It does when nothing but a clock and punctuation surrounds it ("Kemarin, 14:05"), or
    when it opens the text followed by a clock, with a short tail (an author's name).
    """
    before, after = text[: match.start()], text[match.end() :]
    if _BARE_CONTEXT.match(before + " " + after):
        return True
    clock = _TIME_AFTER.match(after)
    if clock is None or after[clock.end() : clock.end() + 1].isdigit():
        return False  # "Kemarin : 1.234" is a visitor count with a thousands dot
    return bool(_BARE_CONTEXT.match(before)) and len(after) - clock.end() <= _BARE_CLOCK_TAIL_CHARS


def _units_before(now: datetime, count: int, unit: str) -> date:
    if unit in _UNIT_MONTHS:
        return _months_before(jakarta_date(now), count * _UNIT_MONTHS[unit])
    return jakarta_date(now - timedelta(seconds=count * _UNIT_SECONDS[unit]))


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _acceptable(day: date, today: date | None) -> bool:
    return is_plausible(day, today) if today is not None else day >= MIN_DATE


# ---------------------------------------------------------------------------
# Badges without a year

# "18 Mar", "18\nMAR", "Mar 18": a day and a month with no year after them.
_BADGE = re.compile(
    rf"""(?<![\d.,/-])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?[\s./-]*(?P<m>{_MONTH_RE}){_NOT_LETTER_AFTER}
        (?![\s.,/-]*'?\d)
    | {_NOT_LETTER_BEFORE}(?P<m2>{_MONTH_RE}){_NOT_LETTER_AFTER}\.?\s*(?P<d2>[0-3]?\d)(?![\d:.])
        (?!(?:st|nd|rd|th)?[\s,./-]*'?\d)""",
    re.IGNORECASE | re.VERBOSE,
)


def day_month_badges(text: str) -> list[tuple[int, int]]:
    """(month, day) of each date printed without a year ("18 Mar"): themes put such badges
    on list items. No year is ever guessed for them: only a caller that knows the year from
    elsewhere (the item's own URL or image path) may date the item (see crawler.read.listing).
    """
    found: list[tuple[int, int]] = []
    for match in _BADGE.finditer(text[:_RELATIVE_SCAN_LIMIT]):
        name, day = (match["m"], match["d"]) if match["m"] else (match["m2"], match["d2"])
        month = _MONTHS.get(name.lower())
        if month is not None and 1 <= int(day) <= 31:
            found.append((month, int(day)))
    return found


# ---------------------------------------------------------------------------
# One short string


#: dateparser is ~100x slower than the regular expressions: only short strings get it.
_DATEPARSER_MAX_CHARS = 60
# Numeric forms are all read by the regular expressions; handed to dateparser they
# only add risk ("10.05.23" is a clock). It gets strings with a month name and a digit.
_DATEPARSER_HINT = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:{_MONTH_RE}){_NOT_LETTER_AFTER}", re.IGNORECASE
)
# "Juni 2023 (12)" is an archive link with a post count, not 12 June.
_ARCHIVE_COUNT = re.compile(r"\(\s*\d+\s*\)")
#: Any fixed base works: relative dates are disabled and partial dates rejected.
_FIXED_BASE = datetime(2000, 1, 1)


def parse_date(
    text: str,
    *,
    now: datetime | None = None,
    budget: WorkBudget | None = None,
    month_first: bool | None = False,
    language: str = "",
) -> date | None:
    """The date in a short string (a byline, a `<time>` body, a date cell), or None.

    A call that needs dateparser costs `DATEPARSER_WORK` units of `budget`.
    """
    if not text or not isinstance(text, str):
        return None
    text = text.strip()
    matches = find_dates(text, now=now, month_first=month_first, language=language)
    if matches:
        return matches[0].date
    today = jakarta_date(now) if now is not None else None
    machine = parse_machine_date(text[:100])
    if machine is not None:
        return machine if _acceptable(machine, today) else None
    if (
        len(text) > _DATEPARSER_MAX_CHARS
        or not any(char.isdigit() for char in text)
        or not _DATEPARSER_HINT.search(text)
        or _ARCHIVE_COUNT.search(text)
    ):
        return None
    if budget is not None:
        budget.spend(DATEPARSER_WORK)
    base = now.astimezone(WIB).replace(tzinfo=None) if now is not None else _FIXED_BASE
    day = _dateparser_day(text, base)
    if day is None or not _acceptable(day, today):
        return None
    return day


def _dateparser_day(text: str, base: datetime) -> date | None:
    try:
        with _DATEPARSER_LOCK:  # one shared parser; the spider reads long pages in a thread
            data = _date_parser(base).get_date_data(text)
    except Exception:  # dateparser raises many kinds on hostile input; never propagate
        return None
    moment = data.date_obj if data is not None else None
    # A zone it read leaves the day as written, the day the page shows.
    return moment.date() if moment is not None else None


#: dateparser's parsers keep lazily filled caches and are not documented as thread-safe.
_DATEPARSER_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _date_parser(base: datetime) -> DateDataParser:
    # Imported lazily: dateparser takes ~0.3 s to import and most runs never need it.
    from dateparser.date import DateDataParser

    settings = {
        "DATE_ORDER": "DMY",
        # Irrelevant with REQUIRE_PARTS (a missing day is rejected), but explicit.
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": ["day", "month", "year"],
        # Relative phrases are read by our own regex (only with a known `now`);
        # epoch timestamps in free text are noise.
        "PARSERS": ["absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["id", "en"], settings=settings)
