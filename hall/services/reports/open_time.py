"""How long each window was open (signed in and not paused): a replay of the windows' sign-in, pause, resume
and sign-out history over the period."""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select, union_all

from hall.extensions import db
from hall.models import HistoryEntry, Kind
from hall.services.reports.sql import read_rows

COUNTER_KINDS = (Kind.COUNTER_OPENED, Kind.COUNTER_PAUSED, Kind.COUNTER_RESUMED, Kind.COUNTER_CLOSED)


def open_seconds(hall_id: int, counter_ids: list[int], since: datetime, until: datetime) -> dict[int, float]:
    """Seconds each window was open (signed in and not paused) between ``since`` and ``until``.

    Replays the windows' history: ``counter.opened`` and ``counter.resumed`` open a window, ``counter.paused``
    pauses it and ``counter.closed`` closes it; signing in again on a new day (``new_day``) leaves an open or
    paused window as it was. The state at ``since`` is the one the window's last events before it left; a
    window still open at ``until`` counts until then. The history is append-only, so its ids follow time:
    the period's events are read by an id range on the (hall, kind, id) index.
    """
    result = dict.fromkeys(counter_ids, 0.0)
    if not counter_ids or until <= since:
        return result
    low = _first_id_at(hall_id, since)
    states = _states_before(hall_id, counter_ids, since, low)
    opened_at = {counter_id: since for counter_id, state in states.items() if state == "open"}
    if low is not None:  # else nothing happened at or after ``since``
        events = select(HistoryEntry.counter_id, HistoryEntry.kind, HistoryEntry.at, HistoryEntry.data).where(
            HistoryEntry.hall_id == hall_id, HistoryEntry.kind.in_(COUNTER_KINDS), HistoryEntry.id >= low
        )
        high = _first_id_at(hall_id, until)
        if high is not None:
            events = events.where(HistoryEntry.id < high)
        for counter_id, kind, at, data in read_rows(events.order_by(HistoryEntry.id)):
            if counter_id not in result:
                continue
            before = states.get(counter_id, "closed")
            after = _state_after(Kind(kind), data, before)
            if after == "open" and before != "open":
                opened_at[counter_id] = max(at, since)
            elif after != "open" and before == "open":
                result[counter_id] += (min(at, until) - opened_at.pop(counter_id)).total_seconds()
            states[counter_id] = after
    for counter_id, began in opened_at.items():
        result[counter_id] += (until - began).total_seconds()
    return result


def _state_after(kind: Kind, data: dict | None, before: str) -> str:
    """A window's state ("open", "paused", "closed") after an event of ``kind``."""
    if kind == Kind.COUNTER_OPENED:
        # Signed in again on a new day while still signed in: open or paused as before (``counters.sign_in``).
        return before if (data or {}).get("new_day") and before != "closed" else "open"
    return {Kind.COUNTER_RESUMED: "open", Kind.COUNTER_PAUSED: "paused", Kind.COUNTER_CLOSED: "closed"}[kind]


def _first_id_at(hall_id: int, instant: datetime) -> int | None:
    """The id of the hall's first history entry at or after ``instant`` (None: there is none yet)."""
    return db.session.scalar(
        select(HistoryEntry.id)
        .where(HistoryEntry.hall_id == hall_id, HistoryEntry.at >= instant)
        .order_by(HistoryEntry.at, HistoryEntry.id)
        .limit(1)
    )


STATE_LOOKBACK = 3  # a few events back: past any new-day sign-ins that left the state as it was
RECENT_DAYS = 7  # windows are normally signed out every day: their last events lie within the week before
UNION_PARTS = 100  # SQLite allows 500 parts in one compound SELECT


def _states_before(hall_id: int, counter_ids: list[int], since: datetime, before_id: int | None) -> dict[int, str]:
    """Each window's state after its last counter events before ``before_id`` (windows never used: absent).

    The week before ``since`` is read in one go by an id range on the (hall, kind, id) index; only a window
    with no event in that week is looked up on its own, a few steps back on the same index per kind.
    """
    counter_events = (HistoryEntry.id, HistoryEntry.counter_id, HistoryEntry.kind, HistoryEntry.data)
    latest: dict[int, list] = defaultdict(list)
    recent_id = _first_id_at(hall_id, since - timedelta(days=RECENT_DAYS))
    if recent_id is not None:
        recent = select(*counter_events).where(
            HistoryEntry.hall_id == hall_id, HistoryEntry.kind.in_(COUNTER_KINDS), HistoryEntry.id >= recent_id
        )
        if before_id is not None:
            recent = recent.where(HistoryEntry.id < before_id)
        for entry_id, counter_id, kind, data in read_rows(recent):
            latest[counter_id].append((entry_id, Kind(kind), data))
    parts = []
    for counter_id in counter_ids:
        if counter_id in latest:
            continue
        for kind in COUNTER_KINDS:
            part = select(*counter_events).where(
                HistoryEntry.hall_id == hall_id, HistoryEntry.kind == kind, HistoryEntry.counter_id == counter_id
            )
            if before_id is not None:
                part = part.where(HistoryEntry.id < before_id)
            parts.append(part.order_by(HistoryEntry.id.desc()).limit(STATE_LOOKBACK).subquery().select())
    for chunk in range(0, len(parts), UNION_PARTS):
        for entry_id, counter_id, kind, data in read_rows(union_all(*parts[chunk : chunk + UNION_PARTS])):
            latest[counter_id].append((entry_id, Kind(kind), data))
    states = {}
    for counter_id, entries in latest.items():
        state = "closed"
        for _, kind, data in sorted(entries, key=lambda e: e[0])[-STATE_LOOKBACK:]:  # oldest first
            state = _state_after(kind, data, state)
        states[counter_id] = state
    return states
