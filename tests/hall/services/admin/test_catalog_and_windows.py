"""Configuring services and windows: validation in the hall's words, safe deletes, history kept."""

import pytest

from hall.db import write_transaction
from hall.errors import CounterBusy, InvalidState, PermissionDenied, ValidationFailed
from hall.extensions import db
from hall.models import Counter, HistoryEntry, Kind, Service
from hall.services.admin import catalog, windows
from tests.hall.services.helpers import call_next, issue


def change(function, actor, hall, clock, **arguments):
    with write_transaction():
        return function(actor_id=actor.id, hall_id=hall.id, now=clock(), **arguments)


def test_a_new_service_is_offered_with_its_departments(small_hall, clock):
    """A manager adds service C; it is active, covers the chosen department and the change is recorded."""
    from tests import factories

    with write_transaction():
        health = factories.make_department(small_hall.hall, "卫生健康办")
    service = change(
        catalog.create,
        small_hall.manager,
        small_hall.hall,
        clock,
        values={"name": "卫生健康", "prefix": "c", "departments": [health.id], "green_channel": True},
    )
    assert (service.prefix, service.active, [d.name for d in service.departments]) == ("C", True, ["卫生健康办"])
    entry = db.session.query(HistoryEntry).filter_by(kind=Kind.CONFIG_CHANGED).order_by(HistoryEntry.id.desc()).first()
    assert (entry.data["entity"], entry.data["action"], entry.staff_id) == ("service", "created", small_hall.manager.id)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "重复", "prefix": "A"}, "prefix"),
        ({"name": "坏前缀", "prefix": "A1"}, "prefix"),
        ({"name": "", "prefix": "Z"}, "name"),
        ({"name": "时段", "prefix": "Z", "ticketing_hours": "9点到5点"}, "ticketing_hours"),
        ({"name": "上限", "prefix": "Z", "daily_cap": 0}, "daily_cap"),
        ({"name": "部门", "prefix": "Z", "departments": [9999]}, "departments"),
    ],
)
def test_bad_service_values_name_the_field_and_write_nothing(small_hall, clock, values, field):
    """Duplicate prefix, bad prefix, empty name, unreadable hours, zero cap, foreign department: clear errors."""
    with pytest.raises(ValidationFailed) as refused:
        change(catalog.create, small_hall.manager, small_hall.hall, clock, values=values)
    assert refused.value.details["field"] == field
    assert db.session.query(Service).count() == 2


def test_duplicate_prefix_message_names_the_other_service(small_hall, clock):
    """The refusal says which service already uses the prefix, in Chinese."""
    with pytest.raises(ValidationFailed) as refused:
        change(catalog.create, small_hall.manager, small_hall.hall, clock, values={"name": "新业务", "prefix": "A"})
    assert str(refused.value) == "A 已是“综合受理”的取号前缀。"


def test_a_service_with_tickets_is_deactivated_not_deleted(small_hall, clock):
    """Deleting a service that issued tickets is refused; deactivating it keeps its tickets callable."""
    ticket = issue(small_hall.hall, small_hall.a, clock)
    with pytest.raises(InvalidState):
        change(catalog.delete, small_hall.manager, small_hall.hall, clock, service_id=small_hall.a.id)
    change(
        catalog.update,
        small_hall.manager,
        small_hall.hall,
        clock,
        service_id=small_hall.a.id,
        values={"name": "综合受理（旧）", "prefix": "A", "active": False},
    )
    assert call_next(small_hall.w1, small_hall.c1, clock).id == ticket.id
    assert ticket.number == "A001"


def test_an_unused_service_can_be_deleted(small_hall, clock):
    """A service that never issued a ticket goes, with its window links."""
    service = change(catalog.create, small_hall.manager, small_hall.hall, clock, values={"name": "试用", "prefix": "T"})
    change(
        windows.update,
        small_hall.manager,
        small_hall.hall,
        clock,
        counter_id=small_hall.w1.id,
        values={"number": 1, "services": [small_hall.a.id, service.id], "active": True},
    )
    change(catalog.delete, small_hall.manager, small_hall.hall, clock, service_id=service.id)
    assert db.session.get(Service, service.id) is None
    assert [link.service.prefix for link in small_hall.w1.links] == ["A"]


def test_windows_keep_the_service_order_given(small_hall, clock):
    """A new window serves B then A, in that order, and its number must be unique."""
    counter = change(
        windows.create,
        small_hall.manager,
        small_hall.hall,
        clock,
        values={"number": 9, "name": "综合", "services": [small_hall.b.id, small_hall.a.id]},
    )
    assert [(link.service.prefix, link.position) for link in counter.links] == [("B", 0), ("A", 1)]
    with pytest.raises(ValidationFailed) as refused:
        change(windows.create, small_hall.manager, small_hall.hall, clock, values={"number": 9, "services": []})
    assert refused.value.details["field"] == "number"


def test_a_window_in_use_cannot_be_deactivated_or_deleted(small_hall, clock):
    """With a clerk signed in (and a ticket called) a window stays active; one with history is never deleted."""
    issue(small_hall.hall, small_hall.a, clock)
    call_next(small_hall.w1, small_hall.c1, clock)
    with pytest.raises(CounterBusy):
        change(
            windows.update,
            small_hall.manager,
            small_hall.hall,
            clock,
            counter_id=small_hall.w1.id,
            values={"number": 1, "services": [small_hall.a.id], "active": False},
        )
    with pytest.raises(InvalidState):
        change(windows.delete, small_hall.manager, small_hall.hall, clock, counter_id=small_hall.w1.id)
    assert db.session.get(Counter, small_hall.w1.id).active


def test_clerks_cannot_configure(small_hall, clock):
    """The services check the permission matrix themselves: a clerk's id is refused."""
    with pytest.raises(PermissionDenied):
        change(catalog.create, small_hall.c1, small_hall.hall, clock, values={"name": "X", "prefix": "X"})
