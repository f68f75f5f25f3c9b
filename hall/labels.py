"""Human words for states and actions, in the user's language (lazy, rendered where shown).

Message contexts keep the words apart where English uses one word for two things: the state "cancelled"
(已作废) and the action "cancelled" (作废).
"""

from flask_babel import lazy_pgettext

from hall.models import CounterState, Kind, Priority, TicketState

TICKET_STATE = {
    TicketState.WAITING: lazy_pgettext("ticket state", "waiting"),
    TicketState.CALLED: lazy_pgettext("ticket state", "called"),
    TicketState.SERVING: lazy_pgettext("ticket state", "being served"),
    TicketState.HELD: lazy_pgettext("ticket state", "on hold"),
    TicketState.DONE: lazy_pgettext("ticket state", "finished"),
    TicketState.NO_SHOW: lazy_pgettext("ticket state", "missed (no-show)"),
    TicketState.CANCELLED: lazy_pgettext("ticket state", "cancelled"),
}

# Past participles in English ("cannot be finished"), verbs in Chinese ("不能办结").
ACTION = {
    Kind.CALLED: lazy_pgettext("action", "called"),
    Kind.RECALLED: lazy_pgettext("action", "recalled"),
    Kind.STARTED: lazy_pgettext("action", "started"),
    Kind.FINISHED: lazy_pgettext("action", "finished"),
    Kind.NO_SHOW: lazy_pgettext("action", "marked as no-show"),
    Kind.REACTIVATED: lazy_pgettext("action", "reactivated"),
    Kind.TRANSFERRED: lazy_pgettext("action", "transferred"),
    Kind.HELD: lazy_pgettext("action", "put on hold"),
    Kind.CALLED_BACK: lazy_pgettext("action", "called back"),
    Kind.CANCELLED: lazy_pgettext("action", "cancelled"),
}

COUNTER_STATE = {
    CounterState.CLOSED: lazy_pgettext("counter state", "closed"),
    CounterState.OPEN: lazy_pgettext("counter state", "open"),
    CounterState.PAUSED: lazy_pgettext("counter state", "paused"),
}

PRIORITY = {
    Priority.NORMAL: lazy_pgettext("priority", "normal"),
    Priority.GREEN: lazy_pgettext("priority", "green channel"),
}
