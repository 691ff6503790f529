"""Whether a text holds any of many words, in one pass (Aho-Corasick, in C).

For gates run on every page or every element: the gambling stems in a page's raw text
(`crawler.spamwords`), the noise words in an element's class and id (`crawler.read.structure`).
One `in` test per word costs a scan of the text per word; this costs one scan.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class AnyOf:
    """A set of words; `in_text` says whether a text holds one of them (case as given)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(dict.fromkeys(words))
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, word)
        self._automaton.make_automaton()

    def in_text(self, text: str) -> bool:
        return next(self._automaton.iter(text), None) is not None

    def count_in(self, text: str, enough: int) -> int:
        """How many of the words `text` holds, counted up to `enough`."""
        found: set[str] = set()
        for _, word in self._automaton.iter(text):
            found.add(word)
            if len(found) >= enough:
                break
        return len(found)
