"""The rating figures of a period: ratings by level, per day of the visit, and the bad ones (1–2) with their
follow-up."""

from collections import defaultdict
from datetime import date

from flask_babel import force_locale
from sqlalchemy import func, select

from hall.models import BAD_LEVELS, LEVELS, Counter, FollowUp, FollowUpState, Rating, Staff, Ticket
from hall.services.reports.figures import BadRating, RatingFigures
from hall.services.reports.sql import read_rows

REPORT_LOCALE = "zh_CN"  # paper and spreadsheets are always Chinese


def rating_figures(hall_id: int, start: date, end: date) -> tuple[RatingFigures, dict[date, RatingFigures]]:
    """Ratings by level for visits on the period's days (``Rating.service_day``), with the bad ones (1–2) and
    their follow-up; and the same counts per day (without the bad list) for the trend."""
    per_day: dict[date, dict[int, int]] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
    rows = read_rows(
        select(Rating.service_day, Rating.level, func.count())
        .where(Rating.hall_id == hall_id, Rating.service_day >= start, Rating.service_day <= end)
        .group_by(Rating.service_day, Rating.level)
    )
    by_level = dict.fromkeys(LEVELS, 0)
    for day, level, count in rows:
        per_day[day][level] += count
        by_level[level] += count
    daily = {day: RatingFigures(total=sum(levels.values()), by_level=levels) for day, levels in per_day.items()}
    return RatingFigures(total=sum(by_level.values()), by_level=by_level, bad=_bad_ratings(hall_id, start, end)), daily


def _bad_ratings(hall_id: int, start: date, end: date) -> tuple[BadRating, ...]:
    from hall.services.ratings import REASONS  # the ratings service owns the reasons' words

    rows = read_rows(
        select(
            Ticket.number,
            Rating.service_day,
            Counter.number,
            Staff.name,
            Rating.level,
            Rating.reasons,
            Rating.comment,
            FollowUp.state,
            FollowUp.due_on,
        )
        .select_from(Rating)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .outerjoin(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Staff, Staff.id == Rating.clerk_id)
        .outerjoin(FollowUp, FollowUp.rating_id == Rating.id)
        .where(
            Rating.hall_id == hall_id,
            Rating.service_day >= start,
            Rating.service_day <= end,
            Rating.level.in_(BAD_LEVELS),
        )
        .order_by(Rating.service_day, Rating.created_at, Rating.id)
    ).all()
    words: dict[str, str] = {}

    def word(code: str) -> str:
        if code not in words:
            with force_locale(REPORT_LOCALE):
                words[code] = str(REASONS.get(code, code))
        return words[code]

    return tuple(
        BadRating(
            ticket_number=number,
            day=day,
            counter_number=counter_number,
            clerk_name=clerk_name or "",
            level=level,
            reasons=tuple(word(code) for code in reasons or ()),
            comment=comment or "",
            # A bad rating always opens a follow-up; should one be missing, nobody has acted on it yet.
            follow_up_state=FollowUpState(state).value if state else FollowUpState.OPEN.value,
            follow_up_due=due_on,
        )
        for number, day, counter_number, clerk_name, level, reasons, comment, state, due_on in rows
    )
