"""Kiosk pages: the touch screen and the printable 80 mm slip. Issuing itself goes through the JSON API;
printing a waiting ticket's slip again (after "you already have a number") is the kiosk's own JSON action."""

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError, ValidationFailed
from hall.models import DeviceKind
from hall.pdf.ticket_slip import SlipData, build_ticket_slip
from hall.services import hall_view, resident, ticketing
from hall.services.halls import hall_by_code
from hall.services.kiosk_limits import KioskPolicy
from hall.timeutil import local
from hall.web.devices import current_device, pairing_needed, screen_allowed
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


@bp.post("/reprint")
def reprint(code: str):
    """The slip of the ticket the person typing this ID or phone holds for the service (JSON, like the API)."""
    hall = hall_by_code(code)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _refused(ValidationFailed(_l("The request body must be a JSON object.")))
    service_id, identity = body.get("service_id"), body.get("identity")
    if isinstance(service_id, bool) or not isinstance(service_id, int) or not 0 < service_id < 2**31:
        return _refused(
            ValidationFailed(_l("%(field)s must be a whole number.", field="service_id"), field="service_id")
        )
    if not isinstance(identity, str) or len(identity) > 64:
        return _refused(ValidationFailed(_l("Please enter your ID card number or mobile number."), field="identity"))
    device = current_device()
    now = clock.now()
    try:
        with write_transaction():
            ticket = ticketing.reprint_ticket(
                hall_id=hall.id,
                service_id=service_id,
                identity=identity,
                now=now,
                device_id=device.id if device else None,
                client_address=request.remote_addr,
                policy=KioskPolicy.from_config(current_app.config),
            )
    except DomainError as error:
        return _refused(error)
    return jsonify({"ticket": _slip_reply(ticket, now)})


def _refused(error: DomainError):
    # A JSON action answers in JSON whatever the client accepts (the app's handler would render a page).
    return jsonify({"error": error.as_dict()}), error.status


def _slip_reply(ticket, now) -> dict:
    # The shape of the API's reply at issue (hall/api), so the kiosk shows and prints both alike.
    return {
        **resident.ticket_status(ticket, now),
        "token": ticket.token,
        "people_ahead_at_issue": ticket.people_ahead_at_issue,
        "page_url": public_url("resident.ticket_page", token=ticket.token),
        "slip_url": url_for("kiosk.slip", code=ticket.service.hall.code, token=ticket.token),
    }


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
