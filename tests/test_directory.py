"""The directory reader (crawler.read.directory): links to other sites with their menu label and
place, and the name a site gives itself. Snippets modelled on real Indonesian regency portals."""

from __future__ import annotations

import time

import pytest

from crawler.model import LinkPlace, SiteLink
from crawler.read.budget import WorkBudget
from crawler.read.directory import MAX_SITE_LINKS, site_links, site_name
from crawler.urls import homepage_url

PORTAL = "https://www.bengkaliskab.go.id/"

#: A CodeIgniter/Bootstrap portal: a "Link OPD" dropdown (one agency twice, once under www.),
#: a "Kecamatan" dropdown whose toggle is a javascript: link, a mega menu with sub-headings.
DROPDOWN = """<html><head><title>Beranda | Pemerintah Kabupaten Bengkalis</title></head><body>
<nav class="navbar navbar-default"><div class="container">
 <a class="navbar-brand" href="/"><img src="/logo.png" alt="Logo"></a>
 <ul class="nav navbar-nav">
  <li><a href="https://bengkaliskab.go.id/">Beranda</a></li>
  <li class="dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown">Link OPD
     <b class="caret"></b></a>
   <ul class="dropdown-menu">
    <li><a href="https://disdik.bengkaliskab.go.id/" target="_blank">Dinas Pendidikan</a></li>
    <li><a href="http://www.disdik.bengkaliskab.go.id">Disdik</a></li>
    <li><a href="https://dinkes.bengkaliskab.go.id/index.php#top">Dinas  Kesehatan
        </a></li>
   </ul></li>
  <li><a href="javascript:void(0)">Kecamatan</a><ul class="sub-menu">
    <li><a href="https://kecbantan.bengkaliskab.go.id/">Kecamatan Bantan</a></li></ul></li>
  <li class="mega"><a href="#">Perangkat Daerah</a><div class="mega-menu">
    <div class="col"><h5>Badan</h5><ul>
      <li><a href="https://bappeda.bengkaliskab.go.id/">BAPPEDA</a></li></ul></div></div></li>
  <li><a href="https://www.bengkaliskab.go.id/berita">Berita</a></li>
  <li><a href="mailto:humas@bengkaliskab.go.id">Surel</a></li>
 </ul></div></nav>
</body></html>"""

#: A footer of three columns (Tautan, Ikuti Kami) under widget headers.
FOOTER = """<html><body><main><p>Isi</p></main>
<footer id="footer"><div class="row">
 <div class="col-md-4"><div class="widget-header"><h4>Tautan</h4></div>
  <ul><li><a href="https://mail.bengkaliskab.go.id/">Webmail</a></li>
      <li><a href="https://riau.go.id/">Pemerintah Provinsi Riau</a></li>
      <li><a href="https://lpse.bengkaliskab.go.id/eproc4">LPSE</a></li></ul></div>
 <div class="col-md-4"><span class="footer-title">Ikuti Kami</span>
  <a href="https://www.facebook.com/pemkab.bengkalis"><img src="/fb.png" alt="Facebook"></a></div>
</div></footer></body></html>"""

#: A jump menu under a sidebar heading: the placeholder option names it less well.
JUMP = """<html><body><aside class="sidebar"><div class="widget">
<h4 class="widget-title">Perangkat Daerah Lainnya</h4>
<select onchange="window.open(this.value)" class="form-control">
 <option value="">-- Pilih Situs --</option>
 <option value="https://dinsos.bengkaliskab.go.id/">Dinas Sosial</option>
 <option value="https://setwan.bengkaliskab.go.id">Sekretariat DPRD</option>
 <option value="12">Bukan tautan</option>
</select></div>
<div class="widget"><select aria-label="Link Desa">
 <optgroup label="Kecamatan Bantan">
  <option value="https://telukpambang.desa.id/">Teluk Pambang</option></optgroup>
</select></div></aside></body></html>"""

#: A district page listing its villages in a table, on the district's own site.
DISTRICT = """<html><head><title>Kecamatan Bantan</title></head><body>
<div class="page-header"><h1>Kecamatan Bantan</h1></div>
<div class="content"><h2>Daftar Desa</h2>
<table class="table"><thead><tr><th>No</th><th>Desa</th><th>Situs</th></tr></thead><tbody>
 <tr><td>1</td><td>Teluk Pambang</td><td><a href="https://telukpambang.desa.id/">telukpambang.desa.id</a></td></tr>
 <tr><td>2</td><td>Selat Baru</td><td><a href="http://selatbaru.desa.id">selatbaru.desa.id</a></td></tr>
 <tr><td>3</td><td>Bantan Tua</td><td>-</td></tr>
</tbody></table>
<p>Lihat juga <a href="/profil">profil kecamatan</a>.</p></div></body></html>"""


def by_host(links: list[SiteLink]) -> dict[str, SiteLink]:
    return {homepage_url(link.url): link for link in links}


def test_dropdown_menus_give_their_toggle_as_label() -> None:
    links = by_host(site_links(DROPDOWN, PORTAL))
    disdik = links["https://disdik.bengkaliskab.go.id/"]
    assert (disdik.text, disdik.label, disdik.place) == (
        "Dinas Pendidikan",
        "Link OPD",
        LinkPlace.DIRECTORY,
    )
    assert disdik.found_on == PORTAL
    # The www. spelling is a different homepage as linked: discovery folds the two.
    assert links["http://www.disdik.bengkaliskab.go.id/"].label == "Link OPD"
    dinkes = links["https://dinkes.bengkaliskab.go.id/"]
    assert dinkes.text == "Dinas Kesehatan"  # whitespace collapsed
    assert dinkes.url == "https://dinkes.bengkaliskab.go.id/index.php"  # fragment dropped
    assert links["https://kecbantan.bengkaliskab.go.id/"].label == "Kecamatan"
    bappeda = links["https://bappeda.bengkaliskab.go.id/"]
    assert (bappeda.label, bappeda.place) == ("Badan", LinkPlace.DIRECTORY)


def test_the_portal_itself_and_non_http_links_are_not_site_links() -> None:
    hosts = by_host(site_links(DROPDOWN, PORTAL))
    assert "https://bengkaliskab.go.id/" not in hosts  # www. and bare are one site
    assert "https://www.bengkaliskab.go.id/" not in hosts
    assert all(url.startswith("http") for url in hosts)


def test_footer_columns_label_their_links() -> None:
    links = by_host(site_links(FOOTER, PORTAL))
    mail = links["https://mail.bengkaliskab.go.id/"]
    assert (mail.label, mail.place, mail.text) == ("Tautan", LinkPlace.FOOTER, "Webmail")
    # "Tautan" lists national sites as often as agencies: a footer link, not a directory.
    assert links["https://riau.go.id/"].place is LinkPlace.FOOTER
    facebook = links["https://www.facebook.com/"]
    assert (facebook.text, facebook.label) == ("Facebook", "Ikuti Kami")  # the logo's alt


def test_jump_menus_are_read_and_take_the_best_label() -> None:
    links = by_host(site_links(JUMP, PORTAL))
    dinsos = links["https://dinsos.bengkaliskab.go.id/"]
    assert (dinsos.text, dinsos.label, dinsos.place) == (
        "Dinas Sosial",
        "Perangkat Daerah Lainnya",
        LinkPlace.DIRECTORY,
    )
    assert links["https://setwan.bengkaliskab.go.id/"].text == "Sekretariat DPRD"
    village = links["https://telukpambang.desa.id/"]
    assert village.place is LinkPlace.DIRECTORY
    assert village.label in ("Link Desa", "Kecamatan Bantan")
    assert len(links) == 3  # value="12" is a form, not a jump


def test_a_district_page_lists_its_villages() -> None:
    links = site_links(DISTRICT, "https://kecbantan.bengkaliskab.go.id/")
    assert [(link.url, link.label, link.place) for link in links] == [
        ("https://telukpambang.desa.id/", "Daftar Desa", LinkPlace.DIRECTORY),
        ("http://selatbaru.desa.id", "Daftar Desa", LinkPlace.DIRECTORY),
    ]


def test_plain_content_links_are_content() -> None:
    html = """<html><body><article><h1>Rakor Inflasi</h1>
    <p>Data dari <a href="https://bps.go.id/data">BPS</a>.</p></article></body></html>"""
    [link] = site_links(html, PORTAL)
    assert (link.place, link.label) == (LinkPlace.CONTENT, "Rakor Inflasi")


def test_deduplicated_by_homepage_and_place() -> None:
    html = """<html><body>
    <ul><li><a href="#">Link OPD</a><ul>
      <li><a href="https://disdik.bengkaliskab.go.id/">Dinas Pendidikan</a></li>
      <li><a href="https://disdik.bengkaliskab.go.id/profil">Profil Disdik</a></li></ul></li></ul>
    <footer><a href="https://disdik.bengkaliskab.go.id/">Disdik</a></footer></body></html>"""
    links = site_links(html, PORTAL)
    assert [(link.text, link.place) for link in links] == [
        ("Dinas Pendidikan", LinkPlace.DIRECTORY),
        ("Disdik", LinkPlace.FOOTER),
    ]


def test_base_href_and_relative_links() -> None:
    html = """<html><head><base href="https://disdik.bengkaliskab.go.id/"></head><body>
    <a href="profil">Profil</a></body></html>"""
    [link] = site_links(html, PORTAL)
    assert link.url == "https://disdik.bengkaliskab.go.id/profil"


def test_bytes_and_empty_pages() -> None:
    assert site_links(b"", PORTAL) == []
    assert site_links("   ", PORTAL) == []
    raw = DROPDOWN.encode("utf-8")
    assert site_links(raw, PORTAL) == site_links(DROPDOWN, PORTAL)


def test_long_text_is_cut() -> None:
    html = f'<a href="https://a.bengkaliskab.go.id/">{"kata " * 100}</a>'
    [link] = site_links(html, PORTAL)
    assert len(link.text) == 200


def test_a_budget_bounds_a_hostile_page() -> None:
    items = "".join(
        f'<li><a href="https://s{i}.bengkaliskab.go.id/">S{i}</a></li>' for i in range(50)
    )
    budget = WorkBudget(limit=60)
    links = site_links(f"<ul>{items}</ul>", PORTAL, budget=budget)
    assert budget.exceeded
    assert 0 < len(links) < 50
    assert [link.text for link in links] == [f"S{i}" for i in range(len(links))]  # in order


def test_a_link_farm_stops_at_the_cap_and_stays_linear() -> None:
    items = "".join(f'<a href="https://h{i}.example.com/">x</a>' for i in range(5_000))
    started = time.perf_counter()
    links = site_links(f"<div>{items}</div>", PORTAL, budget=WorkBudget(limit=10**7))
    assert len(links) == MAX_SITE_LINKS
    assert time.perf_counter() - started < 5


def test_deep_nesting_is_linear() -> None:
    html = "<div>" * 200 + '<a href="https://a.bengkaliskab.go.id/">A</a>' + "</div>" * 200
    [link] = site_links(html * 20, PORTAL)
    assert link.text == "A"


@pytest.mark.parametrize(
    ("html", "name"),
    [
        (
            '<meta property="og:site_name" content="Dinas Pendidikan Kabupaten Bengkalis">'
            "<title>Beranda</title>",
            "Dinas Pendidikan Kabupaten Bengkalis",
        ),
        (
            "<title>Beranda - Dinas Pendidikan | Kab. Bengkalis</title>",
            "Dinas Pendidikan Kab. Bengkalis",
        ),
        ("<title>Website Resmi Desa Teluk Pambang</title>", "Desa Teluk Pambang"),
        (
            "<title>Selamat Datang di Website Resmi Dinas Kesehatan Kabupaten Bengkalis</title>",
            "Dinas Kesehatan Kabupaten Bengkalis",
        ),
        ("<title>Melayani Sepenuh Hati - Dinas Sosial</title>", "Dinas Sosial"),  # a slogan
        ("<title>Home | BAPPEDA Bengkalis</title>", "BAPPEDA Bengkalis"),
        (
            "<title>Kecamatan Bantan – Kabupaten Bengkalis</title>",
            "Kecamatan Bantan Kabupaten Bengkalis",
        ),
        ("<title>OpenSID</title>", ""),
        ("<title>Beranda</title>", ""),
        ("", ""),
        (
            '<title>Beranda</title><body><div class="site-branding"><span>Kecamatan Bantan</span>'
            "</div></body>",
            "Kecamatan Bantan",
        ),
        (  # a brand that names no body loses to a title that does
            '<title>Dinas Perhubungan</title><body><a class="navbar-brand">SIMANIS</a></body>',
            "Dinas Perhubungan",
        ),
        (
            '<title>x</title><body><div class="logo-text">'
            '<img src="l.png" alt="Inspektorat Daerah"></div></body>',
            "Inspektorat Daerah",
        ),
    ],
)
def test_site_name(html: str, name: str) -> None:
    assert site_name(html) == name
