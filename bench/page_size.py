"""Benchmark: seconds to read one hostile page, against its size, by the page's role.

    python bench/page_size.py [--sizes 0.1 0.5 1 2 5] [--shapes paragraphs table ...]
                              [--give-up 60] [--repo DIR] [--profile SHAPE:MB]

Generates pages of one repeated pattern (dated paragraphs, list items, a table of dates,
thousands of dated links, one huge text node, markup nested to the parser's limit, ...) at
each size, and reads each as the spider reads a homepage, a listing, an article and a PPID
page: `crawler.read.page.read_page`, which parses the page once, checks it for gambling spam and
runs the readers of its role. Prints seconds per page and per MB; a reader that used up its
work budget (crawler.read.budget) is named. Pages are cut at `MAX_HTML_CHARS` (3 million
characters) before they are read, so a 5 MB page costs what its first 3 MB cost.

`--repo` reads another checkout (say `git worktree add /tmp/base HEAD~1`) to compare with
older code; a checkout without `crawler.read.page` is read the way its spider read pages.
`--give-up` skips the larger sizes of a shape once one of its pages took that long.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pstats
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
URL = "https://dinas.example.go.id/berita/kegiatan-dinas"  # no date: the whole cascade runs
ROLES = ("homepage", "listing", "article", "ppid")
HEAD = '<html><head><meta charset="utf-8"><title>Berita slot</title></head><body>'
TAIL = "</body></html>"
#: The parser keeps at most this many levels of nesting; deeper markup is dropped.
PARSER_DEPTH = 250


def _fill(size: int, unit: Callable[[int], str], before: str = "", after: str = "") -> str:
    """`HEAD + before + unit(0) + unit(1) ... + after + TAIL`, about `size` bytes."""
    count = max(1, (size - len(HEAD) - len(TAIL) - len(before) - len(after)) // len(unit(0)))
    return HEAD + before + "".join(unit(i) for i in range(count)) + after + TAIL


def _paragraphs(size: int) -> str:
    return _fill(size, lambda i: "<p>12 Januari 2025</p>")


def _list_items(size: int) -> str:
    item = (
        '<li><a href="/berita/{:07d}/judul-berita">Judul berita ke {:07d} tentang kegiatan</a>'
        " <span>12 Januari 2025</span></li>"
    )
    return _fill(size, lambda i: item.format(i, i), "<ul>", "</ul>")


def _nested_divs(size: int) -> str:
    post = (
        '<div class="post"><div class="meta"><span class="date">12 Januari 2025</span></div>'
        '<div class="body">Teks kegiatan</div></div>'
    )
    return _fill(size, lambda i: post)


def _table(size: int) -> str:
    row = (
        '<tr><td>{:07d}</td><td><a href="/files/dok{:07d}.pdf">Laporan Keuangan Tahun 2024</a>'
        "</td><td>12/01/2025</td></tr>"
    )
    return _fill(size, lambda i: row.format(i, i), "<table>", "</table>")


def _dated_links(size: int) -> str:
    link = '<a href="/berita/{:07d}/judul">Berita 12 Januari 2025 nomor {:07d}</a> '
    return _fill(size, lambda i: link.format(i, i))


def _titled_links(size: int) -> str:
    """Dated links right under the page's title: the byline step reads them all."""
    link = '<a href="/berita/{:07d}/judul">Berita 12 Januari 2025 nomor {:07d}</a> '
    return _fill(size, lambda i: link.format(i, i), "<h1>Berita slot</h1>")


def _text_node(size: int) -> str:
    return _fill(size, lambda i: "Dibuat 12 Januari 2025, ", "<p>", "</p>")


def _deep_nesting(size: int) -> str:
    item = '<p><a href="/berita/{:07d}/judul">Judul berita nomor {:07d}</a> 12 Januari 2025</p>'
    opening = '<div class="box"><span>12 Januari 2025</span>' * PARSER_DEPTH
    return _fill(size, lambda i: item.format(i, i), opening, "</div>" * PARSER_DEPTH)


def _code_in_wrappers(size: int) -> str:
    """Items with form controls and icons inside sidebar-classed wrappers nested to the
    parser's limit: whether each wrapper holds most of the visible text is asked at every
    level, and its code is not visible text."""
    item = (
        '<p><svg><style>.a{{}}</style></svg><input value="x"><a href="/berita/{:07d}/judul">'
        "Judul berita nomor {:07d}</a> 12 Januari 2025</p>"
    )
    opening = '<div class="sidebar"><span>Teks</span>' * PARSER_DEPTH
    return _fill(size, lambda i: item.format(i, i), opening, "</div>" * PARSER_DEPTH)


def _style(size: int) -> str:
    """A style sheet of no rules, on a page that names gambling (so the spam check reads it)."""
    return _fill(size, lambda i: "a", "<style>", "</style><p>slot gacor 12 Januari 2025</p>")


def _spaced_cells(size: int) -> str:
    """Table cells whose date is followed by a thousand spaces of indentation."""
    row = "<tr><td>{:07d}</td><td>12/01/2025" + " " * 1000 + "</td></tr>"
    return _fill(size, lambda i: row.format(i), "<table>", "</table>")


def _headings(size: int) -> str:
    return _fill(size, lambda i: "<h3>Berita Terbaru</h3><p>12 Januari 2025</p>")


def _times(size: int) -> str:
    """Dated `<time>` elements after the title: the `<time>` step weighs every one."""
    time = '<p><time datetime="2025-01-{:02d}">{} Januari 2025</time> kegiatan</p>'
    return _fill(size, lambda i: time.format(i % 28 + 1, i % 28 + 1), "<h1>Berita slot</h1>")


def _link_row(size: int) -> str:
    link = '<a href="/berita/{:07d}/x"></a>'
    return _fill(size, lambda i: link.format(i), "<ul><li>12 Januari 2025", "</li></ul>")


#: name -> a hostile page of about `size` bytes
SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": _paragraphs,  # <p>12 Januari 2025</p> repeated
    "list-items": _list_items,  # <li> of a linked title and a date
    "nested-divs": _nested_divs,  # div.post > div.meta > span.date, repeated
    "table": _table,  # one table, a row per document: number, linked title, date
    "dated-links": _dated_links,  # links whose text holds a date, side by side
    "titled-links": _titled_links,  # the same under an <h1> that repeats the <title>
    "text-node": _text_node,  # one text node of dates
    "deep-nesting": _deep_nesting,  # dated divs nested to the parser's limit, items inside
    "headings": _headings,  # "Berita Terbaru" headings in a row, each over a date
    "link-row": _link_row,  # one dated list item of empty links
    "times": _times,  # <time datetime> elements under the title, each in a paragraph
    "code-in-wrappers": _code_in_wrappers,  # icons and inputs in nested sidebar wrappers
    "style": _style,  # a style sheet of no rules (with a gambling word on the page)
    "spaced-cells": _spaced_cells,  # dated table cells indented by a thousand spaces
}


def _module(repo: Path, *names: str) -> Any:
    """The first of `names` that `repo` has: modules moved between checkouts."""
    for name in names:
        if (repo / (name.replace(".", "/") + ".py")).exists() or (
            repo / name.replace(".", "/") / "__init__.py"
        ).exists():
            return importlib.import_module(name)
    raise SystemExit(f"{repo} has none of {', '.join(names)}")


def _reader(repo: Path) -> Callable[[str, str], tuple[str, ...]]:
    """A function (role, html) -> readers over budget, reading as `repo`'s spider does."""
    sys.path.insert(0, str(repo))
    from crawler.model import PageRole

    roles = {"homepage": PageRole.HOMEPAGE, "listing": PageRole.LISTING,
             "article": PageRole.ARTICLE, "ppid": PageRole.PPID}  # fmt: skip
    if not any((repo / "crawler" / path).exists() for path in ("read/page.py", "reading.py")):
        return _old_reader(repo)  # a checkout from before read_page: its spider's calls
    read_page = _module(repo, "crawler.read.page", "crawler.reading").read_page

    def read(role: str, html: str) -> tuple[str, ...]:
        return tuple(read_page(roles[role], html, URL, URL, now=NOW).over_budget)

    return read


def _old_reader(repo: Path) -> Callable[[str, str], tuple[str, ...]]:
    page_date = _module(repo, "crawler.read.cascade", "crawler.dates").page_date
    discover = _module(repo, "crawler.read.links", "crawler.links").discover
    listing_items = _module(repo, "crawler.read.listing", "crawler.listing").listing_items
    ppid = _module(repo, "crawler.read.ppid", "crawler.ppid")
    page_spam = _module(repo, "crawler.read.spam", "crawler.spam").page_spam
    load_html = _module(repo, "crawler.read.structure", "crawler.pagetext").load_html

    def read(role: str, html: str) -> tuple[str, ...]:
        tree = load_html(html)
        page: Any = tree if tree is not None else ""
        page_spam(html, URL, tree=tree)
        if role == "article":
            page_date(page, URL, now=NOW)
        if role in ("homepage", "listing", "article"):
            listing_items(page, URL, now=NOW)
        if role in ("homepage", "listing"):
            discover(page, URL)
        if role in ("homepage", "ppid"):
            ppid.ppid_links(page, URL)
        if role == "ppid":
            ppid.dip_state(page, now=NOW)
            ppid.ppid_documents(page, URL, now=NOW)
        return ()

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1, 2, 5])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--give-up", type=float, default=120.0, metavar="SECONDS")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to read with")
    parser.add_argument("--profile", metavar="SHAPE:MB", help="profile one page, all roles")
    args = parser.parse_args()
    read = _reader(args.repo.resolve())
    if args.profile:
        shape, size = args.profile.split(":")
        html = SHAPES[shape](int(float(size) * 1_000_000))
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [read(role, html) for role in ROLES])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    for role in ROLES:  # imports and caches, before anything is timed
        read(role, _paragraphs(10_000))
    print(f"reading with {args.repo}; CPU seconds per page (and per MB) by role")
    print(f"{'shape':13} {'MB':>5} " + " ".join(f"{role:>9}" for role in ROLES)
          + f" {'all':>7} {'s/MB':>6}  over budget")  # fmt: skip
    per_mb: dict[str, dict[float, float | None]] = {}
    for shape in args.shapes:
        make = SHAPES[shape]
        given_up = False
        for size in args.sizes:
            if given_up:
                per_mb.setdefault(shape, {})[size] = None
                continue
            html = make(int(size * 1_000_000))
            seconds: list[float] = []
            over: set[str] = set()
            for role in ROLES:
                start = time.process_time()
                over.update(read(role, html))
                seconds.append(time.process_time() - start)
            total = sum(seconds)
            megabytes = len(html.encode()) / 1_000_000
            per_mb.setdefault(shape, {})[size] = total / megabytes
            print(f"{shape:13} {megabytes:5.2f} " + " ".join(f"{s:9.2f}" for s in seconds)
                  + f" {total:7.2f} {total / megabytes:6.2f}  {', '.join(sorted(over)) or '-'}",
                  flush=True)  # fmt: skip
            given_up = max(seconds) > args.give_up
    print("\nseconds per MB (all four roles)")
    print(f"{'shape':13} " + " ".join(f"{size:>6g}MB" for size in args.sizes))
    for shape, row in per_mb.items():
        cells = (f"{row[s]:8.2f}" if row.get(s) is not None else f"{'-':>8}" for s in args.sizes)
        print(f"{shape:13} " + " ".join(cells))


if __name__ == "__main__":
    main()
