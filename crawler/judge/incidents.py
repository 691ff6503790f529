"""Incidents: what the office must act on the same day, before any question of freshness.

A defaced site (gambling spam), a parked or lapsed domain, a certificate browsers warn about,
a homepage that sends visitors to another site: each is a security or trust problem, not a
matter of how recent the news is. The estimate already flags them on the verdict; this
module turns a verdict and its run's observations into `Incident`s the report leads with:
what was seen, on which pages, and since which run, the first of the unbroken streak of runs
that had it. Earlier runs' pages may be pruned, so the streak is read from their stored flags.

Pure: plain values in, dataclasses out; the words are the report's (`reports/wording.py`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crawler.judge.estimate import homepage_fetch
from crawler.judge.spam import site_spam
from crawler.model import FailureKind, Fetch, Flag, PageRole, SiteObservation, SiteResult
from crawler.spamwords import spam_title

#: Pages listed per incident: enough to find the problem, short enough to read on a phone.
MAX_PAGES = 5
#: What was seen is a line, not a page: longer crawled text is cut.
SEEN_CHARS = 120


class IncidentKind(StrEnum):
    """Most urgent first: the order the report lists an agency's incidents in."""

    DEFACEMENT = "defacement"  # gambling spam injected into the agency's CMS
    PARKED_DOMAIN = "parked-domain"  # the address shows a parking, for-sale or suspended page
    TLS = "tls"  # a certificate browsers warn about (expired, self-signed, another name)
    REDIRECT_OFFSITE = "redirect-offsite"  # the homepage sends visitors to another site


#: The verdict's flag that marks each kind: what an earlier run's stored verdict says.
KIND_FLAG: dict[IncidentKind, Flag] = {
    IncidentKind.DEFACEMENT: Flag.GAMBLING_SPAM,
    IncidentKind.PARKED_DOMAIN: Flag.PARKED_DOMAIN,
    IncidentKind.TLS: Flag.TLS_ERROR,
    IncidentKind.REDIRECT_OFFSITE: Flag.REDIRECTS_OFFSITE,
}

#: Each kind's rank, 0 the most urgent: the order lists and feeds give them in.
URGENCY = {kind: rank for rank, kind in enumerate(IncidentKind)}


@dataclass(frozen=True, slots=True)
class RunFlags:
    """One agency's stored verdict flags in one run: the history an incident's streak is
    read from."""

    run_id: int
    as_of: date
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Incident:
    kind: IncidentKind
    #: What was seen, in the crawl's own terms: the spam page's strongest sign, the parking
    #: page's words, the certificate problem(s), or the address the homepage redirects to.
    seen: str
    pages: tuple[str, ...]  # where it was seen, at most MAX_PAGES
    since_run: int | None = None  # the first run of the current unbroken streak
    since: date | None = None  # that run's day

    @property
    def urgency(self) -> int:
        """For sorting: 0 is the most urgent kind."""
        return URGENCY[self.kind]


@dataclass(frozen=True, slots=True)
class IncidentStart:
    """A run in which an agency had an incident its previous run did not: what the feed
    announces."""

    run_id: int
    as_of: date
    kind: IncidentKind


def incidents(
    result: SiteResult, observation: SiteObservation | None, history: Sequence[RunFlags] = ()
) -> tuple[Incident, ...]:
    """The incidents of one verdict, most urgent first.

    `observation` is the verdict's run's (None when there is none: the incident is still
    named, without pages); `history` the agency's stored flags in the runs it was in, oldest
    first, ending with this verdict's run, to date each incident's streak.
    """
    flags = set(result.flags)
    fetches = tuple(observation.fetches) if observation is not None else ()
    found = [
        incident
        for incident in (
            _defacement(observation) if Flag.GAMBLING_SPAM in flags else None,
            _parked(fetches) if Flag.PARKED_DOMAIN in flags else None,
            _tls(fetches) if Flag.TLS_ERROR in flags else None,
            _redirect(fetches) if Flag.REDIRECTS_OFFSITE in flags else None,
        )
        if incident is not None
    ]
    dated = []
    for incident in found:
        start = streak_start(incident.kind, history)
        if start is not None:
            incident = Incident(
                incident.kind, incident.seen, incident.pages, start.run_id, start.as_of
            )
        dated.append(incident)
    return tuple(sorted(dated, key=lambda i: i.urgency))


def kinds_flagged(flags: Collection[str]) -> frozenset[IncidentKind]:
    """The kinds a stored verdict's flags mark. A `tls-error` flag also stands for a failed
    handshake, which no certificate text explains: in an earlier run it counts all the same."""
    return frozenset(kind for kind, flag in KIND_FLAG.items() if flag in flags)


def streak_start(kind: IncidentKind, history: Sequence[RunFlags]) -> RunFlags | None:
    """The first run of the unbroken streak of runs, ending with the last, that had `kind`;
    None when the last run did not (or there is no history)."""
    start = None
    for point in reversed(history):
        if kind not in kinds_flagged(point.flags):
            break
        start = point
    return start


def incident_starts(history: Sequence[RunFlags], *, complete: bool) -> list[IncidentStart]:
    """Each run of `history` (oldest first) in which a kind appears that the agency's run
    before it did not have. The oldest run counts only when `complete` (nothing came before
    it): otherwise its incidents may have begun earlier, outside the history read."""
    starts = []
    before: frozenset[IncidentKind] | None = frozenset() if complete else None
    for point in history:
        now = kinds_flagged(point.flags)
        if before is not None:
            starts += [
                IncidentStart(point.run_id, point.as_of, kind)
                for kind in sorted(now - before, key=URGENCY.__getitem__)
            ]
        before = now
    return starts


def _defacement(observation: SiteObservation | None) -> Incident:
    spam = site_spam(observation.spam if observation is not None else ())
    pages = tuple(e.url for e in spam.evidence)
    seen = next((spam_words(e.snippet) for e in spam.evidence if e.snippet), "")
    return Incident(IncidentKind.DEFACEMENT, seen, pages[:MAX_PAGES])


def spam_words(snippet: str) -> str:
    """The part of a spam page's snippet in the gambling trade's words: a signal's snippet
    joins several texts with " | " (a link farm's anchors), of which one such text says it
    best; failing that, the snippet's start."""
    parts = [part.strip() for part in snippet.split("|")]
    return _cut(next((part for part in parts if spam_title(part)), snippet.strip()))


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SEEN_CHARS else text[: SEEN_CHARS - 1].rstrip() + "…"


def _parked(fetches: Sequence[Fetch]) -> Incident:
    homepage = homepage_fetch(fetches)
    if homepage is None or homepage.error is not FailureKind.PARKED:
        return Incident(IncidentKind.PARKED_DOMAIN, "", ())
    # The spider's detail is "parked-domain page: '<the words that gave it away>'".
    words = homepage.detail.removeprefix("parked-domain page: ").strip("'\"")
    return Incident(IncidentKind.PARKED_DOMAIN, _cut(words), _pages([homepage]))


def _tls(fetches: Sequence[Fetch]) -> Incident | None:
    """The certificate problems visitors are warned about; None for a handshake that failed
    outright (no certificate was judged: the site is unreachable, not warned about)."""
    warned = [f for f in fetches if f.tls]
    if not warned:
        return None
    problems = "; ".join(dict.fromkeys(f.tls for f in warned))
    return Incident(IncidentKind.TLS, _cut(problems), _pages(warned))


def _redirect(fetches: Sequence[Fetch]) -> Incident:
    """`seen` is the redirect's target (the spider's detail "redirects to <target>")."""
    homepage = homepage_fetch(fetches)
    if homepage is None or homepage.error is not FailureKind.OFFSITE:
        return Incident(IncidentKind.REDIRECT_OFFSITE, "", ())
    target = homepage.detail.removeprefix("redirects to ")
    return Incident(IncidentKind.REDIRECT_OFFSITE, target, _pages([homepage]))


def _pages(fetches: Iterable[Fetch]) -> tuple[str, ...]:
    """The fetches' addresses, once each: the homepage first, robots.txt last."""
    order = {PageRole.HOMEPAGE: 0, PageRole.ROBOTS: 2}
    ranked = sorted(fetches, key=lambda f: order.get(f.role, 1))  # stable: crawl order
    return tuple(dict.fromkeys(f.url for f in ranked))[:MAX_PAGES]
