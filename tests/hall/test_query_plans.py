"""Hot paths never scan whole tables: every statement of issue, call and finish reads through an index.

A full scan of the ticket or history table grows with every ticket ever issued; this is how call-next once
became 10x slower at 200,000 waiting tickets. SQLite's EXPLAIN QUERY PLAN shows the access path; on PostgreSQL,
EXPLAIN with sequential scans disabled still shows one where no index can serve the query.
"""

import pytest
from sqlalchemy import event

from hall.db import write_transaction
from hall.extensions import db
from hall.services import calling, counter_actions
from hall.services.ticketing import issue_ticket
from tests.hall.services.helpers import kiosk_policy

GROWING_TABLES = ("ticket", "history_entry", "queue_day", "api_token")


@pytest.fixture
def statements(app):
    captured = []

    def capture(_connection, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "INSERT", "WITH")):
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    yield captured
    event.remove(db.engine, "before_cursor_execute", capture)


def full_scans(captured):
    scans = []
    connection = db.engine.raw_connection()
    postgres = db.engine.dialect.name == "postgresql"
    try:
        cursor = connection.cursor()
        if postgres:
            cursor.execute("SET enable_seqscan = off")  # tiny test tables would otherwise be scanned anyway
        for statement, parameters in captured:
            cursor.execute(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement, parameters)
            for row in cursor.fetchall():
                detail = row[0] if postgres else row[-1]
                if any(_scans(detail, table, postgres) for table in GROWING_TABLES):
                    scans.append((detail.strip(), statement[:300]))
    finally:
        connection.rollback()
        connection.close()
    return scans


def _scans(detail: str, table: str, postgres: bool) -> bool:
    if postgres:
        return f"Seq Scan on {table} " in detail + " "
    return detail == f"SCAN {table}" or detail.startswith(f"SCAN {table} ")


def test_issue_call_finish_use_indexes_only(small_hall, clock, statements):
    """No statement run while issuing, calling (with screen updates) and finishing scans a growing table."""
    h = small_hall
    for _ in range(3):
        with write_transaction():
            issue_ticket(hall_id=h.hall.id, service_id=h.a.id, now=clock.advance(seconds=1), policy=kiosk_policy())
    with write_transaction():
        ticket = calling.call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock.advance(seconds=1))
    with write_transaction():
        counter_actions.finish_and_call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock.advance(seconds=1))
    with write_transaction():
        counter_actions.recall(ticket_id=ticket.id + 1, counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    assert statements, "nothing was captured"
    assert full_scans(statements) == []
