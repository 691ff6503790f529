"""Notices after a complete run: who is told, and sending them over SMTP (`freshness notify`).

Each agency whose status worsened since the previous complete run, or that has an incident
the previous run did not have, is told at its configured `contact`; the office gets the
run's digest at `notify.office`. `reports.notices` words the messages; this module decides
who gets one and sends them (standard library `smtplib`, STARTTLS unless the config says
otherwise, the password from the environment variable the config names).

Never twice: each notice is recorded in the store (run, kind, recipient, agency) the moment
it was sent, and a notice already recorded is not sent again. A notice that could not be
sent is not recorded, so the next `freshness notify` retries it. A dry run writes the
messages as .eml files and records nothing.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from crawler.config import Fleet, NotifySettings
from crawler.judge.history import transitions
from crawler.judge.incidents import kinds_flagged
from crawler.model import WIB, now_utc
from crawler.store import ResultRow, RunInfo, RunState, SentNotice, Store
from reports.notices import AgencyNews, NoticeKind, Text, agency_notice, digest
from reports.wording import Words

#: Seconds to wait for the mail server at each step: a hung server must not hang the run.
SMTP_TIMEOUT = 60.0
#: The header that marks a message (and a dry run's .eml file) as this tool's.
RUN_HEADER = "X-Freshness-Run"
_OURS = re.compile(rb"^X-Freshness-Run: \d+\r?$", re.MULTILINE)
_HEAD_BYTES = 8192  # a message's headers are in its first few kilobytes


class NotifyError(ValueError):
    """Notices cannot go out as asked (the message names what to fix); nothing was sent."""


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    recipient: str
    agency_id: str  # "" for the digest
    text: Text

    @property
    def key(self) -> tuple[str, str, str]:
        """As the store records it (`SentNotice.key`)."""
        return (str(self.kind), self.recipient, self.agency_id)

    @property
    def label(self) -> str:
        """ "agency disdik", "digest": for people and for the .eml file's name."""
        return f"{self.kind} {self.agency_id}".strip()


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run's notices are: those still to send, and those sent before."""

    run: RunInfo
    previous: RunInfo | None  # the complete run compared with
    due: tuple[Notice, ...]  # not yet sent, agencies first, the digest last
    already_sent: tuple[SentNotice, ...]
    #: Agencies that worsened or have a new incident but no `contact` in the config.
    without_contact: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    sent: tuple[Notice, ...]
    failed: tuple[tuple[Notice, str], ...]  # and why, in one line


def run_to_notify(store: Store, run_id: int | None) -> RunInfo:
    """Run `run_id`, or the latest complete run; NotifyError unless it is complete."""
    if run_id is None:
        latest = store.latest_run()
        if latest is None:
            raise NotifyError("the database holds no complete run yet: nothing to tell")
        return latest
    run = store.run(run_id)
    if run.state != RunState.COMPLETE:
        raise NotifyError(
            f"run {run.id} is {run.state}, not complete: notices follow complete runs only"
        )
    return run


def agency_news(
    rows: Sequence[ResultRow], previous: Sequence[ResultRow] | None
) -> list[AgencyNews]:
    """Each agency's verdict against the previous complete run's (None: there was none, so
    every incident is new and nobody has worsened)."""
    before = {row.agency.id: row.result for row in previous or ()}
    moves = transitions(
        {row.agency.id: row.result.status for row in rows},
        {a: r.status for a, r in before.items()} if previous is not None else None,
    )
    news = []
    for row in rows:
        now = kinds_flagged(row.result.flags)
        earlier = before.get(row.agency.id)
        then = kinds_flagged(earlier.flags) if earlier is not None else frozenset()
        news.append(
            AgencyNews(row.agency.id, row.agency.name, row.result, moves[row.agency.id], now,
                       now - then)
        )  # fmt: skip
    return news


def plan_notices(
    store: Store, fleet: Fleet, settings: NotifySettings, run: RunInfo, words: Words
) -> Plan:
    """The notices run `run` calls for, less those already sent for it."""
    earlier = store.complete_runs(up_to=run.id - 1, limit=1)
    previous = earlier[-1] if earlier else None
    news = agency_news(store.results(run.id), store.results(previous.id) if previous else None)
    contacts = {a.id: a.contact for a in fleet.agencies if a.contact}
    to_tell = [n for n in news if n.newsworthy]
    told = [n for n in to_tell if n.agency_id in contacts]
    notices = [
        Notice(NoticeKind.AGENCY, contacts[n.agency_id], n.agency_id, agency_notice(n, run, words))
        for n in told
    ]
    without_contact = tuple(n.agency_id for n in to_tell if n.agency_id not in contacts)
    if settings.office:
        text = digest(
            run, previous, news, told=[n.agency_id for n in told],
            without_contact=without_contact, words=words,
        )  # fmt: skip
        notices.append(Notice(NoticeKind.DIGEST, settings.office, "", text))
    sent = tuple(store.sent_notices(run.id))
    done = {s.key for s in sent}
    due = tuple(n for n in notices if n.key not in done)
    return Plan(run, previous, due, sent, without_contact)


def password_of(settings: NotifySettings, environ: Mapping[str, str]) -> str | None:
    """The SMTP password from the variable `password_env` names; None when no login is
    configured. NotifyError when the variable is not set (or empty)."""
    if not settings.smtp_user:
        return None
    password = environ.get(settings.password_env, "")
    if not password:
        raise NotifyError(
            f"the environment variable {settings.password_env} (notify.password_env) is not "
            f"set: export the SMTP password of {settings.smtp_user} in it"
        )
    return password


def email_of(
    notice: Notice, settings: NotifySettings, run: RunInfo, when: datetime
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = notice.recipient
    if settings.office and notice.kind is NoticeKind.AGENCY:
        message["Reply-To"] = settings.office  # an agency's questions go to the office
    message["Subject"] = notice.text.subject
    message["Date"] = format_datetime(when.astimezone(WIB))
    message["Message-ID"] = _message_id(notice, run, settings.sender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to it
    message[RUN_HEADER] = str(run.id)
    message["X-Freshness-Notice"] = notice.label
    message.set_content(notice.text.body)
    return message


def _message_id(notice: Notice, run: RunInfo, sender: str) -> str:
    """The same for the same notice of the same run: should a notice be sent again (killed
    between sending and recording it), mail programs show the two as one message."""
    recipient = hashlib.sha256(notice.recipient.lower().encode()).hexdigest()[:16]
    about = notice.agency_id or "office"
    return f"<freshness.run{run.id}.{notice.kind}.{about}.{recipient}@{sender.rpartition('@')[2]}>"


# -- dry run ------------------------------------------------------------------------------


def check_dry_run_folder(folder: Path) -> None:
    """NotifyError unless `folder` may take a dry run's .eml files: it is new (in an existing
    folder), empty, or holds only .eml files this command wrote. Nothing else is overwritten."""
    if folder.exists() and not folder.is_dir():
        raise NotifyError(f"--dry-run {folder} is a file; give a folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise NotifyError(
                f"--dry-run {folder}: the folder {folder.parent} does not exist; create it first"
            )
        return
    strangers = sorted(p.name for p in folder.iterdir() if not _written_here(p))
    if strangers:
        shown = ", ".join(strangers[:3]) + (", …" if len(strangers) > 3 else "")
        raise NotifyError(
            f"--dry-run {folder} holds files this command did not write ({shown}); give a new "
            "or empty folder"
        )


def _written_here(path: Path) -> bool:
    if path.suffix != ".eml" or path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as file:
        return _OURS.search(file.read(_HEAD_BYTES)) is not None


def write_dry_run(
    plan: Plan, settings: NotifySettings, folder: Path, clock: Callable[[], datetime] = now_utc
) -> list[Path]:
    """Write each due notice as `run<N>-<kind>[-<agency>].eml` into `folder` (checked with
    `check_dry_run_folder` first); nothing is sent or recorded."""
    check_dry_run_folder(folder)
    folder.mkdir(exist_ok=True)
    written = []
    for notice in plan.due:
        path = folder / f"run{plan.run.id}-{notice.label.replace(' ', '-')}.eml"
        path.write_bytes(email_of(notice, settings, plan.run, clock()).as_bytes())
        written.append(path)
    return written


# -- sending ------------------------------------------------------------------------------


def send(
    plan: Plan, settings: NotifySettings, password: str | None, store: Store, *,
    clock: Callable[[], datetime] = now_utc, timeout: float = SMTP_TIMEOUT,
) -> Delivery:  # fmt: skip
    """Send the due notices over one SMTP connection, recording each in the store as soon
    as the server took it. A notice the server refuses is reported and left unrecorded; a
    broken connection is opened again for the next notice; when no connection can be made
    at all, every notice left fails with that reason."""
    sent: list[Notice] = []
    failed: list[tuple[Notice, str]] = []
    connection: smtplib.SMTP | None = None
    try:
        for index, notice in enumerate(plan.due):
            if connection is None:
                try:
                    connection = _connect(settings, password, timeout)
                except (smtplib.SMTPException, OSError) as exc:
                    reason = f"{settings.smtp_host}:{settings.smtp_port}: {_why(exc)}"
                    failed += [(n, reason) for n in plan.due[index:]]
                    break
            when = clock()
            try:
                connection.send_message(email_of(notice, settings, plan.run, when))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError) as exc:  # fmt: skip
                # This message only: smtplib has reset the connection for the next one.
                failed.append((notice, _why(exc)))
            except (smtplib.SMTPException, OSError) as exc:
                failed.append((notice, _why(exc)))
                _close(connection)
                connection = None
            else:
                store.record_notice(
                    SentNotice(plan.run.id, str(notice.kind), notice.recipient, notice.agency_id,
                               notice.text.subject, when.isoformat())
                )  # fmt: skip
                sent.append(notice)
    finally:
        if connection is not None:
            _close(connection, polite=True)
    return Delivery(tuple(sent), tuple(failed))


def _connect(settings: NotifySettings, password: str | None, timeout: float) -> smtplib.SMTP:
    connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    try:
        connection.ehlo()
        if settings.starttls:
            if not connection.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError(
                    "the server does not offer STARTTLS (set notify.starttls: false only for a "
                    "relay on this machine or a trusted network)"
                )
            # Verified against the system's CAs (or SSL_CERT_FILE's): never a password in
            # clear, never to a server that is not the one named.
            connection.starttls(context=ssl.create_default_context())
            connection.ehlo()
        if settings.smtp_user:
            connection.login(settings.smtp_user, password or "")
    except BaseException:
        connection.close()
        raise
    return connection


def _close(connection: smtplib.SMTP, *, polite: bool = False) -> None:
    try:
        if polite:
            connection.quit()
    except (smtplib.SMTPException, OSError):
        pass  # every message's fate is known already; a rude server does not change it
    finally:
        connection.close()


def _why(exc: BaseException) -> str:
    """One line on what went wrong, in the server's words where it gave any."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refusals = [f"{code} {_text(text)}" for code, text in exc.recipients.values()]
        return f"recipient refused: {'; '.join(refusals)}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"login refused: {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the server's certificate is not trusted ({exc.verify_message})"
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())


def _text(server_words: bytes | str) -> str:
    if isinstance(server_words, bytes):
        server_words = server_words.decode("utf-8", "replace")
    return " ".join(server_words.split())
