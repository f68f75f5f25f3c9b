"""Human words for states and actions, in the user's language (lazy, rendered where shown)."""

from flask_babel import lazy_gettext as _l

from hall.models import CounterState, Kind, Priority, TicketState

TICKET_STATE = {
    TicketState.WAITING: _l("waiting"),
    TicketState.CALLED: _l("called"),
    TicketState.SERVING: _l("being served"),
    TicketState.HELD: _l("on hold"),
    TicketState.DONE: _l("finished"),
    TicketState.NO_SHOW: _l("missed (no-show)"),
    TicketState.CANCELLED: _l("cancelled"),
}

# Past participles in English ("cannot be finished"), verbs in Chinese ("不能办结").
ACTION = {
    Kind.CALLED: _l("called"),
    Kind.RECALLED: _l("recalled"),
    Kind.STARTED: _l("started"),
    Kind.FINISHED: _l("finished"),
    Kind.NO_SHOW: _l("marked as no-show"),
    Kind.REACTIVATED: _l("reactivated"),
    Kind.TRANSFERRED: _l("transferred"),
    Kind.HELD: _l("put on hold"),
    Kind.CALLED_BACK: _l("called back"),
    Kind.CANCELLED: _l("cancelled"),
}

COUNTER_STATE = {
    CounterState.CLOSED: _l("closed"),
    CounterState.OPEN: _l("open"),
    CounterState.PAUSED: _l("paused"),
}

PRIORITY = {
    Priority.NORMAL: _l("normal"),
    Priority.GREEN: _l("green channel"),
}
