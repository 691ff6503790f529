"""Which linked sites are agency sites, what to call them, and how the configured list drifts.

The judge side of discovery (issue 16): from the `SiteLink`s the portal's pages gave
(`crawler.read.directory`) and what each candidate's homepage showed (`Homepage`), decide
the candidates (hosts under the regency's domain, `*.desa.id` and `*.go.id` hosts a
directory or sitemap lists), fold `www.` duplicates, keep service apps (webmail, LPSE,
JDIH, cPanel…) apart with their reason, suggest an id and a category, and match the
configured agencies. `drift` compares the configured list with what the portal links.
Pure and deterministic: no network, results ordered by host.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.config import PORTAL_CATEGORY, Agency, is_agency_id
from crawler.model import Homepage, LinkPlace, SiteLink
from crawler.urls import homepage_url, host_of, normal_host, registrable_domain


@dataclass(frozen=True, slots=True)
class Candidate:
    """One site the portal links that may be an agency's."""

    url: str  # homepage URL after redirects (or as linked when it never answered)
    host: str
    name: str  # the site's own name, else the link text
    suggested_id: str  # passes crawler.config.is_agency_id, unique among suggestions + config
    category: str  # one of crawler.config.CATEGORIES ("lainnya" when unsure)
    answered: bool
    configured_id: str | None  # the configured agency with the same site, else None
    service: str | None  # not an agency site: why ("webmail", "LPSE e-procurement", …)
    found_on: tuple[str, ...]  # pages that link it
    labels: tuple[str, ...]  # menu labels it was listed under


@dataclass(frozen=True, slots=True)
class Discovery:
    new: tuple[Candidate, ...]  # agency sites not in the config
    configured: tuple[Candidate, ...]  # agency sites already configured
    services: tuple[Candidate, ...]  # kept apart, with their reason
    unanswered: tuple[Candidate, ...]  # linked but never answered (dead links), not suggested


@dataclass(frozen=True, slots=True)
class Drift:
    vanished: tuple[str, ...]  # ids of configured agencies the portal no longer links
    unlisted: tuple[SiteLink, ...]  # agency hosts the portal links that the config lacks
    moved: tuple[str, ...]  # ids of configured agencies whose homepage redirects off-site


# --------------------------------------------------------------------------- service apps

#: A site whose first host label (split at "-" too) is one of these is an application of the
#: regency, not an agency's site. General names used across Indonesia, never one site's.
_SERVICE_LABELS: dict[str, str] = {
    label: reason
    for reason, labels in (
        ("webmail", "mail email e-mail surel webmail roundcube smtp imap pop pop3 mx zimbra"),
        ("cPanel", "cpanel whm plesk webdisk autodiscover"),
        ("LPSE e-procurement", "lpse spse eproc eprocurement e-procurement inaproc ekatalog"),
        ("SIRUP procurement plans", "sirup"),
        ("JDIH legal documents", "jdih"),
        (
            "internal application",
            "eoffice e-office simpeg siap sipd simda sikd srikandi ekinerja e-kinerja esakip "
            "e-sakip sakip eplanning e-planning ebudgeting e-budgeting emonev e-monev absensi "
            "presensi epresensi e-presensi eabsen e-absen esurat e-surat earsip e-arsip simral "
            "simaset siskeudes intranet helpdesk",
        ),
        ("login portal (SSO)", "sso login auth akun account accounts keycloak"),
        ("file storage", "cloud drive file files storage nextcloud owncloud ftp sftp unduh"),
        (
            "infrastructure",
            "cdn static assets img images api ns dns vpn proxy git gitlab monitoring grafana "
            "analytics",
        ),
        ("test or staging copy", "dev staging test testing demo beta sandbox trial"),
    )
    for label in labels.split()
}
#: Ports of a hosting panel: cPanel/WHM (2082, 2083, 2086, 2087) and its webmail (2095, 2096).
_SERVICE_PORTS = {
    **dict.fromkeys((2082, 2083, 2086, 2087), "cPanel"),
    **dict.fromkeys((2095, 2096), "webmail"),
}
#: Words of a link text or site name that name a service app, in the order checked.
_SERVICE_NAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (r"\bweb\s*mail\b|\be-?mail\b|\bsurel\b|\broundcube\b|\bzimbra\b", "webmail"),
        (r"\bc-?panel\b|\bwhm\b|\bplesk\b", "cPanel"),
        (
            r"\b(?:lpse|spse|e-?katalog)\b|e-?procurement|pengadaan secara elektronik",
            "LPSE e-procurement",
        ),
        (r"\bsi-?rup\b|rencana umum pengadaan", "SIRUP procurement plans"),
        (r"\bjdih\b|dokumentasi (?:dan )?informasi hukum|produk hukum", "JDIH legal documents"),
        (
            r"\b(?:e-?office|simpeg|srikandi|e-?kinerja|e-?sakip|e-?presensi|e-?absen)",
            "internal application",
        ),
        (r"\bsingle sign[- ]on\b|\bsso\b|^\s*(?:log\s*in|masuk)\b", "login portal (SSO)"),
    )
)
#: Social media and messaging: never an agency's own site.
_SOCIAL = frozenset(
    {"facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com", "youtube.com",
     "youtu.be", "tiktok.com", "wa.me", "whatsapp.com", "t.me", "telegram.me", "linkedin.com",
     "threads.net"}
)  # fmt: skip


def service_reason(url: str, text: str) -> str | None:
    """Why the site at `url` (linked as, or named, `text`) is a service app, not an agency
    site: "webmail", "cPanel", "LPSE e-procurement", "SIRUP procurement plans", "JDIH legal
    documents", "internal application", "login portal (SSO)", "file storage",
    "infrastructure", "test or staging copy", "social media"; None for a possible agency.

    By host (its first label, a hosting panel's port) and by name. A PPID portal is no
    service: it is agency-like (category "ppid"). Pass the link text only for links to a
    site's homepage: "Aplikasi SIMPEG" on a link to bkd.…/simpeg names a page, not BKD.
    """
    try:
        parts = urlsplit(url)
        host = normal_host(parts.hostname or "")
        port = parts.port
    except ValueError:
        return None
    if port in _SERVICE_PORTS:
        return _SERVICE_PORTS[port]
    if registrable_domain(host) in _SOCIAL:
        return "social media"
    # The subdomain names the app (lpse.…); a site on its own domain by that domain's name
    # (jdih-bengkaliskab.go.id).
    first = _first_label(host) or registrable_domain(host).split(".", 1)[0]
    for token in (first, first.replace("-", ""), *first.split("-")):
        reason = _SERVICE_LABELS.get(token.rstrip("0123456789") or token)
        if reason:
            return reason
    for pattern, reason in _SERVICE_NAMES:
        if pattern.search(text):
            return reason
    return None


def _first_label(host: str) -> str:
    """The label below the registrable domain that names the site ("" for a bare domain);
    a leading www. skipped."""
    host = host.split(":", 1)[0].removeprefix("www.")
    domain = registrable_domain(host)
    below = host[: -len(domain)].rstrip(".") if host.endswith(domain) else host
    if not below:
        return ""
    return below.split(".", 1)[0]


# --------------------------------------------------------------------------- category and id

#: Name words -> category, earliest in the name wins ("Bagian Umum Sekretariat Daerah" is a
#: bagian). "Kantor" is a category only when no other word says more ("Kantor Camat").
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    (r"rsud|rumah sakit(?: umum)?", "rsud"),
    (r"ppid|pejabat pengelola informasi", "ppid"),
    (r"kecamatan|camat|distrik", "kecamatan"),
    (r"kelurahan|lurah", "kelurahan"),
    (r"desa|nagari|gampong|pekon|kampung", "desa"),
    (r"inspektorat", "inspektorat"),
    (r"sekretariat|setda|setwan|sekwan|dprd", "sekretariat"),
    (r"dinas|disdik|dinkes|diskes|dishub|dinsos|diskominfo\w*|disdukcapil|dpmptsp", "dinas"),
    (r"badan|bappeda\w*|bapenda|bpbd|bkd|bkpsdm|bpkad|bpkd|bkad|kesbangpol|bnn", "badan"),
    (r"bagian", "bagian"),
    (r"pemerintah (?:kabupaten|kota|provinsi)|pemkab|pemkot|pemprov|portal resmi", "portal"),
)
_CATEGORY_RE = re.compile(
    "|".join(
        f"(?P<c{index}>\\b(?:{pattern})\\b)" for index, (pattern, _) in enumerate(_CATEGORY_WORDS)
    ),
    re.IGNORECASE,
)
#: The same words as host labels: abbreviations agencies use for their subdomain.
_HOST_CATEGORY: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), category)
    for pattern, category in (
        (r"^rsud|^rs[-]?[a-z]", "rsud"),
        (r"^ppid", "ppid"),
        (r"^kec(?:amatan)?[-]?[a-z]|^camat", "kecamatan"),
        (r"^kel(?:urahan)?[-][a-z]|^kelurahan", "kelurahan"),
        (r"^desa", "desa"),
        (r"^(?:inspektorat|itda|itkab|itko)", "inspektorat"),
        (r"^(?:setda|setwan|sekwan|dprd|sekretariat)", "sekretariat"),
        (r"^(?:dinas|dis[a-z]{2,}|din[a-z]{2,}|dpmptsp|dlh|dpupr|dpmd|dp3a|dpkp)", "dinas"),
        (
            r"^(?:badan|bappeda|bapenda|bapeda|bp[a-z]{2,}|bk[a-z]{1,}|kesbangpol|balitbang)",
            "badan",
        ),
        (r"^bag(?:ian)?[-]", "bagian"),
        (r"^kantor", "kantor"),
    )
)


def suggest_category(name: str, host: str) -> str:
    """The category (one of crawler.config.CATEGORIES) a site's name and host suggest:
    a word of the name (Dinas, Badan, Bagian, Sekretariat, Inspektorat, Kantor, RSUD/Rumah
    Sakit, PPID, Kecamatan, Kelurahan, Desa), else the host (*.desa.id, the bare domain of
    a portal, a subdomain's abbreviation like disdik.), else "lainnya"."""
    host = normal_host(host.split(":", 1)[0]).removeprefix("www.")
    if host.endswith(".desa.id"):
        return "desa"
    match = _CATEGORY_RE.search(name)
    if match and match.lastgroup:
        return _CATEGORY_WORDS[int(match.lastgroup[1:])][1]
    if re.search(r"\bkantor\b", name, re.IGNORECASE):
        return "kantor"
    first = _first_label(host)
    if not first and host and not _is_ip(host):
        return "portal"  # the regency's own domain, no subdomain
    for pattern, category in _HOST_CATEGORY:
        if pattern.search(first):
            return category
    return "lainnya"


#: Host labels that name no agency: the site's software, its age, its language.
_GENERIC_LABELS = frozenset(
    {"www", "www2", "www3", "web", "website", "portal", "site", "situs", "home", "m", "mobile",
     "new", "baru", "old", "lama", "v2", "v3", "id", "en", "app", "apps", "info", "opd", "skpd"}
)  # fmt: skip
#: Name words an id made of initials leaves out.
_NAME_STOPWORDS = frozenset(
    {"dan", "serta", "di", "ke", "dari", "yang", "untuk", "the", "of", "and", "kabupaten",
     "kab", "kota", "provinsi", "prov", "pemerintah", "website", "resmi", "situs", "web",
     "portal", "official"}
)  # fmt: skip
MAX_ID_CHARS = 40


def suggest_id(name: str, host: str, taken: Collection[str]) -> str:
    """A short lower-case agency id, not in `taken` (else suffixed -2, -3…).

    From the host's first meaningful label (disdik.bengkaliskab.go.id -> "disdik",
    desa-x.desa.id -> "desa-x"), else from the name (its words when few, else their
    initials), else "situs". Always passes crawler.config.is_agency_id.
    """
    base = _id_from_host(host) or _id_from_name(name) or "situs"
    taken_ids = set(taken)
    if base not in taken_ids:
        return base
    for number in itertools.count(2):
        candidate = f"{base[: MAX_ID_CHARS - len(str(number)) - 1]}-{number}"
        if candidate not in taken_ids:
            return candidate
    raise AssertionError("unreachable")  # itertools.count never ends


def _id_from_host(host: str) -> str:
    bare = normal_host(host.split(":", 1)[0])
    if not bare or _is_ip(bare) or bare.startswith("xn--") or ".xn--" in bare:
        return ""
    domain = registrable_domain(bare)
    below = bare[: -len(domain)].rstrip(".") if bare.endswith(domain) else ""
    labels = [*below.split("."), domain.split(".", 1)[0]] if below else [domain.split(".")[0]]
    for label in labels:
        if label not in _GENERIC_LABELS and not label.isdigit() and len(label) > 1:
            return _as_id(label)
    return ""


def _id_from_name(name: str) -> str:
    # "Ünïcode" -> "unicode": ids are ASCII, and dropping the marks keeps the word whole.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_name.lower()) if w not in _NAME_STOPWORDS]
    if not words:
        return ""
    if len(words) <= 2:
        return _as_id("-".join(words))
    return _as_id("".join(word[0] for word in words))


def _as_id(text: str) -> str:
    text = re.sub(r"[^a-z0-9-]+", "-", text.lower())
    text = re.sub(r"-{2,}", "-", text).strip("-")[:MAX_ID_CHARS].strip("-")
    return text if is_agency_id(text) else ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- discovery

#: Statuses at which a homepage counts as answering: a page, or a refusal that shows the site
#: is there (401/403 to robots and firewalls). 404, 410 and 5xx at the root are dead sites.
_ALIVE_REFUSALS = frozenset({401, 403, 429})
_PLACE_RANK = {
    LinkPlace.DIRECTORY: 0,
    LinkPlace.SITEMAP: 1,
    LinkPlace.CONTENT: 2,
    LinkPlace.FOOTER: 3,
}


def discover(
    links: Sequence[SiteLink],
    homepages: Mapping[str, Homepage],
    agencies: Sequence[Agency],
    *,
    scope: Collection[str],
) -> Discovery:
    """The candidate agency sites among `links`, sorted into new, configured, services and
    unanswered, each ordered by host.

    Candidates are hosts under `scope` (registrable domains, e.g. {"bengkaliskab.go.id"}),
    and *.desa.id / *.go.id hosts a DIRECTORY or SITEMAP link names. `homepages` is keyed by
    `homepage_url` of the links (other spellings of the same root are accepted). www.X and X
    are one site, and so are hosts whose homepages redirect to the same host: the spelling
    that answered is kept, then the shorter host.
    """
    domains = _domains(scope)
    pages = {homepage_url(key): page for key, page in homepages.items()}
    by_root: dict[str, list[SiteLink]] = {}
    for link in links:
        if link.may_be_agency(domains):
            by_root.setdefault(homepage_url(link.url), []).append(link)
    sites: dict[str, list[str]] = {}  # site key -> its roots as linked
    for root in sorted(by_root):
        sites.setdefault(_site_key(root, pages.get(root)), []).append(root)
    configured = _configured_hosts(agencies)
    taken = {agency.id for agency in agencies}
    buckets: dict[str, list[Candidate]] = {
        "new": [],
        "configured": [],
        "services": [],
        "unanswered": [],
    }
    ordered = sorted(sites.values(), key=lambda roots: _sort_key(_best_root(roots, pages)))
    for roots in ordered:
        candidate = _candidate(roots, by_root, pages, configured, taken)
        taken.add(candidate.suggested_id)
        buckets[_bucket(candidate)].append(candidate)
    return Discovery(
        new=tuple(buckets["new"]),
        configured=tuple(buckets["configured"]),
        services=tuple(buckets["services"]),
        unanswered=tuple(buckets["unanswered"]),
    )


def _domains(scope: Collection[str]) -> frozenset[str]:
    """The registrable domains of `scope` (hosts or URLs given are reduced to theirs)."""
    found = set()
    for entry in scope:
        host = urlsplit(entry).hostname if "://" in entry else entry
        if host:
            found.add(registrable_domain(normal_host(host)))
    return frozenset(found)


def _answered(page: Homepage | None) -> bool:
    if page is None or page.status is None or not page.final_url:
        return False
    return page.status < 400 or page.status in _ALIVE_REFUSALS


def _site_key(root: str, page: Homepage | None) -> str:
    """One key per site: the host without www. (and port) where the homepage ended up, when
    it answered on the same registrable domain, else where it was linked."""
    if _answered(page) and page is not None and not page.redirected_offsite:
        return host_of(page.final_url)
    return host_of(root)


def _best_root(roots: list[str], pages: Mapping[str, Homepage]) -> str:
    """The spelling of a site to show: one that answered, then the shorter host, https."""
    return min(
        roots,
        key=lambda root: (
            not _answered(pages.get(root)),
            len(urlsplit(root).netloc),
            not root.startswith("https:"),
            root,
        ),
    )


def _sort_key(root: str) -> tuple[str, str]:
    return host_of(root), root


def _configured_hosts(agencies: Sequence[Agency]) -> dict[str, str]:
    """Host (without www.) -> the configured agency at that site: the one whose URL is the
    site's homepage first (a portal's sub-page for an agency without a site is not its site),
    then the first in the config."""
    found: dict[str, tuple[bool, int, str]] = {}
    for index, agency in enumerate(agencies):
        host = host_of(agency.url)
        deep = urlsplit(agency.url).path.strip("/") != ""
        rank = (deep, index, agency.id)
        if host and (host not in found or rank < found[host]):
            found[host] = rank
    return {host: rank[2] for host, rank in found.items()}


def _candidate(
    roots: list[str],
    by_root: Mapping[str, list[SiteLink]],
    pages: Mapping[str, Homepage],
    configured: Mapping[str, str],
    taken: Collection[str],
) -> Candidate:
    best = _best_root(roots, pages)
    page = pages.get(best)
    answered = _answered(page)
    url = page.final_url if answered and page is not None else best
    links = sorted(
        (link for root in roots for link in by_root[root]),
        key=lambda link: (_PLACE_RANK[link.place], not link.text, link.url, link.text),
    )
    texts = [link.text for link in links if link.text]
    name = (page.name if page is not None and answered else "") or (texts[0] if texts else "")
    host = urlsplit(best).netloc
    hosts = {host_of(root) for root in roots} | ({host_of(url)} if answered else set())
    configured_id = next((configured[h] for h in sorted(hosts) if h in configured), None)
    # The words that name the site: its own name, and link texts that point at its homepage.
    root_texts = [link.text for link in links if link.text and _is_homepage_link(link.url)]
    service = next(
        (
            reason
            for text in dict.fromkeys([page.name if page else "", *root_texts])
            if (reason := service_reason(best, text))
        ),
        None,
    )
    return Candidate(
        url=url,
        host=host,
        name=name,
        suggested_id=configured_id or suggest_id(name, host, taken),
        category=suggest_category(name, host),
        answered=answered,
        configured_id=configured_id,
        service=service,
        found_on=tuple(sorted({link.found_on for link in links})),
        labels=tuple(sorted({link.label for link in links if link.label})),
    )


def _is_homepage_link(url: str) -> bool:
    path = urlsplit(url).path.strip("/").lower()
    return path in ("", "index.php", "index.html", "index.htm", "home", "beranda")


def _bucket(candidate: Candidate) -> str:
    if candidate.configured_id is not None:
        return "configured"
    if candidate.service is not None:
        return "services"
    return "new" if candidate.answered else "unanswered"


# --------------------------------------------------------------------------- drift


def drift(
    portal_links: Sequence[SiteLink],
    agencies: Sequence[Agency],
    offsite: Collection[str],
    *,
    scope: Collection[str],
) -> Drift:
    """How the configured list and the links of the portal's own pages differ.

    vanished: configured agencies the portal no longer links. Only sites it could link count
    (under `scope` or *.desa.id), never the portal itself (category "portal", or a site on a
    bare domain like bengkaliskab.go.id), and nothing vanishes when the portal gave no links
    at all (it could not be read this week). unlisted: one link per candidate host (as
    `discover` counts them; www. folded) that no agency is configured at, services left
    out. moved: the configured ids in `offsite` (their homepage redirects off-site).
    Each ordered by host.
    """
    domains = _domains(scope)
    by_host: dict[str, list[SiteLink]] = {}
    for link in portal_links:
        if link.may_be_agency(domains):
            by_host.setdefault(host_of(link.url), []).append(link)
    configured = _configured_hosts(agencies)
    ordered = sorted(agencies, key=lambda agency: (host_of(agency.url), agency.id))
    vanished = tuple(
        agency.id
        for agency in ordered
        if portal_links
        and not _is_portal(agency)
        and host_of(agency.url) not in by_host
        and _linkable(agency.url, domains)
    )
    unlisted = []
    for host in sorted(by_host):
        if host in configured:
            continue
        link = min(
            by_host[host],
            key=lambda link: (_PLACE_RANK[link.place], not link.text, link.url, link.found_on),
        )
        text = link.text if _is_homepage_link(link.url) else ""
        if service_reason(link.url, text) is None:
            unlisted.append(link)
    moved = tuple(agency.id for agency in ordered if agency.id in offsite)
    return Drift(vanished=vanished, unlisted=tuple(unlisted), moved=moved)


def _is_portal(agency: Agency) -> bool:
    """The regency's portal: so configured, or a site on a bare domain (bengkaliskab.go.id)
    that is no village's (every *.desa.id site is a bare domain of its own)."""
    host = host_of(agency.url).split(":", 1)[0]
    bare = host == registrable_domain(host) and not host.endswith(".desa.id")
    return agency.category == PORTAL_CATEGORY or (bare and not _is_ip(host))


def _linkable(url: str, domains: frozenset[str]) -> bool:
    """Whether the portal could link the site at `url` at all: under its domains, a village."""
    host = host_of(url).split(":", 1)[0]
    return registrable_domain(host) in domains or host.endswith(".desa.id")
