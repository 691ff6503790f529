"""The words of online-gambling spam, and what they say of a piece of text.

Shared by two layers, so it sits at the base (it imports only `crawler.substrings`): the page
reader (`crawler.read.spam`) scores a fetched page with these words, and the judge
(`crawler.judge.spam`, `crawler.judge.estimate`) classifies an item's title or URL with
`spam_title` and `spam_url` when it sets a defaced site's dates aside, and counts weak pages on
the score scale below (`SPAM_THRESHOLD`, `WEAK_THRESHOLD`). A text classifier is not a page
reader: it sees a string, never a document, so neither layer owns it and both may use it.

Families are matched on lower-cased, whitespace-collapsed text. *Topic* families are what
news about gambling says too (judi, togel, casino); *jargon* families are the trade's own
vocabulary and sales talk (gacor, maxwin, RTP live, bonus new member), rare outside spam.
Regular expressions over a whole page cost ~3 ms per family per 170 kB, so they run only on
extracted text that holds one of the `STEMS` (plain substring tests).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from crawler.substrings import AnyOf

#: A page scoring this much is clearly spam: one swapped title, one hidden gambling link, a
#: visible farm of five outbound gambling links, or three jargon families with a call to action.
SPAM_THRESHOLD = 1.0
#: A weak page: one jargon family, a gambling URL, topic links in a hidden block.
WEAK_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    jargon: bool  # the trade's vocabulary, not merely the topic
    weight: float  # per page, counted once however often it occurs
    pattern: re.Pattern[str]


#: Core words, one of which every gambling-spam page contains (a page of nothing but "bonus new
#: member" or "raja88" does not exist): the gate before any parse, then before the families.
STEMS = ("slot", "gacor", "judi", "judol", "togel", "toto", "maxwin", "max win", "rtp",
         "scatter", "casino", "kasino", "poker", "sbobet", "gambl", "betting", "taruhan", "zeus",
         "olympus", "bonanza", "mahjong", "parlay", "bandarq", "baccarat", "roulette", "pkv",
         "sv388", "paito")  # fmt: skip


_STEM_RE = re.compile("|".join(map(re.escape, STEMS)))
#: A page's whole text is read for the stems in one pass: every page of a crawl goes through
#: this gate, and a scan per stem cost more than a millisecond a page.
_ANY_STEM = AnyOf(STEMS)


def mentions_gambling(lowered: str) -> bool:
    """True if lower-cased `lowered` holds a core word."""
    if len(lowered) < 4096:  # on short text, one regex pass costs less than the automaton's
        return _STEM_RE.search(lowered) is not None
    return _ANY_STEM.in_text(lowered)


# (name, jargon, weight, pattern): the pattern is word-bounded on both sides below.
_FAMILIES = (
    ("gacor", True, 0.35, r"gacor[a-z]*"),
    ("situs-slot", True, 0.3,
     r"situs\s+slot|slot\s+(?:online|thailand|thai|kamboja|vietnam|server|demo|pulsa|deposit"
     r"|resmi|terpercaya|maxwin|mahjong|88|777|303|4d)|demo\s+slot|akun\s+slot|game\s+slot"),
    ("maxwin", True, 0.35, r"max\s?win[a-z]*"),
    ("rtp-live", True, 0.35,
     r"rtp\s+(?:live|slot|gacor|tertinggi|hari\s+ini|akurat)|live\s+rtp|bocoran\s+rtp"),
    ("scatter", True, 0.3, r"scatter\s+(?:hitam|emas|merah)|(?:beli|buy)\s+scatter"),
    ("provider", True, 0.3,
     r"pragmatic\s*play|pg\s*soft|habanero|spadegaming|joker\s*123|microgaming|nolimit\s*city"
     r"|pagcor"),
    ("slot-game", True, 0.3,
     r"gates\s+of\s+(?:olympus|gatot\s*kaca)|olympus\s*1000|kakek\s+zeus|zeus|starlight\s+princess"
     r"|sweet\s+bonanza|mahjong\s+ways|mahjong\s+wins"),
    ("situs-toto", True, 0.35,
     r"situs\s+toto|bandar\s+toto|toto\s*(?:macau|4d|slot|togel|sgp|hk|sdy|gelap|online)"
     r"|toto\d+|[a-z]{2,12}toto(?:4d|88|slot)"),
    ("togel-pasaran", True, 0.35,
     r"togel\s*(?:hari\s+ini|sgp|hk|hongkong|singapore|sydney|sdy|macau|4d|terpercaya|resmi)"
     r"|prediksi\s+(?:togel|sgp|hk|sdy|macau)|bocoran\s+togel|keluaran\s+(?:sgp|hk|sdy|macau"
     r"|togel)|paito|live\s+draw\s+(?:sgp|hk|sdy|macau|togel)|angka\s+jitu\s+togel"),
    ("pola-gacor", True, 0.3,
     r"pola\s+(?:slot|maxwin|scatter)|bocoran\s+(?:slot|pola|admin\s+slot)|trik\s+(?:slot|maxwin"
     r"|scatter)|anti\s+rungkad|rungkad|akun\s+(?:pro|vip)\s+(?:slot|thailand|kamboja)"
     r"|server\s+(?:thailand|kamboja)\s+(?:slot|gacor)?"),
    ("bonus", True, 0.35,
     r"bonus\s+(?:new\s+member|member\s+baru|deposit|harian|cashback|rollingan|referral)"
     r"|new\s+member\s+\d+|rollingan|freebet|free\s*chip|bet\s+(?:kecil|\d{3,4})"
     r"|minimal\s+(?:depo|deposit|bet)|min\s+(?:depo|deposit|bet)"),
    ("deposit", True, 0.3,
     r"deposit\s+(?:via\s+)?(?:pulsa|ovo|gopay|qris|e-?wallet|linkaja|\d+\s*(?:rb|ribu|k))"
     r"|depo\s+\d+\s*(?:rb|ribu|k)?|slot\s+(?:via\s+)?(?:pulsa|dana|ovo|qris)|tanpa\s+potongan"
     r"|(?:proses|min(?:imal)?)\s+(?:wd|withdraw)|wd\s+(?:cepat|lancar|berapapun)"),
    ("link-alternatif", True, 0.35,
     r"link\s+(?:alternatif|alternative|gacor|slot|toto|togel)|alternatif\s+(?:login|link)"
     r"|login\s+(?:slot|toto|togel|alternatif)|daftar\s+(?:slot|togel|toto|akun\s+(?:slot|pro))"
     r"|anti\s+(?:blokir|nawala)\s+(?:slot|toto|togel)?"),
    ("betting", True, 0.3,
     r"sbobet|mix\s*parlay|parlay|bandarq|bandar\s*qq|domino\s*qq|pkv\s*games?|idn\s*(?:poker"
     r"|play|slot|live)|sv388|live\s+casino|baccarat|roulette|casino\s+online|kasino\s+online"
     r"|poker\s+online|slot\s+machine\s+online"),
    ("brand", True, 0.3,
     r"(?:slot|toto|togel|mpo|sbo|qq|hoki|dewa|raja|naga|jp|cuan|gacor|maxwin|zeus|bet|koi)"
     r"[a-z]{0,8}(?:88|77|777|99|138|168|188|303|365|4d|123|500|789|999)"),
    # Topic words: what the news about gambling says too.
    ("judi", False, 0.05, r"(?:ber|per|pen)?judi(?:an)?|judol|gambling|gambler?s?"),
    ("togel", False, 0.08, r"togel"),
    ("casino", False, 0.05,
     r"casinos?|kasino|poker|betting|bookmakers?|taruhan|slot\s+machines?|mesin\s+slot"
     r"|online\s+slots?|slots?\s+online"),
    ("bandar-judi", False, 0.08, r"(?:bandar|agen|bos)\s+(?:judi|togel|bola|slot)"),
)  # fmt: skip

FAMILIES = tuple(
    Family(name, jargon, weight, re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z])"))
    for name, jargon, weight, pattern in _FAMILIES
)

#: Commercial calls to action; they count only beside jargon ("daftar sekarang" alone is a
#: registration drive, not spam).
CTA = re.compile(
    r"(?<![a-z])(?:daftar\s+(?:sekarang|disini|di\s+sini)|login\s+(?:sekarang|disini)"
    r"|main\s+sekarang|gabung\s+sekarang|klik\s+(?:di\s*sini|daftar|login)|gampang\s+(?:menang|jp)"
    r"|mudah\s+(?:menang|jp)|pasti\s+(?:menang|jp|wd|bayar|cuan)|auto\s+(?:jp|wd|maxwin|cuan"
    r"|menang)|jackpot|menang\s+besar|terpercaya|hari\s+ini|no\.?\s*1|nomor\s+1|24\s*jam"
    r"|x\s?[1-9]\d{2,4}|win\s*rate|jp\s+paus|live\s*chat|whatsapp|promo)(?![a-z])"
)

#: Words of the fight against gambling: text with one of them is about it, not selling it.
#: Names of institutions are not here: a defaced police homepage is still defaced.
COUNTER = re.compile(
    r"(?<![a-z])(?:bahaya\w*|berbahaya|waspada\w*|sosialisasi\w*|mensosialisasikan"
    r"|(?:mem)?berantas|pemberantasan|(?:mem|di)?blokir|pemblokiran|(?:meng|peng)?ungkap\w*"
    r"|(?:me|pe)nangkap\w*|(?:di)?tangkap|(?:me|di)?ringkus|(?:di)?amankan|tersangka"
    r"|pelaku|kasus|penyidik\w*|penindakan|razia|pidana|pasal|kuhp|satgas|penanganan"
    r"|pencegahan|(?:men)?cegah|(?:men)?jauhi|larangan|dilarang|melarang|dampak|(?:ke)?candu\w*"
    r"|edukasi|literasi|(?:meng|mengh|h)?imbau\w*|perangi|memerangi|tolak|menolak"
    r"|aduan|pengaduan|(?:me)?laporkan|merugikan|merusak|korban|terjerat|jerat|bangkrut"
    r"|pinjol|konten\s+negatif|stop\s+(?:judi|judol)|crackdown|ban|bans|banned|police|arrest\w*"
    r"|policy|policies|addict\w*|harm(?:s|ful|ed)?|illegal|ilegal|block(?:ed|ing)|laws?|enforcement"
    r"|prevention|awareness|suspects?|prosecut\w*|court|task\s+force|warns?)(?![a-z])"
)
#: Sales talk that looks like the fight: "link anti blokir", "tanpa blokir".
NOT_COUNTER = re.compile(
    r"(?:anti|tanpa|bebas|tidak\s+(?:kena|pernah)|no)\s+(?:blokir|nawala|internet\s+positif)"
)

#: Letters that only NFKC turns into ASCII ("𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑"): math alphanumerics, fullwidth forms.
FANCY_CHARS = re.compile("[\U0001d400-\U0001d7ff\uff01-\uff5e]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_URL_SEPARATORS = re.compile(r"[-_/+.=&?%#:,]+")


def normalised(text: str) -> str:
    """`text` as the families are matched: ASCII letters for fancy ones, no invisible
    characters, lower case, whitespace collapsed."""
    if FANCY_CHARS.search(text):  # "𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑": letters that only NFKC makes ASCII
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.translate(_INVISIBLE).lower().split())


def framed(text: str) -> bool:
    """Normalised text about the fight against gambling, not selling it."""
    return bool(COUNTER.search(NOT_COUNTER.sub(" ", text)))


def families_in(text: str) -> list[Family]:
    """The families normalised `text` names, in `FAMILIES` order."""
    if not mentions_gambling(text):
        return []
    return [family for family in FAMILIES if family.pattern.search(text)]


def url_words(url: str) -> str:
    """A URL's path and query as words ("/link-alternatif-sbobet/" -> " link alternatif
    sbobet "); "" for a URL that does not parse."""
    try:
        parts = urlsplit(unquote(url).lower())
    except ValueError:
        return ""
    return _URL_SEPARATORS.sub(" ", f"{parts.path} {parts.query}")


def spam_title(text: str) -> bool:
    """A title or snippet in the gambling trade's own words (not news about fighting it)."""
    if not isinstance(text, str) or not text:
        return False
    text = normalised(text)
    return not framed(text) and any(family.jargon for family in families_in(text))


def spam_url(url: str) -> bool:
    """A URL whose path speaks the gambling trade ("/link-alternatif-sbobet-judi-bola/")."""
    return spam_title(url_words(url)) if isinstance(url, str) else False
