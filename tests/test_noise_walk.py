"""The page's noise, read three ways, is one answer: the whole-page walk (`noise_map`), the
text segments' walk (which fills `Page.noise` on its way), and the lookup from an element's
ancestors (`NoiseLookup.get`, for the few elements a step asks about)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.model import WIB
from crawler.read import structure
from crawler.read.article import Page
from crawler.read.structure import NoiseLookup, NoiseRules, load_html, noise_map

TESTS = Path(__file__).parent
PAGES = sorted([*(TESTS / "golden" / "pages").glob("*.html"), *(TESTS / "spam").glob("*.html")])
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=WIB)


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_the_segments_walk_reads_the_noise_map_of_the_whole_page(path: Path) -> None:
    root = load_html(path.read_bytes())
    assert root is not None
    page = Page(root, "https://dinas.example.go.id/berita/x", NOW)
    expected = noise_map(root, page.title)
    assert expected, "a page without noise proves nothing"
    some_first = [e for e in root.iter("time", "span", "a")][:20]
    for element in some_first:  # the lookup may have read part of the page before the walk
        page.noise_at(element)
    assert page.noise == expected
    lookup = NoiseLookup(NoiseRules.of(root, page.title))
    assert {e: bits for e in root.iter() if (bits := lookup.get(e, 0))} == expected


# Every pattern that names noise in a class or id token.
_PATTERNS = [
    *(pattern for _, pattern in structure._NOISE_ATTR_RES),
    structure._CHROME_TOKEN,
    structure._COMMENTS_TOKEN,
]


@pytest.mark.parametrize("pattern", _PATTERNS, ids=lambda pattern: pattern.pattern[:30])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_noise_match_holds_a_word_of_the_prefilter(pattern, data) -> None:
    """A class list without any of `_NOISE_WORDS` is read as clean without the patterns: so
    every string a pattern matches must hold one (a pattern edited without its word fails)."""
    match = data.draw(st.from_regex(pattern, alphabet="abcdefghijklmnopqrstuvwxyz-_0123456789"))
    assert structure._NOISE_WORDS.in_text(match)
