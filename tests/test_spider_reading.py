"""How the spider reads pages: off the event loop, pages over their work budget counted, and
one line of facts per agency while crawling (the verdict is computed once, after the crawl).

Pure: the spider's callbacks are driven by hand on a private event loop, no reactor, no
network; the in-process crawl of the fixture fleet is test_crawl's.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

import spiders.freshness as freshness
import spiders.reader as reader
from crawler.config import Agency, Fleet
from crawler.model import WIB, Evidence, FailureKind, Fetch, PageRole, Source, Status
from spiders.freshness import FreshnessSpider, Observed

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
SITE = "https://dinas.example.go.id"
AGENCY = Agency("dinas-x", "Dinas X", f"{SITE}/")
ARTICLE = f"{SITE}/berita/kegiatan-dinas"
#: An article with a byline under its title and a sidebar of forty dated items.
PAGE = (
    "<html><head><title>Rapat Koordinasi Dinas</title></head><body>"
    "<h1>Rapat Koordinasi Dinas</h1><p class='meta'>Diposting 3 Maret 2025</p><ul>"
    + "".join(
        f'<li><a href="/berita/{i}/judul-berita">Judul berita ke {i} tentang kegiatan</a>'
        f" <span>{i % 28 + 1} Januari 2025</span></li>"
        for i in range(40)
    )
    + "</ul></body></html>"
)


class _Stats:
    """What the spider asks of Scrapy's stats collector."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _spider() -> FreshnessSpider:
    spider = FreshnessSpider(fleet=Fleet((AGENCY,)), now=NOW)
    spider.crawler = SimpleNamespace(stats=_Stats())  # type: ignore[assignment]
    return spider


def _response(html: str, role: PageRole = PageRole.ARTICLE, url: str = ARTICLE) -> HtmlResponse:
    meta = {"agency_id": AGENCY.id, "role": role, "origin": url, "hops": 0}
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url, meta=meta))


async def _collect(things: Any) -> list[Any]:
    return [thing async for thing in things]


@pytest.mark.parametrize("long", [False, True], ids=["usual-size", "long"])
def test_an_article_is_read_on_the_loop_or_when_long_beside_it(monkeypatch, long) -> None:
    """A page of the usual size is read on the event loop; a long one in the reader thread
    (`spiders.reader`), so that its seconds of reading never hold up the other downloads."""
    monkeypatch.setattr(reader, "INLINE_MAX_CHARS", len(PAGE) - 1 if long else len(PAGE))
    threads: list[threading.Thread] = []
    read_page = freshness.read_page

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return read_page(*args, **kwargs)

    monkeypatch.setattr(freshness, "read_page", spy)
    spider = _spider()
    site = spider.sites[AGENCY.id]
    site.pending = 1  # this request
    finished: list[str] = []
    spider.progress = finished.append
    out = asyncio.run(_collect(spider.parse_article(_response(PAGE))))
    assert threads and (threads[0] is threading.main_thread()) is not long
    fetch, dated = out  # the fetch first, then what the page says
    assert isinstance(fetch, Observed) and fetch.fetch is not None and fetch.fetch.ok
    assert isinstance(dated, Observed)
    article = [e for e in dated.evidence if e.source is Source.ARTICLE]
    assert [(e.url, e.date) for e in article] == [(ARTICLE, date(2025, 3, 3))]
    assert len(dated.evidence) == 41  # and the forty items of the sidebar
    assert finished == [AGENCY.id]  # its last request answered: the site is done


def test_an_article_dated_by_its_last_updated_line_alone_is_a_modification() -> None:
    """The page prints no publication: its "last updated" line dates it, and the evidence says
    so, for the estimate to weigh it as a modification stamp (crawler.judge.estimate)."""
    stamp = PAGE.replace("Diposting 3 Maret 2025", "Terakhir diperbarui 3 Maret 2025")
    spider = _spider()
    spider.sites[AGENCY.id].pending = 1
    _, dated = asyncio.run(_collect(spider.parse_article(_response(stamp))))
    article = [e for e in dated.evidence if e.source is Source.ARTICLE]
    assert [(e.date, e.modified) for e in article] == [(date(2025, 3, 3), True)]
    assert not any(e.modified for e in dated.evidence if e.source is not Source.ARTICLE)


def test_pages_over_their_work_budget_are_counted_and_logged_once(monkeypatch, caplog) -> None:
    read_page = freshness.read_page
    monkeypatch.setattr(
        freshness, "read_page", lambda *args, **kwargs: read_page(*args, **kwargs, work=2)
    )
    spider = _spider()
    with caplog.at_level(logging.WARNING, logger="spiders.freshness"):
        for _ in range(3):
            reading = asyncio.run(freshness._read(spider, _response(PAGE)))
            assert reading.article is None  # cut short: no date rather than a later step's
    stats = spider.crawler.stats.values
    assert stats[f"{freshness.OVER_BUDGET_STAT}/page_date"] == 3
    assert stats[f"{freshness.OVER_BUDGET_STAT}/listing_items"] == 3
    lines = [record.getMessage() for record in caplog.records]
    assert sum("page_date stopped at its work budget" in line for line in lines) == 1
    assert sum("listing_items stopped at its work budget" in line for line in lines) == 1


def test_the_line_per_agency_states_facts_not_a_verdict(monkeypatch, caplog) -> None:
    def judged(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the spider judged a site: the verdict is computed once, later")

    import crawler.judge.estimate

    monkeypatch.setattr(crawler.judge.estimate, "estimate", judged)
    monkeypatch.setattr(freshness, "estimate", judged, raising=False)
    spider = _spider()
    site = spider.sites[AGENCY.id]
    site.started = time.monotonic()
    site.fetches += [
        Fetch(f"{SITE}/", PageRole.HOMEPAGE, status=200),
        Fetch(ARTICLE, PageRole.ARTICLE, status=200),
        Fetch(f"{SITE}/feed/", PageRole.FEED, status=404, error=FailureKind.HTTP_4XX),
        Fetch(f"{SITE}/sitemap.xml", PageRole.SITEMAP, error=FailureKind.OTHER),
    ]
    site.evidence += [
        Evidence(Source.LISTING, ARTICLE, date(2025, 3, 3), "Rapat 3 Maret 2025"),
        Evidence(Source.ARTICLE, ARTICLE, date(2025, 3, 3), "Diposting 3 Maret 2025"),
        Evidence(Source.LISTING, f"{SITE}/berita/2/b", date(2025, 1, 2), "2 Januari 2025"),
    ]
    with caplog.at_level(logging.INFO, logger="spiders.freshness"):
        spider.site_finished(site)
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("finished")]
    assert line.startswith("finished dinas-x: 3 pages fetched, 2 dated items, ")
    assert not any(status.value in line for status in Status)
    assert "last update" not in line
