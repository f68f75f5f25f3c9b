"""The report's charts as reportlab vector drawings: arrivals by hour of day, tickets per service, ratings
by level and, for a range, the daily trend of counts and rates."""

import math
from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from hall.pdf.fonts import FONT_NAME
from hall.pdf.layout import CONTENT_WIDTH, para
from hall.pdf.report.chart_parts import axis_labels, axis_title, bar_labels, count_axis, fit_label, legend, value_axis
from hall.pdf.report.formatting import LEVEL_NAMES
from hall.pdf.report.styles import CHART_TITLE, DARK_BLUE, GREEN, LEVEL_COLOURS, LIGHT_BLUE, Block
from hall.services.reports.figures import DayTrend, RatingFigures, ServiceFigures

CHART_HEIGHT = 62 * mm


def arrivals_chart(arrivals: Sequence[int]) -> Drawing | None:
    """Tickets issued per hour of day, over the hours from the first to the last one with any ticket."""
    busy = [hour for hour, count in enumerate(arrivals) if count]
    if not busy:
        return None
    first, last = max(0, busy[0] - 1), min(len(arrivals) - 1, busy[-1] + 1)
    hours_shown = range(first, last + 1)
    drawing = Drawing(CONTENT_WIDTH, CHART_HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 24
    chart.width, chart.height = CONTENT_WIDTH - chart.x - 8, CHART_HEIGHT - chart.y - 14
    chart.data = [[arrivals[hour] for hour in hours_shown]]
    chart.categoryAxis.categoryNames = [f"{hour}时" for hour in hours_shown]
    axis_labels(chart.categoryAxis)
    chart.categoryAxis.labels.dy = -2
    count_axis(chart.valueAxis, max(arrivals))
    chart.bars[0].fillColor = DARK_BLUE
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 4
    bar_labels(chart)
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 1
    drawing.add(chart)
    axis_title(drawing, chart.x - 28, chart.y + chart.height + 6, "取号数（张）")
    axis_title(drawing, chart.x + chart.width, 4, "取号时刻（时）", anchor="end")
    return drawing


def services_chart(services: Sequence[ServiceFigures]) -> Drawing:
    """Issued and served per service, one pair of bars a service, the first service on top."""
    # Rows narrow as services multiply, so a street centre's forty services still fit on one page.
    row = 9 * mm if len(services) <= 8 else max(4.5 * mm, min(7 * mm, 180 * mm / len(services)))
    label_size = 8 if row >= 6 * mm else 6.5
    names = [f"{service.prefix} {service.name}" for service in services]
    label_width = min(46 * mm, max(stringWidth(name, FONT_NAME, label_size) for name in names) + 4)
    plot_height = row * len(services)
    height = plot_height + 36
    drawing = Drawing(CONTENT_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 6, 18
    chart.width, chart.height = CONTENT_WIDTH - chart.x - 20, plot_height
    # Within a group the first series is drawn lowest: served first puts issued on top, as in the legend.
    chart.data = [[s.tickets.served for s in services], [s.tickets.issued for s in services]]
    chart.categoryAxis.categoryNames = [fit_label(name, label_width - 4, label_size) for name in names]
    chart.categoryAxis.reverseDirection = 1
    axis_labels(chart.categoryAxis, label_size)
    chart.categoryAxis.labels.dx = -3
    count_axis(chart.valueAxis, max((s.tickets.issued for s in services), default=0))
    chart.bars[0].fillColor, chart.bars[1].fillColor = DARK_BLUE, LIGHT_BLUE
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 5
    bar_labels(chart, 6.5)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    legend(drawing, chart.x, height - 10, [(LIGHT_BLUE, "box", "取号"), (DARK_BLUE, "box", "办结")])
    return drawing


def ratings_chart(ratings: RatingFigures, width: float) -> Drawing:
    """One bar per level, 非常满意 on top, coloured from green to red."""
    levels = (5, 4, 3, 2, 1)
    height = 44 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 50, 14
    chart.width, chart.height = width - chart.x - 18, height - chart.y - 6
    chart.data = [[ratings.by_level.get(level, 0) for level in levels]]
    chart.categoryAxis.categoryNames = [LEVEL_NAMES[level] for level in levels]
    chart.categoryAxis.reverseDirection = 1
    axis_labels(chart.categoryAxis, 8)
    chart.categoryAxis.labels.dx = -3
    count_axis(chart.valueAxis, max(chart.data[0]))
    chart.bars.strokeColor = None
    for index, level in enumerate(levels):
        chart.bars[(0, index)].fillColor = LEVEL_COLOURS[level]
    chart.groupSpacing = 4
    bar_labels(chart)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _trend_labels(days: Sequence[date]) -> list[str]:
    """Every day for a short range, every other for a fortnight or so, else one a week (the range's weekday)."""
    count = len(days)
    step = 1 if count <= 12 else 2 if count <= 24 else 7 * math.ceil(count / 84)
    return [f"{day.month}/{day.day}" if index % step == 0 else "" for index, day in enumerate(days)]


def _line_chart(
    days: Sequence[date],
    series: Sequence[Sequence[float | None]],
    styles: Sequence[tuple[colors.Color, str, str]],
    configure_axis: Callable,
) -> Drawing:
    drawing = Drawing(CONTENT_WIDTH, CHART_HEIGHT)
    chart = HorizontalLineChart()
    chart.x, chart.y = 34, 22
    chart.width, chart.height = CONTENT_WIDTH - chart.x - 8, CHART_HEIGHT - chart.y - 22
    chart.data = [list(values) for values in series]
    chart.joinedLines = 1
    chart.categoryAxis.categoryNames = _trend_labels(days)
    axis_labels(chart.categoryAxis)
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.tickDown = 2 if len(days) <= 31 else 0  # ninety ticks would read as a fuzzy bar
    configure_axis(chart.valueAxis)
    marker_size = 2.6 if len(days) <= 45 else 0
    for index, (colour, kind, _name) in enumerate(styles):
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 1.4
        if kind == "dash":
            chart.lines[index].strokeDashArray = [4, 2]
        if marker_size:
            chart.lines[index].symbol = makeMarker("FilledCircle", size=marker_size, fillColor=colour)
    drawing.add(chart)
    legend(drawing, chart.x, CHART_HEIGHT - 10, styles)
    return drawing


def trend_counts_chart(daily: Sequence[DayTrend]) -> Drawing:
    largest = max(max(day.issued, day.served) for day in daily)
    return _line_chart(
        [day.day for day in daily],
        [[day.issued for day in daily], [day.served for day in daily]],
        [(DARK_BLUE, "line", "取号"), (GREEN, "dash", "办结")],
        lambda axis: count_axis(axis, largest),
    )


def trend_rates_chart(daily: Sequence[DayTrend]) -> Drawing:
    """Service level and satisfaction in percent; the axis starts at a round value under the lowest day, so a
    drop from 95% to 85% is visible rather than squeezed against the top of a 0–100% axis."""

    def scaled(share: float | None) -> float | None:
        return None if share is None else share * 100

    series = [[scaled(day.service_level) for day in daily], [scaled(day.satisfaction_rate) for day in daily]]
    lowest = min((value for values in series for value in values if value is not None), default=0.0)
    floor = max(0, math.floor((lowest - 5) / 10) * 10)
    step = 5 if 100 - floor <= 30 else 10 if 100 - floor <= 60 else 20
    return _line_chart(
        [day.day for day in daily],
        series,
        [(DARK_BLUE, "line", "服务达标率"), (GREEN, "dash", "满意率")],
        lambda axis: _rate_axis(axis, floor, step),
    )


def _rate_axis(axis, floor: float, step: float) -> None:
    value_axis(axis, step=step, maximum=100, fmt="%d%%")
    axis.valueMin = floor


def chart_block(title: str, drawing: Flowable) -> Block:
    return [para(title, CHART_TITLE), drawing]
