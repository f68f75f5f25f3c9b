"""The kiosk pages: the touch menu and the printable slip."""

import json
import re

import kiosk.views
from hall.db import write_transaction
from tests import factories
from tests.pdf_tools import normalise, pages_text


def test_kiosk_lists_services_by_department(client, small_hall):
    """The kiosk page embeds the menu: departments with their services, in Chinese by default."""
    with write_transaction():
        small_hall.b.departments = [factories.make_department(small_hall.hall, "社会保障所")]
    page = client.get("/h/test/kiosk/").get_data(as_text=True)
    assert "请点击您要办理的业务取号" in page and "绿色通道" in page
    menu = json.loads(re.search(r'<script type="application/json" id="menu">(.*?)</script>', page, re.S).group(1))
    assert [(d["name"], [s["name"] for s in d["services"]]) for d in menu["departments"]] == [
        ("综合服务", ["综合受理"]),
        ("社会保障所", ["社保业务"]),
    ]


def test_kiosk_for_unknown_hall_is_404(client, small_hall):
    """A wrong hall code in the kiosk URL is a 404 page."""
    assert client.get("/h/nowhere/kiosk/").status_code == 404


def test_slip_pdf_for_an_issued_ticket(client, api, small_hall):
    """The slip link returned at issue serves a PDF with the ticket's number and hall."""
    ticket = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.b.id}).get_json()["ticket"]
    response = client.get(ticket["slip_url"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = normalise(pages_text(response.data)[0])
    assert "B001" in text and "测试镇便民服务中心" in text and "社保业务" in text


def test_slip_of_another_halls_ticket_is_404(client, api, small_hall):
    """A token used under another hall's kiosk URL finds nothing."""
    with write_transaction():
        factories.make_hall("other")
    ticket = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id}).get_json()["ticket"]
    assert client.get(f"/h/other/kiosk/slip/{ticket['token']}.pdf").status_code == 404


def test_slip_qr_and_page_link_use_the_public_address_when_configured(app, client, api, small_hall, monkeypatch):
    """With PUBLIC_BASE_URL set, the slip's QR and the kiosk's page link point residents' phones there."""
    app.config["PUBLIC_BASE_URL"] = "https://hall.county.example/"
    ticket = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id}).get_json()["ticket"]
    assert ticket["page_url"] == f"https://hall.county.example/t/{ticket['token']}"
    seen = {}
    original = kiosk.views.build_ticket_slip

    def spy(slip, **kwargs):
        seen["url"] = slip.page_url
        return original(slip, **kwargs)

    monkeypatch.setattr(kiosk.views, "build_ticket_slip", spy)
    client.get(ticket["slip_url"])
    assert seen["url"] == ticket["page_url"]
