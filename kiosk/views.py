"""Kiosk pages: the touch screen and the printable 80 mm slip. Issuing, and printing a held ticket's slip
again (after "you already have a number"), go through the JSON API (``hall/api/halls.py``)."""

from flask import Blueprint, Response, render_template, request

from hall import clock
from hall.models import DeviceKind
from hall.pdf.ticket_slip import SlipData, build_ticket_slip
from hall.services import hall_view, resident
from hall.services.halls import hall_by_code
from hall.timeutil import local
from hall.web.devices import pairing_needed, screen_allowed
from hall.web.files import font_path
from hall.web.urls import public_url

bp = Blueprint("kiosk", __name__, url_prefix="/h/<code>/kiosk", template_folder="templates")
# Served outside the hall-specific prefix: one copy of the files for every hall.
assets = Blueprint("kiosk_assets", __name__, static_folder="static", static_url_path="/static/kiosk")

# Seconds without a touch before the kiosk returns to its start screen (the next resident starts fresh).
IDLE_SECONDS = 45
TICKET_SECONDS = 20


@bp.get("/")
def kiosk_page(code: str):
    hall = hall_by_code(code)
    if not screen_allowed(hall, (DeviceKind.KIOSK,)):
        return pairing_needed(hall)
    return render_template(
        "kiosk/kiosk.html",
        hall=hall,
        menu=hall_view.kiosk_menu(hall, clock.now()),
        idle_seconds=IDLE_SECONDS,
        ticket_seconds=TICKET_SECONDS,
    )


@bp.get("/slip/<token>.pdf")
def slip(code: str, token: str):
    hall = hall_by_code(code)
    ticket = resident.ticket_by_token(token, hall_id=hall.id)
    pdf = build_ticket_slip(
        SlipData(
            hall_name=hall.name,
            number=ticket.number,
            service_name=ticket.issued_service.name,
            people_ahead=ticket.people_ahead_at_issue,
            issued_at_local=local(ticket.issued_at, hall.timezone),
            page_url=public_url("resident.ticket_page", token=ticket.token),
        ),
        font_path=font_path(),
    )
    disposition = "attachment" if request.args.get("download") else "inline"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="ticket-{ticket.number}.pdf"',
            "Cache-Control": "private, max-age=3600",
        },
    )
