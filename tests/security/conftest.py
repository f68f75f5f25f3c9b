"""Fixtures of the security walks: the people who sign in (by role), a resident's visit to scan, and the world of
the access matrix (every kind of device paired, in a hall that requires them).
"""

from datetime import date
from pathlib import Path

import pytest

from hall.db import write_transaction
from hall.models import Role
from hall.services import counters, ratings
from hall.services.admin import calendar, devices
from tests import factories
from tests.conftest import csrf_token
from tests.hall.services.helpers import act, call_next, counter_actions, issue
from tests.hall.web.cases.helpers import accepted_cases
from tests.security.policies import DEVICE_KINDS
from tests.security.walk import visit_with_cases

HOLIDAY = date(2026, 12, 1)


@pytest.fixture
def people(case_hall):
    """Who signs in, by role: the clerk at window 1, the hall's manager (at no window), civil affairs' officer
    (the department of ``resident_visit``'s accepted case), social security's, a county administrator, and the
    manager of another hall."""
    with write_transaction():
        other = factories.make_hall("other")
        return {
            "clerk": case_hall.clerk,
            "manager": case_hall.small.manager,
            "officer": case_hall.officer_civil,
            "officer_other": case_hall.officer_social,
            "admin": factories.make_staff(None, "county", Role.ADMIN),
            "other_manager": factories.make_staff(other, "other.boss", Role.MANAGER),
        }


@pytest.fixture
def sign_in_as(client, login, people, case_hall, clock):
    """Signs ``client`` in as one of ``people`` by role ("anonymous": not at all); returns the CSRF token.

    "manager_at_window" is the hall's manager after taking over window 3: working as the front desk.
    """

    def sign_in(role: str) -> str:
        if role == "anonymous":
            return csrf_token(client)
        if role == "manager_at_window":
            with write_transaction():
                window, manager = case_hall.small.w3.id, people["manager"].id
                counters.sign_in(counter_id=window, staff_id=manager, now=clock(), take_over=True)
            role = "manager"
        return login(people[role])

    return sign_in


@pytest.fixture
def resident_visit(case_hall, clock):
    """A resident with an accepted case, a case waiting for a missing material and a rejected one."""
    return visit_with_cases(case_hall, clock)


@pytest.fixture
def world(app, case_hall, clock, people):
    """case_hall in a hall that requires devices, with every kind of device paired, another hall, an admin."""
    small = case_hall.small
    visit, (case,) = accepted_cases(case_hall, clock, case_hall.dibao)
    issue(small.hall, small.b, clock)
    finished = call_next(small.w3, small.c3, clock)
    act(counter_actions.finish, finished, small.w3, small.c3, clock)
    waiting = issue(small.hall, small.b, clock)
    with write_transaction():
        follow_up = ratings.rate(ticket_token=finished.token, level=1, channel="phone", now=clock()).follow_up
    saved = Path(app.config["REPORTS_DIR"]) / "test"
    saved.mkdir(parents=True)
    (saved / "2026-11-22.pdf").write_bytes(b"%PDF-1.4 saved by the nightly job")
    with write_transaction():
        small.hall.require_devices = True
        calendar.set_day(
            actor_id=small.manager.id,
            hall_id=small.hall.id,
            day=HOLIDAY,
            kind="holiday",
            name="镇庆",
            now=clock(),
        )
        paired = {}
        for kind in DEVICE_KINDS:
            window = small.w1.id if kind in ("counter_display", "rating_tablet") else None
            device, _ = devices.register(
                actor_id=small.manager.id, hall_id=small.hall.id, kind=kind, name=kind, counter_id=window, now=clock()
            )
            token = devices.new_token(
                actor_id=small.manager.id, hall_id=small.hall.id, device_id=device.id, now=clock()
            )
            paired[kind] = (device, token)
    values = {
        "code": "test",
        "counter_id": small.w1.id,
        "number": small.w1.number,
        "ticket_id": case_hall.ticket.id,
        "action": "recall",
        "token": waiting.token,
        "visit_id": visit.id,
        "case_id": case.id,
        "department_id": case_hall.civil.id,
        "service_id": small.b.id,
        "staff_id": small.c3.id,
        "device_id": paired["kiosk"][0].id,
        "matter_id": case_hall.pension.id,
        "follow_up_id": follow_up.id,
        "kind": "pdf",
        "name": "2026-11-22.pdf",
        "day": HOLIDAY.isoformat(),
    }
    overrides = {
        "manage.": {"counter_id": small.w3.id},  # deleting window 3 leaves window 1 to the clerk
        "cases.": {"token": visit.token},
        "static": {"filename": "css/app.css"},
        "kiosk_assets.": {"filename": "kiosk.js"},
        "display_assets.": {"filename": "live.js"},
        "/halls/<code>/tickets/": {"ticket_id": waiting.id},
        "/tickets/<token>/rating": {"token": finished.token},
    }
    bodies = {
        "/halls/<code>/tickets": {"service_id": small.a.id},
        "/halls/<code>/tickets/<ticket_id>/transfer": {"service_id": small.a.id},
        "/halls/<code>/tickets/<ticket_id>/cancel": {"reason": "left"},
        "/counters/<counter_id>/call-number": {"number": "A001"},
        "/counters/<counter_id>/tickets/<ticket_id>/transfer": {"service_id": small.a.id},
        "/tickets/<token>/rating": {"level": 5},
        "/halls/<code>/tickets/reprint": {"service_id": small.a.id, "identity": "13812341234"},
    }
    return {"people": people, "devices": paired, "values": values, "overrides": overrides, "bodies": bodies}
