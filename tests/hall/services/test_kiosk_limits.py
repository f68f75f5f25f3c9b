"""Kiosk limits: slips per kiosk a minute (by device or address), tickets per person a day, reprints per ticket."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from config import TestingConfig
from hall.db import write_transaction
from hall.errors import AlreadyWaiting, RateLimited
from hall.extensions import db
from hall.models import Device, DeviceKind, KioskIdentity, QueueDay, Ticket
from hall.services.kiosk_identity import identity_key
from hall.services.kiosk_limits import KioskPolicy
from hall.services.ticketing import reprint_ticket
from tests import factories
from tests.hall.services.helpers import issue

PHONE = "13812345678"
KEY = identity_key("test")


def policy(**limits) -> KioskPolicy:
    return KioskPolicy(identity_key=KEY, **limits)


@pytest.fixture
def kiosk(small_hall, clock) -> Device:
    with write_transaction():
        device = Device(hall_id=small_hall.hall.id, kind=DeviceKind.KIOSK, name="大厅取号机", created_at=clock())
        db.session.add(device)
    return device


def issued_count(service) -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket).where(Ticket.service_id == service.id))


def test_a_kiosk_gives_out_at_most_n_slips_a_minute(small_hall, clock, kiosk):
    """Past its minute's slips a kiosk asks the resident to wait a minute; the refusal uses no number."""
    limits = policy(tickets_per_device_minute=3)
    for _ in range(3):
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, policy=limits)
    with pytest.raises(RateLimited) as refused:
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, policy=limits)
    assert refused.value.status == 429
    assert str(refused.value) == "这台取号机刚刚发出了很多号码，请稍等一分钟再试，或到服务台咨询。"
    assert db.session.get(QueueDay, (small_hall.a.id, clock().date())).last_seq == 3


def test_the_kiosk_minute_starts_again(small_hall, clock, kiosk):
    """A minute after the window opened, the kiosk gives out numbers again."""
    limits = policy(tickets_per_device_minute=2)
    for _ in range(2):
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, policy=limits)
    with pytest.raises(RateLimited):
        issue(small_hall.hall, small_hall.b, clock, device_id=kiosk.id, policy=limits)
    clock.advance(seconds=58)
    assert issue(small_hall.hall, small_hall.b, clock, device_id=kiosk.id, policy=limits).number == "B001"


def test_each_kiosk_has_its_own_minute(small_hall, clock, kiosk):
    """One busy kiosk does not stop the one beside it."""
    with write_transaction():
        other = Device(hall_id=small_hall.hall.id, kind=DeviceKind.KIOSK, name="二号取号机", created_at=clock())
        db.session.add(other)
    limits = policy(tickets_per_device_minute=1)
    issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, policy=limits)
    with pytest.raises(RateLimited):
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, policy=limits)
    assert issue(small_hall.hall, small_hall.a, clock, device_id=other.id, policy=limits).number == "A002"


def test_unregistered_kiosks_are_counted_by_address(small_hall, clock):
    """Without a device token the limit is per hall and client address; another address is not affected."""
    limits = policy(tickets_per_address_minute=2)
    for _ in range(2):
        issue(small_hall.hall, small_hall.a, clock, client_address="10.1.2.3", policy=limits)
    with pytest.raises(RateLimited):
        issue(small_hall.hall, small_hall.a, clock, client_address="10.1.2.3", policy=limits)
    assert issue(small_hall.hall, small_hall.a, clock, client_address="10.1.2.4", policy=limits).number == "A003"


def test_a_registered_kiosk_is_not_counted_by_its_address(small_hall, clock, kiosk):
    """A paired kiosk counts under its device, whatever address it shares with other kiosks."""
    limits = policy(tickets_per_device_minute=5, tickets_per_address_minute=1)
    for _ in range(3):
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, client_address="10.1.2.3", policy=limits)
    assert issued_count(small_hall.a) == 3


def test_clerks_issuing_at_the_window_are_not_limited(small_hall, clock):
    """A clerk taking numbers for residents at the window is not a kiosk and is not counted."""
    limits = policy(tickets_per_address_minute=1)
    for _ in range(3):
        issue(
            small_hall.hall,
            small_hall.a,
            clock,
            channel="counter",
            staff_id=small_hall.c1.id,
            client_address="10.1.2.3",
            policy=limits,
        )
    assert issued_count(small_hall.a) == 3


def test_a_person_takes_at_most_m_numbers_a_day(small_hall, clock):
    """Across services a person gets a few numbers a day; the next day they may come again."""
    with write_transaction():
        small_hall.hall.kiosk_identity = KioskIdentity.REQUIRED.value
        c = factories.make_service(small_hall.hall, "C", "不动产登记")
    limits = policy(tickets_per_identity_day=2)
    issue(small_hall.hall, small_hall.a, clock, identity=PHONE, policy=limits)
    issue(small_hall.hall, small_hall.b, clock, identity=PHONE, policy=limits)
    with pytest.raises(RateLimited) as refused:
        issue(small_hall.hall, c, clock, identity=PHONE, policy=limits)
    assert str(refused.value) == "您今天已取了 2 个号，这是每人每天可取的上限。请到服务台咨询。"
    assert issue(small_hall.hall, c, clock, identity="13900001111", policy=limits).number == "C001"
    clock.set(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))  # Tuesday 10:00 in Shanghai
    assert issue(small_hall.hall, c, clock, identity=PHONE, policy=limits).number == "C001"


def test_a_slip_is_reprinted_only_so_often(small_hall, clock):
    """After the allowed reprints the kiosk says to remember the number; the refusal says no more reprints."""
    with write_transaction():
        small_hall.hall.kiosk_identity = KioskIdentity.OPTIONAL.value
    limits = policy(reprints_per_ticket=1)
    ticket = issue(small_hall.hall, small_hall.a, clock, identity=PHONE, policy=limits)

    def reprint():
        with write_transaction():
            return reprint_ticket(
                hall_id=small_hall.hall.id, service_id=small_hall.a.id, identity=PHONE, now=clock(), policy=limits
            )

    assert reprint().token == ticket.token
    with pytest.raises(RateLimited) as refused:
        reprint()
    assert "A001" in str(refused.value) and refused.value.status == 429
    with pytest.raises(AlreadyWaiting) as again:
        issue(small_hall.hall, small_hall.a, clock, identity=PHONE, policy=limits)
    assert again.value.details["reprint"] is False


def test_reprints_count_as_the_kiosks_slips(small_hall, clock, kiosk):
    """Reprinting uses paper too: it counts in the kiosk's minute, so it cannot be pressed on and on."""
    with write_transaction():
        small_hall.hall.kiosk_identity = KioskIdentity.OPTIONAL.value
    limits = policy(tickets_per_device_minute=2, reprints_per_ticket=5)
    issue(small_hall.hall, small_hall.a, clock, identity=PHONE, device_id=kiosk.id, policy=limits)
    with write_transaction():
        reprint_ticket(
            hall_id=small_hall.hall.id,
            service_id=small_hall.a.id,
            identity=PHONE,
            now=clock(),
            device_id=kiosk.id,
            policy=limits,
        )
    with pytest.raises(RateLimited):
        issue(small_hall.hall, small_hall.b, clock, identity=PHONE, device_id=kiosk.id, policy=limits)


def test_limits_come_from_the_configuration_and_zero_turns_one_off(small_hall, clock, kiosk):
    """KIOSK_* settings set the limits; 0 means no limit (e.g. for a load test)."""
    config = {
        "SECRET_KEY": TestingConfig.SECRET_KEY,
        "KIOSK_TICKETS_PER_DEVICE_MINUTE": 0,
        "KIOSK_TICKETS_PER_ADDRESS_MINUTE": 7,
        "KIOSK_TICKETS_PER_IDENTITY_DAY": 3,
        "KIOSK_REPRINTS_PER_TICKET": 4,
    }
    limits = KioskPolicy.from_config(config)
    assert (limits.tickets_per_address_minute, limits.tickets_per_identity_day, limits.reprints_per_ticket) == (7, 3, 4)
    assert limits.identity_key == identity_key(TestingConfig.SECRET_KEY) != TestingConfig.SECRET_KEY.encode()
    for _ in range(20):
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id, policy=limits)
    assert issued_count(small_hall.a) == 20


def test_the_app_configuration_is_used_when_no_policy_is_passed(app, small_hall, clock, kiosk):
    """Callers that pass no policy get the app's KIOSK_* limits."""
    app.config["KIOSK_TICKETS_PER_DEVICE_MINUTE"] = 1
    issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id)
    with pytest.raises(RateLimited):
        issue(small_hall.hall, small_hall.a, clock, device_id=kiosk.id)
