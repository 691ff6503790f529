"""Regenerate the README's screenshots (docs/img/) from the fixture fleet, in a real browser.

    python docs/screenshots.py            # needs /usr/bin/chromium and the test extra

Serves the fixture fleet on loopback (tests/fleet), publishes its report with `freshness run`
as cron does, and photographs it in Debian's Chromium at desktop size: the incidents above the
league table, a defaced agency's page (its incident and what to do), and the award scorecard.
Only the PNG files named in SHOTS are written; nothing else in docs/img/ is touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.fleet.server import Fleet  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
OUT = REPO / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 900}
#: File name -> (page of the report, the part of it to photograph: a CSS selector, or None
#: for the first screenful).
SHOTS = {
    "incidents.png": ("index.html", "#incidents"),
    "agency-defaced.png": ("agencies/wp-defaced.html", None),
    "scorecard.png": ("scorecard.html", None),
}


def publish(fleet: Fleet, folder: Path) -> Path:
    """The fleet's report, published by `freshness run` into `folder`/public."""
    config = fleet.write_config(folder / "agencies.yaml")
    subprocess.run(
        [sys.executable, "-m", "crawler", "run", "--config", str(config),
         "--db", str(folder / "freshness.db"), "--out", str(folder / "public"),
         "--log-level", "ERROR"],
        check=True, cwd=REPO, timeout=600,
    )  # fmt: skip
    return folder / "public"


def photograph(report: Path) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport=VIEWPORT)
        for name, (path, part) in SHOTS.items():
            page.goto((report / path).as_uri())
            target = OUT / name
            if part is None:
                page.screenshot(path=str(target))
            elif page.locator(part).count():
                page.locator(part).first.screenshot(path=str(target))
            else:
                raise SystemExit(f"{path} has no {part}: the report changed, update SHOTS")
            written.append(target)
        browser.close()
    return written


def main() -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        os.environ.pop(name, None)  # the fleet is on loopback
    with tempfile.TemporaryDirectory() as scratch, Fleet() as fleet:
        for path in photograph(publish(fleet, Path(scratch))):
            print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
