"""How a page's visible text is cut into segments: at blocks and at noise boundaries, each
segment named by its block and by the inline element whose text opens it."""

from __future__ import annotations

from datetime import datetime

from crawler.model import WIB
from crawler.read.cascade import page_date
from crawler.read.structure import load_html, noise_map, text_segments

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=WIB)


def _segments(html: str) -> list[tuple[str, tuple[str, ...]]]:
    root = load_html(html)
    assert root is not None
    return [
        (segment.text, tuple(element.get("class") or "" for element in segment.named_by))
        for segment in text_segments(root, noise_map(root))
    ]


def test_whitespace_before_an_inline_element_does_not_name_the_segment() -> None:
    html = '<div class="box">\n  <span class="post-date">12 Januari 2021</span>\n</div>'
    assert _segments(html) == [("12 Januari 2021", ("box", "post-date"))]


def test_whitespace_joins_the_text_around_it() -> None:
    html = '<p class="meta"><b>12</b> <i>Januari</i>\n<span>2021</span></p>'
    assert _segments(html) == [("12 Januari 2021", ("meta", ""))]  # opened by the <b>


def test_blocks_and_noise_cut_segments_and_whitespace_between_them_makes_none() -> None:
    html = (
        '<div class="post">Oleh Admin <span class="widget"> </span> 12 Januari 2021'
        "<br>Dibaca 5 kali\n <div>\n </div>\n</div>"
    )
    assert [text for text, _ in _segments(html)] == [
        "Oleh Admin",
        "12 Januari 2021",
        "Dibaca 5 kali",
    ]


def test_a_byline_named_only_by_its_inline_element_dates_a_page_without_a_title() -> None:
    """No title: only text whose element's class names a byline is read as one. The class
    sits on the `<span>`; the whitespace before it once opened the segment as its block's."""
    html = """<html><body><div class="wrap"><p>Pemerintah desa menggelar musyawarah
    perencanaan pembangunan bersama warga untuk membahas prioritas tahun depan.</p>
    <div class="box">
      <span class="post-date">12 Januari 2021</span>
    </div></div></body></html>"""
    found = page_date(html, "https://desa.example.desa.id/artikel/musyawarah", now=NOW)
    assert found is not None
    assert (found.date.isoformat(), found.source) == ("2021-01-12", "byline")
