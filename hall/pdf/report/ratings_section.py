"""The report's 好差评 section: ratings by level beside their chart, then every bad rating with its
follow-up (回访) state and due date."""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from hall.pdf.layout import BODY, CONTENT_WIDTH, para
from hall.pdf.report.charts import ratings_chart
from hall.pdf.report.figure_tables import empty_note, figures_table, numbered, titled
from hall.pdf.report.formatting import FOLLOW_UP_STATES, LEVEL_NAMES, MISSING, needs_year, percent, table_date
from hall.pdf.report.styles import Section
from hall.services.reports.figures import BadRating, ReportFigures


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
    story: Section = [numbered(index, "好差评")]
    ratings = figures.ratings
    if not ratings.total:
        return [*story, empty_note("本期无评价。")]
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
    level_table = figures_table(["评价等级", "次数", "占比"], levels, level_widths, total_row=True)
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
    story += titled("差评回访")
    if not ratings.bad:
        story.append(empty_note("本期无差评。"))
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
    story.append(figures_table(header, rows, widths, left=(detail,)))
    return story
