"""The site list (issue 16, item 2): what a portal's homepage links, kept by the weekly run,
against the configured agencies: the report's "Daftar situs" box and the export's
`portal_listed`, from a store built by hand; and the portal's homepage read for its links.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from lxml import html as lxml_html

from crawler.cli import main
from crawler.config import Agency
from crawler.model import (
    Fetch,
    Flag,
    LinkPlace,
    PageRole,
    SiteLink,
    SiteResult,
    Status,
)
from crawler.read.page import read_page
from crawler.store import Store
from reports.build import build_report, site_list
from reports.render import render_report
from reports.wording import TEXT

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
HOME = "https://www.bengkaliskab.go.id/"
PORTAL = Agency("portal", "Pemerintah Kabupaten Bengkalis", HOME, "portal")
AGENCIES = [
    PORTAL,
    Agency("disdik", "Dinas Pendidikan", "https://disdik.bengkaliskab.go.id/", "dinas"),
    # Configured, no longer linked: vanished.
    Agency("dinkes", "Dinas Kesehatan", "https://dinkes.bengkaliskab.go.id/", "dinas"),
    Agency("sukajadi", "Desa Sukajadi", "https://sukajadi.desa.id/", "desa"),
    # Linked as https://www.…; its homepage redirects to another site: moved.
    Agency("bappeda", "Bappeda", "http://bappeda.bengkaliskab.go.id/", "badan"),
    # Off the portal's domain and no village: the portal could never list it.
    Agency("kemkes", "Kementerian Kesehatan", "https://kemkes.go.id/", "lainnya"),
]


def _link(url: str, text: str, label: str = "Link OPD", place: LinkPlace = LinkPlace.DIRECTORY):
    return SiteLink(url, text, label, place, HOME)


LINKS = [
    _link("https://disdik.bengkaliskab.go.id/", "Dinas Pendidikan"),
    _link("https://www.bappeda.bengkaliskab.go.id/", "Bappeda"),
    _link("https://dpmd.bengkaliskab.go.id/", "Dinas Pemberdayaan Masyarakat dan Desa"),
    _link("https://jdih.bengkaliskab.go.id/", "JDIH", "Tautan", LinkPlace.FOOTER),  # a service
    _link("https://www.youtube.com/@pemkabbengkalis", "YouTube", "", LinkPlace.CONTENT),
]


def _store(path, links=LINKS, agencies=AGENCIES) -> tuple[Store, int]:
    """One complete run of `agencies` whose portal homepage gave `links`."""
    store = Store(path)
    run_id = store.start_run(NOW, NOW.date(), agencies)
    fetches = [(a.id, Fetch(a.url, PageRole.HOMEPAGE, 200)) for a in agencies]
    store.add_observations(run_id, fetches, site_links=[("portal", link) for link in links])
    results = [
        SiteResult(a.id, Status.UNREACHABLE, flags=(Flag.REDIRECTS_OFFSITE,))
        if a.id == "bappeda"
        else SiteResult(a.id, Status.FRESH)
        for a in agencies
    ]
    store.complete_run(run_id, results, finished_at=NOW + timedelta(minutes=5), reason="ok")
    return store, run_id


def test_the_site_list_compares_the_config_with_the_portals_links(tmp_path):
    store, run_id = _store(tmp_path / "f.db")
    found = site_list(store, run_id, store.results(run_id))
    assert found is not None and found.any
    assert sorted(found.drift.vanished) == ["dinkes", "sukajadi"]
    assert [link.url for link in found.drift.unlisted] == ["https://dpmd.bengkaliskab.go.id/"]
    assert found.drift.moved == ("bappeda",)
    # The portal itself and a site off its domain are neither listed nor not.
    assert found.listed == {"disdik": True, "dinkes": False, "sukajadi": False, "bappeda": True}
    report = build_report(store, run_id, NOW)
    assert report.drift == found.drift and report.portal_listed == found.listed


def test_the_box_shows_vanished_unlisted_and_moved_near_the_end(tmp_path):
    store, run_id = _store(tmp_path / "f.db")
    out = render_report(build_report(store, run_id, NOW), tmp_path / "public")
    index = lxml_html.parse(str(out / "index.html")).getroot()
    sections = [s.get("id") or s.get("class") for s in index.xpath("//main/section")]
    assert sections[-2:] == ["site-list", "how"]  # after the table, before "how it is decided"
    box = index.xpath("//section[@class='site-list']")[0]
    assert TEXT["id"]["drift_heading"] in box.text_content()

    def agencies(kind: str) -> list[str]:
        return box.xpath(f".//section[contains(@class, 'drift-{kind}')]//li/a/@href")

    assert sorted(agencies("vanished")) == ["agencies/dinkes.html", "agencies/sukajadi.html"]
    assert agencies("moved") == ["agencies/bappeda.html"]
    assert agencies("unlisted") == ["https://dpmd.bengkaliskab.go.id/"]
    unlisted = box.xpath(".//section[contains(@class, 'drift-unlisted')]")[0].text_content()
    assert "Dinas Pemberdayaan Masyarakat dan Desa" in unlisted and "Link OPD" in unlisted
    assert "JDIH" not in box.text_content() and "YouTube" not in box.text_content()
    english = render_report(build_report(store, run_id, NOW), tmp_path / "en", lang="en")
    assert TEXT["en"]["drift_unlisted"] in (english / "index.html").read_text(encoding="utf-8")


def test_the_export_says_whether_the_portal_lists_each_site(tmp_path):
    store, run_id = _store(tmp_path / "f.db")
    expected = {
        "portal": None, "disdik": True, "dinkes": False, "sukajadi": False, "bappeda": True,
        "kemkes": None,
    }  # fmt: skip
    out = render_report(build_report(store, run_id, NOW), tmp_path / "public")
    store.close()
    published = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {r["id"]: r["portal_listed"] for r in published} == expected
    assert all(list(r)[-1] == "portal_listed" for r in published)  # the last field
    exported = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "f.db")])
    assert exported.exit_code == 0, exported.output
    assert {r["id"]: r["portal_listed"] for r in json.loads(exported.output)} == expected
    spelled = {True: "true", False: "false", None: ""}
    for text in ((out / "results.csv").read_text(encoding="utf-8"),):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["id"]: r["portal_listed"] for r in rows} == {
            k: spelled[v] for k, v in expected.items()
        }


def test_no_portal_links_read_no_box_and_no_answer(tmp_path):
    """A run whose portal gave no links (it did not answer, or none is configured) says
    nothing of the sites it lists: no box, and null in the export."""
    store, run_id = _store(tmp_path / "f.db", links=[])
    assert site_list(store, run_id, store.results(run_id)) is None
    report = build_report(store, run_id, NOW)
    assert report.drift is None and report.portal_listed == {}
    out = render_report(report, tmp_path / "public")
    assert "site-list" not in (out / "index.html").read_text(encoding="utf-8")
    published = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {r["portal_listed"] for r in published} == {None}


def test_no_drift_no_box(tmp_path):
    """The portal links every configured site it could and nothing else: nothing to show,
    yet the export says each is listed."""
    agencies = [a for a in AGENCIES if a.id in ("portal", "disdik")]
    store, run_id = _store(tmp_path / "f.db", links=LINKS[:1], agencies=agencies)
    found = site_list(store, run_id, store.results(run_id))
    assert found is not None and not found.any and found.listed == {"disdik": True}
    out = render_report(build_report(store, run_id, NOW), tmp_path / "public")
    assert "site-list" not in (out / "index.html").read_text(encoding="utf-8")


def test_links_to_other_sites_are_read_on_a_portals_homepage_only():
    page = (
        "<html><body><nav><h3>Link OPD</h3><ul>"
        "<li><a href='https://disdik.bengkaliskab.go.id/'>Dinas Pendidikan</a></li>"
        "</ul></nav><a href='/berita'>Berita</a></body></html>"
    )

    def linked(role: PageRole, *, portal: bool) -> tuple[str, ...]:
        reading = read_page(role, page, HOME, HOME, now=NOW, portal=portal)
        return tuple(link.url for link in reading.site_links)

    assert linked(PageRole.HOMEPAGE, portal=True) == ("https://disdik.bengkaliskab.go.id/",)
    assert linked(PageRole.HOMEPAGE, portal=False) == ()
    assert linked(PageRole.LISTING, portal=True) == ()


def test_the_weekly_run_on_the_fixture_portal_shows_its_drift(directory_portal, tmp_path):
    """`freshness run` over the directory fleet's config (as cron runs it): the index's site
    list names the configured agency the portal no longer links, and the agency sites the
    portal's homepage links that the config lacks; services never appear there."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.fleet.resolver import CLI_WITH_FLEET_DNS

    served = directory_portal
    out = tmp_path / "public"
    done = subprocess.run(
        [sys.executable, "-c", CLI_WITH_FLEET_DNS, "run", "--config", str(served.config),
         "--db", str(tmp_path / "f.db"), "--out", str(out), "--log-level", "ERROR"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent,
        timeout=600, env=served.env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    page = lxml_html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    (box,) = page.cssselect("section.site-list")
    vanished = {a.get("href") for a in box.cssselect(".drift-vanished a")}
    assert vanished == {f"agencies/{i}.html" for i in served.truth.drift.vanished}
    moved = {a.get("href") for a in box.cssselect(".drift-moved a")}
    assert moved == {f"agencies/{i}.html" for i in served.truth.drift.moved}
    unlisted = {
        a.get("href").split("//", 1)[1].split("/", 1)[0].split(":", 1)[0]
        for a in box.cssselect(".drift-unlisted a")
    }
    assert set(served.truth.drift.unlisted_on_home) <= unlisted
    services = {h for s in served.truth.of_kind("service") for h in s.hosts}
    assert not unlisted & services
    listed = {r["id"]: r["portal_listed"] for r in json.loads((out / "results.json").read_text())}
    assert {i for i, v in listed.items() if v is False} == set(served.truth.drift.vanished)
