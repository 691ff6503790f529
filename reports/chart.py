"""A small inline SVG of an agency's days-since-update over past runs.

No JavaScript and no external file: the chart is markup in the page, readable without colour
(each point has a <title> with its date, days and status; threshold lines are labelled).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from crawler.judge.history import Point
from crawler.model import Status, Thresholds
from reports.wording import Words

WIDTH, HEIGHT = 560, 160
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 8, 20


def history_svg(points: Sequence[Point], thresholds: Thresholds, words: Words) -> Markup:
    """The chart, or an empty Markup when there is nothing to draw."""
    if not points:
        return Markup("")
    # A fixed scale, so the thresholds stay readable: longer silences sit on the top edge
    # (their <title> still gives the exact days).
    ceiling = thresholds.stale_days * 1.5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(days: float) -> float:
        return TOP + plot_h * (1 - min(days, ceiling) / ceiling)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(words.t("chart_label", n=len(points)))}">'
    ]
    for limit, status in (
        (thresholds.fresh_days, Status.FRESH),
        (thresholds.aging_days, Status.AGING),
        (thresholds.stale_days, Status.STALE),
    ):
        yy = f"{y(limit):.1f}"
        parts.append(
            f'<line class="limit limit-{status}" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{yy}" y2="{yy}"/><text class="limit-label" x="{LEFT - 4}" y="{yy}" '
            f'text-anchor="end" dominant-baseline="middle">{limit}</text>'
        )
    dated = [(i, p) for i, p in enumerate(points) if p.days_since_update is not None]
    if len(dated) > 1:
        path = " ".join(f"{x(i):.1f},{y(p.days_since_update or 0):.1f}" for i, p in dated)
        parts.append(f'<polyline class="line" points="{path}"/>')
    for i, p in enumerate(points):
        days = p.days_since_update
        label = (
            f"{words.date(p.as_of)}: {words.status(p.status)}"
            f" ({words.ago(days) if days is not None else words['history_undated']})"
        )
        cy = y(days) if days is not None else TOP + plot_h
        shape = "circle" if days is not None else "rect"
        if shape == "circle":
            mark = f'<circle cx="{x(i):.1f}" cy="{cy:.1f}" r="4"'
        else:
            mark = f'<rect x="{x(i) - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8"'
        parts.append(
            f'{mark} class="point status-{p.status}"><title>{escape(label)}</title></{shape}>'
        )
    first, last = points[0].as_of, points[-1].as_of
    parts.append(
        f'<text class="axis" x="{LEFT}" y="{HEIGHT - 4}">{escape(words.date(first))}</text>'
        f'<text class="axis" x="{WIDTH - RIGHT}" y="{HEIGHT - 4}" text-anchor="end">'
        f"{escape(words.date(last))}</text></svg>"
    )
    return Markup("".join(parts))
