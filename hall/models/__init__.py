"""SQLAlchemy models, grouped by aggregate. Import them from here."""

from hall.models.audit import AuditAction, AuditEntry
from hall.models.calendar import CalendarDay, DayKind
from hall.models.case import (
    CLOCK_STATES,
    OPEN_CASE_STATES,
    Case,
    CaseDay,
    CaseMaterial,
    CaseState,
    DeliveryMethod,
    MaterialStatus,
    Outcome,
    Visit,
)
from hall.models.device import AT_A_WINDOW, Device, DeviceKind
from hall.models.hall import Department, Hall, KioskIdentity
from hall.models.history import ANNOUNCED, HistoryEntry, Kind
from hall.models.matter import Matter, MatterKind, MatterMaterial
from hall.models.rating import BAD_LEVELS, LEVELS, FollowUp, FollowUpState, Rating
from hall.models.service import Counter, CounterService, CounterState, Service, service_department
from hall.models.staff import ApiToken, Role, Staff, staff_counter
from hall.models.throttle import Throttle
from hall.models.ticket import ACTIVE_STATES, AT_A_COUNTER, Priority, QueueDay, Ticket, TicketState

__all__ = [
    "ACTIVE_STATES",
    "ANNOUNCED",
    "AT_A_COUNTER",
    "AT_A_WINDOW",
    "BAD_LEVELS",
    "CLOCK_STATES",
    "LEVELS",
    "OPEN_CASE_STATES",
    "ApiToken",
    "AuditAction",
    "AuditEntry",
    "CalendarDay",
    "Case",
    "CaseDay",
    "CaseMaterial",
    "CaseState",
    "Counter",
    "CounterService",
    "CounterState",
    "DayKind",
    "DeliveryMethod",
    "Department",
    "Device",
    "DeviceKind",
    "FollowUp",
    "FollowUpState",
    "Hall",
    "HistoryEntry",
    "Kind",
    "KioskIdentity",
    "MaterialStatus",
    "Matter",
    "MatterKind",
    "MatterMaterial",
    "Outcome",
    "Priority",
    "QueueDay",
    "Rating",
    "Role",
    "Service",
    "Staff",
    "Throttle",
    "Ticket",
    "TicketState",
    "Visit",
    "service_department",
    "staff_counter",
]
