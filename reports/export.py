"""A run's verdicts as flat records: JSON and CSV for people and other programs."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from crawler.config import without_userinfo
from crawler.model import PpidResult
from crawler.store import ResultRow, RunInfo

FIELDS = (
    "id",
    "name",
    "url",
    "category",
    "status",
    "last_updated",
    "days_since_update",
    "confidence",
    "evidence_url",
    "evidence_source",
    "evidence_date",
    "evidence_snippet",
    "evidence_modified",
    "score",
    "flags",
    "items_30d",
    "items_90d",
    "ppid",
    "ppid_url",
    "ppid_newest_title",
    "ppid_newest_url",
    "ppid_newest_date",
    "run_id",
    "as_of",
    "portal_listed",
)

#: A spreadsheet runs a cell that starts with one of these as a formula
#: (`=HYPERLINK("http://evil","x")`); OWASP's CSV-injection rule.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def record(row: ResultRow, run: RunInfo, *, portal_listed: bool | None = None) -> dict[str, Any]:
    """One agency's verdict, flat; no URL in it carries a user name or password.
    `portal_listed`: whether the regency portal links the agency's site (None: the run read
    no portal's links, or the portal could not list it; `reports.build.site_list`)."""
    found = {**_record(row, run), "portal_listed": portal_listed}
    return {k: _public(v) for k, v in found.items()}


def _public(value: Any) -> Any:
    # A configured URL with credentials (or a link a site resolved against it) is published.
    return without_userinfo(value) if isinstance(value, str) else value


def _record(row: ResultRow, run: RunInfo) -> dict[str, Any]:
    r, e = row.result, row.result.evidence
    return {
        "id": row.agency.id,
        "name": row.agency.name,
        "url": row.agency.url,
        "category": row.agency.category,
        "status": str(r.status),
        "last_updated": r.last_updated.isoformat() if r.last_updated else None,
        "days_since_update": r.days_since_update,
        "confidence": str(r.confidence) if r.confidence else None,
        "evidence_url": e.url if e else None,
        "evidence_source": str(e.source) if e else None,
        "evidence_date": e.date.isoformat() if e else None,
        "evidence_snippet": e.snippet if e else None,
        "evidence_modified": e.modified if e else None,
        "score": r.score,
        "flags": list(r.flags),
        "items_30d": r.items_30d,
        "items_90d": r.items_90d,
        **ppid_fields(r.ppid),
        "run_id": run.id,
        "as_of": run.as_of.isoformat(),
    }


def ppid_fields(ppid: PpidResult | None) -> dict[str, Any]:
    """The PPID verdict, flat: status, the section read, and its newest periodic document
    (with the earliest day it can have been published)."""
    newest = ppid.newest if ppid is not None else None
    return {
        "ppid": str(ppid.status) if ppid is not None else None,
        "ppid_url": ppid.section_url or None if ppid is not None else None,
        "ppid_newest_title": newest.title if newest else None,
        "ppid_newest_url": newest.url if newest else None,
        "ppid_newest_date": newest.earliest.isoformat() if newest and newest.earliest else None,
    }


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    # RFC 4180's CRLF: the writer quotes a field holding any character of the line
    # terminator, so a crawled "\r" (which "\n" alone would leave bare) cannot split a row.
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for rec in records:
        row = {**rec, "flags": ";".join(rec["flags"])}
        writer.writerow({k: spreadsheet_safe(_csv_value(v)) for k, v in row.items()})
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    """A yes/no as JSON spells it (`true`/`false`), not Python's `True`/`False`."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, with a leading `'` so it stays text.

    Only text: numbers (a negative count) stay numbers, and JSON keeps the raw value.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
