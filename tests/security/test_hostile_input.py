"""Script, markup and template payloads typed into any text field come out as harmless text, never a 500.

Every name, note and line a manager, clerk or resident can type (hall name and notice line, departments,
services, windows, staff, matters and materials, the applicant, case notes, reasons, ratings and follow-ups)
is set to a payload; then every page, JSON answer and PDF of the app is fetched by each role. Pages must show the
payload escaped, PDFs must render it as text (reportlab paragraphs parse markup, so an unescaped ``<`` would
break them), and nothing may answer 5xx.
"""

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import Counter, Hall, Service
from tests.pdf_tools import normalise, pages_text
from tests.security.walk import get_routes, url_values, visit_with_cases

SCRIPT = "<script>alert(1)</script>"
PAYLOAD = SCRIPT + "<b>&amp;{{7*7}}'\"<para>"  # 48 characters: fits a 64-character name
ROLES = ("anonymous", "clerk", "manager", "officer", "admin")


def fill_every_text_field(case_hall, clock, people):
    """The hall of ``case_hall`` with a payload in each field people type, and a visit with cases to show them."""
    c = case_hall
    resident = visit_with_cases(c, clock, text=PAYLOAD)
    with write_transaction():
        hall = db.session.get(Hall, c.small.hall.id)
        hall.name, hall.address, hall.notice = PAYLOAD, PAYLOAD, PAYLOAD
        # Names unique within a hall get a counter after the payload.
        for n, department in enumerate((c.civil, c.social)):
            db.session.merge(department).name = f"{PAYLOAD}{n}"
        for n, service in enumerate(db.session.scalars(select(Service).where(Service.hall_id == hall.id)).all()):
            service.name, service.name_en, service.description = f"{PAYLOAD}{n}", f"{PAYLOAD}{n}", PAYLOAD
        for n, counter in enumerate(db.session.scalars(select(Counter).where(Counter.hall_id == hall.id)).all()):
            counter.name = f"{PAYLOAD}{n}"
        for n, matter in enumerate((c.dibao, c.card, c.pension)):
            matter = db.session.merge(matter)
            matter.name, matter.conditions, matter.notes = f"{PAYLOAD}{n}", PAYLOAD, PAYLOAD
            for m, material in enumerate(matter.materials):
                material.name, material.condition = f"{PAYLOAD}{m}", PAYLOAD
        for staff in (c.clerk, c.small.manager, c.officer_civil, people["admin"]):
            db.session.merge(staff).name = PAYLOAD
        visit = db.session.merge(resident.visit)
        visit.applicant_name = PAYLOAD
        for each in visit.cases:
            each.matter_name = PAYLOAD
            for m, material in enumerate(each.materials):
                material.name = f"{PAYLOAD}{m}"
    return resident


@pytest.fixture
def hostile_hall(case_hall, clock, people):
    return fill_every_text_field(case_hall, clock, people)


@pytest.mark.parametrize("role", ROLES)
def test_payloads_are_shown_as_text_on_every_page_and_pdf(app, client, sign_in_as, case_hall, hostile_hall, role):
    """No page runs the script, no PDF breaks on the markup, nothing answers 5xx."""
    sign_in_as(role)
    values = url_values(case_hall, hostile_hall.visit, hostile_hall.case)
    case_ids = [case.id for case in hostile_hall[1:]]
    problems, pdfs_with_payload = [], 0
    for _endpoint, _case, url in get_routes(app, values, case_hall.ticket.token, case_ids):
        response = client.get(url)
        body = response.get_data()
        if response.status_code >= 500:
            problems.append((url, response.status_code))
        elif response.mimetype == "text/html" and SCRIPT.encode() in body:
            problems.append((url, "unescaped script"))
        elif body.startswith(b"%PDF"):
            text = normalise("".join(pages_text(body)))
            pdfs_with_payload += normalise(SCRIPT) in text
    assert problems == []
    if role in ("clerk", "manager"):
        assert pdfs_with_payload >= 2, "receipts and notices should print the names as text"


def test_the_payload_hall_name_is_escaped_on_the_public_screens(client, case_hall, hostile_hall):
    """The kiosk and the hall screen show the hall's name as text, the template payload unevaluated."""
    for url in ("/h/test/kiosk/", "/h/test/display/"):
        page = client.get(url).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "{{7*7}}" in page


GARBAGE = {
    "oversized": "长" * 20000,
    "nul byte": "A\x00B",
    "control character": "名\x0b字",
    "not a number": "-1e999",
    "markup": PAYLOAD,
}
FIELDS = (
    "name",
    "name_en",
    "username",
    "password",
    "reason",
    "note",
    "notes",
    "comment",
    "number",
    "service_id",
    "counter_id",
    "department_id",
    "matter_id",
    "staff_id",
    "role",
    "prefix",
    "day",
    "date",
    "start",
    "end",
    "id_number",
    "id_type",
    "phone",
    "applicant_name",
    "case_number",
    "phone_last4",
    "legal_basis",
    "notice",
    "ticketing_hours",
    "daily_cap",
    "score",
    "kind",
    "code",
    "supply_by",
    "statuses",
    "materials",
    "q",
    "page",
)


def post_routes(app, values):
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/api/") and set(rule.arguments) <= values.keys():
            routes.append(adapter.build(rule.endpoint, {n: values[n] for n in rule.arguments}, method="POST"))
    return sorted(routes)


@pytest.mark.parametrize("role", ("clerk", "manager", "officer"))
def test_garbage_in_every_form_field_is_a_clear_refusal(app, client, sign_in_as, case_hall, hostile_hall, role):
    """Oversized text, NUL bytes, impossible numbers and markup in any form of the site answer 4xx or a page."""
    token = sign_in_as(role)
    routes = post_routes(app, url_values(case_hall, hostile_hall.visit, hostile_hall.case))
    assert len(routes) >= 40
    server_errors = []
    for url in routes:
        if url.endswith(("/logout", "/sign-out")):
            continue  # keep the session for the rest of the walk
        for label, value in GARBAGE.items():
            response = client.post(url, data={"csrf_token": token, **dict.fromkeys(FIELDS, value)})
            if response.status_code >= 500:
                server_errors.append((url, label, response.status_code))
    assert server_errors == []


def test_control_characters_in_forms_urls_and_json_are_refused_in_chinese(client, login, case_hall):
    """A NUL byte or stray control character is refused with a clear message wherever it arrives."""
    token = login(case_hall.clerk)
    answers = [
        client.post("/progress", data={"csrf_token": token, "case_number": "A\x00B", "phone_last4": "1234"}),
        client.get("/t/abc%00def"),
        client.get("/front/?q=%0b"),
        client.post(
            "/api/v1/halls/test/tickets",
            data='{"service_id": 1, "identity": "\\u0000"}',
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        ),
    ]
    assert [answer.status_code for answer in answers] == [400] * 4
    assert "不可见控制字符" in answers[0].get_data(as_text=True)
    assert answers[3].get_json()["error"]["code"] == "invalid_characters"


def test_tabs_and_newlines_in_a_note_are_ordinary_text(client, login, case_hall):
    """Multi-line notes and pasted tabs are not mistaken for control characters."""
    token = login(case_hall.clerk)
    response = client.post("/progress", data={"csrf_token": token, "case_number": "A\tB\r\nC", "phone_last4": "1"})
    assert response.status_code != 400


def test_a_body_over_the_limit_is_refused_with_413(client, login, case_hall):
    """A request body larger than the configured maximum is refused before any form is read."""
    token = login(case_hall.clerk)
    response = client.post("/progress", data={"csrf_token": token, "case_number": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
