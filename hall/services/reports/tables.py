"""The report as tables, for CSV files and an Excel workbook: the same figures as the PDF, in Chinese.

``tables(figures)`` lays the figures out as titled tables; the writers only format them. Cells are plain
values: ``int`` counts, ``Minutes`` (durations, one decimal), ``Percent`` (shares, shown as percentages with
one decimal), ``date``, text, and "—" wherever nothing was measured. CSV files are UTF-8 with a byte-order
mark, which is what makes Excel on Windows read Chinese correctly; the workbook has one sheet per table, a
bold frozen header row and columns wide enough for their content.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hall.services.reports.figures import ReportFigures, TicketTotals

MISSING = "—"
LEVEL_NAMES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
FOLLOW_UP_STATES = {"open": "待回访", "called_back": "已回访", "closed": "已办结"}
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark


class Minutes(float):
    """A duration in minutes, rounded to one decimal ("8.5")."""

    def __new__(cls, seconds: float):
        return super().__new__(cls, round(seconds / 60, 1))

    def text(self) -> str:
        return f"{self:.1f}"


class Percent(float):
    """A share of 0..1, shown as a percentage with one decimal ("92.3%")."""

    def __new__(cls, share: float):
        return super().__new__(cls, round(share, 3))

    def text(self) -> str:
        return f"{self * 100:.1f}%"


def minutes(seconds: float | None):
    return MISSING if seconds is None else Minutes(seconds)


def percent(share: float | None):
    return MISSING if share is None else Percent(share)


def share_of(part: float, whole: float):
    return percent(part / whole if whole else None)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def cell_text(value) -> str:
    """How a cell reads in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, Minutes | Percent):
        return value.text()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---- the tables --------------------------------------------------------------------------------------------


def period_text(figures: ReportFigures) -> str:
    if figures.is_single_day:
        return figures.start.isoformat()
    return f"{figures.start.isoformat()} 至 {figures.end.isoformat()}（共 {(figures.end - figures.start).days + 1} 天）"


def overview_table(figures: ReportFigures) -> Table:
    t = figures.tickets
    r = figures.ratings
    rows = [
        ["服务大厅", figures.hall_name],
        ["统计期间", period_text(figures)],
        ["取号数", t.issued],
        ["办结数", t.served],
        ["办结率", share_of(t.served, t.issued)],
        ["过号数", t.no_show],
        ["过号率", percent(t.no_show_rate)],
        ["取消数", t.cancelled],
        ["平均等候（分钟）", minutes(t.avg_wait_s)],
        ["最长等候（分钟）", minutes(t.max_wait_s)],
        [f"服务达标率（等候不超过 {figures.target_wait_minutes} 分钟）", percent(t.service_level)],
        ["平均到窗时长（分钟）", minutes(t.avg_walk_s)],
        ["平均办理时长（分钟）", minutes(t.avg_service_s)],
        ["平均在厅时长（分钟）", minutes(t.avg_stay_s)],
        ["受理办件", sum(d.accepted for d in figures.departments)],
        ["办结办件", sum(d.completed for d in figures.departments)],
        ["超期办件", sum(d.overdue for d in figures.departments)],
        ["评价数", r.total],
        ["满意率", percent(r.satisfaction_rate)],
        ["差评数", len(r.bad)],
    ]
    return Table("概况", ["指标", "数值"], rows)


SERVICE_COLUMNS = [
    "取号",
    "办结",
    "过号",
    "过号率",
    "取消",
    "平均等候（分钟）",
    "最长等候（分钟）",
    "服务达标率",
    "平均到窗时长（分钟）",
    "平均办理时长（分钟）",
    "平均在厅时长（分钟）",
]


def _ticket_cells(totals: TicketTotals) -> list:
    return [
        totals.issued,
        totals.served,
        totals.no_show,
        percent(totals.no_show_rate),
        totals.cancelled,
        minutes(totals.avg_wait_s),
        minutes(totals.max_wait_s),
        percent(totals.service_level),
        minutes(totals.avg_walk_s),
        minutes(totals.avg_service_s),
        minutes(totals.avg_stay_s),
    ]


def services_table(figures: ReportFigures) -> Table:
    rows = [[s.prefix, s.name, *_ticket_cells(s.tickets)] for s in figures.by_service]
    rows.append(["", "合计", *_ticket_cells(figures.tickets)])
    return Table("各业务取号与等候", ["号码前缀", "业务", *SERVICE_COLUMNS], rows)


def arrivals_table(figures: ReportFigures) -> Table:
    rows = [[f"{hour:02d}:00-{hour + 1:02d}:00", count] for hour, count in enumerate(figures.arrivals_by_hour)]
    rows.append(["合计", sum(figures.arrivals_by_hour)])
    return Table("分时段取号", ["时段", "取号数"], rows)


def counters_table(figures: ReportFigures) -> Table:
    rows = [
        [
            c.number,
            c.name,
            c.served,
            minutes(c.avg_service_s),
            Minutes(c.open_s),
            Minutes(c.busy_s),
            Minutes(c.idle_s),
            share_of(c.busy_s, c.open_s),
        ]
        for c in figures.counters
    ]
    columns = [
        "窗口号",
        "窗口",
        "办结",
        "平均办理时长（分钟）",
        "开放时长（分钟）",
        "办理时长（分钟）",
        "空闲时长（分钟）",
        "忙碌率",
    ]
    return Table("窗口工作量", columns, rows)


def clerks_table(figures: ReportFigures) -> Table:
    rows = [[c.name, c.served, minutes(c.avg_service_s), Minutes(c.busy_s)] for c in figures.clerks]
    return Table("工作人员工作量", ["工作人员", "办结", "平均办理时长（分钟）", "办理时长（分钟）"], rows)


def departments_table(figures: ReportFigures) -> Table:
    rows = [[d.name, d.accepted, d.immediate, d.promised, d.completed, d.overdue] for d in figures.departments]
    columns = ["部门", "受理", "其中即办件", "其中承诺件", "办结", "超期"]
    totals = [sum(row[i] for row in rows) for i in range(1, len(columns))]
    rows.append(["合计", *totals])
    return Table("各部门办件", columns, rows)


def ratings_table(figures: ReportFigures) -> Table:
    r = figures.ratings
    rows = [
        [LEVEL_NAMES[level], r.by_level.get(level, 0), share_of(r.by_level.get(level, 0), r.total)]
        for level in LEVEL_NAMES
    ]
    rows.append(["合计", r.total, share_of(r.total, r.total)])
    rows.append(["满意率（非常满意＋满意）", r.by_level.get(5, 0) + r.by_level.get(4, 0), percent(r.satisfaction_rate)])
    return Table("好差评", ["评价", "数量", "占比"], rows)


def bad_ratings_table(figures: ReportFigures) -> Table:
    rows = [
        [
            b.day,
            b.ticket_number,
            b.counter_number if b.counter_number is not None else MISSING,
            b.clerk_name or MISSING,
            LEVEL_NAMES.get(b.level, str(b.level)),
            "、".join(b.reasons),
            b.comment,
            FOLLOW_UP_STATES.get(b.follow_up_state, b.follow_up_state),
            b.follow_up_due if b.follow_up_due is not None else MISSING,
        ]
        for b in figures.ratings.bad
    ]
    columns = ["日期", "号码", "窗口号", "工作人员", "评价", "原因", "意见", "回访状态", "整改期限"]
    return Table("差评及回访整改", columns, rows)


def daily_table(figures: ReportFigures) -> Table:
    rows = [
        [
            d.day,
            d.issued,
            d.served,
            minutes(d.avg_wait_s),
            percent(d.service_level),
            percent(d.satisfaction_rate),
            d.cases_accepted,
        ]
        for d in figures.daily
    ]
    columns = ["日期", "取号", "办结", "平均等候（分钟）", "服务达标率", "满意率", "受理办件"]
    return Table("每日趋势", columns, rows)


def tables(figures: ReportFigures) -> list[Table]:
    """The report's tables in reading order; the daily trend only for a range of days."""
    result = [
        overview_table(figures),
        services_table(figures),
        arrivals_table(figures),
        counters_table(figures),
        clerks_table(figures),
        departments_table(figures),
        ratings_table(figures),
        bad_ratings_table(figures),
    ]
    if not figures.is_single_day:
        result.append(daily_table(figures))
    return result


# ---- CSV ---------------------------------------------------------------------------------------------------


def csv_bytes(table: Table) -> bytes:
    """One table as a CSV file: UTF-8 with BOM (Excel), a header row, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([cell_text(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode(CSV_ENCODING)


def csv_name(index: int, table: Table) -> str:
    return f"{index:02d}-{table.title}.csv"


def csv_zip(figures: ReportFigures) -> bytes:
    """Every table of the report as its own CSV file, in one zip archive (01-概况.csv ...)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, table in enumerate(tables(figures), start=1):
            archive.writestr(csv_name(index, table), csv_bytes(table))
    return buffer.getvalue()


# ---- Excel -------------------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF6")
NUMBER_FORMATS = {Minutes: "0.0", Percent: "0.0%"}
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60


def display_width(value) -> int:
    """Roughly how many character widths a value takes: Chinese characters count double."""
    text = cell_text(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def sheet_title(index: int, title: str) -> str:
    # Excel: at most 31 characters, none of : \ / ? * [ ]
    cleaned = "".join(ch for ch in title if ch not in ":\\/?*[]")
    return cleaned[:31] or f"表{index}"


def xlsx_bytes(figures: ReportFigures) -> bytes:
    """The report as an Excel workbook: one sheet per table, bold frozen header, fitted column widths."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables(figures), start=1):
        sheet = workbook.create_sheet(sheet_title(index, table.title))
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=False)
        for row_number, row in enumerate(table.rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row_number, column, float(value) if isinstance(value, Minutes | Percent) else value)
                if type(value) in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[type(value)]
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
        for column, header in enumerate(table.columns, start=1):
            widest = max([display_width(header), *(display_width(row[column - 1]) for row in table.rows)])
            sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, widest + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
