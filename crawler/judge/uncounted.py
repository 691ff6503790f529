"""Why a dated observation did not count towards the verdict, row by row.

The estimate (`crawler.judge.estimate`) sets evidence aside at several steps: the defacers'
pages, dates that cannot be content dates, other sites, comment feeds, a template's date
printed on many articles, Last-Modified headers, modification stamps and sitemap-only items
when publication dates exist, and the dates a source as or more trustworthy contradicts. The
report's evidence table marks each row the estimate did not use, and says why; this module
retraces those steps with the estimate's own functions, in the estimate's order, so the
reason given is the step that dropped the row. It never changes a verdict. Pure.

(`crawler.judge.explain.set_aside` answers a narrower question for `freshness check`: why
the dates newer than the verdict's did not win.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from crawler.judge.estimate import (
    COMMENT_FEED,
    SOURCE_RANK,
    DatedItem,
    credible,
    dated_items,
    homepage_fetch,
    is_publication,
    template_dates,
)
from crawler.judge.spam import site_spam
from crawler.model import (
    MIN_DATE,
    Evidence,
    FailureKind,
    PageRole,
    SiteObservation,
    Source,
    is_plausible,
)
from crawler.urls import item_key, same_site


class Uncounted(StrEnum):
    """The step of the estimate that set an evidence row aside."""

    UNREAD = "unread"  # the homepage could not be read: no date of the site counts
    # From, or listed on, a page of a defaced site whose own content is gambling spam, or
    # titled like one (the estimate's `credible`: a template's injected block is not enough).
    SPAM = "spam"
    FUTURE = "future"  # after the day of the verdict
    TOO_OLD = "too-old"  # before the web (crawler.model.MIN_DATE)
    OFFSITE = "offsite"  # a page on another site
    COMMENT = "comment"  # read from a comment feed: when someone commented, not published
    TEMPLATE = "template"  # one unconfirmed date printed on many article pages
    HEADER = "header"  # an HTTP Last-Modified header: usually the moment of the request
    MODIFIED = "modified"  # a modification stamp, where publication dates exist
    SITEMAP_ONLY = "sitemap-only"  # known only from a sitemap (drafts, scheduled posts)
    OUTRANKED = "outranked"  # a more trustworthy source gives this page another date
    OLDER = "older"  # a source as trustworthy gives an older date, and the older one is kept


def uncounted(
    observation: SiteObservation, site_url: str, as_of: date
) -> dict[Evidence, Uncounted]:
    """Each evidence row of `observation` the estimate did not use, with the reason; rows
    absent from the answer counted. `site_url` and `as_of` as the estimate was given them."""
    evidence = list(observation.evidence)
    homepage = homepage_fetch(observation.fetches)
    if homepage is None or homepage.error is FailureKind.OFFSITE or not homepage.ok:
        return dict.fromkeys(evidence, Uncounted.UNREAD)
    reasons: dict[Evidence, Uncounted] = {}
    kept = set(credible(evidence, site_spam(observation.spam)))
    eligible: list[Evidence] = []
    for e in evidence:
        reason = _dropped_early(e, kept, site_url, as_of)
        if reason is not None:
            reasons[e] = reason
        else:
            eligible.append(e)
    sitemaps = {f.url for f in observation.fetches if f.role is PageRole.SITEMAP}
    items = {item_key(i.url): i for i in dated_items(eligible, site_url, as_of, sitemaps)}
    templated = set(template_dates(_by_item(eligible)))
    any_published = any(i.published for i in items.values())
    for e in eligible:
        reason = _dropped_late(e, items.get(item_key(e.url)), templated, any_published)
        if reason is not None:
            reasons[e] = reason
    return reasons


def _dropped_early(
    e: Evidence, credible_ones: set[Evidence], site_url: str, as_of: date
) -> Uncounted | None:
    """The steps before items are formed, in the estimate's order (credible, then
    `dated_items`' filters)."""
    if e not in credible_ones:
        return Uncounted.SPAM
    if not is_plausible(e.date, as_of):
        return Uncounted.TOO_OLD if e.date < MIN_DATE else Uncounted.FUTURE
    if not same_site(e.url, site_url):
        return Uncounted.OFFSITE
    if COMMENT_FEED.search(e.found_on):
        return Uncounted.COMMENT
    return None


def _dropped_late(
    e: Evidence,
    item: DatedItem | None,
    templated: set[tuple[str, date]],
    any_published: bool,
) -> Uncounted | None:
    """The steps within an item: template dates, the choice of the item's best source, and
    publication before modification across the site."""
    if e.source is Source.ARTICLE and (item_key(e.url), e.date) in templated:
        return Uncounted.TEMPLATE
    if e.source is Source.HTTP_HEADER:
        return Uncounted.HEADER  # never counts on its own, never outranks another source
    if item is None:
        return Uncounted.OUTRANKED  # unreachable in practice: every eligible row forms one
    if any_published and not item.published:
        return Uncounted.SITEMAP_ONLY if item.sitemap_only else Uncounted.MODIFIED
    if e.date == item.date or (is_publication(e) and abs((e.date - item.date).days) <= 1):
        return None  # the item's date, or a source that agrees with it (the estimate's margin)
    if e.modified and not item.best.modified:
        return Uncounted.MODIFIED
    if SOURCE_RANK[e.source] == SOURCE_RANK[item.best.source] and e.date > item.date:
        return Uncounted.OLDER  # the estimate's tie rule: it errs towards older
    return Uncounted.OUTRANKED


def _by_item(evidence: Sequence[Evidence]) -> dict[str, list[Evidence]]:
    """Evidence grouped as `dated_items` groups it, for `template_dates`."""
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        grouped[item_key(e.url)].append(e)
    return grouped
