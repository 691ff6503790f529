"""Date formatting helpers for the fleet's templates: Indonesian, machine and URL forms.

Every fixture date is a Jakarta calendar day plus an optional "HH:MM" WIB time. Fixture times
are 07:00 or later, so the UTC day of a timestamp (WordPress `date_gmt`, HTTP dates) is the
same as its Jakarta day and no test depends on time-zone arithmetic by accident.
"""

from __future__ import annotations

import math
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
    """ "Senin"; `jumat` lets a CMS spell Friday "Jum'at"."""
    name = DAY_NAMES[day.weekday()]
    return jumat if name == "Jumat" else name


def id_long(day: date) -> str:
    """ "23 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def id_long_padded(day: date) -> str:
    """ "05 November 2026"."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def id_long_day(day: date, jumat: str = "Jumat") -> str:
    """ "Senin, 23 November 2026"."""
    return f"{id_day(day, jumat)}, {id_long(day)}"


def id_short(day: date, agustus: str = "Agt") -> str:
    """ "23 Nov 2026"; August is "Agt" or, on some CMSs, "Agu"."""
    month = agustus if day.month == 8 else MONTHS_ABBR[day.month - 1]
    return f"{day.day} {month} {day.year}"


def id_short_padded(day: date, agustus: str = "Agt") -> str:
    """ "05 Nov 2026"."""
    return f"{day.day:02d} {id_short(day, agustus).split(' ', 1)[1]}"


def id_month_year(day: date) -> str:
    """ "November 2026"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_first(day: date) -> str:
    """Blogger's Indonesian timestamp: "November 23, 2026", "Juli 06, 2023"."""
    return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}"


def iso(day: date) -> str:
    """ "2026-11-23"."""
    return day.isoformat()


def iso_dt(day: date, hhmm: str = "08:00") -> str:
    """ "2026-11-23T08:00:00+07:00"."""
    return at(day, hhmm).isoformat()


def iso_gmt(day: date, hhmm: str = "08:00") -> str:
    """WordPress `date_gmt`: UTC without an offset, "2026-11-23T01:00:00"."""
    return at(day, hhmm).astimezone(UTC).replace(tzinfo=None).isoformat()


def iso_local(day: date, hhmm: str = "08:00") -> str:
    """WordPress `date`: local time without an offset, "2026-11-23T08:00:00"."""
    return at(day, hhmm).replace(tzinfo=None).isoformat()


def iso_utc_z(day: date, hhmm: str = "08:00") -> str:
    """ "2026-11-23T01:00:00Z"."""
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
    """ "2026/11/23"."""
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


def since_id(day: date, hhmm: str, now: datetime) -> str:
    """An exact age as Laravel's Carbon prints it: "7 menit yang lalu", "2 jam yang lalu"."""
    seconds = int((now - at(day, hhmm)).total_seconds())
    if seconds < 60:
        return "baru saja"
    if seconds < 3600:
        return f"{seconds // 60} menit yang lalu"
    if seconds < 86400:
        return f"{seconds // 3600} jam yang lalu"
    return relative_id(seconds // 86400)


HIJRI_MONTHS = (
    "Muharram",
    "Safar",
    "Rabiul Awal",
    "Rabiul Akhir",
    "Jumadil Awal",
    "Jumadil Akhir",
    "Rajab",
    "Sya'ban",
    "Ramadhan",
    "Syawal",
    "Dzulqa'dah",
    "Dzulhijjah",
)


def hijri(day: date) -> str:
    """The tabular Islamic date prayer-time widgets print beside today: "7 Jumadil Akhir 1448 H"."""
    jdn = day.toordinal() + 1721425  # Julian day number (date.toordinal() counts from 1 Jan 1)
    rest = jdn - 1948440 + 10632
    n = (rest - 1) // 10631
    rest = rest - 10631 * n + 354
    j = ((10985 - rest) // 5316) * ((50 * rest) // 17719) + (rest // 5670) * ((43 * rest) // 15238)
    rest = rest - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    month = (24 * rest) // 709
    dom = rest - (709 * month) // 24
    return f"{dom} {HIJRI_MONTHS[month - 1]} {30 * n + j - 30} H"


def prayer_times(day: date) -> list[tuple[str, str]]:
    """Plausible jadwal sholat for Bengkalis (102.1 E, near the equator) on `day`."""
    b = 2 * math.pi * (day.timetuple().tm_yday - 81) / 365
    equation_of_time = 9.87 * math.sin(2 * b) - 7.53 * math.cos(b) - 1.5 * math.sin(b)
    dzuhur = 12 * 60 + (105 - 102.1) * 4 - equation_of_time + 2  # minutes, with ikhtiyat
    offsets = (
        ("Imsak", -446),
        ("Subuh", -436),
        ("Terbit", -358),
        ("Dhuha", -330),
        ("Dzuhur", 0),
        ("Ashar", 200),
        ("Maghrib", 361),
        ("Isya", 432),
    )
    times = [(name, int(dzuhur + offset)) for name, offset in offsets]
    return [(name, f"{m // 60:02d}:{m % 60:02d}") for name, m in times]


def iso_dt_ms(day: date, hhmm: str = "08:00") -> str:
    """Blogger's feed timestamps, with milliseconds: "2026-11-23T08:00:00.000+07:00"."""
    return at(day, hhmm).isoformat(timespec="milliseconds")


def rfc822_utc(day: date, hhmm: str = "08:00") -> str:
    """RSS `pubDate` in UTC, as Blogger writes it: "Mon, 23 Nov 2026 01:00:00 +0000"."""
    return format_datetime(at(day, hhmm).astimezone(UTC))


def epoch_ms(day: date, hhmm: str = "08:00") -> int:
    """Milliseconds since 1970, as Blogger's `?showComment=` permalinks carry them."""
    return int(at(day, hhmm).timestamp() * 1000)


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
        since_id,
        hijri,
        prayer_times,
        iso_dt_ms,
        epoch_ms,
        rfc822_utc,
    )
}
