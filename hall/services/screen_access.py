"""Who may open a hall's public screens (kiosk, hall screen, window screen) and their live feed.

Halls that require registered devices show them only to their own paired devices of the right kind, and to
their staff (managers checking a screen, clerks). A hall still being set up (or the demo) shows them to anyone.
"""

from hall import permissions
from hall.models import AT_A_WINDOW, Device, DeviceKind, Hall, Staff
from hall.permissions import Capability

SCREENS = tuple(DeviceKind)


def device_fits(device: Device | None, hall: Hall, kinds=SCREENS, counter_id: int | None = None) -> bool:
    if device is None or not device.active or device.hall_id != hall.id or device.kind not in kinds:
        return False
    return counter_id is None or device.kind not in AT_A_WINDOW or device.counter_id == counter_id


def may_open(
    hall: Hall, device: Device | None, staff: Staff | None, kinds=SCREENS, counter_id: int | None = None
) -> bool:
    if device_fits(device, hall, kinds, counter_id) or not hall.require_devices:
        return True
    return permissions.can(staff, Capability.CONFIGURE_HALL, hall.id) or permissions.can(
        staff, Capability.SERVE, hall.id
    )
