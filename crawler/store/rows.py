"""Rows of the store's tables to the model's dataclasses and back (no SQL here)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from crawler.model import (
    Category,
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    PageRole,
    PpidDocument,
    PpidPage,
    PpidResult,
    PpidStatus,
    SiteResult,
    Source,
    Status,
)


def fetch_of(r: dict[str, Any]) -> Fetch:
    return Fetch(
        url=r["url"],
        role=PageRole(r["role"]),
        status=r["status"],
        error=FailureKind(r["error"]) if r["error"] else None,
        detail=r["detail"] or "",
        final_url=r["final_url"] or "",
        content_type=r["content_type"] or "",
        size=r["size"] or 0,
        seconds=r["seconds"] or 0.0,
        tls=r["tls"] or "",
    )


def evidence_of(r: dict[str, Any]) -> Evidence:
    return Evidence(
        source=Source(r["source"]),
        url=r["url"],
        date=date.fromisoformat(r["date"]),
        snippet=r["snippet"] or "",
        found_on=r["found_on"] or "",
        modified=bool(r["modified"]),
    )


def result_record(run_id: int, r: SiteResult) -> dict[str, Any]:
    e = r.evidence
    return {
        "run_id": run_id,
        "agency_id": r.agency_id,
        "status": str(r.status),
        "last_updated": r.last_updated.isoformat() if r.last_updated else None,
        "days_since_update": r.days_since_update,
        "confidence": str(r.confidence) if r.confidence else None,
        "evidence_source": str(e.source) if e else None,
        "evidence_url": e.url if e else None,
        "evidence_date": e.date.isoformat() if e else None,
        "evidence_snippet": e.snippet if e else None,
        "evidence_found_on": e.found_on if e else None,
        "score": r.score,
        "flags": json.dumps(list(r.flags)),
        "items_30d": r.items_30d,
        "items_90d": r.items_90d,
        "reason": r.reason,
        "ppid": json.dumps(_ppid_record(r.ppid)) if r.ppid is not None else None,
    }


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def day_of(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def ppid_page_of(r: dict[str, Any]) -> PpidPage:
    return PpidPage(
        r["url"], r["kind"], bool(r["onsite"]), bool(r["fetched"]), r["dip_rows"],
        day_of(r["dip_updated"]),
    )  # fmt: skip


def ppid_document_of(r: dict[str, Any]) -> PpidDocument:
    return PpidDocument(
        r["title"], r["url"], Category(r["category"]), r["year"], day_of(r["published"]),
        day_of(r["earliest"]), r["found_on"] or "",
    )  # fmt: skip


def _ppid_record(p: PpidResult) -> dict[str, Any]:
    newest = p.newest
    return {
        "status": str(p.status), "section_url": p.section_url, "documents": p.documents,
        "dip": p.dip, "dip_updated": iso(p.dip_updated),
        "newest": None if newest is None else {
            "title": newest.title, "url": newest.url, "category": str(newest.category),
            "year": newest.year, "published": iso(newest.published),
            "earliest": iso(newest.earliest), "found_on": newest.found_on,
        },
    }  # fmt: skip


def _ppid_from(record: str | None) -> PpidResult | None:
    if not record:
        return None
    p = json.loads(record)
    n = p.get("newest")
    newest = None if n is None else PpidDocument(
        n["title"], n["url"], Category(n["category"]), n["year"], day_of(n["published"]),
        day_of(n["earliest"]), n["found_on"] or "",
    )  # fmt: skip
    return PpidResult(
        PpidStatus(p["status"]), p["section_url"], newest, p["documents"], p["dip"],
        day_of(p["dip_updated"]),
    )  # fmt: skip


def result_of(r: dict[str, Any]) -> SiteResult:
    evidence = None
    if r["evidence_source"]:
        evidence = Evidence(
            source=Source(r["evidence_source"]),
            url=r["evidence_url"],
            date=date.fromisoformat(r["evidence_date"]),
            snippet=r["evidence_snippet"] or "",
            found_on=r["evidence_found_on"] or "",
        )
    return SiteResult(
        agency_id=r["agency_id"],
        status=Status(r["status"]),
        last_updated=date.fromisoformat(r["last_updated"]) if r["last_updated"] else None,
        days_since_update=r["days_since_update"],
        confidence=Confidence(r["confidence"]) if r["confidence"] else None,
        evidence=evidence,
        score=r["score"],
        flags=tuple(json.loads(r["flags"] or "[]")),
        items_30d=r["items_30d"],
        items_90d=r["items_90d"],
        reason=r["reason"] or "",
        ppid=_ppid_from(r["ppid"]),
    )
