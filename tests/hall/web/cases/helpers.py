"""Setting up cases for page tests through the services (the window pages have their own tests)."""

from hall.db import write_transaction
from hall.models import MaterialStatus
from hall.services.cases import intake, visits

ID_NUMBER = "11010519491231002X"
PHONE = "13812341234"


def accepted_cases(case_hall, clock, *matters):
    """A visit at window 1 with one accepted case per matter (all materials received)."""
    c = case_hall
    with write_transaction():
        visit = visits.open_visit(staff_id=c.clerk.id, counter_id=c.window.id, now=clock())
        visits.record_applicant(
            staff_id=c.clerk.id,
            visit_id=visit.id,
            name="张三",
            id_type="resident_id",
            id_number=ID_NUMBER,
            phone=PHONE,
            now=clock(),
        )
    cases = []
    for matter in matters:
        with write_transaction():
            case = intake.record_case(staff_id=c.clerk.id, visit_id=visit.id, matter_id=matter.id, now=clock())
            statuses = {m.id: MaterialStatus.RECEIVED for m in case.materials if m.required and not m.condition}
            intake.check_materials(staff_id=c.clerk.id, case_id=case.id, statuses=statuses, now=clock())
            intake.accept(staff_id=c.clerk.id, case_id=case.id, now=clock())
        cases.append(case)
    return visit, cases
