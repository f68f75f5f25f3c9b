"""Words and formats for the management pages."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hall import permissions
from hall.models import DeviceKind
from hall.timeutil import local
from hall.web.manage import bp

WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday"))
DEVICE_KINDS = {
    DeviceKind.KIOSK: _l("Kiosk"),
    DeviceKind.HALL_DISPLAY: _l("Hall screen"),
    DeviceKind.COUNTER_DISPLAY: _l("Window screen"),
    DeviceKind.RATING_TABLET: _l("Rating tablet"),
}
ENTITIES = {
    "hall": _l("Settings"),
    "department": _l("Department"),
    "service": _l("Service"),
    "counter": _l("Window"),
    "calendar": _l("Working days"),
    "staff": _l("Staff"),
    "device": _l("Device"),
}
ACTIONS = {"created": _l("added"), "updated": _l("changed"), "deleted": _l("deleted"), "prefilled": _l("filled in")}


@bp.app_template_filter("weekday")
def weekday(day) -> str:
    return str(WEEKDAYS[day.weekday()])


@bp.app_template_filter("device_kind")
def device_kind(kind) -> str:
    return str(DEVICE_KINDS.get(kind, kind))


@bp.app_template_filter("hall_time")
def hall_time(instant, hall) -> str:
    return f"{local(instant, hall.timezone):%Y-%m-%d %H:%M}"


@bp.app_template_filter("entity_label")
def entity_label(entity) -> str:
    return str(ENTITIES.get(entity, entity))


@bp.app_template_filter("action_label")
def action_label(action) -> str:
    return str(ACTIONS.get(action, action))


@bp.app_template_filter("change_summary")
def change_summary(changes) -> str:
    if not changes:
        return ""
    parts = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{name}: {value[0]} → {value[1]}")
        else:
            parts.append(f"{name}: {value}")
    return "; ".join(parts)


@bp.app_context_processor
def management_context():
    signed_in = current_user if current_user.is_authenticated else None
    return {
        "can_manage_halls": permissions.can(signed_in, permissions.Capability.MANAGE_HALLS),
        "can_configure": signed_in is not None
        and (
            permissions.can(signed_in, permissions.Capability.MANAGE_HALLS)
            or permissions.can(signed_in, permissions.Capability.CONFIGURE_HALL, signed_in.hall_id)
        ),
    }
