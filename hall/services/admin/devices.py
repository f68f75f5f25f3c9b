"""The hall's devices: kiosks, hall screens, window screens and rating tablets.

A manager registers a device and gets a six-digit pairing code (valid 30 minutes) to type on the device's
browser at /pair, or a token for software that calls the API. Either way the device then identifies itself
with its token; only its hash is stored. Revoking a device refuses its token at once. ``last_seen_at`` is
updated when the device loads a page or (re)connects, at most once a minute.
"""

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import InvalidState, NotFound, ValidationFailed
from hall.extensions import db
from hall.models import AT_A_WINDOW, Counter, Device, DeviceKind, HistoryEntry, Kind, Staff
from hall.permissions import Capability
from hall.services.admin import audit, checks

PAIRING_MINUTES = 30
SEEN_EVERY = timedelta(minutes=1)


def _authorised(actor_id: int, hall_id: int) -> None:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)


def get(hall_id: int, device_id: int) -> Device:
    device = db.session.get(Device, device_id)
    if device is None or device.hall_id != hall_id:
        raise NotFound(_l("There is no such device."))
    return device


def _new_pairing_code(device: Device, now: datetime) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    device.pairing_code_hash = Device.hash(f"{device.hall_id}:{code}")
    device.pairing_expires_at = now + timedelta(minutes=PAIRING_MINUTES)
    return code


def register(*, actor_id: int, hall_id: int, kind, name: str, counter_id=None, now: datetime) -> tuple[Device, str]:
    """A new device and its pairing code (shown once)."""
    _authorised(actor_id, hall_id)
    try:
        kind = DeviceKind(kind)
    except ValueError:
        checks.fail("kind", _l("Choose what kind of device this is."))
    counter = None
    if kind in AT_A_WINDOW:
        counter = db.session.get(Counter, int(counter_id)) if counter_id else None
        if counter is None or counter.hall_id != hall_id:
            checks.fail("counter_id", _l("A window screen or rating tablet belongs to one window: choose it."))
    device = Device(
        hall_id=hall_id,
        kind=kind,
        counter=counter,
        created_at=now,
        name=checks.text(name, "name", max_length=100, required=True),
    )
    db.session.add(device)
    db.session.flush()
    code = _new_pairing_code(device, now)
    audit.record(hall_id, actor_id, now, "device", "created", device.id, kind=kind.value, name=device.name)
    return device, code


def new_pairing_code(*, actor_id: int, hall_id: int, device_id: int, now: datetime) -> str:
    _authorised(actor_id, hall_id)
    device = get(hall_id, device_id)
    if not device.active:
        raise InvalidState(_l("This device is revoked; register a new one."))
    audit.record(hall_id, actor_id, now, "device", "pairing_code", device.id)
    return _new_pairing_code(device, now)


def new_token(*, actor_id: int, hall_id: int, device_id: int, now: datetime) -> str:
    """A token for device software that uses the API (replaces any earlier token of the device)."""
    _authorised(actor_id, hall_id)
    device = get(hall_id, device_id)
    if not device.active:
        raise InvalidState(_l("This device is revoked; register a new one."))
    audit.record(hall_id, actor_id, now, "device", "token", device.id)
    return _issue_token(device, now)


def _issue_token(device: Device, now: datetime) -> str:
    token = f"dev-{secrets.token_urlsafe(32)}"
    device.token_hash = Device.hash(token)
    device.paired_at = now
    device.pairing_code_hash = None
    device.pairing_expires_at = None
    return token


def pair(*, hall_id: int, code: str, now: datetime) -> tuple[Device, str]:
    """Exchange a pairing code typed on the device for its token."""
    code = (code or "").strip()
    device = (
        db.session.scalar(
            select(Device).where(
                Device.hall_id == hall_id, Device.pairing_code_hash == Device.hash(f"{hall_id}:{code}")
            )
        )
        if code
        else None
    )
    if device is None or not device.active or device.pairing_expires_at is None or device.pairing_expires_at < now:
        raise ValidationFailed(
            _l("This pairing code is wrong or has expired; ask the manager for a new one."), field="code"
        )
    token = _issue_token(device, now)
    device.last_seen_at = now
    db.session.add(
        HistoryEntry(
            hall_id=hall_id,
            at=now,
            kind=Kind.DEVICE_PAIRED,
            device_id=device.id,
            data={"kind": device.kind.value, "name": device.name},
            channel="device",
        )
    )
    return device, token


def revoke(*, actor_id: int, hall_id: int, device_id: int, now: datetime) -> Device:
    _authorised(actor_id, hall_id)
    device = get(hall_id, device_id)
    if device.active:
        device.revoked_at = now
        device.token_hash = None
        device.pairing_code_hash = None
        audit.record(hall_id, actor_id, now, "device", "revoked", device.id, name=device.name)
    return device


def authenticate(token: str | None) -> Device | None:
    """The active device this token belongs to, or None."""
    if not token or not token.startswith("dev-"):
        return None
    return db.session.scalar(select(Device).where(Device.token_hash == Device.hash(token), Device.revoked_at.is_(None)))


def needs_touch(device: Device, now: datetime) -> bool:
    return device.last_seen_at is None or now - device.last_seen_at >= SEEN_EVERY


def touch(device_id: int, now: datetime) -> None:
    """Note that the device was seen (called at most once a minute per device)."""
    device = db.session.get(Device, device_id)
    if device is not None and needs_touch(device, now):
        device.last_seen_at = now
