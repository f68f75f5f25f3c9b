"""The case state machine: the one function through which every case changes state, and its history.

```
received ──accept──▶ accepted ──start review──▶ in_review ──approve/decline──▶ ready_for_pickup ──▶ delivered
   │  ▲                 ▲  │                      │   │  ▲
   │  └─supplemented─┐  │  └──────return──────────┼──▶returned──resubmit──▶ accepted
   ├──notice──▶ needs_supplement ◀──ask for supplement┘     └──reject──▶ rejected
   ├──reject──▶ rejected          supplemented (after a request in review) ──▶ in_review
   ├──complete on the spot (即办件)──▶ delivered
   └──withdraw──▶ withdrawn
```
Action functions (``intake``, ``backoffice``, ``delivery``) set dates and reasons; only ``transition``
assigns ``case.state``.
"""

from datetime import datetime
from typing import NoReturn

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from hall.errors import InvalidState
from hall.extensions import db
from hall.models import Case, CaseState, HistoryEntry, Kind

R, NS, A, IR, RT = (
    CaseState.RECEIVED,
    CaseState.NEEDS_SUPPLEMENT,
    CaseState.ACCEPTED,
    CaseState.IN_REVIEW,
    CaseState.RETURNED,
)

# action -> (states it may start from, state it leads to); None: decided by the action (supplemented).
TRANSITIONS: dict[Kind, tuple[frozenset[CaseState], CaseState | None]] = {
    Kind.CASE_MATERIALS: (frozenset({R}), R),
    Kind.CASE_WITHDRAWN: (frozenset({R, NS}), CaseState.WITHDRAWN),
    Kind.CASE_ACCEPTED: (frozenset({R}), A),
    Kind.CASE_NOTICE: (frozenset({R}), NS),
    Kind.CASE_REJECTED: (frozenset({R, NS, RT}), CaseState.REJECTED),
    Kind.CASE_COMPLETED: (frozenset({R}), CaseState.DELIVERED),
    Kind.CASE_REVIEW_STARTED: (frozenset({A}), IR),
    Kind.CASE_SUPPLEMENT_REQUESTED: (frozenset({A, IR}), NS),
    Kind.CASE_SUPPLEMENTED: (frozenset({NS}), None),
    Kind.CASE_RETURNED: (frozenset({A, IR}), RT),
    Kind.CASE_RESUBMITTED: (frozenset({RT}), A),
    Kind.CASE_APPROVED: (frozenset({IR}), CaseState.READY),
    Kind.CASE_DECLINED: (frozenset({IR}), CaseState.READY),
    Kind.CASE_DELIVERED: (frozenset({CaseState.READY}), CaseState.DELIVERED),
}

STATE_LABELS = {
    CaseState.RECEIVED: lazy_pgettext("case state", "being recorded"),
    CaseState.NEEDS_SUPPLEMENT: lazy_pgettext("case state", "waiting for materials"),
    CaseState.ACCEPTED: lazy_pgettext("case state", "accepted"),
    CaseState.REJECTED: lazy_pgettext("case state", "not accepted"),
    CaseState.IN_REVIEW: lazy_pgettext("case state", "in review"),
    CaseState.RETURNED: lazy_pgettext("case state", "returned to the window"),
    CaseState.READY: lazy_pgettext("case state", "ready for collection"),
    CaseState.DELIVERED: lazy_pgettext("case state", "handed over"),
    CaseState.WITHDRAWN: lazy_pgettext("case state", "withdrawn"),
}

ACTION_LABELS = {
    Kind.CASE_RECORDED: lazy_pgettext("case action", "recorded"),
    Kind.CASE_MATERIALS: lazy_pgettext("case action", "materials checked"),
    Kind.CASE_WITHDRAWN: lazy_pgettext("case action", "withdrawn"),
    Kind.CASE_ACCEPTED: lazy_pgettext("case action", "accepted"),
    Kind.CASE_NOTICE: lazy_pgettext("case action", "one-time notice of missing materials"),
    Kind.CASE_REJECTED: lazy_pgettext("case action", "not accepted"),
    Kind.CASE_COMPLETED: lazy_pgettext("case action", "completed on the spot"),
    Kind.CASE_REVIEW_STARTED: lazy_pgettext("case action", "review started"),
    Kind.CASE_SUPPLEMENT_REQUESTED: lazy_pgettext("case action", "supplement requested"),
    Kind.CASE_SUPPLEMENTED: lazy_pgettext("case action", "supplement received"),
    Kind.CASE_RETURNED: lazy_pgettext("case action", "returned to the window"),
    Kind.CASE_RESUBMITTED: lazy_pgettext("case action", "sent to the department again"),
    Kind.CASE_APPROVED: lazy_pgettext("case action", "approved"),
    Kind.CASE_DECLINED: lazy_pgettext("case action", "declined"),
    Kind.CASE_DELIVERED: lazy_pgettext("case action", "handed over"),
}


def check_allowed(case: Case, kind: Kind) -> None:
    allowed_from, _ = TRANSITIONS[kind]
    if case.state not in allowed_from:
        refuse(case, kind)


def refuse(case: Case, kind: Kind) -> NoReturn:
    """Refuse ``kind`` for ``case`` in its present state (for rules beyond the state alone, too)."""
    raise InvalidState(
        _l(
            "Case %(number)s is %(state)s; it cannot be %(action)s now.",
            number=case.number,
            state=STATE_LABELS[case.state],
            action=ACTION_LABELS[kind],
        ),
        number=case.number,
        state=case.state.value,
    )


def record(case: Case, kind: Kind, *, now: datetime, staff_id: int | None, channel: str, **data) -> HistoryEntry:
    """Append a history entry about ``case`` (with no change of state)."""
    entry = HistoryEntry(
        hall_id=case.hall_id,
        at=now,
        kind=kind,
        case_id=case.id,
        ticket_id=case.visit.ticket_id if case.visit else None,
        staff_id=staff_id,
        data={"number": case.number, **data},
        channel=channel,
    )
    db.session.add(entry)
    return entry


def transition(
    case: Case,
    kind: Kind,
    *,
    now: datetime,
    staff_id: int | None,
    channel: str,
    to_state: CaseState | None = None,
    **data,
) -> HistoryEntry:
    """Move ``case`` by ``kind`` (checked against its state), stamp it, and record who did it."""
    check_allowed(case, kind)
    _, fixed = TRANSITIONS[kind]
    target = fixed or to_state
    if target is None:
        raise ValueError(f"{kind} needs an explicit to_state")
    data = {"from": case.state.value, "to": target.value, **data}
    case.state = target
    case.updated_at = now
    return record(case, kind, now=now, staff_id=staff_id, channel=channel, **data)
