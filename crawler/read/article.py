"""One parsed article page as the steps of the page-date cascade see it.

`crawler.read.cascade` runs the cascade and `crawler.read.bylines` reads the dates printed in the
content; both work on a `Page`, built once per page and computing its costly parts
(the title, the noise map, the text segments) only when a step first needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Generic, TypeVar, cast

from lxml import etree

from crawler.model import MIN_DATE, is_plausible, jakarta_date
from crawler.read.budget import WorkBudget
from crawler.read.stamps import parse_machine_date, parse_machine_moment
from crawler.read.structure import (
    NoiseLookup,
    NoiseMap,
    NoiseRules,
    NoiseSource,
    Segment,
    TextLengths,
    iter_text_segments,
    strings,
    text_content,
)
from crawler.read.titles import find_title
from crawler.read.written_dates import LANGUAGE_TAG_CHARS, DateMatch, find_dates, parse_date


@dataclass(frozen=True, slots=True)
class PageDate:
    """The publication day of a page, where it was read and the text it was read from; or,
    on a page that prints no publication, the day of its own "last updated" line (`modified`)."""

    date: date
    #: json-ld | meta | time | byline | labelled | dateline | url | script | htmldate | updated
    source: str
    snippet: str  # <= 160 characters of the text or attribute the date was read from
    #: The day the page was last touched, not published: weaker than any publication date.
    modified: bool = False


SNIPPET_CHARS = 160


def _numeric_date(first: str, second: str) -> re.Pattern[str]:
    """A date written `first`/`second`/year (or with dots or dashes), not inside a number."""
    return re.compile(rf"(?<![\d/.-]){first}([/.-]){second}\1(?:19|20)\d\d(?![\d/-]|\.\d)")


_DAY_PAST_12, _MONTH = r"(?:1[3-9]|2\d|3[01])", r"(?:0?[1-9]|1[0-2])"
#: Numeric dates that only one order makes possible: a day past 12 before (or after) a month.
_DAY_FIRST_ONLY = _numeric_date(_DAY_PAST_12, _MONTH)
_MONTH_FIRST_ONLY = _numeric_date(_MONTH, _DAY_PAST_12)
#: How much of a page's text is searched for its order of day and month.
MAX_ORDER_CHARS = 1_000_000

_LOCALE = etree.XPath("//head/meta[@property='og:locale']/@content")
_OFFSET_STAMP = re.compile(r"\s*\d{4}-\d\d-\d\d[T ][\d:.]+\s*[+-]\d\d:?\d\d\s*$")


T = TypeVar("T")
_END = object()


class Stream(Generic[T]):
    """An iterator read once and kept: each pass goes over what was read, then reads on."""

    def __init__(self, source: Iterator[T]) -> None:
        self._source = source
        self._read: list[T] = []

    def __iter__(self) -> Iterator[T]:
        index = 0
        while True:
            if index == len(self._read):
                item = next(self._source, _END)
                if item is _END:
                    return
                self._read.append(cast("T", item))
            yield self._read[index]
            index += 1

    def all(self) -> list[T]:
        self._read.extend(self._source)
        return self._read


_POSITION = etree.XPath("count(preceding::*) + count(ancestor::*)")
#: Up to this many elements' positions are counted one by one (`Page.positions`).
FEW_POSITIONS = 16


def _position(element: etree._Element) -> int:
    found = _POSITION(element)  # a float: XPath numbers are
    return int(found) if isinstance(found, float) else 0


class Page:
    """One parsed page and what the steps share; built once per `page_date` call.

    The title, noise map and text segments cost most of the time of a page; they
    are computed on first use, so pages dated by JSON-LD or a meta tag never pay.
    """

    def __init__(
        self,
        root: etree._Element,
        url: str | None,
        now: datetime | None,
        budget: WorkBudget | None = None,
    ) -> None:
        self.root = root
        self.url = url
        self.now = now
        self.today = jakarta_date(now) if now is not None else None
        #: The work the cascade may still do on this page (see crawler.read.budget).
        self.budget = budget if budget is not None else WorkBudget()
        # What the steps ask about the same elements again and again, answered once: the
        # text length of containers, which blocks are items of a list, which table columns
        # are registers, and the byline (the JSON-LD and meta steps ask for it per stamp).
        self.lengths: TextLengths = {}
        self.list_items: dict[etree._Element, bool] = {}
        self.teasers: dict[etree._Element, bool] = {}  # container -> a heading links a page
        self.columns: dict[etree._Element, list[list[etree._Element]]] = {}  # table -> cells
        self.cell_columns: dict[etree._Element, dict[etree._Element, int]] = {}  # row -> cells
        self.registers: dict[tuple[etree._Element, int], bool] = {}  # (table, column) ->
        self.byline_classes: dict[etree._Element, bool] = {}  # element -> its class names a byline
        self.byline_read = False  # the byline step's answer, once it ran (None is one)
        self.byline: PageDate | None = None
        self.segment_dates: dict[str, list[DateMatch]] = {}  # see `dates_in`
        self.dated: list[etree._Element] | None = None  # `<time>`s and the like: see bylines

    def dates_in(self, text: str) -> list[DateMatch]:
        """The dates of a segment's text, read once a page: several steps ask for the same
        segments (bylines, labels, modification stamps, list items, htmldate's guard)."""
        found = self.segment_dates.get(text)
        if found is None:
            found = find_dates(
                text, now=self.now, month_first=self.month_first, language=self.language
            )
            self.segment_dates[text] = found
        return found

    @cached_property
    def _locales(self) -> list[str]:
        return declared_locales(self.root)

    @cached_property
    def language(self) -> str:
        """The language the page declares (`<html lang>`, else `og:locale`), or ""."""
        return next(iter(self._locales), "")

    @cached_property
    def month_first(self) -> bool | None:
        """Whether the page writes numeric dates month first, as American English does; None
        when unknown (`find_dates` then reads a date both orders allow as the older one).

        Read from `<html lang>` or `og:locale`: any language but `en-US`, or none, is day
        first. A page declaring `en-US` shows its order in the dates only one order allows
        ("04/25/2026", "25/04/2026"); with none, or both, it is unknown. WordPress declares
        `en-US` until its owner picks a language: an Indonesian site's "11/04/2026" (11 April)
        read month first is seven months too new.
        """
        if not any(value.lower().replace("_", "-") == "en-us" for value in self._locales):
            return False
        text = text_content(self.root)
        day_first = _DAY_FIRST_ONLY.search(text, 0, MAX_ORDER_CHARS) is not None
        month_first = _MONTH_FIRST_ONLY.search(text, 0, MAX_ORDER_CHARS) is not None
        return month_first if day_first != month_first else None

    @cached_property
    def title(self) -> etree._Element | None:
        return find_title(self.root, self.budget)

    @cached_property
    def noise(self) -> NoiseMap:
        """The whole page's noise map. The walk of the text segments reads every element's
        noise on its way (through `_noise_lookup`, since this map did not exist yet): the map
        is that walk's, finished if need be, not a second walk."""
        self.segments  # noqa: B018 -- read for its side effect: every element's noise
        return self._noise_lookup.whole_map()

    @cached_property
    def _noise_rules(self) -> NoiseRules:
        return NoiseRules.of(self.root, self.title)

    def noise_at(self, element: etree._Element) -> int:
        """`self.noise.get(element, 0)`, without the whole page's map unless a step built it."""
        return self._noise_source.get(element, 0)

    @property
    def _noise_source(self) -> NoiseSource:
        return self.noise if "noise" in self.__dict__ else self._noise_lookup

    @cached_property
    def _noise_lookup(self) -> NoiseLookup:
        return NoiseLookup(self._noise_rules)

    @cached_property
    def segment_stream(self) -> Stream[Segment]:
        """The segments in document order, read only as far as a step asks (the byline step
        stops under the title); `segments` is all of them."""
        return Stream(iter_text_segments(self.root, self._noise_source, self.title))

    @cached_property
    def segments(self) -> list[Segment]:
        return self.segment_stream.all()

    @cached_property
    def title_line(self) -> frozenset[etree._Element]:
        """The title and its ancestors."""
        title = self.title
        return frozenset((title, *title.iterancestors())) if title is not None else frozenset()

    @cached_property
    def title_depths(self) -> dict[etree._Element, int]:
        """The title's ancestors -> their depth below the root (the root is 1)."""
        line = list(self.title.iterancestors()) if self.title is not None else []
        return {element: len(line) - at for at, element in enumerate(line)}

    def positions(self, elements: list[etree._Element | None]) -> list[int]:
        """Each element's position in document order (how many elements open before it; -1
        for None). A few are counted in C; many from one walk of the page, as counting each
        is a scan of the page (a hostile page of thousands of dates would be quadratic)."""
        if len(elements) <= FEW_POSITIONS:
            return [_position(element) if element is not None else -1 for element in elements]
        order = {element: at for at, element in enumerate(self.root.iter(etree.Element))}
        return [order.get(element, -1) if element is not None else -1 for element in elements]

    @cached_property
    def local_days(self) -> dict[datetime, date]:
        """Moments the page writes with a non-UTC offset -> the day as written there."""
        days: dict[datetime, date] = {}
        for value in _stamps(self.root):
            if not _OFFSET_STAMP.match(value):
                continue  # most meta contents are not timestamps: skip the parsers
            self.budget.spend()
            moment = parse_machine_moment(str(value)[:100])
            if moment is not None and moment.utcoffset():  # neither naive (None) nor UTC (zero)
                days.setdefault(moment, moment.date())
        return days

    @cached_property
    def today_in_noise(self) -> bool:
        """Whether a widget (header, sidebar ...) shows today's date."""
        for segment in self.segments:
            if not segment.noise:
                continue
            self.budget.spend()
            if any(match.date == self.today for match in self.dates_in(segment.text)):
                return True
        return False

    def plausible(self, day: date) -> bool:
        return plausible(day, self.today)


def _stamps(root: etree._Element) -> Iterator[str]:
    """Where a page writes machine timestamps: `<meta content>` (microdata's too) and `<time
    datetime>`. Picked by tag in C: an XPath over every element costs as much again."""
    for element in root.iter("meta", "time"):
        value = element.get("datetime" if element.tag == "time" else "content")
        if value:
            yield value


def declared_locales(root: etree._Element) -> list[str]:
    """The languages a page declares, `<html lang>` first, then `og:locale`: each stripped
    and cut to a tag's length (a hostile page's megabyte of `lang` is never read whole)."""
    declared = [root.get("lang") or root.get("xml:lang") or "", *strings(root, _LOCALE)]
    return [tag for value in declared if (tag := value.strip()[:LANGUAGE_TAG_CHARS])]


def declared_language(root: etree._Element) -> str:
    """The language a page declares (`<html lang>`, else `og:locale`), or ""."""
    return next(iter(declared_locales(root)), "")


def machine_or_human(value: str, page: Page) -> date | None:
    """The day of an attribute or JSON value: a machine stamp as written, else a human date."""
    day = machine_day(value[:100], page) or parse_date(
        value[:100],
        now=page.now,
        budget=page.budget,
        month_first=page.month_first,
        language=page.language,
    )
    return day if day is not None and page.plausible(day) else None


def machine_day(value: str, page: Page) -> date | None:
    """The day of a timestamp as written; a UTC one in the page's own offset if it has one.

    UTC is a storage convention (Yoast writes "2024-03-19T18:30:00+00:00" for 01:30 WIB
    on the 20th), not the publisher's calendar. When the page writes the same moment
    with its own offset too (a `<time datetime>`, another meta), that is the day shown.
    """
    moment = parse_machine_moment(value)
    if moment is None:
        return None
    if moment.utcoffset() == timedelta(0):
        local = page.local_days.get(moment)
        if local is not None:
            return local
    return parse_machine_date(value, as_written=True)


def plausible(day: date, today: date | None) -> bool:
    return is_plausible(day, today) if today is not None else day >= MIN_DATE


def snippet(text: str) -> str:
    return " ".join(text.split())[:SNIPPET_CHARS]
