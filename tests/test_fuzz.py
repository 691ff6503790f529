"""Hostile input never breaks a parser: random and mutated HTML, XML and JSON.

Every parser gets real fixture documents with random edits, and random text: no exception
escapes, and no date outside [1995-01-01, as_of + 1 day] ever comes out.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.model import MIN_DATE, WIB
from crawler.read.cascade import page_date
from crawler.read.feeds import parse_feed
from crawler.read.links import discover
from crawler.read.listing import listing_items
from crawler.read.parked import parked_reason
from crawler.read.sitemaps import parse_sitemap
from crawler.read.wpapi import parse_wp_posts
from spiders.robots import parse_robots

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
TODAY = NOW.date()
LATEST = TODAY + timedelta(days=1)
URL = "https://disdik.bengkaliskab.go.id/web/detailberita/1/x"
GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
SEEDS_HTML = [p.read_text(encoding="utf-8") for p in sorted(GOLDEN.glob("*.html"))[:12]]
SEED_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Berita</title><link>https://disdik.bengkaliskab.go.id/a</link>
<pubDate>Mon, 23 Nov 2026 08:00:00 +0700</pubDate></item>
<item><title>Lama</title><link>https://disdik.bengkaliskab.go.id/b</link>
<pubDate>Tue, 01 Jun 2021 08:00:00 +0700</pubDate></item></channel></rss>"""
SEED_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://disdik.bengkaliskab.go.id/a</loc><lastmod>2026-11-20</lastmod></url>
<url><loc>https://disdik.bengkaliskab.go.id/b</loc><lastmod>2019-02-03T10:00:00+07:00</lastmod></url>
</urlset>"""
SEED_WP = """[{"date":"2026-11-23T08:00:00","date_gmt":"2026-11-23T01:00:00",
"modified_gmt":"2026-11-24T01:00:00","link":"https://disdik.bengkaliskab.go.id/a/"}]"""

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw, seeds: list[str]) -> str:
    """A seed document with a few random cuts, insertions and duplications."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["cut", "insert", "repeat"]))
        if action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif action == "insert":
            text = text[:at] + draw(st.text(max_size=40)) + text[at:]
        else:
            text = text[:at] + text[max(0, at - 80) : at] + text[at:]
    return text


def _in_range(day: date | None) -> None:
    assert day is None or MIN_DATE <= day <= LATEST, day


@FUZZ
@given(st.one_of(mutated(SEEDS_HTML), st.text(max_size=400), st.binary(max_size=400)))
def test_html_parsers_survive_anything(html):
    found = page_date(html, URL, now=NOW)
    _in_range(found.date if found else None)
    for e in listing_items(html, URL, now=NOW):
        _in_range(e.date)
    discover(html, URL)
    if isinstance(html, str):  # the spider hands it decoded text
        assert isinstance(parked_reason(html), str)


@FUZZ
@given(
    st.one_of(
        mutated([SEED_FEED, SEED_SITEMAP, SEED_WP]),
        st.text(max_size=400),
        st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
    )
)
def test_document_parsers_survive_anything(text):
    body = text.encode("utf-8", "surrogatepass")
    for e in parse_feed(body, "https://disdik.bengkaliskab.go.id/feed/", today=TODAY):
        _in_range(e.date)
    for e in parse_sitemap(
        body, "https://disdik.bengkaliskab.go.id/sitemap.xml", today=TODAY
    ).evidence:
        _in_range(e.date)
    for e in parse_wp_posts(body, "https://disdik.bengkaliskab.go.id/wp-json/", today=TODAY):
        _in_range(e.date)
    robots = parse_robots(text, "freshness-monitor")
    robots.allows("https://disdik.bengkaliskab.go.id/a")
    assert isinstance(robots.sitemaps, tuple)
