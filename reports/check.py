"""`freshness check` in words: the verdict on one site, the evidence and what failed.

Pure formatting of what the crawl observed and the estimate concluded, for a person (text,
Indonesian) or a program (a JSON-ready dict).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crawler.judge.estimate import SetAside
from crawler.model import Evidence, Fetch, PpidResult, SetAsideDate, SiteObservation, SiteResult
from reports.export import ppid_fields
from reports.wording import Words

WORDS = Words("id")  # `check` speaks Indonesian, as the report does by default
MAX_LINES = 12

#: What a terminal would act on rather than show, in crawled text: whole escape sequences
#: first (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, other `ESC x`), then any C0/C1
#: control left and the bidi overrides that make a line read differently from what it is.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n\u2028\u2029]")  # a crawled string must not start a line
#: Kept in JSON (escaped) but never raw on a terminal: C1 controls and bidi overrides, which
#: JSON does not have to escape.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: no escape sequences, controls or bidi overrides;
    tabs and line breaks become spaces so crawled text stays on its own line."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", _BREAKS.sub(" ", text))


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Everything `check` shows about one site."""

    url: str
    result: SiteResult
    observation: SiteObservation
    aside: list[tuple[Evidence, SetAside]]  # evidence newer than the verdict, not counted
    page_dates: list[SetAsideDate]  # dates on the pages that are no publication dates

    @property
    def newer_page_dates(self) -> list[SetAsideDate]:
        """Page dates newer than the verdict's, one per (date, reason), newest first."""
        floor = self.result.last_updated
        seen: dict[tuple[date, str], SetAsideDate] = {}
        for d in sorted(self.page_dates, key=lambda d: d.date, reverse=True):
            if floor is None or d.date > floor:
                seen.setdefault((d.date, d.reason), d)
        return list(seen.values())


def explain(diagnosis: Diagnosis) -> str:
    url, result, observation = diagnosis.url, diagnosis.result, diagnosis.observation
    aside = diagnosis.aside
    lines = [f"Situs      : {url}", f"Status     : {WORDS.status(result.status)} ({result.status})"]
    if result.last_updated:
        lines.append(
            f"Terakhir   : {WORDS.date(result.last_updated)} "
            f"({result.days_since_update} hari lalu), keyakinan "
            f"{WORDS.confidence(result.confidence)}"
        )
    if result.evidence:
        e = result.evidence
        lines += [
            f"Bukti      : {WORDS.source(e.source)}: {e.url}",
            f'             "{e.snippet}"' if e.snippet else "",
        ]
    if result.flags:
        lines.append(f"Catatan    : {', '.join(result.flags)}")
    lines.append(f"Skor       : {result.score}/100")
    lines += _ppid_lines(result.ppid)
    lines.append("")
    lines.append("Sumber yang dicoba:")
    lines += _sources_tried(observation)
    lines.append("")
    lines.append("Tanggal yang ditemukan, per halaman (terbaru dulu):")
    lines += _evidence_by_item(observation.evidence, limit=12)
    lines.append("")
    lines.append("Tanggal lebih baru yang tidak dihitung, dan alasannya:")
    for e, reason in aside[:MAX_LINES]:
        lines.append(f"  {e.date.isoformat()}  {WORDS.source(e.source)}: {e.url}")
        lines.append(f"              {WORDS.set_aside(reason)}")
    if not aside:
        lines.append("  (tidak ada)")
    lines.append("")
    lines.append("Tanggal lain di halaman yang bukan tanggal terbit (lebih baru dari bukti):")
    page_dates = diagnosis.newer_page_dates
    for d in page_dates[:MAX_LINES]:
        lines.append(f"  {d.date.isoformat()}  {WORDS.page_date_reason(d.reason)}: {d.url}")
        lines.append(f'              "{d.snippet}"')
    if not page_dates:
        lines.append("  (tidak ada)")
    lines.append("")
    lines.append(f"Halaman yang diambil ({len(observation.fetches)}):")
    for f in observation.fetches:
        outcome = _fetch_outcome(f)
        detail = f"  {f.detail}" if f.detail else ""
        lines.append(f"  {outcome:<14} {WORDS.role(f.role):<14} {f.url}{detail}")
    # Every line holds crawled text (URLs, snippets, titles, error details): cleaned here, in
    # one place, so no field added later can reach the terminal raw.
    return "\n".join(printable(line) for line in lines if line is not None) + "\n"


def _evidence_by_item(evidence: Sequence[Evidence], limit: int) -> list[str]:
    """One line per dated page, newest first, naming every source that dated it."""
    if not evidence:
        return ["  (tidak ada)"]
    by_url: dict[str, list[Evidence]] = {}
    for e in sorted(evidence, key=lambda e: e.date, reverse=True):
        by_url.setdefault(e.url, []).append(e)
    lines = []
    for url, found in list(by_url.items())[:limit]:
        newest = found[0]
        sources = Counter(WORDS.source(e.source) for e in found)
        named = ", ".join(f"{s} ×{n}" if n > 1 else s for s, n in sources.items())
        snippet = printable(next((e.snippet for e in found if e.snippet), ""))  # then cut
        lines.append(f"  {newest.date.isoformat()}  {url}")
        lines.append(f"              {named}" + (f': "{snippet[:80]}"' if snippet else ""))
    if len(by_url) > limit:
        lines.append(f"  … dan {len(by_url) - limit} halaman lain")
    return lines


def _sources_tried(observation: SiteObservation) -> list[str]:
    """Per kind of page: how many were fetched, how many failed, how many dates they gave."""
    roles = {f.url: f.role for f in observation.fetches}
    lines = []
    for role in dict.fromkeys(f.role for f in observation.fetches):
        fetched = [f for f in observation.fetches if f.role == role]
        failed = sum(1 for f in fetched if f.error)
        dates = sum(1 for e in observation.evidence if roles.get(e.found_on or e.url) == role)
        lines.append(
            f"  {WORDS.role(role):<14} {len(fetched)} diambil, {failed} gagal, {dates} tanggal"
        )
    return lines or ["  (tidak ada)"]


def _fetch_outcome(fetch: Fetch) -> str:
    """ "200", "404 (http-4xx)", "timeout": the HTTP status when there was one."""
    if fetch.error and fetch.status:
        return f"{fetch.status} ({fetch.error})"
    return str(fetch.error) if fetch.error else str(fetch.status)


def _ppid_lines(ppid: PpidResult | None) -> list[str]:
    """The public-information verdict, beside the news one (UU 14/2008)."""
    if ppid is None:
        return []
    lines = [f"PPID       : {WORDS.ppid(ppid.status)} ({ppid.status})"]
    if ppid.section_url:
        lines.append(f"             {ppid.section_url}")
    if ppid.newest is not None and ppid.newest.earliest is not None:
        lines.append(
            f"             terbaru: {ppid.newest.title} "
            f"(terbit paling awal {WORDS.date(ppid.newest.earliest)})"
        )
    return lines


def check_record(diagnosis: Diagnosis) -> dict[str, object]:
    url, result, observation = diagnosis.url, diagnosis.result, diagnosis.observation
    aside = diagnosis.aside
    e = result.evidence
    return {
        "url": url,
        "status": str(result.status),
        "last_updated": result.last_updated.isoformat() if result.last_updated else None,
        "days_since_update": result.days_since_update,
        "confidence": str(result.confidence) if result.confidence else None,
        "evidence_url": e.url if e else None,
        "evidence_source": str(e.source) if e else None,
        "evidence_snippet": e.snippet if e else None,
        "score": result.score,
        "flags": list(result.flags),
        **ppid_fields(result.ppid),
        "evidence": [
            {"source": str(x.source), "url": x.url, "date": x.date.isoformat(),
             "snippet": x.snippet, "found_on": x.found_on}
            for x in sorted(observation.evidence, key=lambda x: x.date, reverse=True)
        ],
        "set_aside": [
            {"source": str(e.source), "url": e.url, "date": e.date.isoformat(),
             "reason": str(reason)}
            for e, reason in aside
        ],
        "page_dates_set_aside": [
            {"url": d.url, "date": d.date.isoformat(), "reason": d.reason, "snippet": d.snippet}
            for d in diagnosis.newer_page_dates
        ],
        "fetches": [
            {"url": f.url, "role": str(f.role), "status": f.status,
             "error": str(f.error) if f.error else None, "detail": f.detail}
            for f in observation.fetches
        ],
    }  # fmt: skip


def check_json(diagnosis: Diagnosis) -> str:
    """`check_record` as JSON text that is safe on a terminal: the values stay exactly as
    crawled, with C1 controls and bidi overrides written as \\u escapes (JSON escapes C0
    itself; these it would print raw)."""
    text = json.dumps(check_record(diagnosis), ensure_ascii=False, indent=2)
    # Outside strings JSON is ASCII, so each match is inside a string, where \\uXXXX is valid.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
