"""Human words for states and actions, in the user's language (lazy, rendered where shown).

Message contexts keep the words apart where English uses one word for two things: the state "cancelled"
(已作废) and the action "cancelled" (作废).
"""

from flask_babel import get_locale, lazy_pgettext

from hall.models import Kind, TicketState

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


class LocalName:
    """A name the hall gave in Chinese and (optionally) English, shown in the reader's language.

    Lazy like the messages it goes into: the language is chosen when the message is rendered.
    """

    def __init__(self, name: str, name_en: str = ""):
        self.name = name
        self.name_en = name_en

    def __str__(self) -> str:
        if self.name_en and get_locale() is not None and get_locale().language == "en":
            return self.name_en
        return self.name


def service_name(service) -> LocalName:
    return LocalName(service.name, service.name_en)
