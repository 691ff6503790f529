"""`freshness discover`: the agency and village sites a portal links, found politely.

A small regency served on loopback under host names (tests/fleet/resolver.py, FLEET_HOSTS),
all on one port: a portal with a "Link OPD" dropdown (one agency also under `www.`, one dead
link), a footer of service apps, a "Kecamatan" page whose district page lists villages, a
district site listing one more village, a page robots.txt closes, and a sitemap naming one
more agency. `discover` runs as a subprocess, as cron would: one Scrapy crawl per process.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import main
from crawler.config import Fleet, load_fleet
from crawler.discover import CSV_FIELDS, append_to_config, commented_block, to_csv, to_yaml
from crawler.judge.discovery import Candidate, Discovery
from crawler.model import LinkPlace
from crawler.read.directory import section_pages, sitemap_site_links
from spiders.discover import MAX_START_PAGES
from tests.fleet.resolver import CLI_WITH_FLEET_DNS

REPO = Path(__file__).resolve().parent.parent
DOMAIN = "bengkaliskab.go.id"



def _page(title: str, body: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


def _agency(name: str) -> str:
    return _page(f"Beranda - {name}", f"<header><h1>{name}</h1></header><p>Selamat datang.</p>")


def _portal_pages(port: int) -> dict[tuple[str, str], str]:
    def u(host: str, path: str = "/") -> str:
        return f"http://{host}:{port}{path}"

    portal = DOMAIN
    home = f"""
    <header><a href="{u(portal)}">Pemerintah Kabupaten Bengkalis</a></header>
    <nav><ul class="menu">
      <li><a href="/">Beranda</a></li>
      <li><a href="#">Link OPD</a>
        <ul>
          <li><a href="{u("disdik." + DOMAIN)}">Dinas Pendidikan</a></li>
          <li><a href="{u("www.disdik." + DOMAIN)}">Dinas Pendidikan (www)</a></li>
          <li><a href="{u("dinkes." + DOMAIN)}">Dinas Kesehatan</a></li>
          <li><a href="{u("bappeda." + DOMAIN)}">Badan Perencanaan Pembangunan Daerah</a></li>
          <li><a href="{u("mati." + DOMAIN)}">Dinas Perhubungan</a></li>
        </ul>
      </li>
      <li><a href="/kecamatan">Kecamatan</a></li>
      <li><a href="/rahasia/link-opd">Link OPD Lama</a></li>
      <li><a href="/berita/12/bupati-resmikan-kantor">Bupati Resmikan Kantor</a></li>
    </ul></nav>
    <main><p>Berita terbaru.</p></main>
    <footer><h4>Tautan</h4><ul>
      <li><a href="{u("webmail." + DOMAIN)}">Webmail</a></li>
      <li><a href="{u("lpse." + DOMAIN, "/eproc4")}">LPSE Kabupaten Bengkalis</a></li>
      <li><a href="https://www.facebook.com/bengkaliskab">Facebook</a></li>
    </ul></footer>
    """
    kecamatan = """
    <main><h2>Kecamatan</h2><ul>
      <li><a href="/kecamatan/bantan">Kecamatan Bantan</a></li>
    </ul></main>
    """
    bantan = f"""
    <main><h2>Kecamatan Bantan</h2>
    <p><a href="{u("bantan." + DOMAIN)}">Situs Kecamatan Bantan</a></p>
    <h3>Desa</h3><ul>
      <li><a href="{u("telukpambang.desa.id")}">Desa Teluk Pambang</a></li>
      <li><a href="{u("selatbaru.desa.id")}">Desa Selat Baru</a></li>
    </ul></main>
    """
    district = f"""
    <header><h1>Kecamatan Bantan</h1></header>
    <main><h3>Desa</h3><ul><li><a href="{u("jangkang.desa.id")}">Desa Jangkang</a></li></ul>
    </main>
    """
    sitemap = f"""<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>{u(portal)}</loc></url>
      <url><loc>{u(portal, "/kecamatan")}</loc></url>
      <url><loc>{u("disdukcapil." + DOMAIN, "/layanan")}</loc></url>
    </urlset>"""
    pages = {
        (portal, "/"): _page("Beranda | Pemerintah Kabupaten Bengkalis", home),
        (portal, "/kecamatan"): _page("Kecamatan", kecamatan),
        (portal, "/kecamatan/bantan"): _page("Kecamatan Bantan", bantan),
        (portal, "/rahasia/link-opd"): _page("Rahasia", "<p>closed by robots.txt</p>"),
        (portal, "/sitemap.xml"): sitemap,
        (portal, "/robots.txt"): f"User-agent: *\nDisallow: /rahasia/\nSitemap: {u(portal)}"
        "sitemap.xml\n",
        ("bantan." + DOMAIN, "/"): _page("Kecamatan Bantan", district),
        ("disdik." + DOMAIN, "/"): _agency("Dinas Pendidikan"),
        ("dinkes." + DOMAIN, "/"): _agency("Dinas Kesehatan"),
        ("bappeda." + DOMAIN, "/"): _agency("Badan Perencanaan Pembangunan Daerah"),
        ("disdukcapil." + DOMAIN, "/"): _agency("Dinas Kependudukan dan Pencatatan Sipil"),
        ("webmail." + DOMAIN, "/"): _page("Roundcube Webmail", "<form>login</form>"),
        ("lpse." + DOMAIN, "/"): _page("LPSE", "<p>SPSE</p>"),
        ("telukpambang.desa.id", "/"): _agency("Desa Teluk Pambang"),
        ("selatbaru.desa.id", "/"): _agency("Desa Selat Baru"),
        ("jangkang.desa.id", "/"): _agency("Desa Jangkang"),
    }
    return pages


@dataclass
class Regency:
    """The loopback regency: its pages, and every (host, path) asked, in order."""

    port: int = 0
    pages: dict[tuple[str, str], str] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    #: www.disdik redirects to disdik (its canonical name).
    redirects: dict[tuple[str, str], str] = field(default_factory=dict)

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def hosts(self) -> dict[str, str]:
        names = {host for host, _ in self.pages} | {host for host, _ in self.redirects}
        # mati.* resolves to a loopback address nothing listens on: a dead link.
        return {**{name: "127.0.0.1" for name in names}, "mati." + DOMAIN: "127.0.0.9"}

    def asked(self, host: str) -> list[str]:
        return [path for seen_host, path in self.seen if seen_host == host]


@contextlib.contextmanager
def _serving() -> Iterator[Regency]:
    regency = Regency()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            path = self.path.split("?", 1)[0]
            regency.seen.append((host, path))
            target = regency.redirects.get((host, path))
            body = regency.pages.get((host, path))
            if target is not None:
                self.send_response(301)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 200 if body is not None else 404
            data = (body if body is not None else "<h1>404</h1>").encode()
            kind = "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"
            if path.endswith(".xml"):
                kind = "application/xml"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    regency.port = server.server_address[1]
    regency.pages = _portal_pages(regency.port)
    regency.redirects = {("www.disdik." + DOMAIN, "/"): regency.url("disdik." + DOMAIN)}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield regency
    finally:
        server.shutdown()
        server.server_close()


CONFIG = """\
# The test regency's agencies. A comment the discovery must keep, byte for byte.
crawl:
  delay_seconds: 0
  timeout_seconds: 3
  allow_private_hosts: true   # loopback
  user_agent: "freshness-monitor-tests/0.1 (+https://example.invalid/contact)"

agencies:
  - id: bengkaliskab
    name: Pemerintah Kabupaten Bengkalis
    url: {portal}
    category: portal
  - id: dinkes          # configured already
    name: "Dinas Kesehatan"
    url: {dinkes}
    category: dinas
"""


@dataclass(frozen=True)
class Run:
    regency: Regency
    config: Path
    config_before: bytes
    yaml_out: str
    yaml_err: str
    csv_rows: list[dict[str, str]]


def _discover(regency: Regency, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLEET_HOSTS": json.dumps(regency.hosts())}
    return subprocess.run(
        [sys.executable, "-c", CLI_WITH_FLEET_DNS, "discover", *args,
         "--log-level", "WARNING"],
        capture_output=True, text=True, cwd=REPO, timeout=300, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Two discoveries of the loopback regency: YAML with --write, then CSV into a file."""
    tmp = tmp_path_factory.mktemp("discover")
    with _serving() as regency:
        config = tmp / "agencies.yaml"
        text = CONFIG.format(portal=regency.url(DOMAIN), dinkes=regency.url("dinkes." + DOMAIN))
        config.write_text(text, encoding="utf-8")
        before = config.read_bytes()
        first = _discover(regency, "--config", str(config), "--write")
        assert first.returncode == 0, first.stderr[-3000:]
        requests_of_first = list(regency.seen)
        plain = tmp / "plain.yaml"
        plain.write_bytes(before)
        second = _discover(regency, "--config", str(plain), "--format", "csv", "-o",
                           str(tmp / "sites.csv"))  # fmt: skip
        assert second.returncode == 0, second.stderr[-3000:]
        assert plain.read_bytes() == before  # without --write the config is not touched
        regency.seen[:] = requests_of_first
        rows = list(csv.DictReader(io.StringIO((tmp / "sites.csv").read_text(encoding="utf-8"))))
        yield Run(regency, config, before, first.stdout, first.stderr, rows)


def _suggested(run: Run) -> list[dict[str, str]]:
    entries = yaml.safe_load(run.yaml_out) or []
    assert isinstance(entries, list), run.yaml_out
    return entries


# -- what is found --------------------------------------------------------------------------


def test_every_agency_and_village_site_the_portal_links_is_suggested(run: Run) -> None:
    hosts = {entry["url"].split("//", 1)[1].split(":", 1)[0] for entry in _suggested(run)}
    assert hosts == {
        "disdik." + DOMAIN,
        "bappeda." + DOMAIN,
        "disdukcapil." + DOMAIN,  # named in the portal's sitemap
        "bantan." + DOMAIN,  # the district's site, linked from the portal's district page
        "telukpambang.desa.id",  # villages listed on the portal's district page (depth 2)
        "selatbaru.desa.id",
        "jangkang.desa.id",  # a village listed by the district's own site
    }, run.yaml_out


def test_suggestions_carry_names_categories_and_where_they_were_found(run: Run) -> None:
    by_id = {entry["id"]: entry for entry in _suggested(run)}
    categories = {entry["name"]: entry["category"] for entry in by_id.values()}
    assert categories["Dinas Pendidikan"] == "dinas"
    assert categories["Badan Perencanaan Pembangunan Daerah"] == "badan"
    assert categories["Desa Teluk Pambang"] == "desa"
    assert all(list(entry) == ["id", "name", "url", "category"] for entry in by_id.values())
    assert len(by_id) == len(_suggested(run))  # the ids are unique (and valid: see --write)
    portal = run.regency.url(DOMAIN)
    comments = [line for line in run.yaml_out.splitlines() if "# suggested:" in line]
    assert len(comments) == len(by_id)
    assert f'# suggested: found on {portal} under "Link OPD"; answered: yes' in run.yaml_out


def test_services_are_kept_apart_with_their_reason_and_the_dead_link_is_not_suggested(
    run: Run,
) -> None:
    kept_apart = run.yaml_out.split("# Not agency sites", 1)[1]
    services, dead = kept_apart.split("# Dead links", 1)
    assert "webmail." + DOMAIN in services and "lpse." + DOMAIN in services
    assert "mati." + DOMAIN in dead and "mati." not in run.yaml_out.split("# Not agency")[0]
    assert "facebook" not in run.yaml_out  # another site altogether: never a candidate
    assert "# Already configured: 1: dinkes" in run.yaml_out


def test_the_www_duplicate_is_one_site(run: Run) -> None:
    urls = [entry["url"] for entry in _suggested(run)]
    assert [u for u in urls if "disdik." in u] == [run.regency.url("disdik." + DOMAIN)]


# -- politeness -----------------------------------------------------------------------------


def test_each_host_is_asked_for_its_robots_txt_first_and_within_the_budget(run: Run) -> None:
    regency = run.regency
    hosts = {host for host, _ in regency.seen}
    assert "www.facebook.com" not in hosts
    for host in hosts:
        asked = regency.asked(host)
        assert asked[0] == "/robots.txt", (host, asked)
        if host != DOMAIN:
            # A candidate costs its robots.txt and its homepage, once each.
            assert sorted(asked) == ["/", "/robots.txt"], (host, asked)
    portal = regency.asked(DOMAIN)
    assert len(portal) <= MAX_START_PAGES
    assert len(portal) == len(set(portal))  # nothing asked twice
    assert "/rahasia/link-opd" not in portal  # robots.txt closes it
    assert "/kecamatan/bantan" in portal and "/sitemap.xml" in portal
    assert not any(path.startswith("/berita/") for path in portal)  # news is no directory


# -- output and --write --------------------------------------------------------------------


def test_write_appends_commented_lines_and_keeps_every_byte_of_the_config(run: Run) -> None:
    after = run.config.read_bytes()
    assert after.startswith(run.config_before)
    added = after[len(run.config_before) :].decode("utf-8")
    lines = [line for line in added.splitlines() if line.strip()]
    assert lines and all(line.startswith("#") for line in lines), added
    assert "freshness discover, " in lines[0]
    assert "appended 7 suggestion(s)" in run.yaml_err
    # The config means what it meant; uncommented, the suggestions are valid entries.
    assert load_fleet(run.config).agencies == load_fleet_from(run.config_before).agencies
    uncommented = run.config_before.decode() + "".join(
        line[2:] + "\n" for line in added.splitlines() if line.startswith("#   ")
    )
    fleet = load_fleet_from(uncommented.encode())
    assert len(fleet.agencies) == 2 + 7


def load_fleet_from(data: bytes) -> Fleet:
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False) as tmp:
        tmp.write(data)
    try:
        return load_fleet(tmp.name)
    finally:
        os.unlink(tmp.name)


def test_csv_has_one_row_per_site_found_with_the_documented_columns(run: Run) -> None:
    assert run.csv_rows and list(run.csv_rows[0]) == list(CSV_FIELDS)
    by_host = {row["url"].split("//", 1)[1].split(":", 1)[0]: row for row in run.csv_rows}
    assert by_host["dinkes." + DOMAIN]["configured_id"] == "dinkes"
    assert by_host["webmail." + DOMAIN]["service"]
    assert by_host["mati." + DOMAIN]["answered"] == "no"
    assert by_host["disdik." + DOMAIN]["answered"] == "yes"
    assert by_host["disdik." + DOMAIN]["suggested_id"]
    assert run.regency.url(DOMAIN) in by_host["disdik." + DOMAIN]["found_on"]


# -- pure parts, in process ---------------------------------------------------------------


def test_section_pages_are_menu_pages_that_list_agencies() -> None:
    html = """<nav>
      <a href="/profil">Profil</a> <a href="/perangkat-daerah">Perangkat Daerah</a>
      <a href="/kecamatan">Kecamatan</a> <a href="/berita/12/x">Dinas Pendidikan raih juara</a>
      <a href="/login">Login OPD</a> <a href="/files/desa.pdf">Daftar Desa</a>
      <a href="https://other.go.id/kecamatan">Kecamatan lain</a></nav>"""
    found = section_pages(html, "https://bengkaliskab.go.id/")
    assert found == ["https://bengkaliskab.go.id/perangkat-daerah",
                     "https://bengkaliskab.go.id/kecamatan"]  # fmt: skip


def test_a_sitemap_names_other_hosts_once_each() -> None:
    body = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://bengkaliskab.go.id/berita/1</loc></url>
      <url><loc>https://disdik.bengkaliskab.go.id/a</loc></url>
      <url><loc>https://disdik.bengkaliskab.go.id/b</loc></url></urlset>"""
    links = sitemap_site_links(body, "https://bengkaliskab.go.id/sitemap.xml")
    assert [(link.url, link.place) for link in links] == [
        ("https://disdik.bengkaliskab.go.id/a", LinkPlace.SITEMAP)
    ]
    assert sitemap_site_links(b"<html>no</html>", "https://bengkaliskab.go.id/s.xml") == []


def _candidate(host: str, **changes: object) -> Candidate:
    values: dict[str, object] = {
        "url": f"https://{host}/", "host": host, "name": "Dinas Pendidikan",
        "suggested_id": host.split(".")[0], "category": "dinas", "answered": True,
        "configured_id": None, "service": None, "found_on": ("https://portal.go.id/",),
        "labels": ("Link OPD",),
    }  # fmt: skip
    values.update(changes)
    return Candidate(**values)  # type: ignore[arg-type]  # a test's loose construction


HOSTILE = Discovery(
    new=(
        _candidate(
            "disdik.go.id",
            name="=HYPERLINK(\"x\")\nagencies: []\u2028# x: 'y'",
            labels=("Link\nOPD \"x\"",),
            found_on=("https://portal.go.id/\r\nagencies: []",),
        ),
    ),
    configured=(),
    services=(_candidate("mail.go.id", service="webmail\nx: 1"),),
    unanswered=(),
)


def test_crawled_text_cannot_break_the_yaml_or_the_csv() -> None:
    from crawler.discover import Found

    found = Found(HOSTILE, ("https://portal.go.id/",), 2, {})
    text = to_yaml(found, today=date(2026, 12, 6))
    entries = yaml.safe_load(text)
    assert len(entries) == 1 and entries[0]["name"].startswith("=HYPERLINK")
    assert all(line.startswith(("#", "  ")) for line in text.splitlines()), text
    rows = list(csv.reader(io.StringIO(to_csv(HOSTILE))))
    assert rows[1][1].startswith("'=")  # a spreadsheet does not run it
    block = commented_block(HOSTILE, today=date(2026, 12, 6))
    assert all(line.startswith("#") for line in block.splitlines())


def test_append_keeps_crlf_files_and_their_bytes(tmp_path: Path) -> None:
    config = tmp_path / "agencies.yaml"
    original = b"agencies:\r\n  - id: a\r\n    name: A\r\n    url: https://a.go.id/"  # no EOL
    config.write_bytes(original)
    os.chmod(config, 0o640)
    assert append_to_config(config, HOSTILE, today=date(2026, 12, 6)) == 1
    after = config.read_bytes()
    assert after.startswith(original) and b"\r\n# --- freshness discover" in after
    assert b"\n" not in after.replace(b"\r\n", b"")  # every added line ends CRLF too
    assert oct(config.stat().st_mode & 0o777) == oct(0o640)
    empty = Discovery((), (), (), ())
    assert append_to_config(config, empty, today=date(2026, 12, 6)) == 0
    assert config.read_bytes() == after


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "ftp://example.go.id/"], "--from"),
        (["--from", "http://127.0.0.1/"], "private"),
        (["--depth", "0"], "--depth"),
        (["--depth", "6"], "--depth"),
    ],
)
def test_bad_options_are_one_line_and_exit_2_before_crawling(
    tmp_path: Path, args: list[str], says: str
) -> None:
    config = tmp_path / "agencies.yaml"
    config.write_text(
        "agencies:\n  - {id: p, name: P, url: 'https://portal.go.id/', category: portal}\n"
    )
    result = CliRunner().invoke(main, ["discover", "--config", str(config), *args])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and says in result.output


def test_a_config_without_a_portal_needs_from(tmp_path: Path) -> None:
    config = tmp_path / "agencies.yaml"
    config.write_text("agencies:\n  - {id: d, name: D, url: 'https://d.go.id/', category: dinas}\n")
    result = CliRunner().invoke(main, ["discover", "--config", str(config)])
    assert result.exit_code == 2
    assert "no agency with category portal" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_portal_that_never_answers_is_said_and_is_no_empty_success(tmp_path: Path) -> None:
    """No network, or a dead portal: "0 new sites" would be a lie. Each silent start is named
    and the exit is 1 (the discovery did not finish what it was asked)."""
    with socket.socket() as closed:  # a port nobody listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    config = tmp_path / "agencies.yaml"
    config.write_text(
        "agencies:\n"
        f"  - {{id: p, name: Pemkab, url: 'http://127.0.0.1:{port}/', category: portal}}\n"
        "crawl: {allow_private_hosts: true, delay_seconds: 0.1, timeout_seconds: 5}\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "discover", "--config", str(config),
         "--log-level", "ERROR"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"http://127.0.0.1:{port}/" in done.stderr and "never answered" in done.stderr


# -- the fixture portal of the test fleet (tests/fleet/directory.py, discovery.yaml) --------


@dataclass(frozen=True)
class FleetRun:
    served: Any
    rows: list[dict[str, str]]  # the CSV: one row per candidate
    requests: dict[str, list[str]]  # fleet site -> the paths discovery asked it for


@pytest.fixture(scope="module")
def fleet_run(directory_portal: Any) -> FleetRun:
    served = directory_portal
    fleet = served.fleet
    before = {site: len(fleet.requests(site)) for site in fleet.sites}
    done = subprocess.run(
        [sys.executable, "-c", CLI_WITH_FLEET_DNS, "discover", "--config",
         str(served.config), "--format", "csv", "--log-level", "WARNING"],
        capture_output=True, text=True, cwd=REPO, timeout=300, env=served.env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    requests = {site: fleet.requests(site)[before[site] :] for site in fleet.sites}
    return FleetRun(served, list(csv.DictReader(io.StringIO(done.stdout))), requests)


def _host(url: str) -> str:
    return url.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0]


def _row_of(run: FleetRun, expected: Any) -> dict[str, str] | None:
    """The CSV row of an expected site (under any of its names, or where it redirects)."""
    truth = run.served.truth
    for row in run.rows:
        if truth.by_host(_host(row["url"])) is expected:
            return row
    return None


def test_on_the_fixture_portal_every_agency_and_village_site_is_found(fleet_run: FleetRun) -> None:
    truth = fleet_run.served.truth
    missed = [s.site for s in truth.of_kind("agency") if _row_of(fleet_run, s) is None]
    assert not missed, fleet_run.rows
    for expected in truth.of_kind("agency"):
        row = _row_of(fleet_run, expected)
        assert row is not None
        assert row["service"] == "" and row["answered"] == "yes", row
        assert (row["configured_id"] or None) == expected.configured, (expected.site, row)
    # One row per site: www.X and X are one.
    sites = [truth.by_host(_host(row["url"])) for row in fleet_run.rows]
    assert len(sites) == len({id(s) for s in sites})


def test_on_the_fixture_portal_names_and_categories_are_right_for_nine_in_ten(
    fleet_run: FleetRun,
) -> None:
    truth = fleet_run.served.truth
    new = [s for s in truth.of_kind("agency") if s.configured is None]
    right = 0
    for expected in new:
        row = _row_of(fleet_run, expected)
        assert row is not None
        right += row["name"] == expected.name and row["category"] == expected.category
    assert right >= 0.9 * len(new), [(_row_of(fleet_run, s), s.name, s.category) for s in new]


def test_on_the_fixture_portal_services_and_dead_links_are_never_suggested(
    fleet_run: FleetRun,
) -> None:
    truth = fleet_run.served.truth
    for expected in truth.of_kind("service"):
        row = _row_of(fleet_run, expected)
        if row is None:  # a service on another domain need not be a candidate at all
            assert expected.hosts[0].endswith(".go.id") and expected.reason, expected
            continue
        assert expected.reason and expected.reason.lower() in row["service"].lower(), row
        assert not row["suggested_id"] or row["service"]
    for expected in truth.of_kind("dead"):
        row = _row_of(fleet_run, expected)
        assert row is not None and row["answered"] == "no" and row["service"] == "", row
    for expected in truth.of_kind("ignore"):
        assert _row_of(fleet_run, expected) is None
        assert fleet_run.requests[expected.site] == [], expected.site  # never fetched


def test_on_the_fixture_portal_discovery_is_polite(fleet_run: FleetRun) -> None:
    truth = fleet_run.served.truth
    for site, paths in fleet_run.requests.items():
        if not paths:
            continue
        assert paths[0] == "/robots.txt", (site, paths)  # robots.txt asked first
        assert len(paths) == len(set(paths)) or site != truth.portal, (site, paths)
        if site == truth.portal:
            assert len(paths) <= MAX_START_PAGES, paths
        else:
            names = next((len(s.hosts) for s in truth.sites if s.site == site), 1) or 1
            # Per name: its robots.txt and its homepage, and a redirect's next hop or two.
            assert len(paths) <= 4 * names, (site, paths)
