"""Notices after a run reach a real SMTP server, once per run.

The server is aiosmtpd's, started on loopback by each test (a free port), with a login and,
for the STARTTLS test, a certificate from the fixture fleet's own authority: nothing here is
a mock of smtplib. The runs are written with the real store: between run 1 and run 2, disdik
worsens (fresh -> stale), dinkes is defaced (a new incident), bappeda worsens but has no
contact, and rupat stays stale with the same certificate problem (nothing new to say).
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization

from crawler.cli import main
from crawler.config import Agency, ConfigError, parse_fleet
from crawler.judge.incidents import IncidentKind
from crawler.model import Confidence, Evidence, SiteResult, Source, Status
from crawler.notify import agency_news
from crawler.store import RunState, Store
from tests.fleet.certs import Authority

REPO = Path(__file__).resolve().parent.parent
PASSWORD_ENV = "FRESHNESS_TEST_SMTP_PASSWORD"
USER, PASSWORD = "pemantau", "rahasia-uji"
OFFICE = "diskominfotik@bengkaliskab.go.id"
SENDER = "pemantau@bengkaliskab.go.id"
START = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)
AGENCIES = [
    Agency("disdik", "Dinas Pendidikan", "https://disdik.example.go.id/", "dinas",
           contact="web@disdik.example.go.id"),
    Agency("dinkes", "Dinas Kesehatan", "https://dinkes.example.go.id/", "dinas",
           contact="humas@dinkes.example.go.id"),
    Agency("bappeda", "Bappeda", "https://bappeda.example.go.id/", "badan"),
    Agency("rupat", "Kecamatan Rupat", "https://rupat.example.go.id/", "kecamatan",
           contact="admin@rupat.example.go.id"),
]  # fmt: skip
CONTACT = {a.id: a.contact for a in AGENCIES}
Verdicts = dict[str, tuple[Status, int, tuple[str, ...]]]
WEEK_1: Verdicts = {
    "disdik": (Status.FRESH, 10, ()),
    "dinkes": (Status.FRESH, 5, ()),
    "bappeda": (Status.AGING, 40, ()),
    "rupat": (Status.STALE, 120, ("tls-error",)),
}
WEEK_2: Verdicts = {
    "disdik": (Status.STALE, 95, ()),  # worse
    "dinkes": (Status.FRESH, 3, ("gambling-spam",)),  # a new incident
    "bappeda": (Status.STALE, 100, ()),  # worse, but nobody to tell
    "rupat": (Status.STALE, 127, ("tls-error",)),  # the same incident as last week
}


# -- the SMTP server --------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage
    over_tls: bool
    logged_in: bool

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")


@dataclass
class Inbox:
    """aiosmtpd's handler: keeps what it receives, refuses the recipients in `refuse`."""

    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(
            Received(envelope.mail_from, tuple(envelope.rcpt_tos), message,
                     session.ssl is not None, bool(session.authenticated))
        )  # fmt: skip
        return "250 OK: queued"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]


def _login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(), PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class MailServer:
    inbox: Inbox
    port: int


def _serving(inbox: Inbox, **smtp: Any) -> Iterator[MailServer]:
    port = _free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=_login,
        auth_require_tls=smtp.pop("auth_require_tls", False), **smtp,
    )  # fmt: skip
    controller.start()
    try:
        yield MailServer(inbox, port)
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """A plain SMTP server with a login, on loopback."""
    yield from _serving(Inbox())


@pytest.fixture
def password(monkeypatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


# -- runs and config --------------------------------------------------------------------


def _result(agency_id: str, status: Status, days: int, flags: tuple[str, ...], as_of: date):
    day = as_of - timedelta(days=days)
    evidence = Evidence(Source.FEED, f"https://{agency_id}.example.go.id/berita/{days}", day)
    return SiteResult(agency_id, status, day, days, Confidence.HIGH, evidence, 60, flags)


def _run(store: Store, week: int, verdicts: Verdicts) -> int:
    started = START + timedelta(weeks=week)
    run_id = store.start_run(started, started.date(), AGENCIES)
    results = [_result(a, s, d, f, started.date()) for a, (s, d, f) in verdicts.items()]
    store.complete_run(
        run_id, results, finished_at=started + timedelta(minutes=5), reason="finished"
    )
    return run_id


@pytest.fixture
def db(tmp_path) -> Path:
    """Two complete runs, then an interrupted third."""
    path = tmp_path / "freshness.db"
    with Store(path) as store:
        _run(store, 0, WEEK_1)
        _run(store, 1, WEEK_2)
        third = store.start_run(START + timedelta(weeks=2), date(2026, 11, 23), AGENCIES)
        store.finish_run(
            third, state=RunState.INTERRUPTED, finished_at=START + timedelta(weeks=2),
            reason="shutdown",
        )  # fmt: skip
    return path


def _config(path: Path, port: int, **notify: Any) -> Path:
    agencies = [
        {"id": a.id, "name": a.name, "url": a.url, "category": a.category}
        | ({"contact": a.contact} if a.contact else {})
        for a in AGENCIES
    ]
    settings = {
        "from": SENDER, "office": OFFICE, "smtp_host": "127.0.0.1", "smtp_port": port,
        "starttls": False, "smtp_user": USER, "password_env": PASSWORD_ENV, **notify,
    }  # fmt: skip
    path.write_text(yaml.safe_dump({"agencies": agencies, "notify": settings}), encoding="utf-8")
    return path


def _notify(config: Path, db: Path, *args: str):
    return CliRunner().invoke(main, ["notify", "--config", str(config), "--db", str(db), *args])


def _recorded(db: Path, run_id: int = 2) -> list[tuple[str, str, str]]:
    with Store(db) as store:
        return [(s.kind, s.recipient, s.agency_id) for s in store.sent_notices(run_id)]


# -- the tests --------------------------------------------------------------------------


def test_notices_reach_the_right_people_in_indonesian_once_per_run(smtp, password, db, tmp_path):
    config = _config(tmp_path / "agencies.yaml", smtp.port)
    first = _notify(config, db)
    assert first.exit_code == 0, first.output
    inbox = smtp.inbox
    assert sorted(r.recipients for r in inbox.received) == sorted(
        [(CONTACT["disdik"],), (CONTACT["dinkes"],), (OFFICE,)]
    )
    assert all(r.sender == SENDER and r.logged_in and not r.over_tls for r in inbox.received)

    (disdik,) = inbox.to(CONTACT["disdik"])
    assert disdik.message["Subject"] == (
        "[Pemantau Situs] Dinas Pendidikan: status memburuk menjadi Usang"
    )
    assert disdik.message["From"] == SENDER and disdik.message["Reply-To"] == OFFICE
    assert disdik.message["X-Freshness-Run"] == "2"
    assert disdik.message["Auto-Submitted"] == "auto-generated"
    body = disdik.body
    assert body.startswith("Yth. Pengelola Situs Web Dinas Pendidikan,")
    assert "Status situs: Usang (sebelumnya Segar)." in body
    assert "Yang perlu dilakukan:" in body and "Segera perbarui situs" in body
    assert "agencies/disdik.html" in body

    (dinkes,) = inbox.to(CONTACT["dinkes"])
    assert dinkes.message["Subject"] == (
        "[Pemantau Situs] Segera: Dinas Kesehatan, terindikasi disusupi spam judi online"
    )
    assert "Insiden:\n- terindikasi disusupi spam judi online (baru)" in dinkes.body
    assert "ganti semua kata sandi" in dinkes.body.replace("\n", " ")
    assert "Status situs: Segar." in dinkes.body  # its status did not change

    (office,) = inbox.to(OFFICE)
    assert office.message["Subject"] == (
        "[Pemantau Situs] Ringkasan pemeriksaan 16 November 2026: 2 memburuk, 1 insiden baru"
    )
    text = office.body
    assert "Dibandingkan dengan pemeriksaan 9 November 2026." in text
    assert "  Usang: 3\n" in text and "  Segar: 1\n" in text
    assert "- Bappeda: Mulai usang → Usang (agencies/bappeda.html)" in text
    assert "- Dinas Pendidikan: Segar → Usang (agencies/disdik.html)" in text
    assert "Membaik (0):\n  Tidak ada." in text
    assert "- Dinas Kesehatan: terindikasi disusupi spam judi online (baru)" in text
    assert "- Kecamatan Rupat: sertifikat TLS bermasalah" in text
    assert "(baru)" not in text.split("Kecamatan Rupat")[1].split("\n")[0]
    assert "tidak diberi tahu" in text and "Bappeda." in text
    for received in inbox.received:  # plain text, no link to click
        assert "http" not in received.body and received.message.get_content_type() == "text/plain"

    assert "not told, no contact in the config: bappeda" in first.output
    assert sorted(_recorded(db)) == sorted([
        ("agency", CONTACT["disdik"], "disdik"), ("agency", CONTACT["dinkes"], "dinkes"),
        ("digest", OFFICE, ""),
    ])  # fmt: skip

    again = _notify(config, db)
    assert again.exit_code == 0, again.output
    assert len(inbox.received) == 3  # nothing more
    assert "already sent for run 2: 3 notice(s)" in again.output
    assert "nothing more to send" in again.output


def test_an_agency_without_contact_is_skipped_and_named(smtp, password, db, tmp_path):
    config = _config(tmp_path / "agencies.yaml", smtp.port)
    result = _notify(config, db)
    assert result.exit_code == 0, result.output
    everyone = {a for r in smtp.inbox.received for a in r.recipients}
    assert not any("bappeda" in address for address in everyone)
    assert CONTACT["rupat"] not in everyone  # the same incident as last week: not news


def test_a_dry_run_writes_eml_files_and_sends_and_records_nothing(smtp, db, tmp_path):
    config = _config(tmp_path / "agencies.yaml", smtp.port)  # no password needed
    folder = tmp_path / "notices"
    result = _notify(config, db, "--dry-run", str(folder))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["run2-agency-dinkes.eml", "run2-agency-disdik.eml", "run2-digest.eml"]
    written = message_from_bytes((folder / "run2-agency-disdik.eml").read_bytes(),
                                 policy=policy.default)  # fmt: skip
    assert written["To"] == CONTACT["disdik"]
    assert "memburuk menjadi Usang" in written["Subject"]
    assert smtp.inbox.received == [] and _recorded(db) == []
    assert "nothing sent or recorded" in result.output

    again = _notify(config, db, "--dry-run", str(folder), "--lang", "en")  # its own files
    assert again.exit_code == 0, again.output
    english = message_from_bytes((folder / "run2-digest.eml").read_bytes(), policy=policy.default)
    assert english["Subject"].startswith("[Website monitor] Check of 16 November 2026")

    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = _notify(config, db, "--dry-run", str(folder))
    assert refused.exit_code == 2
    assert "did not write (notes.txt)" in refused.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert smtp.inbox.received == [] and _recorded(db) == []


def test_a_missing_password_variable_is_one_clear_error(smtp, db, tmp_path, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    config = _config(tmp_path / "agencies.yaml", smtp.port)
    result = _notify(config, db)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: the environment variable {PASSWORD_ENV} (notify.password_env) is not set: "
        f"export the SMTP password of {USER} in it"
    ]
    assert smtp.inbox.received == [] and _recorded(db) == []


def test_a_refused_recipient_is_reported_and_retried_later(smtp, password, db, tmp_path):
    config = _config(tmp_path / "agencies.yaml", smtp.port)
    smtp.inbox.refuse.add(CONTACT["dinkes"])
    result = _notify(config, db)
    assert result.exit_code == 1
    assert f"agency dinkes to {CONTACT['dinkes']} not sent: recipient refused: 550" in result.output
    assert ("agency", CONTACT["dinkes"], "dinkes") not in _recorded(db)
    assert len(_recorded(db)) == 2 and len(smtp.inbox.received) == 2

    smtp.inbox.refuse.clear()
    retry = _notify(config, db, "--run", "2")
    assert retry.exit_code == 0, retry.output
    assert [r.recipients for r in smtp.inbox.received[2:]] == [(CONTACT["dinkes"],)]
    assert len(_recorded(db)) == 3


def test_a_wrong_password_or_a_dead_server_sends_and_records_nothing(smtp, db, tmp_path,
                                                                     monkeypatch):  # fmt: skip
    monkeypatch.setenv(PASSWORD_ENV, "salah")
    config = _config(tmp_path / "agencies.yaml", smtp.port)
    wrong = _notify(config, db)
    assert wrong.exit_code == 1
    assert "login refused: 535" in wrong.output
    dead = _notify(_config(tmp_path / "dead.yaml", _free_port()), db)
    assert dead.exit_code == 1
    assert "not sent" in dead.output
    assert smtp.inbox.received == [] and _recorded(db) == []


def test_only_complete_runs_are_notified(smtp, password, db, tmp_path):
    config = _config(tmp_path / "agencies.yaml", smtp.port)
    result = _notify(config, db, "--run", "3")
    assert result.exit_code == 2
    assert "run 3 is interrupted, not complete" in result.output
    no_block = tmp_path / "plain.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    del data["notify"]
    no_block.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _notify(no_block, db)
    assert result.exit_code == 2 and "has no notify: block" in result.output
    assert smtp.inbox.received == []


def test_the_first_run_tells_of_every_incident_and_of_no_worsening():
    with Store(":memory:") as store:
        rows = store.results(_run(store, 0, WEEK_2))
    news = {n.agency_id: n for n in agency_news(rows, None)}
    assert not any(n.worsened for n in news.values())
    assert news["dinkes"].new_incidents == {IncidentKind.DEFACEMENT}
    assert news["rupat"].new_incidents == {IncidentKind.TLS}
    assert [a for a, n in news.items() if n.newsworthy] == ["dinkes", "rupat"]


# -- STARTTLS ---------------------------------------------------------------------------


@pytest.fixture
def authority(tmp_path) -> tuple[Authority, Path]:
    """The fixture fleet's certificate authority, and its certificate as a CA file."""
    folder = tmp_path / "certs"
    folder.mkdir()
    ca = Authority(folder)
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    return ca, ca_file


def test_starttls_with_a_certificate_the_client_trusts(authority, password, db, tmp_path,
                                                        monkeypatch):  # fmt: skip
    ca, ca_file = authority
    context = ca.server_context("valid", "127.0.0.1", "smtp")
    for server in _serving(Inbox(), tls_context=context, require_starttls=True,
                           auth_require_tls=True):  # fmt: skip
        config = _config(tmp_path / "agencies.yaml", server.port, starttls=True)
        # Untrusted (the system's CAs do not know the fleet's): refused before any login.
        untrusted = _notify(config, db)
        assert untrusted.exit_code == 1
        assert "certificate is not trusted" in untrusted.output
        assert server.inbox.received == [] and _recorded(db) == []
        # Trusted through OpenSSL's standard variable, as an office with its own CA would.
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        trusted = _notify(config, db)
        assert trusted.exit_code == 0, trusted.output
        assert len(server.inbox.received) == 3
        assert all(r.over_tls and r.logged_in for r in server.inbox.received)


def test_starttls_is_required_unless_the_config_says_otherwise(smtp, password, db, tmp_path):
    config = _config(tmp_path / "agencies.yaml", smtp.port, starttls=True)
    result = _notify(config, db)
    assert result.exit_code == 1
    assert "does not offer STARTTLS" in result.output
    assert smtp.inbox.received == [] and _recorded(db) == []


# -- the config -------------------------------------------------------------------------


def _fleet(notify: Any = None, **agency: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agencies": [{"id": "disdik", "name": "Dinas", "url": "https://disdik.go.id/", **agency}]
    }
    if notify is not None:
        data["notify"] = notify
    return data


GOOD = {"from": SENDER, "smtp_host": "mail.bengkaliskab.go.id"}


def test_notify_settings_and_their_defaults():
    fleet = parse_fleet(_fleet({**GOOD, "office": OFFICE}, contact="web@disdik.go.id"))
    assert fleet.agencies[0].contact == "web@disdik.go.id"
    settings = fleet.notify
    assert settings is not None
    assert (settings.sender, settings.office, settings.smtp_port, settings.starttls) == (
        SENDER, OFFICE, 587, True,
    )  # fmt: skip
    assert parse_fleet(_fleet()).notify is None
    assert parse_fleet(_fleet()).agencies[0].contact == ""
    assert fleet.only(["disdik"]).notify == settings


@pytest.mark.parametrize(
    ("notify", "agency", "message"),
    [
        ({**GOOD, "colour": "red"}, {}, "notify: unknown key(s) colour; allowed: from, office"),
        ({"smtp_host": "mail.go.id"}, {}, "notify: field 'from' is missing"),
        ({"from": SENDER}, {}, "notify: field 'smtp_host' is missing"),
        ({**GOOD, "from": "Pemantau <p@x.go.id>"}, {}, "notify: field 'from': not one e-mail"),
        ({**GOOD, "office": "a@x.go.id, b@x.go.id"}, {}, "notify: field 'office': not one"),
        ({**GOOD, "office": "a@x.go.id\nBcc: c@x.go.id"}, {}, "field 'office': control character"),
        ({**GOOD, "smtp_host": "mail.go.id:25"}, {}, "field 'smtp_host': not a host name"),
        ({**GOOD, "smtp_port": 0}, {}, "field 'smtp_port': must be positive"),
        ({**GOOD, "smtp_port": 70000}, {}, "field 'smtp_port': must be 1-65535"),
        ({**GOOD, "starttls": "yes"}, {}, "field 'starttls': must be true or false"),
        ({**GOOD, "smtp_user": "u"}, {}, "field 'password_env' is missing"),
        ({**GOOD, "password_env": "PW"}, {}, "field 'smtp_user' is missing"),
        (None, {"contact": "humas dinkes"}, "agencies[0] (id 'disdik'): field 'contact': not one"),
        (None, {"contact": "x@y.go.id\u202e"}, "field 'contact': control character U+202E"),
    ],
)
def test_bad_notify_settings_are_rejected_naming_the_field(notify, agency, message):
    with pytest.raises(ConfigError) as info:
        parse_fleet(_fleet(notify, **agency))
    assert message in str(info.value)


def test_a_password_written_in_place_of_its_variable_is_never_echoed():
    with pytest.raises(ConfigError) as info:
        parse_fleet(_fleet({**GOOD, "smtp_user": "u", "password_env": "Rahasia!2026"}))
    assert "field 'password_env': give the NAME of the environment variable" in str(info.value)
    assert "Rahasia" not in str(info.value)


def test_the_shipped_configs_commented_notify_block_is_valid_once_uncommented():
    text = (REPO / "config" / "agencies.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("# notify:")
    indented = itertools.takewhile(lambda line: line.startswith("#   "), lines[start + 1 :])
    block = [lines[start][2:], *(line[2:] for line in indented)]
    fleet = parse_fleet(yaml.safe_load(text + "\n".join(block) + "\n"))
    assert fleet.notify is not None and fleet.notify.password_env == "FRESHNESS_SMTP_PASSWORD"
    assert "contact: humas@disdik.bengkaliskab.go.id" in text


# -- freshness run --notify -------------------------------------------------------------


def test_run_notify_sends_after_the_report_and_a_failed_send_does_not_undo_the_run(
    smtp, tmp_path
):
    from tests.fleet.server import Fleet

    db, out = tmp_path / "freshness.db", tmp_path / "public"
    env = {**os.environ, PASSWORD_ENV: PASSWORD}
    with Fleet(sites=["wp-fresh", "wp-defaced"]) as own:
        config = own.write_config(tmp_path / "agencies.yaml")
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        for agency in data["agencies"]:
            agency["contact"] = f"web@{agency['id']}.example.go.id"
        data["notify"] = {
            "from": SENDER, "office": OFFICE, "smtp_host": "127.0.0.1", "smtp_port": smtp.port,
            "starttls": False, "smtp_user": USER, "password_env": PASSWORD_ENV,
        }  # fmt: skip
        config.write_text(yaml.safe_dump(data), encoding="utf-8")

        def run(*extra: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "crawler", "run", "--config", str(config), "--db",
                 str(db), "--out", str(out), "--log-level", "ERROR", "--notify", *extra],
                capture_output=True, text=True, cwd=REPO, timeout=300, env=env,
            )  # fmt: skip

        first = run()
        assert first.returncode == 0, first.stderr[-3000:]
        # The first run: nobody worsened, but the defaced site's incident is new.
        assert sorted(r.recipients for r in smtp.inbox.received) == [
            (OFFICE,), ("web@wp-defaced.example.go.id",),
        ]  # fmt: skip
        assert "sent digest to" in first.stdout

        data["notify"]["smtp_port"] = _free_port()  # nobody listens there
        config.write_text(yaml.safe_dump(data), encoding="utf-8")
        second = run("--quiet")
        assert second.returncode == 1
        assert "digest to diskominfotik@bengkaliskab.go.id not sent" in second.stderr
    with Store(db) as store:
        latest = store.latest_run()
        assert latest is not None and latest.id == 2  # the run stands, complete
        assert [s.kind for s in store.sent_notices(1)] == ["agency", "digest"]
        assert store.sent_notices(2) == []  # to be retried by `freshness notify`
    assert (out / "index.html").is_file()


def test_a_notice_of_a_site_dated_only_by_a_change_never_says_news_was_published():
    """A site whose newest date is a modification stamp (a lastmod, a page's "last updated"
    line) is told no publication date was found, in both languages."""
    from crawler.judge.history import Change, Transition
    from crawler.store.records import RunInfo
    from reports.notices import AgencyNews, agency_notice
    from reports.wording import Words

    day = date(2026, 8, 1)
    stamp = Evidence(Source.SITEMAP, "https://disdik.example.go.id/profil", day, "", modified=True)
    result = SiteResult("disdik", Status.STALE, day, 119, Confidence.LOW, stamp, 30)
    news = AgencyNews(
        "disdik", "Dinas Pendidikan", result,
        Transition("disdik", Status.STALE, Status.AGING, Change.WORSE), frozenset(), frozenset(),
    )  # fmt: skip
    run = RunInfo(3, "2026-11-28T03:00:00+00:00", None, date(2026, 11, 28), RunState.COMPLETE,
                  "finished", 1, {})  # fmt: skip
    indonesian = " ".join(agency_notice(news, run, Words("id")).body.split())
    english = " ".join(agency_notice(news, run, Words("en")).body.split())
    assert "Kami tidak menemukan tanggal terbit; perubahan terbaru" in indonesian
    assert "Berita terbaru yang kami temukan terbit" not in indonesian
    assert "We found no publication date; the newest change" in english
