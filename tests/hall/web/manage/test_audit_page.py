"""The audit page as a manager uses it: who opened, printed or changed a case; reports downloaded; filters."""

import html
import re

from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import AuditAction, AuditEntry, Role
from hall.services import audit
from tests import factories
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases


def page(response) -> str:
    return response.get_data(as_text=True)


def test_a_manager_sees_who_opened_a_case(app, client, login, case_hall, clock):
    """The officer opened the case; the manager's search by case number lists that view and the intake, masked."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    officer_client = app.test_client()
    login(case_hall.officer_civil, target=officer_client)
    assert officer_client.get(f"/cases/{dibao.id}").status_code == 200
    login(case_hall.small.manager)
    response = client.get("/manage/test/audit", query_string={"case": dibao.number})
    text = page(response)
    assert response.status_code == 200
    assert 'data-source="read" data-action="viewed"' in text and case_hall.officer_civil.name in text
    assert 'data-source="change" data-action="changed"' in text and dibao.number in text
    assert "张*" in text and ID_NUMBER not in text and PHONE not in text


def test_the_audit_page_is_for_managers_and_the_county(app, client, login, case_hall):
    """Clerks and officers get 403; the county administrator gets the hall's log."""
    login(case_hall.clerk)
    assert client.get("/manage/test/audit").status_code == 403
    other = app.test_client()
    login(case_hall.officer_civil, target=other)
    assert other.get("/manage/test/audit").status_code == 403
    with write_transaction():
        admin = factories.make_staff(None, "county", Role.ADMIN)
    county = app.test_client()
    login(admin, target=county)
    assert county.get("/manage/test/audit").status_code == 200


def test_the_management_menu_links_to_the_audit_log(client, login, small_hall):
    """Every hall management page offers the audit log in its side menu."""
    login(small_hall.manager)
    assert 'href="/manage/test/audit"' in page(client.get("/manage/test/dashboard"))


def test_bad_filters_say_what_to_fix(client, login, small_hall):
    """A date that is not a date, or an unknown case number: the page says so (422), in Chinese by default."""
    login(small_hall.manager)
    response = client.get("/manage/test/audit", query_string={"start": "2026-13-01"})
    assert response.status_code == 422 and 'data-testid="audit-error"' in page(response)
    response = client.get("/manage/test/audit", query_string={"case": "NO-SUCH-CASE", "lang": "en"})
    assert response.status_code == 422 and "There is no case NO-SUCH-CASE in this hall." in page(response)


def test_report_downloads_are_recorded_as_exports(client, login, small_hall):
    """The CSV and Excel files of a period leave one "exported" entry each, naming the format and the dates."""
    login(small_hall.manager)
    for kind in ("csv", "xlsx"):
        response = client.get(f"/manage/test/reports/report.{kind}", query_string={"start": "2026-11-01"})
        assert response.status_code == 200
    db.session.expire_all()
    found = db.session.execute(select(AuditEntry.action, AuditEntry.what, AuditEntry.detail, AuditEntry.staff_id)).all()
    manager = small_hall.manager.id
    assert found == [
        (AuditAction.EXPORTED, "report", "csv 2026-11-01..2026-11-01", manager),
        (AuditAction.EXPORTED, "report", "xlsx 2026-11-01..2026-11-01", manager),
    ]
    listed = page(client.get("/manage/test/audit", query_string={"action": "exported", "start": "2026-11-23"}))
    assert listed.count('data-action="exported"') == 2 and "csv 2026-11-01..2026-11-01" in listed


def test_older_entries_are_a_link_away_with_the_same_filters(client, login, case_hall, clock):
    """More than a page of views: "Older" keeps the filters and shows the rest; "Newer" leads back."""
    _, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    with write_transaction():
        for _ in range(55):
            audit.record(
                hall_id=case_hall.hall.id,
                action=AuditAction.VIEWED,
                what="case",
                now=clock.advance(seconds=1),
                staff_id=case_hall.clerk.id,
                case_id=dibao.id,
            )
    login(case_hall.small.manager)
    first = page(client.get("/manage/test/audit", query_string={"action": "viewed"}))
    older = re.search(r'href="([^"]+)" data-testid="older"', first)
    assert first.count('data-action="viewed"') == 50 and older and "action=viewed" in older.group(1)
    second = page(client.get(html.unescape(older.group(1))))
    assert second.count('data-action="viewed"') == 5 and 'data-testid="newer"' in second
    assert 'data-testid="older"' not in second
