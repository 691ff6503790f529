"""The PPID reader (crawler.read.ppid): links into the section, documents and their dates, DIP."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.judge.ppid import is_current, newest_periodic
from crawler.model import Category
from crawler.read.ppid import (
    PpidKind,
    dip_state,
    document,
    ppid_documents,
    ppid_links,
)

NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
TODAY = date(2026, 11, 29)
BASE = "https://dinkes.bengkaliskab.go.id/"

MENU = """<html><body><nav><ul>
  <li><a href="/">Beranda</a></li>
  <li><a href="/ppid">PPID</a><ul>
    <li><a href="/ppid/dip">Daftar Informasi Publik (DIP)</a></li>
    <li><a href="/ppid/informasi-berkala">Informasi Berkala</a></li>
    <li><a href="/ppid/serta-merta">Informasi Serta Merta</a></li>
    <li><a href="/ppid/setiap-saat">Informasi Setiap Saat</a></li>
    <li><a href="/ppid/dikecualikan">Informasi Dikecualikan</a></li>
    <li><a href="/ppid/permohonan">Formulir Permohonan Informasi</a></li>
  </ul></li>
  <li><a href="https://ppid.bengkaliskab.go.id/">PPID Kabupaten</a></li>
  <li><a href="/berita">Berita</a></li>
</ul></nav></body></html>"""


def test_links_into_the_section_are_found_and_ranked():
    links = ppid_links(MENU, BASE)
    kinds = [link.kind for link in links]
    assert kinds[:2] == [PpidKind.DIP, PpidKind.BERKALA]
    assert {PpidKind.SERTA_MERTA, PpidKind.SETIAP_SAAT, PpidKind.DIKECUALIKAN} <= set(kinds)
    assert not any("permohonan" in link.url for link in links)  # a form, not the section
    portal = next(link for link in links if "ppid.bengkaliskab" in link.url)
    assert portal.kind is PpidKind.HOME and not portal.onsite
    assert all(link.onsite for link in links if link is not portal)


def test_a_site_without_ppid_has_no_links():
    page = "<html><body><a href='/berita'>Berita</a><a href='/profil'>Profil</a></body></html>"
    assert ppid_links(page, BASE) == ()


TABLE = """<html><body><h2>Informasi Berkala</h2>
<table><thead><tr><th>No</th><th>Nama Dokumen</th><th>Tahun</th><th>Tanggal Unggah</th>
<th>File</th></tr></thead><tbody>
<tr><td>1</td><td>Laporan Keuangan Tahun 2025</td><td>2025</td><td>14 Maret 2026</td>
  <td><a href="/uploads/lk-2025.pdf">Unduh</a></td></tr>
<tr><td>2</td><td>LKjIP Dinas Kesehatan 2025</td><td>2025</td><td>-</td>
  <td><a href="/uploads/lkjip_2025.pdf">Unduh</a></td></tr>
<tr><td>3</td><td>Rencana Kerja (Renja) 2027</td><td>2027</td><td></td>
  <td><a href="/uploads/renja-2027.pdf">Download</a></td></tr>
<tr><td>4</td><td>Struktur Organisasi</td><td></td><td></td>
  <td><a href="/uploads/struktur.pdf">Lihat</a></td></tr>
<tr><td>5</td><td>Laporan Realisasi Anggaran Semester I 2026</td><td>2026</td><td></td>
  <td><a href="https://drive.google.com/file/d/1AbC/view">Lihat</a></td></tr>
</tbody></table></body></html>"""


def test_documents_are_read_from_a_table_of_downloads():
    docs = {d.title: d for d in ppid_documents(TABLE, BASE + "ppid/informasi-berkala", now=NOW)}
    assert set(docs) == {
        "Laporan Keuangan Tahun 2025", "LKjIP Dinas Kesehatan 2025", "Rencana Kerja (Renja) 2027",
        "Struktur Organisasi", "Laporan Realisasi Anggaran Semester I 2026",
    }  # fmt: skip
    financial = docs["Laporan Keuangan Tahun 2025"]
    assert financial.published == date(2026, 3, 14) == financial.earliest  # the printed date
    assert financial.category is Category.REPORT and financial.year == 2025
    lkjip = docs["LKjIP Dinas Kesehatan 2025"]
    assert lkjip.published is None and lkjip.earliest == date(2026, 1, 1)  # after its year
    renja = docs["Rencana Kerja (Renja) 2027"]
    assert renja.category is Category.PLAN and renja.earliest == date(2026, 7, 1)
    assert docs["Struktur Organisasi"].earliest is None  # no period: not periodic
    assert not docs["Struktur Organisasi"].periodic
    semester = docs["Laporan Realisasi Anggaran Semester I 2026"]
    assert semester.earliest == date(2026, 7, 1)


def test_year_only_dates_are_never_later_than_possible():
    # A report "2026" seen in 2026 cannot be after its year: its year's first day.
    early = document("Laporan Kinerja 2026", BASE + "lk.pdf", "", TODAY, BASE)
    assert early.earliest == date(2026, 1, 1)
    # A plan for a year far ahead is never dated after today.
    far = document("RKA 2030", BASE + "rka.pdf", "", TODAY, BASE)
    assert far.earliest is None or far.earliest <= TODAY
    # The year can come from the file name.
    named = document("Unduh dokumen", BASE + "files/LAKIP_2024_final.pdf", "", TODAY, BASE)
    assert named.year == 2024


def test_newest_periodic_item_and_the_six_month_rule():
    docs = ppid_documents(TABLE, BASE + "ppid/informasi-berkala", now=NOW)
    newest = newest_periodic(docs)
    assert newest is not None and newest.title == "Rencana Kerja (Renja) 2027"
    assert is_current(newest, TODAY)  # 2026-07-01, within six months of 2026-11-29
    old = [d for d in docs if "2025" in d.title]
    assert not is_current(newest_periodic(old), TODAY)  # newest 2026-03-14: over six months
    assert not is_current(None, TODAY)


@pytest.mark.parametrize(
    ("page", "present", "rows", "updated"),
    [
        (
            "<h1>Daftar Informasi Publik</h1><p>Diperbarui pada 2 Juli 2026</p><table>"
            "<tr><th>No</th><th>Ringkasan Informasi</th><th>Pejabat</th></tr>"
            "<tr><td>1</td><td>Profil Dinas</td><td>Sekretaris</td></tr>"
            "<tr><td>2</td><td>Laporan Keuangan 2025</td><td>Kasubbag Keuangan</td></tr>"
            "</table>",
            True,
            2,
            date(2026, 7, 2),
        ),
        (  # the template as the CMS ships it: numbered rows, nothing filled in
            "<h2>DAFTAR INFORMASI PUBLIK</h2><table>"
            "<tr><th>No</th><th>Ringkasan</th><th>Penanggung Jawab</th></tr>"
            "<tr><td>1</td><td>-</td><td>-</td></tr><tr><td>2</td><td></td><td></td></tr>"
            "</table>",
            True,
            0,
            None,
        ),
        ("<h1>Berita</h1><p>Tidak ada daftar.</p>", False, 0, None),
    ],
)
def test_dip_pages(page, present, rows, updated):
    state = dip_state(f"<html><body>{page}</body></html>", now=NOW)
    assert (state.present, state.rows, state.updated) == (present, rows, updated)
    assert state.empty == (present and rows == 0)


def test_hostile_input_is_harmless():
    for junk in ("", "<<<>>>", b"\xff\xfe\x00", "<a href='javascript:alert(1)'>PPID</a>"):
        assert ppid_links(junk, BASE) == ()
        assert ppid_documents(junk, BASE, now=NOW) == []
        assert not dip_state(junk, now=NOW).present


def test_documents_linked_to_their_own_pages():
    # Many PPID modules link each entry to a detail page that holds the file.
    page = """<html><body><h2>Informasi Berkala</h2><ul>
      <li><a href="/ppid/dokumen/88/laporan-keuangan-2025">Laporan Keuangan Tahun 2025</a>
          <span>Diunggah 3 Maret 2026</span></li>
      <li><a href="/ppid/dokumen/87/renja-2026">Rencana Kerja 2026</a></li>
      <li><a href="/berita/baca/12/rapat-kerja">Rapat Kerja Dinas</a></li>
    </ul></body></html>"""
    docs = {d.title: d for d in ppid_documents(page, BASE + "ppid", now=NOW)}
    assert set(docs) == {"Laporan Keuangan Tahun 2025", "Rencana Kerja 2026"}
    assert docs["Laporan Keuangan Tahun 2025"].published == date(2026, 3, 3)
