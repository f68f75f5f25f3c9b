"""The staff's lists: a department's inbox, the front desk's lists, the managers' overview, a case's history.

Rows carry masked personal data only, and the most urgent cases come first.
"""

from datetime import date

from hall.models import CaseState, Kind
from hall.services.cases import backoffice, intake, queries
from hall.services.cases.lifecycle import ACTION_LABELS
from tests.hall.services.cases.steps import ID_NUMBER, NAME, PHONE

MONDAY = date(2026, 11, 23)


def numbers(rows) -> list[str]:
    return [r["number"] for r in rows]


def test_inbox_holds_the_departments_accepted_cases_most_urgent_first(desk, clock):
    """民政's inbox: the overdue case first, then the one due soon, then the one on time; no 社保 case."""
    late = desk.accepted()  # due Mon 30 Nov
    clock.advance(days=3)
    soon = desk.accepted(visit=desk.next_resident())  # Thu 26: due Thu 3 Dec
    clock.advance(days=5)
    fresh = desk.accepted(visit=desk.next_resident())  # Tue 1 Dec: due Tue 8 Dec
    desk.accepted(desk.c.pension)
    rows = queries.department_inbox(desk.c.hall.id, desk.c.civil.id, date(2026, 12, 2))
    assert numbers(rows) == [late.number, soon.number, fresh.number]
    assert [r["deadline"] for r in rows] == ["overdue", "due_soon", "on_time"]
    assert [r["days_left"] for r in rows] == [-2, 1, 4]


def test_inbox_does_not_show_cases_the_window_has_not_accepted(desk):
    """A case still being recorded, or waiting for materials after the window's notice, is not the department's yet."""
    visit = desk.visit()
    desk.record(visit, desk.c.dibao)
    desk.case_in("noticed", visit=visit)
    asked = desk.case_in("asked_in_review", visit=visit)
    rows = queries.department_inbox(desk.c.hall.id, desk.c.civil.id, MONDAY)
    assert numbers(rows) == [asked.number]
    assert rows[0]["deadline"] == "paused"
    assert numbers(queries.open_cases_of_hall(desk.c.hall.id, MONDAY)) == [asked.number]


def test_inbox_rows_show_masked_personal_data(desk):
    """The list shows 张** and 138****5678, never the full name, ID number or phone."""
    desk.accepted()
    rows = queries.department_inbox(desk.c.hall.id, desk.c.civil.id, MONDAY)
    assert (rows[0]["applicant"], rows[0]["phone"]) == ("张**", "138****5678")
    text = repr(rows)
    assert NAME not in text and ID_NUMBER not in text and PHONE not in text


def test_front_desk_lists_results_supplements_and_returned_cases(desk):
    """The front sees what it must act on: results to hand over, materials awaited, cases sent back."""
    visit = desk.visit()
    ready = desk.case_in(CaseState.READY, visit=visit)
    noticed = desk.case_in("noticed", visit=visit)
    asked = desk.case_in("asked_in_review", visit=visit)
    returned = desk.case_in(CaseState.RETURNED, visit=visit)
    desk.case_in(CaseState.IN_REVIEW, visit=visit)
    lists = queries.front_desk_lists(desk.c.hall.id, MONDAY)
    assert numbers(lists["ready_for_pickup"]) == [ready.number]
    assert sorted(numbers(lists["needs_supplement"])) == sorted([noticed.number, asked.number])
    assert numbers(lists["returned"]) == [returned.number]
    assert lists["returned"][0]["note"] == "事项选错"


def test_find_case_by_number_in_the_hall(desk):
    """The clerk types the number from a receipt, in lower case: the case."""
    case = desk.accepted()
    assert queries.find_case(desk.c.hall.id, f" {case.number.lower()} ").id == case.id
    assert queries.find_case(desk.c.hall.id, "TEST-20261123-9999") is None


def test_case_history_names_who_did_each_step(desk, clock):
    """The case page's history: each step with the clerk's or officer's name and the reason given."""
    case = desk.accepted()
    desk.act(backoffice.start_review, desk.c.officer_civil, case_id=case.id)
    desk.act(backoffice.return_to_front, desk.c.officer_civil, case_id=case.id, reason="申请书未签字")
    desk.act(intake.resubmit, desk.clerk, case_id=case.id, note="已补签")
    rows = queries.case_history(case, desk.c.hall.timezone)
    assert [r["by"] for r in rows] == ["c1", "c1", "c1", "o-civil", "o-civil", "c1"]
    assert rows[-2]["action"] == ACTION_LABELS[Kind.CASE_RETURNED]
    assert [r["note"] for r in rows][-2:] == ["申请书未签字", "已补签"]
