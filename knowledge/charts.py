"""Charts drawn on the server as SVG: bars, lines per month and a map of municipalities.

Each chart draws numbers that the page also shows in a table beside it (and offers as CSV), so
the SVG is one image with a short text alternative. Colours pass WCAG AA: bars, lines and
outlines at least 3:1 against white, text 4.5:1; the two lines differ by dash and marker too,
not by colour alone. No script, no style attribute (the Content-Security-Policy), no library.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .geo import area_map

INK = "#1a1a1a"  # text: 17:1 on white
GRID = "#767676"  # axis and grid lines: 4.5:1
SERIES = ("#1f5f8b", "#9a3412")  # blue 6.9:1, brown 7.3:1 on white
DASHES = ("", ' stroke-dasharray="6 4"')
# Sequential blues for the map (ColorBrewer), lightest to darkest; outlines in INK give the
# shapes their contrast and the legend and the table give the numbers.
MAP_CLASSES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#ffffff"


def number(value: float, decimals: int = 0) -> str:
    """The value with `decimals` decimals in the active language's notation ("12,5" in Finnish
    and Swedish), without grouping, as Django's number_format writes it for this portal
    (USE_THOUSAND_SEPARATOR is off): the page's thousand-odd cells and chart labels, where
    number_format's per-call format lookups and Decimal arithmetic were a tenth of a cold
    page's CPU."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", get_format("DECIMAL_SEPARATOR")) if decimals else text


def _open(width: int, height: int, label: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="inherit" font-size="13">'
    )


def bar_chart(rows: Sequence[tuple[str, float]], *, label: str, decimals: int = 0) -> SafeString:
    """Horizontal bars, one per (label, value), the value written at the bar's end."""
    width, left, right, step = 640, 190, 70, 26
    height = step * len(rows) + 12
    top = max((value for _, value in rows), default=0) or 1
    parts = [_open(width, height, label)]
    for i, (name, value) in enumerate(rows):
        y = 6 + i * step
        length = (width - left - right) * max(value, 0) / top
        short = name if len(name) <= 26 else name[:25] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="{INK}">{escape(short)}'
            f"<title>{escape(name)}</title></text>"
            f'<rect x="{left}" y="{y + 2}" width="{length:.1f}" height="{step - 8}" '
            f'fill="{SERIES[0]}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 15}" fill="{INK}">'
            f"{escape(number(value, decimals))}</text>"
        )
    parts.append(f'<line x1="{left}" y1="4" x2="{left}" y2="{height - 4}" stroke="{GRID}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)


def line_chart(
    months: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, label: str
) -> SafeString:
    """One line per series over the months (at most two), with a legend and a value scale."""
    width, height, left, right, top_margin, bottom = 640, 260, 56, 16, 34, 40
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    top = max((v for _, values in series for v in values), default=0) or 1
    n = max(len(months), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top_margin + plot_h * (1 - v / top)

    parts = [_open(width, height, label)]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="{1 if step == 0 else 0.5}"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(number(value))}</text>"
        )
    every = max(1, -(-n // 8))
    for i, month in enumerate(months):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                f'fill="{INK}">{escape(month)}</text>'
            )
    for index, (name, values) in enumerate(series[:2]):
        colour, dash = SERIES[index], DASHES[index]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        for i, v in enumerate(values):
            if index == 0:
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>')
            else:
                parts.append(
                    f'<rect x="{x(i) - 3.5:.1f}" y="{y(v) - 3.5:.1f}" width="7" height="7" '
                    f'fill="{colour}"/>'
                )
        lx = left + index * 260
        parts.append(
            f'<line x1="{lx}" y1="14" x2="{lx + 28}" y2="14" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
            f'<text x="{lx + 34}" y="18" fill="{INK}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)


def classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of five equal classes from 0 to the largest value."""
    top = max(values, default=0) or 1
    return [top * (i + 1) / len(MAP_CLASSES) for i in range(len(MAP_CLASSES))]


def map_chart(
    values: dict[str, float | None],
    names: dict[str, str],
    *,
    label: str,
    selected: str = "",
    decimals: int = 1,
) -> SafeString:
    """The municipalities (codes of `names`) coloured by their value in five classes, with a
    legend; a municipality without a value (None) is left white, `selected` outlined thick."""
    shape = area_map(tuple(sorted(names)))
    bounds = classes([v for v in values.values() if v is not None])
    legend_h = 24 * (len(MAP_CLASSES) + 1) + 8
    height = max(shape.height, legend_h)
    width = shape.width + 190
    parts = [_open(width, height, label)]
    chosen = ""
    for code, path in shape.paths.items():
        value = values.get(code)
        fill = NO_DATA
        if value is not None:
            fill = next(c for c, b in zip(MAP_CLASSES, bounds, strict=True) if value <= b + 1e-9)
        text = names[code] + ": " + ("–" if value is None else number(value, decimals))
        shape_svg = (
            f'<path d="{path}" fill="{fill}" stroke="{INK}" stroke-width="0.8" '
            f'fill-rule="evenodd"><title>{escape(text)}</title></path>'
        )
        if code == selected:
            chosen = shape_svg.replace('stroke-width="0.8"', 'stroke-width="3"')
        else:
            parts.append(shape_svg)
    parts.append(chosen)
    lx = shape.width + 16
    low = 0.0
    for i, (colour, bound) in enumerate(zip(MAP_CLASSES, bounds, strict=True)):
        ly = 8 + i * 24
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="18" height="18" fill="{colour}" stroke="{INK}"/>'
            f'<text x="{lx + 26}" y="{ly + 14}" fill="{INK}">'
            f"{escape(number(low, decimals))}–{escape(number(bound, decimals))}</text>"
        )
        low = bound
    ly = 8 + len(MAP_CLASSES) * 24
    parts.append(
        f'<rect x="{lx}" y="{ly}" width="18" height="18" fill="{NO_DATA}" stroke="{INK}"/>'
        f'<text x="{lx + 26}" y="{ly + 14}" fill="{INK}">–</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)
