"""Write the static report: index, one page per agency, exports and an Atom feed.

Everything crawled (titles, snippets, URLs) is hostile input: templates autoescape, only
http(s) URLs become links, and every page carries a Content-Security-Policy that allows no
inline script and nothing from another origin. The report is written to a temporary folder
beside the target and swapped in at once, so a web server never serves half a report and
pages of agencies no longer monitored disappear.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markupsafe

from crawler.judge.scorecard import WEIGHTS
from crawler.store import ResultRow
from reports.build import Report, check_ids
from reports.chart import history_svg
from reports.export import record, to_csv, to_json
from reports.publish import checked_out_dir, publish
from reports.scorecard import percent
from reports.scorecard import to_csv as scorecard_csv
from reports.wording import Words

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_FILES = ("style.css", "report.js")

#: What XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF): one such character
#: in a name or snippet and no reader accepts changes.atom. DEL and C1 controls too: allowed but
#: invisible, and nothing a person wrote.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


def xml_safe(value: object) -> object:
    """`value` without the characters XML 1.0 forbids, Markup staying Markup (removing a
    character cannot make markup)."""
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(_NOT_XML.sub("", str(value)))
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    return value


def environment(words: Words) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=True,  # every template, .xml included
        finalize=xml_safe,  # every {{ value }}: crawled or stored text may hold anything
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(w=words, lang=words.lang, history_svg=history_svg)
    env.filters["href"] = safe_href
    return env


def render_report(
    report: Report, out: Path, *, lang: str = "id", protected: Iterable[Path] = ()
) -> Path:
    """Write the whole report into `out`, replacing what was there in one step; PublishError
    when `out` holds anything this tool did not write, or one of the `protected` files."""
    target = checked_out_dir(Path(out), protected)
    words = Words(lang)
    publish(target, lambda folder: _write(report, folder, words))
    return target


def _write(report: Report, folder: Path, words: Words) -> None:
    env = environment(words)
    (folder / "agencies").mkdir()
    (folder / "assets").mkdir()
    for name in ASSET_FILES:
        shutil.copyfile(ASSETS / name, folder / "assets" / name)
    context = {"report": report, "thresholds": report.thresholds}
    _put(folder / "index.html", env.get_template("index.html").render(context, root=""))
    page = env.get_template("agency.html")
    check_ids((item.id for item in report.agencies), report.run.id)  # each names a file
    for item in report.agencies:
        html = page.render(context, item=item, root="../")
        _put(folder / "agencies" / f"{item.id}.html", html)
    _put(folder / "changes.atom", env.get_template("feed.xml").render(context))
    listed = report.portal_listed
    records = [
        record(
            ResultRow(report.run.id, a.agency, a.result), report.run, portal_listed=listed.get(a.id)
        )
        for a in report.agencies
    ]
    _put(folder / "results.json", to_json(records))
    _put(folder / "results.csv", to_csv(records))
    _write_scorecard(report, folder, env, context)


def _write_scorecard(
    report: Report, folder: Path, env: jinja2.Environment, context: dict[str, object]
) -> None:
    """scorecard.html and scorecard.csv: the calendar year up to the reported run. Only
    agencies of this run have a page to link to (and their ids were checked)."""
    if report.scorecard is None:
        return
    pages = {item.id for item in report.agencies}
    page = env.get_template("scorecard.html")
    card = report.scorecard
    html = page.render(context, card=card, pages=pages, weights=WEIGHTS, percent=percent, root="")
    _put(folder / "scorecard.html", html)
    _put(folder / "scorecard.csv", scorecard_csv(card))


def _put(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
