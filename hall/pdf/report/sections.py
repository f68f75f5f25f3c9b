"""The report's sections on tickets, windows, staff, cases and the daily trend; each returns a ``Section``
(its numbered heading first) for ``build_report`` to lay out."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from hall.pdf.layout import BODY, CONTENT_WIDTH, RULE, para
from hall.pdf.report.charts import arrivals_chart, chart_block, services_chart, trend_counts_chart, trend_rates_chart
from hall.pdf.report.figure_tables import empty_note, figures_table, kept, numbered, titled
from hall.pdf.report.formatting import (
    WEEKDAYS,
    hours,
    minutes,
    minutes_figure,
    needs_year,
    percent,
    share_of,
    table_date,
)
from hall.pdf.report.styles import (
    CHART_TITLE,
    GRID_LINE,
    NOTE,
    OVERDUE_TEXT,
    TILE_LABEL,
    TILE_NOTE,
    TILE_VALUE,
    Section,
)
from hall.services.reports.figures import (
    ClerkFigures,
    CounterFigures,
    DayTrend,
    DepartmentCases,
    ReportFigures,
    TicketTotals,
)

MAX_CHARTED_SERVICES = 40  # more bars than fit a page: the chart shows the busiest, the table lists them all


def _tile(label: str, value: str, note: str = "") -> list[Flowable]:
    cell = [para(label, TILE_LABEL), para(value, TILE_VALUE)]
    cell.append(para(note or " ", TILE_NOTE))
    return cell


def overview(figures: ReportFigures, index: int) -> Section:
    totals = figures.tickets
    target = figures.target_wait_minutes
    days = (figures.end - figures.start).days + 1
    daily_mean = "" if figures.is_single_day else f"日均 {totals.issued / days:.1f}"
    # The second row follows a visit: waiting, walking to the window, being served, and the whole stay.
    tiles = [
        [
            _tile("取号总数", f"{totals.issued}", daily_mean),
            _tile("办结", f"{totals.served}", f"办结率 {percent(share_of(totals.served, totals.issued))}"),
            _tile("过号", f"{totals.no_show}", f"过号率 {percent(totals.no_show_rate)}"),
            _tile("取消", f"{totals.cancelled}"),
            _tile("服务达标率", percent(totals.service_level), f"等候不超过 {target} 分钟"),
        ],
        [
            _tile("平均等候", minutes(totals.avg_wait_s)),
            _tile("最长等候", minutes(totals.max_wait_s)),
            _tile("平均到窗时长", minutes(totals.avg_walk_s)),
            _tile("平均办理时长", minutes(totals.avg_service_s)),
            _tile("平均在厅时长", minutes(totals.avg_stay_s)),
        ],
    ]
    table = Table(tiles, colWidths=[CONTENT_WIDTH / 5] * 5)
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
        numbered(index, "总体情况"),
        table,
        para(
            f"服务达标率：已叫号中等候不超过大厅目标 {target} 分钟的占比；过号率：过号数 ÷（办结数 + 过号数）；"
            "等候时长自取号至首次叫号，到窗时长自叫号至开始办理（未点“开始办理”的不计），办理时长自开始办理至办结，"
            "在厅时长自取号至办结（闭厅时由系统结束的不计办理与在厅时长）。",
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
        minutes_figure(totals.avg_wait_s),
        minutes_figure(totals.max_wait_s),
        percent(totals.service_level),
        minutes_figure(totals.avg_walk_s),
        minutes_figure(totals.avg_service_s),
        minutes_figure(totals.avg_stay_s),
    ]


def services_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [numbered(index, "各业务")]
    services = figures.by_service
    if not services:
        return [*story, empty_note("本期无业务取号记录。")]
    rows = [_ticket_cells(f"{service.prefix} {service.name}", service.tickets) for service in services]
    rows.append(_ticket_cells("合计", figures.tickets))
    # Six durations beside the counts: minutes without their unit (the note gives it), headings on two lines.
    count, rate, duration = 11 * mm, 14 * mm, 12.5 * mm
    widths = [CONTENT_WIDTH - 4 * count - 2 * rate - 5 * duration, count, count, count, rate, count]
    widths += [duration, duration, rate, duration, duration, duration]
    header = ["业务", "取号", "办结", "过号", "过号率", "取消", "平均\n等候", "最长\n等候", "达标率"]
    header += ["平均\n到窗", "平均\n办理", "平均\n在厅"]
    note = para(
        f"时长单位：分钟。达标率：等候不超过 {figures.target_wait_minutes} 分钟的已叫号占比；"
        "到窗：叫号至开始办理；在厅：取号至办结。",
        NOTE,
    )
    story += kept([figures_table(header, rows, widths, total_row=True), note], len(rows))
    if any(service.tickets.issued for service in services):
        title = "各业务取号与办结（张）"
        charted = services
        if len(services) > MAX_CHARTED_SERVICES:
            charted = sorted(services, key=lambda service: service.tickets.issued, reverse=True)
            charted = charted[:MAX_CHARTED_SERVICES]
            title = f"取号最多的 {MAX_CHARTED_SERVICES} 项业务：取号与办结（张）"
        story.append(chart_block(title, services_chart(charted)))
    return story


def arrivals_section(figures: ReportFigures, index: int) -> Section:
    story: Section = [numbered(index, "取号时段分布")]
    arrivals = figures.arrivals_by_hour
    chart = arrivals_chart(arrivals)
    if chart is None:
        return [*story, empty_note("本期无取号记录。")]
    total = sum(arrivals)
    peak = max(range(len(arrivals)), key=lambda hour: arrivals[hour])
    scope = "当日" if figures.is_single_day else "本期合计"
    title = f"各时段取号数（{scope}）"
    story.append(chart_block(title, chart))
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
    story: Section = [numbered(index, "窗口与人员")]
    if figures.counters:
        number, value = 14 * mm, 22 * mm
        widths = [number, CONTENT_WIDTH - number - 5 * value, value, value, value, value, value]
        header = ["窗口", "名称", "办结", "平均办理", "服务时长", "空闲时长", "利用率"]
        rows = [_counter_row(counter) for counter in figures.counters]
        table = figures_table(header, rows, widths, left=(1,))
        note = para("服务时长：办理中的时间；空闲时长：窗口开放（已签到且未暂停）而未办理的时间。", NOTE)
        story += kept([para("各窗口", CHART_TITLE), table, note], len(rows))
    else:
        story.append(empty_note("本期无窗口开放记录。"))
    if figures.clerks:
        total_served = sum(clerk.served for clerk in figures.clerks)
        value = 26 * mm
        widths = [CONTENT_WIDTH - 4 * value, value, value, value, value]
        header = ["工作人员", "办结", "办结占比", "平均办理", "服务时长"]
        rows = [_clerk_row(clerk, total_served) for clerk in figures.clerks]
        story += [*titled("各工作人员"), figures_table(header, rows, widths)]
    else:
        story.append(empty_note("本期无工作人员办理记录。"))
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
    story: Section = [numbered(index, "办件情况")]
    departments = figures.departments
    if not departments:
        return [*story, empty_note("本期无办件记录。")]
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
    table = figures_table(header, rows, widths, total_row=True, extra=overdue)
    note = para("受理含当场办结的即办件；超期：本期逾期办结的，以及期末仍未办结且已过承诺时限的办件。", NOTE)
    story += kept([table, note], len(rows))
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
        numbered(index, "每日趋势"),
        chart_block("每日取号与办结（张）", trend_counts_chart(daily)),
        chart_block("每日服务达标率与满意率", trend_rates_chart(daily)),
    ]
    value = 23 * mm
    widths = [CONTENT_WIDTH - 6 * value, *[value] * 6]
    header = ["日期", "取号", "办结", "平均等候", "服务达标率", "满意率", "受理办件"]
    with_year = needs_year(figures)
    rows = [_day_row(day, with_year) for day in daily]
    story += [*titled("每日明细"), figures_table(header, rows, widths)]
    return story
