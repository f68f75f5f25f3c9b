"""The shape of a report's figures: plain frozen data, the same for one day and for any range of days.

Durations are seconds (float) or None when nothing was measured; shares are 0..1 or None. Definitions
(DOMAIN.md): wait = first call − issue; walk = start − last call; service = finish − start; stay = finish −
issue. ``hall.services.reports.metrics`` computes them; the PDF, CSV and Excel writers only present them.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class TicketTotals:
    issued: int
    served: int  # finished (done), whatever the service
    no_show: int  # ended as no-show
    cancelled: int
    avg_wait_s: float | None  # over tickets that were called
    max_wait_s: float | None
    # Share of called tickets whose wait was within the hall's target (service level).
    service_level: float | None
    avg_service_s: float | None  # over served tickets
    avg_walk_s: float | None  # over served tickets started (by a clerk) after their last call
    avg_stay_s: float | None  # over served tickets finished by a clerk

    @property
    def no_show_rate(self) -> float | None:
        ended = self.served + self.no_show
        return self.no_show / ended if ended else None


@dataclass(frozen=True)
class ServiceFigures:
    service_id: int
    prefix: str
    name: str
    tickets: TicketTotals


@dataclass(frozen=True)
class CounterFigures:
    counter_id: int
    number: int
    name: str
    served: int
    avg_service_s: float | None
    busy_s: float  # time serving (start → finish) of tickets served there
    open_s: float  # time the window was open (signed in and not paused)

    @property
    def idle_s(self) -> float:
        return max(0.0, self.open_s - self.busy_s)


@dataclass(frozen=True)
class ClerkFigures:
    staff_id: int
    name: str
    served: int
    avg_service_s: float | None
    busy_s: float


@dataclass(frozen=True)
class DepartmentCases:
    department_id: int
    name: str
    accepted: int  # accepted in the period (即办件 completed on the spot included)
    completed: int  # decided in the period (approved or declined; 即办件 on the spot included)
    overdue: int  # decided late in the period, or still open past the due date at the period's end
    immediate: int  # 即办件 among the accepted
    promised: int  # 承诺件 among the accepted


@dataclass(frozen=True)
class BadRating:
    ticket_number: str
    day: date
    counter_number: int | None
    clerk_name: str
    level: int
    reasons: tuple[str, ...]  # already in words
    comment: str
    follow_up_state: str  # "open", "called_back", "closed"
    follow_up_due: date | None


@dataclass(frozen=True)
class RatingFigures:
    total: int
    by_level: dict[int, int]  # level 1..5 -> count (every level present, zero included)
    bad: tuple[BadRating, ...] = ()

    @property
    def satisfaction_rate(self) -> float | None:
        """(非常满意 + 满意) / all ratings."""
        return (self.by_level.get(5, 0) + self.by_level.get(4, 0)) / self.total if self.total else None


@dataclass(frozen=True)
class DayTrend:
    day: date
    issued: int
    served: int
    avg_wait_s: float | None
    service_level: float | None
    satisfaction_rate: float | None
    cases_accepted: int


@dataclass(frozen=True)
class ReportFigures:
    hall_name: str
    start: date  # inclusive, the hall's local dates
    end: date  # inclusive; start == end for a daily report
    target_wait_minutes: int
    tickets: TicketTotals
    by_service: tuple[ServiceFigures, ...]
    arrivals_by_hour: tuple[int, ...]  # 24 counts: tickets issued per local hour of day
    counters: tuple[CounterFigures, ...]
    clerks: tuple[ClerkFigures, ...]
    departments: tuple[DepartmentCases, ...]
    ratings: RatingFigures
    daily: tuple[DayTrend, ...] = field(default=())  # one entry per day of the range

    @property
    def is_single_day(self) -> bool:
        return self.start == self.end
