"""Properties of the CLI over hostile paths and option values: never a traceback, always a
documented exit code, exit 2 with one clear line for what is clearly wrong, and a user's files
are never touched.

Every invocation runs in-process with click's CliRunner. None may start a crawl (Twisted's
reactor cannot restart), so `crawler.crawl.crawl` is replaced for the whole module by a
function that raises `CrawlStarted`: a `crawl`, `run` or `check` given a bad value must refuse
it before crawling, and one that does not shows up as that exception. A few `check`/`run`
cases also run as real subprocesses at the end.

Documented exit codes (README): 0 ok, 1 the crawl did not finish, 2 usage or configuration
error, 3 the lock is held, 4 the network is down.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crawler.crawl
from crawler.cli import main

# On a failure hypothesis imports libcst (to propose an @example patch), whose import warns
# (mypy_extensions.TypedDict); warnings are errors in this project, and that one would hide
# the failure behind an INTERNALERROR. Import it once, quietly, now.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    with contextlib.suppress(ImportError):
        import libcst  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
EXIT_CODES = {0, 1, 2, 3, 4}
SITES = ["wp-fresh", "static-undated"]
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class CrawlStarted(Exception):
    """Raised instead of crawling: an in-process test must never start Scrapy."""


def _no_crawl(*_args: object, **_kwargs: object) -> None:
    raise CrawlStarted("the command started a crawl")


@pytest.fixture(scope="module", autouse=True)
def crawls_forbidden() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crawler.crawl, "crawl", _no_crawl)
        yield


# -- a real database and report, written by the real CLI ---------------------------------------


class Real:
    """Two complete runs of two fixture sites, and the report `freshness run` published.

    A plain class with a short repr: hypothesis prints fixtures with every falsifying example
    (and expands dataclasses field by field)."""

    def __init__(self, folder: Path, agencies: tuple[str, ...], run_ids: tuple[int, ...]) -> None:
        self.folder = folder
        self.db = folder / "freshness.db"
        self.report = folder / "public"
        self.agencies = agencies
        self.run_ids = run_ids
        #: The database as one file (checkpointed), to cut damaged copies from.
        self.whole = self.copy_db(folder / "whole.db").read_bytes()

    def __repr__(self) -> str:  # short: hypothesis prints it with every falsifying example
        return f"Real({self.folder})"

    def copy_db(self, to: Path) -> Path:
        """A private copy (checkpointed: one file) a test may damage or prune."""
        source = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        target = sqlite3.connect(to)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return to


@pytest.fixture(scope="module")
def real(fleet, tmp_path_factory) -> Real:
    folder = tmp_path_factory.mktemp("real")
    config = fleet.write_config(folder / "agencies.yaml", sites=SITES)
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "run", "--config", str(config),
             "--db", str(folder / "freshness.db"), "--out", str(folder / "public"),
             "--log-level", "ERROR"],
            capture_output=True, text=True, cwd=ROOT, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
    conn = sqlite3.connect(f"file:{folder / 'freshness.db'}?mode=ro", uri=True)
    try:
        run_ids = tuple(r[0] for r in conn.execute("SELECT id FROM runs ORDER BY id"))
    finally:
        conn.close()
    return Real(folder, tuple(SITES), run_ids)


# -- invoking and judging ---------------------------------------------------------------------


def invoke(args: Sequence[str], cwd: Path | None = None) -> Result:
    runner = CliRunner()
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        return runner.invoke(main, list(args), catch_exceptions=True)


def _shown(result: Result) -> str:
    return (
        f"exit {result.exit_code}\nstdout: {result.stdout[-1500:]}\nstderr: {result.stderr[-1500:]}"
    )


def assert_no_traceback(result: Result, args: Sequence[str]) -> None:
    """No Python traceback reaches the user, and the exit code is a documented one."""
    if isinstance(result.exception, CrawlStarted):
        raise AssertionError(f"{list(args)} started a crawl instead of refusing the input")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"{list(args)} raised instead of exiting cleanly:\n{trace[-3000:]}")
    assert "Traceback" not in result.output, f"{list(args)}: {_shown(result)}"
    assert result.exit_code in EXIT_CODES, f"{list(args)}: {_shown(result)}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def assert_usage_error(result: Result, args: Sequence[str], names: Sequence[str]) -> None:
    """Exit 2 and one line `Error: ...` that names the bad input (one of `names`), last on
    stderr (click's own usage errors print a usage line first, which is fine)."""
    assert_no_traceback(result, args)
    assert result.exit_code == 2, f"{list(args)}: expected exit 2; {_shown(result)}"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], (
        f"{list(args)}: expected one line starting 'Error:', last; {_shown(result)}"
    )
    line = _flat(errors[0])
    wanted = {_flat(n) for n in names if n} | {_flat(repr(n)[1:-1]) for n in names if n}
    assert any(n in line for n in wanted), (
        f"{list(args)}: the message does not name the bad input (any of {sorted(wanted)}): "
        f"{errors[0]!r}"
    )


def assert_ok(result: Result, args: Sequence[str]) -> None:
    assert_no_traceback(result, args)
    assert result.exit_code == 0, f"{list(args)}: expected exit 0; {_shown(result)}"


# -- hostile paths ----------------------------------------------------------------------------

#: A file or folder name with odd characters (no "/", NUL, control or line-break characters:
#: those cannot be in a name, or make "one line" meaningless).
names = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="/\x00"
    ),
    min_size=1,
    max_size=20,
).filter(lambda s: s not in (".", "..") and len(s.encode()) < 120 and s.strip() == s)

BAD_FILE_KINDS = (
    "missing", "dir", "random-bytes", "empty", "text", "truncated", "other-sqlite",
    "under-missing-folder", "symlink-loop", "dangling-symlink",
)  # fmt: skip


@dataclass(frozen=True)
class BadPath:
    kind: str
    path: Path
    names: tuple[str, ...]  # what the error message may call it
    content: bytes | None  # a file's bytes before the command, to compare after
    must_not_appear: Path | None  # a folder the command must not create


def make_bad_path(data: st.DataObject, base: Path, real: Real, kind: str) -> BadPath:
    name = data.draw(names, label="name")
    path = base / name
    content: bytes | None = None
    must_not_appear = None
    if kind == "dir":
        path.mkdir()
    elif kind == "random-bytes":
        content = data.draw(st.binary(min_size=1, max_size=4096), label="bytes")
    elif kind == "empty":
        content = b""
    elif kind == "text":
        content = data.draw(st.text(min_size=1, max_size=300), label="text").encode()
    elif kind == "truncated":
        whole = real.whole
        cut = data.draw(
            st.sampled_from([0, 10, 100, 512, 4096, len(whole) // 2, len(whole) - 4096]),
            label="truncated to",
        )
        content = whole[:cut]
    elif kind == "other-sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('my own notes')")
        conn.commit()
        conn.close()
        content = path.read_bytes()
    elif kind == "under-missing-folder":
        must_not_appear = base / f"no-{name}"
        path = must_not_appear / "deeper" / "x.db"
        return BadPath(kind, path, (str(path), f"no-{name}"), None, must_not_appear)
    elif kind == "symlink-loop":
        os.symlink(base / f"{name}.loop", path)
        os.symlink(path, base / f"{name}.loop")
    elif kind == "dangling-symlink":
        os.symlink(base / f"{name}.gone", path)
    if content is not None:
        path.write_bytes(content)
    return BadPath(kind, path, (str(path), name), content, must_not_appear)


def assert_untouched(bad: BadPath) -> None:
    if bad.content is not None:
        assert bad.path.read_bytes() == bad.content, f"{bad.kind} {bad.path} was changed"
        for suffix in ("-wal", "-shm", "-journal"):
            sidecar = Path(f"{bad.path}{suffix}")
            assert not sidecar.exists(), f"{bad.kind}: {sidecar} was created beside it"
    if bad.must_not_appear is not None:
        assert not bad.must_not_appear.exists(), f"{bad.must_not_appear} was created"


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="cli-props-") as folder:
        yield Path(folder)


def valid_config(folder: Path) -> Path:
    """A valid config (nothing is fetched: crawling is replaced in this module)."""
    path = folder / "agencies.yaml"
    path.write_text(
        "agencies:\n"
        "  - id: disdik\n    name: Dinas Pendidikan\n    url: https://disdik.example.go.id/\n"
        "    category: dinas\n",
        encoding="utf-8",
    )
    return path


DB_COMMANDS = ("export", "report", "history", "prune", "merge-db", "merge-shard", "crawl", "run",
               "scorecard", "notify")  # fmt: skip


def db_command(command: str, db: Path, base: Path, real: Real) -> list[str]:
    out = base / "report-out"
    if command == "export":
        return ["export", f"--db={db}"]
    if command == "report":
        return ["report", f"--db={db}", f"--out={out}"]
    if command == "history":
        return ["history", f"--db={db}"]
    if command == "scorecard":
        return ["scorecard", f"--db={db}"]
    if command == "prune":
        return ["prune", f"--db={db}", "--keep-runs=1"]
    if command == "merge-db":
        return ["merge", f"--db={db}", "--", str(real.db)]
    if command == "merge-shard":
        return ["merge", f"--db={base / 'merged.db'}", "--", str(db)]
    config = valid_config(base)
    if command == "crawl":
        return ["crawl", f"--config={config}", f"--db={db}", "--log-level=ERROR"]
    if command == "notify":  # a dry run: it needs no mail server nor password
        with config.open("a", encoding="utf-8") as text:
            text.write("notify:\n  office: kominfo@example.go.id\n  from: m@example.go.id\n"
                       "  smtp_host: mail.example.go.id\n")  # fmt: skip
        return ["notify", f"--config={config}", f"--db={db}", f"--dry-run={base / 'eml'}"]
    return ["run", f"--config={config}", f"--db={db}", f"--out={out}", "--log-level=ERROR"]


@PROPERTY
@given(
    data=st.data(),
    command=st.sampled_from(DB_COMMANDS),
    kind=st.sampled_from(BAD_FILE_KINDS),
)
def test_a_bad_database_path_is_exit_2_naming_it_and_is_left_alone(real, data, command, kind):
    """--db (and merge's SHARD) that is missing, a folder, not a database of this tool, a
    damaged one, under a missing folder or a symlink loop: exit 2 and one line naming it; the
    file is left byte-identical and no folder is created. (A missing --db is a fresh start for
    `crawl`, `run` and merge's --db, so that case is not an error there.)"""
    with scratch() as base:
        bad = make_bad_path(data, base, real, kind)
        args = db_command(command, bad.path, base, real)
        result = invoke(args)
        creates = command in ("crawl", "run", "merge-db")
        if creates and (kind in ("missing", "dangling-symlink") or bad.content == b""):
            # A new database (an empty file is one too, to SQLite): a crawl would start here
            # (this module refuses it) and a merge would write the shard into it.
            if not isinstance(result.exception, CrawlStarted):
                assert_no_traceback(result, args)
            return
        assert_usage_error(result, args, bad.names)
        assert_untouched(bad)
        assert not (base / "report-out").exists(), "a report was published from a bad --db"


CONFIG_KINDS = ("missing", "dir", "random-bytes", "empty", "text", "under-missing-folder",
                "symlink-loop", "dangling-symlink")  # fmt: skip


@PROPERTY
@given(
    data=st.data(),
    command=st.sampled_from(("validate", "crawl", "run")),
    kind=st.sampled_from(CONFIG_KINDS),
)
def test_a_bad_config_path_is_exit_2_naming_it(real, data, command, kind):
    """--config that is missing, a folder, random bytes, empty, prose, under a missing folder
    or a symlink loop: exit 2 naming it, before any crawl, and the file is left as it was."""
    with scratch() as base:
        bad = make_bad_path(data, base, real, kind)
        args = [command, f"--config={bad.path}"]
        if command != "validate":
            args += [f"--db={base / 'f.db'}", "--log-level=ERROR"]
        if command == "run":
            args.append(f"--out={base / 'public'}")
        result = invoke(args)
        assert_usage_error(result, args, bad.names)
        assert_untouched(bad)
        assert not (base / "f.db").exists(), "a database was created for a bad config"


@PROPERTY
@given(data=st.data(), kind=st.sampled_from(("dir", "under-missing-folder", "symlink-loop",
                                             "under-a-file", "new")))  # fmt: skip
def test_export_output_paths(real, data, kind):
    """`export -o`: a folder, a path under a missing folder or under a file, a symlink loop
    are exit 2 naming it; a new file with an odd name is written whole."""
    with scratch() as base:
        if kind == "under-a-file":
            name = data.draw(names, label="name")
            (base / name).write_text("mine\n", encoding="utf-8")
            target, named = base / name / "out.json", (str(base / name / "out.json"), name)
        elif kind == "new":
            name = data.draw(names, label="name")
            target, named = base / name, (name,)
        else:
            bad = make_bad_path(data, base, real, kind)
            target, named = bad.path, bad.names
        args = ["export", f"--db={real.db}", f"--output={target}"]
        result = invoke(args)
        if kind == "new":
            assert_ok(result, args)
            assert target.read_text(encoding="utf-8").lstrip().startswith("[")
        else:
            assert_usage_error(result, args, named)
        if kind == "under-a-file":
            assert (base / name).read_text(encoding="utf-8") == "mine\n"


# -- option values ----------------------------------------------------------------------------

#: Values that are not what an integer or a number of seconds option takes, or out of range.
HOSTILE_TEXT = ("", " ", "abc", "NaN", "nan", "inf", "-inf", "1e309", "0x10", "1.5", "--", "٣",
                "１", "3 ", "½", "None", "null", "-0", "9" * 40, "-" + "9" * 40, "💥")  # fmt: skip
values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=-3, max_value=60).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
)


def _as_int(text: str) -> int | None:
    """What click's INT type accepts (Python's int() on the text), else None."""
    try:
        return int(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class IntOption:
    command: str
    option: str
    lowest: int  # documented: the smallest valid value
    needs_existing_run: bool = False


INT_OPTIONS = (
    IntOption("history", "--runs", 1),
    IntOption("prune", "--keep-runs", 0),
    IntOption("prune", "--older-than", 1),
    IntOption("export", "--run", 1, needs_existing_run=True),
    IntOption("report", "--run", 1, needs_existing_run=True),
)


@PROPERTY
@given(which=st.sampled_from(INT_OPTIONS), value=values)
def test_integer_options_take_valid_numbers_and_refuse_the_rest(real, which, value):
    """`history --runs`, `prune --keep-runs/--older-than`, `export/report --run`: a value that
    is not an integer, or below the lowest sensible one, or a run that does not exist, is exit
    2 naming the option or the value; a valid one (however huge) works: exit 0."""
    with scratch() as base:
        db = real.copy_db(base / "f.db")
        args = [which.command, f"--db={db}", f"{which.option}={value}"]
        if which.command == "report":
            args.append(f"--out={base / 'public'}")
        result = invoke(args)
        number = _as_int(value)
        valid = number is not None and number >= which.lowest
        if which.needs_existing_run:
            valid = valid and number in real.run_ids
        if valid:
            assert_ok(result, args)
        else:
            assert_usage_error(result, args, (which.option, value.strip(), str(number)))


agency_ids = st.one_of(
    st.sampled_from(("wp-fresh", "static-undated", "WP-FRESH", "wp-fresh ", "", "-", "../x",
                     "disdik", "x" * 300, "'; DROP TABLE runs; --", "💥")),
    names,
)  # fmt: skip


@PROPERTY
@given(agency=agency_ids)
def test_history_of_an_agency(real, agency):
    """`history ID`: a monitored agency is exit 0; any other id is exit 2 naming it."""
    args = ["history", f"--db={real.db}", "--", agency]
    result = invoke(args)
    if agency in real.agencies:
        assert_ok(result, args)
    else:
        assert_usage_error(result, args, (agency[:20] or "''",))


@dataclass(frozen=True)
class Choice:
    command: str
    option: str
    valid: tuple[str, ...]


CHOICES = (
    Choice("export", "--format", ("json", "csv")),
    Choice("report", "--lang", ("id", "en")),
    Choice("run", "--lang", ()),  # valid values would crawl
    Choice("crawl", "--log-level", ()),
    Choice("run", "--log-level", ()),
    Choice("check", "--log-level", ()),
    Choice("check", "--lang", ()),  # valid values would crawl
)
choice_values = st.one_of(
    st.sampled_from(("json", "csv", "id", "en", "ID", "EN", "xml", "", "de", "INFO", "debug",
                     "TRACE", "0", "💥")),
    st.text(max_size=8),
)  # fmt: skip


@PROPERTY
@given(which=st.sampled_from(CHOICES), value=choice_values)
def test_choice_options(real, which, value):
    """--format, --lang, --log-level: a value outside the documented set is exit 2 naming the
    option or the value (before any crawl); a documented one works."""
    with scratch() as base:
        valid = value in which.valid
        if which.command in ("crawl", "run", "check") and _log_level_ok(which, value):
            return  # a valid value would start a crawl
        if which.command == "export":
            args = ["export", f"--db={real.db}", f"{which.option}={value}"]
        elif which.command == "report":
            args = ["report", f"--db={real.db}", f"--out={base / 'p'}", f"{which.option}={value}"]
        elif which.command == "check":
            args = ["check", "https://disdik.example.go.id/", f"{which.option}={value}"]
        else:
            args = [which.command, f"--config={valid_config(base)}", f"--db={base / 'f.db'}",
                    f"{which.option}={value}"]  # fmt: skip
            if which.command == "run":
                args.append(f"--out={base / 'p'}")
        result = invoke(args)
        if valid:
            assert_ok(result, args)
        else:
            assert_usage_error(result, args, (which.option, value))
            assert not (base / "f.db").exists()


def _log_level_ok(which: Choice, value: str) -> bool:
    if which.option == "--log-level":
        return value.upper() in ("DEBUG", "INFO", "WARNING", "ERROR")
    return which.option == "--lang" and value in ("id", "en")


#: Shards that are wrong (I outside 1..N, not two numbers); spacing like "1 / 2" and other
#: scripts' digits ("٢/٣") may be read leniently, so they are not here.
shards = st.one_of(
    st.sampled_from(("0/2", "3/2", "a/b", "", "1/0", "-1/2", "nan/2", "1/2/3", "1/-2", "/",
                     "1/", "/2", "٣/٢", "99999999999999999999/1", "½", "2/3/", "i/N")),
    st.tuples(st.integers(-5, 5), st.integers(-5, 5))
    .filter(lambda t: not (1 <= t[0] <= t[1]))
    .map(lambda t: f"{t[0]}/{t[1]}"),
    st.text(max_size=8).filter(lambda s: "/" not in s),
)  # fmt: skip


@PROPERTY
@given(shard=shards)
def test_crawl_refuses_a_bad_shard_before_crawling(real, shard):
    """`crawl --shard I/N` with anything but 1 <= I <= N: exit 2 naming --shard or the value."""
    with scratch() as base:
        args = ["crawl", f"--config={valid_config(base)}", f"--db={base / 'f.db'}",
                f"--shard={shard}"]  # fmt: skip
        result = invoke(args)
        assert_usage_error(result, args, ("--shard", shard.strip() or "shard"))
        assert not (base / "f.db").exists()


@PROPERTY
@given(agency=agency_ids.filter(lambda a: a != "disdik"))
def test_crawl_only_an_unknown_agency_is_refused_before_crawling(real, agency):
    """`crawl --only ID` naming no configured agency: exit 2 naming it."""
    with scratch() as base:
        args = ["crawl", f"--config={valid_config(base)}", f"--db={base / 'f.db'}",
                f"--only={agency}"]  # fmt: skip
        result = invoke(args)
        assert_usage_error(result, args, (agency[:20] or "''",))


check_numbers = st.one_of(
    st.sampled_from(("", " ", "abc", "NaN", "nan", "inf", "-inf", "1e309", "-1", "0", "-0",
                     "-0.0", "0.0", "-" + "9" * 40, "💥", "٣")),
    st.floats(max_value=0).map(str),
    st.integers(max_value=0).map(str),
    st.text(alphabet="abcxyz-_ ", max_size=6),
)  # fmt: skip
bad_urls = st.one_of(
    st.sampled_from(("", " ", "example.go.id", "ftp://example.go.id/", "javascript:alert(1)",
                     "http://", "https://", "http://[::1", "http://a:99999/", "file:///etc/passwd",
                     "//example.go.id", "💥", "-")),
    st.text(max_size=15).filter(lambda s: not s.lower().startswith(("http://", "https://"))),
)  # fmt: skip


@PROPERTY
@given(
    option=st.sampled_from(("--timeout", "--max-pages", "url")),
    value=st.one_of(check_numbers, bad_urls),
)
def test_check_refuses_bad_values_before_crawling(option, value):
    """`check URL` with a non-http(s) or malformed URL, or a --timeout/--max-pages that is not
    a positive number (negative, zero, NaN, infinite, text, empty): exit 2 naming it, and no
    crawl starts."""
    url = "https://disdik.example.go.id/"
    if option == "url":
        if value.lower().startswith(("http://", "https://")) and _plausible(value):
            return
        args, named = ["check", "--", value], (value.strip(), "URL", "url")
    else:
        if option == "--max-pages" and _as_int(value) is not None and _as_int(value) > 0:
            return  # a valid budget would crawl
        if option == "--timeout" and _positive_float(value):
            return
        args, named = ["check", f"{option}={value}", "--", url], (option, value.strip())
    result = invoke(args)
    assert_usage_error(result, args, named)


def _plausible(url: str) -> bool:
    rest = url.split("://", 1)[1]
    return bool(rest) and "@" not in rest and "[" not in rest and ":99999" not in rest


def _positive_float(text: str) -> bool:
    try:
        number = float(text)
    except ValueError:
        return False
    return number > 0 and number != float("inf")


# -- a user's files are sacred ----------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    """Every path under `folder` (not following links) with a digest of its content."""
    seen: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            if name.startswith("freshness.db"):
                continue  # the tool's own database and the files SQLite keeps beside it
            if path.is_symlink():
                seen[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                seen[rel] = "dir"
    return seen


def _user_folder(folder: Path) -> Path:
    (folder / "blog").mkdir(parents=True)
    (folder / "blog" / "index.html").write_text("<h1>my blog</h1>\n", encoding="utf-8")
    (folder / "notes.txt").write_text("do not delete\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "where",
    ["user-folder", "user-folder-link", "db-folder", "db-folder-link", "cwd", "cwd-trailing",
     "parent-of-db", "user-folder-with-index", "a-file"],
)  # fmt: skip
def test_report_refuses_an_out_folder_holding_a_users_files(real, tmp_path, where):
    """`report --out` at a folder holding files this tool did not write (a blog/, notes.txt),
    the folder of the database, `.`, a symlink to such a folder, or a file: exit 2 and every
    file stays in place, unchanged."""
    home = tmp_path / "home"
    home.mkdir()
    db = real.copy_db(home / "freshness.db")
    (home / "agencies.yaml").write_text("agencies: []\n", encoding="utf-8")
    cwd = None
    if where in ("user-folder", "user-folder-link"):
        out = _user_folder(tmp_path / "www")
    elif where == "user-folder-with-index":
        out = _user_folder(tmp_path / "www")
        (out / "index.html").write_text("<h1>the office home page</h1>\n", encoding="utf-8")
    elif where in ("db-folder", "db-folder-link"):
        out = home
    elif where == "parent-of-db":
        out = tmp_path
    elif where == "a-file":
        out = home / "agencies.yaml"
    else:
        _user_folder(home)
        cwd, out = home, Path(".")
    if where.endswith("-link"):
        link = tmp_path / "public-link"
        link.symlink_to(out, target_is_directory=True)
        out = link
    arg = "./" if where == "cwd-trailing" else str(out)
    before = _snapshot(tmp_path)
    args = ["report", f"--db={db}", f"--out={arg}"]
    result = invoke(args, cwd=cwd)
    assert_usage_error(result, args, ("--out", arg, str(out), out.name or "."))
    after = _snapshot(tmp_path)
    assert after == before, (
        f"{where}: files changed: gone {sorted(set(before) - set(after))}, new "
        f"{sorted(set(after) - set(before))}, changed "
        f"{sorted(k for k in before if k in after and before[k] != after[k])}"
    )


@pytest.mark.parametrize(
    "where", ["empty", "new", "new-nested", "previous-report", "link-to-report"]
)
def test_report_publishes_into_an_empty_or_new_folder_or_over_its_own_report(real, tmp_path, where):
    """`report --out` at an empty folder, a new one, or a report this tool published: exit 0
    and a whole report."""
    db = real.copy_db(tmp_path / "freshness.db")
    out = tmp_path / "public"
    if where == "empty":
        out.mkdir()
    elif where == "new-nested":
        out = tmp_path / "site" / "public"
    elif where in ("previous-report", "link-to-report"):
        shutil.copytree(real.report, out, symlinks=True)
    target = out
    if where == "link-to-report":
        target = tmp_path / "public-link"
        target.symlink_to(out, target_is_directory=True)
    args = ["report", f"--db={db}", f"--out={target}"]
    result = invoke(args)
    assert_ok(result, args)
    assert (target / "index.html").is_file()
    assert {p.stem for p in (target / "agencies").glob("*.html")} == set(real.agencies)
    if where == "link-to-report":
        assert target.is_symlink(), "the link was replaced by a folder"


@settings(PROPERTY, max_examples=20)
@given(name=names)
def test_report_publishes_into_a_new_folder_with_an_odd_name(real, name):
    """`report --out` naming a new folder with odd characters: exit 0, a whole report."""
    with scratch() as base:
        out = base / name
        args = ["report", f"--db={real.db}", f"--out={out}"]
        result = invoke(args)
        assert_ok(result, args)
        assert {p.stem for p in (out / "agencies").glob("*.html")} == set(real.agencies)
        assert sorted(p.name for p in base.iterdir()) == [name], "something was left beside it"


@pytest.mark.parametrize(
    "command", ["export", "report", "history", "prune", "merge", "crawl", "run"]
)
def test_a_db_under_a_missing_folder_is_exit_2_and_creates_no_folder(real, tmp_path, command):
    """`--db /no/such/dir/x.db` (and one under a missing folder of a temporary folder):
    exit 2 naming it, and no folder is created."""
    for root, db in ((tmp_path / "no", tmp_path / "no" / "such" / "dir" / "x.db"),
                     (Path("/no"), Path("/no/such/dir/x.db"))):  # fmt: skip
        existed = root.exists()
        try:
            args = db_command(command if command != "merge" else "merge-db", db, tmp_path, real)
            result = invoke(args)
            assert_usage_error(result, args, (str(db), "--db"))
            assert root.exists() == existed, f"{command} created {root}"
        finally:
            if not existed and root.exists():
                shutil.rmtree(root)  # made by the command under test


@pytest.mark.parametrize(
    "command", ["export", "report", "history", "prune", "merge-db", "merge-shard", "crawl", "run"]
)
@pytest.mark.parametrize("content", ["text", "random", "empty", "half-a-database"])
def test_a_db_that_is_not_sqlite_is_exit_2_and_left_byte_identical(
    real, tmp_path, command, content
):
    """`--db` naming a file that is not a SQLite database of this tool: exit 2 with a clear
    line naming it, and the file is left byte-identical (no -wal/-shm beside it either). An
    empty file is a new database to SQLite: only the commands that read refuse it."""
    if content == "empty" and command in ("crawl", "run", "merge-db"):
        pytest.skip("an empty file may become a new database")
    path = tmp_path / "notes.db"
    if content == "text":
        data = b"Rapat hari Senin: bawa laporan.\n" * 50
    elif content == "random":
        data = bytes((i * 7919 + 13) % 256 for i in range(5000))
    elif content == "empty":
        data = b""
    else:
        data = real.whole[: len(real.whole) // 2]
    path.write_bytes(data)
    args = db_command(command, path, tmp_path, real)
    result = invoke(args)
    bad = BadPath(content, path, (str(path), path.name), data, None)
    assert_usage_error(result, args, bad.names)
    assert_untouched(bad)


# -- a few real processes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "https://disdik.example.go.id/", "--timeout", "nan"],
        ["check", "https://disdik.example.go.id/", "--max-pages", "-1"],
        ["check", "ftp://disdik.example.go.id/"],
        ["run", "--config", "{tmp}/missing.yaml", "--db", "{tmp}/f.db", "--out", "{tmp}/p"],
        ["run", "--config", "{config}", "--db", "{tmp}/no/such/dir/x.db", "--out", "{tmp}/p"],
        ["crawl", "--config", "{config}", "--db", "{tmp}/f.db", "--shard", "0/3"],
    ],
    ids=["check-timeout-nan", "check-max-pages-negative", "check-ftp", "run-missing-config",
         "run-db-under-missing-folder", "crawl-shard-0"],
)  # fmt: skip
def test_real_processes_refuse_bad_values_with_exit_2(tmp_path, args):
    config = valid_config(tmp_path)
    argv = [a.format(tmp=tmp_path, config=config) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "crawler", *argv],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 2, (done.returncode, done.stdout[-1000:], done.stderr[-2000:])
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("Error:"), done.stderr[-2000:]
    assert not (tmp_path / "no").exists()
    assert not (tmp_path / "p").exists()
