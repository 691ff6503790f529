"""The published report in a real browser: Debian's Chromium, headless, driven by Playwright.

What the static checks of tests/test_report.py cannot see: that the script runs under the
pages' Content-Security-Policy (a violation is a console error, and any console error or
uncaught exception fails), that filtering and sorting work, that the form stays hidden
without JavaScript, and that a phone never scrolls sideways. The report is opened from disk
(file://) and over HTTP, at a desktop and a phone size. Screenshots go to each test's
tmp_path, and to $FRESHNESS_SCREENSHOTS when it is set; pixels are never compared.

No browser is downloaded: Playwright launches /usr/bin/chromium (`apt-get install chromium`;
.ci/run installs it), and these tests are skipped on a machine without it.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from crawler.model import Status
from reports.wording import STATUS
from tests.fleet.server import load_truth

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
TRUTH = load_truth()
UNREACHABLE = {site for site, t in TRUTH.items() if t["status"] == "unreachable"}
EXPECTED_BADGES = {site: STATUS["id"][Status(t["status"])] for site, t in TRUTH.items()}
AGENCY = "cms-bengkalis"  # stale, with dated evidence: the agency page looked at closely
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,  # honours <meta name="viewport">, as a phone does
        "has_touch": True,
    },
}
ROWS = "#agencies tbody tr"
WAIT_MS = 10_000  # for actions and navigation (expect() waits up to 5 s); all take far less

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"
)


# -- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_dir(published_report) -> Path:
    """The report `freshness run` published from the fixture fleet (shared, read-only)."""
    return published_report


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(report_dir) -> Iterator[str]:
    """The report served by a plain web server on loopback."""
    handler = functools.partial(_QuietHandler, directory=str(report_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(params=["file", "http"])
def base(request, report_dir) -> str:
    """The report's root URL: opened from disk, or served over HTTP."""
    if request.param == "file":
        return report_dir.as_uri() + "/"
    return request.getfixturevalue("served")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def watched(browser: Browser, size: str, **options: Any) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page at `size` with every console error and page error collected."""
    context = browser.new_context(**SIZES[size], **options)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    try:
        yield page, problems
    finally:
        context.close()


@contextmanager
def clean(browser: Browser, url: str, size: str, **options: Any) -> Iterator[Page]:
    """`url` opened at `size`; fails the test if the page logged any error meanwhile."""
    with watched(browser, size, **options) as (page, problems):
        response = page.goto(url)
        assert response is None or response.ok, f"{url}: HTTP {response.status}"
        yield page
        assert not problems, f"{url}:\n" + "\n".join(problems)


# -- helpers --------------------------------------------------------------------------


def _screenshot(page: Page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if folder := os.environ.get("FRESHNESS_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(folder) / path.name)


def _no_sideways_scroll(page: Page, size: str) -> None:
    width = SIZES[size]["viewport"]["width"]
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    # A phone zooms out to fit a page that is too wide: the layout viewport grows.
    assert inner_width == width, f"{page.url}: laid out {inner_width}px wide on a {width}px phone"
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width}px wide on a {width}px screen"


def _visible_badges(page: Page) -> dict[str, str]:
    """Agency id -> status badge text, of the table rows a person can see."""
    pairs = page.locator(f"{ROWS}:visible").evaluate_all(
        """rows => rows.map(row => [
            row.querySelector("td a").getAttribute("href"),
            row.querySelector(".badge").textContent,
        ])"""
    )
    return {href.removeprefix("agencies/").removesuffix(".html"): text for href, text in pairs}


def _row_names(page: Page) -> list[str]:
    return page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.name)")


# -- the index ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_index_shows_every_agency_and_filters_by_status(browser, base, size, tmp_path):
    with clean(browser, base + "index.html", size) as page:
        form = page.locator("#filters")
        expect(form).to_be_visible()  # the script ran: CSP let it in
        shown = form.locator("output[name=shown]")
        expect(shown).to_have_text(f"{len(TRUTH)} / {len(TRUTH)}")
        expect(page.locator(f"{ROWS}:visible")).to_have_count(len(TRUTH))
        assert _visible_badges(page) == EXPECTED_BADGES
        if size == "phone":
            _no_sideways_scroll(page, size)
        if base.startswith("file:"):  # one of each is enough
            _screenshot(page, tmp_path, f"index-{size}")

        form.locator("select[name=status]").select_option("unreachable")
        expect(shown).to_have_text(f"{len(UNREACHABLE)} / {len(TRUTH)}")
        assert set(_visible_badges(page)) == UNREACHABLE
        form.locator("select[name=status]").select_option("")
        expect(shown).to_have_text(f"{len(TRUTH)} / {len(TRUTH)}")
        expect(page.locator(f"{ROWS}:visible")).to_have_count(len(TRUTH))
        assert _visible_badges(page) == EXPECTED_BADGES
        if size == "phone":
            _no_sideways_scroll(page, size)


def test_sortable_headers_reorder_the_rows(browser, served):
    with clean(browser, served + "index.html", "desktop") as page:
        worst_first = _row_names(page)
        status = page.locator("th[data-key=rank]")
        name = page.locator("th[data-key=name]")
        expect(status).to_have_attribute("aria-sort", "descending")

        name.get_by_role("button").click()
        expect(name).to_have_attribute("aria-sort", "descending")
        expect(status).not_to_have_attribute("aria-sort", "descending")
        assert _row_names(page) == sorted(worst_first, reverse=True) != worst_first

        name.get_by_role("button").click()
        expect(name).to_have_attribute("aria-sort", "ascending")
        assert _row_names(page) == sorted(worst_first)

        status.get_by_role("button").click()
        expect(status).to_have_attribute("aria-sort", "descending")
        assert _row_names(page) == worst_first


def test_without_javascript_the_table_is_complete_and_the_form_hidden(browser, report_dir):
    url = (report_dir / "index.html").as_uri()
    with clean(browser, url, "phone", java_script_enabled=False) as page:
        expect(page.locator(ROWS).first).to_be_visible()
        expect(page.locator("#filters")).to_be_hidden()  # controls that would do nothing
        assert _visible_badges(page) == EXPECTED_BADGES


# -- agency pages ---------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_agency_page_shows_its_evidence(browser, base, size, tmp_path):
    truth = TRUTH[AGENCY]
    with clean(browser, f"{base}agencies/{AGENCY}.html", size) as page:
        verdict = page.locator(".verdict")
        expect(verdict.locator(".badge")).to_have_text(STATUS["id"][Status(truth["status"])])
        # The sentence links the page the verdict rests on; the evidence table has it in bold.
        evidence_url = verdict.locator(".sentence a").get_attribute("href")
        assert evidence_url and evidence_url.startswith("http://127.")
        chosen = page.locator("table.evidence tr.chosen a").first
        expect(chosen).to_be_visible()
        expect(chosen).to_have_attribute("href", evidence_url)
        assert page.locator("table.evidence tbody a[href^='http://127.']").count() >= 1
        if size == "phone":
            _no_sideways_scroll(page, size)
        if base.startswith("file:") and size == "desktop":
            _screenshot(page, tmp_path, f"agency-{AGENCY}")

        page.locator(".back a").click()  # relative links hold, from disk and served
        expect(page).to_have_url(base + "index.html")


# -- incidents ------------------------------------------------------------------------

#: The fixture sites whose incidents must lead the report (tests/fleet/truth.yaml).
INCIDENT_SITES = {"wp-defaced", "parked", "tls-expired", "tls-selfsigned", "redirect-offsite"}


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not laid out"
    return box["y"]


@pytest.mark.parametrize("size", SIZES)
def test_incidents_lead_the_index_and_the_agency_page(browser, base, size, tmp_path):
    with clean(browser, base + "index.html", size) as page:
        section = page.locator("#incidents")
        expect(section).to_be_visible()
        assert _top(page, "#incidents") < _top(page, "#agencies")  # above the league table
        listed = section.locator("li[data-kind] h3 a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        sites = {href.removeprefix("agencies/").removesuffix(".html") for href in listed}
        assert sites >= INCIDENT_SITES
        # wp-defaced, not wp-template-spam (defaced too): its page lists the uncounted rows
        defaced = section.locator("li[data-kind=defacement][data-agency=wp-defaced]")
        expect(defaced.locator(".incident-advice")).to_be_visible()
        expect(defaced.locator(".incident-pages a").first).to_be_visible()
        if size == "phone":
            _no_sideways_scroll(page, size)
        if base.startswith("file:"):
            _screenshot(page, tmp_path, f"incidents-{size}")

        defaced.locator("h3 a").click()
        expect(page).to_have_url(base + "agencies/wp-defaced.html")
        expect(page.locator("#incidents .incident-advice")).to_be_visible()
        assert _top(page, "#incidents") < _top(page, ".verdict")  # the page leads with it
        expect(page.locator("table.evidence .uncounted-note").first).to_be_visible()
        if size == "phone":
            _no_sideways_scroll(page, size)
        if base.startswith("file:"):
            _screenshot(page, tmp_path, f"agency-incident-{size}")


# -- the scorecard --------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_scorecard_ranks_every_agency_and_states_its_method(browser, base, size, tmp_path):
    with clean(browser, base + "index.html", size) as page:
        page.locator("nav.nav-scorecard a").click()  # linked from the index, from disk and served
        expect(page).to_have_url(base + "scorecard.html")
        rows = page.locator("#scorecard tbody tr")
        expect(rows).to_have_count(len(TRUTH))  # one run this year: every agency, none joined
        ranks = rows.evaluate_all("rows => rows.map(r => Number(r.cells[0].textContent))")
        assert ranks == sorted(ranks) and ranks[0] == 1
        expect(page.locator("#method-h")).to_be_visible()
        expect(page.locator(".method .weights li")).to_have_count(4)
        expect(page.locator("a[href='scorecard.csv']")).to_be_visible()
        if size == "phone":
            _no_sideways_scroll(page, size)
        if base.startswith("file:"):
            _screenshot(page, tmp_path, f"scorecard-{size}")


def test_every_page_is_clean_on_a_phone(browser, report_dir):
    """No page logs an error or scrolls sideways, whatever its content (failures, long URLs)."""
    pages = [report_dir / "index.html", *sorted((report_dir / "agencies").glob("*.html"))]
    assert len(pages) == len(TRUTH) + 1
    with watched(browser, "phone") as (page, problems):
        wide: list[str] = []
        for path in pages:
            page.goto(path.as_uri(), wait_until="domcontentloaded")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > SIZES["phone"]["viewport"]["width"]:
                wide.append(f"{path.name}: {scroll_width}px")
        assert not problems, "\n".join(problems)
        assert not wide, wide


# -- the watch itself -----------------------------------------------------------------


def test_a_csp_violation_is_caught(browser, report_dir, tmp_path):
    """The report's own policy refuses an inline script, and these tests hear of it."""
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    hostile = index.replace("</body>", "<script>document.title = 'ran';</script></body>")
    (tmp_path / "assets").symlink_to(report_dir / "assets")
    (tmp_path / "index.html").write_text(hostile, encoding="utf-8")
    with watched(browser, "desktop") as (page, problems):
        page.goto((tmp_path / "index.html").as_uri())
        expect(page.locator("#filters")).to_be_visible()  # report.js itself still runs
        assert page.title() != "ran"
        assert any("Content Security Policy" in p for p in problems), problems
