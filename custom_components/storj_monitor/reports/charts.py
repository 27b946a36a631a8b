"""Charts drawn with fpdf2's own lines and rectangles: no plotting library on a Raspberry Pi.

Each chart ends with a caption `Chart: <title>`, which a reader (and a test) can find in
the text of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import math

from fpdf import FPDF

type Color = tuple[int, int, int]

PALETTE: tuple[Color, ...] = (
    (0, 82, 255),
    (255, 140, 0),
    (0, 160, 110),
    (200, 40, 80),
    (130, 80, 200),
    (120, 120, 120),
    (0, 170, 200),
    (170, 140, 0),
)
GRID: Color = (220, 220, 220)
AXIS: Color = (90, 90, 90)
CAPTION_PREFIX = "Chart: "
LEGEND_HEIGHT = 5.0
AXIS_LABEL_WIDTH = 14.0
TICKS = 4


@dataclass(frozen=True, slots=True)
class Series:
    """A named row of values, one per label (None: no value there)."""

    name: str
    values: Sequence[float | None]
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a chart goes on the page (mm)."""

    x: float
    y: float
    width: float
    height: float


def latin1(text: str) -> str:
    """The core PDF fonts know Latin-1 only: anything else becomes `?`."""
    return text.encode("latin-1", "replace").decode("latin-1")


def nice_maximum(value: float) -> float:
    """The smallest 1/2/5 x 10^n at or above `value` (1 for nothing to show)."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        candidate = step * 10.0**exponent
        if candidate >= value * (1 - 1e-9):
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always reaches 10


def _tick_label(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.3g}"


def _axes(pdf: FPDF, plot: Frame, floor: float, top: float, unit: str) -> None:
    """Horizontal grid lines with their values, and the unit above the axis."""
    pdf.set_font("Helvetica", size=6)
    pdf.set_text_color(*AXIS)
    pdf.set_line_width(0.1)
    for tick in range(TICKS + 1):
        value = floor + (top - floor) * tick / TICKS
        y = plot.y + plot.height - plot.height * tick / TICKS
        pdf.set_draw_color(*(AXIS if tick == 0 else GRID))
        pdf.line(plot.x, y, plot.x + plot.width, y)
        pdf.set_xy(plot.x - AXIS_LABEL_WIDTH, y - 1.5)
        pdf.cell(AXIS_LABEL_WIDTH - 1, 3, _tick_label(value), align="R")
    pdf.set_xy(plot.x - AXIS_LABEL_WIDTH, plot.y - 4)
    pdf.cell(AXIS_LABEL_WIDTH + 10, 3, unit)


def _x_labels(pdf: FPDF, plot: Frame, labels: Sequence[str]) -> None:
    """Labels under the slots, thinned out so they never overlap."""
    if not labels:
        return
    slot = plot.width / len(labels)
    pdf.set_font("Helvetica", size=6)
    labels = [latin1(label) for label in labels]
    widest = max(pdf.get_string_width(label) for label in labels) + 1
    every = max(1, math.ceil(widest / slot))
    pdf.set_text_color(*AXIS)
    for index, label in enumerate(labels):
        if index % every == 0:
            pdf.set_xy(plot.x + slot * index, plot.y + plot.height + 0.5)
            pdf.cell(slot * every, 3, label, align="L" if every > 1 else "C")


def _legend(pdf: FPDF, frame: Frame, names: Sequence[str]) -> None:
    pdf.set_font("Helvetica", size=6)
    pdf.set_text_color(0, 0, 0)
    x = frame.x
    for index, name in enumerate(latin1(name) for name in names):
        pdf.set_fill_color(*PALETTE[index % len(PALETTE)])
        pdf.rect(x, frame.y + 1, 3, 3, style="F")
        pdf.set_xy(x + 3.5, frame.y + 1)
        width = pdf.get_string_width(name) + 2
        pdf.cell(width, 3, name)
        x += width + 5


def _caption(pdf: FPDF, frame: Frame, title: str) -> None:
    pdf.set_font("Helvetica", "I", size=7)
    pdf.set_text_color(*AXIS)
    pdf.set_xy(frame.x, frame.y + frame.height - 4)
    pdf.cell(frame.width, 4, f"{CAPTION_PREFIX}{title}", align="C")
    pdf.set_text_color(0, 0, 0)


def _plot_area(frame: Frame) -> Frame:
    """Room for the legend above, the axis labels left and below, the caption at the end."""
    return Frame(
        frame.x + AXIS_LABEL_WIDTH,
        frame.y + LEGEND_HEIGHT + 5,
        frame.width - AXIS_LABEL_WIDTH - 2,
        frame.height - LEGEND_HEIGHT - 5 - 12,
    )


def stacked_bars(
    pdf: FPDF,
    frame: Frame,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str,
) -> None:
    """One bar per label, its series stacked (negative values are drawn as 0)."""
    plot = _plot_area(frame)
    totals = [sum(max(0.0, s.values[index] or 0.0) for s in series) for index in range(len(labels))]
    top = nice_maximum(max(totals, default=0.0))
    _legend(pdf, frame, [s.name for s in series])
    _axes(pdf, plot, 0.0, top, unit)
    slot = plot.width / max(1, len(labels))
    bar = slot * 0.7
    for index in range(len(labels)):
        base = plot.y + plot.height
        for number, item in enumerate(series):
            value = max(0.0, item.values[index] or 0.0)
            height = plot.height * value / top
            if height <= 0:
                continue
            pdf.set_fill_color(*PALETTE[number % len(PALETTE)])
            pdf.rect(plot.x + slot * index + (slot - bar) / 2, base - height, bar, height, "F")
            base -= height
    _x_labels(pdf, plot, labels)
    _caption(pdf, frame, title)


def grouped_bars(
    pdf: FPDF,
    frame: Frame,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str,
    floor: float = 0.0,
    top: float | None = None,
) -> None:
    """Bars side by side per label; the axis from `floor` so small differences show."""
    plot = _plot_area(frame)
    values = [v for s in series for v in s.values if v is not None]
    ceiling = top if top is not None else nice_maximum(max(values, default=0.0))
    span = max(ceiling - floor, 1e-9)
    _legend(pdf, frame, [s.name for s in series])
    _axes(pdf, plot, floor, ceiling, unit)
    slot = plot.width / max(1, len(labels))
    bar = slot * 0.8 / max(1, len(series))
    for index in range(len(labels)):
        for number, item in enumerate(series):
            value = item.values[index]
            if value is None:
                continue
            height = plot.height * min(1.0, max(0.0, (value - floor) / span))
            pdf.set_fill_color(*PALETTE[number % len(PALETTE)])
            x = plot.x + slot * index + slot * 0.1 + bar * number
            pdf.rect(x, plot.y + plot.height - height, bar, height, "F")
    _x_labels(pdf, plot, labels)
    _caption(pdf, frame, title)


def lines(
    pdf: FPDF,
    frame: Frame,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str,
) -> None:
    """One line per series over the labels; gaps where a value is missing."""
    plot = _plot_area(frame)
    values = [v for s in series for v in s.values if v is not None]
    top = nice_maximum(max(values, default=0.0))
    _legend(pdf, frame, [s.name for s in series])
    _axes(pdf, plot, 0.0, top, unit)
    step = plot.width / max(1, len(labels) - 1)
    pdf.set_line_width(0.5)
    for number, item in enumerate(series):
        pdf.set_draw_color(*PALETTE[number % len(PALETTE)])
        pdf.set_dash_pattern(dash=1.5, gap=1) if item.dashed else pdf.set_dash_pattern()
        run: list[tuple[float, float]] = []
        for index, value in enumerate([*item.values, None]):
            if value is not None:
                y = plot.y + plot.height - plot.height * min(1.0, max(0.0, value / top))
                run.append((plot.x + step * index, y))
                continue
            if len(run) > 1:
                pdf.polyline(run)
            elif run:
                pdf.line(run[0][0], run[0][1], run[0][0] + 0.3, run[0][1])
            run = []
    pdf.set_dash_pattern()
    pdf.set_line_width(0.2)
    _x_labels(pdf, plot, labels)
    _caption(pdf, frame, title)
