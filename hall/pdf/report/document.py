"""The whole report: its title, its sections in order, each heading kept on the page of what follows it."""

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from hall.pdf.fonts import register_cjk_font
from hall.pdf.layout import build_pdf, document_header
from hall.pdf.report.chart_parts import fit_label
from hall.pdf.report.formatting import period_text
from hall.pdf.report.ratings_section import ratings_section
from hall.pdf.report.sections import (
    arrivals_section,
    cases_section,
    overview,
    services_section,
    staffing_section,
    trend_section,
)
from hall.services.reports.figures import ReportFigures


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
        footer=f"{fit_label(figures.hall_name, 70 * mm, 8)}　{title}　{period}",
    )
