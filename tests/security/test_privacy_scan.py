"""No surface leaks a resident's full ID or phone number: every page, PDF, download and log line is scanned.

One hall with a resident's visit and cases (full ID card and mobile number recorded at the window, a missing
material notice, a rejection), then every GET route of the app is fetched by the public, by each staff role and
by the resident's own links, a case's pages and papers once for each of the cases; HTML, JSON, PDF text, CSV and
Excel cells and every captured log record are searched for the full numbers. The full ID appears exactly where
``sees_applicant_in_full`` opens it (docs/PRIVACY.md): the visit and case pages for the hall's clerks and for a
manager signed in at one of its windows, a case's page for the officers of its department. Everyone else sees
those pages masked, and nobody sees it on paper or in logs.
"""

import io
import logging
import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from hall.extensions import db
from hall.models import HistoryEntry
from tests.conftest import csrf_token
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases
from tests.pdf_tools import pages_text
from tests.security.walk import get_routes, url_values

# Any 18-character resident ID or mainland mobile number, not only this resident's.
FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FULL_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")

ROLES = ("anonymous", "clerk", "manager", "manager_at_window", "officer", "officer_other", "admin")
# Who sees the applicant in full on the staff pages that show it (hall.services.cases.access.sees_applicant_in_full):
# the front desk on the visit page and every case page of the visit; an officer on the case pages of their own
# department's cases. A manager not at a window, another department's officer, the county administrator and the
# public: masked there too.
FRONT_DESK = {"clerk", "manager_at_window"}
OFFICERS = {"officer", "officer_other"}  # civil affairs (the accepted case's department), social security


def leaks(text: str) -> list[str]:
    """Full numbers found in ``text`` (this resident's, or anything shaped like one)."""
    found = FULL_ID.findall(text) + FULL_PHONE.findall(text)
    return found + [value for value in (ID_NUMBER, PHONE) if value in text and value not in found]


def readable(response) -> str:
    """What a person could read in a response: HTML/JSON text, PDF text, CSV files in a zip, Excel cells."""
    body, kind = response.get_data(), response.mimetype or ""
    if body.startswith(b"%PDF"):
        return "\n".join(pages_text(body))
    if body.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(body))
        if any(name.startswith("xl/") for name in archive.namelist()):
            workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
            return "\n".join(
                str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell
            )
        return "\n".join(archive.read(name).decode("utf-8-sig", "replace") for name in archive.namelist())
    if kind.startswith(("text/", "application/json", "application/javascript")) or not kind:
        return body.decode("utf-8", "replace")
    return ""  # fonts, images: nothing typed by a person


def in_full_for(role: str, endpoint: str, case, people) -> bool:
    """Whether ``role`` sees the applicant in full on ``endpoint`` (for a case's page: of ``case``)."""
    if endpoint == "cases.visit_page":
        return role in FRONT_DESK
    if endpoint == "cases.case_page":
        return role in FRONT_DESK or (role in OFFICERS and people[role].department_id == case.department_id)
    return False


@pytest.mark.parametrize("role", ROLES)
def test_no_page_pdf_or_download_shows_a_full_id_or_phone(
    app, client, sign_in_as, people, case_hall, resident_visit, role
):
    """Public pages, slips, receipts, notices, reports and exports show masked numbers to everyone."""
    cases = {case.id: case for case in resident_visit[1:]}
    sign_in_as(role)
    values = url_values(case_hall, resident_visit.visit, resident_visit.case)
    routes = get_routes(app, values, case_hall.ticket.token, case_ids=list(cases))
    assert len(routes) >= 50, "the walk should reach nearly every page"
    found, masked = {}, []
    for endpoint, case_id, url in routes:
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        text = readable(response)
        full_allowed = response.mimetype == "text/html" and in_full_for(role, endpoint, cases.get(case_id), people)
        if leaks(text) and not full_allowed:
            found[url] = leaks(text)
        if full_allowed and ID_NUMBER not in leaks(text):
            masked.append(url)
    assert found == {}
    assert masked == [], "the rule shows the applicant in full here: the scan should have seen it"


def test_the_resident_progress_lookup_answers_without_echoing_the_phone(client, case_hall, resident_visit):
    """Looking a case up by number and phone digits shows the case, masked, and never the full phone."""
    token = csrf_token(client)
    response = client.post(
        "/progress", data={"csrf_token": token, "case_number": resident_visit.case.number, "phone_last4": PHONE[-4:]}
    )
    assert response.status_code in (200, 302)
    page = client.get(response.headers["Location"]) if response.status_code == 302 else response
    assert leaks(readable(page)) == []


def test_history_and_logs_hold_no_full_numbers(app, client, login, case_hall, clock, caplog):
    """The audit trail and every log line of a whole visit (recorded, accepted, printed) carry masked numbers."""
    caplog.set_level(logging.DEBUG)
    visit, (case,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.clerk)
    for url in (f"/visits/{visit.id}", f"/visits/{visit.id}/receipt.pdf", f"/cases/{case.id}"):
        assert client.get(url).status_code == 200
    client.post("/login", data={"username": PHONE, "password": ID_NUMBER})  # typed into the wrong boxes
    logged = "\n".join(f"{record.getMessage()} {record.args!r}" for record in caplog.records)
    assert leaks(logged) == []
    with app.app_context():
        entries = db.session.scalars(select(HistoryEntry)).all()
        assert entries, "the visit should be in the history"
        assert [e.kind for e in entries if leaks(repr(e.data))] == []


def test_the_scan_would_see_a_full_number_where_staff_need_it(client, login, case_hall, resident_visit):
    """The clerk's visit page does show the full ID, so the scans above are looking at real data."""
    login(case_hall.clerk)
    assert ID_NUMBER in leaks(readable(client.get(f"/visits/{resident_visit.visit.id}")))
