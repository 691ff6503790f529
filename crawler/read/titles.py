"""The article's own heading on a page: the anchor of every "near the title" rule.

The byline sits beside the title, other pages' dates beside their titles; the title
and its containers are never noise. It is the heading that <title> or the social
title (og:title) repeats: whole, or, on hand-written CMSs, cut short before the site's name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from lxml import etree

from crawler.read.budget import WorkBudget
from crawler.read.structure import (
    HEADING_TAGS,
    Lineages,
    Noise,
    ancestry_noise,
    heading_classed,
    text_content,
    text_length,
)

_TITLE_META = ("og:title", "twitter:title")
# Between a page's heading and its site's name in <title>: " - ", " | ", " » ", ...
_TITLE_PARTS = re.compile(r"\s+[-–—|»:·~]+\s+|\s*[|»]\s*|\.\.\.|…")
#: A part of <title> this many words long, starting one heading, is that heading cut short.
SHORT_TITLE_WORDS = 3
_NON_WORD = re.compile(r"[\W_]+")
#: A <title> or social title longer than this (in words, lower case) is keyword stuffing, not
#: a page's title: it is not compared with headings (each comparison costs its whole length).
#: Real titles stay under 200 characters.
MAX_TITLE_CHARS = 1_000
#: An element classed like a title ("entry-title") holds a title, not a page: themes class
#: whole layouts "html_header_top", and their text contains the title too.
MAX_CLASSED_TITLE_CHARS = 2 * MAX_TITLE_CHARS
_NEVER_TITLES = HEADING_TAGS | {"html", "body"}


def find_title(root: etree._Element, budget: WorkBudget | None = None) -> etree._Element | None:
    """The article's heading: an <h1>..<h4> or title-classed element matching <title>.

    Each heading read costs a unit of `budget` (a page of 100,000 headings is hostile);
    `OverBudget` propagates: without its title a page cannot be read safely.
    """
    budget = WorkBudget() if budget is None else budget
    seen = Lineages()
    social = [_words(meta.get("content") or "") for meta in _social_title_metas(root)]
    names = [
        name
        for name in (_words(root.findtext(".//title") or ""), *social)
        if 8 <= len(name) <= MAX_TITLE_CHARS
    ]
    all_headings = list(root.iter(*HEADING_TAGS))

    def classed() -> Iterator[etree._Element]:  # a generator: only pages whose title is no
        for e in heading_classed(root):  # heading pay for this scan
            if (
                e.tag not in _NEVER_TITLES
                and text_length(e, seen.lengths) <= MAX_CLASSED_TITLE_CHARS
            ):
                yield e

    # The first heading, outside noise, that <title> or the social title repeats. Its noise is
    # read only once its text matches: most headings do not, and reading costs a climb.
    for group in ([h for h in all_headings if h.tag == "h1"], all_headings, classed()):
        for element in group:
            budget.spend()
            text = _words(text_content(element))
            if (
                len(text) >= 8
                and any(text in name or name in text for name in names)
                and not ancestry_noise(element, seen)
            ):
                return element
    headings = [e for e in all_headings if not ancestry_noise(e, seen)]
    # A wrapper named like a widget ("sidebar_right" around the article): its heading still
    # is the title when it repeats the page's social title, or a part of <title> of several
    # words, word for word.
    repeated = set(social) | {
        part for part in _title_parts(root) if len(part.split()) >= SHORT_TITLE_WORDS
    }
    for element in all_headings:
        budget.spend()
        words = _words(text_content(element))
        if words in repeated and ancestry_noise(element, seen) == Noise.RECENT:
            return element
    shortened = _shortened_title_heading(root, headings, budget)
    if shortened is not None:
        return shortened
    h1s = [h for h in headings if h.tag == "h1"]
    return h1s[0] if len(h1s) == 1 else None


def _shortened_title_heading(
    root: etree._Element, headings: list[etree._Element], budget: WorkBudget
) -> etree._Element | None:
    """The one heading that the <title> cuts short ("Pengumuman Lomba Kampung - Kecamatan X").

    Hand-written CMSs put the first words of the heading in <title>, before the site's
    name. Only a part of several words counts, it must stop inside the heading's text,
    and only a single heading may start with it: on a list page several items would,
    and none of them is the page's title.
    """
    site = _words(_meta_content(root, "og:site_name"))
    parts = [p for p in _title_parts(root) if len(p.split()) >= SHORT_TITLE_WORDS and p != site]
    if not parts:
        return None
    # A heading's first part, up to its own separator: "Daily Legal News - New
    # Corporations" repeats the site's name whole; it is not a longer title cut short.
    firsts: list[tuple[str, int]] = []
    for index, heading in enumerate(headings):
        budget.spend()
        firsts.append((_words(_TITLE_PARTS.split(text_content(heading), maxsplit=1)[0]), index))
    firsts.sort()  # the headings starting with a part are next to each other
    keys = [first for first, _ in firsts]
    for part in parts:
        prefix = part + " "
        at = bisect_left(keys, prefix)
        found = [index for first, index in firsts[at : at + 2] if first.startswith(prefix)]
        if len(found) == 1:
            return headings[found[0]]
    return None


def _title_parts(root: etree._Element) -> list[str]:
    """The words of each part of <title> between separators ("Heading | Site Name")."""
    title = root.findtext(".//title") or ""
    if len(title) > MAX_TITLE_CHARS:
        return []
    return [_words(part) for part in _TITLE_PARTS.split(title)]


def _meta_content(root: etree._Element, key: str) -> str:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == key:
            return meta.get("content") or ""
    return ""


def _social_title_metas(root: etree._Element) -> list[etree._Element]:
    return [
        meta
        for meta in root.iter("meta")
        if (meta.get("property") or meta.get("name") or "").lower() in _TITLE_META
    ]


def _words(text: str) -> str:
    """Lower-case words only: titles and headings differ in dashes and quotes."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())
