"""The report's tables as CSV files and an Excel workbook: Chinese headers, Excel-friendly encoding, formatting.

The figures are written out by hand (the writers only present them; ``test_metrics`` checks the figures).
"""

import csv
import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

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
from hall.services.reports.tables import Minutes, Percent, csv_bytes, csv_zip, tables, xlsx_bytes

DAY = date(2026, 11, 24)
BOM = b"\xef\xbb\xbf"


def totals(issued, served, no_show, cancelled, wait, max_wait, level, service, walk, stay) -> TicketTotals:
    return TicketTotals(issued, served, no_show, cancelled, wait, max_wait, level, service, walk, stay)


def figures(start: date = DAY, end: date = DAY) -> ReportFigures:
    a = totals(6, 3, 1, 1, 7980.0, 30600.0, 0.75, 560.0, 60.0, 11200.0)
    b = totals(2, 2, 0, 0, 1590.0, 2700.0, 0.5, 660.0, 120.0, 2310.0)
    return ReportFigures(
        hall_name="测试镇便民服务中心",
        start=start,
        end=end,
        target_wait_minutes=30,
        tickets=totals(8, 5, 1, 1, 5850.0, 30600.0, 4 / 6, 600.0, 80.0, 7644.0),
        by_service=(ServiceFigures(1, "A", "综合受理", a), ServiceFigures(2, "B", "社保业务", b)),
        arrivals_by_hour=(1, *[0] * 8, 3, 2, 1, *[0] * 11, 1),
        counters=(
            CounterFigures(1, 1, "1号窗口", 2, 540.0, 1080.0, 16200.0),
            CounterFigures(3, 3, "3号窗口", 0, None, 0.0, 0.0),
        ),
        clerks=(ClerkFigures(2, "王芳", 3, 640.0, 1920.0),),
        departments=(
            DepartmentCases(1, "社会事务办", accepted=1, completed=2, overdue=2, immediate=0, promised=1),
            DepartmentCases(2, "社会保障所", accepted=2, completed=1, overdue=0, immediate=1, promised=1),
        ),
        ratings=RatingFigures(
            total=4,
            by_level={5: 1, 4: 1, 3: 1, 2: 1, 1: 0},
            bad=(
                BadRating(
                    "B001", DAY, 2, "王芳", 2, ("等候时间太长", "态度不好"), "等了很久", "open", date(2026, 12, 1)
                ),
            ),
        ),
        daily=tuple(
            DayTrend(DAY, 8, 5, 5850.0, 4 / 6, 0.5, 3) if d == DAY else DayTrend(d, 0, 0, None, None, None, 0)
            for d in (date(2026, 11, d) for d in range(start.day, end.day + 1))
        ),
    )


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def as_written(value):
    """openpyxl reads a date cell back as a datetime at midnight, and an empty text cell as None."""
    if isinstance(value, datetime):
        return value.date()
    return "" if value is None else value


def by_title(figures_: ReportFigures) -> dict:
    return {table.title: table for table in tables(figures_)}


def test_csv_opens_in_excel_with_chinese_headers():
    """The CSV starts with the UTF-8 byte-order mark, so Excel shows 业务 and not mojibake, and uses CRLF."""
    table = by_title(figures())["各业务取号与等候"]
    content = csv_bytes(table)
    assert content.startswith(BOM)
    assert b"\r\n" in content
    header, *rows = read_csv(content)
    assert header[:4] == ["号码前缀", "业务", "取号", "办结"]
    assert "平均等候（分钟）" in header and "服务达标率" in header
    assert len(rows) == 3  # A, B and 合计


def test_durations_read_as_minutes_with_one_decimal_and_shares_as_percentages():
    """A's 7980 s average wait reads 133.0 (minutes), its service level 75.0%, nothing measured reads —."""
    tables_ = by_title(figures())
    header, a, _, total = read_csv(csv_bytes(tables_["各业务取号与等候"]))
    row = dict(zip(header, a, strict=True))
    assert row == {
        "号码前缀": "A",
        "业务": "综合受理",
        "取号": "6",
        "办结": "3",
        "过号": "1",
        "过号率": "25.0%",  # 1 of the 4 that ended at a window
        "取消": "1",
        "平均等候（分钟）": "133.0",
        "最长等候（分钟）": "510.0",
        "服务达标率": "75.0%",
        "平均到窗时长（分钟）": "1.0",  # 60 s from the call to the start
        "平均办理时长（分钟）": "9.3",  # 560 s
        "平均在厅时长（分钟）": "186.7",  # 11200 s from the ticket to the finish
    }
    total_row = dict(zip(header, total, strict=True))
    assert (total_row["服务达标率"], total_row["平均到窗时长（分钟）"], total_row["平均在厅时长（分钟）"]) == (
        "66.7%",
        "1.3",
        "127.4",
    )
    header, w1, w3 = read_csv(csv_bytes(tables_["窗口工作量"]))
    assert dict(zip(header, w1, strict=True)) == {
        "窗口号": "1",
        "窗口": "1号窗口",
        "办结": "2",
        "平均办理时长（分钟）": "9.0",
        "开放时长（分钟）": "270.0",
        "办理时长（分钟）": "18.0",
        "空闲时长（分钟）": "252.0",
        "忙碌率": "6.7%",
    }
    assert dict(zip(header, w3, strict=True))["平均办理时长（分钟）"] == "—"
    assert dict(zip(header, w3, strict=True))["忙碌率"] == "—"


def test_every_table_of_the_report_is_in_the_zip():
    """The zip holds one numbered CSV per table, each with its BOM; the daily report has no trend table."""
    archive = zipfile.ZipFile(io.BytesIO(csv_zip(figures())))
    names = archive.namelist()
    assert names == [
        "01-概况.csv",
        "02-各业务取号与等候.csv",
        "03-分时段取号.csv",
        "04-窗口工作量.csv",
        "05-工作人员工作量.csv",
        "06-各部门办件.csv",
        "07-好差评.csv",
        "08-差评及回访整改.csv",
    ]
    assert all(archive.read(name).startswith(BOM) for name in names)
    overview = dict(read_csv(archive.read("01-概况.csv"))[1:])
    assert overview["统计期间"] == "2026-11-24"
    assert overview["服务达标率（等候不超过 30 分钟）"] == "66.7%"
    assert (overview["平均到窗时长（分钟）"], overview["平均在厅时长（分钟）"]) == ("1.3", "127.4")
    assert overview["满意率"] == "50.0%"
    assert overview["差评数"] == "1"


def test_a_range_adds_the_daily_trend():
    """A three-day report ends with the trend, one row per day, quiet days included."""
    figures_ = figures(date(2026, 11, 23), date(2026, 11, 25))
    trend = tables(figures_)[-1]
    assert trend.title == "每日趋势"
    header, *rows = read_csv(csv_bytes(trend))
    assert header == ["日期", "取号", "办结", "平均等候（分钟）", "服务达标率", "满意率", "受理办件"]
    assert rows == [
        ["2026-11-23", "0", "0", "—", "—", "—", "0"],
        ["2026-11-24", "8", "5", "97.5", "66.7%", "50.0%", "3"],
        ["2026-11-25", "0", "0", "—", "—", "—", "0"],
    ]


def test_cases_ratings_and_bad_ratings_read_in_chinese():
    """Departments end with a 合计 row, ratings name their levels, a bad rating shows its follow-up state."""
    tables_ = by_title(figures())
    departments = read_csv(csv_bytes(tables_["各部门办件"]))
    assert departments[0] == ["部门", "受理", "其中即办件", "其中承诺件", "办结", "超期"]
    assert departments[-1] == ["合计", "3", "1", "2", "3", "2"]
    ratings = read_csv(csv_bytes(tables_["好差评"]))
    assert ratings[1] == ["非常满意", "1", "25.0%"]
    assert ratings[-1] == ["满意率（非常满意＋满意）", "2", "50.0%"]
    header, bad = read_csv(csv_bytes(tables_["差评及回访整改"]))
    assert dict(zip(header, bad, strict=True)) == {
        "日期": "2026-11-24",
        "号码": "B001",
        "窗口号": "2",
        "工作人员": "王芳",
        "评价": "不满意",
        "原因": "等候时间太长、态度不好",
        "意见": "等了很久",
        "回访状态": "待回访",
        "整改期限": "2026-12-01",
    }


def test_the_workbook_has_one_sheet_per_table_with_the_same_rows():
    """Excel opens the workbook: a sheet per table, bold frozen header, real numbers formatted 0.0 and 0.0%."""
    figures_ = figures(date(2026, 11, 23), date(2026, 11, 25))
    expected = tables(figures_)
    workbook = load_workbook(io.BytesIO(xlsx_bytes(figures_)))
    assert workbook.sheetnames == [table.title for table in expected]
    for table in expected:
        sheet = workbook[table.title]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == table.columns
        assert len(rows) == len(table.rows) + 1
        assert [[as_written(value) for value in row] for row in rows[1:]] == table.rows
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 6
    services = workbook["各业务取号与等候"]
    header = [cell.value for cell in services[1]]
    wait, level = (
        services.cell(2, header.index("平均等候（分钟）") + 1),
        services.cell(2, header.index("服务达标率") + 1),
    )
    assert (wait.value, wait.number_format) == (133.0, "0.0")
    assert (level.value, level.number_format) == (0.75, "0.0%")
    day = workbook["每日趋势"].cell(3, 1)
    assert (day.value.date(), day.number_format) == (date(2026, 11, 24), "yyyy-mm-dd")


def test_cells_keep_their_numbers():
    """Minutes and percentages are still numbers (a spreadsheet can add them up), only shown rounded."""
    assert Minutes(560.0) == 9.3 and Minutes(560.0).text() == "9.3"
    assert Percent(2 / 3) == 0.667 and Percent(2 / 3).text() == "66.7%"
