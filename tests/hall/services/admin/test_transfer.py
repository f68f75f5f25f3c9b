"""Copying a hall's configuration to another hall: export, dry run, import, round trip."""

import json
from datetime import date

import pytest

from hall.db import write_transaction
from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import CalendarDay, Counter, Role, Service
from hall.services.admin import calendar, transfer
from tests import factories


@pytest.fixture
def second_hall(small_hall):
    with write_transaction():
        hall = factories.make_hall("second", name="第二镇便民服务中心")
        manager = factories.make_staff(hall, "second.boss", Role.MANAGER)
    return hall, manager


def export(small_hall, clock):
    with write_transaction():
        social = factories.make_department(small_hall.hall, "社会保障所")
        small_hall.b.departments = [social]
        small_hall.b.daily_cap = 80
        calendar.set_day(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            day=date(2026, 12, 1),
            kind="holiday",
            name="镇庆",
            now=clock(),
        )
    return json.loads(json.dumps(transfer.export_config(small_hall.hall, clock())))  # as through a file


def test_round_trip_makes_the_second_hall_configured_like_the_first(small_hall, second_hall, clock):
    """Exported from one hall and imported into another: same services, windows, departments and calendar."""
    hall, manager = second_hall
    document = export(small_hall, clock)
    with write_transaction():
        report = transfer.import_config(actor_id=manager.id, hall_id=hall.id, document=document, now=clock())
    assert report.counts["service.created"] == 2 and report.counts["counter.created"] == 3
    again = transfer.export_config(hall, clock())
    for part in ("departments", "services", "counters", "calendar", "settings"):
        assert again[part] == document[part], part
    assert db.session.query(Service).filter_by(hall_id=hall.id, prefix="B").one().daily_cap == 80


def test_dry_run_reports_and_changes_nothing(small_hall, second_hall, clock):
    """A dry run lists what would be created and leaves the hall untouched; importing twice changes nothing."""
    hall, manager = second_hall
    document = export(small_hall, clock)
    with write_transaction(dry_run=True):
        report = transfer.import_config(actor_id=manager.id, hall_id=hall.id, document=document, now=clock())
    assert report.counts["service.created"] == 2
    db.session.expire_all()
    assert db.session.query(Counter).filter_by(hall_id=hall.id).count() == 0
    with write_transaction():
        transfer.import_config(actor_id=manager.id, hall_id=hall.id, document=document, now=clock())
    with write_transaction(dry_run=True):
        assert (
            transfer.import_config(actor_id=manager.id, hall_id=hall.id, document=document, now=clock()).changes == []
        )


def test_import_updates_by_natural_key_and_deletes_nothing(small_hall, second_hall, clock):
    """A service with the same prefix is updated; one only in the target hall stays."""
    hall, manager = second_hall
    with write_transaction():
        factories.make_service(hall, "A", "旧名称")
        factories.make_service(hall, "Z", "本地业务")
    with write_transaction():
        transfer.import_config(actor_id=manager.id, hall_id=hall.id, document=export(small_hall, clock), now=clock())
    names = {s.prefix: s.name for s in db.session.query(Service).filter_by(hall_id=hall.id)}
    assert names == {"A": "综合受理", "B": "社保业务", "Z": "本地业务"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "不是大厅配置文件"),
        (lambda d: d.update(version=99), "第 99 版"),
        (lambda d: d.update(services="A,B"), "必须是条目列表"),
        (lambda d: d["services"][0].update(prefix="A1"), "业务 A1"),
        (lambda d: d["counters"][0].update(services=["Q"]), "不存在的业务"),
        (lambda d: d["calendar"].append({"day": "2026-13-01", "kind": "holiday"}), "不是日期"),
    ],
)
def test_bad_files_are_explained_and_change_nothing(small_hall, second_hall, clock, mutate, message):
    """Wrong format or version, malformed parts, bad entries: a message naming the problem, nothing written."""
    hall, manager = second_hall
    document = export(small_hall, clock)
    mutate(document)
    with pytest.raises(ValidationFailed) as refused, write_transaction():
        transfer.import_config(actor_id=manager.id, hall_id=hall.id, document=document, now=clock())
    assert message in str(refused.value)
    assert db.session.query(Service).filter_by(hall_id=hall.id).count() == 0
    assert db.session.query(CalendarDay).filter_by(hall_id=hall.id).count() == 0
