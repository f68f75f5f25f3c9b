"""The manager's report: 服务大厅日报 for one day, 服务大厅运行报告 for a range of days (A4 portrait).

It only presents ``ReportFigures`` (``hall.services.reports.figures``): no figure is computed here beyond
shares of totals already given. Durations print as minutes with one decimal ("8.5 分钟"), busy and idle time
as hours, shares as percentages ("92.3%"), and "—" wherever nothing was measured.

Charts are reportlab vector drawings whose every label uses the embedded CJK font: arrivals by hour of day,
tickets per service, ratings by level and, for a range, the daily trend. Long tables (clerks, bad ratings,
days) break across pages and repeat their header row.
"""

import math
from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hall.pdf.fonts import FONT_NAME, register_cjk_font
from hall.pdf.layout import (
    BODY,
    CONTENT_WIDTH,
    LABEL_FILL,
    MUTED,
    RULE,
    SMALL,
    build_pdf,
    cn_date,
    document_header,
    para,
)
from hall.services.reports.figures import (
    BadRating,
    ClerkFigures,
    CounterFigures,
    DayTrend,
    DepartmentCases,
    RatingFigures,
    ReportFigures,
    ServiceFigures,
    TicketTotals,
)

MISSING = "—"
LEVEL_NAMES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
FOLLOW_UP_STATES = {"open": "待回访", "called_back": "已回访", "closed": "已办结"}
WEEKDAYS = "一二三四五六日"


def _style(name: str, size: float, **overrides) -> ParagraphStyle:
    """A style in the CJK font (inherited from BODY, with its CJK line breaking) at ``size``."""
    settings = {"fontSize": size, "leading": size * 1.5, "spaceAfter": 0} | overrides
    return ParagraphStyle(name, parent=BODY, **settings)


SECTION = _style("report-section", 13, spaceBefore=8, spaceAfter=4)
CHART_TITLE = _style("report-chart-title", 9.5, leading=13, spaceBefore=4, spaceAfter=1, textColor=MUTED)
TILE_LABEL = _style("report-tile-label", 9, leading=12, alignment=1, textColor=MUTED)
TILE_VALUE = _style("report-tile-value", 15, leading=19, alignment=1)
TILE_NOTE = _style("report-tile-note", 8, leading=10, alignment=1, textColor=MUTED)
NOTE = ParagraphStyle("report-note", parent=SMALL, spaceBefore=2, spaceAfter=2)

# Two blues far apart in lightness, so issued and served stay apart on a monochrome laser printer.
LIGHT_BLUE = colors.Color(0.66, 0.76, 0.88)
DARK_BLUE = colors.Color(0.15, 0.32, 0.56)
GREEN = colors.Color(0.18, 0.52, 0.3)
GRID_LINE = colors.Color(0.85, 0.85, 0.85)
LEVEL_COLOURS = {
    5: colors.Color(0.16, 0.48, 0.28),
    4: colors.Color(0.5, 0.73, 0.52),
    3: colors.Color(0.72, 0.72, 0.72),
    2: colors.Color(0.9, 0.6, 0.45),
    1: colors.Color(0.72, 0.22, 0.18),
}
OVERDUE_TEXT = colors.Color(0.7, 0.1, 0.1)

AXIS_FONT_SIZE = 7.5
MAX_CHARTED_SERVICES = 40  # more bars than fit a page: the chart shows the busiest, the table lists them all
CHART_HEIGHT = 62 * mm

NUMERALS = "一二三四五六七八九十"

# A section is its heading, then flowables and blocks (lists of flowables printed on one page). The heading is
# kept with what follows it; nested KeepTogethers are avoided (one inside another reports an endless height).
Block = list[Flowable]
Section = list[Flowable | Block]


# ---- how values read -------------------------------------------------------------------------------------


def minutes(seconds: float | None) -> str:
    return MISSING if seconds is None else f"{seconds / 60:.1f} 分钟"


def hours(seconds: float | None) -> str:
    return MISSING if seconds is None else f"{seconds / 3600:.1f} 小时"


def percent(share: float | None) -> str:
    return MISSING if share is None else f"{share * 100:.1f}%"


def share_of(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def period_text(figures: ReportFigures) -> str:
    if figures.is_single_day:
        return f"{cn_date(figures.start)}（星期{WEEKDAYS[figures.start.weekday()]}）"
    days = (figures.end - figures.start).days + 1
    return f"{cn_date(figures.start)} 至 {cn_date(figures.end)}（共 {days} 天）"


def needs_year(figures: ReportFigures) -> bool:
    """Whether table dates must carry the year: the range crosses New Year, or a follow-up falls due after it."""
    years = {figures.start.year, figures.end.year}
    years |= {rating.follow_up_due.year for rating in figures.ratings.bad if rating.follow_up_due}
    return len(years) > 1


def table_date(day: date | None, with_year: bool) -> str:
    """A date short enough for one line of a table column: 11月23日, or 2026-11-23 when years differ."""
    if day is None:
        return MISSING
    return day.isoformat() if with_year else f"{day.month}月{day.day}日"


# ---- tables ----------------------------------------------------------------------------------------------


TABLE_FONT_SIZE = 9
TABLE_LEADING = 12
CELL_PADDING = 3


# Punctuation that must not start a line (避头): it stays at the end of the line before, a little past the edge.
NO_LINE_START = set("，。、；：？！）》」』”’%,.;:?!)")


def wrap_lines(text: str, width: float, size: float = TABLE_FONT_SIZE) -> list[str]:
    """``text`` broken into lines no wider than ``width``, between any two characters as Chinese allows.

    A plain greedy fill, so long tables stay plain-string cells: reportlab's Paragraph lays CJK text out a
    character at a time and, re-wrapped at every page break of a long table, made a 90-day report slow.
    """
    lines: list[str] = []
    for source in text.splitlines() or [""]:
        line, used = "", 0.0
        for char in source:
            advance = stringWidth(char, FONT_NAME, size)
            if line and used + advance > width and char not in NO_LINE_START:
                lines.append(line)
                line, used = "", 0.0
            line += char
            used += advance
        lines.append(line)
    return lines


def _cell(value: Flowable | str, width: float) -> Flowable | str:
    """Strings stay plain strings (the table draws them directly, fast), wrapped to the column by hand."""
    if not isinstance(value, str):
        return value
    room = width - 2 * CELL_PADDING
    if "\n" not in value and stringWidth(value, FONT_NAME, TABLE_FONT_SIZE) <= room:
        return value
    return "\n".join(wrap_lines(value, room))


def _figures_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    *,
    total_row: bool = False,
    left: Sequence[int] = (0,),
    extra: Sequence[tuple] = (),
) -> Table:
    """A ruled table of figures, centred except the ``left`` columns (names), its header repeated on each page.

    The look is ``layout.grid_table``'s, with tighter padding; the last row is shaded when it holds totals.
    """
    cells = [[_cell(value, widths[column]) for column, value in enumerate(row)] for row in (header, *rows)]
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), TABLE_LEADING),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (column, 1), (column, -1), "LEFT") for column in left]
    if total_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL))
    commands += extra
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


KEEP_WHOLE_ROWS = 25  # a table up to this long moves whole to the next page rather than split


def _kept(flowables: Block, rows: int) -> list[Flowable | Block]:
    """A short table (with its title or note) as one block; a long one as loose flowables, free to split."""
    return [flowables] if rows <= KEEP_WHOLE_ROWS else list(flowables)


def _empty(text: str) -> Paragraph:
    return para(text, NOTE)


def _numbered(index: int, title: str) -> Paragraph:
    """A section heading; ``build_report`` keeps it on the page of the section's first block."""
    return para(f"{NUMERALS[index - 1]}、{title}", SECTION)


def _titled(title: str, room: float = 30 * mm) -> list[Flowable]:
    """A long table's title, on a new page unless there is room for the table's header and first rows.

    (keepWithNext or KeepTogether would push the whole long table onto a new page, leaving a blank half page.)
    """
    return [CondPageBreak(room), para(title, CHART_TITLE)]


# ---- charts ----------------------------------------------------------------------------------------------


def _axis_labels(axis, size: float = AXIS_FONT_SIZE) -> None:
    axis.labels.fontName = FONT_NAME
    axis.labels.fontSize = size
    axis.strokeColor = RULE
    axis.strokeWidth = 0.5


def _value_axis(axis, *, step: float | None = None, maximum: float | None = None, fmt=None) -> None:
    _axis_labels(axis)
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


def _count_axis(axis, largest: float) -> None:
    step = _count_step(largest)
    _value_axis(axis, step=step, maximum=max(step, math.ceil(largest * 1.12 / step) * step), fmt="%d")


def _bar_labels(chart, size: float = 7) -> None:
    chart.barLabels.fontName = FONT_NAME
    chart.barLabels.fontSize = size
    chart.barLabels.fillColor = colors.black
    chart.barLabelFormat = lambda value: f"{value:.0f}" if value else ""


def _legend(drawing: Drawing, x: float, y: float, items: Sequence[tuple[colors.Color, str, str]]) -> None:
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


def _axis_title(drawing: Drawing, x: float, y: float, text: str, anchor: str = "start") -> None:
    drawing.add(String(x, y, text, fontName=FONT_NAME, fontSize=7, fillColor=MUTED, textAnchor=anchor))


def _fit_label(text: str, width: float, size: float) -> str:
    if stringWidth(text, FONT_NAME, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT_NAME, size) > width:
        text = text[:-1]
    return text + "…"


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
    _axis_labels(chart.categoryAxis)
    chart.categoryAxis.labels.dy = -2
    _count_axis(chart.valueAxis, max(arrivals))
    chart.bars[0].fillColor = DARK_BLUE
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 4
    _bar_labels(chart)
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 1
    drawing.add(chart)
    _axis_title(drawing, chart.x - 28, chart.y + chart.height + 6, "取号数（张）")
    _axis_title(drawing, chart.x + chart.width, 4, "取号时刻（时）", anchor="end")
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
    chart.categoryAxis.categoryNames = [_fit_label(name, label_width - 4, label_size) for name in names]
    chart.categoryAxis.reverseDirection = 1
    _axis_labels(chart.categoryAxis, label_size)
    chart.categoryAxis.labels.dx = -3
    _count_axis(chart.valueAxis, max((s.tickets.issued for s in services), default=0))
    chart.bars[0].fillColor, chart.bars[1].fillColor = DARK_BLUE, LIGHT_BLUE
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 5
    _bar_labels(chart, 6.5)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    _legend(drawing, chart.x, height - 10, [(LIGHT_BLUE, "box", "取号"), (DARK_BLUE, "box", "办结")])
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
    _axis_labels(chart.categoryAxis, 8)
    chart.categoryAxis.labels.dx = -3
    _count_axis(chart.valueAxis, max(chart.data[0]))
    chart.bars.strokeColor = None
    for index, level in enumerate(levels):
        chart.bars[(0, index)].fillColor = LEVEL_COLOURS[level]
    chart.groupSpacing = 4
    _bar_labels(chart)
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
    _axis_labels(chart.categoryAxis)
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
    _legend(drawing, chart.x, CHART_HEIGHT - 10, styles)
    return drawing


def trend_counts_chart(daily: Sequence[DayTrend]) -> Drawing:
    largest = max(max(day.issued, day.served) for day in daily)
    return _line_chart(
        [day.day for day in daily],
        [[day.issued for day in daily], [day.served for day in daily]],
        [(DARK_BLUE, "line", "取号"), (GREEN, "dash", "办结")],
        lambda axis: _count_axis(axis, largest),
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
    _value_axis(axis, step=step, maximum=100, fmt="%d%%")
    axis.valueMin = floor


def _chart_block(title: str, drawing: Flowable) -> Block:
    return [para(title, CHART_TITLE), drawing]


# ---- sections --------------------------------------------------------------------------------------------


def _tile(label: str, value: str, note: str = "") -> list[Flowable]:
    cell = [para(label, TILE_LABEL), para(value, TILE_VALUE)]
    cell.append(para(note or " ", TILE_NOTE))
    return cell


def overview(figures: ReportFigures, index: int) -> Section:
    totals = figures.tickets
    target = figures.target_wait_minutes
    days = (figures.end - figures.start).days + 1
    daily_mean = "" if figures.is_single_day else f"日均 {totals.issued / days:.1f}"
    tiles = [
        [
            _tile("取号总数", f"{totals.issued}", daily_mean),
            _tile("办结", f"{totals.served}", f"办结率 {percent(share_of(totals.served, totals.issued))}"),
            _tile("过号", f"{totals.no_show}", f"过号率 {percent(totals.no_show_rate)}"),
            _tile("取消", f"{totals.cancelled}"),
        ],
        [
            _tile("平均等候", minutes(totals.avg_wait_s)),
            _tile("最长等候", minutes(totals.max_wait_s)),
            _tile("服务达标率", percent(totals.service_level), f"等候不超过 {target} 分钟"),
            _tile("平均办理时长", minutes(totals.avg_service_s)),
        ],
    ]
    table = Table(tiles, colWidths=[CONTENT_WIDTH / 4] * 4)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID_LINE),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.975, 0.975, 0.975)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [
        _numbered(index, "总体情况"),
        table,
        para(
            f"服务达标率：已叫号中等候不超过大厅目标 {target} 分钟的占比；过号率：过号数 ÷（办结数 + 过号数）；"
            "等候时长自取号至首次叫号，办理时长自开始办理至办结。",
            NOTE,
        ),
    ]


def _ticket_cells(name: str, totals: TicketTotals) -> list[Flowable | str]:
    return [
        name,
        f"{totals.issued}",
        f"{totals.served}",
        f"{totals.no_show}",
        percent(totals.no_show_rate),
        f"{totals.cancelled}",
        minutes(totals.avg_wait_s),
        minutes(totals.max_wait_s),
        percent(totals.service_level),
        minutes(totals.avg_service_s),
    ]


def services_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [_numbered(index, "各业务")]
    services = figures.by_service
    if not services:
        return [*story, _empty("本期无业务取号记录。")]
    rows = [_ticket_cells(f"{service.prefix} {service.name}", service.tickets) for service in services]
    rows.append(_ticket_cells("合计", figures.tickets))
    count, rate, duration = 12 * mm, 15 * mm, 19 * mm
    widths = [CONTENT_WIDTH - 4 * count - 2 * rate - 3 * duration, count, count, count, rate, count]
    widths += [duration, duration, rate, duration]
    header = ["业务", "取号", "办结", "过号", "过号率", "取消", "平均等候", "最长等候", "达标率", "平均办理"]
    note = para(f"达标率：等候不超过 {figures.target_wait_minutes} 分钟的已叫号占比。", NOTE)
    story += _kept([_figures_table(header, rows, widths, total_row=True), note], len(rows))
    if any(service.tickets.issued for service in services):
        title = "各业务取号与办结（张）"
        charted = services
        if len(services) > MAX_CHARTED_SERVICES:
            charted = sorted(services, key=lambda service: service.tickets.issued, reverse=True)
            charted = charted[:MAX_CHARTED_SERVICES]
            title = f"取号最多的 {MAX_CHARTED_SERVICES} 项业务：取号与办结（张）"
        story.append(_chart_block(title, services_chart(charted)))
    return story


def arrivals_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [_numbered(index, "取号时段分布")]
    arrivals = figures.arrivals_by_hour
    chart = arrivals_chart(arrivals)
    if chart is None:
        return [*story, _empty("本期无取号记录。")]
    total = sum(arrivals)
    peak = max(range(len(arrivals)), key=lambda hour: arrivals[hour])
    scope = "当日" if figures.is_single_day else "本期合计"
    title = f"各时段取号数（{scope}）"
    story.append(_chart_block(title, chart))
    story.append(
        para(
            f"高峰时段：{peak}:00–{peak + 1}:00，取号 {arrivals[peak]} 张，"
            f"占{scope} {percent(arrivals[peak] / total)}。",
            BODY,
        )
    )
    return story


def _counter_row(counter: CounterFigures) -> list[Flowable | str]:
    return [
        f"{counter.number}号",
        counter.name,
        f"{counter.served}",
        minutes(counter.avg_service_s),
        hours(counter.busy_s),
        hours(counter.idle_s),
        percent(share_of(counter.busy_s, counter.open_s)),
    ]


def _clerk_row(clerk: ClerkFigures, total_served: int) -> list[Flowable | str]:
    return [
        clerk.name,
        f"{clerk.served}",
        percent(share_of(clerk.served, total_served)),
        minutes(clerk.avg_service_s),
        hours(clerk.busy_s),
    ]


def staffing_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [_numbered(index, "窗口与人员")]
    if figures.counters:
        number, value = 14 * mm, 22 * mm
        widths = [number, CONTENT_WIDTH - number - 5 * value, value, value, value, value, value]
        header = ["窗口", "名称", "办结", "平均办理", "服务时长", "空闲时长", "利用率"]
        rows = [_counter_row(counter) for counter in figures.counters]
        table = _figures_table(header, rows, widths, left=(1,))
        note = para("服务时长：办理中的时间；空闲时长：窗口开放（已签到且未暂停）而未办理的时间。", NOTE)
        story += _kept([para("各窗口", CHART_TITLE), table, note], len(rows))
    else:
        story.append(_empty("本期无窗口开放记录。"))
    if figures.clerks:
        total_served = sum(clerk.served for clerk in figures.clerks)
        value = 26 * mm
        widths = [CONTENT_WIDTH - 4 * value, value, value, value, value]
        header = ["工作人员", "办结", "办结占比", "平均办理", "服务时长"]
        rows = [_clerk_row(clerk, total_served) for clerk in figures.clerks]
        story += [*_titled("各工作人员"), _figures_table(header, rows, widths)]
    else:
        story.append(_empty("本期无工作人员办理记录。"))
    return story


def _department_row(name: str, cases: Sequence[DepartmentCases]) -> list[Flowable | str]:
    accepted = sum(case.accepted for case in cases)
    immediate = sum(case.immediate for case in cases)
    return [
        name,
        f"{accepted}",
        f"{immediate}",
        f"{sum(case.promised for case in cases)}",
        percent(share_of(immediate, accepted)),
        f"{sum(case.completed for case in cases)}",
        f"{sum(case.overdue for case in cases)}",
    ]


def cases_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [_numbered(index, "办件情况")]
    departments = figures.departments
    if not departments:
        return [*story, _empty("本期无办件记录。")]
    rows = [_department_row(department.name, [department]) for department in departments]
    rows.append(_department_row("合计", departments))
    value = 20 * mm
    widths = [CONTENT_WIDTH - 6 * value, *[value] * 6]
    header = ["部门", "受理", "即办件", "承诺件", "即办占比", "办结", "超期"]
    overdue = [
        ("TEXTCOLOR", (6, row), (6, row), OVERDUE_TEXT)
        for row, department in enumerate(departments, start=1)
        if department.overdue
    ]
    table = _figures_table(header, rows, widths, total_row=True, extra=overdue)
    note = para("受理含当场办结的即办件；超期：本期逾期办结的，以及期末仍未办结且已过承诺时限的办件。", NOTE)
    story += _kept([table, note], len(rows))
    return story


def _bad_rating_row(rating: BadRating, with_day: bool, with_year: bool) -> list[Flowable | str]:
    comment = rating.comment.strip()
    parts = ["、".join(rating.reasons), f"“{comment}”" if comment else ""]
    detail = "\n".join(part for part in parts if part) or MISSING
    row: list[Flowable | str] = [table_date(rating.day, with_year)] if with_day else []
    row += [
        rating.ticket_number,
        MISSING if rating.counter_number is None else f"{rating.counter_number}号",
        rating.clerk_name or MISSING,
        LEVEL_NAMES.get(rating.level, f"{rating.level}"),
        detail,
        FOLLOW_UP_STATES.get(rating.follow_up_state, rating.follow_up_state),
        table_date(rating.follow_up_due, with_year),
    ]
    return row


def ratings_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [_numbered(index, "好差评")]
    ratings = figures.ratings
    if not ratings.total:
        return [*story, _empty("本期无评价。")]
    bad_total = ratings.by_level.get(1, 0) + ratings.by_level.get(2, 0)
    summary = para(
        f"评价 {ratings.total} 次，满意率 {percent(ratings.satisfaction_rate)}（非常满意与满意之和占全部评价），"
        f"差评 {bad_total} 次。",
        BODY,
    )
    levels = [
        [
            LEVEL_NAMES[level],
            f"{ratings.by_level.get(level, 0)}",
            percent(ratings.by_level.get(level, 0) / ratings.total),
        ]
        for level in (5, 4, 3, 2, 1)
    ]
    levels.append(["合计", f"{ratings.total}", "100.0%"])
    level_widths = [24 * mm, 16 * mm, 18 * mm]
    level_table = _figures_table(["评价等级", "次数", "占比"], levels, level_widths, total_row=True)
    chart_width = CONTENT_WIDTH - sum(level_widths) - 6 * mm
    side_by_side = Table([[level_table, ratings_chart(ratings, chart_width)]], colWidths=[None, chart_width + 6 * mm])
    side_by_side.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    story.append([summary, side_by_side])
    story += _titled("差评回访")
    if not ratings.bad:
        story.append(_empty("本期无差评。"))
        return story
    with_day = not figures.is_single_day
    header = ["号码", "窗口", "工作人员", "评价", "原因与意见", "回访状态", "回访期限"]
    with_year = needs_year(figures)
    date_width = 21 * mm if with_year else 17 * mm
    widths = [14 * mm, 12 * mm, 18 * mm, 19 * mm, 0, 16 * mm, date_width]
    if with_day:
        header.insert(0, "日期")
        widths.insert(0, date_width)
    widths[header.index("原因与意见")] = CONTENT_WIDTH - sum(widths)
    rows = [_bad_rating_row(rating, with_day, with_year) for rating in ratings.bad]
    detail = header.index("原因与意见")
    story.append(_figures_table(header, rows, widths, left=(detail,)))
    return story


def _day_row(day: DayTrend, with_year: bool) -> list[Flowable | str]:
    return [
        f"{table_date(day.day, with_year)} 周{WEEKDAYS[day.day.weekday()]}",
        f"{day.issued}",
        f"{day.served}",
        minutes(day.avg_wait_s),
        percent(day.service_level),
        percent(day.satisfaction_rate),
        f"{day.cases_accepted}",
    ]


def trend_section(figures: ReportFigures, index: int) -> Section:
    daily = figures.daily
    story: Section = [
        _numbered(index, "每日趋势"),
        _chart_block("每日取号与办结（张）", trend_counts_chart(daily)),
        _chart_block("每日服务达标率与满意率", trend_rates_chart(daily)),
    ]
    value = 23 * mm
    widths = [CONTENT_WIDTH - 6 * value, *[value] * 6]
    header = ["日期", "取号", "办结", "平均等候", "服务达标率", "满意率", "受理办件"]
    with_year = needs_year(figures)
    rows = [_day_row(day, with_year) for day in daily]
    story += [*_titled("每日明细"), _figures_table(header, rows, widths)]
    return story


# ---- the document ----------------------------------------------------------------------------------------


def report_title(figures: ReportFigures) -> str:
    return "服务大厅日报" if figures.is_single_day else "服务大厅运行报告"


def build_report(figures: ReportFigures, *, font_path: str = "") -> bytes:
    """The report as PDF bytes; a range report (start < end) adds the daily trend when ``daily`` is given."""
    register_cjk_font(font_path)
    title = report_title(figures)
    period = period_text(figures)
    story: list[Flowable] = [*document_header(figures.hall_name, title, period)]
    sections = [overview, services_section, arrivals_section, staffing_section, cases_section, ratings_section]
    if not figures.is_single_day and figures.daily:
        sections.append(trend_section)
    for index, section in enumerate(sections, start=1):
        heading, first, *rest = section(figures, index)
        if index > 1:
            story.append(Spacer(1, 2 * mm))
        if isinstance(first, list):
            story.append(KeepTogether([heading, *first]))
        else:
            story += [CondPageBreak(45 * mm), heading, first]
        story += [KeepTogether(item) if isinstance(item, list) else item for item in rest]
    return build_pdf(
        story,
        title=f"{title} {period}",
        author=figures.hall_name,
        footer=f"{_fit_label(figures.hall_name, 70 * mm, 8)}　{title}　{period}",
    )
