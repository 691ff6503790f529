"""The Indonesian page golden set: `page_date` on agency and village pages with labelled truth.

`tests/golden/pages.tsv` holds one row per page in `tests/golden/pages/`: the file, the true
publication day of the page's main content (empty: the page has none), the day of its own
"last updated" line where it has no publication (`updated`: the page is dated by it, as a
modification), the crawl day the page is judged on, its style, a note on what makes it hard,
and the URL it was served at (OpenSID and WordPress permalinks carry dates). Each page is
dated as if crawled at noon (WIB) on its `as_of` day, so relative dates and today's-date
widgets resolve as they would in a crawl.

Two bars, in the order that matters: no page may be dated later than its truth by more than a
day (that is what turns a stale site fresh; any date on an undated page counts, and so does
a publication date on a page that prints only its last update), and at least 97% of pages must
get the exact day, a modification date being right only where `updated` names it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest

from crawler.model import WIB
from crawler.read.cascade import PageDate, page_date

GOLDEN = Path(__file__).parent / "golden"
PAGES = GOLDEN / "pages"
TABLE = GOLDEN / "pages.tsv"

#: Exact-day accuracy the set must reach.
MIN_ACCURACY = 0.97
#: A date this many days after the truth is still tolerated (a byline written after midnight).
TOO_NEW_DAYS = 1
#: Each page is judged as if fetched at noon in Jakarta on its crawl day.
CRAWL_TIME = time(12, 0, tzinfo=WIB)


@dataclass(frozen=True, slots=True)
class GoldenPage:
    file: str
    truth: date | None
    updated: date | None
    as_of: date
    style: str
    note: str
    url: str


@dataclass(frozen=True, slots=True)
class Verdict:
    page: GoldenPage
    found: PageDate | None

    @property
    def ours(self) -> date | None:
        return self.found.date if self.found else None

    @property
    def expected(self) -> tuple[date, bool] | None:
        """The right answer: (day, whether it is a modification), or None for no date."""
        if self.page.truth is not None:
            return self.page.truth, False
        return (self.page.updated, True) if self.page.updated is not None else None

    @property
    def exact(self) -> bool:
        found = (self.found.date, self.found.modified) if self.found else None
        return found == self.expected

    @property
    def too_new(self) -> bool:
        """Later than the truth (or the last update) by more than a day, any date where there
        is none, or a publication date where the page prints only its last update."""
        if self.found is None:
            return False
        if self.expected is None:
            return True
        latest, modification = self.expected
        if modification and not self.found.modified:
            return True
        return (self.found.date - latest).days > TOO_NEW_DAYS


def load_golden() -> list[GoldenPage]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        GoldenPage(
            file=row["file"],
            truth=date.fromisoformat(row["date"]) if row["date"] else None,
            updated=date.fromisoformat(row["updated"]) if row["updated"] else None,
            as_of=date.fromisoformat(row["as_of"]),
            style=row["style"],
            note=row["note"],
            url=row["url"],
        )
        for row in rows
    ]


def judge(page: GoldenPage) -> Verdict:
    html = (PAGES / page.file).read_bytes()
    now = datetime.combine(page.as_of, CRAWL_TIME)
    return Verdict(page, page_date(html, page.url or None, now=now))


def miss_table(verdicts: list[Verdict]) -> str:
    """The misses as a fixed-width table a person can read in a CI log."""
    header = ("", "file", "truth", "ours", "source", "snippet")
    rows = [
        (
            "TOO NEW" if v.too_new else "miss",
            v.page.file,
            v.page.truth.isoformat() if v.page.truth else "-",
            v.ours.isoformat() if v.ours else "-",
            (v.found.source + (" (modified)" if v.found.modified else "")) if v.found else "-",
            v.found.snippet[:90] if v.found else "",
        )
        for v in verdicts
        if not v.exact
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True))
        + "  "
        + row[-1]
        for row in [header, *rows]
    ]
    return "\n".join(lines)


GOLDEN_PAGES = load_golden()


@pytest.fixture(scope="module")
def verdicts() -> list[Verdict]:
    return [judge(page) for page in GOLDEN_PAGES]


def test_golden_set_is_complete_and_consistent():
    files = {path.name for path in PAGES.glob("*.html")}
    listed = [page.file for page in GOLDEN_PAGES]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    assert set(listed) == files, "pages.tsv and tests/golden/pages/ disagree"
    assert len(listed) >= 60
    for page in GOLDEN_PAGES:
        assert page.truth is None or page.truth <= page.as_of, page.file
        assert page.updated is None or page.truth is None, f"{page.file}: a date and an update"
        assert page.updated is None or page.updated <= page.as_of, page.file
        assert page.style and page.note, page.file


def test_no_page_is_dated_too_new(verdicts):
    too_new = [v for v in verdicts if v.too_new]
    if too_new:
        pytest.fail(
            f"{len(too_new)} page(s) dated later than their truth (a stale site would look "
            f"fresh):\n{miss_table(too_new)}",
            pytrace=False,
        )


def test_exact_day_accuracy(verdicts):
    exact = sum(v.exact for v in verdicts)
    accuracy = exact / len(verdicts)
    if accuracy < MIN_ACCURACY:
        pytest.fail(
            f"exact-day accuracy {accuracy:.1%} ({exact}/{len(verdicts)}) is below "
            f"{MIN_ACCURACY:.0%}; misses:\n{miss_table(verdicts)}",
            pytrace=False,
        )
