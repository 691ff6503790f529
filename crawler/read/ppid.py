"""The PPID section of an agency site and the periodic information it lists (UU 14/2008).

Every public body must publish *informasi berkala* (periodic information: financial and
performance reports, budgets and plans) at least every six months, through its PPID. This
module reads, from pages the spider fetched:

- `ppid_links`: the menu links into the PPID section (PPID, Informasi Publik, DIP, Informasi
  Berkala / Serta Merta / Setiap Saat / Dikecualikan);
- `ppid_documents`: the documents a PPID page lists, each dated by what the page says of it;
- `dip_state`: whether a page is a Daftar Informasi Publik, and whether it is still the
  empty template.

Documents are usually dated by a year only ("LKjIP 2023", "Laporan Keuangan Tahun 2024").
A year is turned into the *earliest day the document can have been published*, never a
later one: a report on 2024 cannot exist before 2025, a budget for 2025 is drawn up from
mid-2024. An agency is then never called current on a guess.

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

from lxml import etree

from crawler.model import WIB, Category, PpidDocument, is_plausible, jakarta_date
from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.structure import Html, parsed
from crawler.read.written_dates import find_dates
from crawler.urls import absolute, same_site

MAX_DOCUMENTS = 200


class PpidKind(StrEnum):
    """What a link into the PPID section leads to."""

    HOME = "ppid"  # the section itself
    DIP = "dip"  # Daftar Informasi Publik
    BERKALA = "berkala"  # periodic information
    SERTA_MERTA = "serta-merta"  # immediate information (disasters, hazards)
    SETIAP_SAAT = "setiap-saat"  # information available at all times
    DIKECUALIKAN = "dikecualikan"  # exempt information


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
        if kind is not None and url not in found:
            found[url] = PpidLink(url, label, kind, same_site(url, page_url))


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
    for anchor in root.iter("a"):
        budget.spend()
        url = absolute(page_url, anchor.get("href"))
        if url is None or url in seen:
            continue
        row = _row_of(anchor, lengths)
        title = _title(anchor, row, url, cells)
        if not title or not (_DOCUMENT_HREF.search(url) or _names_a_document(title, row)):
            continue
        seen.add(url)
        documents.append(document(title, url, _joined_text(row, texts), today, page_url))
        if len(documents) >= MAX_DOCUMENTS:
            break


def _joined_text(element: etree._Element, texts: dict) -> str:
    """The element's text, whitespace collapsed; kept in `texts` for the next link."""
    if element not in texts:
        texts[element] = " ".join(_text(element).split())
    return texts[element]


def _names_a_document(title: str, row: etree._Element) -> bool:
    """A link to a document's own page (not its file): a row of a list or table whose title
    is a report or a plan of a named year ("Laporan Keuangan Tahun 2024")."""
    return (
        row.tag in ("tr", "li")
        and _category(title) is not Category.OTHER
        and _YEAR.search(title) is not None
    )


def document(title: str, url: str, row_text: str, today: date, found_on: str) -> PpidDocument:
    """One listed document, dated from its row's printed date or its title's period."""
    category = _category(title)
    year = _period_year(title, today) or _period_year(_file_name(url), today)
    printed = [
        m.date
        for m in find_dates(row_text, now=datetime.combine(today, time(12), WIB))
        if is_plausible(m.date, today)
    ]
    published = max(printed) if printed else None
    earliest = published or _earliest(category, year, title, today)
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


def _row_of(anchor: etree._Element, lengths: dict) -> etree._Element:
    """The table row or list item that holds the link, or its nearest block."""
    for element in anchor.iterancestors():
        if element.tag in ("tr", "li", "dd", "article"):
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
