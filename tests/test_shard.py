"""Sharding a crawl between machines and merging the shards (`--shard i/N`, `merge`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.config import Agency, Fleet
from crawler.merge import MergeError, merge
from crawler.shard import Shard, shard_fleet
from crawler.store import RunState, Store

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "crawler"]


def test_shard_parsing():
    assert Shard.parse("2/3") == Shard(2, 3)
    assert Shard.parse(" 1 / 1 ") == Shard(1, 1)
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/2", ""):
        with pytest.raises(ValueError, match=r"shard|i/N"):
            Shard.parse(bad)


def test_shards_split_the_fleet_whole_and_keep_a_regency_together():
    agencies = [
        Agency(f"a{i}", f"Dinas {i}", f"https://dinas{i}.kab{i % 40}.go.id/", "dinas")
        for i in range(400)
    ]
    fleet = Fleet(tuple(agencies))
    parts = [shard_fleet(fleet, Shard(i, 3)) for i in (1, 2, 3)]
    ids = [a.id for part in parts for a in part.agencies]
    assert sorted(ids) == sorted(a.id for a in agencies)  # every agency, once
    assert all(len(part.agencies) > 60 for part in parts)  # roughly even
    # One regency's sites share a server, so they share a machine.
    regencies: dict[str, int] = {}
    for number, part in enumerate(parts, start=1):
        for a in part.agencies:
            assert regencies.setdefault(a.url.split(".", 1)[1], number) == number
    # The split depends only on the URL and N, not on the order of the config.
    reordered = shard_fleet(Fleet(tuple(reversed(agencies))), Shard(2, 3))
    assert {a.id for a in reordered.agencies} == {a.id for a in parts[1].agencies}


def test_three_shards_merge_to_the_verdicts_of_one_crawl(fleet, crawled, tmp_path):
    config = fleet.write_config(tmp_path / "agencies.yaml")
    shards = [tmp_path / f"shard-{i}.db" for i in (1, 2, 3)]
    crawls = [
        subprocess.Popen(
            [
                *CLI,
                "crawl",
                "--config",
                str(config),
                "--db",
                str(db),
                "--shard",
                f"{i}/3",
                "--quiet",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, db in enumerate(shards, start=1)
    ]
    for process in crawls:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
    merged_db = tmp_path / "merged.db"
    done = subprocess.run(
        [*CLI, "merge", "--db", str(merged_db), *map(str, shards)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    exported = subprocess.run(
        [*CLI, "export", "--db", str(merged_db), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    merged = {r["id"]: r for r in json.loads(exported.stdout)}
    one_crawl = {r.agency_id: r for r in crawled.outcome.results}
    assert set(merged) == set(one_crawl)
    for site_id, r in merged.items():
        single = one_crawl[site_id]
        assert r["status"] == single.status, site_id
        assert r["last_updated"] == (
            single.last_updated.isoformat() if single.last_updated else None
        ), site_id
        assert set(r["flags"]) == set(single.flags), site_id
    # Every shard's fetches came along, and the run says where it came from.
    with Store(merged_db) as store:
        run = store.latest_run()
    assert run is not None and run.state == RunState.COMPLETE
    assert sorted(m["shard"] for m in run.stats["merged"]) == ["1/3", "2/3", "3/3"]
    per_shard = sum(_count(db, "fetches") for db in shards)
    assert _count(merged_db, "fetches") == per_shard
    assert _count(merged_db, "evidence") == sum(_count(db, "evidence") for db in shards)


def _count(db: Path, table: str) -> int:
    with Store(db) as store:
        return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_merge_refuses_what_is_not_one_crawl(tmp_path):
    from datetime import UTC, datetime

    def shard_db(name: str, ids: list[str], day: int, shard: str | None = None) -> Path:
        path = tmp_path / f"{name}.db"
        now = datetime(2026, 11, day, 3, tzinfo=UTC)
        agencies = [Agency(i, i, f"https://{i}.go.id/", "dinas") for i in ids]
        with Store(path) as store:
            run = store.start_run(now, now.date(), agencies, shard=shard)
            store.finish_run(run, state=RunState.COMPLETE, finished_at=now, reason="finished")
        return path

    def merge_into_a_new_run(shards: list[Path]) -> None:
        with Store(tmp_path / "m.db") as target:
            merge(target, shards)

    a, b = shard_db("a", ["disdik", "dinkes"], 23), shard_db("b", ["dinkes"], 23)
    with pytest.raises(MergeError, match="'dinkes' is in both"):
        merge_into_a_new_run([a, b])
    late = shard_db("late", ["bappeda"], 2)
    with pytest.raises(MergeError, match="more than 6 days apart"):
        merge_into_a_new_run([a, late])
    with pytest.raises(MergeError, match="no such database"):
        merge_into_a_new_run([tmp_path / "missing.db"])
    one, three = shard_db("s1", ["x"], 23, "1/3"), shard_db("s3", ["y"], 23, "3/3")
    with pytest.raises(MergeError, match="shard 2/3 is missing"):
        merge_into_a_new_run([one, three])
    other = shard_db("s2of2", ["z"], 23, "2/2")
    with pytest.raises(MergeError, match="split the fleet differently"):
        merge_into_a_new_run([one, other])
    empty = tmp_path / "empty.db"
    Store(empty).close()
    with pytest.raises(MergeError, match="no complete run"):
        merge_into_a_new_run([empty])
    done = subprocess.run(
        [*CLI, "merge", "--db", str(a), str(a)], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 2 and "other than the shards" in done.stderr
