"""Every management page and action × every kind of person: allowed, forbidden (403) or sent to sign in.

The endpoints are read from the app's URL map, so a new management page cannot escape this test.
"""

from datetime import date
from pathlib import Path

import pytest

from hall.db import write_transaction
from hall.models import Role
from hall.services import ratings
from hall.services.admin import calendar, devices
from tests import factories
from tests.conftest import csrf_token
from tests.hall.services.helpers import act, call_next, counter_actions, issue

ROLES = ("anonymous", "clerk", "officer", "other_manager", "manager", "admin")


@pytest.fixture
def people(app, small_hall, clock):
    issue(small_hall.hall, small_hall.a, clock)
    ticket = call_next(small_hall.w1, small_hall.c1, clock)
    act(counter_actions.finish, ticket, small_hall.w1, small_hall.c1, clock)
    with write_transaction():
        follow_up = ratings.rate(ticket_token=ticket.token, level=1, channel="phone", now=clock()).follow_up
    saved = Path(app.config["REPORTS_DIR"]) / "test"
    saved.mkdir(parents=True)
    (saved / "2026-11-22.pdf").write_bytes(b"%PDF-1.4 saved by the nightly job")
    with write_transaction():
        department = factories.make_department(small_hall.hall, "民政")
        other = factories.make_hall("other")
        device, _ = devices.register(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, kind="kiosk", name="取号机", now=clock()
        )
        calendar.set_day(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            day=date(2026, 12, 1),
            kind="holiday",
            name="镇庆",
            now=clock(),
        )
        matter = factories.make_matter(small_hall.hall, department, "MZ-001", "最低生活保障申请")
        accounts = {
            "clerk": small_hall.c1,
            "officer": factories.make_staff(small_hall.hall, "officer", Role.OFFICER, department=department),
            "other_manager": factories.make_staff(other, "other.boss", Role.MANAGER),
            "manager": small_hall.manager,
            "admin": factories.make_staff(None, "county", Role.ADMIN),
        }
    values = {
        "code": "test",
        "department_id": department.id,
        "service_id": small_hall.b.id,
        "counter_id": small_hall.w3.id,
        "staff_id": small_hall.c3.id,
        "device_id": device.id,
        "matter_id": matter.id,
        "follow_up_id": follow_up.id,
        "kind": "pdf",
        "name": "2026-11-22.pdf",
        "day": "2026-12-01",
    }
    return accounts, values


def endpoints(app, values):
    """(method, url) of every management endpoint; destructive ones last so they do not remove the others' data."""
    found = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("manage."):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        url = adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})
        found.append((method, url))
    return sorted(found, key=lambda item: ("delete" in item[1] or "revoke" in item[1], item))


def expectation(role: str, url: str) -> str:
    if role == "anonymous":
        return "login"
    if role == "admin":
        return "allowed"
    if url == "/manage/":  # the start of management: a manager is sent on to their own hall
        return "allowed" if role in ("manager", "other_manager") else "forbidden"
    if role == "manager":
        return "forbidden" if url == "/manage/halls/new" else "allowed"
    return "forbidden"


@pytest.mark.parametrize("role", ROLES)
def test_every_management_endpoint_checks_who_is_asking(app, client, login, people, role):
    """Anonymous: sign in first; clerks, officers and other halls' managers: 403; managers: their hall; admins: all."""
    accounts, values = people
    token = login(accounts[role]) if role != "anonymous" else csrf_token(client)
    seen = []
    for method, url in endpoints(app, values):
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        expected = expectation(role, url)
        location = response.headers.get("Location", "")
        if expected == "login":
            outcome = "login" if response.status_code == 302 and location.startswith("/login") else "other"
        elif response.status_code == 403:
            outcome = "forbidden"
        else:
            outcome = (
                "allowed"
                if response.status_code in (200, 302) and not location.startswith("/login")
                else f"status {response.status_code}"
            )
        seen.append((method, url, outcome == expected or outcome))
    assert [item for item in seen if item[2] is not True] == []
    assert len(seen) >= 25
