"""The static report: what each page holds, week-over-week changes, safety and publishing.

Runs are written with the real store; pages are parsed with lxml, not matched as strings,
where structure matters (links, scripts, attributes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler.config import Agency
from crawler.model import (
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    Flag,
    PageRole,
    PpidStatus,
    SiteResult,
    Source,
    Status,
)
from crawler.store import RunState, Store
from reports.build import build_report
from reports.check import LABEL
from reports.render import render_report, safe_href
from reports.wording import FAILURE, FLAG, PPID_STATUS, STATUS, TEXT, Words
from tests.fleet.server import load_truth

REPO = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)
AGENCIES = [
    Agency("disdik", "Dinas Pendidikan", "https://disdik.example.go.id/", "dinas"),
    Agency("dinkes", "Dinas Kesehatan", "https://dinkes.example.go.id/", "dinas"),
    Agency("bappeda", "Bappeda", "https://bappeda.example.go.id/", "badan"),
    Agency("rupat", "Kecamatan Rupat", "https://rupat.example.go.id/", "kecamatan"),
]


def _result(agency_id: str, status: Status, days: int | None, as_of: date) -> SiteResult:
    if days is None:
        return SiteResult(agency_id, status, score=0)
    day = as_of - timedelta(days=days)
    url = f"https://{agency_id}.example.go.id/berita/{days}"
    evidence = Evidence(Source.FEED, url, day, f"Berita {agency_id}")
    return SiteResult(agency_id, status, day, days, Confidence.HIGH, evidence, 80)


def _run(store: Store, week: int, verdicts: dict[str, tuple[Status, int | None]]) -> int:
    started = START + timedelta(weeks=week)
    as_of = started.date()
    agencies = [a for a in AGENCIES if a.id in verdicts]
    run_id = store.start_run(started, as_of, agencies)
    for agency_id, (_, days) in verdicts.items():
        fetches = [
            (agency_id, Fetch(f"https://{agency_id}.example.go.id/", PageRole.HOMEPAGE, 200))
        ]
        evidence = []
        if days is not None:
            r = _result(agency_id, Status.FRESH, days, as_of)
            evidence = [(agency_id, r.evidence)]
        store.add_observations(run_id, fetches, evidence)
    store.save_results(run_id, [_result(a, s, d, as_of) for a, (s, d) in verdicts.items()])
    store.finish_run(
        run_id, state=RunState.COMPLETE, finished_at=started + timedelta(minutes=3), reason="ok"
    )
    return run_id


@pytest.fixture
def three_runs(tmp_path) -> Store:
    """disdik worsens to stale, dinkes recovers, bappeda appears, rupat disappears."""
    store = Store(tmp_path / "f.db")
    _run(store, 0, {
        "disdik": (Status.FRESH, 10), "dinkes": (Status.UNREACHABLE, None),
        "rupat": (Status.AGING, 40),
    })  # fmt: skip
    _run(store, 1, {
        "disdik": (Status.AGING, 80), "dinkes": (Status.UNREACHABLE, None),
        "rupat": (Status.AGING, 47),
    })  # fmt: skip
    _run(store, 2, {
        "disdik": (Status.STALE, 95), "dinkes": (Status.FRESH, 3), "bappeda": (Status.FRESH, 1),
    })  # fmt: skip
    return store


def test_week_over_week_changes(three_runs):
    report = build_report(three_runs, None, START)
    assert report.previous_run is not None and report.previous_run.id == 2
    assert [a.id for a in report.newly_stale] == ["disdik"]
    assert [a.id for a in report.recovered] == ["dinkes"]
    assert [a.id for a in report.agencies if a.transition.change == "new"] == ["bappeda"]
    assert report.removed == ("rupat",)
    assert [a.id for a in report.agencies] == ["disdik", "dinkes", "bappeda"]  # worst first
    assert [p.days_since_update for p in report.agencies[0].timeline] == [10, 80, 95]
    changes = [(e.agency_id, e.before, e.after) for e in report.feed]
    assert ("disdik", Status.AGING, Status.STALE) in changes
    assert ("disdik", Status.FRESH, Status.AGING) in changes
    assert ("bappeda", None, Status.FRESH) in changes


def test_index_and_agency_pages(three_runs, tmp_path):
    out = render_report(build_report(three_runs, None, START), tmp_path / "public")
    index = lxml_html.parse(str(out / "index.html")).getroot()
    rows = index.xpath("//table[@id='agencies']/tbody/tr")
    assert [r.get("data-status") for r in rows] == ["stale", "fresh", "fresh"]
    first = rows[0]
    assert first.xpath(".//a/@href") == ["agencies/disdik.html"]
    assert "Usang" in first.text_content() and "95 hari lalu" in first.text_content()
    assert "memburuk" in first.text_content()
    assert "Baru usang minggu ini" in index.text_content()
    page = lxml_html.parse(str(out / "agencies" / "disdik.html")).getroot()
    text = " ".join(page.text_content().split())
    assert "Berita terbaru yang kami temukan terbit" in text
    assert "https://disdik.example.go.id/berita/95" in page.xpath("//a/@href")
    assert page.xpath("//svg[contains(@class, 'chart')]//circle")  # the history chart
    assert "UU No. 14 Tahun 2008" in text
    records = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["disdik", "dinkes", "bappeda"]
    assert (out / "results.csv").read_text(encoding="utf-8").startswith("id,name,url,")
    feed = (out / "changes.atom").read_text(encoding="utf-8")
    assert feed.index("Mulai usang → Usang") < feed.index("Segar → Mulai usang")  # newest first
    assert "Dinas Kesehatan: Tidak dapat diakses → Segar" in feed


def test_english_report(three_runs, tmp_path):
    out = render_report(build_report(three_runs, None, START), tmp_path / "en", lang="en")
    text = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in text and "Newly stale this week" in text and "Stale" in text
    assert "hari lalu" not in text


def test_publishing_replaces_the_whole_folder(three_runs, tmp_path):
    out = tmp_path / "public"
    render_report(build_report(three_runs, 1, START), out)  # run 1 still had rupat
    assert (out / "agencies" / "rupat.html").exists()
    render_report(build_report(three_runs, None, START), out)
    assert not (out / "agencies" / "rupat.html").exists()
    assert (out / "agencies" / "bappeda.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["f.db", "public"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["f.db", "f.db-shm", "f.db-wal", "public"]  # no staging folder left behind


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_crawled_text_cannot_inject_markup(tmp_path):
    store = Store(tmp_path / "f.db")
    evil = Agency("evil", f"Dinas {HOSTILE}", "https://evil.example.go.id/", "dinas")
    run_id = store.start_run(START, START.date(), [evil])
    links = [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        'https://evil.example.go.id/"><script>alert(1)</script>',
    ]
    evidence = [
        Evidence(Source.LISTING, url, START.date() - timedelta(days=i + 1), HOSTILE, found_on=url)
        for i, url in enumerate(links)
    ]
    fetch = Fetch(links[0], PageRole.ARTICLE, 404, FailureKind.HTTP_4XX, detail=HOSTILE)
    store.add_observations(run_id, [("evil", fetch)], [("evil", e) for e in evidence])
    result = SiteResult(
        "evil", Status.FRESH, evidence[0].date, 1, Confidence.LOW, evidence[0], 90, (HOSTILE,)
    )
    store.save_results(run_id, [result])
    store.finish_run(run_id, state=RunState.COMPLETE, finished_at=START, reason="ok")
    out = render_report(build_report(store, None, START), tmp_path / "public")
    for page in (out / "index.html", out / "agencies" / "evil.html"):
        root = lxml_html.parse(str(page)).getroot()
        scripts = root.xpath("//script")
        assert [s.get("src") for s in scripts] == [
            "assets/report.js" if page.name == "index.html" else "../assets/report.js"
        ]
        assert all(not s.text for s in scripts)
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page.name, name)
                ours = element.tag == "link" and element.get("rel") == "icon" and value == "data:,"
                if name in ("href", "src", "action") and not ours:  # the empty favicon is ours
                    assert not value.strip().lower().startswith(("javascript:", "data:")), value
        csp = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "script-src 'self'" in csp[0] and "default-src 'none'" in csp[0]
        assert HOSTILE not in page.read_text(encoding="utf-8")
        assert "alert(" in root.text_content()  # shown as text, harmlessly
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("https://ok.go.id/a") == "https://ok.go.id/a"


def test_report_cli_errors_are_clear(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "report", "--db", str(tmp_path / "none.db"),
         "--out", str(tmp_path / "p")],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no database" in done.stderr
    Store(tmp_path / "empty.db").close()
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "report", "--db", str(tmp_path / "empty.db"),
         "--out", str(tmp_path / "p")],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "no complete run" in done.stderr


def test_words_cover_every_status_in_both_languages():
    for lang in ("id", "en"):
        words = Words(lang)
        for status in Status:
            assert words.status(status) and words.advice(status)
        assert words.ago(0) and words.ago(1) and "147" in words.ago(147)
    assert Words("id").date(date(2023, 6, 19)) == "19 Juni 2023"


def test_every_wording_is_in_both_languages():
    assert set(TEXT["id"]) == set(TEXT["en"])
    # `freshness check` pads its labels to one column.
    labels = ("check_site", "check_status", "check_last", "check_evidence", "check_flags",
              "check_score", "check_ppid")  # fmt: skip
    assert all(len(TEXT[lang][key]) <= LABEL for lang in TEXT for key in labels)


def test_freshness_run_on_the_fleet_publishes_every_verdict(published):
    out, truth = published
    index = lxml_html.parse(str(out / "index.html")).getroot()
    rows = {
        r.xpath(".//a/@href")[0].removeprefix("agencies/").removesuffix(".html"): r
        for r in index.xpath("//table[@id='agencies']/tbody/tr")
    }
    assert set(rows) == set(truth)
    for site_id, row in rows.items():
        expected = truth[site_id]["status"]
        assert row.get("data-status") == expected, site_id
        badge = row.xpath(".//span[contains(@class, 'badge')]")[0].text_content()
        assert badge == STATUS["id"][Status(expected)], site_id
        page = lxml_html.parse(str(out / "agencies" / f"{site_id}.html")).getroot()
        if truth[site_id]["last_updated_days_ago"] is not None:
            evidence_links = page.xpath("//table[contains(@class, 'evidence')]//a/@href")
            assert any(link.startswith(("http://127.", "https://127.")) for link in evidence_links)
        for flag in truth[site_id].get("flags") or []:
            assert FLAG["id"][Flag(flag)] in page.text_content(), (site_id, flag)


def test_ppid_column_and_sections(published):
    out, truth = published
    index = lxml_html.parse(str(out / "index.html")).getroot()
    for row in index.xpath("//table[@id='agencies']/tbody/tr"):
        site_id = row.xpath(".//a/@href")[0].removeprefix("agencies/").removesuffix(".html")
        assert row.get("data-ppid") == truth[site_id]["ppid"], site_id
        cell = row.xpath("./td[last()]")[0].text_content().strip()
        assert cell == PPID_STATUS["id"][PpidStatus(truth[site_id]["ppid"])], site_id

    def section(site_id: str) -> str:
        page = lxml_html.parse(str(out / "agencies" / f"{site_id}.html")).getroot()
        return " ".join(page.xpath("//section[@class='ppid']")[0].text_content().split())

    fresh_news_old_ppid = section("wp-fresh")
    assert "Tidak mutakhir" in fresh_news_old_ppid and "Undang-Undang Nomor 14 Tahun 2008" in (
        fresh_news_old_ppid
    )
    assert "Laporan Keuangan Semester I" in fresh_news_old_ppid
    assert "templat kosong" in section("tls-valid")  # the empty DIP is named
    assert "ppid_url" in section("cms-bengkalis")  # how to have it checked
    assert "tidak memiliki bagian PPID" in section("static-undated")


def test_agency_pages_name_what_broke(published):
    out, _ = published

    def text(site_id: str) -> str:
        return lxml_html.parse(str(out / "agencies" / f"{site_id}.html")).getroot().text_content()

    assert "Sertifikat TLS: certificate expired on" in text("tls-expired")
    assert "Sertifikat TLS: self-signed certificate" in text("tls-selfsigned")
    assert FAILURE["id"][FailureKind.PARKED] in text("parked")
    assert FAILURE["id"][FailureKind.REDIRECT_LOOP] in text("loop-home")
    assert FAILURE["id"][FailureKind.TOO_LARGE] in text("huge-pages")


@pytest.fixture(scope="module")
def published(published_report):
    """The report `freshness run` published from the fixture fleet, with the truth."""
    return published_report, load_truth()
