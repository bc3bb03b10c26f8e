"""Bar charts drawn on the server as small inline SVG: no scripts, no CDN, mirrored for RTL."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = ["#1f3a4d", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f"]


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    title: str,
    rtl: bool = False,
    width: int = 360,
    height: int = 180,
) -> str:
    """Grouped vertical bars: one group per label, one bar per series. Returns SVG markup.

    A value of ``None`` is withheld from the reader: no bar, and a dash for its count.
    """
    top, bottom, side = 12, 34, 6
    plot_h = height - top - bottom
    groups = max(len(labels), 1)
    bars = max(len(series), 1)
    group_w = (width - 2 * side) / groups
    bar_w = max(group_w * 0.8 / bars, 1.0)
    peak = max([max((v or 0 for v in values), default=0) for _, values in series] + [1])
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
            h = plot_h * (value or 0) / peak
            position = bars - 1 - b if rtl else b
            x = x0 + position * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.9:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[b % len(COLOURS)]}">'
                f"<title>{escape(name)} {escape(label)}: {_count(value)}</title></rect>"
            )
        if groups <= 12:
            cx = x0 + group_w * 0.4
            parts.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 14}" font-size="9" '
                f'text-anchor="middle" fill="#333">{escape(label[-5:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bar_chart(
    labels: Sequence[str],
    values: Sequence[int | None],
    *,
    title: str,
    rtl: bool = False,
    width: int = 360,
    row: int = 20,
) -> str:
    """One bar a row with its whole label beside it (status names are long in any language).

    Labels take a column on the reading side (the right in right-to-left); a label too long for
    its column is squeezed to fit rather than cut. A value of ``None`` is withheld from the
    reader: no bar, and a dash for its count. Returns SVG markup.
    """
    label_w = width * 0.42
    gap, side = 6, 4
    bar_space = width - label_w - gap - 2 * side - 28  # room for the count after the bar
    height = max(len(labels), 1) * row + 8
    peak = max([*(v or 0 for v in values), 1])
    # Positions are worked out here for either reading direction: the drawing itself is laid
    # out left to right, so "end" always means the right-hand edge.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart" direction="ltr">',
        f"<title>{escape(title)}</title>",
    ]
    for i, label in enumerate(labels):
        value = values[i] if i < len(values) else 0
        y = 4 + i * row
        w = bar_space * (value or 0) / peak
        # About 5.5 px a character at 10 px; longer labels are squeezed into the column.
        fit = f' textLength="{label_w:.0f}" lengthAdjust="spacingAndGlyphs"' * (
            len(label) * 5.5 > label_w
        )
        if rtl:
            text_x, anchor = width - side, "end"
            bar_x = width - side - label_w - gap - w
            count_x, count_anchor = bar_x - 3, "end"
        else:
            text_x, anchor = side, "start"
            bar_x = side + label_w + gap
            count_x, count_anchor = bar_x + w + 3, "start"
        parts.append(
            f'<text x="{text_x:.1f}" y="{y + row * 0.65:.1f}" font-size="10" '
            f'text-anchor="{anchor}" fill="#333"{fit}>{escape(label)}</text>'
            f'<rect x="{bar_x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{COLOURS[0]}"><title>{escape(label)}: {_count(value)}</title></rect>'
            f'<text x="{count_x:.1f}" y="{y + row * 0.65:.1f}" font-size="10" '
            f'text-anchor="{count_anchor}" fill="#333">{_count(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
