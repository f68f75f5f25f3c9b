"""Steps for the case tests: a resident at window 1, cases driven to any state, each step its own transaction.

``Desk`` calls the services the way the adapters do (one ``write_transaction`` per action, the clock moved on
one second per action), so every test reads as the sequence of clicks a clerk or officer makes.
"""

from datetime import datetime

from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import ACTIVE_STATES, Case, CaseState, DeliveryMethod, HistoryEntry, MaterialStatus, Ticket
from hall.services import counter_actions
from hall.services.cases import backoffice, delivery, intake, visits
from tests.hall.services import helpers

NAME = "张三丰"
ID_NUMBER = "11010519491231002X"  # a valid resident ID card number (check digit X)
PHONE = "13812345678"

# Where a case can be driven to. NEEDS_SUPPLEMENT has two roads: the window's one-time notice before
# acceptance, and the department's request during review (the clock stops).
HANDED_IN = "handed_in"  # received, with every material the resident must bring ticked as handed in
NOTICED = "noticed"
ASKED_IN_REVIEW = "asked_in_review"
ROADS = {
    CaseState.RECEIVED: [],
    HANDED_IN: ["receive"],
    NOTICED: ["notice"],
    CaseState.ACCEPTED: ["receive", "accept"],
    CaseState.IN_REVIEW: ["receive", "accept", "review"],
    ASKED_IN_REVIEW: ["receive", "accept", "review", "ask"],
    CaseState.RETURNED: ["receive", "accept", "review", "return"],
    CaseState.READY: ["receive", "accept", "review", "approve"],
    CaseState.DELIVERED: ["receive", "accept", "review", "approve", "deliver"],
    CaseState.REJECTED: ["reject"],
    CaseState.WITHDRAWN: ["withdraw"],
}


class Desk:
    """The window (clerk c1 at window 1) and the back office of ``case_hall``."""

    def __init__(self, case_hall, clock):
        self.c = case_hall
        self.clock = clock

    @property
    def clerk(self):
        return self.c.clerk

    def officer(self, case: Case):
        return self.c.officer_civil if case.department_id == self.c.civil.id else self.c.officer_social

    def act(self, action, staff, **kwargs):
        """Run one service action as ``staff`` in its own write transaction, one second later than the last."""
        with write_transaction():
            return action(staff_id=staff.id, now=self.clock.advance(seconds=1), **kwargs)

    # The window -------------------------------------------------------------------------------------------

    def visit(self, *, applicant: bool = True):
        """The visit of the resident at window 1 (opened on first use), with the applicant entered."""
        visit = self.act(visits.open_visit, self.clerk, counter_id=self.c.window.id)
        if applicant and not visit.has_applicant:
            self.act(
                visits.record_applicant,
                self.clerk,
                visit_id=visit.id,
                name=NAME,
                id_type="resident_id",
                id_number=ID_NUMBER,
                phone=PHONE,
            )
        return visit

    def next_resident(self, at: datetime | None = None, *, applicant: bool = True):
        """Finish whoever is at window 1, move the clock to ``at`` if given, and serve a new resident there."""
        held = db.session.scalar(
            select(Ticket).where(Ticket.counter_id == self.c.window.id, Ticket.state.in_(ACTIVE_STATES))
        )
        if held is not None:
            helpers.act(counter_actions.finish, held, self.c.window, self.clerk, self.clock)
        if at is not None:
            self.clock.set(at)
        helpers.issue(self.c.hall, self.c.small.a, self.clock)
        helpers.call_next(self.c.window, self.clerk, self.clock)
        return self.visit(applicant=applicant)

    def record(self, visit, matter) -> Case:
        return self.act(intake.record_case, self.clerk, visit_id=visit.id, matter_id=matter.id)

    def receive(self, case: Case) -> Case:
        """Tick every material the resident must bring as handed in."""
        statuses = {m.id: MaterialStatus.RECEIVED for m in case.materials if m.status == MaterialStatus.MISSING}
        return self.act(intake.check_materials, self.clerk, case_id=case.id, statuses=statuses)

    def accept(self, case: Case, **kwargs) -> Case:
        return self.act(intake.accept, self.clerk, case_id=case.id, **kwargs)

    def accepted(self, matter=None, visit=None) -> Case:
        """A new case with everything handed in, accepted at the window."""
        case = self.record(visit or self.visit(), matter or self.c.dibao)
        self.receive(case)
        return self.accept(case)

    # Any state ---------------------------------------------------------------------------------------------

    def step(self, case: Case, name: str) -> Case:
        officer = self.officer(case)
        steps = {
            "receive": lambda: self.receive(case),
            "accept": lambda: self.accept(case),
            "notice": lambda: self.act(intake.issue_notice, self.clerk, case_id=case.id),
            "review": lambda: self.act(backoffice.start_review, officer, case_id=case.id),
            "ask": lambda: self.act(backoffice.request_supplement, officer, case_id=case.id, note="补交收入证明"),
            "return": lambda: self.act(backoffice.return_to_front, officer, case_id=case.id, reason="事项选错"),
            "approve": lambda: self.act(backoffice.approve, officer, case_id=case.id),
            "deliver": lambda: self.act(
                delivery.deliver,
                self.clerk,
                case_id=case.id,
                method=DeliveryMethod.COLLECTED,
                pickup_code=case.pickup_code,
            ),
            "reject": lambda: self.act(intake.reject, self.clerk, case_id=case.id, reason="不属于本中心受理范围"),
            "withdraw": lambda: self.act(intake.withdraw, self.clerk, case_id=case.id),
        }
        return steps[name]()

    def case_in(self, state, matter=None, visit=None) -> Case:
        """A new case of ``matter`` (低保 by default) driven to ``state`` (a CaseState or one of the roads above)."""
        case = self.record(visit or self.visit(), matter or self.c.dibao)
        for name in ROADS[state]:
            self.step(case, name)
        return case


def history(case: Case) -> list[HistoryEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(HistoryEntry).where(HistoryEntry.case_id == case.id).order_by(HistoryEntry.id))
    )
