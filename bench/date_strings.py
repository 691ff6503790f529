"""Micro-benchmark: strings per second of `parse_date` on common date formats.

    python bench/date_strings.py [--seconds 2]

Two paths: the regular expressions (nearly every real byline) and the dateparser
fallback (strings the regular expressions cannot read). Machines are noisy: compare
numbers from one run, as ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.model import WIB
from crawler.read.written_dates import find_dates, parse_date

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)

REGEX_PATH = [
    "Senin, 19 Juni 2023",
    "19 Jun 2023 08:15 WIB",
    "Jum'at, 17 Maret 2023",
    "12 Agt 2022",
    "10 Nopember 2021",
    "19/06/2023",
    "19-06-2023",
    "19/06/23",
    "2023-06-19",
    "2023-06-19T10:15:00+07:00",
    "Juli 06, 2023",
    "June 19, 2023",
    "Diposting pada 12 Agustus 2022",
    "Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali",
    "Senin, 17 November 2025 18:01:43 Wib",
    "Oleh admin | 19 Juni 2023",
    "3 hari yang lalu",
    "2 minggu yang lalu",
    "kemarin",
    "3 days ago",
]

# Read only by the dateparser fallback (the regular expressions find nothing here).
DATEPARSER_PATH = [
    "19 juni tahun 2023",
    "Thursday 19th of June, 2023",
    "2023, 19 Juni",
    "19th of June 2023",
]

# Typical text nodes of a page without any date: the common case for find_dates.
NO_DATE = [
    "Beranda",
    "Dinas Komunikasi, Informatika dan Statistik Kabupaten Bengkalis",
    "Bupati Bengkalis meresmikan jembatan baru di Desa Pematang Duku, Kecamatan Bengkalis.",
    "Dibaca : 1105 Kali",
    "Telp. (0766) 21234",
]


def rate(function: Callable[[str], object], strings: list[str], seconds: float) -> float:
    """Calls per second of `function` over `strings`, repeated for about `seconds`."""
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for text in strings:
            function(text)
        calls += len(strings)
    return calls / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    seconds = parser.parse_args().seconds

    for text in REGEX_PATH:
        assert find_dates(text, now=NOW), text
    for text in DATEPARSER_PATH:
        assert not find_dates(text, now=NOW) and parse_date(text, now=NOW), text

    def parse(text: str) -> object:
        return parse_date(text, now=NOW)

    def find(text: str) -> object:
        return find_dates(text, now=NOW)

    print(f"parse_date, regex path:      {rate(parse, REGEX_PATH, seconds):>10,.0f} strings/s")
    print(f"find_dates, text with dates: {rate(find, REGEX_PATH, seconds):>10,.0f} strings/s")
    print(f"find_dates, text w/o dates:  {rate(find, NO_DATE, seconds):>10,.0f} strings/s")
    print(f"parse_date, dateparser path: {rate(parse, DATEPARSER_PATH, seconds):>10,.0f} strings/s")


if __name__ == "__main__":
    main()
