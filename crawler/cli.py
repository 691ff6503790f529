"""The `freshness` command: thin wrappers that parse arguments and call the library.

Exit codes: 0 ok, 1 the crawl did not finish (interrupted or failed), 2 usage or config
error (a bad path, database, option or config, named in one line), 3 another run holds the
lock, 4 the monitor's own network was down. No traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from crawler.config import (
    ConfigError,
    CrawlSettings,
    Fleet,
    NotifySettings,
    check_url,
    shown,
)
from crawler.inputs import (
    DEFAULT_DB,
    EXIT_INCOMPLETE,
    EXIT_NETWORK,
    EXIT_OK,
    database_folder,
    existing_folder,
    existing_store,
    fail,
    finite,
    load,
    locked,
    locked_store,
    open_store,
    protected_files,
    resolved_path,
    write_whole,
)
from crawler.judge.explain import diagnose
from crawler.judge.history import SEVERITY, removed, statuses_in, timelines, transitions
from crawler.model import SiteResult, jakarta_date, now_utc
from crawler.shard import Shard, shard_fleet
from crawler.store import RunState, Store, StoreError
from reports.check import check_json, explain
from reports.export import record, to_csv, to_json
from reports.wording import LANGUAGES, Words

if TYPE_CHECKING:
    from crawler.crawl import CrawlOutcome



F = TypeVar("F", bound=Callable[..., Any])

#: Bounds of numeric options: within SQLite's integers and Python's dates.
MAX_RUNS = 2**62
MAX_DAYS = 36_500

DEFAULT_CONFIG = "config/agencies.yaml"
DEFAULT_OUT = "public"

config_option = click.option(
    "--config",
    "config_path",
    default=DEFAULT_CONFIG,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The fleet configuration (agencies, thresholds, crawl settings).",
)
db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite database that keeps every run.",
)
log_option = click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    help="How much the crawl logs to stderr.",
)


def compose(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several click options as one decorator."""

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


run_log_options = compose(
    log_option,
    click.option(
        "--log-file", type=click.Path(dir_okay=False),
        help="Append the crawl log to this file instead of stderr.",
    ),
    click.option(
        "--quiet", "-q", is_flag=True,
        help="Print nothing but warnings and errors (for cron, which mails any output).",
    ),
)  # fmt: skip


#: OS errors that are the operator's to fix (a path), not a failure of the run.
_PATH_ERRNOS = {
    errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.EROFS,
    errno.ENAMETOOLONG, errno.ELOOP, errno.EEXIST, errno.ENOTEMPTY,
}  # fmt: skip


class FreshnessGroup(click.Group):
    """Maps every error a user can cause to one line and an exit code: no traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from reports.build import ReportError
        from reports.publish import PublishError

        try:
            return super().invoke(ctx)
        except (StoreError, PublishError, ReportError, ConfigError, LookupError) as exc:
            fail(str(exc))
        except sqlite3.OperationalError as exc:
            # A full disk, an I/O error: this run's work did not finish; earlier runs stay.
            fail(f"the database could not be written ({exc}); earlier runs are intact",
                  EXIT_INCOMPLETE)  # fmt: skip
        except sqlite3.DatabaseError as exc:
            fail(f"the database is damaged or not a database of this tool ({exc}); check --db")
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            if exc.errno in _PATH_ERRNOS:
                fail(f"{where}{exc.strerror or exc}; check the path and its permissions")
            # A full disk or an I/O error: the work did not finish; nothing earlier is lost.
            fail(f"{where}{exc.strerror or exc}", EXIT_INCOMPLETE)


@click.group(cls=FreshnessGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="agency-freshness")
def main() -> None:
    """Check whether government agency websites are kept up to date.

    \b
    Weekly from cron:   freshness run      (crawl, then publish the report to public/)
    One site now:       freshness check https://disdik.bengkaliskab.go.id
    """


@main.command()
@config_option
def validate(config_path: str) -> None:
    """Check the configuration without crawling anything.

    \b
    Example:
        freshness validate --config config/agencies.yaml
    """
    fleet = load(config_path)
    click.echo(f"OK: {config_path}: {len(fleet.agencies)} agencies")


@main.command()
@config_option
@click.option(
    "--from", "from_urls", multiple=True, metavar="URL",
    help="Start from this site too (repeatable): another regency's portal, a page listing "
    "agencies or villages.",
)
@click.option(
    "--depth", type=int, default=2, show_default=True,
    help="How many links away from a start page its site's own menu pages are followed (1-5).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml", show_default=True,
    help="YAML entries ready to paste, or one CSV row per site found.",
)
@click.option(
    "--write", is_flag=True,
    help="Also append the new sites to --config, every line commented out, for a person to "
    "review; the rest of the file is left byte for byte.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout."
)
@log_option
def discover(
    config_path: str, from_urls: tuple[str, ...], depth: int, fmt: str, write: bool,
    output: str | None, log_level: str,
) -> None:  # fmt: skip
    """Find the agency and village sites the portal links that the config lacks.

    From each `portal` of the config (and each --from URL), politely (the config's crawl
    settings and robots.txt), reads the portal's menus, section pages and sitemap, then asks
    each linked site under its domain (and each *.go.id / *.desa.id site its menus list)
    for its homepage. Prints the NEW sites as config entries marked as suggestions, then,
    as comments, the service apps kept apart (webmail, LPSE, JDIH…), the dead links and
    the count already configured. Nothing is written to the config unless --write.

    \b
    Examples:
        freshness discover
        freshness discover --from https://www.rohilkab.go.id/ --depth 3
        freshness discover --format csv -o sites.csv
        freshness discover --write && freshness validate
    """
    from crawler.discover import DEPTHS, append_to_config, run_discovery, start_urls, to_csv
    from crawler.discover import to_yaml as discovery_yaml

    fleet = load(config_path)
    if depth not in DEPTHS:
        fail(f"--depth must be {DEPTHS.start}-{DEPTHS.stop - 1} (got {depth})")
    for url in from_urls:
        try:
            check_url(url, fleet.crawl, allow="set crawl.allow_private_hosts: true in --config")
        except ConfigError as exc:
            fail(f"--from: {exc}")
    starts = start_urls(fleet, from_urls)
    if not starts:
        fail(f"{config_path} has no agency with category portal; give --from URL to start from")
    if output:
        existing_folder(output, "-o")
    if write and not os.access(resolved_path(config_path, "--config").parent, os.W_OK):
        fail(f"--write: the folder of {config_path} cannot be written; check its permissions")
    found = run_discovery(fleet, starts, depth=depth, log_level=log_level.upper())
    today = jakarta_date(now_utc())
    text = to_csv(found.discovery) if fmt == "csv" else discovery_yaml(found, today=today)
    if output:
        write_whole(resolved_path(output, "-o"), text)
    else:
        click.echo(text, nl=False)
    if write:
        appended = append_to_config(Path(config_path), found.discovery, today=today)
        told = f"appended {appended} suggestion(s), commented out, to {config_path}"
        click.echo(told if appended else f"nothing new to append to {config_path}", err=True)
    for url in found.silent:
        click.echo(
            f"{shown(url)} never answered, so nothing was read from it: check the network, "
            "the URL, or the site", err=True,
        )  # fmt: skip
    if found.silent:
        sys.exit(EXIT_INCOMPLETE)
    if found.stats.get("finish_reason", "finished") != "finished":
        click.echo(
            f"the discovery crawl stopped early ({found.stats['finish_reason']}): what it "
            "found so far is shown", err=True,
        )  # fmt: skip
        sys.exit(EXIT_INCOMPLETE)


@main.command()
@config_option
@db_option
@run_log_options
@click.option(
    "--only",
    multiple=True,
    metavar="ID",
    help="Crawl only this agency (repeatable); the others' latest verdicts carry over.",
)
@click.option(
    "--shard", metavar="I/N", callback=lambda _ctx, _param, value: _shard(value),
    help="Crawl only the I-th of N parts of the agencies (one machine's share); "
    "join the parts with `freshness merge`.",
)  # fmt: skip
def crawl(
    config_path: str, db_path: str, log_level: str, log_file: str | None, quiet: bool,
    only: tuple[str, ...], shard: Shard | None,
) -> None:  # fmt: skip
    """Crawl every agency in the configuration into a new run, then score it.

    \b
    Examples:
        freshness crawl --config config/agencies.yaml --db data/freshness.db
        freshness crawl --only disdik --only dinkes    # re-check two, keep the rest
        freshness crawl --shard 2/3 --db shard-2.db    # machine 2 of 3 (see merge)
    """
    if only and shard is not None:
        fail("--only and --shard do not go together: a shard is already a part of the fleet")
    logs = LogChoice(log_level, log_file, quiet)
    outcome = _crawl_and_print(config_path, db_path, logs, only=only, shard=shard)
    sys.exit(_exit_code(outcome))


def _shard(value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return Shard.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@main.command()
@db_option
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
def merge(db_path: str, shards: tuple[str, ...]) -> None:
    """Merge the shards of one crawl into a new run of --db, and score it.

    Each SHARD is a database written by `freshness crawl --shard I/N`; its latest complete
    run is taken. Agencies must not repeat across shards, and the shards must share one
    config's thresholds and one week. The merged run is scored as of its newest shard's day.

    \b
    Example (three machines, then the report machine):
        freshness crawl --shard 1/3 --db shard-1.db      # on machine 1, and so on
        freshness merge --db data/freshness.db shard-1.db shard-2.db shard-3.db
        freshness report --db data/freshness.db --out public/
    """
    from crawler.merge import MergeError
    from crawler.merge import merge as merge_shards

    if resolved_path(db_path, "--db") in {resolved_path(s, "SHARD") for s in shards}:
        fail("merge: --db must be a database other than the shards")
    database_folder(db_path)
    with locked(db_path), open_store(db_path) as store:
        try:
            merged = merge_shards(store, [Path(s) for s in shards])
        except MergeError as exc:
            fail(f"merge: {exc}")
    for shard in merged.shards:
        click.echo(f"{shard.path}: run {shard.run.id}, {len(shard.agencies)} agencies")
    click.echo(f"run {merged.run_id}: complete ({len(merged.results)} agencies scored)")


run_option = click.option(
    "--run", "run_id", type=click.IntRange(1, MAX_RUNS),
    help="Run number (default: the latest complete run).",
)  # fmt: skip
out_option = click.option(
    "--out",
    "out_dir",
    default=DEFAULT_OUT,
    show_default=True,
    type=click.Path(file_okay=False),
    help="The folder the static report is published to (replaced as a whole).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="id",
    show_default=True,
    help="Report language: Indonesian or English.",
)


@main.command()
@db_option
@click.argument("agency", required=False)
@click.option(
    "--runs", "run_count", type=click.IntRange(1, MAX_RUNS), default=8, show_default=True
)
def history(db_path: str, agency: str | None, run_count: int) -> None:
    """Print status and days since update over the last complete runs.

    With AGENCY, one line per run; without, one line per agency with its last runs side by
    side and how it changed since the run before (worse, better, new).

    \b
    Examples:
        freshness history
        freshness history disdik --runs 20
    """
    with existing_store(db_path) as store:
        runs = store.complete_runs(limit=run_count)
        if not runs:
            fail(f"{db_path} holds no complete run yet")
        history_points = store.status_history([r.id for r in runs])
    lines = timelines([(r.id, r.as_of) for r in runs], history_points)
    if agency is not None:
        if agency not in lines:
            fail(f"no agency {agency!r} in the last {len(runs)} complete runs")
        click.echo(f"{'run':>5}  {'as of':<10}  {'status':<12} days")
        for point in lines[agency]:
            days = "-" if point.days_since_update is None else str(point.days_since_update)
            click.echo(f"{point.run_id:>5}  {point.as_of}  {point.status:<12} {days}")
        return
    latest = runs[-1]
    current = statuses_in(lines, latest.id)
    previous = statuses_in(lines, runs[-2].id) if len(runs) > 1 else None
    moves = transitions(current, previous)
    click.echo(f"runs {runs[0].id}..{latest.id} ({runs[0].as_of} .. {latest.as_of}), oldest first")
    for agency_id in sorted(current, key=lambda a: (-SEVERITY[current[a]], a)):
        cells = " ".join(_cell(p.status, p.days_since_update) for p in lines[agency_id])
        click.echo(f"{agency_id:<24} {moves[agency_id].change:<6} {cells}")
    for agency_id in removed(current, previous):
        click.echo(f"{agency_id:<24} gone   (not in run {latest.id})")


def _cell(status: str, days: int | None) -> str:
    return f"{status}({days})" if days is not None else status


@main.command()
@db_option
@click.option(
    "--from", "first", metavar="DATE",
    help="First day of the period, YYYY-MM-DD (default: 1 January of --to's year, or of this "
    "year).",
)
@click.option(
    "--to", "last", metavar="DATE",
    help="Last day of the period, YYYY-MM-DD (default: 31 December of --from's year, or of "
    "this year).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "csv"]), default="text", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout."
)
def scorecard(
    db_path: str, first: str | None, last: str | None, fmt: str, output: str | None
) -> None:  # fmt: skip
    """Rank the agencies over a period, for the yearly transparency award.

    From the complete runs whose day lies in the period (default: this calendar year, in
    Jakarta): the share of runs fresh, the median days since update, the share with current
    PPID periodic information, the share reachable, the runs with an incident, and a score
    0-100 (40% fresh, 25% PPID current, 20% reachable, 15% incident-free). Agencies first
    checked mid-period are scored on their own runs and marked.

    \b
    Examples:
        freshness scorecard
        freshness scorecard --from 2026-01-01 --to 2026-06-30 --format csv -o semester-1.csv
    """
    from reports.scorecard import gather, to_csv, to_text

    start, end = _period(first, last)
    if output:
        existing_folder(output, "-o")
    with existing_store(db_path) as store:
        card = gather(store, start, end)
    text = to_csv(card) if fmt == "csv" else to_text(card)
    if output:
        write_whole(resolved_path(output, "-o"), text)
    else:
        click.echo(text, nl=False)


def _period(first: str | None, last: str | None) -> tuple[date, date]:
    """The scorecard's period from --from/--to: a missing bound takes the calendar year of
    the other one, or this year's (Jakarta); exit 2 naming the option that is wrong."""
    start = _day(first, "--from")
    end = _day(last, "--to")
    year = jakarta_date(now_utc()).year
    start = start or date((end or date(year, 1, 1)).year, 1, 1)
    end = end or date(start.year, 12, 31)
    if start > end:
        fail(f"--from {start} is after --to {end}; give a period that starts before it ends")
    return start, end


def _day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD day, strictly (fromisoformat also takes 20260101 and week dates)."""
    if value is None:
        return None
    with contextlib.suppress(ValueError):
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return date.fromisoformat(value)
    fail(f"{option} {shown(value)} is not a date; give YYYY-MM-DD, e.g. 2026-01-01")


@main.command()
@db_option
@click.option(
    "--keep-runs", type=click.IntRange(0, MAX_RUNS), help="Keep the details of the newest N runs."
)
@click.option(
    "--older-than", "older_than_days", type=click.IntRange(1, MAX_DAYS),
    help="Prune runs whose day is more than DAYS days ago.",
)  # fmt: skip
@click.option("--vacuum", is_flag=True, help="Give the freed space back to the disk afterwards.")
def prune(db_path: str, keep_runs: int | None, older_than_days: int | None, vacuum: bool) -> None:
    """Delete old runs' fetched pages and evidence; every run's verdicts are kept.

    \b
    Examples:
        freshness prune --keep-runs 12 --vacuum
        freshness prune --older-than 365
    """
    if keep_runs is None and older_than_days is None:
        fail("say what to prune: --keep-runs N and/or --older-than DAYS")
    before = None
    if older_than_days is not None:
        before = jakarta_date(now_utc()) - timedelta(days=older_than_days)
    with locked_store(db_path) as store:
        pruned = store.prune(keep_runs=keep_runs, before=before)
        if vacuum:
            store.vacuum()
    listed = ", ".join(map(str, pruned)) if pruned else "none"
    click.echo(f"pruned the details of {len(pruned)} run(s): {listed}; results kept")


@main.command()
@db_option
@out_option
@lang_option
@run_option
def report(db_path: str, out_dir: str, lang: str, run_id: int | None) -> None:
    """Publish the static HTML report of a run (default: the latest complete run).

    Writes index.html, agencies/<id>.html, results.csv, results.json and changes.atom; the
    folder is swapped in whole, so a web server never serves half a report.

    \b
    Examples:
        freshness report --db data/freshness.db --out public/
        freshness report --lang en --out public-en/
    """
    with existing_store(db_path) as store:
        try:
            _publish(store, run_id, out_dir, lang, protected=protected_files(db_path))
        except LookupError as exc:
            fail(f"--db {db_path}: {exc}")


@main.command()
@config_option
@db_option
@out_option
@lang_option
@run_log_options
@click.option(
    "--notify", "notify_after", is_flag=True,
    help="After a complete run and its report, e-mail the notices (as `freshness notify`); "
    "exit 1 if one could not be sent.",
)  # fmt: skip
def run(
    config_path: str, db_path: str, out_dir: str, lang: str, log_level: str,
    log_file: str | None, quiet: bool, notify_after: bool,
) -> None:  # fmt: skip
    """Crawl every agency, then publish the report: the weekly cron entry point.

    With --notify, the run's notices go out after the report (in --lang). A notice that
    could not be sent does not undo the run or the report: the command exits 1, and
    `freshness notify` sends what is left.

    \b
    Example (crontab, Mondays 02:00):
        0 2 * * 1  cd /srv/freshness && freshness run --quiet --notify --log-file data/crawl.log
    """
    from reports.publish import checked_out_dir

    protected = protected_files(db_path, config_path, log_file)
    checked_out_dir(Path(out_dir), protected)  # before an hour of crawling, not after
    mail = _mail(config_path) if notify_after else None  # the same: config and password
    outcome = _crawl_and_print(config_path, db_path, LogChoice(log_level, log_file, quiet))
    if outcome.state in (RunState.COMPLETE, RunState.NETWORK_FAILURE):
        # After a network failure the report keeps the last good verdicts and says why (on
        # a first run: that nothing could be checked).
        with open_store(db_path) as store:
            _publish(store, None, out_dir, lang, quiet=quiet, protected=protected)
    else:
        click.echo("the crawl did not finish; the published report is left as it was", err=True)
    code = _exit_code(outcome)
    if mail is not None and outcome.state == RunState.COMPLETE:
        with locked(db_path), open_store(db_path) as store:
            code = _send_notices(store, mail, outcome.run_id, lang, quiet=quiet)
    elif mail is not None:
        click.echo("no notice was sent: notices follow complete runs only", err=True)
    sys.exit(code)


def _exit_code(outcome: CrawlOutcome) -> int:
    if outcome.state == RunState.COMPLETE:
        return EXIT_OK
    if outcome.state == RunState.NETWORK_FAILURE:
        click.echo(
            f"run {outcome.run_id}: (nearly) every site failed at the network level; this "
            "machine's network, DNS or proxy is down. No agency was judged on this run.",
            err=True,
        )
        return EXIT_NETWORK
    return EXIT_INCOMPLETE


@dataclass(frozen=True, slots=True)
class LogChoice:
    level: str
    file: str | None
    quiet: bool

    @property
    def effective_level(self) -> str:
        """--quiet silences the terminal; a log file still gets the whole log at --log-level
        (the operator reads it when cron reports a failure)."""
        quieted = self.quiet and self.file is None and self.level.upper() in ("DEBUG", "INFO")
        return "WARNING" if quieted else self.level

    def check_file(self) -> None:
        """Fail before the run starts, not after, when the log file cannot be written."""
        if self.file is None:
            return
        existing_folder(self.file, "--log-file")
        with open(self.file, "a", encoding="utf-8"):
            pass


def _crawl_and_print(
    config_path: str,
    db_path: str,
    logs: LogChoice,
    *,
    only: Sequence[str] = (),
    shard: Shard | None = None,
) -> CrawlOutcome:
    from crawler.crawl import crawl as run_crawl

    fleet = load(config_path)
    try:
        count = len(fleet.only(only).agencies) if only else len(fleet.agencies)
    except ConfigError as exc:
        fail(f"--only: {exc}")
    if shard is not None:
        count = len(shard_fleet(fleet, shard).agencies)
    logs.check_file()
    database_folder(db_path)
    with locked(db_path), _progress_bar(count, logs) as progress, open_store(db_path) as store:
        outcome = run_crawl(
            fleet, store, config_path=config_path,
            log_level=logs.effective_level.upper(), log_file=logs.file, only=only,
            progress=progress, shard=shard,
        )  # fmt: skip
    if not logs.quiet:
        names = {a.id: a.name for a in fleet.agencies}
        by_age = sorted(outcome.results, key=lambda r: (-(r.days_since_update or 0), r.agency_id))
        for result in by_age:
            click.echo(_summary_line(result, names[result.agency_id]))
        click.echo(
            f"run {outcome.run_id}: {outcome.state} ({len(outcome.results)} agencies scored)"
        )
    return outcome


@contextlib.contextmanager
def _progress_bar(count: int, logs: LogChoice) -> Iterator[Callable[[str], None] | None]:
    """A progress bar on a terminal whose stderr is not also taking the INFO log."""
    logging_to_terminal = logs.file is None and logs.effective_level.upper() in ("DEBUG", "INFO")
    if logs.quiet or logging_to_terminal or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=count, label="agencies", file=sys.stderr) as bar:
        yield lambda _agency_id: bar.update(1)


def _publish(
    store: Store, run_id: int | None, out_dir: str, lang: str, *, quiet: bool = False,
    protected: Sequence[Path] = (),
) -> None:  # fmt: skip
    from reports.build import build_report
    from reports.render import render_report

    built = build_report(store, run_id, now_utc())
    out = render_report(built, Path(out_dir), lang=lang, protected=protected)
    if not quiet:
        click.echo(
            f"report of run {built.run.id} ({len(built.agencies)} agencies): {out}/index.html"
        )


@main.command()
@config_option
@db_option
@run_option
@click.option(
    "--dry-run", "dry_run", metavar="DIR", type=click.Path(file_okay=False),
    help="Write the messages as .eml files into DIR (new, empty, or holding only this "
    "command's .eml files) instead of sending them; nothing is recorded.",
)  # fmt: skip
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="id", show_default=True,
    help="Language of the messages: Indonesian or English.",
)  # fmt: skip
def notify(
    config_path: str, db_path: str, run_id: int | None, dry_run: str | None, lang: str
) -> None:  # fmt: skip
    """E-mail the notices of a complete run (default: the latest complete run).

    Each agency whose status worsened since the previous complete run, or that has a new
    incident (gambling spam, a parked domain, a TLS certificate problem, a redirect to
    another site), is told at its `contact`; the office gets the run's digest at
    notify.office. A notice is sent once per run: the store records it, so running this
    again sends only what is left (a failed send). Exit 1 if a notice could not be sent.

    \b
    Examples:
        freshness notify
        freshness notify --run 12 --dry-run notices/    # look before sending
    """
    from crawler.notify import NotifyError, check_dry_run_folder

    mail = _mail(config_path, login=dry_run is None)  # a dry run needs no password
    if dry_run is not None:
        try:
            check_dry_run_folder(resolved_path(dry_run, "--dry-run"))
        except NotifyError as exc:
            fail(str(exc))
    with locked_store(db_path) as store:
        folder = resolved_path(dry_run, "--dry-run") if dry_run is not None else None
        code = _send_notices(store, mail, run_id, lang, dry_run=folder)
    sys.exit(code)


@dataclass(frozen=True, slots=True)
class MailChoice:
    """What sending notices takes, checked before anything else is done."""

    fleet: Fleet
    settings: NotifySettings
    password: str | None  # None: no login (or a dry run)


def _mail(config_path: str, *, login: bool = True) -> MailChoice:
    """The config's notify: block and the password it names, or exit 2 saying what is
    missing."""
    from crawler.notify import NotifyError, password_of

    fleet = load(config_path)
    if fleet.notify is None:
        fail(f"{config_path} has no notify: block; add one (from, smtp_host, office…) to "
              "send notices")  # fmt: skip
    try:
        password = password_of(fleet.notify, os.environ) if login else None
    except NotifyError as exc:
        fail(str(exc))
    return MailChoice(fleet, fleet.notify, password)


def _send_notices(
    store: Store, mail: MailChoice, run_id: int | None, lang: str, *,
    dry_run: Path | None = None, quiet: bool = False,
) -> int:  # fmt: skip
    """Send (or write, for a dry run) the notices of a run that are not sent yet; print
    what happened. EXIT_INCOMPLETE when one could not be sent."""
    from crawler.notify import NotifyError, plan_notices, run_to_notify, send, write_dry_run

    say: Callable[[str], None] = (lambda _line: None) if quiet else click.echo
    try:
        run = run_to_notify(store, run_id)
        plan = plan_notices(store, mail.fleet, mail.settings, run, Words(lang))
        written = write_dry_run(plan, mail.settings, dry_run) if dry_run is not None else []
    except NotifyError as exc:
        fail(str(exc))
    before = plan.previous
    compared = f"compared with run {before.id} ({before.as_of})" if before else "the first one"
    say(f"run {run.id} ({run.as_of}): {compared}")
    if plan.without_contact:
        say(f"not told, no contact in the config: {', '.join(plan.without_contact)}")
    if not mail.settings.office:
        say("no digest: notify.office is not set")
    if plan.already_sent:
        say(f"already sent for run {run.id}: {len(plan.already_sent)} notice(s), not sent again")
    if dry_run is not None:
        for path in written:
            say(f"wrote {path}")
        say(f"dry run: {len(written)} message(s) written; nothing sent or recorded")
        return EXIT_OK
    if not plan.due:
        say(f"run {run.id}: nothing more to send")
        return EXIT_OK
    delivery = send(plan, mail.settings, mail.password, store)
    for notice in delivery.sent:
        say(f"sent {notice.label} to {notice.recipient}")
    for notice, why in delivery.failed:
        click.echo(f"Error: {notice.label} to {notice.recipient} not sent: {why}", err=True)
    if delivery.failed:
        click.echo(
            f"run {run.id}: {len(delivery.sent)} notice(s) sent, {len(delivery.failed)} not; "
            f"`freshness notify --run {run.id}` sends those", err=True,
        )  # fmt: skip
        return EXIT_INCOMPLETE
    say(f"run {run.id}: {len(delivery.sent)} notice(s) sent")
    return EXIT_OK


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@run_option
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout."
)
def export(db_path: str, fmt: str, run_id: int | None, output: str | None) -> None:
    """Print a run's verdicts, one record per agency.

    \b
    Examples:
        freshness export --format json
        freshness export --format csv --run 3 -o results.csv
    """
    from reports.build import site_list

    if output:
        existing_folder(output, "-o")
    with existing_store(db_path) as store:
        run = store.run(run_id) if run_id is not None else store.latest_run()
        if run is None:
            fail(f"{db_path} holds no complete run yet")
        results = store.results(run.id)
        found = site_list(store, run.id, results)  # what the portal links: portal_listed
        listed = found.listed if found is not None else {}
        records = [record(row, run, portal_listed=listed.get(row.agency.id)) for row in results]
    text = to_json(records) if fmt == "json" else to_csv(records)
    if output:
        write_whole(resolved_path(output, "-o"), text)  # a link to a file: the file is replaced
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option(
    "--timeout", type=click.FloatRange(1, 300), default=20.0, show_default=True,
    callback=lambda _ctx, param, value: finite(param, value),
    help="Seconds per request (1-300).",
)
@click.option(
    "--max-pages", type=click.IntRange(2, 500), default=25, show_default=True,
    help="Request budget (2-500: robots.txt and the homepage at least).",
)  # fmt: skip
@click.option(
    "--allow-private-hosts", is_flag=True, help="Allow loopback/private IP addresses (testing)."
)
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="id", show_default=True,
    help="Language of the explanation: Indonesian or English (--json is the same in both).",
)  # fmt: skip
@log_option
def check(
    url: str, as_json: bool, timeout: float, max_pages: int, allow_private_hosts: bool,
    lang: str, log_level: str,
) -> None:  # fmt: skip
    """Check one site now and explain the verdict. Needs no config and no database.

    \b
    Examples:
        freshness check https://disdik.bengkaliskab.go.id
        freshness check --lang en https://disdik.bengkaliskab.go.id
    """
    from crawler.config import Agency
    from crawler.crawl import crawl as run_crawl

    settings = CrawlSettings(
        timeout_seconds=timeout, max_pages_per_site=max_pages,
        allow_private_hosts=allow_private_hosts, delay_seconds=0.5,
    )  # fmt: skip
    try:
        check_url(url, settings, allow="pass --allow-private-hosts")
    except ConfigError as exc:
        fail(str(exc))
    fleet = Fleet((Agency(id="site", name=url, url=url),), crawl=settings)
    with (
        tempfile.TemporaryDirectory(prefix="freshness-check-") as tmp,
        Store(Path(tmp) / "check.db") as store,
    ):
        outcome = run_crawl(fleet, store, log_level=log_level.upper(), diagnose=True)
        observation = store.observation(outcome.run_id, "site")
        as_of = store.run(outcome.run_id).as_of
    if not outcome.results:
        fail("the check was interrupted before it finished", EXIT_INCOMPLETE)
    diagnosis = diagnose(url, outcome.results[0], observation, as_of, outcome.set_aside)
    if as_json:
        click.echo(check_json(diagnosis))
    else:
        click.echo(explain(diagnosis, Words(lang)))


def _summary_line(result: SiteResult, name: str) -> str:
    when = result.last_updated.isoformat() if result.last_updated else "-"
    days = f"{result.days_since_update}d" if result.days_since_update is not None else "-"
    return f"{result.status:<12} {when:<10} {days:>6}  {result.agency_id:<20} {name}"
