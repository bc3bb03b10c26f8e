"""Bar charts drawn on the server as small inline SVG: no scripts, no CDN, mirrored for RTL."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = ["#1f3a4d", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f"]


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    rtl: bool = False,
    width: int = 360,
    height: int = 180,
) -> str:
    """Grouped vertical bars: one group per label, one bar per series. Returns SVG markup."""
    top, bottom, side = 12, 34, 6
    plot_h = height - top - bottom
    groups = max(len(labels), 1)
    bars = max(len(series), 1)
    group_w = (width - 2 * side) / groups
    bar_w = max(group_w * 0.8 / bars, 1.0)
    peak = max([max(values, default=0) for _, values in series] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{side}" y1="{top + plot_h}" x2="{width - side}" y2="{top + plot_h}" '
        'stroke="#888" stroke-width="1"/>',
    ]
    for g, label in enumerate(labels):
        slot = groups - 1 - g if rtl else g
        x0 = side + slot * group_w + group_w * 0.1
        for b, (name, values) in enumerate(series):
            value = values[g] if g < len(values) else 0
            h = plot_h * value / peak
            position = bars - 1 - b if rtl else b
            x = x0 + position * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.9:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[b % len(COLOURS)]}">'
                f"<title>{escape(name)} {escape(label)}: {value}</title></rect>"
            )
        if groups <= 12:
            cx = x0 + group_w * 0.4
            parts.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 14}" font-size="9" '
                f'text-anchor="middle" fill="#333">{escape(label[-5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
