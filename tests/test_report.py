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
    SpamPage,
    Status,
)
from crawler.store import RunState, Store
from crawler.urls import host_of, registrable_domain
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


def test_a_site_dated_only_by_a_modification_is_not_said_to_have_published(tmp_path):
    """A sitemap's lastmod or a page's "last updated" line dated the site: the agency page
    says no publication date was found, never that news was published that day."""
    store = Store(tmp_path / "f.db")
    as_of = START.date()
    run_id = store.start_run(START, as_of, AGENCIES[:1])
    url = "https://disdik.example.go.id/tentang-kami"
    stamp = Evidence(Source.ARTICLE, url, as_of - timedelta(days=40), "Stand: 1.10", modified=True)
    home = Fetch("https://disdik.example.go.id/", PageRole.HOMEPAGE, 200)
    store.add_observations(run_id, [("disdik", home)], [("disdik", stamp)])
    result = SiteResult("disdik", Status.AGING, stamp.date, 40, Confidence.LOW, stamp, 50)
    store.save_results(run_id, [result])
    store.finish_run(run_id, state=RunState.COMPLETE, finished_at=START, reason="ok")
    out = render_report(build_report(store, None, START), tmp_path / "public")
    page = lxml_html.parse(str(out / "agencies" / "disdik.html")).getroot()
    text = " ".join(page.text_content().split())
    assert "Kami tidak menemukan tanggal terbit; perubahan terbaru" in text
    assert "Berita terbaru yang kami temukan terbit" not in text
    assert url in page.xpath("//a/@href")


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


def test_agency_pages_end_with_what_to_do(published):
    """Each agency page ends with its fix list: only the items its evidence calls for."""
    out, truth = published
    text = TEXT["id"]

    def todo(site_id: str) -> list[tuple[str, str]]:
        """(code, words) per item of the page's last section, which must be the fix list."""
        page = lxml_html.parse(str(out / "agencies" / f"{site_id}.html")).getroot()
        last = page.xpath("//main/section")[-1]
        assert last.get("class") == "fixes", site_id
        assert last.xpath("./h2")[0].text_content() == text["fix_heading"]
        items = last.xpath("./ol/li")
        if not items:
            assert last.xpath("./p[@class='none']")[0].text_content() == text["fix_none"]
        codes = [(li.get("class").split()[1].removeprefix("fix-"), li) for li in items]
        return [(code, " ".join(li.text_content().split())) for code, li in codes]

    for site_id, expected in truth.items():
        items = todo(site_id)
        codes = [code for code, _ in items]
        days = expected["last_updated_days_ago"]
        if expected["status"] in ("aging", "stale", "abandoned"):
            news = dict(items)["publish-news"]
            assert f"{days} hari yang lalu" in news, (site_id, news)
        else:
            assert "publish-news" not in codes, site_id
        if expected["status"] == "unreachable":  # only what makes it reachable
            assert len(codes) == 1, (site_id, codes)
            assert codes[0] in ("make-reachable", "reclaim-domain", "stop-redirect"), site_id
        if "robots-disallowed" in (expected.get("flags") or []):
            assert codes == ["unblock-monitor"], site_id
    assert todo("desa-opensid") == []  # fresh, current PPID, a feed and a sitemap

    def codes(site_id: str) -> list[str]:
        return [code for code, _ in todo(site_id)]

    assert codes("wp-defaced")[:2] == ["clean-defacement", "publish-news"]
    assert codes("parked") == ["reclaim-domain"]
    assert codes("tls-expired")[:2] == ["renew-certificate", "publish-news"]
    assert "Laporan Keuangan Semester I 2025" in dict(todo("wp-fresh"))["publish-ppid"]
    assert "tidak ada feed RSS/Atom" in dict(todo("cms-bengkalis"))["machine-readable-dates"]
    assert "HTTP 500" in dict(todo("error-500"))["make-reachable"]


@pytest.fixture(scope="module")
def published(published_report):
    """The report `freshness run` published from the fixture fleet, with the truth."""
    return published_report, load_truth()


# -- incidents (issue 15): the index's section, the agency page's lead, the feed ---------

#: The verdict flag that makes each kind of incident (crawler.judge.incidents.KIND_FLAG).
INCIDENT_FLAGS = {
    Flag.GAMBLING_SPAM: "defacement",
    Flag.PARKED_DOMAIN: "parked-domain",
    Flag.TLS_ERROR: "tls",
    Flag.REDIRECTS_OFFSITE: "redirect-offsite",
}


def _incidents_listed(index) -> dict[str, set[str]]:
    """Agency id -> the kinds of incident the index's section lists for it."""
    listed: dict[str, set[str]] = {}
    for entry in index.xpath("//section[@id='incidents']//li[@data-kind]"):
        href = entry.xpath(".//h3/a/@href")[0]
        agency_id = href.removeprefix("agencies/").removesuffix(".html")
        listed.setdefault(agency_id, set()).add(entry.get("data-kind"))
    return listed


def test_the_fleets_incidents_lead_the_index_and_the_feed(published):
    out, truth = published
    expected = {
        site_id: {INCIDENT_FLAGS[Flag(f)] for f in t.get("flags") or [] if f in INCIDENT_FLAGS}
        for site_id, t in truth.items()
    }
    expected = {site_id: kinds for site_id, kinds in expected.items() if kinds}
    assert {"wp-defaced", "parked", "tls-expired", "tls-selfsigned", "redirect-offsite"} <= set(
        expected
    )
    index = lxml_html.parse(str(out / "index.html")).getroot()
    assert _incidents_listed(index) == expected
    assert "tls-valid" not in _incidents_listed(index) and "wp-fresh" not in expected
    # Above the league table, with what was seen, pages as links, since when, what to do.
    sections = [s.get("id") or s.get("class") for s in index.xpath("//main/section")]
    assert sections.index("incidents") < sections.index("summary")
    section = index.xpath("//section[@id='incidents']")[0]
    text = " ".join(section.text_content().split())
    assert TEXT["id"]["incident_heading"] in text
    for kind in set().union(*expected.values()):
        assert TEXT["id"][f"incident_advice_{kind}"] in text
    assert "certificate expired on" in text and "self-signed certificate" in text
    assert "This domain may be for sale" in text
    # wp-defaced's defacers post pages of their own (wp-template-spam's farm is in its footer)
    defaced = section.xpath(".//li[@data-kind='defacement'][@data-agency='wp-defaced']")[0]
    assert any("slot" in href for href in defaced.xpath(".//a/@href"))
    assert all(
        href.startswith(("agencies/", "http://127.", "https://127."))
        for href in section.xpath(".//a/@href")
    )
    assert len(section.xpath(".//dt")) >= 4 * len(expected)  # seen, pages, since, action

    feed = (out / "changes.atom").read_text(encoding="utf-8")
    for site_id, kinds in expected.items():
        for kind in kinds:
            assert f":{site_id}:incident:{kind}</id>" in feed, (site_id, kind)
    assert ":wp-fresh:incident:" not in feed and ":tls-valid:incident:" not in feed
    assert TEXT["id"]["incident_defacement"] in feed


def test_an_agency_page_leads_with_its_incident(published):
    out, _ = published
    page = lxml_html.parse(str(out / "agencies" / "wp-defaced.html")).getroot()
    sections = [s.get("id") or s.get("class") for s in page.xpath("//main/section")]
    assert sections[:2] == ["incidents", "verdict status-abandoned"]  # above the verdict
    lead = " ".join(page.xpath("//section[@id='incidents']")[0].text_content().split())
    assert TEXT["id"]["incident_defacement"] in lead
    assert TEXT["id"]["incident_advice_defacement"] in lead
    # The spam posts' dates are in the evidence table, each saying it did not count.
    notes = page.xpath("//table[contains(@class, 'evidence')]//span[@class='uncounted-note']")
    spam_note = TEXT["id"]["uncounted"].format(reason=TEXT["id"]["uncounted_spam"])
    assert notes and {n.text_content() for n in notes} == {spam_note}
    chosen = page.xpath("//table[contains(@class, 'evidence')]//tr[@class='chosen']")
    assert chosen and not chosen[0].xpath(".//span[@class='uncounted-note']")
    clean = lxml_html.parse(str(out / "agencies" / "wp-fresh.html")).getroot()
    assert not clean.xpath("//section[@id='incidents']")


def _incident_run(store: Store, week: int, flags: dict[str, tuple[str, ...]]) -> int:
    """A complete run of disdik and dinkes, both fresh, with these verdict flags."""
    started = START + timedelta(weeks=week)
    run_id = store.start_run(started, started.date(), AGENCIES[:2])
    for agency in AGENCIES[:2]:
        tls = "certificate expired on 2026-10-07" if Flag.TLS_ERROR in flags[agency.id] else ""
        home = Fetch(agency.url, PageRole.HOMEPAGE, 200, tls=tls)
        store.add_observations(run_id, [(agency.id, home)])
    results = [
        SiteResult(a.id, Status.FRESH, flags=tuple(sorted(flags[a.id]))) for a in AGENCIES[:2]
    ]
    store.save_results(run_id, results)
    store.finish_run(run_id, state=RunState.COMPLETE, finished_at=started, reason="ok")
    return run_id


def test_incidents_are_dated_from_their_streak_and_announced_once(tmp_path):
    store = Store(tmp_path / "f.db")
    tls = (Flag.TLS_ERROR,)
    _incident_run(store, 0, {"disdik": tls, "dinkes": ()})
    _incident_run(store, 1, {"disdik": (), "dinkes": ()})
    _incident_run(store, 2, {"disdik": tls, "dinkes": ()})
    _incident_run(store, 3, {"disdik": tls, "dinkes": ()})
    report = build_report(store, None, START)
    (item,) = report.with_incidents
    (incident,) = item.incidents
    assert item.id == "disdik" and incident.since_run == 3  # run ids start at 1
    assert incident.since == (START + timedelta(weeks=2)).date()
    assert [(e.run.id, e.agency_id, e.kind) for e in report.incident_feed] == [
        (3, "disdik", "tls"), (1, "disdik", "tls"),
    ]  # fmt: skip
    out = render_report(report, tmp_path / "public")
    index = lxml_html.parse(str(out / "index.html")).getroot()
    assert _incidents_listed(index) == {"disdik": {"tls"}}
    section = index.xpath("//section[@id='incidents']")[0]
    assert Words("id").date(incident.since) in section.text_content()
    feed = (out / "changes.atom").read_text(encoding="utf-8")
    assert feed.count(":disdik:incident:tls</id>") == 2


def test_no_incident_no_section(three_runs, tmp_path):
    out = render_report(build_report(three_runs, None, START), tmp_path / "public")
    index = lxml_html.parse(str(out / "index.html")).getroot()
    assert not index.xpath("//section[@id='incidents']")
    assert TEXT["id"]["incident_heading"] not in index.text_content()
    assert ":incident:" not in (out / "changes.atom").read_text(encoding="utf-8")


def test_crawled_text_in_an_incident_stays_text(tmp_path):
    store = Store(tmp_path / "f.db")
    evil = Agency("evil", "Dinas Evil", "https://evil.example.go.id/", "dinas")
    run_id = store.start_run(START, START.date(), [evil])
    home = Fetch(
        evil.url, PageRole.HOMEPAGE, None, FailureKind.OFFSITE,
        detail="redirects to javascript:alert(1)",
    )  # fmt: skip
    spam = SpamPage("javascript:alert(2)", 3.0, True, "title", f"slot gacor {HOSTILE}")
    store.add_observations(run_id, [("evil", home)], spam=[("evil", spam)])
    flags = (Flag.GAMBLING_SPAM, Flag.REDIRECTS_OFFSITE)
    store.save_results(run_id, [SiteResult("evil", Status.UNREACHABLE, flags=flags)])
    store.finish_run(run_id, state=RunState.COMPLETE, finished_at=START, reason="ok")
    out = render_report(build_report(store, None, START), tmp_path / "public")
    for page in (out / "index.html", out / "agencies" / "evil.html"):
        root = lxml_html.parse(str(page)).getroot()
        section = root.xpath("//section[@id='incidents']")[0]
        assert len(section.xpath(".//li[@data-kind]")) == 2
        assert not [h for h in section.xpath(".//a/@href") if "javascript" in h.lower()]
        assert "javascript:alert(1)" in section.text_content()  # shown, not linked
        assert not root.xpath("//script[not(@src)]") and HOSTILE not in page.read_text("utf-8")


# -- the site list (issue 16): the portal's links against the configured agencies --------

#: The agency sites the fleet portal's homepage lists under "Perangkat Daerah"
#: (tests/fleet/sites/portal/home.html): none of them is a fleet site.
PORTAL_DIRECTORY = {
    f"https://{name}.bengkaliskab.go.id/"
    for name in ("diskominfotik", "disdik", "dinkes", "bappeda", "bpkad", "dpmd")
}


def test_the_fleets_site_list(published, fleet):
    """The weekly run reads the fleet portal's homepage links. The agencies it lists are not
    configured (unlisted); its service links (JDIH, MPP, CCTV…) and the provincial and
    national portals in its footer are no agency of the regency. The sites flagged
    redirects-offsite in the truth have moved. A fleet site can vanish only if it sits under
    the portal's own domain (its address), and none is linked: each such site vanished,
    every other one is neither listed nor not (null)."""
    out, truth = published
    portal = registrable_domain(host_of(fleet.url("portal")))
    under_portal = {
        site_id
        for site_id in truth
        if site_id != "portal" and registrable_domain(host_of(fleet.url(site_id))) == portal
    }
    moved = {
        site_id for site_id, t in truth.items() if "redirects-offsite" in (t.get("flags") or [])
    }
    assert moved == {"redirect-offsite", "robots-elsewhere"}
    index = lxml_html.parse(str(out / "index.html")).getroot()
    sections = [s.get("id") or s.get("class") for s in index.xpath("//main/section")]
    assert sections[-2:] == ["site-list", "how"]  # after the table
    box = index.xpath("//section[@class='site-list']")[0]

    def listed(kind: str) -> set[str]:
        return set(box.xpath(f".//section[contains(@class, 'drift-{kind}')]//li/a/@href"))

    assert listed("unlisted") == PORTAL_DIRECTORY
    assert listed("moved") == {f"agencies/{site_id}.html" for site_id in moved}
    assert listed("vanished") == {f"agencies/{site_id}.html" for site_id in under_portal}
    assert "Perangkat Daerah" in box.text_content()  # the menu each was listed under
    records = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {r["id"]: r["portal_listed"] for r in records} == {
        site_id: False if site_id in under_portal else None for site_id in truth
    }
