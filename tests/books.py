"""The hall's books after a load on real processes: what the database must say, whatever the clients saw.

``check_books`` reads the database directly (not through the app processes) and raises AssertionError with
the first thing that is wrong: a number given twice or skipped, a ticket a kiosk was given that is missing,
a ticket called twice, a ticket whose state disagrees with its history or its window, queue rows out of step.
"""

from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from config import TestingConfig
from hall import create_app
from hall.extensions import db
from hall.models import ACTIVE_STATES, Hall, HistoryEntry, Kind, QueueDay, Ticket, TicketState
from hall.services.lifecycle import TRANSITIONS


@dataclass
class Books:
    tickets: int
    calls: int
    unconfirmed: int  # tickets in the database whose issuing request got no 201 (the process died meanwhile)
    max_seq: dict[int, int]  # issued service id -> its highest number today


def check_books(database_url: str, hall_code: str, issued: dict[str, str], *, unanswered: int = 0) -> Books:
    """``issued``: token -> number of every ticket a client got a 201 for; ``unanswered``: issuing requests
    that got no answer at all (a killed process), each of which may or may not have committed."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        try:
            return _check(hall_code, issued, unanswered)
        finally:
            db.session.remove()
            db.engine.dispose()


def _check(hall_code: str, issued: dict[str, str], unanswered: int) -> Books:
    hall_id = db.session.scalar(select(Hall.id).where(Hall.code == hall_code))
    tickets = list(db.session.scalars(select(Ticket).where(Ticket.hall_id == hall_id)))
    by_token = {ticket.token: ticket for ticket in tickets}

    missing = [number for token, number in issued.items() if token not in by_token]
    assert not missing, f"tickets given to kiosks are missing from the database: {missing[:10]}"
    wrong = [(n, by_token[t].number) for t, n in issued.items() if by_token[t].number != n]
    assert not wrong, f"the database holds other numbers than the kiosks printed: {wrong[:10]}"
    unconfirmed = len(tickets) - len(issued)
    assert 0 <= unconfirmed <= unanswered, f"{unconfirmed} tickets nobody was given ({unanswered} unanswered)"

    numbers: dict[tuple, list[int]] = defaultdict(list)
    for ticket in tickets:
        numbers[(ticket.issued_service_id, ticket.service_day)].append(ticket.seq)
    for (service_id, day), seqs in numbers.items():
        repeated = [seq for seq, count in Tally(seqs).items() if count > 1]
        assert not repeated, f"service {service_id} on {day} gave numbers twice: {repeated[:10]}"
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"service {service_id} on {day} skipped numbers"

    history = defaultdict(list)
    for entry in db.session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.hall_id == hall_id, HistoryEntry.ticket_id.is_not(None))
        .order_by(HistoryEntry.id)
    ):
        history[entry.ticket_id].append(entry)
    calls = 0
    for ticket in tickets:
        kinds = [entry.kind for entry in history[ticket.id]]
        assert kinds and kinds[0] == Kind.ISSUED, f"{ticket.number}: history does not start with its issue"
        assert kinds.count(Kind.CALLED) <= 1, f"{ticket.number} was called {kinds.count(Kind.CALLED)} times"
        calls += kinds.count(Kind.CALLED)
        assert _replay(kinds) == ticket.state, f"{ticket.number}: state {ticket.state} but history says {kinds}"
        if ticket.state in ACTIVE_STATES:
            called = [e for e in history[ticket.id] if e.kind == Kind.CALLED]
            assert ticket.counter_id is not None and called and called[-1].counter_id == ticket.counter_id, (
                f"{ticket.number} is {ticket.state} but not at the window that called it"
            )
    active = Tally(ticket.counter_id for ticket in tickets if ticket.state in ACTIVE_STATES)
    assert not active or max(active.values()) == 1, f"a window holds two tickets: {active.most_common(1)}"

    for row in db.session.scalars(select(QueueDay)):
        mine = [t for t in tickets if t.issued_service_id == row.service_id and t.service_day == row.day]
        if not mine:
            continue
        assert row.last_seq == max(t.seq for t in mine), f"queue {row.service_id}: last number out of step"
        waiting = sum(
            1
            for t in tickets
            if t.service_id == row.service_id and t.service_day == row.day and t.state == TicketState.WAITING
        )
        assert row.waiting == waiting, f"queue {row.service_id}: {row.waiting} waiting recorded, {waiting} real"
    max_seq = {}
    for (service_id, _day), seqs in numbers.items():
        max_seq[service_id] = max(max_seq.get(service_id, 0), *seqs)
    return Books(tickets=len(tickets), calls=calls, unconfirmed=unconfirmed, max_seq=max_seq)


def _replay(kinds: list[Kind]) -> TicketState:
    state = TicketState.WAITING
    for kind in kinds[1:]:
        if kind in TRANSITIONS:
            allowed, state_after = TRANSITIONS[kind]
            assert state in allowed, f"history moves a {state} ticket by {kind}"
            state = state_after
    return state
