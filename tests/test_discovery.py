"""Discovery's judgement (crawler.judge.discovery): candidates, services, names, ids, drift."""

from __future__ import annotations

import pytest

from crawler.config import CATEGORIES, Agency, is_agency_id
from crawler.judge.discovery import (
    Homepage,
    discover,
    drift,
    service_reason,
    suggest_category,
    suggest_id,
)
from crawler.model import LinkPlace, SiteLink
from crawler.read.directory import site_links

PORTAL = "https://bengkaliskab.go.id/"
SCOPE = {"bengkaliskab.go.id"}

PORTAL_HOME = """<html><head><title>Beranda | Pemerintah Kabupaten Bengkalis</title></head><body>
<nav><ul>
 <li><a href="https://www.bengkaliskab.go.id/">Beranda</a></li>
 <li class="dropdown"><a href="#" class="dropdown-toggle">Link OPD</a><ul class="dropdown-menu">
  <li><a href="https://disdik.bengkaliskab.go.id/">Dinas Pendidikan</a></li>
  <li><a href="https://dinkes.bengkaliskab.go.id/">Dinas Kesehatan</a></li>
  <li><a href="https://bappeda.bengkaliskab.go.id/">Badan Perencanaan Pembangunan Daerah</a></li>
  <li><a href="https://dishub.bengkaliskab.go.id/">Dinas Perhubungan</a></li>
  <li><a href="https://ppid.bengkaliskab.go.id/">PPID Kabupaten Bengkalis</a></li>
 </ul></li>
 <li><a href="#">Kecamatan</a><ul>
  <li><a href="https://kecbantan.bengkaliskab.go.id/">Kecamatan Bantan</a></li></ul></li>
</ul></nav>
<main><p>Berita dari <a href="https://www.kemendagri.go.id/berita">Kemendagri</a>.</p></main>
<footer><h4>Tautan</h4><ul>
 <li><a href="https://www.disdik.bengkaliskab.go.id/">Disdik</a></li>
 <li><a href="https://mail.bengkaliskab.go.id/">Webmail</a></li>
 <li><a href="https://lpse.bengkaliskab.go.id/eproc4">LPSE Kabupaten Bengkalis</a></li>
 <li><a href="https://jdih.bengkaliskab.go.id/">JDIH</a></li>
 <li><a href="https://bengkaliskab.go.id:2083/">Login Pengelola</a></li>
 <li><a href="https://riau.go.id/">Pemerintah Provinsi Riau</a></li>
 <li><a href="https://www.facebook.com/pemkab.bengkalis">Facebook</a></li>
</ul></footer></body></html>"""

DISTRICT = """<html><body><h1>Kecamatan Bantan</h1><h2>Desa</h2><ul>
 <li><a href="https://telukpambang.desa.id/">Desa Teluk Pambang</a></li>
 <li><a href="https://selatbaru.desa.id/">Desa Selat Baru</a></li></ul></body></html>"""


def page(url: str, name: str, *, final: str | None = None, status: int | None = 200) -> Homepage:
    return Homepage(
        asked=url,
        final_url=(final if final is not None else url) if status is not None else "",
        status=status,
        name=name,
        redirected_offsite=False,
    )


HOMEPAGES = {
    hp.asked: hp
    for hp in (
        page("https://disdik.bengkaliskab.go.id/", "Dinas Pendidikan Kab. Bengkalis"),
        page("https://www.disdik.bengkaliskab.go.id/", "", status=None),
        page("https://dinkes.bengkaliskab.go.id/", "Dinas Kesehatan"),
        page("https://bappeda.bengkaliskab.go.id/", "BAPPEDA Bengkalis"),
        page("https://dishub.bengkaliskab.go.id/", "", status=None),  # the dead link
        page("https://ppid.bengkaliskab.go.id/", "PPID Kabupaten Bengkalis"),
        page("https://kecbantan.bengkaliskab.go.id/", "Kecamatan Bantan"),
        page("https://mail.bengkaliskab.go.id/", "Roundcube Webmail"),
        page("https://lpse.bengkaliskab.go.id/", "LPSE Kabupaten Bengkalis"),
        page("https://jdih.bengkaliskab.go.id/", "JDIH Kabupaten Bengkalis"),
        page("https://bengkaliskab.go.id:2083/", "cPanel Login"),
        page("https://telukpambang.desa.id/", "Desa Teluk Pambang"),
        page("https://selatbaru.desa.id/", "", status=404),
    )
}

AGENCIES = (
    Agency("bengkalis", "Pemerintah Kabupaten Bengkalis", "https://bengkaliskab.go.id/", "portal"),
    Agency("dinkes", "Dinas Kesehatan", "http://www.dinkes.bengkaliskab.go.id", "dinas"),
    Agency("disdukcapil", "Disdukcapil", "https://disdukcapil.bengkaliskab.go.id/", "dinas"),
    Agency("desa-jangkang", "Desa Jangkang", "https://jangkang.desa.id/", "desa"),
    Agency("kemenag", "Kemenag Bengkalis", "https://bengkalis.kemenag.go.id/", "lainnya"),
)


def portal_links() -> list[SiteLink]:
    return site_links(PORTAL_HOME, PORTAL) + site_links(
        DISTRICT, "https://kecbantan.bengkaliskab.go.id/desa"
    )


def hosts(candidates: tuple) -> list[str]:
    return [candidate.host for candidate in candidates]


def test_discover_sorts_the_portals_links() -> None:
    found = discover(portal_links(), HOMEPAGES, AGENCIES, scope=SCOPE)
    assert hosts(found.new) == [
        "bappeda.bengkaliskab.go.id",
        "disdik.bengkaliskab.go.id",  # once, though www. was linked too (and is dead)
        "kecbantan.bengkaliskab.go.id",
        "ppid.bengkaliskab.go.id",
        "telukpambang.desa.id",
    ]
    assert hosts(found.configured) == ["dinkes.bengkaliskab.go.id"]
    assert {c.host: c.service for c in found.services} == {
        "bengkaliskab.go.id:2083": "cPanel",
        "jdih.bengkaliskab.go.id": "JDIH legal documents",
        "lpse.bengkaliskab.go.id": "LPSE e-procurement",
        "mail.bengkaliskab.go.id": "webmail",
    }
    assert hosts(found.unanswered) == ["dishub.bengkaliskab.go.id", "selatbaru.desa.id"]
    everything = found.new + found.configured + found.services + found.unanswered
    # Social media, a ministry in the content and the province in the footer: no candidates.
    assert not {"www.facebook.com", "www.kemendagri.go.id", "riau.go.id"} & set(hosts(everything))


def test_candidates_carry_names_ids_categories_and_where_they_were_linked() -> None:
    found = discover(portal_links(), HOMEPAGES, AGENCIES, scope=SCOPE)
    new = {c.host: c for c in found.new}
    disdik = new["disdik.bengkaliskab.go.id"]
    assert (disdik.url, disdik.name, disdik.suggested_id, disdik.category) == (
        "https://disdik.bengkaliskab.go.id/",
        "Dinas Pendidikan Kab. Bengkalis",
        "disdik",
        "dinas",
    )
    assert disdik.answered and disdik.configured_id is None and disdik.service is None
    assert disdik.labels == ("Link OPD", "Tautan")
    assert disdik.found_on == (PORTAL,)
    assert new["bappeda.bengkaliskab.go.id"].category == "badan"
    assert new["ppid.bengkaliskab.go.id"].category == "ppid"  # agency-like, not a service
    assert new["kecbantan.bengkaliskab.go.id"].category == "kecamatan"
    village = new["telukpambang.desa.id"]
    assert (village.name, village.category, village.suggested_id) == (
        "Desa Teluk Pambang",
        "desa",
        "telukpambang",
    )
    dead = found.unanswered[0]
    assert (dead.name, dead.answered, dead.url) == (
        "Dinas Perhubungan",  # the link text when the site never answered
        False,
        "https://dishub.bengkaliskab.go.id/",
    )
    configured = found.configured[0]
    assert configured.configured_id == configured.suggested_id == "dinkes"
    for candidate in found.new + found.configured + found.services + found.unanswered:
        assert is_agency_id(candidate.suggested_id)
        assert candidate.category in CATEGORIES


def test_suggested_ids_are_unique_against_the_config_and_each_other() -> None:
    links = [
        SiteLink(
            "https://disdik.bengkaliskab.go.id/", "A", "Link OPD", LinkPlace.DIRECTORY, PORTAL
        ),
        SiteLink("https://disdik.bengkaliskab.go.id.", "A", "", LinkPlace.CONTENT, PORTAL),
        SiteLink("https://disdik.desa.id/", "Desa Disdik", "Desa", LinkPlace.DIRECTORY, PORTAL),
    ]
    agencies = (Agency("disdik", "Lama", "https://old.example.go.id/", "dinas"),)
    found = discover(links, {}, agencies, scope=SCOPE)
    ids = [c.suggested_id for c in found.unanswered]
    assert ids == ["disdik-2", "disdik-3"]


def test_a_site_reached_under_two_names_is_one_candidate() -> None:
    links = [
        SiteLink(
            "http://dinsos.bengkaliskab.go.id/", "Dinsos", "Link OPD", LinkPlace.DIRECTORY, PORTAL
        ),
        SiteLink(
            "https://sosial.bengkaliskab.go.id/", "Dinas Sosial", "", LinkPlace.FOOTER, PORTAL
        ),
    ]
    homepages = {
        "http://dinsos.bengkaliskab.go.id/": page(
            "http://dinsos.bengkaliskab.go.id/",
            "Dinas Sosial",
            final="https://sosial.bengkaliskab.go.id/",
        ),
        "https://sosial.bengkaliskab.go.id": page(  # another spelling of the key is accepted
            "https://sosial.bengkaliskab.go.id/", "Dinas Sosial"
        ),
    }
    [candidate] = discover(links, homepages, (), scope=SCOPE).new
    assert candidate.url == "https://sosial.bengkaliskab.go.id/"
    assert candidate.labels == ("Link OPD",)


def test_configured_match_ignores_scheme_and_www_and_prefers_the_sites_own_entry() -> None:
    agencies = (
        Agency(
            "portal-dinkes", "Dinkes di portal", "https://dinkes.bengkaliskab.go.id/opd", "dinas"
        ),
        Agency("dinkes", "Dinas Kesehatan", "http://www.dinkes.bengkaliskab.go.id", "dinas"),
    )
    links = [SiteLink("https://dinkes.bengkaliskab.go.id/", "", "", LinkPlace.CONTENT, PORTAL)]
    found = discover(links, HOMEPAGES, agencies, scope=SCOPE)
    assert [c.configured_id for c in found.configured] == ["dinkes"]


def test_go_id_and_desa_id_hosts_outside_scope_count_only_from_directories_and_sitemaps() -> None:
    links = [
        SiteLink("https://a.desa.id/", "Desa A", "Desa", LinkPlace.DIRECTORY, PORTAL),
        SiteLink("https://b.desa.id/", "Desa B", "", LinkPlace.CONTENT, PORTAL),
        SiteLink("https://rsud-x.go.id/berita", "", "", LinkPlace.SITEMAP, PORTAL),
        SiteLink("https://kemendagri.go.id/", "", "Tautan", LinkPlace.FOOTER, PORTAL),
        SiteLink("https://a.example.com/", "", "Link OPD", LinkPlace.DIRECTORY, PORTAL),
    ]
    found = discover(links, {}, (), scope=SCOPE)
    assert hosts(found.unanswered) == ["a.desa.id", "rsud-x.go.id"]


def test_services_judged_by_link_text_only_for_homepage_links() -> None:
    links = [
        SiteLink(
            "https://bkd.bengkaliskab.go.id/simpeg",
            "Aplikasi SIMPEG",
            "",
            LinkPlace.CONTENT,
            PORTAL,
        ),
        SiteLink("https://pbj.bengkaliskab.go.id/", "E-Procurement", "", LinkPlace.FOOTER, PORTAL),
    ]
    homepages = {
        "https://bkd.bengkaliskab.go.id/": page("https://bkd.bengkaliskab.go.id/", "BKD"),
        "https://pbj.bengkaliskab.go.id/": page("https://pbj.bengkaliskab.go.id/", ""),
    }
    found = discover(links, homepages, (), scope=SCOPE)
    assert hosts(found.new) == ["bkd.bengkaliskab.go.id"]
    assert [(c.host, c.service) for c in found.services] == [
        ("pbj.bengkaliskab.go.id", "LPSE e-procurement")
    ]


def test_a_refusal_is_an_answer_a_missing_root_is_not() -> None:
    links = [
        SiteLink(f"https://{name}.bengkaliskab.go.id/", name, "", LinkPlace.CONTENT, PORTAL)
        for name in ("waf", "gone", "broken")
    ]
    homepages = {
        f"https://{name}.bengkaliskab.go.id/": page(
            f"https://{name}.bengkaliskab.go.id/", "", status=s
        )
        for name, s in (("waf", 403), ("gone", 404), ("broken", 503))
    }
    found = discover(links, homepages, (), scope=SCOPE)
    assert hosts(found.new) == ["waf.bengkaliskab.go.id"]
    assert hosts(found.unanswered) == ["broken.bengkaliskab.go.id", "gone.bengkaliskab.go.id"]


def test_discover_is_deterministic_whatever_the_link_order() -> None:
    links = portal_links()
    assert discover(links, HOMEPAGES, AGENCIES, scope=SCOPE) == discover(
        list(reversed(links)), HOMEPAGES, AGENCIES, scope=["www.bengkaliskab.go.id"]
    )


@pytest.mark.parametrize(
    ("url", "text", "reason"),
    [
        ("https://mail.bengkaliskab.go.id/", "", "webmail"),
        ("https://webmail.disdik.bengkaliskab.go.id/", "", "webmail"),
        ("https://bengkaliskab.go.id:2096/", "", "webmail"),
        ("https://bengkaliskab.go.id:2082/", "", "cPanel"),
        ("https://cpanel.bengkaliskab.go.id/", "", "cPanel"),
        ("https://x.bengkaliskab.go.id/", "Login Pengelola (cPanel)", "cPanel"),
        ("https://lpse.bengkaliskab.go.id/eproc4", "", "LPSE e-procurement"),
        ("https://spse.bengkaliskab.go.id/", "", "LPSE e-procurement"),
        (
            "https://pbj.bengkaliskab.go.id/",
            "Layanan Pengadaan Secara Elektronik",
            "LPSE e-procurement",
        ),
        ("https://sirup.lkpp.go.id/sirup/ro", "", "SIRUP procurement plans"),
        ("https://jdih.bengkaliskab.go.id/", "", "JDIH legal documents"),
        ("https://jdih-bengkalis.go.id/", "", "JDIH legal documents"),
        ("https://e-office.bengkaliskab.go.id/", "", "internal application"),
        ("https://simpeg.bengkaliskab.go.id/", "", "internal application"),
        ("https://siap.bengkaliskab.go.id/", "", "internal application"),
        ("https://sso.bengkaliskab.go.id/", "", "login portal (SSO)"),
        ("https://drive.bengkaliskab.go.id/", "", "file storage"),
        ("https://www.facebook.com/pemkab", "", "social media"),
        ("https://ppid.bengkaliskab.go.id/", "PPID", None),
        ("https://disdik.bengkaliskab.go.id/", "Dinas Pendidikan", None),
        ("https://simpangkiri.desa.id/", "Desa Simpang Kiri", None),
        ("https://ekonomi.bengkaliskab.go.id/", "Bagian Perekonomian", None),
        ("https://bengkaliskab.go.id/", "Pemerintah Kabupaten Bengkalis", None),
        ("not a url", "", None),
    ],
)
def test_service_reason(url: str, text: str, reason: str | None) -> None:
    assert service_reason(url, text) == reason


@pytest.mark.parametrize(
    ("name", "host", "category"),
    [
        ("Dinas Pendidikan Kabupaten Bengkalis", "disdik.bengkaliskab.go.id", "dinas"),
        ("Badan Kepegawaian dan Pengembangan SDM", "bkpsdm.bengkaliskab.go.id", "badan"),
        ("Bagian Umum Sekretariat Daerah", "umum.bengkaliskab.go.id", "bagian"),
        ("Sekretariat DPRD Kabupaten Bengkalis", "setwan.bengkaliskab.go.id", "sekretariat"),
        ("Sekretariat Daerah", "setda.bengkaliskab.go.id", "sekretariat"),
        ("Inspektorat Daerah", "inspektorat.bengkaliskab.go.id", "inspektorat"),
        ("Kantor Kesatuan Bangsa dan Politik", "x.bengkaliskab.go.id", "kantor"),
        ("Kantor Camat Bantan", "x.bengkaliskab.go.id", "kecamatan"),
        ("RSUD Bengkalis", "rsud.bengkaliskab.go.id", "rsud"),
        ("Rumah Sakit Umum Daerah Mandau", "x.bengkaliskab.go.id", "rsud"),
        ("PPID Kabupaten Bengkalis", "ppid.bengkaliskab.go.id", "ppid"),
        ("Kecamatan Bantan", "kecbantan.bengkaliskab.go.id", "kecamatan"),
        ("Kelurahan Rimba Sekampung", "x.bengkaliskab.go.id", "kelurahan"),
        ("Desa Teluk Pambang", "x.bengkaliskab.go.id", "desa"),
        ("OpenSID", "telukpambang.desa.id", "desa"),
        ("Pemerintah Kabupaten Bengkalis", "bengkaliskab.go.id", "portal"),
        ("", "www.bengkaliskab.go.id", "portal"),
        ("", "disdik.bengkaliskab.go.id", "dinas"),
        ("", "bappeda.bengkaliskab.go.id", "badan"),
        ("", "kec-bantan.bengkaliskab.go.id", "kecamatan"),
        ("Mal Pelayanan Publik", "mpp.bengkaliskab.go.id", "lainnya"),
        ("", "127.0.0.1:8080", "lainnya"),
    ],
)
def test_suggest_category(name: str, host: str, category: str) -> None:
    assert suggest_category(name, host) == category


@pytest.mark.parametrize(
    ("name", "host", "taken", "expected"),
    [
        ("Dinas Pendidikan", "disdik.bengkaliskab.go.id", (), "disdik"),
        ("Dinas Pendidikan", "www.disdik.bengkaliskab.go.id:8443", (), "disdik"),
        ("Dinas Pendidikan", "disdik.bengkaliskab.go.id", ("disdik",), "disdik-2"),
        ("Dinas Pendidikan", "disdik.bengkaliskab.go.id", ("disdik", "disdik-2"), "disdik-3"),
        ("Desa X", "desa-x.desa.id", (), "desa-x"),
        ("Pemerintah Kabupaten Bengkalis", "bengkaliskab.go.id", (), "bengkaliskab"),
        ("Dinas Pendidikan dan Kebudayaan", "127.0.0.1:8001", (), "dpk"),
        ("Kecamatan Bantan", "10.0.0.2", (), "kecamatan-bantan"),
        ("", "web.bengkaliskab.go.id", (), "bengkaliskab"),
        ("", "", (), "situs"),
        ("", "", ("situs",), "situs-2"),
        ("Désa Ünïcode Baru", "xn--bcher-kva.desa.id", (), "dub"),
    ],
)
def test_suggest_id(name: str, host: str, taken: tuple[str, ...], expected: str) -> None:
    suggested = suggest_id(name, host, taken)
    assert suggested == expected
    assert is_agency_id(suggested)


def test_suggest_id_drops_accents_from_names() -> None:
    assert suggest_id("Désa Ünïcode", "", ()) == "desa-unicode"


def test_suggest_id_is_always_a_valid_id() -> None:
    long_label = "a" * 63
    for name, host in (("!!!", f"{long_label}.bengkaliskab.go.id"), ("—", "-x-.go.id")):
        suggested = suggest_id(name, host, {long_label[:40]})
        assert is_agency_id(suggested) and len(suggested) <= 40


# --------------------------------------------------------------------------- drift


def test_drift_lists_vanished_unlisted_and_moved() -> None:
    result = drift(portal_links(), AGENCIES, {"dinkes", "kemenag"}, scope=SCOPE)
    # disdukcapil is no longer linked; the village is under *.desa.id, so it could be.
    assert result.vanished == ("disdukcapil", "desa-jangkang")
    unlisted = [link.url for link in result.unlisted]
    assert unlisted == [
        "https://bappeda.bengkaliskab.go.id/",
        "https://disdik.bengkaliskab.go.id/",  # once: www. folded, the directory link kept
        "https://dishub.bengkaliskab.go.id/",
        "https://kecbantan.bengkaliskab.go.id/",
        "https://ppid.bengkaliskab.go.id/",
        "https://selatbaru.desa.id/",
        "https://telukpambang.desa.id/",
    ]  # no webmail, LPSE, JDIH, cPanel; nothing outside the scope
    assert result.moved == ("kemenag", "dinkes")  # by host: bengkalis.kemenag.go.id first


def test_drift_never_vanishes_what_the_portal_could_not_link() -> None:
    result = drift(portal_links(), AGENCIES, (), scope=SCOPE)
    assert "kemenag" not in result.vanished  # another domain: never the portal's to link
    assert "bengkalis" not in result.vanished  # the portal itself


def test_drift_of_a_portal_that_gave_no_links_says_nothing_vanished() -> None:
    assert drift([], AGENCIES, (), scope=SCOPE).vanished == ()


def test_drift_counts_a_site_under_its_other_spelling() -> None:
    links = [
        SiteLink("https://www.disdukcapil.bengkaliskab.go.id/", "", "", LinkPlace.CONTENT, PORTAL),
        SiteLink("https://jangkang.desa.id/", "Jangkang", "Desa", LinkPlace.DIRECTORY, PORTAL),
        SiteLink("http://dinkes.bengkaliskab.go.id/profil", "", "", LinkPlace.FOOTER, PORTAL),
    ]
    result = drift(links, AGENCIES, (), scope=SCOPE)
    assert result.vanished == ()
    assert result.unlisted == ()
