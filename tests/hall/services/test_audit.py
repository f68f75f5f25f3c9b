"""The audit log: reads recorded one entry each, searched together with the history of changes."""

from datetime import date, timedelta

import pytest

from hall.db import write_transaction
from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import AuditAction, AuditEntry, Kind
from hall.services import audit
from hall.services.cases import backoffice, intake
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases

TODAY = date(2026, 11, 23)  # the clock fixture's Monday


def read(case_hall, clock, action, what, staff, case=None, visit=None, **kwargs):
    with write_transaction():
        return audit.record(
            hall_id=case_hall.hall.id,
            action=action,
            what=what,
            now=clock.advance(seconds=1),
            staff_id=staff.id if staff else None,
            case_id=case.id if case else None,
            visit_id=(visit or case.visit).id if (visit or case) else None,
            ticket_id=(visit or case.visit).ticket_id if (visit or case) else None,
            **kwargs,
        )


def search(case_hall, **filters):
    return audit.search(case_hall.hall.id, "Asia/Shanghai", start=TODAY, end=TODAY, today=TODAY, **filters)


@pytest.fixture
def dibao(case_hall, clock):
    _, (case,) = accepted_cases(case_hall, clock, case_hall.dibao)
    return case


def test_changes_and_reads_come_in_one_list_newest_first(case_hall, clock, dibao):
    """The officer opens the case, then starts the review: the review on top, the view under it, the intake below."""
    officer = case_hall.officer_civil
    read(case_hall, clock, AuditAction.VIEWED, "case", officer, dibao)
    with write_transaction():
        backoffice.start_review(staff_id=officer.id, case_id=dibao.id, now=clock.advance(seconds=1))
    rows = search(case_hall).rows
    assert [(r["source"], r["action"], r["staff"]) for r in rows[:2]] == [
        ("change", "changed", officer.name),
        ("read", "viewed", officer.name),
    ]
    assert rows[0]["label"] == audit.KIND_LABELS[Kind.CASE_REVIEW_STARTED.value]
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)
    assert {r["case"] for r in rows[:2]} == {dibao.number} and rows[1]["what"]


def test_the_staff_filter_keeps_one_persons_changes_and_reads(case_hall, clock, dibao):
    """Filtering by the officer leaves their view only; the clerk's intake is theirs."""
    read(case_hall, clock, AuditAction.VIEWED, "case", case_hall.officer_civil, dibao)
    officer_rows = search(case_hall, staff_id=case_hall.officer_civil.id).rows
    assert [(r["source"], r["action"]) for r in officer_rows] == [("read", "viewed")]
    clerk_rows = search(case_hall, staff_id=case_hall.clerk.id).rows
    assert clerk_rows and {r["staff"] for r in clerk_rows} == {case_hall.clerk.name}


def test_the_case_filter_takes_in_its_visits_pages_and_papers(case_hall, clock, dibao):
    """A case's entries, its visit's page and receipt, and the applicant's recording; another case's are left out."""
    read(case_hall, clock, AuditAction.VIEWED, "visit", case_hall.clerk, visit=dibao.visit)
    read(case_hall, clock, AuditAction.PRINTED, "receipt", case_hall.clerk, visit=dibao.visit)
    with write_transaction():  # the same visit, a case of its own
        pension = intake.record_case(
            staff_id=case_hall.clerk.id, visit_id=dibao.visit_id, matter_id=case_hall.pension.id, now=clock()
        )
    read(case_hall, clock, AuditAction.VIEWED, "case", case_hall.officer_social, pension)
    rows = search(case_hall, case_number=dibao.number).rows
    reads = [(r["action"], r["case"]) for r in rows if r["source"] == "read"]
    assert reads == [("printed", ""), ("viewed", "")]
    changes = [r["case"] for r in rows if r["source"] == "change"]
    assert set(changes) == {dibao.number, ""} and pension.number not in changes
    assert any(r["label"] == audit.KIND_LABELS[Kind.APPLICANT_RECORDED.value] for r in rows)


def test_the_ticket_filter_finds_the_tickets_entries_of_the_period(case_hall, clock, dibao):
    """The resident's ticket number brings up its calls and its case; an unknown number brings nothing."""
    rows = search(case_hall, ticket_number=case_hall.ticket.number.lower()).rows
    assert {r["ticket"] for r in rows} == {case_hall.ticket.number}
    assert any(r["case"] == dibao.number for r in rows)
    assert search(case_hall, ticket_number="Z999").rows == []


def test_the_action_filter_separates_changes_from_reads(case_hall, clock, dibao):
    """ "changed" shows history only; "printed" shows printed papers only."""
    read(case_hall, clock, AuditAction.PRINTED, "receipt", case_hall.clerk, visit=dibao.visit)
    read(case_hall, clock, AuditAction.VIEWED, "case", case_hall.clerk, dibao)
    assert {r["source"] for r in search(case_hall, action="changed").rows} == {"change"}
    assert [r["action"] for r in search(case_hall, action="printed").rows] == ["printed"]


def test_the_dates_are_the_halls_local_days(case_hall, clock, dibao):
    """An entry two days later is outside Monday's search and inside Wednesday's."""
    clock.advance(days=2)
    read(case_hall, clock, AuditAction.VIEWED, "case", case_hall.clerk, dibao)
    assert "read" not in {r["source"] for r in search(case_hall).rows}
    wednesday = TODAY + timedelta(days=2)
    rows = audit.search(case_hall.hall.id, "Asia/Shanghai", start=wednesday, end=wednesday, today=wednesday).rows
    assert [r["source"] for r in rows] == ["read"]


def test_long_results_come_a_page_at_a_time(case_hall, clock, dibao):
    """More than a page: the first says there is more, the second holds the rest, nothing twice."""
    for _ in range(audit.PER_PAGE + 3):
        read(case_hall, clock, AuditAction.VIEWED, "case", case_hall.clerk, dibao)
    first = search(case_hall, action="viewed")
    second = search(case_hall, action="viewed", page=2)
    assert (len(first.rows), first.has_next, len(second.rows), second.has_next) == (audit.PER_PAGE, True, 3, False)
    assert first.rows[-1]["at"] > second.rows[0]["at"]


def test_rows_show_the_applicant_masked_and_no_numbers(case_hall, clock, dibao):
    """The case's applicant appears as 张*; no ID or phone number is in any row."""
    read(case_hall, clock, AuditAction.VIEWED, "case", case_hall.clerk, dibao)
    rows = search(case_hall).rows
    assert {r["applicant"] for r in rows if r["case"]} == {"张*"}
    assert ID_NUMBER not in repr(rows) and PHONE not in repr(rows)


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"case_number": "TEST-20261123-9999"}, "case"),
        ({"action": "deleted"}, "action"),
        ({"start": TODAY, "end": TODAY - timedelta(days=1)}, "end"),
        ({"start": TODAY - timedelta(days=400), "end": TODAY}, "end"),
    ],
)
def test_bad_filters_are_refused_with_the_field_to_fix(case_hall, filters, field):
    """An unknown case, an unknown action, dates the wrong way round or too far apart: a message, no search."""
    dates = {"start": TODAY, "end": TODAY} | {k: v for k, v in filters.items() if k in ("start", "end")}
    others = {k: v for k, v in filters.items() if k not in ("start", "end")}
    with pytest.raises(ValidationFailed) as refused:
        audit.search(case_hall.hall.id, "Asia/Shanghai", today=TODAY, **dates, **others)
    assert refused.value.details["field"] == field


def test_a_lookup_is_recorded_without_the_digits(case_hall, clock, dibao):
    """A found lookup and a refused one are on record against the case; a number of no case is not recorded."""
    with write_transaction():
        found = audit.record_lookup(case_number=dibao.number.lower(), found=True, now=clock())
        refused = audit.record_lookup(case_number=dibao.number, found=False, now=clock())
        nobody = audit.record_lookup(case_number="NO-SUCH-CASE", found=False, now=clock())
    assert (found.case_id, found.detail, found.staff_id, found.channel) == (dibao.id, "found", None, "resident")
    assert (refused.detail, nobody) == ("refused", None)
    rows = search(case_hall, action="looked_up").rows
    resident = audit.CHANNEL_LABELS["resident"]
    assert [(r["detail"], r["staff"]) for r in rows] == [("refused", resident), ("found", resident)]


def test_an_unknown_subject_is_a_programming_error(case_hall, clock):
    """Every recorded subject has words on the audit page: a new one must be added there first."""
    with pytest.raises(ValueError):
        audit.record(hall_id=case_hall.hall.id, action=AuditAction.VIEWED, what="everything", now=clock())
    assert db.session.query(AuditEntry).count() == 0


def test_every_history_kind_has_words_on_the_audit_page():
    """A new kind of history entry shows as words, not as its code."""
    assert {kind.value for kind in Kind} <= set(audit.KIND_LABELS)
