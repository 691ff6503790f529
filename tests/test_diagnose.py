"""`freshness check` names the dates a page shows that are not its publication date, in the
language asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from crawler.model import WIB, jakarta_date
from crawler.read.cascade import page_date
from crawler.read.diagnose import set_aside_dates

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
PAGE = """<!DOCTYPE html><html><head><title>Bimtek Operator Desa</title></head><body>
<div class="top-bar"><span class="tanggal-hari-ini">Sabtu, 28 November 2026</span></div>
<div class="widget jadwal-sholat"><h3>Jadwal Sholat</h3><p>Sabtu, 28 November 2026</p>
  <p>Subuh 04:51</p><p>Dzuhur 12:10</p></div>
<div class="widget agenda"><h3>Agenda</h3><p>Rapat koordinasi, 15 Desember 2026</p></div>
<article><h1>Bimtek Operator Desa</h1>
  <div class="byline">Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali</div>
  <p>Kegiatan bimbingan teknis operator desa berlangsung dua hari di aula kantor camat.</p>
</article>
<div class="widget statistik"><h3>Statistik Pengunjung</h3>
  <p>Diperbarui pada 27 November 2026</p></div>
<footer>&copy; 2026 Dinas Pendidikan</footer></body></html>"""


def test_each_noisy_date_is_named_with_its_region():
    assert page_date(PAGE, "https://disdik.example.go.id/web/detailberita/1/x", now=NOW).date == (
        date(2017, 10, 18)
    )
    found = set_aside_dates(PAGE, "https://disdik.example.go.id/", now=NOW)
    reasons = {(d.date, d.reason) for d in found}
    assert (date(2026, 11, 28), "prayer-times") in reasons
    assert (date(2026, 12, 15), "future") in reasons
    assert (date(2026, 11, 27), "visitor-counter") in reasons
    assert any(d == date(2026, 11, 28) and r in ("today-widget", "page-chrome") for d, r in reasons)
    assert all(d.date != date(2017, 10, 18) for d in found)  # the byline is the page's date
    assert found == sorted(found, key=lambda d: d.date, reverse=True)


def test_only_dates_newer_than_asked_and_no_crash_on_garbage():
    found = set_aside_dates(PAGE, "https://x.go.id/", now=NOW, newer_than=date(2026, 11, 28))
    assert {d.date for d in found} == {date(2026, 12, 15)}
    assert set_aside_dates(b"\x00\xff<<<", "https://x.go.id/", now=NOW) == []
    assert set_aside_dates("", "https://x.go.id/", now=NOW) == []


def test_check_speaks_the_language_asked_for(fleet):
    url = fleet.url("cms-bengkalis")

    def check(lang: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "check", url, "--allow-private-hosts",
             "--timeout", "3", "--log-level", "WARNING", "--lang", lang],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    english, indonesian = check("en"), check("id")
    assert "Status     : Stale (stale)" in english
    for words in ("Sources tried:", "Dates found, by page", "Pages fetched", "prayer times",
                  "PPID       : On the regency's PPID portal (external)"):  # fmt: skip
        assert words in english, words
    assert "Status     : Usang (stale)" in indonesian
    for words in ("Sumber yang dicoba:", "Tanggal yang ditemukan, per halaman",
                  "Halaman yang diambil", "jadwal sholat",
                  "PPID       : Di portal PPID kabupaten (external)"):  # fmt: skip
        assert words in indonesian, words
        assert words not in english, words


def _days_after(day: date) -> int:
    return (jakarta_date(datetime.now(WIB)) - day).days


def test_check_ends_with_what_to_do_in_text_and_json(fleet):
    """The fix list of the agency's page, numbered in the text and as {code, text} in JSON."""

    def check(site_id: str, *options: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "check", fleet.url(site_id),
             "--allow-private-hosts", "--timeout", "3", "--log-level", "WARNING", *options],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    # The fleet dates its items once, on its day; the check counts days to its own clock's
    # day, which may have passed midnight in Jakarta since the fleet started.
    days_later = {_days_after(fleet.today)}
    record = json.loads(check("cms-bengkalis", "--json"))
    days_later.add(_days_after(fleet.today))
    assert [f["code"] for f in record["fixes"]] == ["publish-news", "machine-readable-dates"]
    text = record["fixes"][0]["text"]  # the report's words, Indonesian
    assert any(f"{120 + later} hari yang lalu" in text for later in days_later), text
    assert {"status", "flags", "evidence", "fetches"} <= set(record)  # the fields stay

    blocked = check("robots-blocked", "--lang", "en")
    todo = blocked[blocked.index("\nWhat to do:\n") :].splitlines()[2:]
    assert todo[0].startswith("  1. Change robots.txt")
    assert todo[1].strip() == fleet.url("robots-blocked") + "robots.txt"
    assert "  2. " not in blocked  # nothing else can be known of a site not read
