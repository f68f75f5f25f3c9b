"""Registered devices: pairing codes, tokens, revocation, and who may issue tickets."""

from datetime import timedelta

import pytest

from hall.db import write_transaction
from hall.errors import PermissionDenied, ValidationFailed
from hall.models import DeviceKind
from hall.services.admin import devices
from hall.services.ticketing import issue_ticket
from tests.hall.services.helpers import kiosk_policy


@pytest.fixture
def kiosk(small_hall, clock):
    with write_transaction():
        small_hall.hall.require_devices = True
        device, code = devices.register(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, kind="kiosk", name="大厅取号机 1", now=clock()
        )
    return device, code


def test_a_pairing_code_gives_the_device_its_token_once(small_hall, clock, kiosk):
    """The six-digit code pairs the device once; the token then identifies it; the code is spent."""
    device, code = kiosk
    with write_transaction():
        paired, token = devices.pair(hall_id=small_hall.hall.id, code=code, now=clock())
    assert paired.id == device.id and devices.authenticate(token).id == device.id
    with pytest.raises(ValidationFailed), write_transaction():
        devices.pair(hall_id=small_hall.hall.id, code=code, now=clock())


def test_pairing_codes_expire(small_hall, clock, kiosk):
    """A code older than 30 minutes is refused."""
    _, code = kiosk
    clock.advance(minutes=31)
    with pytest.raises(ValidationFailed), write_transaction():
        devices.pair(hall_id=small_hall.hall.id, code=code, now=clock())


def test_a_revoked_device_is_refused_at_once(small_hall, clock, kiosk):
    """After revocation the device's token no longer authenticates."""
    device, code = kiosk
    with write_transaction():
        _, token = devices.pair(hall_id=small_hall.hall.id, code=code, now=clock())
        devices.revoke(actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, device_id=device.id, now=clock())
    assert devices.authenticate(token) is None


def test_only_registered_kiosks_issue_where_the_hall_requires_them(small_hall, clock, kiosk):
    """Anonymous issuing is refused; the hall's kiosk and its clerks may issue; a hall screen may not."""
    device, _ = kiosk
    hall_id, service_id, policy = small_hall.hall.id, small_hall.a.id, kiosk_policy()
    with pytest.raises(PermissionDenied), write_transaction():
        issue_ticket(hall_id=hall_id, service_id=service_id, now=clock(), policy=policy)
    with write_transaction():
        issued = issue_ticket(hall_id=hall_id, service_id=service_id, now=clock(), device_id=device.id, policy=policy)
        assert issued.number == "A001"
        by_clerk = issue_ticket(
            hall_id=hall_id, service_id=service_id, now=clock(), staff_id=small_hall.c1.id, policy=policy
        )
        assert by_clerk.number == "A002"
        screen, _ = devices.register(
            actor_id=small_hall.manager.id, hall_id=hall_id, kind="hall_display", name="大厅屏", now=clock()
        )
    with pytest.raises(PermissionDenied), write_transaction():
        issue_ticket(hall_id=hall_id, service_id=service_id, now=clock(), device_id=screen.id, policy=policy)


def test_window_devices_need_their_window(small_hall, clock):
    """A window screen without a window is refused with the field named."""
    with pytest.raises(ValidationFailed) as refused, write_transaction():
        devices.register(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            kind=DeviceKind.COUNTER_DISPLAY.value,
            name="1号窗口屏",
            now=clock(),
        )
    assert refused.value.details["field"] == "counter_id"


def test_last_seen_is_noted_at_most_once_a_minute(small_hall, clock, kiosk):
    """touch() records the time; within a minute it is not rewritten."""
    device, _ = kiosk
    with write_transaction():
        devices.touch(device.id, clock())
    first = device.last_seen_at
    with write_transaction():
        devices.touch(device.id, clock() + timedelta(seconds=30))
    assert device.last_seen_at == first
    assert devices.needs_touch(device, clock() + timedelta(minutes=2))
