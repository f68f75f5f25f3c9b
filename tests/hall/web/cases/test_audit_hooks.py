"""Every page and paper that shows an applicant leaves one audit entry: who, what, which case, visit and ticket."""

import logging

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from hall.db import write_transaction
from hall.extensions import db
from hall.models import AuditAction, AuditEntry, CaseState
from hall.services import audit
from hall.services.cases import intake
from tests.conftest import csrf_token
from tests.hall.web.cases.helpers import PHONE, accepted_cases


def entries():
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def summary(entry):
    return entry.action, entry.what, entry.staff_id, entry.case_id, entry.visit_id, entry.ticket_id


def test_opening_a_case_or_a_visit_is_recorded(client, login, case_hall, clock):
    """The clerk opens the visit and the case page: two entries naming the clerk, the case, visit and ticket."""
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.clerk)
    assert client.get(f"/visits/{visit.id}").status_code == 200
    assert client.get(f"/cases/{dibao.id}").status_code == 200
    clerk, ticket = case_hall.clerk.id, visit.ticket_id
    assert [summary(e) for e in entries()] == [
        (AuditAction.VIEWED, "visit", clerk, None, visit.id, ticket),
        (AuditAction.VIEWED, "case", clerk, dibao.id, visit.id, ticket),
    ]


def test_printing_the_papers_is_recorded(client, login, case_hall, clock):
    """Receipt, transfer slip, one-time notice and rejection notice: one "printed" entry each."""
    visit, _ = accepted_cases(case_hall, clock, case_hall.dibao)
    with write_transaction():
        noticed = intake.record_case(
            staff_id=case_hall.clerk.id, visit_id=visit.id, matter_id=case_hall.pension.id, now=clock()
        )
        intake.issue_notice(staff_id=case_hall.clerk.id, case_id=noticed.id, now=clock())
        refused = intake.record_case(
            staff_id=case_hall.clerk.id, visit_id=visit.id, matter_id=case_hall.pension.id, now=clock()
        )
        intake.reject(staff_id=case_hall.clerk.id, case_id=refused.id, now=clock(), reason="不属于受理范围")
    login(case_hall.clerk)
    for url in (
        f"/visits/{visit.id}/receipt.pdf",
        f"/visits/{visit.id}/transfer-slip/{case_hall.civil.id}.pdf",
        f"/cases/{noticed.id}/notice.pdf",
        f"/cases/{refused.id}/rejection.pdf",
    ):
        assert client.get(url).status_code == 200, url
    printed = [(e.action, e.what, e.case_id, e.detail) for e in entries()]
    assert printed == [
        (AuditAction.PRINTED, "receipt", None, ""),
        (AuditAction.PRINTED, "transfer_slip", None, f"department {case_hall.civil.id}"),
        (AuditAction.PRINTED, "supplement_notice", noticed.id, ""),
        (AuditAction.PRINTED, "rejection_notice", refused.id, ""),
    ]


def test_nothing_is_recorded_when_nothing_was_shown(client, login, case_hall, clock):
    """Another department's officer gets 404 and leaves no entry; neither does a paper that cannot be made."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.officer_social)
    assert client.get(f"/cases/{dibao.id}").status_code == 404
    login(case_hall.clerk)
    assert client.get(f"/cases/{dibao.id}/rejection.pdf").status_code == 409
    assert entries() == []


def test_residents_lookups_are_recorded_without_the_digits(client, case_hall, clock):
    """A right and a wrong lookup are on record against the case as found / refused; no phone digits anywhere."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    form = {"csrf_token": csrf_token(client), "case_number": dibao.number, "phone_last4": PHONE[-4:]}
    assert client.post("/progress", data=form).status_code == 302
    assert client.post("/progress", data=form | {"phone_last4": "0000"}).status_code == 422
    assert client.post("/progress", data=form | {"case_number": "NO-SUCH"}).status_code == 422
    found = entries()
    assert [(e.action, e.case_id, e.detail, e.staff_id, e.channel) for e in found] == [
        (AuditAction.LOOKED_UP, dibao.id, "found", None, "resident"),
        (AuditAction.LOOKED_UP, dibao.id, "refused", None, "resident"),
    ]
    assert not any(PHONE[-4:] in repr(vars(e)) or "0000" in repr(vars(e)) for e in found)


def test_a_failed_audit_insert_never_takes_the_page_away(client, login, case_hall, clock, monkeypatch, caplog):
    """The database refuses the entry: the clerk still gets the case page, and the log holds the entry's ids."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.clerk)

    def locked(**_):
        raise OperationalError("INSERT INTO audit_entry", {}, Exception("database is locked"))

    monkeypatch.setattr(audit, "record", locked)
    with caplog.at_level(logging.ERROR, logger="hall.audit"):
        response = client.get(f"/cases/{dibao.id}")
    assert response.status_code == 200 and dibao.number in response.get_data(as_text=True)
    assert entries() == []
    logged = [r for r in caplog.records if r.name == "hall.audit"]
    assert logged and f"'case_id': {dibao.id}" in logged[0].getMessage()
    assert dibao.visit.applicant_name not in logged[0].getMessage()


def test_the_case_page_of_an_anonymised_visit_says_so(client, login, case_hall, clock):
    """After the retention period the page shows that the personal data was removed, not empty fields."""
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    with write_transaction():
        dibao.state = CaseState.DELIVERED
        visit.applicant_name = visit.id_number = visit.phone = ""
        visit.anonymised_at = clock()
    login(case_hall.clerk)
    page = client.get(f"/cases/{dibao.id}").get_data(as_text=True)
    assert 'data-field="anonymised"' in page
