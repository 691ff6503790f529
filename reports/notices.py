"""The notices e-mailed after a run (`freshness notify`): each one's subject and plain text.

Presentation only: `crawler.notify` decides who is told and sends; this module words what it
is handed, in the words of `reports/wording.py`. The text carries no link: automated mail
with links looks like phishing to filters and to people, so the report's pages are named by
their paths in the published report folder (`agencies/disdik.html`). Names come from the
store, which a merged shard may have filled with anything: they are made printable first.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from crawler.config import is_agency_id
from crawler.judge.history import SEVERITY, Change, Transition
from crawler.judge.incidents import KIND_FLAG, IncidentKind
from crawler.model import SiteResult, Status
from crawler.store import RunInfo
from reports.check import printable
from reports.wording import Words

WIDTH = 72  # plain-text mail: lines a phone and a terminal show whole
SIGNATURE = "-- "  # the signature separator mail programs recognise (and fold away)


class NoticeKind(StrEnum):
    AGENCY = "agency"  # to an agency whose site worsened or has a new incident
    DIGEST = "digest"  # to the office: the week in one message


@dataclass(frozen=True, slots=True)
class AgencyNews:
    """One agency's verdict in a run against its verdict in the previous complete run."""

    agency_id: str
    name: str
    result: SiteResult
    transition: Transition
    incidents: frozenset[IncidentKind]  # present in this run
    new_incidents: frozenset[IncidentKind]  # present now, not in the previous run

    @property
    def worsened(self) -> bool:
        return self.transition.change is Change.WORSE

    @property
    def newsworthy(self) -> bool:
        """What its own notice is sent for: a worse status or a new incident."""
        return self.worsened or bool(self.new_incidents)


@dataclass(frozen=True, slots=True)
class Text:
    """A message's words: one-line subject, plain-text body."""

    subject: str
    body: str


def agency_notice(news: AgencyNews, run: RunInfo, words: Words) -> Text:
    """The notice to an agency: what happened to its site and what to do, urgent first."""
    w = words
    name = _name(news)
    incidents = _by_urgency(news.incidents)
    if news.new_incidents:
        first_new = _by_urgency(news.new_incidents)[0]
        subject = w.t("notice_subject_incident", name=name, incident=_incident(first_new, w))
    else:
        subject = w.t("notice_subject_agency", name=name, status=w.status(news.result.status))
    lines = [w.t("notice_greeting_agency", name=name), ""]
    lines += _paragraph(w.t("notice_intro_agency", date=w.date(run.as_of)))
    lines += ["", *_paragraph(_status_line(news, w))]
    result = news.result
    if result.last_updated is not None:
        ago = w.ago(result.days_since_update)
        modified = result.evidence is not None and result.evidence.modified  # no publication
        key = "notice_last_change" if modified else "notice_last_update"
        lines += _paragraph(w.t(key, date=w.date(result.last_updated), ago=ago))
    if incidents:
        lines += ["", w["notice_incidents"]]
        lines += [
            line
            for kind in incidents
            for line in _bullet(_incident(kind, w) + _new_mark(kind, news, w))
        ]
    todo = [w[f"incident_advice_{kind}"] for kind in incidents]
    if news.worsened:
        todo.append(w.advice(result.status))
    if todo:
        lines += ["", w["notice_todo"]]
        lines += [line for item in todo for line in _bullet(item)]
    lines += ["", *_paragraph(w.t("notice_report_page", path=_page(news) or "index.html"))]
    lines += ["", SIGNATURE, *_paragraph(w["notice_footer_agency"])]
    return Text(_one_line(subject), _body(lines))


def digest(
    run: RunInfo, previous: RunInfo | None, news: Sequence[AgencyNews], *,
    told: Sequence[str], without_contact: Sequence[str], words: Words,
) -> Text:  # fmt: skip
    """The office's message for the run: counts per status, who worsened and who improved,
    the incidents (new ones marked), and which agencies were or could not be told (`told`,
    `without_contact`: agency ids)."""
    w = words
    ordered = sorted(news, key=_worst_first)
    worse = [n for n in ordered if n.worsened]
    better = [n for n in ordered if n.transition.change is Change.BETTER]
    with_incident = sorted((n for n in news if n.incidents), key=_incident_first)
    new_incidents = sum(1 for n in news if n.new_incidents)
    subject = w.t(
        "notice_subject_digest", date=w.date(run.as_of), worse=len(worse), incidents=new_incidents
    )
    lines = [w["notice_greeting_digest"], ""]
    lines += _paragraph(w.t("notice_intro_digest", date=w.date(run.as_of), run=run.id))
    compared = (
        w.t("previous_run", date=w.date(previous.as_of)) if previous else w["no_previous_run"]
    )
    lines += _paragraph(compared)
    counts = Counter(n.result.status for n in news)
    lines += ["", w.t("notice_counts", n=len(news))]
    lines += [f"  {w.status(status)}: {counts.get(status, 0)}" for status in Status]
    lines += _section(w.t("notice_worsened", n=len(worse)), [_move(n, w) for n in worse], w)
    lines += _section(w.t("notice_recovered", n=len(better)), [_move(n, w) for n in better], w)
    lines += _section(
        w.t("notice_incident_list", n=len(with_incident)),
        [_incidents_line(n, w) for n in with_incident],
        w,
    )
    names = {n.agency_id: _name(n) for n in news}
    for key, ids in (("notice_told", told), ("notice_without_contact", without_contact)):
        if ids:
            listed = ", ".join(names.get(i, i) for i in ids)
            lines += ["", *_paragraph(w.t(key, names=listed))]
    lines += ["", *_paragraph(w["notice_report"])]
    lines += ["", SIGNATURE, *_paragraph(w["notice_footer_digest"])]
    return Text(_one_line(subject), _body(lines))


def _status_line(news: AgencyNews, w: Words) -> str:
    status, previous = news.result.status, news.transition.previous
    if previous is None or previous == status:
        return w.t("notice_status", status=w.status(status))
    return w.t("notice_status_was", status=w.status(status), previous=w.status(previous))


def _move(news: AgencyNews, w: Words) -> str:
    """ "Dinas Pendidikan: Segar → Usang (agencies/disdik.html)"."""
    previous = news.transition.previous
    before = w.status(previous) if previous is not None else "–"
    after = w.status(news.result.status)
    return _with_page(w.t("feed_entry", name=_name(news), before=before, after=after), news)


def _incidents_line(news: AgencyNews, w: Words) -> str:
    kinds = "; ".join(
        _incident(kind, w) + _new_mark(kind, news, w) for kind in _by_urgency(news.incidents)
    )
    return _with_page(f"{_name(news)}: {kinds}", news)


def _section(heading: str, items: Sequence[str], w: Words) -> list[str]:
    lines = ["", heading]
    if not items:
        return [*lines, f"  {w['none']}"]
    return lines + [line for item in items for line in _bullet(item)]


def _incident(kind: IncidentKind, w: Words) -> str:
    return w.flag(KIND_FLAG[kind])


def _new_mark(kind: IncidentKind, news: AgencyNews, w: Words) -> str:
    return f" ({w['change_new']})" if kind in news.new_incidents else ""


def _by_urgency(kinds: frozenset[IncidentKind]) -> list[IncidentKind]:
    order = list(IncidentKind)
    return sorted(kinds, key=order.index)


def _incident_first(news: AgencyNews) -> tuple[bool, int, str]:
    """New incidents first, then the most urgent kind, then by name."""
    order = list(IncidentKind)
    most_urgent = min(order.index(kind) for kind in news.incidents)
    return (not news.new_incidents, most_urgent, news.name.lower())


def _worst_first(news: AgencyNews) -> tuple[int, int, str]:
    result = news.result
    return (-SEVERITY[result.status], -(result.days_since_update or 0), news.name.lower())


def _page(news: AgencyNews) -> str:
    """The agency's page in the published report; "" for an id no page can have."""
    return f"agencies/{news.agency_id}.html" if is_agency_id(news.agency_id) else ""


def _with_page(line: str, news: AgencyNews) -> str:
    page = _page(news)
    return f"{line} ({page})" if page else line


def _name(news: AgencyNews) -> str:
    return _one_line(news.name) or news.agency_id


def _one_line(text: str) -> str:
    return " ".join(printable(text).split())


def _paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False)


def _bullet(text: str) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent="- ", subsequent_indent="  ",
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def _body(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"
