"""The data model shared by every stage: evidence, fetches, verdicts.

Plain frozen dataclasses and string enums, so values cross module boundaries
(and the SQLite store) without surprises. No behaviour beyond small helpers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum

from crawler.urls import host_of, is_http_url, registrable_domain

#: Indonesian Western Time. Jakarta has had no daylight saving since 1964, so a
#: fixed offset is exact and needs no tz database on the server.
WIB = timezone(timedelta(hours=7), "WIB")

#: No government content predates the web in Indonesia; older dates are noise.
MIN_DATE = date(1995, 1, 1)


def jakarta_date(moment: datetime) -> date:
    """The calendar day in Jakarta at `moment` (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WIB).date()


def now_utc() -> datetime:
    """The current moment; called only at the edges (CLI, spider), never by parsers."""
    return datetime.now(UTC)


def is_plausible(day: date, today: date) -> bool:
    """A content date must lie between the early web and today (Jakarta)."""
    return MIN_DATE <= day <= today


class Source(StrEnum):
    """Where a date was read, roughly from most to least trustworthy."""

    WP_API = "wp-api"
    FEED = "feed"
    ARTICLE = "article"  # the publication date of an article page itself
    LISTING = "listing"  # the date printed next to an item on a listing page
    SITEMAP = "sitemap"  # <lastmod> of a sitemap URL entry
    URL = "url"  # a date in the URL path (/2024/08/12/slug)
    HTTP_HEADER = "http-last-modified"


class PageRole(StrEnum):
    """Why a URL was fetched."""

    HOMEPAGE = "homepage"
    ROBOTS = "robots"
    SITEMAP = "sitemap"
    FEED = "feed"
    WP_API = "wp-api"
    LISTING = "listing"
    ARTICLE = "article"
    PPID = "ppid"  # a page of the PPID section (public-information duty)


class FailureKind(StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    TLS = "tls"
    HTTP_4XX = "http-4xx"
    HTTP_5XX = "http-5xx"
    ROBOTS = "robots"  # forbidden by robots.txt; not fetched
    TOO_LARGE = "too-large"
    OFFSITE = "offsite"  # redirected to another site; not followed
    REDIRECT_LOOP = "redirect-loop"  # more redirects than a browser follows
    PARKED = "parked"  # the domain shows a registrar's parking or for-sale page
    #: Not fetched: the host is (or resolves to) a loopback, private or otherwise non-public
    #: address, or an IP address spelled oddly (`127.1`); a refusal of ours, not the network.
    PRIVATE = "private-address"
    OTHER = "error"


#: Failures in which the site never answered at all: on one site they are its fault, on
#: (nearly) every site at once they are ours (no network, DNS down, a missing proxy).
NETWORK_FAILURES = frozenset(
    {FailureKind.DNS, FailureKind.REFUSED, FailureKind.TIMEOUT, FailureKind.TLS, FailureKind.OTHER}
)


class Status(StrEnum):
    FRESH = "fresh"
    AGING = "aging"
    STALE = "stale"
    ABANDONED = "abandoned"
    UNDATED = "undated"
    UNREACHABLE = "unreachable"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Flag(StrEnum):
    REDIRECTS_OFFSITE = "redirects-offsite"
    ROBOTS_DISALLOWED = "robots-disallowed"
    TLS_ERROR = "tls-error"
    PARKED_DOMAIN = "parked-domain"
    GAMBLING_SPAM = "gambling-spam"
    SITEMAP_GENERATED = "sitemap-generated"  # every lastmod equals the crawl day
    FLAKY = "flaky"  # failed at the network level, answered when tried again later in the run
    PPID_MISSING = "ppid-missing"  # no PPID section found on the site, none configured
    PPID_OUTDATED = "ppid-outdated"  # no periodic information from the last six months


@dataclass(frozen=True, slots=True)
class Evidence:
    """One dated observation: `url` was published (or modified) on `date`."""

    source: Source
    url: str  # the content item the date belongs to
    date: date
    snippet: str = ""  # the text the date was read from, for people to check
    found_on: str = ""  # the document it was read from (feed, sitemap, listing); "" = url
    modified: bool = False  # a modification stamp, weaker than a publication date


@dataclass(frozen=True, slots=True)
class Fetch:
    """One request the spider made and what came back (or what went wrong)."""

    url: str
    role: PageRole
    status: int | None = None  # HTTP status, None when no response arrived
    error: FailureKind | None = None
    detail: str = ""  # the exception text or reason, for the agency to act on
    final_url: str = ""  # after redirects
    content_type: str = ""
    size: int = 0
    seconds: float = 0.0
    #: A certificate problem (expired, self-signed, another name) on a page that was
    #: fetched anyway: visitors see a warning, the content is still read.
    tls: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True, slots=True)
class SetAsideDate:
    """A date seen on a page that is not the page's publication date, and why (for `check`)."""

    url: str
    date: date
    reason: str  # one of crawler.read.diagnose.REASONS' names, or "future"
    snippet: str


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Days since the last credible update at which a site changes status."""

    fresh_days: int = 30
    aging_days: int = 90
    stale_days: int = 180  # UU 14/2008: periodic information at least every six months


@dataclass(frozen=True, slots=True)
class SpamPage:
    """A fetched page with gambling-spam signals (`crawler.read.spam`): score and strongest sign,
    and how much of it is the page's own rather than its template's (`crawler.judge.spam`)."""

    url: str
    score: float
    is_spam: bool
    kind: str
    snippet: str
    #: What the page's own content, title, meta and address score (header, footer, sidebar,
    #: hidden blocks outside the main content left out); None: read before the store kept it
    #: (migration 9), so all of `score` is taken as the page's own.
    own_score: float | None = None
    #: What its title, meta, pointers and address alone score: own whatever its body holds.
    head_score: float = 0.0
    #: Fingerprints of the blocks of its own content that carry signals, and of its template
    #: blocks that do: one printed on many pages of a site is template wherever it sits.
    own_blocks: tuple[str, ...] = ()
    template_blocks: tuple[str, ...] = ()
    #: Characters of its own content outside the blocks carrying signals: a genuine post's text
    #: around an injected block, which a page copied under many addresses lacks.
    clean_chars: int = 0


class PpidStatus(StrEnum):
    """The verdict on an agency's public-information duty, beside its news freshness."""

    CURRENT = "current"  # periodic information from the last six months
    OUTDATED = "outdated"  # a PPID section, but nothing periodic from the last six months
    MISSING = "missing"  # no PPID section on the site
    EXTERNAL = "external"  # only a link to the regency's central PPID portal (not read)
    UNKNOWN = "unknown"  # the site could not be read


class Category(StrEnum):
    """What a PPID document is, as far as its date goes."""

    REPORT = "report"  # about a past period: published after it (LKjIP, laporan keuangan)
    PLAN = "plan"  # for a coming period: drawn up before it (RKA, DPA, Renja, Renstra)
    OTHER = "other"  # profile, SOP, regulations: no period


@dataclass(frozen=True, slots=True)
class PpidDocument:
    """One entry a PPID page lists, and the earliest day it can have been published."""

    title: str
    url: str
    category: Category
    year: int | None  # the period it is about, when the title says
    published: date | None  # a date the listing prints (upload, publication)
    earliest: date | None  # the earliest publication day it can have; None = undated
    found_on: str

    @property
    def periodic(self) -> bool:
        return self.category is not Category.OTHER


#: A CMS's dated upload folder: WordPress's /wp-content/uploads/2026/07/ (multisite:
#: /uploads/sites/3/2026/07/), and the many CMSs that copied it.
_UPLOAD_PATH = re.compile(r"/uploads/(?:sites/\d+/)?((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def upload_month(url: str, today: date) -> date | None:
    """The first day of the month a file's upload path names: the file was put there in that
    month, on its first day at the earliest (never a later day than the path supports)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    match = _UPLOAD_PATH.search(path)
    if match is None:
        return None
    day = date(int(match.group(1)), int(match.group(2)), 1)
    return day if is_plausible(day, today) else None


def publication_day(
    printed: date | None, uploaded: date | None, period: date | None
) -> date | None:
    """The earliest day a PPID document can have been published, by the best evidence: a date
    printed beside it, else the month of its upload path, else the earliest day its period
    allows. A printed date is never taken past an upload path of an earlier month: the file
    was there then."""
    if printed is not None:
        return uploaded if uploaded is not None and uploaded < printed.replace(day=1) else printed
    return uploaded or period


#: The kind of a fetched page that is not the PPID section's own: the site's download centre
#: ("Download", "Unduhan"), read only for the upload dates it prints beside the section's files.
DOWNLOAD_CENTRE = "unduhan"


@dataclass(frozen=True, slots=True)
class PpidPage:
    """A link into the PPID section seen on the site and, once fetched, what the page is."""

    url: str
    kind: str  # crawler.read.ppid.PpidKind
    onsite: bool
    fetched: bool = False
    dip_rows: int | None = None  # a Daftar Informasi Publik: its filled-in entries
    dip_updated: date | None = None

    @property
    def download_centre(self) -> bool:
        """The site's download centre: its entries date the section's files, they are not
        the section's documents."""
        return self.kind == DOWNLOAD_CENTRE


@dataclass(frozen=True, slots=True)
class PpidResult:
    status: PpidStatus
    section_url: str = ""  # the PPID page read (or linked, when external)
    newest: PpidDocument | None = None  # the newest periodic document
    documents: int = 0  # documents listed on the pages read
    dip: str = ""  # "" none seen, "empty" the bare template, "filled"
    dip_updated: date | None = None


@dataclass(frozen=True, slots=True)
class SiteObservation:
    """Everything the crawl saw of one site: the input of the estimate."""

    agency_id: str
    fetches: tuple[Fetch, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    flags: frozenset[str] = field(default_factory=frozenset)
    spam: tuple[SpamPage, ...] = ()  # only pages with some gambling-spam signal
    ppid_pages: tuple[PpidPage, ...] = ()
    ppid_documents: tuple[PpidDocument, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteResult:
    """The verdict on one site as of one day."""

    agency_id: str
    status: Status
    last_updated: date | None = None
    days_since_update: int | None = None
    confidence: Confidence | None = None
    evidence: Evidence | None = None  # the observation the verdict rests on
    score: int = 0
    flags: tuple[str, ...] = ()
    items_30d: int | None = None  # distinct items published in the last 30 days
    items_90d: int | None = None
    reason: str = ""  # one line in English for logs; the report words its own
    ppid: PpidResult | None = None  # the public-information duty, judged apart


class LinkPlace(StrEnum):
    """Where on a page a link to another site sat (discovery of agency sites, issue 16)."""

    #: A menu or section labelled Link OPD / SKPD / Perangkat Daerah / Kecamatan / Desa /
    #: Kelurahan / Tautan: the portal's own list of its agencies.
    DIRECTORY = "directory"
    FOOTER = "footer"
    CONTENT = "content"  # anywhere else in the page's own content
    SITEMAP = "sitemap"  # a URL listed in a sitemap


@dataclass(frozen=True, slots=True)
class SiteLink:
    """One link from a page to ANOTHER site (host) that may be an agency's."""

    url: str  # absolute http(s) URL as linked (fragment dropped)
    text: str  # the anchor text, whitespace-collapsed, max 200 chars ("" if none)
    label: str  # the menu/section heading it sits under, e.g. "Link OPD", "Desa" ("" if none)
    place: LinkPlace
    found_on: str  # the URL of the page that links it

    def may_be_agency(self, domains: Collection[str]) -> bool:
        """A link worth asking about: a host under one of the registrable `domains` (the
        portal's), or a go.id / desa.id host that a directory or a sitemap lists. The
        discovery spider asks only these, and the judge considers only these."""
        host = host_of(self.url).split(":", 1)[0]
        if not host or not is_http_url(self.url):
            return False
        if registrable_domain(host) in domains:
            return True
        national = host.endswith((".desa.id", ".go.id"))
        return national and self.place in (LinkPlace.DIRECTORY, LinkPlace.SITEMAP)


@dataclass(frozen=True, slots=True)
class Homepage:
    """What asking a candidate site's homepage showed (`freshness discover`)."""

    asked: str  # the URL asked (the site's root, as linked)
    final_url: str  # after redirects ("" when it never answered)
    status: int | None  # HTTP status of the final answer (None: never answered)
    name: str  # the site's own name on the final page ("" if none)
    redirected_offsite: bool  # the final URL is on another registrable domain than asked
