"""Reading one page is bounded: linear in the page's size, and stopped by a work budget.

Speed is measured (bench/page_size.py), not timed here: the work of a reading is counted
instead, as Python lines run plus the characters handed to the text primitives that run in
C (an element's text and its length, a date search, a regular expression's window). A
reader cut short by its budget must never find a newer date than the whole reading does.
"""

from __future__ import annotations

import re
import signal
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

import crawler.read.article
import crawler.read.bylines
import crawler.read.cascade
import crawler.read.diagnose
import crawler.read.listing
import crawler.read.ppid
import crawler.read.structure
import crawler.read.written_dates
from crawler.model import WIB
from crawler.read.cascade import page_date
from crawler.read.listing import listing_items
from crawler.read.ppid import dip_state, ppid_documents, ppid_links
from crawler.read.spam import page_spam
from crawler.read.structure import load_html, noise_map, text_segments
from crawler.read.written_dates import find_dates

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
URL = "https://dinas.bengkaliskab.go.id/berita/kegiatan-dinas"  # no date in it
GOLDEN = Path(__file__).parent / "golden" / "pages"


def _page(body: str, title: str = "Berita Dinas") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


#: Hostile pages of `n` repeated blocks: each shape made some reader quadratic once.
SHAPES: dict[str, Callable[[int], str]] = {
    # A dated block under one body: every block asked the body's text length again.
    "paragraphs": lambda n: _page("<p>12 Januari 2025</p>" * n),
    # One table of dated rows: every dated cell read every row of its table again.
    "table": lambda n: _page(
        "<table>"
        + "".join(
            f'<tr><td>{i}</td><td><a href="/files/d{i}.pdf">Laporan Keuangan Tahun 2024</a></td>'
            "<td>12/01/2025</td></tr>"
            for i in range(n)
        )
        + "</table>"
    ),
    # Dated links under the title: each date searched all the text before it again.
    "titled-links": lambda n: _page(
        "<h1>Berita Dinas Kabupaten</h1>"
        + "".join(f'<a href="/berita/{i}/x">Berita 12 Januari 2025 no {i}</a> ' for i in range(n)),
        title="Berita Dinas Kabupaten",
    ),
    # "Berita Terbaru" headings in a row: each marked every sibling after it.
    "headings": lambda n: _page("<h3>Berita Terbaru</h3><p>12 Januari 2025</p>" * n),
    # One list item of many links: each link read the whole item again.
    "link-row": lambda n: _page(
        "<ul><li>12 Januari 2025" + "".join(f'<a href="/berita/{i}/x"></a>' for i in range(n))
        + "</li></ul>"
    ),
    # Prayer names in one box: each named element read the whole box again.
    "prayer-box": lambda n: _page(
        "<div>" + "<span>Subuh Dzuhur Ashar Maghrib Isya</span><p>12 Jan 2025</p>" * n + "</div>"
    ),
    # Markup nested to the parser's limit above every item: each link climbed all of it.
    "deep-nesting": lambda n: _page(
        '<div class="box"><span>12 Januari 2025</span>' * 250
        + "".join(
            f'<p><a href="/berita/{i}/judul">Judul berita nomor {i} di sini</a> 12 Januari 2025</p>'
            for i in range(n)
        )
        + "</div>" * 250
    ),
    # Icons and form controls in sidebar wrappers nested to the parser's limit: each
    # wrapper's visible text (without its code) is asked at every level.
    "code-in-wrappers": lambda n: _page(
        '<div class="sidebar"><span>Teks</span>' * 250
        + "".join(
            f'<p><svg><style>.a{{}}</style></svg><input value="x"><a href="/berita/{i}/judul">'
            f"Judul berita nomor {i} di sini</a> 12 Januari 2025</p>"
            for i in range(n)
        )
        + "</div>" * 250
    ),
    # A long class list over many lines: each line searched the list again.
    "class-list": lambda n: _page(f'<div class="{"x " * (10 * n)}">' + "teks 12 Jan 2025<br>" * n),
    # Dated elements side by side: each read the label text of every sibling before it.
    "time-row": lambda n: _page(
        "<h1>Berita Dinas</h1><div>"
        + "".join(f'<span>Terbit</span> <time datetime="2025-01-{i % 28 + 1:02d}">x</time> '
                  for i in range(n))
        + "</div>"
    ),
    # Dated elements under the title: each counted the elements before it in the page.
    "times": lambda n: _page(
        "<h1>Berita Dinas</h1>"
        + "".join(f'<p><time datetime="2025-01-{i % 28 + 1:02d}">x</time> kegiatan</p>'
                  for i in range(n))
    ),
    # Many list items: linear before too; kept so that it stays so.
    "list-items": lambda n: _page(
        "<ul>"
        + "".join(
            f'<li><a href="/berita/{i}/judul-berita">Judul berita ke {i} tentang kegiatan</a>'
            " <span>12 Januari 2025</span></li>"
            for i in range(n)
        )
        + "</ul>"
    ),
}  # fmt: skip


def _read_all(html: str) -> None:
    """Every reader the spider runs on a page, on one parsed tree."""
    tree = load_html(html)
    page_date(tree, URL, now=NOW)
    listing_items(tree, URL, now=NOW)
    ppid_links(tree, URL)
    ppid_documents(tree, URL, now=NOW)
    dip_state(tree, now=NOW)
    crawler.read.diagnose.set_aside_dates(tree, URL, now=NOW)


class _CountedPattern:
    """A compiled pattern whose searches count the characters of their window."""

    def __init__(self, pattern: re.Pattern[str], count: Callable[[int], None]) -> None:
        self.pattern, self.count = pattern, count

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self.count(min(endpos, len(text)) - pos)
        return self.pattern.search(text, pos, endpos)


@contextmanager
def _counting() -> Iterator[list[int]]:
    """Count the work done inside: [Python lines run, characters read in C]."""
    work = [0, 0]

    def chars(n: int) -> None:
        work[1] += max(n, 0)

    def tracer(frame, event, arg):
        if event == "line":
            work[0] += 1
        return tracer

    patches: list[tuple[object, str, object]] = []

    def patch(owner: object, name: str, make: Callable[[object], object]) -> None:
        original = getattr(owner, name)
        patches.append((owner, name, original))
        setattr(owner, name, make(original))

    def counted_text(original):
        return lambda self: _tap(original(self), chars)

    patch(lxml_html.HtmlMixin, "text_content", counted_text)
    patch(crawler.read.structure, "_TEXT_CONTENT", lambda f: lambda e: _tap(f(e), chars))
    patch(crawler.read.structure, "_STRING_LENGTH", lambda f: lambda e: _tap(f(e), chars, int))
    patch(crawler.read.ppid, "_text", lambda f: lambda e: _tap(f(e), chars))
    patch(crawler.read.article, "_POSITION", lambda f: lambda e: _tap(f(e), chars, int))
    read = crawler.read
    for module in (read.written_dates, read.bylines, read.cascade, read.listing, read.article,
                   read.ppid, read.diagnose):  # fmt: skip
        if hasattr(module, "find_dates"):  # every reader that imports it
            patch(module, "find_dates", lambda f: _counted_find_dates(f, chars))
    patch(crawler.read.bylines, "MODIFIED_WORDS", lambda p: _CountedPattern(p, chars))
    patch(crawler.read.bylines, "_MODIFIED_WORDS_IN", lambda p: _CountedPattern(p, chars))
    patch(crawler.read.bylines, "_BYLINE_CLASS", lambda p: _CountedPattern(p, chars))
    sys.settrace(tracer)
    try:
        yield work
    finally:
        sys.settrace(None)
        for owner, name, original in reversed(patches):
            setattr(owner, name, original)


def _tap(value, chars: Callable[[int], None], size=len):
    chars(size(value))
    return value


def _counted_find_dates(find_dates, chars):
    def counted(text, *args, **kwargs):
        chars(len(text) if isinstance(text, str) else 0)
        return find_dates(text, *args, **kwargs)

    return counted


def _work(html: str) -> int:
    with _counting() as work:
        _read_all(html)
    return sum(work)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_a_page_is_linear_in_its_blocks(shape: str) -> None:
    """Four times the blocks cost at most five times the work (a quadratic step, sixteen)."""
    make = SHAPES[shape]
    _read_all(make(20))  # imports and caches, so that they count in neither reading
    small, large = _work(make(150)), _work(make(600))
    assert large <= 5 * small, f"{shape}: {small} -> {large} units of work ({large / small:.1f}x)"


# ---------------------------------------------------------------------------- the budget


def _limits(spent: int) -> list[int]:
    """Budgets that cut a reading at every point of it (about a hundred of them)."""
    step = max(1, spent // 100)
    return sorted({*range(0, spent + 1, step), spent - 1, spent, spent + 1} - {-1})


#: Listing-like pages, oldest item first on the last one: a cut keeps the oldest items.
BUDGET_PAGES = {
    "golden-bappeda": (GOLDEN / "rcms-bappeda-pengumuman-list.html").read_bytes(),
    "golden-opensid-recent": (GOLDEN / "opensid-klasik-recent-2023.html").read_bytes(),
    "golden-dip-table": (GOLDEN / "ppid-dpmd-dip-table.html").read_bytes(),
    "golden-bkd-pdf": (GOLDEN / "wp-bkd-pengumuman-pdf-2024.html").read_bytes(),
    "oldest-first": _page(
        "<h1>Berita Dinas</h1><p class='meta'>Diposting 3 Maret 2021</p><ul>"
        + "".join(
            f'<li><a href="/berita/{i}/judul-berita">Judul berita ke {i} tentang kegiatan</a>'
            f" <span>Diperbarui {i % 28 + 1} Oktober 2026</span>"
            f" <span>{i % 28 + 1} Januari {2015 + i % 12}</span></li>"
            for i in range(40)
        )
        + "</ul>",
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(BUDGET_PAGES))
def test_a_listing_cut_short_keeps_a_prefix_of_its_items(name: str) -> None:
    from crawler.read.budget import WorkBudget

    tree = load_html(BUDGET_PAGES[name])
    whole = WorkBudget(10**9)
    full = listing_items(tree, URL, now=NOW, budget=whole)
    for limit in _limits(whole.spent):
        budget = WorkBudget(limit)
        cut = listing_items(tree, URL, now=NOW, budget=budget)
        assert budget.exceeded == (limit < whole.spent)
        # In document order, each item with the date the whole reading gives it: never an
        # item the whole reading drops, never a modification stamp for a date.
        assert cut == full[: len(cut)], limit
        assert max((e.date for e in cut), default=date.min) <= max(
            (e.date for e in full), default=date.min
        )


@pytest.mark.parametrize("name", sorted(BUDGET_PAGES))
def test_an_article_cut_short_has_no_date(name: str) -> None:
    """A step cut short must not fall through to a later one, whose date may be newer."""
    from crawler.read.budget import WorkBudget

    tree = load_html(BUDGET_PAGES[name])
    whole = WorkBudget(10**9)
    full = page_date(tree, URL, now=NOW, budget=whole)
    for limit in _limits(whole.spent):
        budget = WorkBudget(limit)
        cut = page_date(tree, URL, now=NOW, budget=budget)
        assert cut == (None if budget.exceeded else full), limit


@pytest.mark.parametrize("name", sorted(BUDGET_PAGES))
def test_ppid_readers_cut_short_find_less_never_newer(name: str) -> None:
    from crawler.read.budget import WorkBudget

    tree = load_html(BUDGET_PAGES[name])
    whole = [WorkBudget(10**9) for _ in range(3)]
    documents = ppid_documents(tree, URL, now=NOW, budget=whole[0])
    links = set(ppid_links(tree, URL, budget=whole[1]))
    dip = dip_state(tree, now=NOW, budget=whole[2])
    for limit in _limits(max(budget.spent for budget in whole)):
        cut_documents = ppid_documents(tree, URL, now=NOW, budget=WorkBudget(limit))
        assert cut_documents == documents[: len(cut_documents)]
        assert set(ppid_links(tree, URL, budget=WorkBudget(limit))) <= links
        cut = dip_state(tree, now=NOW, budget=WorkBudget(limit))
        assert cut.rows <= dip.rows
        assert cut.updated is None or (dip.updated is not None and cut.updated <= dip.updated)


def test_read_page_names_the_readers_over_budget() -> None:
    from crawler.model import PageRole
    from crawler.read.page import read_page

    html = SHAPES["list-items"](200)
    whole = read_page(PageRole.ARTICLE, html, URL, URL, now=NOW)
    assert whole.over_budget == ()
    cut = read_page(PageRole.ARTICLE, html, URL, URL, now=NOW, work=50)
    assert set(cut.over_budget) == {"page_date", "listing_items"}
    assert cut.article is None
    assert 0 < len(cut.listing) < len(whole.listing)
    assert cut.listing == whole.listing[: len(cut.listing)]


class _OverCpuLimit(BaseException):
    """Not an Exception: the readers' guards against hostile input must not swallow it."""


@contextmanager
def _cpu_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, past `seconds` of this process's CPU time (not wall time:
    a loaded machine does not count)."""

    def stop(signum, frame):
        raise _OverCpuLimit(f"over {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_a_5_mb_page_of_dated_paragraphs_is_read() -> None:
    """The page that stalled a crawl for minutes: read, and dated 12 January 2025 or not at all.

    The CPU limit is about fifty times what the reading takes on the build machine; before,
    it took about seven minutes.
    """
    html = "<html><body>" + "<p>12 Januari 2025</p>" * (5 * 1024 * 1024 // 22) + "</body></html>"
    with _cpu_limit(120):
        found = page_date(html, URL, now=NOW)
        items = listing_items(html, URL, now=NOW)
    assert found is None or found.date == date(2025, 1, 12)
    assert items == []  # no links: no items


def test_an_item_link_of_a_megabyte_of_dates_is_read_at_once() -> None:
    """The prose test of list items split all the text before each date: quadratic in C
    (`str.split`), which the work count of the linearity test does not see. A second here;
    before, about three minutes."""
    text = "kata lain di sini pada 12 Januari 2025, rapat " * 22_000  # 1 MB
    html = _page(f'<ul><li><a href="/berita/1/judul">{text}</a></li></ul>')
    with _cpu_limit(30):
        items = listing_items(html, URL, now=NOW)
    assert [item.date for item in items] == [date(2025, 1, 12)]


def test_a_date_before_a_long_run_of_spaces_is_read_at_once() -> None:
    """An indented table cell: the clock pattern after a date tried every way of splitting
    the spaces among its three optional gaps (cubic: minutes for a few thousand spaces)."""
    with _cpu_limit(20):
        found = find_dates("12/01/2025" + " " * 20_000 + "x")
        timed = find_dates("Senin, 12 Januari 2025" + " \n" * 10_000 + "08:15 WIB")
        # Two digits that may be a short year, then the spaces: what follows decides.
        short = find_dates("12 Jan 25" + " " * 100_000 + "x")
    assert [m.date for m in found] == [date(2025, 1, 12)]
    assert [m.date for m in timed] == [date(2025, 1, 12)]
    assert [m.date for m in short] == [date(2025, 1, 12)]


def test_a_style_sheet_of_no_rules_is_read_at_once() -> None:
    """The hidden-block check read a rule from every character of a run without braces."""
    css = "a" * 300_000 + "@media x " * 20_000
    html = _page(f"<style>{css}</style><p>slot gacor maxwin, bonus new member</p>")
    with _cpu_limit(20):
        verdict = page_spam(html, URL)
    assert verdict.is_weak


def test_a_long_class_list_is_not_copied_for_every_line() -> None:
    """Each text segment carried its own copy of its block's classes: a page of 50 KB of class
    names over 2,000 lines took 100 MB."""
    html = _page(f'<div class="{"x " * 25_000}">' + "teks 12 Januari 2025<br>" * 2_000 + "</div>")
    tree = load_html(html)
    tracemalloc.start()
    try:
        segments = text_segments(tree, noise_map(tree))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(segments) >= 2_000
    assert peak < 20_000_000
