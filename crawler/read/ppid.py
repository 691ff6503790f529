"""The PPID section of an agency site and the periodic information it lists (UU 14/2008).

Every public body must publish *informasi berkala* (periodic information: financial and
performance reports, budgets and plans) at least every six months, through its PPID. This
module reads, from pages the spider fetched:

- `ppid_links`: the menu links into the PPID section (PPID, Informasi Publik, DIP, Informasi
  Berkala / Serta Merta / Setiap Saat / Dikecualikan), and to the site's download centre;
- `ppid_documents`: the documents a PPID page lists, each dated by what the page says of it;
- `dip_state`: whether a page is a Daftar Informasi Publik, and whether it is still the
  empty template.

A document is a file (or a download manager's entry), or an entry of the page's own list
that names a report or plan of a year. Never a link in the page's chrome, sidebars or lists
of recent news (the noise map of `crawler.read.structure`), and never a news item about a
document: "Penandatanganan Perjanjian Kinerja 2026" names a plan and a year but is a ceremony
(`is_news`). A list's own "Diperbarui ..." line dates the list, not its documents.

Each document is dated by the best the page shows (`crawler.model.publication_day`): a date
printed beside it, else the month of its upload path (/wp-content/uploads/2026/07/, its first
day), else its period. Documents are often dated by a year only ("LKjIP 2023"); a year is
turned into the *earliest day the document can have been published*, never a later one: a
report on 2024 cannot exist before 2025, a budget for 2025 is drawn up from mid-2024. An
agency is then never called current on a guess. The download centre's upload dates are
matched to the section's files by the judge (`crawler.judge.ppid.section_documents`).

Pure functions of the parsed page and the day; no network, no clock. Whether the section is
current is the judge's verdict (`crawler.judge.ppid`), from what these read.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import cast
from urllib.parse import urlsplit

from lxml import etree

from crawler.model import (
    DOWNLOAD_CENTRE,
    WIB,
    Category,
    PpidDocument,
    is_plausible,
    jakarta_date,
    publication_day,
    upload_month,
)
from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.links import is_article_url
from crawler.read.structure import Html, NoiseMap, noise_map, parsed
from crawler.read.written_dates import find_dates
from crawler.urls import absolute, cache_short, same_site

MAX_DOCUMENTS = 200


class PpidKind(StrEnum):
    """What a link into the PPID section leads to."""

    HOME = "ppid"  # the section itself
    DIP = "dip"  # Daftar Informasi Publik
    BERKALA = "berkala"  # periodic information
    SERTA_MERTA = "serta-merta"  # immediate information (disasters, hazards)
    SETIAP_SAAT = "setiap-saat"  # information available at all times
    DIKECUALIKAN = "dikecualikan"  # exempt information
    #: The site's download centre, linked from the section: not the section itself, read only
    #: for the upload dates it prints beside the same files.
    DOWNLOADS = DOWNLOAD_CENTRE


@dataclass(frozen=True, slots=True)
class PpidLink:
    url: str
    label: str
    kind: PpidKind
    onsite: bool  # False for the regency's central PPID portal


@dataclass(frozen=True, slots=True)
class DipState:
    present: bool
    rows: int  # entries with content in the list's table
    updated: date | None  # a "diperbarui"/"per tanggal" date, or the newest row date

    @property
    def empty(self) -> bool:
        return self.present and self.rows == 0


# ------------------------------------------------------------------------- links to PPID

_LINK_KINDS = (
    (PpidKind.DIP, re.compile(r"\bdaftar informasi publik\b|^dip$|\(dip\)")),
    (PpidKind.BERKALA, re.compile(r"\binformasi (?:publik )?(?:secara )?berkala\b|^berkala$")),
    (PpidKind.SERTA_MERTA, re.compile(r"\bserta[- ]?merta\b")),
    (PpidKind.SETIAP_SAAT, re.compile(r"\bsetiap saat\b|\btersedia setiap saat\b")),
    (PpidKind.DIKECUALIKAN, re.compile(r"\bdikecualikan\b")),
    (PpidKind.HOME, re.compile(r"\bppid\b|^informasi publik$|\bketerbukaan informasi\b")),
    (
        PpidKind.DOWNLOADS,
        re.compile(
            r"^(?:pusat |area |halaman |menu )?(?:download|downloads|unduhan)"
            r"(?: (?:center|centre|area|file|dokumen|data))?$"
        ),
    ),
)
#: Links named like the section that are forms, not what it publishes.
_NOT_SECTION = re.compile(
    r"permohonan|pengajuan|keberatan|formulir|form\b|sengketa|survei|login|daftar akun"
)
_KIND_RANK = {kind: rank for rank, (kind, _) in enumerate(_LINK_KINDS)}


def ppid_links(
    html: Html, page_url: str, *, budget: WorkBudget | None = None
) -> tuple[PpidLink, ...]:
    """Links into the PPID section, most useful first (the DIP, periodic information, ...).

    A page that uses up `budget` (see crawler.read.budget) gives the links found until then.
    """
    root = parsed(html)
    if root is None:
        return ()
    budget = WorkBudget() if budget is None else budget
    found: dict[str, PpidLink] = {}
    with contextlib.suppress(OverBudget):
        _find_links(root, page_url, budget, found)
    return tuple(sorted(found.values(), key=lambda link: _KIND_RANK[link.kind]))


def _find_links(
    root: etree._Element, page_url: str, budget: WorkBudget, found: dict[str, PpidLink]
) -> None:
    here = page_url.split("#", 1)[0]
    for anchor in root.iter("a"):
        budget.spend()
        label = " ".join(_text(anchor).split())
        url = absolute(page_url, anchor.get("href"))
        # A dropdown's own "#" link leads back to the page: the menu item, not the section.
        if url is None or url == here or not label or len(label) > 80:
            continue
        kind = link_kind(label)
        if kind is PpidKind.DOWNLOADS and not _download_centre(anchor, url):
            continue  # a row's own "Download" button: the file, not the centre
        if kind is not None and url not in found:
            found[url] = PpidLink(url, label, kind, same_site(url, page_url))


def _download_centre(anchor: etree._Element, url: str) -> bool:
    """A "Download" link that leads to a page of downloads, not to one file or entry."""
    in_row = any(ancestor.tag in ("tr", "td") for ancestor in anchor.iterancestors())
    return not in_row and _DOCUMENT_FILE.search(url) is None and not _ENTRY_URL.search(url)


@cache_short(8192)  # pure; a site's menu labels repeat on every page it serves
def link_kind(label: str) -> PpidKind | None:
    """The kind of a menu label; a long label is a headline that mentions the words."""
    text = label.lower()
    words = len(text.split())
    if _NOT_SECTION.search(text) or words > 8:
        return None
    kind = next((kind for kind, pattern in _LINK_KINDS if pattern.search(text)), None)
    return None if kind is PpidKind.HOME and words > 4 else kind


# ------------------------------------------------------------------------------ documents

#: A link to a document: a file, a shared drive, or a CMS's download endpoint (OpenSID's
#: /dokumen_web/unduh_berkas/41, /download/12, ?download=12).
_DOCUMENT_HREF = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar)(?:$|[?#])|drive\.google\.com/|docs\.google\.com/"
    r"|/(?:unduh|download|unduh_berkas|dokumen_web)(?:[/_-]|$)|[?&](?:download|unduh|file)=",
    re.IGNORECASE,
)
#: A file by its extension or host: what a PPID list links to when it links the document itself.
_DOCUMENT_FILE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar)(?:$|[?#])|drive\.google\.com/|docs\.google\.com/",
    re.IGNORECASE,
)
#: One entry of a download manager (/download/12, ?download=12, ?id=12).
_ENTRY_URL = re.compile(r"/\d+/?(?:$|[?#])|[?&](?:download|unduh|file|id)=", re.IGNORECASE)
_DOWNLOAD_TEXT = re.compile(r"^(?:unduh|download|lihat|view|buka|detail|file|dokumen)\b", re.I)
_REPORT = re.compile(
    r"\blaporan\b|\blkj(?:ip)?\b|\blakip\b|\blppd\b|\blkpd\b|\blra\b|\bcalk\b|\bneraca\b"
    r"|\blhkpn\b|\blhkasn\b|\blhp\b|\brealisasi\b|\bcapaian\b|\bevaluasi\b|\bikhtisar\b",
    re.IGNORECASE,
)
_PLAN = re.compile(
    r"\brka\b|\bdpa\b|\brenja\b|\brenstra\b|\brencana\b|\brkpd\b|\bapbd\b|\banggaran\b"
    r"|\biku\b|\bperjanjian kinerja\b|\bpk\b|\brup\b|\bprogram kerja\b|\bkak\b|\btor\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_SEMESTER = re.compile(r"\bsemester\s+(i{1,2}|1|2|satu|dua|pertama|kedua)\b", re.I)
_QUARTER = re.compile(r"\b(?:triwulan|tw|kuartal)\s+(iv|i{1,3}|[1-4])\b", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "satu": 1, "dua": 2, "pertama": 1, "kedua": 2}


def ppid_documents(
    html: Html, page_url: str, *, now: datetime, budget: WorkBudget | None = None
) -> list[PpidDocument]:
    """The documents a PPID page lists (links to files, in tables or lists), in page order.

    A page that uses up `budget` (see crawler.read.budget) gives the documents found until then:
    fewer documents can only make the newest periodic one older.
    """
    root = parsed(html)
    if root is None:
        return []
    budget = WorkBudget() if budget is None else budget
    documents: list[PpidDocument] = []
    with contextlib.suppress(OverBudget):
        _find_documents(root, page_url, jakarta_date(now), budget, documents)
    return documents


def _find_documents(
    root: etree._Element, page_url: str, today: date, budget: WorkBudget, documents: list
) -> None:
    seen: set[str] = set()
    # Many links share a row or a block: each one's text is read once.
    texts: dict[etree._Element, str] = {}
    lengths: dict[etree._Element, int] = {}
    cells: dict[etree._Element, str] = {}
    noise: NoiseMap | None = None  # mapped at the first candidate: most pages have none
    for anchor in root.iter("a"):
        budget.spend()
        url = absolute(page_url, anchor.get("href"))
        if url is None or url in seen:
            continue
        row = _row_of(anchor, lengths)
        title = _title(anchor, row, url, cells)
        if not title or not _is_document(title, url, row):
            continue
        if noise is None:
            noise = noise_map(root)
        if noise.get(anchor):
            continue  # menus, header, footer, sidebars, recent news: not the section's own list
        seen.add(url)
        text = _joined_text(row, texts)
        if row.tag not in _ENTRY_TAGS:
            # A block around the link may hold the list's own "Diperbarui ..." line: a date
            # about the list, never about this document (a table row or list item is the entry).
            text = _UPDATED.sub(" ", text)
        documents.append(document(title, url, text, today, page_url))
        if len(documents) >= MAX_DOCUMENTS:
            break


def _is_document(title: str, url: str, row: etree._Element) -> bool:
    """A file (or a download manager's entry), or an entry of a list that names a report or
    plan of a year and is not a news item about one."""
    if _DOCUMENT_HREF.search(url):
        return True
    return _names_a_document(title, row) and not is_news(title, url)


def _joined_text(element: etree._Element, texts: dict) -> str:
    """The element's text, whitespace collapsed; kept in `texts` for the next link."""
    if element not in texts:
        texts[element] = " ".join(_text(element).split())
    return texts[element]


# ------------------------------------------------------------------- news, not documents

#: Verbs of a headline: something happened (an official attended, a plan was signed).
_NEWS_VERB = re.compile(
    r"\b(?:(?:meng|di)?hadiri|(?:meng|di)?gelar|(?:meng)?ikuti|diikuti"
    r"|(?:menan|ditan|tan)datangani|(?:men|di)?teken|membuka|dibuka"
    r"|(?:me|di)?laksanakan|(?:meny|dis|s)erahkan|menerima|terima|diterima"
    r"|(?:me|di)?raih|(?:meng|di)?kunjungi|(?:me|di)?resmikan|(?:meny|dis|s)ampaikan"
    r"|(?:mem|di)?bahas|(?:mem|di)?paparkan|(?:me|di)?luncurkan|(?:me|di)?mimpin|pimpin"
    r"|(?:menge|di)?sahkan|launching)\b",
    re.IGNORECASE,
)
#: Events a headline is about: the signing of a plan, a meeting on a report.
_NEWS_EVENT = re.compile(
    r"\b(?:penandatanganan|rapat|rakor|raker|konsultasi publik|sosialisasi|evaluasi|kunjungan"
    r"|launching|peluncuran|pelantikan|penyerahan|penyampaian|bimtek|bimbingan teknis"
    r"|musrenbang|forum|audiensi|seminar|webinar|workshop|lokakarya|pembahasan|penyusunan"
    r"|pemaparan|ekspose|expose|asistensi|pendampingan|apel|upacara|peresmian|pembukaan"
    r"|pertemuan|diskusi|fgd|focus group|konferensi pers|siaran pers|press release)\b",
    re.IGNORECASE,
)
#: A title that starts by naming a document ("Laporan Hasil Evaluasi ...", "Notulen Rapat ...").
_DOCUMENT_START = re.compile(
    r"^\W*(?:\d+[.)]?\s+)?(?:laporan|lap\.|dokumen|daftar|ringkasan|ikhtisar|rekap\w*|hasil"
    r"|lampiran|naskah|berita acara|notulen|notula|risalah|matriks|salinan|materi|bahan|paparan"
    r"|pedoman|petunjuk|juknis|panduan|format|formulir|surat|sk|keputusan|peraturan|perbup"
    r"|perda|rencana|rancangan|renja|renstra|rka|dpa|lkj\w*|lakip|lppd|lkpd|lra|calk|neraca"
    r"|iku|rkpd|rup|kak|tor|perjanjian kinerja|pk)\b",
    re.IGNORECASE,
)
#: Path segments of a news section (/berita/1203/..., /read/..., /detail-berita/...).
_NEWS_SEGMENT = re.compile(
    r"(?:berita|artikel|news|posts?|read|baca|blog|kabar|warta|liputan)(?:$|[-_])|detail[-_]?berita",
    re.IGNORECASE,
)
#: Path segments of a document's own page (/ppid/dokumen/88/...), never of a news post.
_DOCUMENT_SEGMENT = re.compile(
    r"ppid|dokumen|document|unduh|download|berkas|informasi|publikasi|transparansi|regulasi"
    r"|hukum|^files?$|^uploads?$|^dip$",
    re.IGNORECASE,
)


def is_news(title: str, url: str) -> bool:
    """A news item about a document, not the document: a headline with a news verb or event
    ("Penandatanganan Perjanjian Kinerja 2026", "Bappeda Gelar Konsultasi Publik Rancangan
    Renja 2027"), or a link to an article or post."""
    return _news_headline(title) or _news_url(url)


def _news_headline(title: str) -> bool:
    if _NEWS_VERB.search(title):
        return True
    return _NEWS_EVENT.search(title) is not None and _DOCUMENT_START.match(title) is None


def _news_url(url: str) -> bool:
    if not is_article_url(url):
        return False
    segments = [segment for segment in urlsplit(url).path.split("/") if segment]
    folders = segments[:-1]
    if any(_NEWS_SEGMENT.match(segment) for segment in folders):
        return True  # /berita/1203/rencana-kerja-2027: a post, however it is named
    if any(_DOCUMENT_SEGMENT.search(segment) for segment in folders):
        return False  # a document's page in the section or a document manager
    slug = re.sub(r"[-_+]+", " ", segments[-1].rsplit(".", 1)[0]) if segments else ""
    # A page named like a document (/laporan-realisasi-anggaran-semester-i-2026/) is one.
    return _DOCUMENT_START.match(slug) is None or _news_headline(slug)


def _names_a_document(title: str, row: etree._Element) -> bool:
    """A link to a document's own page (not its file): a row of a list or table whose title
    is a report or a plan of a named year ("Laporan Keuangan Tahun 2024")."""
    return (
        row.tag in ("tr", "li")
        and _category(title) is not Category.OTHER
        and _YEAR.search(title) is not None
    )


def document(title: str, url: str, row_text: str, today: date, found_on: str) -> PpidDocument:
    """One listed document, dated by the best the listing shows: the date its row prints,
    else the month of its upload path, else the earliest day its title's period allows."""
    category = _category(title)
    year = _period_year(title, today) or _period_year(_file_name(url), today)
    printed = [
        m.date
        for m in find_dates(row_text, now=datetime.combine(today, time(12), WIB))
        if is_plausible(m.date, today)
    ]
    published = max(printed) if printed else None
    period = _earliest(category, year, title, today)
    earliest = publication_day(published, upload_month(url, today), period)
    return PpidDocument(title, url, category, year, published, earliest, found_on)


def _category(title: str) -> Category:
    if _REPORT.search(title):
        return Category.REPORT
    if _PLAN.search(title):
        return Category.PLAN
    return Category.OTHER


def _period_year(text: str, today: date) -> int | None:
    """The period's year a title names; for a range ("Renstra 2021-2026") the first, which
    gives the earlier publication day (see `_earliest`)."""
    years = [int(y) for y in _YEAR.findall(text) if 1995 <= int(y) <= today.year + 5]
    return min(years) if years else None


def _earliest(category: Category, year: int | None, title: str, today: date) -> date | None:
    """The earliest day a document about `year` can have been published; never later."""
    if year is None or category is Category.OTHER:
        return None
    if category is Category.PLAN:
        day = date(year - 1, 7, 1)  # budgets and plans for a year are drawn up in the year before
    elif (semester := _SEMESTER.search(title)) is not None:
        half = _ROMAN.get(semester.group(1).lower()) or int(semester.group(1))
        day = date(year, 7, 1) if half == 1 else date(year + 1, 1, 1)
    elif (quarter := _QUARTER.search(title)) is not None:
        number = _ROMAN.get(quarter.group(1).lower()) or int(quarter.group(1))
        day = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    else:
        day = date(year + 1, 1, 1)  # a report on a year comes after it
    if day > today:
        # The title and the calendar disagree (a report "2026" in 2026): take the year's
        # first day, the earliest the document can be; never a day after today.
        day = date(year, 1, 1)
    return day if day <= today else None


def _file_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


#: The elements that hold one entry of a list: what a date printed in them is about.
_ENTRY_TAGS = frozenset({"tr", "li", "dd", "article"})


def _row_of(anchor: etree._Element, lengths: dict) -> etree._Element:
    """The table row or list item that holds the link, or its nearest block."""
    for element in anchor.iterancestors():
        if element.tag in _ENTRY_TAGS:
            return element
        if element.tag in ("p", "div"):
            if element not in lengths:
                lengths[element] = len(_text(element))
            if lengths[element] < 400:
                return element
        if element.tag in ("table", "ul", "ol", "body"):
            break
    return anchor


def _title(anchor: etree._Element, row: etree._Element, url: str, cells: dict) -> str:
    """The document's name: the link text, or the row's longest cell when the link only says
    "Unduh"; the file name as a last resort. `cells` keeps each row's longest cell."""
    own = " ".join(_text(anchor).split())
    if own and not _DOWNLOAD_TEXT.match(own) and len(own) >= 6:
        return own[:300]
    if row not in cells:  # the links of one row share it
        texts = [" ".join(_text(cell).split()) for cell in row if isinstance(cell.tag, str)]
        texts = [c for c in texts if c and not _DOWNLOAD_TEXT.match(c) and not c.isdigit()]
        cells[row] = max(texts, key=len)[:300] if texts else ""
    if cells[row]:
        return cells[row]
    name = re.sub(r"[-_+%20]+", " ", _file_name(url).rsplit(".", 1)[0]).strip()
    return name[:300]


# ------------------------------------------------------------------------------------ DIP

_DIP_HEADING = re.compile(r"\bdaftar informasi publik\b", re.IGNORECASE)
_UPDATED = re.compile(
    r"(?:diperbarui|diperbaharui|diupdate|update|pembaruan|pemutakhiran|per tanggal|keadaan)"
    r"\W{0,5}(?:pada|tanggal|terakhir|per)?\W{0,3}(.{6,40})",
    re.IGNORECASE,
)
_EMPTY_CELL = re.compile(r"^[\s\-–—.:/0]*$")


def dip_state(html: Html, *, now: datetime, budget: WorkBudget | None = None) -> DipState:
    """Whether the page is a Daftar Informasi Publik, how many entries it has, and when it
    says it was last updated.

    A page that uses up `budget` (see crawler.read.budget) while its headings are read is no DIP;
    while its rows are, it has the rows and dates read until then.
    """
    root = parsed(html)
    if root is None:
        return DipState(False, 0, None)
    budget = WorkBudget() if budget is None else budget
    try:
        is_dip = _has_dip_heading(root, budget)
    except OverBudget:
        is_dip = False
    if not is_dip:
        return DipState(False, 0, None)
    today = jakarta_date(now)
    entries: list[etree._Element] = []  # rows with content
    dates: list[date] = []
    with contextlib.suppress(OverBudget):
        _dip_rows(root, now, budget, entries, dates)
    rows = len(entries)
    text = " ".join(_text(root).split())
    stated = [
        m.date for match in _UPDATED.finditer(text) for m in find_dates(match.group(1), now=now)
    ]
    candidates = [d for d in (stated or dates) if is_plausible(d, today)]
    return DipState(True, rows, max(candidates) if candidates else None)


def _has_dip_heading(root: etree._Element, budget: WorkBudget) -> bool:
    for element in root.iter("h1", "h2", "h3", "h4", "title", "caption", "th", "strong", "b"):
        budget.spend()
        if _DIP_HEADING.search(_text(element)):
            return True
    return False


def _dip_rows(
    root: etree._Element, now: datetime, budget: WorkBudget, entries: list, dates: list
) -> None:
    for row in root.iter("tr"):
        budget.spend()
        cells = [" ".join(_text(c).split()) for c in row if c.tag == "td"]
        if len(cells) < 2:
            continue
        # A numbering cell and empty or dash cells are the template, not an entry.
        content = [c for c in cells[1:] if not _EMPTY_CELL.match(c)]
        if content:
            entries.append(row)
            dates += [m.date for m in find_dates(" ".join(content), now=now)]


def _text(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""  # a comment or processing instruction
    # Joined with spaces: table cells ("2025" | "14 Maret 2026") must not run together.
    # lxml yields str on Python 3; the stubs' str | bytes is Python 2's ASCII-as-bytes case.
    return " ".join(cast("Iterator[str]", element.itertext()))
