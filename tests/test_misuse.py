"""The careless operator: wrong paths, wrong databases, wrong values, crashes mid-run.

Each test performs the misuse through the real CLI (a subprocess where a crawl runs; click's
CliRunner where the command stops before any crawl) and checks that the answer is one clear
line with the documented exit code, that no file the tool did not write is touched, and that
a published report is never replaced by a worse one.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.store import RunState, Store

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "crawler"]
#: `freshness run` with the scoring step broken, as a full disk or a bug in the estimate
#: would break it.
BROKEN_SCORING = (
    "import sys, crawler.crawl as c\n"
    "def boom(*a, **k):\n"
    "    raise OSError(28, 'No space left on device')\n"
    "c.estimate = boom\n"
    "from crawler.cli import main\n"
    "sys.argv[0] = 'freshness'\n"
    "main()\n"
)


def _cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, cwd=REPO, timeout=timeout
    )


def _run(config: Path, db: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return _cli(
        "run", "--config", str(config), "--db", str(db), "--out", str(out), *extra
    )


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_error_line(output: str) -> str:
    """The one line that says what is wrong (click's usage errors put its usage line and a
    pointer to --help above it)."""
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error: ")]
    others = [line for line in lines if not line.startswith(("Error: ", "Usage: ", "Try "))]
    assert len(errors) == 1 and not others, output
    assert "Traceback" not in output
    return errors[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def one_run(fleet, tmp_path_factory):
    """A database with one complete run of two fleet sites and its published report."""
    tmp = tmp_path_factory.mktemp("one-run")
    config = fleet.write_config(tmp / "agencies.yaml", sites=["wp-fresh", "wp-defaced"])
    done = _run(config, tmp / "freshness.db", tmp / "public", "--quiet", "--log-file",
                str(tmp / "crawl.log"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return tmp


# -- item 1: --out never deletes what this tool did not write ---------------------------------


def test_run_refuses_an_out_folder_holding_the_database_before_crawling(fleet, tmp_path):
    config = fleet.write_config(tmp_path / "agencies.yaml", sites=["wp-fresh"])
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.txt").write_text("mine")
    before = len(fleet.requests("wp-fresh"))
    done = _run(config, data / "freshness.db", data)
    assert done.returncode == 2, done.stderr
    assert "--out" in _one_error_line(done.stderr)
    assert len(fleet.requests("wp-fresh")) == before  # refused before a single request
    assert (data / "notes.txt").read_text() == "mine"


def test_report_into_a_web_root_with_other_files_is_refused(one_run, tmp_path):
    www = tmp_path / "www"
    (www / "blog").mkdir(parents=True)
    (www / "blog" / "post.html").write_text("<p>my post</p>")
    (www / "index.html").write_text("my site")
    link = tmp_path / "link"
    link.symlink_to(www)
    for out in (www, link, tmp_path):
        result = _invoke("report", "--db", str(one_run / "freshness.db"), "--out", str(out))
        assert result.exit_code == 2, result.output
        assert "did not write" in _one_error_line(result.output)
    assert _tree(www) == {"blog/post.html": b"<p>my post</p>", "index.html": b"my site"}


def test_report_through_a_symlink_to_a_report_replaces_the_target(one_run, tmp_path):
    real = tmp_path / "site"
    link = tmp_path / "public"
    db = str(one_run / "freshness.db")
    assert _invoke("report", "--db", db, "--out", str(real)).exit_code == 0
    link.symlink_to(real)
    result = _invoke("report", "--db", db, "--out", str(link), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (real / "index.html").is_file()
    assert 'lang="en"' in (real / "index.html").read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-new-")]


# -- item 3: a crash while scoring leaves an honest run and the old report --------------------


def test_a_crash_while_scoring_fails_the_run_and_keeps_the_published_report(one_run, tmp_path):
    db = tmp_path / "freshness.db"
    out = tmp_path / "public"
    sqlite3.connect(one_run / "freshness.db").backup(sqlite3.connect(db))
    assert _invoke("report", "--db", str(db), "--out", str(out)).exit_code == 0
    published = _tree(out)
    broken = subprocess.run(
        [sys.executable, "-c", BROKEN_SCORING, "run", "--config",
         str(one_run / "agencies.yaml"), "--db", str(db), "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=180,
    )  # fmt: skip
    assert broken.returncode == 1, broken.stderr
    assert "Traceback" not in broken.stderr
    assert "No space left on device" in broken.stderr
    with Store(db) as store:
        runs = store.runs()
        assert [r.state for r in runs] == [RunState.COMPLETE, RunState.FAILED]
        assert store.results(runs[-1].id) == []
        assert "No space left" in (runs[-1].finish_reason or "")
        assert store.latest_run().id == runs[0].id
    assert _tree(out) == published
    history = _invoke("history", "--db", str(db))
    assert history.exit_code == 0 and "gone" not in history.output


# -- item 4: a first run with no network says so, exit 4 ---------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_first_run_without_network_publishes_a_report_that_says_so(tmp_path):
    agencies = "\n".join(
        f"  - {{id: site{i}, name: Dinas {i}, url: 'http://127.0.0.1:{_closed_port()}/'}}"
        for i in range(3)
    )
    config = tmp_path / "agencies.yaml"
    config.write_text(
        "crawl: {allow_private_hosts: true, delay_seconds: 0, timeout_seconds: 2}\n"
        f"agencies:\n{agencies}\n"
    )
    done = _run(config, tmp_path / "freshness.db", tmp_path / "public", "--lang", "en")
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr
    index = (tmp_path / "public" / "index.html").read_text()
    assert "network was down" in index and "no site has been judged yet" in index
    again = _invoke("report", "--db", str(tmp_path / "freshness.db"),
                    "--out", str(tmp_path / "public"))  # fmt: skip
    assert again.exit_code == 0, again.output


# -- item 5 and 9: --quiet --log-file logs in full; the log tells the stored verdicts ---------


def test_quiet_with_a_log_file_still_logs_the_stored_verdicts(one_run):
    log = (one_run / "crawl.log").read_text()
    assert "run 1 complete" in log
    with Store(one_run / "freshness.db") as store:
        stored = {r.agency.id: str(r.result.status) for r in store.results(1)}
    assert stored["wp-defaced"] == "abandoned"
    for agency_id, status in stored.items():
        assert f"{agency_id}: {status}," in log
    assert "wp-defaced: fresh" not in log


# -- item 6: bad paths and databases are one line, exit 2, nothing touched --------------------


@pytest.mark.parametrize("command", ["crawl", "run"])
def test_a_log_file_that_cannot_be_written_stops_before_a_run_starts(one_run, tmp_path, command):
    db = tmp_path / "freshness.db"
    args = [command, "--config", str(one_run / "agencies.yaml"), "--db", str(db),
            "--log-file", str(tmp_path / "no" / "crawl.log")]  # fmt: skip
    if command == "run":
        args += ["--out", str(tmp_path / "public")]
    result = _invoke(*args)
    assert result.exit_code == 2, result.output
    assert "--log-file" in _one_error_line(result.output)
    assert not db.exists() and not (tmp_path / "no").exists()


def test_a_mistyped_db_folder_is_not_created(one_run, tmp_path):
    db = tmp_path / "no" / "such" / "x.db"
    for args in (["crawl", "--config", str(one_run / "agencies.yaml")], ["history"], ["export"]):
        result = _invoke(*args, "--db", str(db))
        assert result.exit_code == 2, result.output
        _one_error_line(result.output)
    assert not (tmp_path / "no").exists()


def test_a_mistyped_db_leaves_no_lock_file_behind(tmp_path):
    """prune and notify take the run lock; a --db that is no database is refused before the
    lock file would be made beside it, so the folder holds only what it held."""
    config = tmp_path / "agencies.yaml"
    config.write_text(
        "agencies:\n  - id: disdik\n    name: Dinas Pendidikan\n"
        "    url: https://disdik.example.go.id/\n    category: dinas\n"
        "notify:\n  office: kominfo@example.go.id\n  from: m@example.go.id\n"
        "  smtp_host: mail.example.go.id\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.db").touch()
    notify = ["notify", "--config", str(config), "--dry-run", str(tmp_path / "eml")]
    for db in ("missing.db", "empty.db"):
        for args in (["prune", "--keep-runs", "1"], notify):
            result = _invoke(*args, "--db", str(tmp_path / db))
            assert result.exit_code == 2, result.output
            _one_error_line(result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agencies.yaml", "empty.db"]


@pytest.mark.parametrize("command", ["export", "history", "report", "prune", "crawl"])
def test_a_file_that_is_not_a_database_is_named_and_left_as_it_was(one_run, tmp_path, command):
    db = tmp_path / "notes.txt"
    db.write_bytes(b"meeting notes\n" * 200)
    truncated = tmp_path / "half.db"
    truncated.write_bytes((one_run / "freshness.db").read_bytes()[:2048])
    extra = {"prune": ["--keep-runs", "1"], "crawl": ["--config", str(one_run / "agencies.yaml")],
             "report": ["--out", str(tmp_path / "public")]}.get(command, [])  # fmt: skip
    for path in (db, truncated):
        before = path.read_bytes()
        result = _invoke(command, "--db", str(path), *extra)
        assert result.exit_code == 2, (path, result.output)
        assert str(path) in _one_error_line(result.output) or "database" in result.output
        assert path.read_bytes() == before


def test_unwritable_outputs_are_one_line_with_exit_2(one_run, tmp_path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    db = str(one_run / "freshness.db")
    for args in (
        ["export", "--db", db, "-o", str(blocker / "results.csv")],
        ["export", "--db", db, "-o", str(tmp_path)],
        ["report", "--db", db, "--out", str(blocker / "public")],
        ["report", "--db", db, "--out", str(blocker)],
    ):
        result = _invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        _one_error_line(result.output)
    assert blocker.read_text() == "x"


# -- item 7: check's options -------------------------------------------------------------------


@pytest.mark.parametrize(
    "option", [["--timeout", "0"], ["--timeout", "nan"], ["--max-pages", "0"],
               ["--max-pages", "-3"], ["--timeout", "inf"]],
)  # fmt: skip
def test_check_refuses_values_that_would_judge_an_up_site_unreachable(option):
    result = _invoke("check", "https://disdik.bengkaliskab.go.id", *option)
    assert result.exit_code == 2, result.output
    assert option[0] in result.output and "Traceback" not in result.output


def test_check_on_a_private_address_names_its_own_switch():
    result = _invoke("check", "http://127.0.0.1:8080/")
    assert result.exit_code == 2
    line = _one_error_line(result.output)
    assert "--allow-private-hosts" in line and "crawl.allow_private_hosts" not in line


# -- items 2 and 8: pruned runs neither back a report nor a carry-over ------------------------


def _pruned_copy(one_run: Path, tmp_path: Path) -> Path:
    """The one-run database as an older version's `prune --keep-runs 0` left it: the run's
    pages and evidence deleted, its verdicts kept, no mark saying so."""
    db = tmp_path / "freshness.db"
    source = sqlite3.connect(one_run / "freshness.db")
    target = sqlite3.connect(db)
    source.backup(target)
    source.close()
    for table in ("fetches", "evidence", "spam", "ppid_pages", "ppid_documents"):
        target.execute(f"DELETE FROM {table}")
    target.execute("ALTER TABLE runs DROP COLUMN pruned_at")
    target.execute("PRAGMA user_version = 4")
    target.commit()
    target.close()
    return db


def test_a_pruned_run_is_neither_reported_nor_carried_over(one_run, tmp_path, fleet):
    db = _pruned_copy(one_run, tmp_path)
    report = _invoke("report", "--db", str(db), "--out", str(tmp_path / "public"))
    assert report.exit_code == 2 and "pruned" in _one_error_line(report.output)
    assert not (tmp_path / "public").exists()
    before = len(fleet.requests("wp-fresh"))
    only = _invoke("crawl", "--config", str(one_run / "agencies.yaml"), "--db", str(db),
                   "--only", "wp-fresh")  # fmt: skip
    assert only.exit_code == 2 and "pruned" in _one_error_line(only.output)
    assert len(fleet.requests("wp-fresh")) == before
    exported = _invoke("export", "--db", str(db))
    assert exported.exit_code == 0
    assert {r["id"] for r in json.loads(exported.output)} == {"wp-fresh", "wp-defaced"}


def test_merge_reads_its_shards_without_changing_a_byte(one_run, tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = _invoke("merge", "--db", str(tmp_path / "m.db"), str(empty))
    assert result.exit_code == 2 and "empty" in _one_error_line(result.output)
    assert empty.read_bytes() == b""
    shard = tmp_path / "shard.db"
    sqlite3.connect(one_run / "freshness.db").backup(sqlite3.connect(shard))
    before = shard.read_bytes()
    merged = _invoke("merge", "--db", str(tmp_path / "m.db"), str(shard))
    assert merged.exit_code == 0, merged.output
    assert shard.read_bytes() == before


#: `freshness run` on a disk that fills up: the database may not grow past what it holds.
FULL_DISK = (
    "import sqlite3, sys, crawler.store as s\n"
    "connect = s._connect\n"
    "def full(path, *, read_only):\n"
    "    conn = connect(path, read_only=read_only)\n"
    "    pages = conn.execute('PRAGMA page_count').fetchone()[0]\n"
    "    conn.execute(f'PRAGMA max_page_count = {pages + 1}')\n"
    "    return conn\n"
    "s._connect = full\n"
    "from crawler.cli import main\n"
    "sys.argv[0] = 'freshness'\n"
    "main()\n"
)


def test_a_full_disk_mid_crawl_fails_the_run_and_keeps_everything_else(one_run, tmp_path):
    db = tmp_path / "freshness.db"
    out = tmp_path / "public"
    sqlite3.connect(one_run / "freshness.db").backup(sqlite3.connect(db))
    assert _invoke("report", "--db", str(db), "--out", str(out)).exit_code == 0
    published = _tree(out)
    full = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "run", "--config", str(one_run / "agencies.yaml"),
         "--db", str(db), "--out", str(out), "--log-level", "ERROR"],
        capture_output=True, text=True, cwd=REPO, timeout=180,
    )  # fmt: skip
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    assert _tree(out) == published
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    with Store(db) as store:
        runs = store.runs()
        assert runs[0].state == RunState.COMPLETE and store.latest_run().id == runs[0].id
        assert runs[-1].state in (RunState.FAILED, RunState.RUNNING)  # RUNNING: marked next
        assert store.results(runs[-1].id) == []
