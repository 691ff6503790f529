"""The verdict on an agency's public-information duty (UU 14/2008), beside its news freshness.

Every public body must publish *informasi berkala* (periodic information: financial and
performance reports, budgets and plans) at least every six months, through its PPID. The
reader (`crawler.read.ppid`) finds the section's pages, the documents they list (each dated
by the earliest day it can have been published) and the DIP; this weighs what the crawl saw
of the whole section, its files dated by the site's download centre where it prints their
upload dates. Pure: the day of the verdict is a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from crawler.model import (
    Flag,
    PpidDocument,
    PpidPage,
    PpidResult,
    PpidStatus,
    publication_day,
    upload_month,
)

#: UU 14/2008 art. 9: periodic information at least every six months.
PERIODIC_DAYS = 183


def newest_periodic(documents: Sequence[PpidDocument]) -> PpidDocument | None:
    """The periodic document with the latest earliest-publication day."""
    dated = [d for d in documents if d.periodic and d.earliest is not None]
    return max(dated, key=lambda d: d.earliest or date.min) if dated else None


def is_current(newest: PpidDocument | None, today: date) -> bool:
    """Periodic information published within the last six months (UU 14/2008)."""
    return (
        newest is not None
        and newest.earliest is not None
        and (today - newest.earliest) <= timedelta(days=PERIODIC_DAYS)
    )


def section_documents(
    pages: Sequence[PpidPage], documents: Sequence[PpidDocument], as_of: date
) -> list[PpidDocument]:
    """The documents the section itself lists, each dated by the best the site shows: a date
    printed beside it on the section's page or, for the same file, in the site's download
    centre (the earlier of the two), else its upload path's month, else its period.

    The download centre's own entries are not the section's documents: a file it holds
    that the section does not list says nothing of the section.
    """
    centres = {p.url for p in pages if p.download_centre}
    if not centres:
        return list(documents)
    printed: dict[str, date] = {}
    for d in documents:
        if d.found_on in centres and d.published is not None:
            printed[d.url] = min(printed.get(d.url, d.published), d.published)
    return [
        _dated_by_centre(d, printed.get(d.url), as_of)
        for d in documents
        if d.found_on not in centres
    ]


def _dated_by_centre(document: PpidDocument, day: date | None, as_of: date) -> PpidDocument:
    if day is None:
        return document
    published = min(document.published, day) if document.published is not None else day
    earliest = publication_day(published, upload_month(document.url, as_of), None)
    return replace(document, published=published, earliest=earliest)


def ppid_result(
    pages: Sequence[PpidPage], documents: Sequence[PpidDocument], as_of: date
) -> PpidResult:
    """The verdict on the public-information duty from what the crawl saw of the section.

    Only documents count, never a DIP's own "last updated" line: it says when the list was
    touched, not that anything periodic was published.
    """
    documents = section_documents(pages, documents, as_of)
    pages = [p for p in pages if not p.download_centre]
    if not pages:
        return PpidResult(PpidStatus.MISSING)
    read = [p for p in pages if p.fetched]
    if not read:
        onsite = [p for p in pages if p.onsite]
        if onsite:  # links were there but none could be read (budget, robots, errors)
            return PpidResult(PpidStatus.OUTDATED, section_url=onsite[0].url)
        return PpidResult(PpidStatus.EXTERNAL, section_url=pages[0].url)
    newest = newest_periodic(documents)
    dips = [p for p in read if p.dip_rows is not None]
    filled = [p for p in dips if p.dip_rows]
    updated = [p.dip_updated for p in dips if p.dip_updated is not None]
    status = PpidStatus.CURRENT if is_current(newest, as_of) else PpidStatus.OUTDATED
    return PpidResult(
        status,
        section_url=read[0].url,
        newest=newest,
        documents=len(documents),
        dip="filled" if filled else ("empty" if dips else ""),
        dip_updated=max(updated) if updated else None,
    )


def ppid_flags(result: PpidResult) -> tuple[Flag, ...]:
    """The flags the PPID verdict adds to the site's: a missing or outdated section."""
    if result.status is PpidStatus.MISSING:
        return (Flag.PPID_MISSING,)
    if result.status is PpidStatus.OUTDATED:
        return (Flag.PPID_OUTDATED,)
    return ()
