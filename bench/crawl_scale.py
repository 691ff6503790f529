"""Benchmark: crawl a fleet of N synthetic agency sites on loopback and check every verdict.

    python bench/crawl_scale.py [--sites 100 1000 5000] [--keep DIR] [--profile] [--seed 0]

For each N, serves a `LoadFleet` (bench/loadfleet.py: one process, one loopback address per
site, WordPress, regency CMS and OpenSID sites with known truth), writes its config, and runs
the real CLI in subprocesses: `crawl --quiet`, then `report`, then `export`. Wall time, CPU
and peak RSS of each subprocess come from `os.wait4`; the server's CPU from psutil or /proc,
so it shows the generator is not the bottleneck. Every exported verdict is compared with the
fleet's truth (status equal, last update within a day); the first wrong ones are listed.

`--profile` runs the crawl under cProfile and prints its 25 costliest functions by cumulative
and by own time (profiling slows the crawl: its row's timings are not comparable). With
`--keep DIR` the config, database, report, logs and profile of each N stay in DIR/n<N>/.
Machines are noisy: compare numbers from one machine, and mind its load.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.loadfleet import LoadFleet  # noqa: E402
from crawler.model import jakarta_date, now_utc  # noqa: E402

#: The loopback fleet must not go through a proxy configured for this machine.
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                   "ALL_PROXY")  # fmt: skip
SHOW_WRONG = 8


@dataclass(frozen=True, slots=True)
class Ran:
    """One finished subprocess: exit code, wall seconds, CPU seconds, peak RSS."""

    code: int
    wall: float
    cpu: float
    rss_mb: float
    stdout: str
    stderr: str


def run(command: list[str], folder: Path, name: str, timeout: float) -> Ran:
    """Run `command` in the repository; resources of that child alone, via os.wait4."""
    return run_all([command], folder, [name], timeout)


def run_all(commands: list[list[str]], folder: Path, names: list[str], timeout: float) -> Ran:
    """Run `commands` at once; wall time until the last ends, their CPU summed, the largest
    peak RSS (each is a separate process), the first non-zero exit code."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    files, children = [], {}
    start = time.perf_counter()
    for command, name in zip(commands, names, strict=True):
        out = (folder / f"{name}.stdout").open("wb")
        err = (folder / f"{name}.stderr").open("wb")
        files += [out, err]
        child = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=err, env=env)
        children[child.pid] = child
    codes, cpu, rss = [], 0.0, 0.0
    deadline = start + timeout
    while children:
        for pid, child in list(children.items()):
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if not done and time.perf_counter() > deadline:
                child.kill()
                done, status, usage = os.wait4(pid, 0)
            if done:
                child.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen quiet
                codes.append(child.returncode)
                cpu += usage.ru_utime + usage.ru_stime
                rss = max(rss, usage.ru_maxrss / 1024)
                del children[pid]
        time.sleep(0.05)
    wall = time.perf_counter() - start
    for handle in files:
        handle.close()
    read = lambda suffix: "".join(  # noqa: E731
        (folder / f"{name}.{suffix}").read_text(encoding="utf-8", errors="replace")
        for name in names
    )
    return Ran(
        code=next((c for c in codes if c), 0),
        wall=wall,
        cpu=cpu,
        rss_mb=rss,
        stdout=read("stdout"),
        stderr=read("stderr"),
    )


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid`."""
    try:
        import psutil
    except ImportError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # After "pid (comm)": state is field 3, utime field 14, stime field 15.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def compare(
    records: list[dict[str, Any]], truth: dict[str, dict[str, Any]]
) -> tuple[int, list[str]]:
    """(right verdicts, descriptions of the wrong ones)."""
    right, wrong = 0, []
    seen = {r["id"]: r for r in records}
    for agency_id, expected in truth.items():
        got = seen.get(agency_id)
        if got is None:
            wrong.append(f"{agency_id}: no verdict exported")
            continue
        last = date.fromisoformat(got["last_updated"]) if got["last_updated"] else None
        want = expected["last_updated"]
        same_day = (last is None and want is None) or (
            last is not None and want is not None and abs((last - want).days) <= 1
        )
        if got["status"] == expected["status"] and same_day:
            right += 1
            continue
        wrong.append(
            f"{agency_id} ({expected['kind']}): want {expected['status']} {want or '-'}, got "
            f"{got['status']} {last or '-'} from {got['evidence_source'] or '-'} "
            f"{got['evidence_url'] or ''} {(got['evidence_snippet'] or '')[:90]!r}"
        )
    return right, wrong


def count_pages(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM fetches WHERE status IS NOT NULL"
        ).fetchone()[0]


def file_mb(path: Path) -> float:
    sizes = [p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()]
    return sum(sizes) / 1024 / 1024


def print_profile(path: Path, top: int = 25) -> None:
    for order in ("cumulative", "tottime"):
        print(f"\n--- cProfile of the crawl, top {top} by {order} ---")
        stats = pstats.Stats(str(path), stream=sys.stdout).strip_dirs()
        stats.sort_stats(order).print_stats(top)


def bench(n: int, folder: Path, args: argparse.Namespace, today: date) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    config, db, out = folder / "load.yaml", folder / "freshness.db", folder / "public"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    python = [sys.executable]
    profile = folder / "crawl.prof"
    if args.profile:
        python += ["-m", "cProfile", "-o", str(profile)]
    timeout = max(600.0, n * 3.0)
    with LoadFleet(n, today, args.seed) as fleet:
        assert fleet.pid is not None
        fleet.write_config(config)
        truth = fleet.truth()
        server_before = process_cpu(fleet.pid)
        crawl = crawl_in_processes(python, config, db, folder, args.processes, timeout)
        server_cpu = process_cpu(fleet.pid) - server_before
        served = fleet.server_stats()
    if crawl.code != 0:
        print(f"crawl of {n} sites exited {crawl.code}:\n{crawl.stderr[-3000:]}", file=sys.stderr)
    report = run(
        [sys.executable, "-m", "crawler", "report", "--db", str(db), "--out", str(out)],
        folder, "report", timeout,
    )  # fmt: skip
    if report.code != 0:
        print(f"report exited {report.code}:\n{report.stderr[-3000:]}", file=sys.stderr)
    exported = run(
        [sys.executable, "-m", "crawler", "export", "--db", str(db), "--format", "json"],
        folder, "export", 600,
    )  # fmt: skip
    records = json.loads(exported.stdout) if exported.code == 0 else []
    right, wrong = compare(records, truth)
    pages = count_pages(db) if db.exists() else 0
    return {
        "sites": n,
        "pages": pages,
        "crawl": crawl,
        "report": report,
        "server_cpu": server_cpu,
        "served": served,
        "db_mb": file_mb(db),
        "right": right,
        "total": len(truth),
        "wrong": wrong,
        "profile": profile if args.profile else None,
    }


def crawl_in_processes(
    python: list[str], config: Path, db: Path, folder: Path, processes: int, timeout: float
) -> Ran:
    """`freshness crawl` into `db`; with several processes, one shard each at once, then
    `freshness merge` (timed with the crawl: it is part of getting the run)."""
    if processes == 1:
        return run(
            [*python, "-m", "crawler", "crawl", "--config", str(config), "--db", str(db),
             "--quiet"],
            folder, "crawl", timeout,
        )  # fmt: skip
    shards = [folder / f"shard-{i}.db" for i in range(1, processes + 1)]
    for shard in shards:
        for stale in (shard, Path(f"{shard}-wal"), Path(f"{shard}-shm")):
            stale.unlink(missing_ok=True)
    crawls = run_all(
        [
            [*python, "-m", "crawler", "crawl", "--config", str(config), "--db", str(shard),
             "--shard", f"{i}/{processes}", "--quiet"]
            for i, shard in enumerate(shards, start=1)
        ],
        folder, [f"crawl-{i}" for i in range(1, processes + 1)], timeout,
    )  # fmt: skip
    merged = run(
        [sys.executable, "-m", "crawler", "merge", "--db", str(db), *map(str, shards)],
        folder, "merge", timeout,
    )  # fmt: skip
    print(f"       {processes} shard crawls {crawls.wall:.1f} s, merge {merged.wall:.1f} s",
          flush=True)  # fmt: skip
    return Ran(
        code=crawls.code or merged.code,
        wall=crawls.wall + merged.wall,
        cpu=crawls.cpu + merged.cpu,
        rss_mb=max(crawls.rss_mb, merged.rss_mb),
        stdout=crawls.stdout + merged.stdout,
        stderr=crawls.stderr + merged.stderr,
    )


HEADER = (
    f"{'sites':>6} {'pages':>7} {'wall s':>8} {'sites/s':>8} {'pages/s':>8} "
    f"{'CPU ms/page':>11} {'RSS MB':>7} {'SQLite MB':>9} {'report s':>8} "
    f"{'server CPU s':>12} {'accuracy':>14}"
)


def row(result: dict[str, Any]) -> str:
    crawl: Ran = result["crawl"]
    pages = max(result["pages"], 1)
    accuracy = f"{result['right']}/{result['total']}"
    return (
        f"{result['sites']:>6} {result['pages']:>7} {crawl.wall:>8.1f} "
        f"{result['sites'] / crawl.wall:>8.2f} {result['pages'] / crawl.wall:>8.1f} "
        f"{crawl.cpu / pages * 1000:>11.1f} {crawl.rss_mb:>7.0f} {result['db_mb']:>9.1f} "
        f"{result['report'].wall:>8.1f} "
        f"{result['server_cpu']:>6.1f} ({result['server_cpu'] / crawl.wall:>3.0%}) "
        f"{accuracy:>9} {result['right'] / max(result['total'], 1):>4.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--keep", type=Path, help="keep each run's files in DIR/n<N>/")
    parser.add_argument("--profile", action="store_true", help="run the crawl under cProfile")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--processes", type=int, default=1,
        help="crawl in this many processes at once (crawl --shard i/P, then merge)",
    )  # fmt: skip
    args = parser.parse_args()

    today = jakarta_date(now_utc())
    root = args.keep or Path(tempfile.mkdtemp(prefix="crawl-scale-"))
    results = []
    print(f"crawl of a loopback load fleet, as of {today} ({os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}); CPU and RSS are the crawl subprocess's; server CPU "
          "is the fleet's generator process during the crawl")  # fmt: skip
    print(HEADER)
    try:
        for n in args.sites:
            result = bench(n, root / f"n{n}", args, today)
            results.append(result)
            print(row(result), flush=True)
            served = result["served"]
            print(f"       server: {served.get('requests', 0):,} requests, "
                  f"{served.get('bytes', 0) / 1024 / 1024:,.0f} MB "
                  f"({served.get('bytes', 0) / max(served.get('requests', 1), 1) / 1024:.0f} "
                  f"KB/answer), {served.get('connections', 0):,} connections, "
                  f"{served.get('error_count', 0)} generator errors")  # fmt: skip
            for error in served.get("errors", [])[:5]:
                print(f"         {error}")
            for line in result["wrong"][:SHOW_WRONG]:
                print(f"       wrong: {line}")
            if len(result["wrong"]) > SHOW_WRONG:
                print(f"       ... and {len(result['wrong']) - SHOW_WRONG} more wrong verdicts")
        if args.profile:
            for result in results:
                print(f"\n=== {result['sites']} sites ===")
                print_profile(result["profile"])
        if args.keep:
            print(f"kept: {root}/n<N>/ (load.yaml, freshness.db, public/, logs)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if any(r["wrong"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
