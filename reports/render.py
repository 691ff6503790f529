"""Write the static report: index, one page per agency, exports and an Atom feed.

Everything crawled (titles, snippets, URLs) is hostile input: templates autoescape, only
http(s) URLs become links, and every page carries a Content-Security-Policy that allows no
inline script and nothing from another origin. The report is written to a temporary folder
beside the target and swapped in at once, so a web server never serves half a report and
pages of agencies no longer monitored disappear.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from crawler.export import record, to_csv, to_json
from crawler.store import ResultRow
from reports.build import Report
from reports.chart import history_svg
from reports.wording import Words

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_FILES = ("style.css", "report.js")


def safe_href(url: object) -> str | None:
    """The URL if it may become a link (http or https only), else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") and "\\" not in url else None


def environment(words: Words) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=True,  # every template, .xml included
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(w=words, lang=words.lang, history_svg=history_svg)
    env.filters["href"] = safe_href
    return env


def render_report(report: Report, out: Path, *, lang: str = "id") -> Path:
    """Write the whole report into `out`, replacing what was there in one step."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        _write(report, staging, Words(lang))
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the report from a web server
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after a swap: the previous report
    return out


def _write(report: Report, folder: Path, words: Words) -> None:
    env = environment(words)
    (folder / "agencies").mkdir()
    (folder / "assets").mkdir()
    for name in ASSET_FILES:
        shutil.copyfile(ASSETS / name, folder / "assets" / name)
    context = {"report": report, "thresholds": report.thresholds}
    _put(folder / "index.html", env.get_template("index.html").render(context, root=""))
    page = env.get_template("agency.html")
    for item in report.agencies:
        html = page.render(context, item=item, root="../")
        _put(folder / "agencies" / f"{item.id}.html", html)
    _put(folder / "changes.atom", env.get_template("feed.xml").render(context))
    records = [
        record(ResultRow(report.run.id, a.agency, a.result), report.run) for a in report.agencies
    ]
    _put(folder / "results.json", to_json(records))
    _put(folder / "results.csv", to_csv(records))


def _put(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _swap_in(staging: Path, out: Path) -> None:
    """Put `staging` at `out`; what was at `out` ends up at `staging` (to be deleted)."""
    if not out.exists():
        os.rename(staging, out)
        staging.mkdir()  # the caller removes it
        return
    if _exchange(staging, out):
        return
    # No atomic exchange on this system: two renames, a moment without a report (never a
    # half-written one).
    old = staging.with_name(staging.name + "-old")
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0
