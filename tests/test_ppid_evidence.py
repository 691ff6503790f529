"""What counts as a PPID section's periodic document, and how it is dated (issue 13, item 5).

A news post about a plan or a report is not the document; a link in a sidebar, menu or footer
is not the section's list; a DIP's "last updated" line is not a document; the best date the
site shows for a file is its printed upload date (beside it, or in the site's download centre),
else its upload path's month, else its period.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.judge.ppid import ppid_result, section_documents
from crawler.model import (
    Category,
    PpidDocument,
    PpidPage,
    PpidStatus,
    publication_day,
    upload_month,
)
from crawler.read.ppid import PpidKind, document, is_news, ppid_documents, ppid_links

NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
TODAY = date(2026, 12, 6)
BASE = "https://diskan.bengkaliskab.go.id/"
PPID = BASE + "ppid"

OLD_LIST = """<table><tr><th>No</th><th>Dokumen</th><th>Diunggah</th><th></th></tr>
<tr><td>1</td><td>Laporan Keuangan Tahun 2023</td><td>6 Desember 2024</td>
  <td><a href="/files/lk-2023.pdf">Unduh</a></td></tr>
<tr><td>2</td><td>Rencana Kerja 2024</td><td>21 November 2024</td>
  <td><a href="/files/renja-2024.pdf">Unduh</a></td></tr></table>"""


def _titles(html: str, url: str = PPID) -> set[str]:
    return {d.title for d in ppid_documents(f"<html><body>{html}</body></html>", url, now=NOW)}


def _newest(html: str) -> PpidDocument | None:
    page = PpidPage(PPID, "ppid", True, fetched=True)
    docs = ppid_documents(f"<html><body>{html}</body></html>", PPID, now=NOW)
    return ppid_result([page], docs, TODAY).newest


# ------------------------------------------------------------ rule 1: not chrome, not news

NEWS_ITEMS = """<ul>
  <li><a href="/berita/312">Penandatanganan Perjanjian Kinerja 2026</a> 4 Desember 2026</li>
  <li><a href="/berita/311">Rapat Evaluasi Realisasi APBD 2026</a> 30 November 2026</li>
  <li><a href="/berita/310">Konsultasi Publik Rancangan Renja 2027</a> 27 November 2026</li>
</ul>"""


@pytest.mark.parametrize(
    "sidebar",
    [
        f'<aside class="col-md-4">{NEWS_ITEMS}</aside>',
        f'<div class="widget recent-posts">{NEWS_ITEMS}</div>',
        f"<div><h3>Berita Terbaru</h3>{NEWS_ITEMS}</div>",
    ],
    ids=["aside", "widget", "heading"],
)
def test_a_sidebar_of_recent_news_is_not_the_sections_list(sidebar):
    html = f'<div class="row"><div class="col-md-8"><h2>PPID</h2>{OLD_LIST}</div>{sidebar}</div>'
    assert _titles(html) == {"Laporan Keuangan Tahun 2023", "Rencana Kerja 2024"}
    newest = _newest(html)
    assert newest is not None and newest.earliest == date(2024, 12, 6)
    page = PpidPage(PPID, "ppid", True, fetched=True)
    docs = ppid_documents(f"<html><body>{html}</body></html>", PPID, now=NOW)
    assert ppid_result([page], docs, TODAY).status is PpidStatus.OUTDATED


def test_files_in_menus_and_footers_are_not_the_sections_list():
    html = f"""<header><nav><ul><li><a href="/files/renstra-2026.pdf">Renstra 2026</a></li>
      </ul></nav></header><main><h2>Informasi Berkala</h2>{OLD_LIST}</main>
      <footer><a href="/files/lkjip-2025.pdf">LKjIP 2025</a> 1 Desember 2026</footer>"""
    assert _titles(html) == {"Laporan Keuangan Tahun 2023", "Rencana Kerja 2024"}


def test_news_about_plans_in_the_sections_own_content_is_not_a_document():
    html = f"""<main><h2>Informasi Berkala</h2>{OLD_LIST}<h3>Berita PPID</h3>{NEWS_ITEMS}
      <ul><li><a href="/bappeda-gelar-konsultasi-publik-rancangan-renja-2027/">Bappeda Gelar
        Konsultasi Publik Rancangan Renja 2027</a> 2 Desember 2026</li>
      <li><a href="/ppid/dokumen/91/renja-2027">Rencana Kerja (Renja) 2027</a></li></ul></main>"""
    assert _titles(html) == {
        "Laporan Keuangan Tahun 2023", "Rencana Kerja 2024", "Rencana Kerja (Renja) 2027",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("title", "url", "news"),
    [
        ("Penandatanganan Perjanjian Kinerja 2026", "/ppid/dokumen/5", True),
        ("Konsultasi Publik Rancangan Renja 2027", "/ppid/dokumen/6", True),
        ("Rapat Evaluasi Realisasi APBD 2026", "/ppid/dokumen/7", True),
        ("Kadis Hadiri Sosialisasi LKjIP 2025", "/ppid/dokumen/8", True),
        ("Laporan Keuangan 2025 Diserahkan ke BPK", "/ppid/dokumen/9", True),
        ("Rencana Kerja 2027", "/berita/1203/rencana-kerja-2027", True),  # an article link
        ("Rencana Kerja 2027", "/?p=1203", True),
        # Documents that name an event: they start by naming the document.
        ("Laporan Hasil Evaluasi SAKIP 2025", "/ppid/dokumen/10", False),
        ("Notulen Rapat Penyusunan Renja 2027", "/ppid/dokumen/11", False),
        ("Berita Acara Penandatanganan Perjanjian Kinerja 2026", "/ppid/dokumen/12", False),
        ("Rencana Kerja 2027", "/ppid/dokumen/87/rencana-kerja-perangkat-daerah-2027", False),
        ("Laporan Realisasi Anggaran Semester I 2026", "/laporan-realisasi-anggaran-2026/", False),
    ],
)
def test_news_headlines_and_links(title, url, news):
    assert is_news(title, BASE.rstrip("/") + url) is news


def test_a_file_is_a_document_whatever_its_title():
    # The scan of a signed agreement is the document, however its title reads.
    html = """<main><ul><li><a href="/files/pk-2026.pdf">Penandatanganan Perjanjian Kinerja
      2026</a> 3 Desember 2026</li></ul></main>"""
    assert len(_titles(html)) == 1


# --------------------------------------------------------- rule 2: the DIP's own update line


def test_a_lists_update_line_does_not_date_its_documents():
    html = """<main><div class="dokumen"><p>Update terakhir: 5 Desember 2026</p>
      <a href="/files/lkjip-2024.pdf">LKjIP 2024</a><br>
      <a href="/files/renja-2025.pdf">Renja 2025</a></div></main>"""
    docs = {d.title: d for d in ppid_documents(html, PPID, now=NOW)}
    assert docs["LKjIP 2024"].published is None
    assert docs["LKjIP 2024"].earliest == date(2025, 1, 1)  # its period, not the list's date


def test_an_entrys_own_date_still_counts():
    html = """<main><ul><li><a href="/files/lkjip-2025.pdf">LKjIP 2025</a>
      (diperbarui 2 Desember 2026)</li></ul></main>"""
    [doc] = ppid_documents(html, PPID, now=NOW)
    assert doc.published == date(2026, 12, 2)


def test_a_freshly_updated_dip_never_makes_the_section_current():
    dip = PpidPage(BASE + "ppid/dip", "dip", True, True, dip_rows=4, dip_updated=TODAY)
    old = document("LKjIP 2023", BASE + "lkjip-2023.pdf", "", TODAY, dip.url)
    result = ppid_result([dip], [old], TODAY)
    assert result.status is PpidStatus.OUTDATED and result.dip_updated == TODAY


# ------------------------------------------------------------- rule 3: the best date shown


@pytest.mark.parametrize(
    ("url", "month"),
    [
        ("/wp-content/uploads/2026/07/LKjIP-2025.pdf", date(2026, 7, 1)),
        ("/wp-content/uploads/sites/3/2026/11/RKA-2027.pdf?ver=2", date(2026, 11, 1)),
        ("/storage/uploads/2025/01/lk.pdf", date(2025, 1, 1)),
        ("/wp-content/uploads/2027/01/future.pdf", None),  # after today: not evidence
        ("/wp-content/uploads/2026/13/odd.pdf", None),
        ("/files/2026/07/lk.pdf", None),
        ("/uploads/lk-2025.pdf", None),
    ],
)
def test_upload_paths_give_their_months_first_day(url, month):
    assert upload_month(BASE.rstrip("/") + url, TODAY) == month


def test_the_order_of_evidence():
    printed, uploaded, period = date(2026, 7, 20), date(2026, 7, 1), date(2026, 1, 1)
    assert publication_day(printed, uploaded, period) == printed  # a printed date first
    assert publication_day(None, uploaded, period) == uploaded  # then the upload path
    assert publication_day(None, None, period) == period  # then the period
    assert publication_day(None, None, None) is None
    # A printed date past an upload path of an earlier month: the file was there then.
    assert publication_day(date(2026, 11, 3), date(2026, 3, 1), period) == date(2026, 3, 1)


def test_an_upload_path_dates_an_undated_file_of_an_old_period():
    url = BASE + "wp-content/uploads/2026/10/LKjIP-2024.pdf"
    doc = document("LKjIP 2024", url, "", TODAY, PPID)
    assert doc.published is None and doc.earliest == date(2026, 10, 1)
    assert ppid_result([PpidPage(PPID, "ppid", True, True)], [doc], TODAY).status == "current"


# ----------------------------------------------------------------------- the download centre

MENU = """<nav><ul><li><a href="/">Beranda</a></li><li><a href="/ppid">PPID</a></li>
  <li><a href="/download">Download</a></li></ul></nav>"""


def test_the_download_centre_is_linked_but_row_buttons_are_not():
    html = f"""<html><body>{MENU}<main><table>
      <tr><td>LKjIP 2025</td><td><a href="/files/lkjip-2025.pdf">Download</a></td></tr>
      <tr><td>RKA 2027</td><td><a href="/download/12">Download</a></td></tr></table>
      <p><a href="/unduh?file=8">Unduhan</a></p></main></body></html>"""
    centres = [link for link in ppid_links(html, PPID) if link.kind is PpidKind.DOWNLOADS]
    assert [link.url for link in centres] == [BASE + "download"]
    assert str(PpidKind.DOWNLOADS) == "unduhan"


def _doc(title: str, url: str, found_on: str, published: date | None = None) -> PpidDocument:
    return document(title, BASE + url, published.isoformat() if published else "", TODAY, found_on)


def test_the_download_centre_dates_the_sections_files_by_url():
    berkala, centre = BASE + "ppid/informasi-berkala", BASE + "download"
    pages = [
        PpidPage(PPID, "ppid", True, True),
        PpidPage(berkala, "berkala", True, True),
        PpidPage(centre, "unduhan", True, True),
    ]
    section = [_doc("Laporan Keuangan Tahun 2024", "files/lk-2024.pdf", berkala)]
    listed = [
        _doc("Laporan Keuangan Tahun 2024", "files/lk-2024.pdf", centre, date(2026, 11, 16)),
        # A newer file the section does not list says nothing of the section.
        _doc("Laporan Kinerja Triwulan III 2026", "files/tw3.pdf", centre, date(2026, 12, 1)),
    ]
    assert section[0].earliest == date(2025, 1, 1)  # undated on the section's page
    [dated] = section_documents(pages, [*section, *listed], TODAY)
    assert dated.published == dated.earliest == date(2026, 11, 16)
    result = ppid_result(pages, [*section, *listed], TODAY)
    assert result.status is PpidStatus.CURRENT and result.documents == 1
    assert result.newest is not None and result.newest.earliest == date(2026, 11, 16)
    assert result.section_url == PPID


def test_of_two_printed_dates_the_earlier_counts():
    centre = BASE + "download"
    pages = [PpidPage(PPID, "ppid", True, True), PpidPage(centre, "unduhan", True, True)]
    own = _doc("LKjIP 2025", "files/lkjip.pdf", PPID, date(2026, 3, 2))
    listed = _doc("LKjIP 2025", "files/lkjip.pdf", centre, date(2026, 11, 20))
    [dated] = section_documents(pages, [own, listed], TODAY)
    assert dated.earliest == date(2026, 3, 2)
    assert ppid_result(pages, [own, listed], TODAY).status is PpidStatus.OUTDATED


def test_a_download_centre_alone_is_no_ppid_section():
    centre = PpidPage(BASE + "download", "unduhan", True, True)
    listed = _doc("LKjIP 2025", "files/lkjip.pdf", centre.url, date(2026, 11, 20))
    assert ppid_result([centre], [listed], TODAY).status is PpidStatus.MISSING
    assert section_documents([centre], [listed], TODAY) == []


def test_documents_without_a_centre_are_left_as_they_are():
    doc = _doc("RKA 2027", "files/rka.pdf", PPID)
    assert section_documents([PpidPage(PPID, "ppid", True, True)], [doc], TODAY) == [doc]
    assert doc.category is Category.PLAN
