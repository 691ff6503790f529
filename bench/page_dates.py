"""Benchmark: `crawler.read.cascade.page_date` beside htmldate on labelled real pages.

    python bench/page_dates.py [--path DIR] [--show N]

Reads `gold.json` and `pages/` from the page-date benchmark folder at run time (those
pages are third-party copies kept for evaluation only; they never enter this repository).
Prints exact-day and within-7-days accuracy of both, their pages per second measured
interleaved in one run (machines are noisy: read the ratio), our "too new" errors (a date
later than the truth: the error that turns a stale site fresh), and the pages where we
are wrong and htmldate is right.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.model import WIB  # noqa: E402
from crawler.read.cascade import PageDate, page_date  # noqa: E402

#: The crawl moment handed to our extractor; every labelled page is older.
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
DEFAULT_PATH = REPO.parent / "shared" / "bench" / "page-dates"
NEAR_DAYS = 7

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class Case:
    url: str
    file: str
    gold: date | None
    html: str


@dataclass(slots=True)
class Tally:
    """Answers and time spent of one extractor."""

    answers: dict[str, date | None] = field(default_factory=dict)
    seconds: float = 0.0

    def exact(self, cases: list[Case]) -> float:
        return sum(self.answers[c.file] == c.gold for c in cases) / len(cases)

    def near(self, cases: list[Case]) -> float:
        return sum(_near(self.answers[c.file], c.gold) for c in cases) / len(cases)

    def too_new(self, cases: list[Case]) -> list[Case]:
        return [c for c in cases if _later(self.answers[c.file], c.gold)]


def _near(found: date | None, gold: date | None) -> bool:
    if found is None or gold is None:
        return found == gold
    return abs((found - gold).days) <= NEAR_DAYS


def _later(found: date | None, gold: date | None) -> bool:
    """A date where there is none, or after the true one."""
    return found is not None and (gold is None or found > gold)


def load_cases(path: Path) -> list[Case]:
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    cases = []
    for url, entry in sorted(gold.items(), key=lambda item: item[1]["file"]):
        raw = (path / "pages" / entry["file"]).read_bytes()
        day = date.fromisoformat(entry["date"]) if entry["date"] else None
        cases.append(Case(url, entry["file"], day, decode(raw)))
    return cases


def decode(raw: bytes) -> str:
    """The page's text in the charset it declares, else UTF-8 with replacement."""
    declared = _CHARSET.search(raw[:4096])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            return raw.decode(encoding, errors="replace")
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("utf-8", errors="replace")


def ours(case: Case) -> PageDate | None:
    return page_date(case.html, case.url, now=NOW)


def theirs(case: Case) -> date | None:
    from htmldate import find_date

    found = find_date(case.html, original_date=True, extensive_search=True, url=case.url)
    return date.fromisoformat(found) if found else None


def timed(function: Callable[[Case], object], case: Case, tally: Tally) -> object:
    start = time.perf_counter()
    result = function(case)
    tally.seconds += time.perf_counter() - start
    return result


def run(cases: list[Case]) -> tuple[Tally, Tally, dict[str, PageDate | None]]:
    """Both extractors on every page, alternating which goes first (fair to caches)."""
    ours(cases[0]), theirs(cases[0])  # warm up: lazy imports are not per-page work
    mine, other, details = Tally(), Tally(), {}
    for index, case in enumerate(cases):
        steps = [(ours, mine), (theirs, other)]
        for function, tally in steps if index % 2 == 0 else reversed(steps):
            result = timed(function, case, tally)
            if tally is mine:
                details[case.file] = result
                result = result.date if result is not None else None
            tally.answers[case.file] = result
    return mine, other, details


def report(cases: list[Case], mine: Tally, other: Tally, details: dict, show: int) -> None:
    n = len(cases)
    print(f"{n} pages\n")
    print(f"{'':10}{'exact':>8}{'<=7 days':>10}{'pages/s':>10}{'too new':>9}")
    for name, tally in (("ours", mine), ("htmldate", other)):
        print(
            f"{name:10}{tally.exact(cases):>8.3f}{tally.near(cases):>10.3f}"
            f"{n / tally.seconds:>10.1f}{len(tally.too_new(cases)):>9}"
        )
    print(
        f"\nexact-day lead: {100 * (mine.exact(cases) - other.exact(cases)):+.1f} points;"
        f" speed ours/htmldate: {other.seconds / mine.seconds:.2f}x"
    )
    too_new = mine.too_new(cases)
    print(f"\nours too new ({len(too_new)}): later than the labelled day, or a date where none is")
    for case in too_new[:show]:
        _print_case(case, mine, other, details)
    lost = [c for c in cases if mine.answers[c.file] != c.gold and other.answers[c.file] == c.gold]
    print(f"\nwe are wrong, htmldate is right ({len(lost)}):")
    for case in lost[:show]:
        _print_case(case, mine, other, details)


def _print_case(case: Case, mine: Tally, other: Tally, details: dict) -> None:
    found: PageDate | None = details[case.file]
    how = f"{found.source}: {found.snippet[:90]}" if found is not None else "-"
    print(
        f"  {case.file:32} gold {case.gold} ours {mine.answers[case.file]}"
        f" htmldate {other.answers[case.file]}  [{how}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="benchmark folder")
    parser.add_argument("--show", type=int, default=40, help="pages listed per list")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # third-party parsers warn on odd markup
    cases = load_cases(args.path)
    mine, other, details = run(cases)
    report(cases, mine, other, details, args.show)


if __name__ == "__main__":
    main()
