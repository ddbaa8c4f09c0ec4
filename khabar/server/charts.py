"""Small inline SVG charts, drawn on the server (no script, no inline style:
colours come from classes in ``static/khabar.css``).

Every string placed in the SVG is escaped; the result is :class:`Markup` so
the template inserts it as is.
"""

from __future__ import annotations

import math
from urllib.parse import quote

from markupsafe import Markup, escape

# Bars drawn at most (the most recent dates are kept).
MAX_BARS = 120
# Co-occurring actors drawn around the centre of the graph.
MAX_NODES = 12
# Node labels longer than this are cut (the full name is in the tooltip).
LABEL_CHARS = 24


def timeline_svg(rows: list[dict], width: int = 640, height: int = 160) -> Markup:
    """Bar chart of mentions per day: ``rows`` are ``{date, mentions, articles}``."""
    rows = [r for r in rows if r.get("date")][-MAX_BARS:]
    if not rows:
        return Markup('<p class="muted">No dated mentions.</p>')
    top = max(r["mentions"] for r in rows) or 1
    pad_l, pad_b, pad_t = 34, 22, 8
    plot_w, plot_h = width - pad_l - 6, height - pad_b - pad_t
    step = plot_w / len(rows)
    bar_w = max(1.0, min(28.0, step * 0.8))
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="Mentions per day">',
             f'<line class="axis" x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - 4}" y2="{pad_t + plot_h}"/>',
             f'<text class="tick" x="{pad_l - 4}" y="{pad_t + 8}" text-anchor="end">{top}</text>',
             f'<text class="tick" x="{pad_l - 4}" y="{pad_t + plot_h}" text-anchor="end">0</text>']
    for i, r in enumerate(rows):
        h = max(1.0, plot_h * r["mentions"] / top)
        x = pad_l + i * step + (step - bar_w) / 2
        y = pad_t + plot_h - h
        label = escape(f"{r['date']}: {r['mentions']} mentions in {r['articles']} articles")
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                     f'<title>{label}</title></rect>')
    ticks = {0, len(rows) - 1} | ({len(rows) // 2} if len(rows) > 4 else set())
    for i in sorted(ticks):
        x = pad_l + i * step + step / 2
        anchor = "start" if i == 0 else "end" if i == len(rows) - 1 else "middle"
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}">'
                     f'{escape(rows[i]["date"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(name: str, n: int = LABEL_CHARS) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def graph_svg(center: str, others: list[dict], width: int = 640, height: int = 360) -> Markup:
    """A star graph: the actor in the middle, co-occurring actors around it,
    line width by the number of shared articles; each node links to its page."""
    others = others[:MAX_NODES]
    if not others:
        return Markup('<p class="muted">No co-occurring actors.</p>')
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 160, height / 2 - 30
    top = max(o["articles"] for o in others) or 1
    edges, nodes = [], []
    for i, o in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / len(others)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        w = 1 + 5 * o["articles"] / top
        edges.append(f'<line class="edge" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                     f'stroke-width="{w:.1f}"/>')
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        dx = 8 if anchor == "start" else -8 if anchor == "end" else 0
        dy = -9 if math.sin(angle) < -0.5 else 16 if math.sin(angle) > 0.5 else 4
        href = escape("/entities/" + quote(o["id"], safe=""))
        nodes.append(f'<a href="{href}"><circle class="node node-{escape((o.get("type") or "x").lower())}" '
                     f'cx="{x:.1f}" cy="{y:.1f}" r="6"><title>{escape(o["name"])}: '
                     f'{o["articles"]} shared articles</title></circle>'
                     f'<text class="label" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                     f'{escape(_short(o["name"]))} ({o["articles"]})</text></a>')
    return Markup(f'<svg class="graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'role="img" aria-label="Co-occurring actors">' + "".join(edges)
                  + f'<circle class="node node-center" cx="{cx:.1f}" cy="{cy:.1f}" r="9"/>'
                  + f'<text class="label center" x="{cx:.1f}" y="{cy - 14:.1f}" text-anchor="middle">'
                  + f'{escape(center)}</text>' + "".join(nodes) + "</svg>")
