"""How values read in the report: minutes with one decimal, hours, percentages, "—" where nothing was
measured, the period in the title and dates short enough for a table column."""

from datetime import date

from hall.pdf.layout import cn_date
from hall.services.reports.figures import ReportFigures

MISSING = "—"
LEVEL_NAMES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
FOLLOW_UP_STATES = {"open": "待回访", "called_back": "已回访", "closed": "已办结"}
WEEKDAYS = "一二三四五六日"


def minutes(seconds: float | None) -> str:
    return MISSING if seconds is None else f"{seconds / 60:.1f} 分钟"


def minutes_figure(seconds: float | None) -> str:
    """Minutes without the unit, for a narrow column whose heading or note gives it."""
    return MISSING if seconds is None else f"{seconds / 60:.1f}"


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
