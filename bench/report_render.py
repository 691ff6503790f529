"""Benchmark: build and render the static report of a large fleet with a year of history.

    python bench/report_render.py [--agencies 2000] [--runs 52] [--keep DIR] [--profile N]

Writes a synthetic database with the real store (weekly runs, each with fetches, 10–30 rows
of dated evidence per agency and verdicts from the real `estimate`), then, in a fresh
process, times `build_report` (the view model) and `render_report` (every page, exports,
feed) on the latest run, and prints pages written, sizes and the peak RSS of that process.
Writing the history is timed apart: it is the crawler's cost spread over a year, not the
report's. With `--keep DIR` the database and report stay in DIR, and a later run with the
same shape reuses the database. `--profile N` prints the N costliest functions of each phase.
Machines are noisy: compare numbers from one machine, and mind its load.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import io
import multiprocessing
import os
import pstats
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.config import Agency  # noqa: E402
from crawler.judge.estimate import estimate  # noqa: E402
from crawler.model import (  # noqa: E402
    Evidence,
    FailureKind,
    Fetch,
    PageRole,
    SiteObservation,
    Source,
    Thresholds,
)
from crawler.store import RunState, Store  # noqa: E402

LAST_RUN = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta
CRAWL_HOURS = 3  # a polite crawl of a couple of thousand sites sharing a few servers
BATCH = 200  # agencies per add_observations call, as the spider's sink batches them
TARGET_SECONDS = 10.0  # the budget for 2,000 agencies x 52 weeks, on 2 cores
THRESHOLDS = Thresholds()

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip
REGENCIES = ("Bengkalis", "Siak", "Kampar", "Rokan Hulu", "Rokan Hilir", "Pelalawan",
             "Indragiri Hulu", "Indragiri Hilir", "Kuantan Singingi", "Kepulauan Meranti",
             "Dumai", "Pekanbaru", "Natuna", "Lingga", "Karimun", "Bintan")  # fmt: skip
PLACES = ("Teluk Latak", "Pematang Duku", "Sungai Alam", "Kelapapati", "Senggoro", "Meskom",
          "Air Putih", "Pangkalan Batang", "Ketam Putih", "Kuala Alam", "Damon", "Sebauk",
          "Rimba Sekampung", "Penampi", "Jangkang", "Selatbaru", "Mentayan")  # fmt: skip
BODIES = ("Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial", "Dinas Perikanan",
          "Dinas Perhubungan", "Badan Pengelolaan Keuangan dan Aset Daerah",
          "Badan Perencanaan Pembangunan Daerah", "Inspektorat", "Bagian Hukum Sekretariat Daerah",
          "Rumah Sakit Umum Daerah", "Satuan Polisi Pamong Praja", "PPID Utama")  # fmt: skip
CATEGORY_OF = {"Dinas": "dinas", "Badan": "badan", "Inspektorat": "inspektorat",
               "Bagian": "bagian", "Rumah": "rsud", "Satuan": "lainnya",
               "PPID": "ppid"}  # fmt: skip
VERBS = ("Bupati meresmikan", "Sosialisasi", "Rapat koordinasi", "Pelatihan", "Penyaluran",
         "Gotong royong", "Musyawarah", "Peninjauan", "Pengumuman", "Lomba")  # fmt: skip
TOPICS = ("jembatan desa", "bantuan sosial tunai", "posyandu balita", "jalan semenisasi",
          "pencegahan stunting", "penerimaan CPNS", "vaksinasi", "program ketahanan pangan",
          "pengelolaan sampah", "APBDes tahun berjalan", "festival budaya Melayu")  # fmt: skip

#: (weight, name): how a site publishes over time.
PROFILES = ((15, "busy"), (25, "regular"), (18, "slow"), (12, "quits"), (6, "revives"),
            (12, "dormant"), (6, "undated"), (1, "robots"), (2, "gone"), (3, "joins"))  # fmt: skip
PLATFORMS = ("wordpress", "cms", "opensid", "blogger")


def weekly_runs(count: int) -> list[datetime]:
    return [LAST_RUN - timedelta(weeks=count - 1 - week) for week in range(count)]


def make_fleet(count: int, runs: int, rng: random.Random) -> list[dict]:
    """`count` agencies in the last run, plus a few that left earlier (the report's "removed")."""
    leavers = max(count // 50, 1)
    sites = []
    for n in range(count + leavers):
        regency = REGENCIES[n % len(REGENCIES)]
        if n % 10 < 6:
            category = "desa" if n % 10 < 5 else "kelurahan"
            name = f"{category.title()} {PLACES[n % len(PLACES)]} {n:04d}"
        elif n % 10 == 6:
            category, name = "kecamatan", f"Kecamatan {PLACES[(n // 7) % len(PLACES)]} {n:04d}"
        else:
            body = BODIES[n % len(BODIES)]
            category, name = CATEGORY_OF[body.split()[0]], f"{body} Kabupaten {regency} {n:04d}"
        agency_id = f"{category}-{n:04d}"
        slug = regency.lower().replace(" ", "")
        profile = rng.choices([p for _, p in PROFILES], [w for w, _ in PROFILES])[0]
        first = rng.randrange(1, runs) if profile == "joins" else 0
        sites.append({
            "agency": Agency(agency_id, name, f"https://{agency_id}.{slug}kab.go.id/", category),
            "profile": profile,
            "platform": PLATFORMS[rng.randrange(len(PLATFORMS))],
            "p_down": rng.choices((0.01, 0.1, 0.4), (80, 15, 5))[0],
            "weeks": (first, runs if n < count else rng.randrange(first + 1, runs)),
            "posts": [],
        })  # fmt: skip
    return sites


def publication_days(profile: str, start: date, end: date, rng: random.Random) -> list[date]:
    """The days a site published something, sorted, between `start` and `end`."""
    mean_gap = {"busy": 2, "regular": 9, "slow": 40, "quits": 7, "revives": 8, "joins": 10}.get(
        profile, 60
    )
    span = (end - start).days
    active = [(start, end)]
    if profile == "quits":
        active = [(start, end - timedelta(days=rng.randrange(0, 365)))]
    elif profile == "revives":
        active = [(start, start + timedelta(days=span // 3)),
                  (end - timedelta(days=rng.randrange(7, 300)), end)]  # fmt: skip
    elif profile == "dormant":
        active = [(start, end - timedelta(days=365 + rng.randrange(200, 900)))]
    elif profile in ("undated", "robots", "gone"):
        active = []
    days: list[date] = []
    for first, last in active:
        day = first
        while day <= last:
            days.append(day)
            day += timedelta(days=max(1, round(rng.expovariate(1 / mean_gap))))
    return days


def _title(agency_number: int, post: int) -> str:
    verb = VERBS[(post * 7 + agency_number) % len(VERBS)]
    topic = TOPICS[(post * 3 + agency_number) % len(TOPICS)]
    return f"{verb} {topic} di {PLACES[(post + agency_number) % len(PLACES)]}"


def _long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def observe(site: dict, number: int, as_of: date, rng: random.Random) -> SiteObservation:
    """What a crawl on `as_of` would have seen of `site`."""
    agency: Agency = site["agency"]
    base = agency.url
    profile = site["profile"]
    robots = Fetch(base + "robots.txt", PageRole.ROBOTS, 200, size=120, seconds=0.2)
    if profile == "gone":
        detail = f"CannotResolveHostError: DNS lookup failed: no results for {base[8:-1]}."
        return SiteObservation(agency.id, (
            Fetch(base + "robots.txt", PageRole.ROBOTS, error=FailureKind.DNS, detail=detail),
            Fetch(base, PageRole.HOMEPAGE, error=FailureKind.DNS, detail=detail),
        ))  # fmt: skip
    if rng.random() < site["p_down"]:
        kind = rng.choice((FailureKind.TIMEOUT, FailureKind.REFUSED, FailureKind.HTTP_5XX))
        status = 503 if kind is FailureKind.HTTP_5XX else None
        detail = "" if status else f"{kind}: Getting {base} failed after 20.0 seconds."
        fetches = (robots, Fetch(base, PageRole.HOMEPAGE, status, kind, detail, seconds=20.0))
        return SiteObservation(agency.id, fetches)
    if profile == "robots":
        homepage = Fetch(base, PageRole.HOMEPAGE, error=FailureKind.ROBOTS, detail="forbidden")
        return SiteObservation(agency.id, (robots, homepage))

    published = bisect.bisect_right(site["posts"], as_of)
    shown = range(published - 1, max(published - rng.randrange(10, 31), 0) - 1, -1)
    newest = [(post, site["posts"][post]) for post in shown]
    platform = site["platform"]
    feed, listing, sitemap = base + "feed/", base + "berita", base + "sitemap.xml"
    evidence: list[Evidence] = []
    for rank, (post, day) in enumerate(newest):
        title = _title(number, post)
        url = f"{base}berita/{1000 + post}/{title.lower().replace(' ', '-')}"
        if platform == "wordpress":
            seen = Evidence(Source.FEED, url, day, f"{title} — {day:%a, %d %b %Y} 08:15", feed)
        elif platform == "cms":
            seen = Evidence(Source.LISTING, url, day, f"{_long_date(day)} | {title}", listing)
        elif platform == "opensid":
            seen = Evidence(Source.SITEMAP, url, day, f"<lastmod>{day}</lastmod>", sitemap)
        else:
            seen = Evidence(Source.FEED, url, day, f"<published>{day}T10:00:00+07:00", feed)
        evidence.append(seen)
        if rank < 3:  # the newest articles are opened, and read again from their own page
            byline = f"Diposting pada {_long_date(day)} oleh Admin {agency.name}. {title}."
            evidence.append(Evidence(Source.ARTICLE, url, day, byline))
    fetches = [robots, Fetch(base, PageRole.HOMEPAGE, 200, size=48_000, seconds=0.8)]
    for url, role in (
        (feed, PageRole.FEED),
        (listing, PageRole.LISTING),
        (sitemap, PageRole.SITEMAP),
    ):
        fetches.append(Fetch(url, role, 200, size=30_000, seconds=0.5))
    for e in evidence:
        if e.source is Source.ARTICLE:
            fetches.append(Fetch(e.url, PageRole.ARTICLE, 200, size=60_000, seconds=1.1))
    return SiteObservation(agency.id, tuple(fetches), tuple(evidence))


def write_history(db: Path, agencies: int, runs: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    starts = weekly_runs(runs)
    sites = make_fleet(agencies, runs, rng)
    first_day, last_day = starts[0].date() - timedelta(days=1500), starts[-1].date()
    for site in sites:
        site["posts"] = publication_days(site["profile"], first_day, last_day, rng)
    store = Store(db)
    totals = {"evidence": 0, "fetches": 0, "results": 0}
    for week, started in enumerate(starts):
        as_of = started.date()
        present = [(n, s) for n, s in enumerate(sites) if s["weeks"][0] <= week < s["weeks"][1]]
        run_id = store.start_run(
            started, as_of, [s["agency"] for _, s in present], "bench", thresholds=THRESHOLDS
        )
        results = []
        for i in range(0, len(present), BATCH):
            seen = [(s, observe(s, n, as_of, rng)) for n, s in present[i : i + BATCH]]
            store.add_observations(
                run_id,
                [(o.agency_id, f) for _, o in seen for f in o.fetches],
                [(o.agency_id, e) for _, o in seen for e in o.evidence],
            )
            results += [estimate(o, s["agency"].url, as_of, THRESHOLDS) for s, o in seen]
            totals["evidence"] += sum(len(o.evidence) for _, o in seen)
            totals["fetches"] += sum(len(o.fetches) for _, o in seen)
        store.save_results(run_id, results)
        totals["results"] += len(results)
        stats = {"finish_reason": "finished", "downloader/request_count": totals["fetches"]}
        finished = started + timedelta(hours=CRAWL_HOURS)
        store.finish_run(run_id, state=RunState.COMPLETE, finished_at=finished,
                         reason="finished", stats=stats)  # fmt: skip
    store.close()
    return totals


def _shape(db: Path) -> tuple[int, int]:
    """(complete runs, agencies in the latest one) of an existing database."""
    store = Store(db)
    try:
        runs = [r for r in store.runs() if r.state == RunState.COMPLETE]
        return len(runs), (runs[-1].agency_count if runs else 0)
    finally:
        store.close()


def measure(db: str, out: str, lang: str, profile: int) -> dict:
    """Build and render the report of the latest run (in a fresh process); timings and RSS."""
    from reports.build import build_report
    from reports.render import render_report

    profiles: dict[str, str] = {}

    def timed(name: str, function, *args, **kwargs):
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        value = function(*args, **kwargs)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
        if profiler:
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text).strip_dirs()
            stats.sort_stats("tottime").print_stats(profile)
            stats.sort_stats("cumulative").print_stats(profile)
            profiles[name] = text.getvalue()
        return value, seconds

    store = Store(db)
    report, build_s = timed("build", build_report, store, None, datetime.now(UTC))
    _, render_s = timed("render", render_report, report, Path(out), lang=lang)
    store.close()
    return {
        "build": build_s,
        "render": render_s,
        "agencies": len(report.agencies),
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "profiles": profiles,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=2000, help="agencies in the latest run")
    parser.add_argument("--runs", type=int, default=52, help="weekly runs of history")
    parser.add_argument("--keep", type=Path, help="keep the database and report in this folder")
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print each phase's N costliest functions (cProfile)")  # fmt: skip
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db, out = folder / "freshness.db", folder / "public"
    try:
        if db.exists():
            shape = _shape(db)
            if shape != (args.runs, args.agencies):
                sys.exit(f"{db} holds {shape[0]} runs of {shape[1]} agencies, not {args.runs} "
                         f"of {args.agencies}: remove it or choose another --keep")  # fmt: skip
            print(f"history: reusing {db} ({args.runs} runs, {args.agencies} agencies)")
        else:
            start = time.perf_counter()
            totals = write_history(db, args.agencies, args.runs, args.seed)
            seconds = time.perf_counter() - start
            print(f"history: {args.runs} runs, {totals['results']:,} verdicts, "
                  f"{totals['evidence']:,} evidence rows, {totals['fetches']:,} fetches written "
                  f"in {seconds:.1f} s; database {_mb(db.stat().st_size)}")  # fmt: skip

        spawn = multiprocessing.get_context("spawn")  # a fresh process: its own peak RSS
        with spawn.Pool(1) as pool:
            result = pool.apply(measure, (str(db), str(out), args.lang, args.profile))
        pages = list(out.rglob("*.html"))
        agency_pages = [p for p in pages if p.parent.name == "agencies"]
        largest = max(agency_pages, key=lambda p: p.stat().st_size)
        total_size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        total = result["build"] + result["render"]
        verdict = "within" if total < TARGET_SECONDS else "OVER"
        print(f"report of {result['agencies']:,} agencies with {args.runs} runs of history "
              f"({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}):")  # fmt: skip
        print(f"  build report model  {result['build']:7.2f} s")
        print(f"  render              {result['render']:7.2f} s")
        print(
            f"  total               {total:7.2f} s  ({verdict} the {TARGET_SECONDS:.0f} s target)"
        )
        print(f"  pages written       {len(pages):7,d} HTML (index + {len(agency_pages):,} "
              "agencies) + results.csv, results.json, changes.atom, 2 assets")  # fmt: skip
        print(f"  total size          {_mb(total_size):>9}  (index.html "
              f"{(out / 'index.html').stat().st_size / 1024:,.0f} KB)")  # fmt: skip
        print(f"  largest agency page {largest.stat().st_size / 1024:7.0f} KB  ({largest.name})")
        print(f"  peak RSS            {result['rss_kb'] / 1024:7.0f} MB  (the report process)")
        for name, text in result["profiles"].items():
            print(f"\n--- cProfile: {name} ---\n{text}")
        if args.keep:
            print(f"kept: {db} and {out}/index.html")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


if __name__ == "__main__":
    main()
