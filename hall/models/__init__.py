"""SQLAlchemy models, grouped by aggregate. Import them from here."""

from hall.models.hall import Department, Hall
from hall.models.history import ANNOUNCED, HistoryEntry, Kind
from hall.models.service import Counter, CounterService, CounterState, Service, service_department
from hall.models.staff import ApiToken, Role, Staff
from hall.models.ticket import ACTIVE_STATES, AT_A_COUNTER, Priority, QueueDay, Ticket, TicketState

__all__ = [
    "ACTIVE_STATES",
    "ANNOUNCED",
    "AT_A_COUNTER",
    "ApiToken",
    "Counter",
    "CounterService",
    "CounterState",
    "Department",
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
]
