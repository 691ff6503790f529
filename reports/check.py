"""`freshness check` in words: the verdict on one site, the evidence and what failed.

Pure formatting of a `crawler.judge.explain.Diagnosis` (worked out there, once) for a person
(text, in the words of `reports.wording`, Indonesian by default) or a program (a JSON-ready
dict, whose field names are a public interface).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from crawler.judge.explain import DatedPage, Diagnosis, PpidSummary, RoleTally
from crawler.judge.fixes import Fix
from crawler.model import Fetch
from reports.export import ppid_fields
from reports.wording import Words

MAX_LINES = 12  # newer dates shown per section, and pages in the dates by page
SNIPPET_CHARS = 80  # of a dated page's snippet
LABEL = 11  # the width of the labels of the verdict's lines ("Status     : ...")
INDENT = " " * (LABEL + 2)  # a verdict line's second line, under its value
DETAIL = " " * 14  # a listed date's second line
COLUMN = 14  # the outcome and kind columns of the fetches
FIX_WORDS = Words("id")  # the fix list's text in --json, which is the same whatever --lang

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


def explain(diagnosis: Diagnosis, words: Words | None = None) -> str:
    """The diagnosis as text for a terminal, in `words` (Indonesian by default)."""
    w = words if words is not None else Words("id")
    result = diagnosis.result

    def labelled(label: str, value: str) -> str:
        return f"{w[label]:<{LABEL}}: {value}"

    lines = [
        labelled("check_site", diagnosis.url),
        labelled("check_status", f"{w.status(result.status)} ({result.status})"),
    ]
    if result.last_updated:
        lines.append(
            labelled(
                "check_last",
                w.t(
                    "check_last_value",
                    date=w.date(result.last_updated),
                    days=result.days_since_update,
                    confidence=w.confidence(result.confidence),
                ),
            )
        )
    if result.evidence:
        e = result.evidence
        kind = w.source(e.source)
        if e.modified:  # only modification stamps dated the site: say so
            kind += f" ({w.set_aside('modified')})"
        lines += [
            labelled("check_evidence", f"{kind}: {e.url}"),
            f'{INDENT}"{e.snippet}"' if e.snippet else "",
        ]
    if result.flags:
        lines.append(labelled("check_flags", ", ".join(result.flags)))
    lines.append(labelled("check_score", w.t("score_of", score=result.score)))
    lines += _ppid_lines(diagnosis.ppid, w)
    lines += ["", w["check_sources"]]
    lines += [_tally_line(tally, w) for tally in diagnosis.sources_tried] or [_none(w)]
    lines += ["", w["check_dates"]]
    lines += _dated_page_lines(diagnosis.dated_pages, w, limit=MAX_LINES)
    lines += ["", w["check_aside"]]
    for e, reason in diagnosis.aside[:MAX_LINES]:
        lines.append(f"  {e.date.isoformat()}  {w.source(e.source)}: {e.url}")
        lines.append(f"{DETAIL}{w.set_aside(reason)}")
    if not diagnosis.aside:
        lines.append(_none(w))
    lines += ["", w["check_page_dates"]]
    page_dates = diagnosis.newer_page_dates
    for d in page_dates[:MAX_LINES]:
        lines.append(f"  {d.date.isoformat()}  {w.page_date_reason(d.reason)}: {d.url}")
        lines.append(f'{DETAIL}"{d.snippet}"')
    if not page_dates:
        lines.append(_none(w))
    lines += ["", w.t("check_fetches", n=len(diagnosis.fetches))]
    for f in diagnosis.fetches:
        detail = f"  {f.detail}" if f.detail else ""
        lines.append(f"  {_fetch_outcome(f):<{COLUMN}} {w.role(f.role):<{COLUMN}} {f.url}{detail}")
    lines += ["", f"{w['fix_heading']}:", *_fix_lines(diagnosis.fixes, w)]
    # Every line holds crawled text (URLs, snippets, titles, error details): cleaned here, in
    # one place, so no field added later can reach the terminal raw.
    return "\n".join(printable(line) for line in lines) + "\n"


def _none(w: Words) -> str:
    return f"  {w['check_none']}"


def _dated_page_lines(pages: list[DatedPage], w: Words, limit: int) -> list[str]:
    """Two lines per dated page, newest first, naming every source that dated it."""
    if not pages:
        return [_none(w)]
    lines = []
    for page in pages[:limit]:
        named = ", ".join(f"{w.source(s)} ×{n}" if n > 1 else w.source(s) for s, n in page.sources)
        snippet = printable(page.snippet)[:SNIPPET_CHARS]  # cleaned, then cut
        lines.append(f"  {page.newest.isoformat()}  {page.url}")
        lines.append(f"{DETAIL}{named}" + (f': "{snippet}"' if snippet else ""))
    if len(pages) > limit:
        lines.append("  " + w.t("check_more_pages", n=len(pages) - limit))
    return lines


def _fix_lines(fixes: Sequence[Fix], w: Words) -> list[str]:
    """The fix list, numbered as on the agency's page, each item's pages under it."""
    if not fixes:
        return [f"  {w['fix_none']}"]
    lines = []
    for number, item in enumerate(fixes, start=1):
        label = f"  {number}. "
        lines.append(f"{label}{w.fix(item)}")
        lines += [f"{' ' * len(label)}{url}" for url in item.pages]
    return lines


def _tally_line(tally: RoleTally, w: Words) -> str:
    counts = w.t(
        "check_source_tally", fetched=tally.fetched, failed=tally.failed, dates=tally.dates
    )
    return f"  {w.role(tally.role):<{COLUMN}} {counts}"


def _fetch_outcome(fetch: Fetch) -> str:
    """ "200", "404 (http-4xx)", "timeout": the HTTP status when there was one, and the
    failure's code (codes, not words: what an operator greps for)."""
    if fetch.error and fetch.status:
        return f"{fetch.status} ({fetch.error})"
    return str(fetch.error) if fetch.error else str(fetch.status)


def _ppid_lines(ppid: PpidSummary | None, w: Words) -> list[str]:
    """The public-information verdict, beside the news one (UU 14/2008)."""
    if ppid is None:
        return []
    lines = [f"{w['check_ppid']:<{LABEL}}: {w.ppid(ppid.status)} ({ppid.status})"]
    if ppid.section_url:
        lines.append(f"{INDENT}{ppid.section_url}")
    if ppid.newest is not None and ppid.newest.earliest is not None:
        newest = w.t(
            "check_ppid_newest", title=ppid.newest.title, date=w.date(ppid.newest.earliest)
        )
        lines.append(f"{INDENT}{newest}")
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
        "evidence_modified": e.modified if e else None,
        "score": result.score,
        "flags": list(result.flags),
        **ppid_fields(result.ppid),
        "evidence": [
            {"source": str(x.source), "url": x.url, "date": x.date.isoformat(),
             "snippet": x.snippet, "found_on": x.found_on, "modified": x.modified}
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
        # The fix list; its words in Indonesian, as the report's (the codes are the data).
        "fixes": [{"code": str(f.code), "text": FIX_WORDS.fix(f)} for f in diagnosis.fixes],
    }  # fmt: skip


def check_json(diagnosis: Diagnosis) -> str:
    """`check_record` as JSON text that is safe on a terminal: the values stay exactly as
    crawled, with C1 controls and bidi overrides written as \\u escapes (JSON escapes C0
    itself; these it would print raw)."""
    text = json.dumps(check_record(diagnosis), ensure_ascii=False, indent=2)
    # Outside strings JSON is ASCII, so each match is inside a string, where \\uXXXX is valid.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
