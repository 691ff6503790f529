from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.model import WIB, is_plausible
from crawler.read.written_dates import DateMatch, find_dates, parse_date

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senin, 19 Juni 2023", date(2023, 6, 19)),
        ("19 Jun 2023 08:15 WIB", date(2023, 6, 19)),
        ("Jum'at, 17 Maret 2023", date(2023, 3, 17)),
        ("Jum’at, 17 Maret 2023", date(2023, 3, 17)),
        ("Jumat, 17 Maret 2023", date(2023, 3, 17)),
        ("Ahad, 12 Agustus 2022", date(2022, 8, 12)),
        ("12 Agt 2022", date(2022, 8, 12)),
        ("12 Ags 2022", date(2022, 8, 12)),
        ("10 Nopember 2021", date(2021, 11, 10)),
        ("3 Peb 2020", date(2020, 2, 3)),
        ("19/06/2023", date(2023, 6, 19)),
        ("05/06/2023", date(2023, 6, 5)),  # day first
        ("19-06-2023", date(2023, 6, 19)),
        ("19.06.2023", date(2023, 6, 19)),
        ("19/06/23", date(2023, 6, 19)),
        ("2023-06-19", date(2023, 6, 19)),
        ("2023/06/19", date(2023, 6, 19)),
        ("Juli 06, 2023", date(2023, 7, 6)),
        ("June 19, 2023", date(2023, 6, 19)),
        ("Posted on June 19th, 2023 by admin", date(2023, 6, 19)),
        ("19 June 2023", date(2023, 6, 19)),
        ("19-Jun-2023", date(2023, 6, 19)),
        ("Diposting pada 12 Agustus 2022", date(2022, 8, 12)),
        ("Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali", date(2017, 10, 18)),
        ("Senin, 17 November 2025 18:01:43 Wib", date(2025, 11, 17)),
        ("Senin, 19 Juni 2023 | 10:21 WIB", date(2023, 6, 19)),
        ("Oleh admin | 19 Juni 2023", date(2023, 6, 19)),
        # A machine stamp printed in the text is read as written, like one in an attribute
        # (crawler.read.article.machine_day): never a day later than the page shows.
        ("2023-06-18T20:00:00Z", date(2023, 6, 18)),
        # A human date with a clock and a zone is its day as written too: the Jakarta day of
        # an evening west of Jakarta is the next one, a day later than the page says.
        ("19 Jun 2023 23:30 UTC", date(2023, 6, 19)),
        ("19 Jun 2023, 22:11 GMT+10", date(2023, 6, 19)),
        ("19 Jun 2023 11:30 pm -0500", date(2023, 6, 19)),
        ("May 24, 2016, 8:00 PM GMT+2", date(2016, 5, 24)),
        ("19 Jun 2023 00:30 WITA", date(2023, 6, 19)),
    ],
)
def test_absolute_formats(text: str, expected: date) -> None:
    assert parse_date(text, now=NOW) == expected
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 hari yang lalu", date(2026, 11, 25)),
        ("3 hari lalu", date(2026, 11, 25)),
        ("12 hari yg lalu", date(2026, 11, 16)),
        ("sehari yang lalu", date(2026, 11, 27)),
        # Weeks, months and years: the oldest day the floored count can mean.
        ("2 minggu yang lalu", date(2026, 11, 7)),
        ("1 bulan yang lalu", date(2026, 9, 28)),
        ("1 tahun yang lalu", date(2024, 11, 28)),
        ("5 jam yang lalu", TODAY),
        ("11 jam yang lalu", date(2026, 11, 27)),  # 23:00 yesterday, Jakarta time
        ("10 menit yang lalu", TODAY),
        ("kemarin", date(2026, 11, 27)),
        ("Kemarin, 14:05 WIB", date(2026, 11, 27)),
        ("hari ini", TODAY),
        ("baru saja", TODAY),
        ("3 days ago", date(2026, 11, 25)),
        ("an hour ago", TODAY),
        ("yesterday", date(2026, 11, 27)),
        ("2 weeks ago", date(2026, 11, 7)),
    ],
)
def test_relative_formats_need_now(text: str, expected: date) -> None:
    matches = find_dates(text, now=NOW)
    assert [m.date for m in matches] == [expected]
    assert matches[0].relative
    assert find_dates(text) == []
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "24 Jun",  # no year
        "24 Jun 10:21",  # a clock is not a year
        "00 0000",
        "0000-00-00",
        "00/00/0000",
        "31/02/2023",  # impossible
        "12 Januari 1990",  # before 1995
        "1 Desember 2026",  # after today
        "2027-01-01",
        "19/06/27",  # two-digit year in the future
        "19/06/69",
        "10.05.23",  # a clock or a version, not a date
        "v1.10.20",
        "Rp 1.250.000",
        "IP 10.12.1.5",
        "Copyright © 2019-2026",
        "Peraturan Bupati Nomor 12 Tahun 2023",
        # Bare relative words are dates only when they are the whole text.
        "Pengunjung hari ini: 45",
        "Hari ini : 45",
        "Kemarin : 120",
        "Bupati meresmikan jembatan hari ini",
        "Pejabat yang baru saja dilantik",
    ],
)
def test_rejected(text: str) -> None:
    assert find_dates(text, now=NOW) == []
    assert parse_date(text, now=NOW) is None


def test_two_digit_year_in_the_past_is_kept() -> None:
    assert parse_date("19/06/26", now=NOW) == date(2026, 6, 19)
    assert parse_date("19/06/98", now=NOW) == date(1998, 6, 19)


def test_find_dates_offsets_and_order() -> None:
    text = "Dibuat Senin, 19 Juni 2023 | 10:21 WIB; diperbarui 2023-07-01 dan 3 hari lalu."
    matches = find_dates(text, now=NOW)
    assert [m.date for m in matches] == [date(2023, 6, 19), date(2023, 7, 1), date(2026, 11, 25)]
    for match in matches:
        assert text[match.start : match.end] == match.text
    assert matches[0].text == "Senin, 19 Juni 2023 | 10:21 WIB"
    assert isinstance(matches[0], DateMatch)


def test_coarse_relative_dates_resolve_to_the_oldest_day_of_their_range() -> None:
    # Carbon floors 18 days to "2 minggu": anything from 14 to 20 days ago (cause 3).
    (match,) = find_dates("2 minggu yang lalu", now=NOW)
    assert (match.date, match.latest) == (date(2026, 11, 7), date(2026, 11, 14))
    (match,) = find_dates("3 bulan yang lalu", now=NOW)
    assert (match.date, match.latest) == (date(2026, 7, 28), date(2026, 8, 28))
    # A count of days or hours is off by less than the day a page date may be.
    (match,) = find_dates("3 hari yang lalu", now=NOW)
    assert match.date == match.latest == date(2026, 11, 25)


@pytest.mark.parametrize(
    "text",
    [
        "Kemarin, 14:20 WIB Humas Satpol PP",
        "kemarin 14.20 oleh Admin",
        "Hari ini, 08:15 WIB - Admin",
    ],
)
def test_bare_word_with_a_clock_may_name_its_author(text: str) -> None:
    (match,) = find_dates(text, now=NOW)
    assert match.relative and match.date in (TODAY, date(2026, 11, 27))


@pytest.mark.parametrize(
    "text",
    [
        "Kemarin : 1.234",  # a visitor count with a thousands dot, not a clock
        "Hari ini: 12.345 Total: 90.210",
        "Bupati meresmikan jembatan kemarin pukul 10.00 WIB di desa",  # not at the start
        "Kemarin, 14:20 WIB Bupati meresmikan jembatan baru di Desa Pematang Duku bersama",
    ],
)
def test_bare_word_with_a_clock_stays_rejected_in_counters_and_prose(text: str) -> None:
    assert find_dates(text, now=NOW) == []


def test_weekday_is_not_taken_from_inside_a_word() -> None:
    (match,) = find_dates("Oleh admin, 19 Juni 2023", now=NOW)
    assert match.text == "19 Juni 2023"


def test_naive_now_is_utc() -> None:
    # 20:00 UTC on 27 Nov is 03:00 on 28 Nov in Jakarta.
    naive = datetime(2026, 11, 27, 20, 0)
    assert parse_date("hari ini", now=naive) == TODAY
    assert parse_date("28/11/2026", now=naive) == TODAY
    assert parse_date("28/11/2026", now=naive.replace(tzinfo=UTC)) == TODAY


def test_machine_date_fallback() -> None:
    assert parse_date("Mon, 19 Jun 2023 08:15:00 +0700", now=NOW) == date(2023, 6, 19)
    assert parse_date("20230619", now=NOW) == date(2023, 6, 19)


def test_dateparser_fallback_for_odd_spacing() -> None:
    assert find_dates("19 juni tahun 2023", now=NOW) == []
    assert parse_date("19 juni tahun 2023", now=NOW) == date(2023, 6, 19)
    assert parse_date("Thursday 19th of June, 2023", now=NOW) == date(2023, 6, 19)


def test_dateparser_fallback_rejects_future_and_partial() -> None:
    assert parse_date("Juni 2023", now=NOW) is None
    assert parse_date("19 Desember , 2026", now=NOW) is None


def test_long_strings_skip_dateparser() -> None:
    text = "x" * 80 + " 19 juni tahun 2023"
    assert parse_date(text, now=NOW) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_random_text_never_raises_nor_returns_implausible(text: str) -> None:
    for match in find_dates(text, now=NOW):
        assert is_plausible(match.date, TODAY)
    day = parse_date(text, now=NOW)
    assert day is None or is_plausible(day, TODAY)


_PIECES = [
    *("19", "06", "2023", "/", "-", ".", " ", "Juni", "Des", "hari", "lalu", "yang", "00"),
    *("99", "2027", "Senin,", "kemarin", "31", "02", "3", ":", "WIB", "ago", "days", "T10:00Z"),
]
_DATEISH = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_DATEISH)
def test_date_like_noise_never_returns_implausible(text: str) -> None:
    for match in find_dates(text, now=NOW):
        assert is_plausible(match.date, TODAY)
        assert 0 <= match.start < match.end <= len(text)
    day = parse_date(text, now=NOW)
    assert day is None or is_plausible(day, TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14. Februar 2012", date(2012, 2, 14)),
        ("martes 17 de marzo de 2020", date(2020, 3, 17)),
        ("23 mai 2019", date(2019, 5, 23)),
        ("1er décembre 2019", date(2019, 12, 1)),
    ],
)
def test_month_names_of_other_languages(text: str, expected: date) -> None:
    assert parse_date(text, now=NOW) == expected
