"""What the spider yields: `Observed`, one fetch and/or what it showed, for the store."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.model import Evidence, Fetch, PpidDocument, PpidPage, SiteLink, SpamPage


@dataclass(frozen=True, slots=True)
class Observed:
    """What the spider hands to the store: one fetch and/or the evidence it yielded."""

    agency_id: str
    fetch: Fetch | None = None
    evidence: tuple[Evidence, ...] = ()
    spam: SpamPage | None = None
    ppid_pages: tuple[PpidPage, ...] = ()
    ppid_documents: tuple[PpidDocument, ...] = ()
    #: A portal's homepage: its links to other sites (crawler.read.directory), kept for the
    #: report's site list.
    site_links: tuple[SiteLink, ...] = ()
