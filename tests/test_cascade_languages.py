"""The page-date cascade beyond Indonesian and English: month names of the web's languages,
CJK dates, the numeric order a page's locale implies, dates labelled as the publication far
from the title, and modification stamps in other languages (never the publication; alone on a
page, they date it as a modification)."""

from datetime import date, datetime

import pytest

from crawler.model import WIB
from crawler.read.article import declared_language
from crawler.read.cascade import PageDate, page_date
from crawler.read.structure import parsed
from crawler.read.written_dates import LANGUAGE_TAG_CHARS, find_dates, parse_date

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)


def _modification(found: PageDate | None) -> date | None:
    """The day of a modification the page was dated by (None: no date, or a publication)."""
    return found.date if found is not None and found.modified else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Veröffentlicht am 22. Februar 2019", date(2019, 2, 22)),
        ("le 1er mars 2020", date(2020, 3, 1)),
        ("22 de fevereiro de 2019", date(2019, 2, 22)),
        ("3 lipca 2021", date(2021, 7, 3)),
        ("22 февраля 2019 г.", date(2019, 2, 22)),
        ("12 Mayıs 2021", date(2021, 5, 12)),
        ("MÄRZ 3, 2020", date(2020, 3, 3)),
        ("2019年2月22日 10:00", date(2019, 2, 22)),
        ("2019 年 2 月 22 日", date(2019, 2, 22)),
        ("2019년 2월 22일", date(2019, 2, 22)),
        # Croatian October, Polish November: the older reading is the safe one.
        ("5 listopada 2020", date(2020, 10, 5)),
        # A clock before a month-first date: its minutes are no day ("31 August 20").
        ("North Korea 09:31 August 20, 2019", date(2019, 8, 20)),
        ("10:13 December 31, 2024", date(2024, 12, 31)),
        # Only month first makes this a date, whatever the page's language.
        ("06/19/2023", date(2023, 6, 19)),
        # The first of the month as its ordinal, in Portuguese, Spanish and English.
        ("1º de março de 2021", date(2021, 3, 1)),
        ("1° de marzo de 2021", date(2021, 3, 1)),
        ("the 1st of March 2021", date(2021, 3, 1)),
        # The Levant's month names, alone and beside the other Arabic name of the month.
        ("24 نيسان 2020", date(2020, 4, 24)),
        ("5 كانون الثاني 2021", date(2021, 1, 5)),
        ("الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", date(2020, 4, 24)),
        # Czech, Slovak and Austrian numeric dates: a space after each dot, day first.
        ("06. 01. 2026, 14:59\u00a0Uhr", date(2026, 1, 6)),
        ("Von Deutscher Tennis Bund 4. 2. 2022.", date(2022, 2, 4)),
        ("aktualizováno 31. 12. 2024", date(2024, 12, 31)),
    ],
)
def test_dates_in_the_webs_languages(text: str, expected: date) -> None:
    assert [match.date for match in find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Laporan Arus Kas 2023", "Balai 2 Loka 2019", "Pasal 3 ayat VIII 2019", "sous 2 elok 2020"],
)
def test_words_that_are_abbreviations_elsewhere_are_no_months(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize("text", ["Kapitel 1. 2. 3", "06. 01. 26", "2026. 01. 06.", "1.2. 2026"])
def test_spaced_dots_without_a_four_digit_year_last_are_no_date(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "July 30-Aug. 14, 1932: Mildred",  # 14 is the day of a month-first date
        "seit Mittwoch, 2. Februar, 10 Uhr Tickets",  # an hour
        "am 27. März, 15. Mai, 18. Sept.",  # days of a list, no year
        "rev 2020.1.20.35817",  # a version
    ],
)
def test_two_digits_after_a_day_and_a_month_that_are_no_year(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize("text", ["19 Jun 23", "04 NOV 25 Editorial", "03.Mär.19", "6 Mai 19"])
def test_a_short_year_still_reads(text: str) -> None:
    assert len(find_dates(text)) == 1


def test_numeric_order_follows_the_locale_and_is_day_first_by_default() -> None:
    assert parse_date("05/06/2023") == date(2023, 6, 5)
    assert parse_date("05/06/2023", month_first=True) == date(2023, 5, 6)
    assert parse_date("19/06/2023", month_first=True) == date(2023, 6, 19)  # only day first
    # The order unknown: a date both orders allow is the older of its readings.
    assert parse_date("03/04/2023", month_first=None) == date(2023, 3, 4)
    assert parse_date("04/03/2023", month_first=None) == date(2023, 3, 4)
    assert parse_date("19/06/2023", month_first=None) == date(2023, 6, 19)


def test_a_timestamp_printed_in_text_is_its_day_as_written() -> None:
    assert parse_date("2016-04-08T20:30:39+00:00") == date(2016, 4, 8)


def _page(body: str, *, lang: str = "id", head: str = "") -> str:
    return (
        f'<html lang="{lang}"><head><title>Rapat Koordinasi Penanganan Banjir</title>{head}'
        f"</head><body><div class='content'><h1>Rapat Koordinasi Penanganan Banjir</h1>"
        f"{body}</div></body></html>"
    )


_PROSE = "<p>" + "Isi berita yang panjang tentang rapat koordinasi. " * 30 + "</p>"


def test_an_american_page_reads_its_byline_month_first() -> None:
    byline = "<p class='byline'>Posted 11/04/2026 by Admin</p><p>Next game 04/25/2027.</p>"
    assert page_date(_page(byline, lang="en-US"), now=NOW).date == date(2026, 11, 4)
    assert page_date(_page(byline, lang="id"), now=NOW).date == date(2026, 4, 11)
    locale = '<meta property="og:locale" content="en_US">'
    assert page_date(_page(byline, lang="", head=locale), now=NOW).date == date(2026, 11, 4)


def test_a_site_declaring_american_english_that_writes_day_first_is_read_day_first() -> None:
    # WordPress declares en-US until its owner picks a language; the site writes as Indonesia
    # does. Read month first, 11 April would be 4 November: seven months too new.
    byline = "<p class='byline'>Diposting 11/04/2026 oleh Admin</p>"
    sidebar = "<ul class='terbaru'><li><a href='/berita/12'>Rapat anggaran</a> 25/03/2026</li></ul>"
    assert page_date(_page(byline + sidebar, lang="en-US"), now=NOW).date == date(2026, 4, 11)


def test_an_american_page_with_no_telling_date_reads_an_ambiguous_one_as_the_older() -> None:
    byline = "<p class='byline'>Posted 11/04/2026 by Admin</p>"
    assert page_date(_page(byline, lang="en-US"), now=NOW).date == date(2026, 4, 11)


def test_a_date_labelled_as_the_publication_far_below_the_title() -> None:
    credits = "<ul><li><p>Mise en ligne</p><p>23 mai 2019</p></li></ul>"
    found = page_date(_page(_PROSE + credits), now=NOW)
    assert found is not None and (found.date, found.source) == (date(2019, 5, 23), "labelled")
    inline = "<p>Veröffentlicht am 3. März 2020</p>"
    assert page_date(_page(_PROSE + inline), now=NOW).date == date(2020, 3, 3)


def test_a_labelled_date_of_another_page_or_a_modification_is_not_the_publication() -> None:
    related = (
        "<ul><li><a href='/berita/lain-yang-panjang-sekali'>Berita lain yang judulnya panjang</a>"
        " Published 3 March 2020</li></ul>"
    )
    assert page_date(_page(_PROSE + related), now=NOW) is None
    updated = page_date(_page(_PROSE + "<p>Aktualisiert am 3. März 2020</p>"), now=NOW)
    assert _modification(updated) == date(2020, 3, 3)


@pytest.mark.parametrize(
    "stamp", ["Aktualisiert am 3. März 2020", "Stand: 3. März 2020", "Mis à jour le 3 mars 2020",
              "Atualizado em 03/03/2020", "更新日：2020年3月3日"],
)  # fmt: skip
def test_modification_stamps_in_other_languages_are_no_publication(stamp: str) -> None:
    """Alone on the page, the stamp dates it as a modification, never as its publication."""
    found = page_date(_page(f"<p class='meta'>{stamp}</p>" + _PROSE), now=NOW)
    assert _modification(found) == date(2020, 3, 3)


@pytest.mark.parametrize(
    "stamp",
    ["Última modificação 03/03/2020 10h02", "Última alteração: 03/03/2020", "Letzte Änderung: "
     "3. März 2020", "Letzte Aktualisierung 3. März 2020", "Zuletzt bearbeitet am 3. März 2020",
     "Dernière modification le 3 mars 2020", "Actualisé le 3 mars 2020",
     "Última modificación: 3 de marzo de 2020", "Ultima modifica: 3 marzo 2020",
     "Laatste wijziging: 3 maart 2020", "Laatst aangepast op 3 maart 2020",
     "Page last reviewed: 3 March 2020", "Last revised 3 March 2020", "Edited: 3 March 2020",
     "Terakhir diperbarui 3 Maret 2020", "Perubahan terakhir 3 Maret 2020",
     "Oppdatert 3. mars 2020", "最終修正 2020年3月3日", "Akt.: 3. März 2020 - 21.18 Uhr",
     "Upd. 3 March 2020"],
)  # fmt: skip
def test_a_last_edit_named_by_its_noun_or_another_verb_is_no_publication(stamp: str) -> None:
    """Near the title, and closing the text where a dateline would sit: a stamp of the last
    edit read as the publication is the too-new error. Alone, it is the page's modification."""
    assert _modification(page_date(_page(f"<p class='meta'>{stamp}</p>" + _PROSE), now=NOW)) == (
        date(2020, 3, 3)
    )
    assert _modification(page_date(_page(_PROSE + f"<p>{stamp}</p>"), now=NOW)) == (
        date(2020, 3, 3)
    )


@pytest.mark.parametrize(
    "line",
    ["Pendaftaran dibuka hingga 30 Juni 2023.", "Batas akhir pendaftaran 30 Juni 2023",
     "Paling lambat 30 Juni 2023", "Berlaku mulai 1 Juli 2023", "s.d. 30 Juni 2023",
     "Acara digelar pada 5 Juni 2023", "Deadline: 30 June 2023", "Valid until 30 June 2023",
     "Anmeldeschluss: 30. Juni 2023", "Inscrições até 30/06/2023.", "Plazo: 30 de junio de 2023",
     "Date limite : 30 juin 2023", "Hari/Tanggal : Senin, 12 Juni 2023",
     "Pelaksanaan: 12 Juni 2023", "Kegiatan berlangsung 12 Juni 2023 di Aula Kantor Bupati",
     "The meeting takes place on 30 June 2023",
     "<table><tr><td>Hari / Tanggal</td><td>:</td><td>Senin, 12 Juni 2023</td></tr></table>",
     "<div class='row'><div>Hari/Tanggal</div><div>: Senin, 12 Juni 2023</div></div>"],
)  # fmt: skip
def test_a_deadline_or_an_appointment_is_neither_byline_nor_dateline(line: str) -> None:
    """The day registration closes, a rule takes effect or an event is held comes after the
    page was written: under the title or closing the text, it is no publication date, its
    label in its own line or in the cells before it."""
    assert page_date(_page(f"<p>{line}</p>" + _PROSE), now=NOW) is None
    assert page_date(_page(_PROSE + f"<p>{line}</p>"), now=NOW) is None


def test_a_dateline_or_byline_beside_a_bound_word_still_counts() -> None:
    lines = {
        "Bengkalis, 19 Juni 2023": date(2023, 6, 19),
        "Von Christian am 03.05.2013, 11:51": date(2013, 5, 3),
        "Diposting 12 Juni 2023, pendaftaran hingga 30 Juni 2023": date(2023, 6, 12),
        "<table><tr><td>Tanggal</td><td>:</td><td>Senin, 12 Juni 2023</td></tr></table>": date(
            2023, 6, 12
        ),
    }
    for line, day in lines.items():
        assert page_date(_page(_PROSE + f"<p>{line}</p>"), now=NOW).date == day


@pytest.mark.parametrize(
    ("lang", "byline", "expected"),
    [("pt-BR", "Publicado em 22 fev 2019 às 10h15", date(2019, 2, 22)),
     ("pt", "22.set.2019", date(2019, 9, 22)),
     ("es", "22 ene. 2019 - 10:15 CET", date(2019, 1, 22)),
     ("es_ES", "Madrid, 3 ago 2019", date(2019, 8, 3)),
     ("it", "22 gen 2019", date(2019, 1, 22)),
     ("ru", "22 февр. 2019", date(2019, 2, 22)),
     ("tr", "22 Şub 2019", date(2019, 2, 22)),
     ("pl", "22 lut 2019", date(2019, 2, 22))],
)  # fmt: skip
def test_a_page_reads_the_month_abbreviations_of_its_own_language(
    lang: str, byline: str, expected: date
) -> None:
    page = _page(f"<p class='meta'>{byline}</p>" + _PROSE, lang=lang)
    assert page_date(page, now=NOW).date == expected
    # In a page of another language they are other words, never a month.
    assert find_dates(byline, language="en") == []


@pytest.mark.parametrize("lang", ["en", "", "x" * 5000, "pt-" + "B" * 5000, "\x00"])
def test_another_or_a_hostile_language_reads_no_abbreviation(lang: str) -> None:
    """ "12 Pro 2019" is a product on an English page (Czech "pro" is December)."""
    assert find_dates("iPhone 12 Pro 2019", language=lang) == []
    root = parsed(f"<html lang='{lang}'><body><p>x</p></body></html>")
    assert len(declared_language(root)) <= LANGUAGE_TAG_CHARS  # never a megabyte cache key
    assert [m.date for m in find_dates("12 pro 2019", language="cs")] == [date(2019, 12, 12)]


def test_a_word_that_only_starts_like_a_modification_word_labels_nothing() -> None:
    byline = "<p class='meta'>Neuer EU-Standard 3. März 2020</p>"  # "Standard", not "Stand:"
    assert page_date(_page(byline + _PROSE), now=NOW).date == date(2020, 3, 3)


def test_a_modification_stamp_beside_the_publication_is_passed_over() -> None:
    byline = "<p class='meta'>Aktualisiert am 3. März 2020 · Veröffentlicht am 1. März 2020</p>"
    assert page_date(_page(byline + _PROSE), now=NOW).date == date(2020, 3, 1)


def test_a_layout_classed_like_a_header_is_not_the_title() -> None:
    html = (
        "<html class='html_header_top html_logo_left'><head><title>Site | The Winds of Change"
        "</title></head><body><div class='container sidebar_right'><h1>The Winds of Change</h1>"
        "<time datetime='2016-02-23T13:37:22+00:00'>February 23, 2016</time>"
        + _PROSE
        + "</div></body></html>"
    )
    assert page_date(html, now=NOW).date == date(2016, 2, 23)


def test_a_dateline_closing_the_article() -> None:
    signed = "<p>Bengkalis, 19 Juni 2023</p><p>Kepala Dinas</p>"
    found = page_date(_page(_PROSE + signed), now=NOW)
    assert found is not None and (found.date, found.source) == (date(2023, 6, 19), "dateline")
    assert page_date(_page(_PROSE + "<p>(22. Februar 2019)</p>"), now=NOW).date == date(2019, 2, 22)


def test_an_event_in_the_last_sentence_is_no_dateline() -> None:
    event = (
        "<p>Rapat koordinasi berikutnya akan digelar di aula kantor bupati pada 5 Juni 2023.</p>"
    )
    assert page_date(_page(_PROSE + event), now=NOW) is None


def test_a_page_that_prints_only_its_last_update_is_dated_by_it_as_a_modification() -> None:
    """A terms or "about" page prints no publication: its own "last updated" line dates it,
    flagged as a modification (the site estimate lets one speak only when nothing else does).
    The oldest of several lines; none when the content holds an older date, which may be the
    publication no step could place; none when it says "today" (themes bump some)."""
    about = "<p>Halaman ini diperbarui pada 20 November 2026</p><p>last edited: 17 Jun 2018</p>"
    found = page_date(_page(_PROSE + about), now=NOW)
    assert found is not None and (found.date, found.source, found.modified) == (
        date(2018, 6, 17),
        "updated",
        True,
    )
    older = (
        "<p>Last Updated: January 7, 2025</p>" + _PROSE + "<p>Rapat pertama tentang rencana "
        "ini sudah dibahas bersama seluruh camat pada 1 Maret 2020 di kantor bupati.</p>"
    )
    assert page_date(_page(older), now=NOW) is None
    today = "<p>Terakhir diperbarui 28 November 2026</p>"
    assert page_date(_page(today + _PROSE), now=NOW) is None
    linked = "<p><a href='/lain'>Halaman lain yang judulnya panjang</a> updated 3 March 2020</p>"
    assert page_date(_page(_PROSE + linked), now=NOW) is None


def test_an_embedded_videos_date_is_not_the_articles() -> None:
    article = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<meta itemprop="datePublished" content="2025-01-05T15:23:59+01:00">'
        "<h1>Rapat Koordinasi Penanganan Banjir</h1>"
        '<div itemscope itemtype="http://schema.org/VideoObject">'
        '<meta itemprop="datePublished" content="2024-12-18T00:00:00+01:00"></div>'
        f"{_PROSE}</div>"
    )
    html = (
        "<html><head><title>Rapat Koordinasi Penanganan Banjir</title></head>"
        f"<body>{article}</body></html>"
    )
    assert page_date(html, now=NOW).date == date(2025, 1, 5)


def test_a_reviewed_claims_date_is_not_the_fact_checks() -> None:
    ld = (
        '{"@context": "https://schema.org", "@type": "ClaimReview",'
        ' "datePublished": "2026-05-13 15:44",'
        ' "itemReviewed": {"@type": "Claim", "datePublished": "2026-05-07"}}'
    )
    html = (
        "<html><head><title>Rapat Koordinasi Penanganan Banjir</title>"
        f'<script type="application/ld+json">{ld}</script></head><body>'
        f"<h1>Rapat Koordinasi Penanganan Banjir</h1>{_PROSE}</body></html>"
    )
    assert page_date(html, now=NOW).date == date(2026, 5, 13)


@pytest.mark.parametrize(
    "href",
    ["/specials/autor-frank-wunderlich/", "/autoren/frank-wunderlich", "/auteur/frank-wunderlich",
     "/autore/frank-wunderlich", "/wartawan/frank-wunderlich", "/profile/frank-wunderlich/"],
)  # fmt: skip
def test_a_link_to_the_authors_page_in_a_byline_is_no_title_of_another_page(href: str) -> None:
    author = f'<a href="{href}">Frank Wunderlich-Pfeiffer</a>'
    byline = f'<div class="meta">9. September 2025 / {author}</div>'
    found = page_date(_page(byline + _PROSE, lang="de"), "https://example.de/news/x", now=NOW)
    assert found is not None and found.date == date(2025, 9, 9)
