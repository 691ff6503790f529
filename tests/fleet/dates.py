"""Date formatting helpers for the fleet's templates: Indonesian, machine and URL forms.

Every fixture date is a Jakarta calendar day plus an optional "HH:MM" WIB time. Fixture times
are 07:00 or later, so the UTC day of a timestamp (WordPress `date_gmt`, HTTP dates) is the
same as its Jakarta day and no test depends on time-zone arithmetic by accident.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from email.utils import format_datetime

from crawler.model import WIB

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")


def at(day: date, hhmm: str = "08:00") -> datetime:
    """`day` at `hhmm` Jakarta time, as an aware datetime."""
    hours, minutes, *seconds = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes, *seconds), tzinfo=WIB)


def id_day(day: date, jumat: str = "Jumat") -> str:
    """"Senin"; `jumat` lets a CMS spell Friday "Jum'at"."""
    name = DAY_NAMES[day.weekday()]
    return jumat if name == "Jumat" else name


def id_long(day: date) -> str:
    """"23 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def id_long_padded(day: date) -> str:
    """"05 November 2026"."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def id_long_day(day: date, jumat: str = "Jumat") -> str:
    """"Senin, 23 November 2026"."""
    return f"{id_day(day, jumat)}, {id_long(day)}"


def id_short(day: date, agustus: str = "Agt") -> str:
    """"23 Nov 2026"; August is "Agt" or, on some CMSs, "Agu"."""
    month = agustus if day.month == 8 else MONTHS_ABBR[day.month - 1]
    return f"{day.day} {month} {day.year}"


def id_short_padded(day: date, agustus: str = "Agt") -> str:
    """"05 Nov 2026"."""
    return f"{day.day:02d} {id_short(day, agustus).split(' ', 1)[1]}"


def id_month_year(day: date) -> str:
    """"November 2026"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_first(day: date) -> str:
    """Blogger's Indonesian timestamp: "November 23, 2026", "Juli 06, 2023"."""
    return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}"


def iso(day: date) -> str:
    """"2026-11-23"."""
    return day.isoformat()


def iso_dt(day: date, hhmm: str = "08:00") -> str:
    """"2026-11-23T08:00:00+07:00"."""
    return at(day, hhmm).isoformat()


def iso_gmt(day: date, hhmm: str = "08:00") -> str:
    """WordPress `date_gmt`: UTC without an offset, "2026-11-23T01:00:00"."""
    return at(day, hhmm).astimezone(UTC).replace(tzinfo=None).isoformat()


def iso_local(day: date, hhmm: str = "08:00") -> str:
    """WordPress `date`: local time without an offset, "2026-11-23T08:00:00"."""
    return at(day, hhmm).replace(tzinfo=None).isoformat()


def iso_utc_z(day: date, hhmm: str = "08:00") -> str:
    """"2026-11-23T01:00:00Z"."""
    return at(day, hhmm).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc822(day: date, hhmm: str = "08:00") -> str:
    """RSS `pubDate` in WIB: "Mon, 23 Nov 2026 08:00:00 +0700"."""
    return format_datetime(at(day, hhmm))


def http_date(moment: datetime) -> str:
    """HTTP header form: "Mon, 23 Nov 2026 01:00:00 GMT"."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def dmy(day: date) -> str:
    """Day first, as Indonesian tables print it: "23/11/2026"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def url_path(day: date) -> str:
    """"2026/11/23"."""
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def url_path_unpadded(day: date) -> str:
    """OpenSID's article paths: "2026/11/5"."""
    return f"{day.year}/{day.month}/{day.day}"


def url_month(day: date) -> str:
    """Blogger's post paths carry only the month: "2026/11"."""
    return f"{day.year}/{day.month:02d}"


def relative_id(days: int) -> str:
    """How Laravel sites (Carbon `diffForHumans` in Indonesian) print an age."""
    if days <= 0:
        return "hari ini"
    if days < 7:
        return f"{days} hari yang lalu"
    if days < 30:
        return f"{days // 7} minggu yang lalu"
    if days < 365:
        return f"{days // 30} bulan yang lalu"
    return f"{days // 365} tahun yang lalu"


FILTERS = {
    f.__name__: f
    for f in (
        id_day,
        id_long,
        id_long_padded,
        id_long_day,
        id_short,
        id_short_padded,
        id_month_year,
        month_first,
        iso,
        iso_dt,
        iso_gmt,
        iso_local,
        iso_utc_z,
        rfc822,
        http_date,
        dmy,
        url_path,
        url_path_unpadded,
        url_month,
        relative_id,
    )
}
