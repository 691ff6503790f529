"""Is this homepage a parked domain: a registrar's placeholder or a for-sale page?

Village and school sites on `.desa.id`, `.sch.id` or commercial domains lapse when nobody
renews them; the domain then shows the registrar's parking page, a "domain for sale" offer
or a hosting company's default page. The agency's site is gone, whatever dates the page
shows. Pure text work on the homepage; a phrase must be the page's message, not a word in
a news item, so only short pages or the title and headings are read.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.read.structure import joined_text, load_html

#: Parking services and marketplaces whose pages (or scripts) mark a parked domain.
_PARKING_HOSTS = re.compile(
    r"\b(?:sedoparking\.com|parkingcrew\.net|bodis\.com|dan\.com/buy-domain|afternic\.com"
    r"|hugedomains\.com|above\.com|parklogic\.com|domainmarket\.com|undeveloped\.com"
    r"|img\.sedoparking|park\.sedo|sedo\.com/search/details)",
    re.IGNORECASE,
)
#: What a parking or default hosting page says, in English and Indonesian.
_PARKED_PHRASES = re.compile(
    r"this domain (?:name )?(?:is|may be) for sale|buy this domain|domain (?:is )?parked"
    r"|this domain has (?:been registered|expired)|the domain [\w.-]+ (?:is|may be) for sale"
    r"|domain (?:ini )?(?:dijual|telah kedaluwarsa|sudah kadaluarsa|telah kadaluarsa)"
    r"|nama domain ini (?:dijual|telah terdaftar)|parked free,? courtesy of"
    r"|future home of something quite cool|website (?:ini )?(?:sedang )?dalam perbaikan hosting"
    r"|account (?:has been )?suspended|akun (?:hosting )?(?:ini )?(?:telah )?ditangguhkan",
    re.IGNORECASE,
)
#: Substrings of the phrases and services above: plain `in` tests on the lower-cased page
#: decide whether the (much slower) patterns need to run at all.
_PHRASE_KEYS = ("for sale", "buy this domain", "parked", "has been registered", "has expired",
                "dijual", "kedaluwarsa", "kadaluarsa", "telah terdaftar", "quite cool",
                "perbaikan hosting", "suspended", "ditangguhkan")  # fmt: skip
_HOST_KEYS = ("sedo", "parkingcrew", "bodis", "dan.com", "afternic", "hugedomains",
              "above.com", "parklogic", "domainmarket", "undeveloped")  # fmt: skip
#: A real agency homepage has far more text than a parking page.
_MAX_PARKED_WORDS = 400


def parked_reason(html: str) -> str:
    """The phrase or service that marks `html` as a parked domain, or "" when it is not."""
    # The phrases are searched in the raw page first (cheap); only a page that has one is
    # parsed, to count its words and to read the phrase as shown.
    lowered = html.lower()
    if any(key in lowered for key in _PHRASE_KEYS) and _PARKED_PHRASES.search(html):
        text = _visible_text(html)
        said = _PARKED_PHRASES.search(text)
        if said is not None and len(text.split()) <= _MAX_PARKED_WORDS:
            return said.group(0)
    if not any(key in lowered for key in _HOST_KEYS):
        return ""
    service = _PARKING_HOSTS.search(html)
    return service.group(0) if service is not None else ""


def _visible_text(html: str) -> str:
    root = load_html(html)
    if root is None:
        return ""
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    return " ".join(joined_text(root).split())
