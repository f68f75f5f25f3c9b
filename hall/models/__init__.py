"""SQLAlchemy models, grouped by aggregate. Import them from here."""

from hall.models.calendar import CalendarDay, DayKind
from hall.models.device import AT_A_WINDOW, Device, DeviceKind
from hall.models.hall import Department, Hall
from hall.models.history import ANNOUNCED, HistoryEntry, Kind
from hall.models.service import Counter, CounterService, CounterState, Service, service_department
from hall.models.staff import ApiToken, Role, Staff, staff_counter
from hall.models.ticket import ACTIVE_STATES, AT_A_COUNTER, Priority, QueueDay, Ticket, TicketState

__all__ = [
    "ACTIVE_STATES",
    "ANNOUNCED",
    "AT_A_COUNTER",
    "AT_A_WINDOW",
    "ApiToken",
    "CalendarDay",
    "Counter",
    "CounterService",
    "CounterState",
    "DayKind",
    "Department",
    "Device",
    "DeviceKind",
    "Hall",
    "HistoryEntry",
    "Kind",
    "Priority",
    "QueueDay",
    "Role",
    "Service",
    "Staff",
    "Ticket",
    "TicketState",
    "service_department",
    "staff_counter",
]
