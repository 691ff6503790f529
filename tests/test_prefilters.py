"""The cheap tests that run before a regular expression, on every page, link or block, must
let through everything the expression would match (else a stamp or a session id is missed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler import urls
from crawler.read import bylines

_CASES = st.sampled_from([str.lower, str.upper, str.title, str.swapcase])


def _embedded(words: tuple[str, ...]) -> st.SearchStrategy[str]:
    filler = st.text(alphabet="abz 09-/.:İıſ\u00e9\u4e2d", max_size=12)
    return st.builds(
        lambda before, word, case, after: before + case(word) + after,
        filler,
        st.sampled_from(words),
        _CASES,
        filler,
    )


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(_embedded(bylines.MODIFIED_KEYWORDS), st.text(max_size=40)))
def test_the_modification_prefilter_passes_what_the_keywords_match(text: str) -> None:
    if bylines._MODIFIED_WORDS_IN.search(text):
        assert bylines.may_name_a_modification(text)


@settings(max_examples=400, deadline=None)
@given(url=st.one_of(_embedded(urls._SESSION_HINTS), st.text(max_size=40)))
def test_the_session_prefilter_says_what_its_regex_says(url: str) -> None:
    assert urls._may_hold_session(url) == (urls._MAYBE_SESSION.search(url) is not None)


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(_embedded(bylines.BOUND_KEYWORDS), st.text(max_size=40)),
    tail=st.sampled_from(["", " ", ": ", " am ", " pada tanggal "]),
)
def test_the_bound_prefilter_says_what_its_pattern_says(text: str, tail: str) -> None:
    text += tail
    start = len(text)  # where a date would start
    expected = bylines._BOUND_BEFORE.search(text, max(0, start - bylines.BOUND_REACH), start)
    assert bylines.bound_at(text + "30 Juni 2023", start) == (expected is not None)


#: Keywords read before a date: (the keywords, the pattern's answer on a text whose date
#: starts at `start`, the prefiltered function's).
_BEFORE_A_DATE = {
    "modification": (
        bylines.MODIFIED_KEYWORDS,
        lambda text, start: bylines.MODIFIED_WORDS.search(text, 0, start),
        bylines.modified_at,
    ),
    "publication label": (
        bylines.PUBLISHED_LABELS,
        lambda text, start: bylines._LABEL_BEFORE.search(
            text[max(0, start - bylines.LABEL_REACH) : start]
        ),
        bylines.labelled_as_published,
    ),
}


@pytest.mark.parametrize("kind", sorted(_BEFORE_A_DATE))
@settings(max_examples=400, deadline=None)
@given(data=st.data(), tail=st.sampled_from(["", " ", ": ", " am ", " pada tanggal "]))
def test_a_keyword_before_a_date_is_found_with_or_without_the_prefilter(
    kind: str, data: st.DataObject, tail: str
) -> None:
    keywords, pattern, prefiltered = _BEFORE_A_DATE[kind]
    text = data.draw(st.one_of(_embedded(keywords), st.text(max_size=40))) + tail
    start = len(text)
    expected = pattern(text, start)
    assert prefiltered(text + "30 Juni 2023", start) == (expected is not None)


def test_a_turkish_label_in_capitals_passes_the_prefilter() -> None:
    # "YAYINLANDI" lowers to "yayinlandi"; the case-blind pattern reads it as "yayınlandı".
    assert bylines.labelled_as_published("YAYINLANDI: 30 Juni 2023", 12)
