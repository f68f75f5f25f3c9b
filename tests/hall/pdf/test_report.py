"""The manager's report (服务大厅日报 / 服务大厅运行报告), built from hand-made figures and read back from the PDF."""

import ctypes
import dataclasses
import re
from collections import Counter
from datetime import date, timedelta

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib.units import mm

from hall.pdf.report import build_report
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
from tests.pdf_tools import embedded_font_files, normalise, pages_text, render

HALL_NAME = "青山镇便民服务中心"
MONDAY = date(2026, 11, 23)
SERVICE_NAMES = (
    "社保医保",
    "户籍办理",
    "民政救助",
    "不动产登记",
    "市场监管",
    "税务办理",
    "残联服务",
    "农业农村",
    "退役军人服务",
    "公积金",
    "水电气联办",
    "综合咨询",
)
CLERK_NAMES = ("李晓梅", "王建国", "张丽", "陈志强", "刘芳", "杨帆", "赵敏", "黄磊", "周婷", "吴刚", "徐静", "孙浩")
# A day in a township hall: quiet at 8, a morning peak, lunch, a smaller afternoon peak.
HOURLY = (0,) * 8 + (18, 46, 52, 31, 9, 14, 33, 28, 12, 2) + (0,) * 6


def totals(issued: int, *, wait_min: float | None = 8.5, level: float | None = 0.923) -> TicketTotals:
    served = round(issued * 0.9)
    return TicketTotals(
        issued=issued,
        served=served,
        no_show=round(issued * 0.06),
        cancelled=round(issued * 0.02),
        avg_wait_s=None if wait_min is None else wait_min * 60,
        max_wait_s=None if wait_min is None else wait_min * 60 * 5,
        service_level=level,
        avg_service_s=372.0 if issued else None,
        avg_walk_s=90.0 if issued else None,
        avg_stay_s=None if wait_min is None else (wait_min + 7.5) * 60,
    )


def bad_rating(number: int, day: date = MONDAY, comment: str = "等了很久，窗口还中途离开") -> BadRating:
    return BadRating(
        ticket_number=f"B{number:03d}",
        day=day,
        counter_number=number % 12 + 1,
        clerk_name=CLERK_NAMES[number % 12],
        level=1 + number % 2,
        reasons=("等候时间长", "态度不好"),
        comment=comment,
        follow_up_state=("open", "called_back", "closed")[number % 3],
        follow_up_due=day + timedelta(days=7),
    )


def make_figures(*, days: int = 1, bad: int = 3) -> ReportFigures:
    """Realistic figures for a hall with twelve services, windows and clerks, over ``days`` days."""
    start = MONDAY
    end = start + timedelta(days=days - 1)
    services = tuple(
        ServiceFigures(
            service_id=index,
            prefix=chr(ord("A") + index),
            name=name,
            tickets=totals((40 - 3 * index) * days, wait_min=4 + index, level=0.98 - index / 40),
        )
        for index, name in enumerate(SERVICE_NAMES)
    )
    issued = sum(service.tickets.issued for service in services)
    counters = tuple(
        CounterFigures(
            counter_id=number,
            number=number,
            name="综合受理窗口" if number <= 6 else f"{SERVICE_NAMES[number - 1]}专窗",
            served=(30 - number) * days,
            avg_service_s=300.0 + 20 * number,
            busy_s=(4.5 - number / 4) * 3600 * days,
            open_s=7.5 * 3600 * days,
        )
        for number in range(1, 13)
    )
    clerks = tuple(
        ClerkFigures(
            staff_id=index,
            name=name,
            served=(28 - index) * days,
            avg_service_s=330.0 + 9 * index,
            busy_s=(4.2 - index / 5) * 3600 * days,
        )
        for index, name in enumerate(CLERK_NAMES)
    )
    departments = tuple(
        DepartmentCases(
            department_id=index,
            name=name,
            accepted=(20 - 2 * index) * days,
            completed=(18 - 2 * index) * days,
            overdue=index % 3,
            immediate=(12 - index) * days,
            promised=(8 - index) * days,
        )
        for index, name in enumerate(
            ("镇社保所", "镇派出所户籍室", "镇民政办", "镇自然资源所", "镇市场监管所", "镇税务分局")
        )
    )
    ratings_bad = tuple(bad_rating(number, start + timedelta(days=number % days)) for number in range(1, bad + 1))
    by_level = {5: 120 * days, 4: 31 * days, 3: 6 * days, 2: bad // 2 + bad % 2, 1: bad // 2}
    daily = (
        tuple(
            DayTrend(
                day=start + timedelta(days=offset),
                issued=300 + (offset * 37) % 90 - (120 if (start + timedelta(days=offset)).weekday() >= 5 else 0),
                served=270 + (offset * 37) % 80 - (110 if (start + timedelta(days=offset)).weekday() >= 5 else 0),
                avg_wait_s=(6 + offset % 7) * 60.0,
                service_level=None if offset == 5 else 0.8 + (offset % 9) / 50,
                satisfaction_rate=0.9 + (offset % 5) / 60,
                cases_accepted=60 + offset % 13,
            )
            for offset in range(days)
        )
        if days > 1
        else ()
    )
    return ReportFigures(
        hall_name=HALL_NAME,
        start=start,
        end=end,
        target_wait_minutes=15,
        tickets=totals(issued),
        by_service=services,
        arrivals_by_hour=tuple(count * days for count in HOURLY),
        counters=counters,
        clerks=clerks,
        departments=departments,
        ratings=RatingFigures(total=sum(by_level.values()), by_level=by_level, bad=ratings_bad),
        daily=daily,
    )


DAY = make_figures()
QUARTER = make_figures(days=90, bad=200)


def all_text(pdf: bytes) -> str:
    return normalise("".join(pages_text(pdf)))


@pytest.fixture(scope="module")
def day_pdf() -> bytes:
    return build_report(DAY)


@pytest.fixture(scope="module")
def quarter_pdf() -> bytes:
    return build_report(QUARTER)


def test_daily_report_has_its_title_hall_date_and_overview(day_pdf):
    """The day's sheet is titled 服务大厅日报 with the hall, the date and every headline figure."""
    text = all_text(day_pdf)
    totals_ = DAY.tickets
    for expected in (
        "服务大厅日报",
        HALL_NAME,
        "2026年11月23日（星期一）",
        "一、总体情况",
        f"取号总数{totals_.issued}",
        f"办结{totals_.served}",
        f"过号{totals_.no_show}过号率{totals_.no_show / (totals_.served + totals_.no_show) * 100:.1f}%",
        f"取消{totals_.cancelled}",
        "平均等候8.5分钟",
        "最长等候42.5分钟",
        "服务达标率92.3%等候不超过15分钟",
        "平均到窗时长1.5分钟",
        "平均办理时长6.2分钟",
        "平均在厅时长16.0分钟",
    ):
        assert expected in text, expected
    assert "运行报告" not in text


def test_each_service_has_its_row_with_wait_and_service_level(day_pdf):
    """Every service is a row: issued, served, no-show and rate, cancelled, waits, service level, walk, service
    and stay time (in minutes, as the note says)."""
    text = all_text(day_pdf)
    assert "二、各业务" in text
    first = DAY.by_service[0].tickets
    assert f"A社保医保{first.issued}{first.served}{first.no_show}" in text
    assert "平均等候最长等候达标率平均到窗平均办理平均在厅" in text
    assert "4.020.098.0%1.56.211.5" in text  # A: waits 4 and 20, 98%, walk 1.5, service 6.2, stay 11.5
    assert "时长单位：分钟" in text
    for service in DAY.by_service:
        assert f"{service.prefix}{service.name}" in text
    assert f"合计{DAY.tickets.issued}{DAY.tickets.served}" in text


def test_counters_and_clerks_show_served_service_time_busy_and_idle(day_pdf):
    """Each window shows served, average service time, busy and idle hours; each clerk served and busy time."""
    text = all_text(day_pdf)
    assert "四、窗口与人员" in text
    # Window 1: 29 served, 320 s a ticket, busy 4.25 h of 7.5 h open.
    assert "1号综合受理窗口295.3分钟4.2小时3.2小时56.7%" in text
    assert "12号综合咨询专窗" in text
    assert "李晓梅28" in text and "孙浩17" in text
    assert "工作人员办结办结占比平均办理服务时长" in text


def test_cases_per_department_show_overdue_and_kinds(day_pdf):
    """Each department shows accepted, 即办件 and 承诺件, completed and overdue, with a totals row."""
    text = all_text(day_pdf)
    assert "五、办件情况" in text
    assert "部门受理即办件承诺件即办占比办结超期" in text
    assert "镇社保所20128" in text
    assert "镇派出所户籍室18117" in text
    accepted = sum(department.accepted for department in DAY.departments)
    assert f"合计{accepted}" in text


def test_ratings_show_levels_satisfaction_and_follow_ups(day_pdf):
    """Ratings by the five Chinese levels, the satisfaction rate, and each bad rating with its follow-up state."""
    text = all_text(day_pdf)
    ratings = DAY.ratings
    assert "六、好差评" in text
    assert f"评价{ratings.total}次，满意率{ratings.satisfaction_rate * 100:.1f}%" in text
    for name in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert name in text
    assert f"非常满意120{120 / ratings.total * 100:.1f}%" in text
    for state in ("待回访", "已回访", "已办结"):
        assert state in text
    assert "B001" in text and "等候时间长、态度不好" in text and "11月30日" in text


def test_a_single_day_has_no_trend_section(day_pdf):
    """A daily report stops at 好差评: there is no 每日趋势 for one day."""
    text = all_text(day_pdf)
    assert "每日趋势" not in text and "七、" not in text


def test_range_report_has_its_title_range_and_daily_trend(quarter_pdf):
    """A 90-day report is a 运行报告 for the range, ending with the daily trend charts and every day's row."""
    text = all_text(quarter_pdf)
    for expected in ("服务大厅运行报告", "2026年11月23日至2027年2月20日（共90天）", "七、每日趋势"):
        assert expected in text, expected
    assert "每日取号与办结" in text and "每日服务达标率与满意率" in text
    for day in QUARTER.daily:
        assert f"{day.day.isoformat()}周" in text, day.day  # the range crosses New Year: dates carry the year
    assert "服务大厅日报" not in text


def test_daily_table_repeats_its_header_on_every_page(quarter_pdf):
    """Ninety days take several pages; each page with days carries the column titles again."""
    pages = [normalise(page) for page in pages_text(quarter_pdf)]
    day_pages = [page for page in pages if "周一" in page and "受理办件" in page]
    assert len(day_pages) >= 2
    assert all("日期取号办结平均等候服务达标率满意率受理办件" in page for page in day_pages)
    assert f"第{len(pages)}页共{len(pages)}页" in pages[-1]


def test_many_bad_ratings_spill_onto_more_pages_and_none_is_lost(quarter_pdf):
    """Two hundred bad ratings run over several pages, each with the table header, every ticket number printed."""
    pages = [normalise(page) for page in pages_text(quarter_pdf)]
    rating_pages = [page for page in pages if re.search(r"B\d{3}", page)]
    assert len(rating_pages) >= 3
    assert all("日期号码窗口工作人员评价原因与意见回访状态回访期限" in page for page in rating_pages)
    printed = [number for page in rating_pages for number in re.findall(r"B(\d{3})", page)]
    assert sorted(int(number) for number in printed) == list(range(1, 201))  # each once, none lost


def test_unmeasured_values_print_as_a_dash():
    """A day with no calls yet shows "—" for waits, service level and rates instead of 0 or "None"."""
    quiet = dataclasses.replace(
        DAY,
        tickets=TicketTotals(0, 0, 0, 0, None, None, None, None, None, None),
        by_service=(ServiceFigures(1, "A", "社保医保", TicketTotals(0, 0, 0, 0, None, None, None, None, None, None)),),
        counters=(CounterFigures(1, 1, "综合受理窗口", 0, None, 0.0, 0.0),),
        clerks=(ClerkFigures(1, "李晓梅", 0, None, 0.0),),
        ratings=RatingFigures(total=0, by_level=dict.fromkeys(range(1, 6), 0)),
        arrivals_by_hour=(0,) * 24,
    )
    text = all_text(build_report(quiet))
    assert "None" not in text
    assert "平均等候—" in text and "最长等候—" in text and "服务达标率—" in text and "平均办理时长—" in text
    assert "平均到窗时长—" in text and "平均在厅时长—" in text
    assert "过号率—" in text
    assert "A社保医保000—0——————" in text  # waits, service level, walk, service and stay
    assert "1号综合受理窗口0—0.0小时0.0小时—" in text
    assert "本期无取号记录" in text and "本期无评价" in text


def test_the_chinese_font_is_embedded_on_a4(day_pdf, quarter_pdf):
    """The CJK font travels inside the file, so the report prints the same on any office PC, on A4 portrait."""
    for pdf in (day_pdf, quarter_pdf):
        assert embedded_font_files(pdf) >= 1
        image = render(pdf, dpi=72)
        assert abs(image.width - 210 * mm) <= 1 and abs(image.height - 297 * mm) <= 1
    assert b"STSong" not in day_pdf


def _label_bounds(pdf: bytes, text: str) -> tuple[int, tuple[float, float, float, float]]:
    """The page and (left, bottom, right, top) of the first place ``text`` is printed.

    Found through the text layer character by character: a string in a subset TrueType font is split into
    several text objects, one per 256-glyph subset.
    """
    document = pdfium.PdfDocument(pdf)
    for index, page in enumerate(document):
        textpage = page.get_textpage()
        found = textpage.search(text, match_case=True).get_next()
        if found:
            start, count = found
            boxes = [textpage.get_charbox(char) for char in range(start, start + count)]
            return index, (
                min(box[0] for box in boxes),
                min(box[1] for box in boxes),
                max(box[2] for box in boxes),
                max(box[3] for box in boxes),
            )
    raise AssertionError(f"no {text!r} on any page")


def test_arrivals_chart_draws_a_bar_for_each_busy_hour(day_pdf):
    """Above the hour labels there is ink in proportion to the tickets: a tall bar at 10时, none at 7时."""
    page, (left, _bottom, right, top) = _label_bounds(day_pdf, "10时")
    _page, (quiet_left, _b, quiet_right, _t) = _label_bounds(day_pdf, "7时")
    dpi = 100
    scale = dpi / 72
    image = render(day_pdf, page=page, dpi=dpi)
    pixels = image.load()

    def dark_rows(x_from: float, x_to: float) -> int:
        """Rows of dark pixels in the band between the label and 50 mm above it."""
        y_from = image.height - (top + 50 * mm) * scale
        y_to = image.height - (top + 3) * scale
        columns = range(int(x_from * scale), int(x_to * scale))
        return sum(
            1 for y in range(int(y_from), int(y_to)) if sum(pixels[x, y] < 160 for x in columns) > len(columns) // 2
        )

    assert dark_rows(left, right) > 60  # the 52 tickets at 10时 make the tallest bar
    assert dark_rows(quiet_left, quiet_right) < 3  # 7时 had no ticket: only the axis line


def text_fonts(pdf: bytes) -> Counter:
    """How many text objects use each (font name, embedded?) pair, over all pages."""
    fonts: Counter = Counter()
    for page in pdfium.PdfDocument(pdf):
        for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            font = pdfium_c.FPDFTextObj_GetFont(item)
            size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            name = ctypes.create_string_buffer(size)
            pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
            fonts[name.value.decode(), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))] += 1
    return fonts


def test_every_label_including_the_charts_is_in_the_embedded_font(day_pdf, quarter_pdf):
    """No chart axis, bar value or legend falls back to a font without Chinese glyphs (empty boxes on paper)."""
    for pdf in (day_pdf, quarter_pdf):
        fonts = text_fonts(pdf)
        assert fonts and all(embedded for _name, embedded in fonts), fonts


def test_charts_label_services_levels_and_days_in_chinese(day_pdf, quarter_pdf):
    """The charts carry their own Chinese labels: legend, hours, service and level names, trend legends."""
    chart_only = (
        "取号时刻（时）",  # arrivals x axis
        "各业务取号与办结（张）",
        "17时",
    )
    for label in chart_only:
        _label_bounds(day_pdf, label)
    day_text = all_text(day_pdf)
    # Level names appear in the table and again beside the chart's bars.
    assert day_text.count("基本满意") == 2
    for label in ("每日取号与办结（张）", "服务达标率", "11/23", "2/15"):
        _label_bounds(quarter_pdf, label)


MARKUP = "<b>未盖章</b> & <i>"


def test_markup_in_comments_and_names_prints_literally():
    """A resident's comment "<b>…&" and odd names appear exactly as typed, and the report still builds."""
    odd = dataclasses.replace(
        DAY,
        hall_name=f"青山镇{MARKUP}",
        by_service=(dataclasses.replace(DAY.by_service[0], name=MARKUP), *DAY.by_service[1:]),
        clerks=(dataclasses.replace(DAY.clerks[0], name=MARKUP), *DAY.clerks[1:]),
        ratings=dataclasses.replace(DAY.ratings, bad=(bad_rating(1, comment=MARKUP),)),
    )
    text = all_text(build_report(odd))
    markup = normalise(MARKUP)
    assert f"青山镇{markup}服务大厅日报" in text  # the header (a Paragraph)
    assert f"A{markup}4036" in text  # the service's table row
    assert f"{markup}2810.4%" in text  # the clerk's row
    assert f"“{markup}”" in text  # the resident's comment
    assert text.count(markup) >= 6  # and the services chart and every page footer
