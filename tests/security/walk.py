"""What the privacy scan and the hostile-input walk fetch: a resident's visit with a case in each state that
prints something, and every GET route of the app filled in for it.
"""

from typing import NamedTuple

from hall.db import write_transaction
from hall.models import Case, MaterialStatus, Visit
from hall.services.cases import intake
from tests.hall.web.cases.helpers import accepted_cases


class ResidentVisit(NamedTuple):
    visit: Visit
    case: Case  # 低保, accepted (civil affairs)
    missing: Case  # pension, waiting for a missing material (social security)
    rejected: Case  # social security card, rejected at the front desk (social security)


def visit_with_cases(case_hall, clock, text: str = "请补齐材料") -> ResidentVisit:
    """At window 1, the resident of ``accepted_cases`` (full ID and mobile number) with an accepted case, a case
    whose missing material was notified and a rejected one; ``text`` is every note, reason and legal basis."""
    c = case_hall
    visit, (case,) = accepted_cases(c, clock, c.dibao)
    with write_transaction():
        missing = intake.record_case(staff_id=c.clerk.id, visit_id=visit.id, matter_id=c.pension.id, now=clock())
        statuses = {m.id: MaterialStatus.MISSING for m in missing.materials}
        intake.check_materials(staff_id=c.clerk.id, case_id=missing.id, statuses=statuses, now=clock())
        intake.issue_notice(staff_id=c.clerk.id, case_id=missing.id, now=clock(), note=text)
    with write_transaction():
        rejected = intake.record_case(staff_id=c.clerk.id, visit_id=visit.id, matter_id=c.card.id, now=clock())
        intake.reject(staff_id=c.clerk.id, case_id=rejected.id, now=clock(), reason=text, legal_basis=text)
    return ResidentVisit(visit, case, missing, rejected)


def url_values(case_hall, visit, case):
    c = case_hall
    return {
        "code": c.small.hall.code,
        "visit_id": visit.id,
        "case_id": case.id,
        "department_id": c.civil.id,
        "counter_id": c.window.id,
        "number": c.window.number,
        "staff_id": c.clerk.id,
        "service_id": c.small.a.id,
        "matter_id": c.dibao.id,
        "kind": "pdf",
        "token": visit.token,
    }


def get_routes(app, values, ticket_token, case_ids=()):
    """(endpoint, case id, url) for every GET route whose arguments this hall can fill; ticket pages get the
    ticket's token, and a case's pages and papers are fetched for each of ``case_ids`` (else ``values``' case)."""
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "filename" in rule.arguments or "name" in rule.arguments:
            continue  # static files, saved report files (the reports page lists those)
        arguments = dict(values)
        if rule.endpoint in ("resident.ticket_page", "kiosk.slip") or rule.endpoint.startswith("api.ticket"):
            arguments["token"] = ticket_token
        if not set(rule.arguments) <= arguments.keys():
            continue
        cases = (case_ids or [values["case_id"]]) if "case_id" in rule.arguments else [None]
        for case_id in cases:
            filled = arguments if case_id is None else {**arguments, "case_id": case_id}
            url = adapter.build(rule.endpoint, {n: filled[n] for n in rule.arguments})
            routes.append((rule.endpoint, case_id, url))
    return sorted(routes, key=lambda route: (route[0], route[2]))
