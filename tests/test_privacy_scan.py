"""No surface leaks a resident's full ID or phone number: every page, PDF, download and log line is scanned.

One hall with a resident's visit and cases (full ID card and mobile number recorded at the window, a missing
material notice, a rejection), then every GET route of the app is fetched by the public, by each staff role and
by the resident's own links; HTML, JSON, PDF text, CSV and Excel cells and every captured log record are searched
for the full numbers. Staff pages that need the full ID (the window and the department handling the case) are
the only places it may appear, and never on paper or in logs.
"""

import io
import logging
import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import HistoryEntry, MaterialStatus, Role
from hall.services.cases import intake
from tests import factories
from tests.conftest import csrf_token
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases
from tests.pdf_tools import pages_text

# Any 18-character resident ID or mainland mobile number, not only this resident's.
FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FULL_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")

# Staff pages where the people who work the case see the applicant in full (docs/PRIVACY.md).
FULL_DATA_PAGES = {"cases.visit_page", "cases.case_page"}
ROLES = ("anonymous", "clerk", "manager", "officer", "admin")


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


@pytest.fixture
def resident_visit(case_hall, clock):
    """A resident with an accepted case, a case waiting for a missing material and a rejected one."""
    c = case_hall
    visit, (dibao,) = accepted_cases(c, clock, c.dibao)
    with write_transaction():
        missing = intake.record_case(staff_id=c.clerk.id, visit_id=visit.id, matter_id=c.pension.id, now=clock())
        statuses = {m.id: MaterialStatus.MISSING for m in missing.materials}
        intake.check_materials(staff_id=c.clerk.id, case_id=missing.id, statuses=statuses, now=clock())
        intake.issue_notice(staff_id=c.clerk.id, case_id=missing.id, now=clock(), note="请补齐材料")
    with write_transaction():
        admin = factories.make_staff(None, "county", Role.ADMIN)
    return visit, dibao, missing, admin


def url_values(case_hall, visit, case, missing):
    c = case_hall
    return {
        "code": c.small.hall.code,
        "visit_id": visit.id,
        "case_id": case.id,
        "department_id": c.civil.id,
        "counter_id": c.window.id,
        "number": c.window.number,
        "staff_id": c.clerk.id,
        "service_id": c.small.a.id,
        "matter_id": c.dibao.id,
        "kind": "pdf",
        "token": visit.token,
    }


def get_routes(app, values, ticket_token):
    """(endpoint, url) for every GET route whose arguments this hall can fill; ticket pages get the ticket's token."""
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "filename" in rule.arguments or "name" in rule.arguments:
            continue  # static files, saved report files (scanned below through the reports page)
        arguments = dict(values)
        if rule.endpoint in ("resident.ticket_page", "kiosk.slip") or rule.endpoint.startswith("api.ticket"):
            arguments["token"] = ticket_token
        if not set(rule.arguments) <= arguments.keys():
            continue
        routes.append((rule.endpoint, adapter.build(rule.endpoint, {n: arguments[n] for n in rule.arguments})))
    return sorted(routes)


def sign_in(client, login, case_hall, role, admin):
    accounts = {
        "clerk": case_hall.clerk,
        "manager": case_hall.small.manager,
        "officer": case_hall.officer_civil,
        "admin": admin,
    }
    return csrf_token(client) if role == "anonymous" else login(accounts[role])


@pytest.mark.parametrize("role", ROLES)
def test_no_page_pdf_or_download_shows_a_full_id_or_phone(app, client, login, case_hall, resident_visit, role):
    """Public pages, slips, receipts, notices, reports and exports show masked numbers to everyone."""
    visit, case, missing, admin = resident_visit
    sign_in(client, login, case_hall, role, admin)
    routes = get_routes(app, url_values(case_hall, visit, case, missing), case_hall.ticket.token)
    assert len(routes) >= 50, "the walk should reach nearly every page"
    found = {}
    for endpoint, url in routes:
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        text = readable(response)
        full_allowed = role != "anonymous" and endpoint in FULL_DATA_PAGES and response.mimetype == "text/html"
        if leaks(text) and not full_allowed:
            found[url] = leaks(text)
    assert found == {}


def test_the_resident_progress_lookup_answers_without_echoing_the_phone(client, case_hall, resident_visit):
    """Looking a case up by number and phone digits shows the case, masked, and never the full phone."""
    _visit, case, _missing, _admin = resident_visit
    token = csrf_token(client)
    response = client.post(
        "/progress", data={"csrf_token": token, "case_number": case.number, "phone_last4": PHONE[-4:]}
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
    visit, _case, _missing, _admin = resident_visit
    login(case_hall.clerk)
    assert ID_NUMBER in leaks(readable(client.get(f"/visits/{visit.id}")))
