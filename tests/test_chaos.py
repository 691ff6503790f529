"""Chaos: `freshness run` killed with SIGKILL at random moments must never leave damage behind.

A small fleet (four quick fixture sites) is crawled, scored and published again and again by
the real CLI in a subprocess, and each run is killed with SIGKILL at a moment drawn uniformly
within the duration of an unkilled run, so kills land during start-up, the crawl, scoring and
publishing. After every kill:

- the database passes `PRAGMA integrity_check`;
- at most the run just killed is still marked `running` (the next start marks earlier ones);
- the published folder is one whole report (the old one or a new one), never a mix, never
  empty or missing, and it never goes back to an older run;
- staging folders left beside it by a publish cut short do not pile up;
- the run lock is free again (the kernel releases an flock at kill -9), and no run in the
  loop ever stops with exit 3 (locked).

At the end one unkilled run must exit 0, leave no run `running`, and every killed run must be
`interrupted` or `failed`.

The rendered pages do not print the run id, so the pages of one report are tied together by
what they do print: results.json and results.csv carry `run_id`; index.html says when that
run started (in Jakarta time, to the minute) and how long it took; every page's footer carries
the one moment the report was generated; and every agency page's history chart has one point
per complete run up to the report's run.

Only this file selects it by name: `python -m pytest tests/test_chaos.py`. It takes about a
minute (KILLS kills, bounded by TIME_BUDGET_SECONDS).
"""

from __future__ import annotations

import csv
import fcntl
import html
import itertools
import json
import math
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reports.wording import Words

ROOT = Path(__file__).resolve().parent.parent
SITES = ["wp-fresh", "cms-bengkalis", "static-undated", "desa-opensid"]
SEED = 20261206
KILLS = 50
MIN_KILLS = 20  # fewer within the budget: the machine is too slow for the test to mean much
TIME_BUDGET_SECONDS = 120.0
MAX_STAGING_LEFT = 2  # staging folders a killed publish may leave beside the report
REPORT_FILES = ("index.html", "results.json", "results.csv", "changes.atom")
HISTORY_POINTS_CAP = 52  # reports/build.py HISTORY_RUNS: a year of weekly runs
LOCK_MESSAGE = "another run is still going"


@dataclass
class Chaos:
    work: Path  # config, database, logs
    site: Path  # holds only the published folder (and whatever a publish leaves beside it)
    kills: int = 0
    finished_unkilled: int = 0
    killed_runs: set[int] = field(default_factory=set)
    staging_counts: list[int] = field(default_factory=list)
    report_runs: list[int] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    newest_run: int = 0  # the newest run id before the current attempt
    phases: Counter[str] = field(default_factory=Counter)  # where the kills landed

    @property
    def config(self) -> Path:
        return self.work / "agencies.yaml"

    @property
    def db(self) -> Path:
        return self.work / "freshness.db"

    @property
    def out(self) -> Path:
        return self.site / "public"

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "crawler", "run", "--config", str(self.config),
            "--db", str(self.db), "--out", str(self.out), "--log-level", "ERROR",
        ]  # fmt: skip


def _start(chaos: Chaos, attempt: int) -> tuple[subprocess.Popen[bytes], Path]:
    output = chaos.work / f"attempt-{attempt % 2}.log"  # the current and the previous attempt
    with output.open("wb") as sink:
        proc = subprocess.Popen(
            chaos.command(), cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return proc, output


def _run_to_end(chaos: Chaos, attempt: int) -> tuple[int, str, float]:
    began = time.monotonic()
    proc, output = _start(chaos, attempt)
    code = proc.wait(timeout=120)
    return code, output.read_text(encoding="utf-8", errors="replace"), time.monotonic() - began


# -- what the database says ------------------------------------------------------------------


def _connect(db: Path) -> sqlite3.Connection:
    # Read-only, so the check does not checkpoint or repair what the next run must cope with.
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)


def _integrity(db: Path) -> list[tuple[str, ...]]:
    with _connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


@dataclass(frozen=True)
class RunRow:
    id: int
    state: str
    started_at: str
    finished_at: str | None


def _runs(db: Path) -> dict[int, RunRow]:
    conn = _connect(db)
    try:
        rows = conn.execute("SELECT id, state, started_at, finished_at FROM runs ORDER BY id")
        return {r[0]: RunRow(*r) for r in rows}
    finally:
        conn.close()


# -- what the published folder says ----------------------------------------------------------

FOOTER = re.compile(r'<footer class="bottom">\s*<p>(.*?)</p>', re.S)
CHART_POINT = re.compile(r'class="point status-')


def _report_problems(out: Path, runs: dict[int, RunRow]) -> tuple[int | None, list[str]]:
    """The run the published report shows, and everything wrong with it as a whole report."""
    if not out.is_dir():
        return None, [f"{out} is missing or not a folder"]
    problems = [f"{name} missing or empty" for name in REPORT_FILES if not _nonempty(out / name)]
    if problems:
        return None, problems
    try:
        records = json.loads((out / "results.json").read_text(encoding="utf-8"))
    except ValueError as exc:
        return None, [f"results.json is not whole JSON: {exc}"]
    run_ids = {r["run_id"] for r in records}
    if len(run_ids) != 1:
        return None, [f"results.json mixes runs {sorted(run_ids)}"]
    (run_id,) = run_ids
    ids = {r["id"] for r in records}
    with (out / "results.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if {int(r["run_id"]) for r in rows} != {run_id}:
        problems.append(f"results.csv run ids {sorted({r['run_id'] for r in rows})} != {run_id}")
    if {r["id"] for r in rows} != ids:
        problems.append("results.csv and results.json list different agencies")
    pages = (
        {p.stem for p in (out / "agencies").glob("*.html")}
        if (out / "agencies").is_dir()
        else set()
    )
    if pages != ids:
        problems.append(f"agency pages {sorted(pages)} != results.json ids {sorted(ids)}")
    run = runs.get(run_id)
    if run is None or run.state != "complete":
        problems.append(f"the report shows run {run_id}, which is {run and run.state!r}")
        return run_id, problems
    index = (out / "index.html").read_text(encoding="utf-8")
    words = Words("id")
    seconds = (
        None
        if run.finished_at is None
        else (
            datetime.fromisoformat(run.finished_at) - datetime.fromisoformat(run.started_at)
        ).total_seconds()
    )
    ran = html.escape(
        words.t(
            "crawl_ran", started=words.moment(run.started_at), duration=words.duration(seconds)
        ),
        quote=False,
    )
    if ran not in index:
        problems.append(f"index.html does not say run {run_id}'s start and duration ({ran!r})")
    footers = {"index.html": _footer(index)}
    complete_up_to = sum(1 for r in runs.values() if r.state == "complete" and r.id <= run_id)
    points_expected = min(complete_up_to, HISTORY_POINTS_CAP)
    for page in sorted(pages):
        text = (out / "agencies" / f"{page}.html").read_text(encoding="utf-8")
        if not text.rstrip().endswith("</html>"):
            problems.append(f"agencies/{page}.html is cut short")
        footers[f"agencies/{page}.html"] = _footer(text)
        points = len(CHART_POINT.findall(text))
        if points != points_expected:
            problems.append(
                f"agencies/{page}.html charts {points} runs; run {run_id}'s report has "
                f"{points_expected} complete runs up to it (a page of another report)"
            )
    if len(set(footers.values())) != 1:
        problems.append(f"pages generated at different moments: {footers}")
    if not index.rstrip().endswith("</html>"):
        problems.append("index.html is cut short")
    return run_id, problems


def _nonempty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def _footer(text: str) -> str | None:
    found = FOOTER.search(text)
    return found.group(1).strip() if found else None


def _leftovers(chaos: Chaos) -> list[str]:
    return sorted(p.name for p in chaos.site.iterdir() if p.name != chaos.out.name)


def _lock_held_for(db: Path, patience: float = 2.0) -> float:
    """Seconds the run lock stayed held after its holder was reaped (0: free at once); the
    kernel releases an flock when the process dies, so anything but 0 is worth a look."""
    path = Path(f"{db}.lock")
    if not path.exists():
        return 0.0
    fd = os.open(path, os.O_RDONLY)
    began = time.monotonic()
    try:
        for tries in itertools.count():
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() - began > patience:
                    return math.inf
                time.sleep(0.005)
            else:
                return time.monotonic() - began if tries else 0.0
        raise AssertionError("unreachable")
    finally:
        os.close(fd)


def _lock_holders() -> str:
    """/proc/locks lines of FLOCKs, to name who still holds a lock."""
    try:
        return "".join(line for line in Path("/proc/locks").read_text().splitlines(True)
                       if "FLOCK" in line)  # fmt: skip
    except OSError:
        return "?"


# -- the test --------------------------------------------------------------------------------


def _check_after(chaos: Chaos, attempt: int, what: str, output: str) -> None:
    """Everything that must hold after a process of the loop ended, killed or not."""
    where = f"attempt {attempt} ({what}); seed {SEED}"
    assert LOCK_MESSAGE not in output, f"{where}: the run found the lock held:\n{output[-2000:]}"
    held = _lock_held_for(chaos.db)
    if held:
        chaos.log.append(f"attempt {attempt}: lock held {held:.3f} s after the process was reaped")
    assert held < math.inf, (
        f"{where}: the run lock is still held 2 s after the process was reaped "
        f"(lock file: {Path(f'{chaos.db}.lock').read_text()!r}); /proc/locks:\n{_lock_holders()}"
    )
    assert _integrity(chaos.db) == [("ok",)], f"{where}: integrity_check {_integrity(chaos.db)}"
    runs = _runs(chaos.db)
    running = sorted(r.id for r in runs.values() if r.state == "running")
    assert running in ([], [max(runs)]), (
        f"{where}: runs {running} are still 'running'; only the one just killed may be "
        "(the next start marks killed runs)"
    )
    chaos.killed_runs.update(running)
    report_run, problems = _report_problems(chaos.out, runs)
    assert not problems, f"{where}: the published folder is not one whole report: {problems}"
    assert report_run is not None
    if chaos.report_runs:
        assert report_run >= chaos.report_runs[-1], (
            f"{where}: the report went back from run {chaos.report_runs[-1]} to {report_run}"
        )
    chaos.report_runs.append(report_run)
    newest = max(runs)
    if newest == chaos.newest_run:
        phase = "start-up (no run yet)"
    elif runs[newest].state == "running":
        phase = "crawl or scoring"
    elif report_run < newest:
        phase = "publishing"
    else:
        phase = "after publishing"
    chaos.phases[phase if what.startswith("killed") else "not killed"] += 1
    chaos.newest_run = newest
    leftovers = _leftovers(chaos)
    chaos.staging_counts.append(len(leftovers))
    assert len(leftovers) <= MAX_STAGING_LEFT, (
        f"{where}: {len(leftovers)} folders pile up beside {chaos.out.name}/: {leftovers}"
    )


def test_sigkill_at_random_moments_leaves_database_report_and_lock_sound(fleet, tmp_path):
    chaos = Chaos(work=tmp_path / "work", site=tmp_path / "site")
    chaos.work.mkdir()
    chaos.site.mkdir()
    fleet.write_config(chaos.config, sites=SITES, delay_seconds=0, timeout_seconds=3)

    # One complete run, so a report exists; two more, unkilled, give the kill window (the
    # shorter of the two: a busy machine makes one run slow, and kills past the end are lost).
    durations = []
    for attempt in (0, 1, 2):
        code, output, took = _run_to_end(chaos, attempt)
        assert code == 0, f"unkilled run {attempt} exited {code}:\n{output[-3000:]}"
        _check_after(chaos, attempt, "unkilled", output)
        durations.append(took)
    window = min(durations[1:])
    chaos.log.append(f"one unkilled run takes {window:.2f} s")

    rng = random.Random(SEED)
    began = time.monotonic()
    attempt = 3
    while chaos.kills < KILLS and time.monotonic() - began < TIME_BUDGET_SECONDS:
        delay = rng.uniform(0, window)
        proc, output_path = _start(chaos, attempt)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            code = proc.wait(timeout=30)
            what = f"killed after {delay:.3f} s"
            chaos.kills += 1
        else:
            code = proc.returncode
            what = f"ended by itself before {delay:.3f} s"
            chaos.finished_unkilled += 1
        output = output_path.read_text(encoding="utf-8", errors="replace")
        if what.startswith("ended"):
            assert code == 0, f"attempt {attempt} exited {code} unkilled:\n{output[-3000:]}"
        _check_after(chaos, attempt, what, output)
        attempt += 1

    code, output, _took = _run_to_end(chaos, attempt)
    assert code == 0, f"the run after {chaos.kills} kills exited {code}:\n{output[-3000:]}"
    _check_after(chaos, attempt, "final, unkilled", output)
    runs = _runs(chaos.db)
    assert not [r.id for r in runs.values() if r.state == "running"]
    left = {i: runs[i].state for i in sorted(chaos.killed_runs)}
    assert all(state in ("interrupted", "failed") for state in left.values()), left
    assert chaos.report_runs[-1] == max(runs), "the final run's report is not the one published"

    summary = (
        f"{chaos.kills} kills, {chaos.finished_unkilled} runs ended before their kill moment, "
        f"{len(chaos.killed_runs)} killed runs left 'running' and later marked; "
        f"folders beside the report after each attempt: max {max(chaos.staging_counts)}, "
        f"final {chaos.staging_counts[-1]} ({_leftovers(chaos)}); kills landed in: "
        f"{dict(chaos.phases)}; " + "; ".join(chaos.log)
    )
    print(summary)
    assert chaos.kills >= MIN_KILLS, f"only {summary} within {TIME_BUDGET_SECONDS} s"
