"""What every report chart shares: axes, bar labels, legends, axis titles and labels cut to fit, all in the
embedded CJK font."""

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from hall.pdf.fonts import FONT_NAME
from hall.pdf.layout import MUTED, RULE
from hall.pdf.report.styles import GRID_LINE

AXIS_FONT_SIZE = 7.5


def axis_labels(axis, size: float = AXIS_FONT_SIZE) -> None:
    axis.labels.fontName = FONT_NAME
    axis.labels.fontSize = size
    axis.strokeColor = RULE
    axis.strokeWidth = 0.5


def value_axis(axis, *, step: float | None = None, maximum: float | None = None, fmt=None) -> None:
    axis_labels(axis)
    axis.valueMin = 0
    if maximum is not None:
        axis.valueMax = maximum
    if step is not None:
        axis.valueStep = step
    if fmt is not None:
        axis.labelTextFormat = fmt
    axis.visibleGrid = 1
    axis.gridStrokeColor = GRID_LINE
    axis.gridStrokeWidth = 0.4


def _count_step(largest: float) -> float:
    """A round axis step giving about five grid lines up to ``largest`` (whole tickets, never 0.5)."""
    if largest <= 5:
        return 1
    raw = largest / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def count_axis(axis, largest: float) -> None:
    step = _count_step(largest)
    value_axis(axis, step=step, maximum=max(step, math.ceil(largest * 1.12 / step) * step), fmt="%d")


def bar_labels(chart, size: float = 7) -> None:
    chart.barLabels.fontName = FONT_NAME
    chart.barLabels.fontSize = size
    chart.barLabels.fillColor = colors.black
    chart.barLabelFormat = lambda value: f"{value:.0f}" if value else ""


def legend(drawing: Drawing, x: float, y: float, items: Sequence[tuple[colors.Color, str, str]]) -> None:
    """Swatches ("box") or line samples ("line", "dash") with their names, in a row starting at (x, y)."""
    for colour, kind, name in items:
        if kind == "box":
            drawing.add(Rect(x, y - 1, 8, 7, fillColor=colour, strokeColor=None))
        else:
            sample = Line(x - 1, y + 2.5, x + 11, y + 2.5, strokeColor=colour, strokeWidth=1.6)
            if kind == "dash":
                sample.strokeDashArray = [3, 2]
            drawing.add(sample)
        drawing.add(String(x + 14, y, name, fontName=FONT_NAME, fontSize=8))
        x += 14 + stringWidth(name, FONT_NAME, 8) + 14


def axis_title(drawing: Drawing, x: float, y: float, text: str, anchor: str = "start") -> None:
    drawing.add(String(x, y, text, fontName=FONT_NAME, fontSize=7, fillColor=MUTED, textAnchor=anchor))


def fit_label(text: str, width: float, size: float) -> str:
    if stringWidth(text, FONT_NAME, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"
