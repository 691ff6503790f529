"""The award scorecard: the measures and ranking (crawler.judge.scorecard), the store's runs of
a period, `freshness scorecard` (text, CSV, its options) and the report's scorecard.html and
scorecard.csv.

Runs are written with the real store; pages are parsed with lxml.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from crawler import cli
from crawler.config import Agency
from crawler.judge.incidents import KIND_FLAG
from crawler.judge.scorecard import (
    WEIGHTS,
    RunVerdicts,
    combined_score,
    scorecard,
)
from crawler.model import Flag, PpidResult, PpidStatus, SiteResult, Status
from crawler.store import RunState, Store
from reports.build import build_report
from reports.render import render_report
from reports.scorecard import FIELDS, gather, to_csv, to_text

DISDIK = Agency("disdik", "Dinas Pendidikan", "https://disdik.example.go.id/", "dinas")
DINKES = Agency("dinkes", "Dinas Kesehatan", "https://dinkes.example.go.id/", "dinas")
BAPPEDA = Agency("bappeda", "Bappeda", "https://bappeda.example.go.id/", "badan")
RUPAT = Agency("rupat", "Kecamatan Rupat", "https://rupat.example.go.id/", "kecamatan")
JAN = date(2026, 1, 5)  # a Monday
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def verdict(
    agency_id: str,
    status: Status = Status.FRESH,
    days: int | None = 5,
    *,
    ppid: PpidStatus | None = PpidStatus.CURRENT,
    flags: tuple[str, ...] = (),
) -> SiteResult:
    return SiteResult(
        agency_id, status, None, days, flags=flags,
        ppid=PpidResult(ppid) if ppid is not None else None,
    )  # fmt: skip


def run(week: int, *verdicts: tuple[Agency, SiteResult]) -> RunVerdicts:
    return RunVerdicts(week + 1, JAN + timedelta(weeks=week), tuple(verdicts))


# -- the judge ------------------------------------------------------------------------


def test_weights_sum_to_a_hundred_and_the_score_is_their_weighted_sum():
    assert sum(w.percent for w in WEIGHTS) == 100
    assert [w.measure for w in WEIGHTS] == ["fresh", "ppid_current", "reachable", "incident_free"]
    assert combined_score(4, 4, 4, 4, 0) == 100
    assert combined_score(4, 0, 0, 0, 4) == 0
    # 40 × 2/4 + 25 × 1/4 + 20 × 3/4 + 15 × 3/4 = 20 + 6.25 + 15 + 11.25 = 52.5: half up.
    assert combined_score(4, 2, 1, 3, 1) == 53
    # 40 × 1/3 + 20 + 15 = 48.33…
    assert combined_score(3, 1, 0, 3, 0) == 48
    incidents = {Flag.GAMBLING_SPAM, Flag.PARKED_DOMAIN, Flag.TLS_ERROR, Flag.REDIRECTS_OFFSITE}
    assert set(KIND_FLAG.values()) == incidents


def test_each_measure_over_the_agencys_runs():
    card = scorecard(*YEAR, [
        run(0, (DISDIK, verdict("disdik", Status.FRESH, 3))),
        run(1, (DISDIK, verdict("disdik", Status.AGING, 40, ppid=PpidStatus.OUTDATED))),
        run(2, (DISDIK, verdict("disdik", Status.UNREACHABLE, None, ppid=PpidStatus.UNKNOWN))),
        run(3, (DISDIK, verdict("disdik", Status.FRESH, 10, flags=("gambling-spam", "flaky")))),
    ])  # fmt: skip
    (item,) = card.scores
    assert (item.runs, item.fresh_runs, item.ppid_current_runs) == (4, 2, 2)
    assert (item.reachable_runs, item.incident_runs, item.dated_runs) == (3, 1, 3)
    assert item.median_days == 10  # of 3, 40, 10: the undated run is not a day count
    assert item.fresh_share == 0.5 and item.reachable_share == 0.75
    # 40 × 2/4 + 25 × 2/4 + 20 × 3/4 + 15 × 3/4 = 20 + 12.5 + 15 + 11.25 = 58.75
    assert item.score == combined_score(4, 2, 2, 3, 1) == 59
    assert (item.first_as_of, item.last_as_of) == (JAN, JAN + timedelta(weeks=3))
    assert card.run_ids == (1, 2, 3, 4) and card.runs == 4
    assert not item.joined_mid_period and item.rank == 1


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two_and_none_when_undated():
    undated = (DINKES, verdict("dinkes", Status.UNDATED, None))
    runs = [
        run(w, (DISDIK, verdict("disdik", days=d)), undated) for w, d in enumerate([4, 10, 7, 1])
    ]
    card = scorecard(*YEAR, runs)
    by_id = {s.agency.id: s for s in card.scores}
    assert by_id["disdik"].median_days == 5.5
    assert by_id["dinkes"].median_days is None and by_id["dinkes"].dated_runs == 0


def test_ranked_best_first_ties_by_median_days_then_undated_last():
    week = run(
        0,
        (DISDIK, verdict("disdik", days=20)),
        (DINKES, verdict("dinkes", days=3)),  # same score as disdik, newer news: ahead
        (BAPPEDA, verdict("bappeda", Status.UNDATED, None)),  # never dated: behind its equal
        (RUPAT, verdict("rupat", Status.STALE, 150)),
    )
    card = scorecard(*YEAR, [week])
    assert [(s.agency.id, s.score, s.median_days, s.rank) for s in card.scores] == [
        ("dinkes", 100, 3, 1),
        ("disdik", 100, 20, 2),
        ("rupat", 60, 150, 3),
        ("bappeda", 60, None, 4),
    ]


def test_higher_score_always_ranks_first_and_equals_share_a_rank():
    week = run(
        0,
        (DISDIK, verdict("disdik", days=20)),
        (DINKES, verdict("dinkes", days=20)),  # equal on score and median: same rank
        (BAPPEDA, verdict("bappeda", Status.UNDATED, None)),
        (RUPAT, verdict("rupat", Status.STALE, 150, ppid=None)),
    )
    card = scorecard(*YEAR, [week])
    assert [(s.agency.id, s.score, s.rank) for s in card.scores] == [
        ("dinkes", 100, 1),  # by name among equals: Dinas Kesehatan < Dinas Pendidikan
        ("disdik", 100, 1),
        ("bappeda", 60, 3),
        ("rupat", 35, 4),
    ]


def test_an_agency_that_joined_mid_period_is_scored_on_its_own_runs_and_marked():
    card = scorecard(*YEAR, [
        run(0, (DISDIK, verdict("disdik", Status.STALE, 100))),
        run(1, (DISDIK, verdict("disdik", Status.STALE, 107))),
        run(2, (DISDIK, verdict("disdik")), (BAPPEDA, verdict("bappeda"))),
    ])  # fmt: skip
    by_id = {s.agency.id: s for s in card.scores}
    joined = by_id["bappeda"]
    assert joined.joined_mid_period and joined.runs == 1 and joined.score == 100
    assert joined.first_as_of == JAN + timedelta(weeks=2)
    assert not by_id["disdik"].joined_mid_period and by_id["disdik"].runs == 3
    assert [s.agency.id for s in card.scores] == ["bappeda", "disdik"]


def test_runs_outside_the_period_are_left_out_and_agencies_without_a_run_absent():
    runs = [
        run(0, (RUPAT, verdict("rupat")), (DISDIK, verdict("disdik"))),  # 5 January
        run(1, (DISDIK, verdict("disdik", Status.STALE, 100))),
        run(2, (DISDIK, verdict("disdik", Status.STALE, 107))),
    ]
    card = scorecard(JAN + timedelta(days=1), date(2026, 12, 31), runs)
    assert [s.agency.id for s in card.scores] == ["disdik"]  # rupat's only run is outside
    assert card.scores[0].runs == 2 and not card.scores[0].joined_mid_period
    assert card.first_run_as_of == JAN + timedelta(weeks=1)
    empty = scorecard(date(2025, 1, 1), date(2025, 12, 31), runs)
    assert empty.scores == () and empty.runs == 0 and empty.first_run_as_of is None


def test_the_latest_configuration_names_the_agency():
    renamed = Agency("disdik", "Dinas Pendidikan dan Kebudayaan", DISDIK.url, "dinas")
    card = scorecard(
        *YEAR, [run(0, (DISDIK, verdict("disdik"))), run(1, (renamed, verdict("disdik")))]
    )
    assert card.scores[0].agency.name == "Dinas Pendidikan dan Kebudayaan"


# -- the store and the period ---------------------------------------------------------

START = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def store_run(
    store: Store, week: int, verdicts: list[tuple[Agency, SiteResult]],
    state: RunState = RunState.COMPLETE,
) -> int:  # fmt: skip
    """A run of `week` weeks after 5 January 2026 with these verdicts, ended in `state`."""
    started = START + timedelta(weeks=week)
    run_id = store.start_run(started, started.date(), [a for a, _ in verdicts])
    finished = started + timedelta(minutes=5)
    if state == RunState.COMPLETE:
        store.complete_run(run_id, [r for _, r in verdicts], finished_at=finished, reason="ok")
    else:  # verdicts written, then the run ended otherwise: none of them may count
        store.save_results(run_id, [r for _, r in verdicts])
        store.finish_run(run_id, state=state, finished_at=finished, reason=str(state))
    return run_id


@pytest.fixture
def year_store(tmp_path) -> Store:
    """disdik fresh throughout; dinkes stale, once unreachable with a bad certificate; bappeda
    joins in week 2; runs that did not complete say everybody was abandoned."""
    store = Store(tmp_path / "f.db")
    stale = PpidStatus.OUTDATED
    store_run(store, 0, [
        (DISDIK, verdict("disdik", days=2)),
        (DINKES, verdict("dinkes", Status.STALE, 120, ppid=stale)),
    ])  # fmt: skip
    store_run(store, 1, [
        (DISDIK, verdict("disdik", days=9)),
        (DINKES, verdict("dinkes", Status.UNREACHABLE, None, ppid=PpidStatus.UNKNOWN,
                         flags=("tls-error",))),
    ])  # fmt: skip
    bad = [(a, verdict(a.id, Status.ABANDONED, 400, ppid=None, flags=("gambling-spam",)))
           for a in (DISDIK, DINKES, BAPPEDA)]  # fmt: skip
    store_run(store, 1, bad, RunState.NETWORK_FAILURE)
    store_run(store, 2, bad, RunState.INTERRUPTED)
    store_run(store, 2, bad, RunState.FAILED)
    store_run(store, 2, [
        (DISDIK, verdict("disdik", days=4)),
        (DINKES, verdict("dinkes", Status.STALE, 134, ppid=stale)),
        (BAPPEDA, verdict("bappeda", Status.AGING, 40)),
    ])  # fmt: skip
    return store


def test_only_complete_runs_are_counted(year_store):
    card = gather(year_store, *YEAR)
    assert card.runs == 3
    assert [s.agency.id for s in card.scores] == ["disdik", "bappeda", "dinkes"]
    disdik, bappeda, dinkes = card.scores
    assert (disdik.runs, disdik.score, disdik.median_days, disdik.incident_runs) == (3, 100, 4, 0)
    assert (dinkes.runs, dinkes.reachable_runs, dinkes.incident_runs) == (3, 2, 1)
    assert dinkes.median_days == 127  # of 120 and 134
    assert bappeda.runs == 1 and bappeda.joined_mid_period  # failed runs do not count as seen


def test_the_store_gives_the_complete_runs_of_a_period(year_store):
    runs = year_store.complete_runs_between(JAN, JAN + timedelta(weeks=1))
    assert [(r.id, r.as_of) for r in runs] == [(1, JAN), (2, JAN + timedelta(weeks=1))]
    assert [r.id for r in year_store.complete_runs_between(*YEAR, up_to=2)] == [1, 2]
    assert year_store.complete_runs_between(date(2027, 1, 1), date(2027, 12, 31)) == []


# -- `freshness scorecard` ------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(cli.main, ["scorecard", *args])


def test_text_table_ranked_with_the_method_and_the_mark(year_store):
    done = invoke(f"--db={year_store.path}", "--from", "2026-01-01", "--to", "2026-12-31")
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert (
        lines[0]
        == "scorecard 2026-01-01 .. 2026-12-31: 3 complete run(s), 2026-01-05 .. 2026-01-19"
    )
    assert "40% fresh + 25% ppid-current + 20% reachable + 15% incident-free" in lines[1]
    table = [line.split() for line in lines[3:6]]
    assert [row[8] for row in table] == ["disdik", "bappeda", "dinkes"]
    assert table[0][:8] == ["1", "100", "100.0", "4", "100.0", "100.0", "0", "3"]
    assert lines[4].endswith("Bappeda *") and lines[-1].startswith("* joined mid-period")


def test_csv_has_the_fields_and_is_written_whole_with_o(year_store, tmp_path):
    target = tmp_path / "scorecard.csv"
    done = invoke(
        f"--db={year_store.path}", "--format", "csv", "-o", str(target), "--to", "2026-12-31"
    )
    assert done.exit_code == 0 and done.output == ""
    text = target.read_bytes().decode()
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(FIELDS)
    assert [(r["rank"], r["id"], r["joined_mid_period"]) for r in rows] == [
        ("1", "disdik", "false"), ("2", "bappeda", "true"), ("3", "dinkes", "false"),
    ]  # fmt: skip
    dinkes = rows[2]
    assert dinkes["median_days"] == "127" and dinkes["reachable_pct"] == "66.7"
    assert (dinkes["period_from"], dinkes["period_to"]) == ("2026-01-01", "2026-12-31")
    assert text == to_csv(gather(year_store, *YEAR))


def test_the_default_period_is_this_calendar_year_in_jakarta(year_store, monkeypatch):
    # 18:00 UTC on 31 December 2025 is already 1 January 2026 in Jakarta.
    monkeypatch.setattr(cli, "now_utc", lambda: datetime(2025, 12, 31, 18, 0, tzinfo=UTC))
    done = invoke(f"--db={year_store.path}", "--format", "csv")
    assert done.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(done.output)))) == 3
    monkeypatch.setattr(cli, "now_utc", lambda: datetime(2025, 12, 31, 16, 0, tzinfo=UTC))
    done = invoke(f"--db={year_store.path}")
    assert done.exit_code == 0
    assert done.output.startswith("scorecard 2025-01-01 .. 2025-12-31: no complete run")


def test_one_bound_takes_the_year_of_the_other(year_store):
    done = invoke(f"--db={year_store.path}", "--from", "2026-01-12")
    assert done.output.startswith("scorecard 2026-01-12 .. 2026-12-31: 2 complete run(s)")
    done = invoke(f"--db={year_store.path}", "--to", "2026-01-12")
    assert done.output.startswith("scorecard 2026-01-01 .. 2026-01-12: 2 complete run(s)")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--from", "2026-13-01"], "--from"),
        (["--from", "20260101"], "--from"),
        (["--to", "yesterday"], "--to"),
        (["--to", "2026-02-30"], "--to"),
        (["--from", "2026-W01-1"], "--from"),
        (["--from", "\uff12\uff10\uff12\uff16-01-01"], "--from"),  # full-width digits
        (["--from", "2026-06-01", "--to", "2026-05-31"], "--from"),
        (["--format", "xlsx"], "--format"),
    ],
)
def test_bad_dates_are_one_line_and_exit_2_naming_the_option(year_store, args, option):
    done = invoke(f"--db={year_store.path}", *args)
    assert done.exit_code == 2
    message = done.output.strip().splitlines()
    assert option in message[-1]
    if option != "--format":  # click's own usage error for a bad choice
        assert len(message) == 1 and message[0].startswith("Error: ")


def test_a_missing_database_is_exit_2(tmp_path):
    done = invoke(f"--db={tmp_path / 'none.db'}")
    assert done.exit_code == 2 and "no database" in done.output
    assert not (tmp_path / "none.db").exists()


# -- the report -----------------------------------------------------------------------


def test_the_report_has_the_years_scorecard_linked_from_every_page(year_store, tmp_path):
    now = START + timedelta(weeks=3)
    out = render_report(build_report(year_store, None, now), tmp_path / "public")
    page = lxml_html.parse(str(out / "scorecard.html")).getroot()
    rows = page.xpath("//table[@id='scorecard']/tbody/tr")
    assert [r.get("data-id") for r in rows] == ["disdik", "bappeda", "dinkes"]
    assert rows[0].xpath("./td[1]")[0].text_content().strip() == "1"
    assert rows[0].xpath(".//a/@href") == ["agencies/disdik.html"]
    assert (
        rows[1].get("class") == "joined"
        and "Mulai dipantau 19 Januari 2026" in rows[1].text_content()
    )
    assert "127" in rows[2].text_content()
    assert "66,7%" in rows[2].text_content()  # Indonesian decimal comma
    method = page.xpath("//section[@aria-labelledby='method-h']")[0].text_content()
    for weight in ("40%", "25%", "20%", "15%"):
        assert weight in method
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]
    assert page.xpath("//script/@src") == ["assets/report.js"]
    assert (out / "scorecard.csv").read_bytes().decode() == to_csv(
        gather(year_store, date(2026, 1, 1), date(2026, 1, 19))
    )
    for linking in (out / "index.html", out / "agencies" / "disdik.html"):
        links = lxml_html.parse(str(linking)).getroot().xpath("//nav//a/@href")
        assert any(link.endswith("scorecard.html") for link in links), linking


def test_the_report_scorecard_stops_at_the_reported_run_and_speaks_english(year_store, tmp_path):
    report = build_report(year_store, 1, START)
    assert report.scorecard is not None and report.scorecard.run_ids == (1,)
    out = render_report(report, tmp_path / "public", lang="en")
    text = (out / "scorecard.html").read_text(encoding="utf-8")
    assert "Scorecard 2026" in text and "How the score is computed" in text


def test_scorecard_csv_cells_never_start_a_formula(tmp_path):
    store = Store(tmp_path / "f.db")
    hostile = Agency(
        "evil", '=HYPERLINK("http://evil","x")', "https://evil.example.go.id/", "-dinas"
    )
    store_run(store, 0, [(hostile, verdict("evil"))])
    text = to_csv(gather(store, *YEAR))
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"].startswith("'=") and row["category"] == "'-dinas"
    assert "\x1b" not in to_text(gather(store, *YEAR))
