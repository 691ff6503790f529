"""Rows of the store's tables to the model's dataclasses and back (no SQL here).

A `*_record` function makes the row written for one object, keyed by the columns of
`crawler.store.schema` (a test holds them to it); a `*_of` function reads a row back.
`SentNotice`, a notice e-mailed after a run, is defined here: nothing but the store has it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from crawler.config import Agency
from crawler.model import (
    Category,
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    LinkPlace,
    PageRole,
    PpidDocument,
    PpidPage,
    PpidResult,
    PpidStatus,
    SiteLink,
    SiteResult,
    Source,
    SpamPage,
    Status,
    Thresholds,
)
from crawler.store.records import RunInfo, RunState

#: The threshold columns of `runs`, named as Thresholds' fields.
THRESHOLD_COLUMNS = tuple(f.name for f in fields(Thresholds))
#: The keys under which callers, and runs before schema 6, put a run's metadata among its
#: stats; it is kept in columns of its own.
THRESHOLDS_STAT, SHARD_STAT = "thresholds", "shard"


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def day_of(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# -- runs ---------------------------------------------------------------------------------


def new_run_record(
    started_at: datetime, as_of: date, agency_count: int, config_path: str,
    thresholds: Thresholds | None, shard: str | None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "started_at": started_at.isoformat(),
        "as_of": as_of.isoformat(),
        "state": str(RunState.RUNNING),
        "config_path": config_path,
        "agency_count": agency_count,
        "stats": "{}",
        **run_metadata_record(thresholds, shard),
    }


def run_metadata_record(thresholds: Thresholds | None, shard: str | None) -> dict[str, Any]:
    """The metadata columns for what is known of a run (None: not said)."""
    record: dict[str, Any] = asdict(thresholds) if thresholds is not None else {}
    if shard is not None:
        record["shard"] = shard
    return record


def run_metadata_from_stats(stats: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The metadata columns that `stats` holds, and the rest of the stats as stored (JSON)."""
    counters = dict(stats)
    saved, shard = counters.pop(THRESHOLDS_STAT, None), counters.pop(SHARD_STAT, None)
    thresholds = None
    if isinstance(saved, dict):
        thresholds = Thresholds(**{k: v for k, v in saved.items() if k in THRESHOLD_COLUMNS})
    metadata = run_metadata_record(thresholds, None if shard is None else str(shard))
    return metadata, json.dumps(counters, default=str, sort_keys=True)


def finish_record(
    state: RunState, finished_at: datetime, reason: str | None, stats: dict[str, Any] | None
) -> dict[str, Any]:
    """The columns a finished run sets; `stats` are Scrapy's counters (the run's thresholds
    and shard label went to their own columns when it started)."""
    return {
        "state": str(state), "finished_at": finished_at.isoformat(), "finish_reason": reason,
        "stats": json.dumps(stats or {}, default=str, sort_keys=True),
    }  # fmt: skip


def run_info_of(r: dict[str, Any]) -> RunInfo:
    said = {k: r[k] for k in THRESHOLD_COLUMNS if r[k] is not None}
    return RunInfo(
        id=r["id"],
        started_at=r["started_at"],
        finished_at=r["finished_at"],
        as_of=date.fromisoformat(r["as_of"]),
        state=RunState(r["state"]),
        finish_reason=r["finish_reason"],
        agency_count=r["agency_count"] or 0,
        stats=json.loads(r["stats"] or "{}"),
        pruned_at=r["pruned_at"],
        thresholds=Thresholds(**said),
        shard=r["shard"],
    )


# -- agencies -----------------------------------------------------------------------------


def agency_record(run_id: int, a: Agency) -> dict[str, Any]:
    return {"run_id": run_id, "id": a.id, "name": a.name, "url": a.url, "category": a.category}


def agency_of(r: dict[str, Any]) -> Agency:
    return Agency(id=r["id"], name=r["name"], url=r["url"], category=r["category"])


# -- observations -------------------------------------------------------------------------


def fetch_record(run_id: int, agency_id: str, f: Fetch) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "agency_id": agency_id,
        "url": f.url,
        "role": str(f.role),
        "status": f.status,
        "error": str(f.error) if f.error else None,
        "detail": f.detail,
        "final_url": f.final_url,
        "content_type": f.content_type,
        "size": f.size,
        "seconds": round(f.seconds, 3),
        "tls": f.tls or None,
    }


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


def evidence_record(run_id: int, agency_id: str, e: Evidence) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "agency_id": agency_id,
        "source": str(e.source),
        "url": e.url,
        "date": e.date.isoformat(),
        "snippet": e.snippet,
        "found_on": e.found_on,
        "modified": int(e.modified),
    }


def evidence_of(r: dict[str, Any]) -> Evidence:
    return Evidence(
        source=Source(r["source"]),
        url=r["url"],
        date=date.fromisoformat(r["date"]),
        snippet=r["snippet"] or "",
        found_on=r["found_on"] or "",
        modified=bool(r["modified"]),
    )


def spam_record(run_id: int, agency_id: str, p: SpamPage) -> dict[str, Any]:
    return {
        "run_id": run_id, "agency_id": agency_id, "url": p.url, "score": p.score,
        "is_spam": int(p.is_spam), "kind": p.kind, "snippet": p.snippet,
        "own_score": p.own_score, "head_score": p.head_score,
        "own_blocks": " ".join(p.own_blocks), "template_blocks": " ".join(p.template_blocks),
        "clean_chars": p.clean_chars,
    }  # fmt: skip


def spam_of(r: dict[str, Any]) -> SpamPage:
    """A spam row; one written before migration 9 has no own score (NULL): all of it counts
    as the page's own, as it did then."""
    return SpamPage(
        r["url"], r["score"], bool(r["is_spam"]), r["kind"], r["snippet"],
        own_score=r.get("own_score"), head_score=r.get("head_score") or 0.0,
        own_blocks=tuple((r.get("own_blocks") or "").split()),
        template_blocks=tuple((r.get("template_blocks") or "").split()),
        clean_chars=r.get("clean_chars") or 0,
    )  # fmt: skip


def ppid_page_record(run_id: int, agency_id: str, p: PpidPage) -> dict[str, Any]:
    return {
        "run_id": run_id, "agency_id": agency_id, "url": p.url, "kind": p.kind,
        "onsite": int(p.onsite), "fetched": int(p.fetched), "dip_rows": p.dip_rows,
        "dip_updated": iso(p.dip_updated),
    }  # fmt: skip


def ppid_page_of(r: dict[str, Any]) -> PpidPage:
    return PpidPage(
        r["url"], r["kind"], bool(r["onsite"]), bool(r["fetched"]), r["dip_rows"],
        day_of(r["dip_updated"]),
    )  # fmt: skip


def _document_fields(d: PpidDocument) -> dict[str, Any]:
    """A PPID document as a row of `ppid_documents` and inside a verdict's `ppid` JSON."""
    return {
        "title": d.title, "url": d.url, "category": str(d.category), "year": d.year,
        "published": iso(d.published), "earliest": iso(d.earliest), "found_on": d.found_on,
    }  # fmt: skip


def ppid_document_record(run_id: int, agency_id: str, d: PpidDocument) -> dict[str, Any]:
    return {"run_id": run_id, "agency_id": agency_id, **_document_fields(d)}


def ppid_document_of(r: dict[str, Any]) -> PpidDocument:
    return PpidDocument(
        r["title"], r["url"], Category(r["category"]), r["year"], day_of(r["published"]),
        day_of(r["earliest"]), r["found_on"] or "",
    )  # fmt: skip


def site_link_record(run_id: int, agency_id: str, link: SiteLink) -> dict[str, Any]:
    return {
        "run_id": run_id, "agency_id": agency_id, "url": link.url, "text": link.text,
        "label": link.label, "place": str(link.place), "found_on": link.found_on,
    }  # fmt: skip


def site_link_of(r: dict[str, Any]) -> SiteLink:
    return SiteLink(
        r["url"], r["text"] or "", r["label"] or "", LinkPlace(r["place"]), r["found_on"] or ""
    )


# -- results ------------------------------------------------------------------------------


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
        "evidence_modified": int(e.modified) if e else None,
        "score": r.score,
        "flags": json.dumps(list(r.flags)),
        "items_30d": r.items_30d,
        "items_90d": r.items_90d,
        "reason": r.reason,
        "ppid": json.dumps(_ppid_record(r.ppid)) if r.ppid is not None else None,
    }


def result_of(r: dict[str, Any]) -> SiteResult:
    evidence = None
    if r["evidence_source"]:
        evidence = Evidence(
            source=Source(r["evidence_source"]),
            url=r["evidence_url"],
            date=date.fromisoformat(r["evidence_date"]),
            snippet=r["evidence_snippet"] or "",
            found_on=r["evidence_found_on"] or "",
            modified=bool(r["evidence_modified"]),
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


def _ppid_record(p: PpidResult) -> dict[str, Any]:
    return {
        "status": str(p.status), "section_url": p.section_url, "documents": p.documents,
        "dip": p.dip, "dip_updated": iso(p.dip_updated),
        "newest": None if p.newest is None else _document_fields(p.newest),
    }  # fmt: skip


def _ppid_from(record: str | None) -> PpidResult | None:
    if not record:
        return None
    p = json.loads(record)
    newest = None if p.get("newest") is None else ppid_document_of(p["newest"])
    return PpidResult(
        PpidStatus(p["status"]), p["section_url"], newest, p["documents"], p["dip"],
        day_of(p["dip_updated"]),
    )  # fmt: skip


# -- notices ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentNotice:
    """A notice e-mailed after run `run_id` (`freshness notify`). Its key (run, kind,
    recipient, agency) is recorded once it was sent, so that it never goes out twice."""

    run_id: int
    kind: str  # "agency" (a site worsened or has a new incident) or "digest" (the office's)
    recipient: str
    agency_id: str = ""  # the agency it is about; "" for the digest
    subject: str = ""
    sent_at: str = ""  # ISO 8601, UTC

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes it the same notice within its run."""
        return (self.kind, self.recipient, self.agency_id)


def notice_record(n: SentNotice) -> dict[str, Any]:
    return {
        "run_id": n.run_id, "kind": n.kind, "recipient": n.recipient, "agency_id": n.agency_id,
        "subject": n.subject, "sent_at": n.sent_at,
    }  # fmt: skip


def notice_of(r: dict[str, Any]) -> SentNotice:
    return SentNotice(
        r["run_id"], r["kind"], r["recipient"], r["agency_id"] or "", r["subject"] or "",
        r["sent_at"] or "",
    )  # fmt: skip
