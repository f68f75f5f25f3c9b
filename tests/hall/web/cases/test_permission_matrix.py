"""Every case page and action × every kind of person: allowed, refused (403/404) or sent to sign in.

The endpoints come from the app's URL map, so a new case page cannot escape this walk. "Allowed" means the
request got past the permission checks (a page, a PDF, a redirect back, or a message about the case's state).
"""

import pytest

from hall.db import write_transaction
from hall.models import Role
from tests import factories
from tests.conftest import csrf_token
from tests.hall.web.cases.helpers import accepted_cases

PUBLIC = {"cases.progress_page", "cases.lookup"}
FRONT = {
    "cases.open_visit",
    "cases.visit_page",
    "cases.record_applicant",
    "cases.record_case",
    "cases.check_materials",
    "cases.accept",
    "cases.notice",
    "cases.reject",
    "cases.complete",
    "cases.withdraw",
    "cases.receipt",
    "cases.transfer_slip",
    "cases.front_desk",
    "cases.record_supplement",
    "cases.resubmit",
    "cases.deliver",
}
OFFICE = {"cases.inbox", "cases.start_review", "cases.approve", "cases.decline", "cases.request_supplement"}
OFFICE |= {"cases.return_to_front"}
READ = {"cases.case_page", "cases.supplement_notice", "cases.rejection_notice"}
ROLES = ("anonymous", "clerk", "manager", "officer_own", "officer_other", "other_hall", "admin")


def expectation(role: str, endpoint: str) -> str:
    if endpoint in PUBLIC:
        return "allowed"
    if role == "anonymous":
        return "login"
    if role == "manager" and endpoint == "cases.record_applicant":
        return "refused"  # not signed in at a window: they see the applicant masked, so cannot correct it
    if role in ("clerk", "manager"):
        return "allowed" if endpoint in FRONT | READ else "refused"
    if role == "officer_own":
        return "allowed" if endpoint in OFFICE | READ else "refused"
    if role == "officer_other":
        return "allowed" if endpoint == "cases.inbox" else "refused"  # their own (empty) inbox only
    if role == "other_hall" and endpoint == "cases.front_desk":
        return "allowed"  # their own hall's front desk
    return "refused"


@pytest.fixture
def people(case_hall, clock):
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    with write_transaction():
        other = factories.make_hall("other")
        accounts = {
            "clerk": case_hall.clerk,
            "manager": case_hall.small.manager,
            "officer_own": case_hall.officer_civil,
            "officer_other": case_hall.officer_social,
            "other_hall": factories.make_staff(other, "other.boss", Role.MANAGER),
            "admin": factories.make_staff(None, "county", Role.ADMIN),
        }
    values = {
        "visit_id": visit.id,
        "case_id": dibao.id,
        "counter_id": case_hall.window.id,
        "department_id": case_hall.civil.id,
        "token": visit.token,
    }
    return accounts, values


def endpoints(app, values):
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("cases."):
            method = "GET" if "GET" in rule.methods else "POST"
            found.append((rule.endpoint, method, adapter.build(rule.endpoint, {n: values[n] for n in rule.arguments})))
    return sorted(found)


@pytest.mark.parametrize("role", ROLES)
def test_every_case_endpoint_checks_who_is_asking(app, client, login, people, role):
    """Front desk, back office and public pages each let in exactly the people who work there."""
    accounts, values = people
    token = login(accounts[role]) if role != "anonymous" else csrf_token(client)
    seen = []
    for endpoint, method, url in endpoints(app, values):
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location.startswith("/login"):
            outcome = "login"
        elif response.status_code in (403, 404):
            outcome = "refused"
        elif response.status_code in (200, 302, 409, 422, 429):
            outcome = "allowed"
        else:
            outcome = f"status {response.status_code}"
        expected = expectation(role, endpoint)
        if outcome != expected:
            seen.append((endpoint, method, url, outcome, expected))
    assert seen == [], "\n".join(map(str, seen))
    assert len(endpoints(app, values)) >= 25


def test_another_halls_staff_find_no_visit_as_they_find_no_case(people, client, login):
    """/visits/<id> and /cases/<id> both answer 404 to another hall's manager: an id reveals nothing."""
    accounts, values = people
    login(accounts["other_hall"])
    assert client.get(f"/visits/{values['visit_id']}").status_code == 404
    assert client.get(f"/cases/{values['case_id']}").status_code == 404
