"""Charts drawn on the server as inline SVG: no chart library, no script, readable without colour (values are
printed beside the bars) and by screen readers (a title and a description)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

ROW_HEIGHT = 16
LABEL_WIDTH = 150
BAR_WIDTH = 200
CLASSES = ("a", "b", "c", "d")
SCALE = 1.6  # drawn at 1.6× on a wide screen; CSS shrinks it to the width of a phone


def grouped_bars(rows: Sequence[tuple[str, Sequence[int]]], *, series: Sequence[str], title: str,
                 chart_id: str = "chart") -> Markup:
    """Horizontal grouped bars: one group per row, one bar per series, each labelled with its value. ``chart_id``
    keeps the title and description ids unique when a page has several charts."""
    peak = max((v for _, values in rows for v in values), default=0) or 1
    group = ROW_HEIGHT * len(series) + 8
    legend = 20
    height = legend + group * len(rows) + 4
    width = max(LABEL_WIDTH + BAR_WIDTH + 40, 100 * len(series))
    parts = [f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
             f'width="{width * SCALE:.0f}" height="{height * SCALE:.0f}">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">' + escape("；".join(
                 f"{name}：" + "，".join(f"{s} {v}" for s, v in zip(series, values, strict=True))
                 for name, values in rows)) + "</desc>"]
    for i, name in enumerate(series):
        x = i * 100
        parts.append(f'<rect class="{CLASSES[i % len(CLASSES)]}" x="{x}" y="4" width="10" height="10"></rect>'
                     f'<text x="{x + 14}" y="13">{escape(name)}</text>')
    for r, (name, values) in enumerate(rows):
        top = legend + r * group
        parts.append(f'<text x="0" y="{top + ROW_HEIGHT * len(series) / 2 + 4:.0f}">{escape(name[:12])}</text>')
        for i, value in enumerate(values):
            y = top + i * ROW_HEIGHT
            w = BAR_WIDTH * value / peak
            parts.append(f'<rect class="{CLASSES[i % len(CLASSES)]}" x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" '
                         f'height="{ROW_HEIGHT - 3}"></rect>'
                         f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + ROW_HEIGHT - 5}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
