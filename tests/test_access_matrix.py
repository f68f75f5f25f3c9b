"""Who may do what, for the whole app: every URL rule × every kind of caller, and every Socket.IO namespace.

The rules come from ``app.url_map``: a new endpoint that is not classified in ``policy_of`` fails
``test_every_rule_is_classified``. Each rule has a policy (who may use it) and ``expected`` turns a policy and
a caller into the outcome: ``allowed`` (past the permission checks: a page, a file, a redirect back, or a
message about the state of things, 409/422), ``login`` (sent to sign in), or the refusal ``401``, ``403`` or
``404`` (a resource of another hall, or a case of another department, is not found rather than forbidden).

The hall requires registered devices (the production default). Callers: anonymous, the county administrator,
the hall's manager, clerk (signed in at window 1) and officer (civil affairs, which owns the case), another
hall's manager, and the hall's four kinds of device, each once as a paired browser (cookie) and once as device
software (bearer token). Finer distinctions of one area keep their own tests: officers of another department
(tests/hall/web/cases/test_permission_matrix.py), the management pages' contents (tests/hall/web/manage/).
"""

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from hall import realtime
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Role, Ticket, TicketState
from hall.services import ratings
from hall.services.admin import calendar, devices
from tests import factories
from tests.conftest import csrf_token
from tests.hall.services.helpers import act, call_next, counter_actions, issue
from tests.hall.web.cases import test_permission_matrix as case_matrix
from tests.hall.web.cases.helpers import accepted_cases

STAFF = ("anonymous", "admin", "manager", "clerk", "officer", "other_manager")
DEVICE_KINDS = ("kiosk", "hall_display", "counter_display", "rating_tablet")
DEVICES = DEVICE_KINDS + tuple(f"{kind}_token" for kind in DEVICE_KINDS)
CALLERS = STAFF + DEVICES
HOLIDAY = date(2026, 12, 1)
HALL_STAFF = {"manager", "clerk"}  # serve in the hall (and configure it, for the manager)


def kind_of(caller: str) -> str | None:
    kind = caller.removesuffix("_token")
    return kind if kind in DEVICE_KINDS else None


# ---- policies: who may use a rule --------------------------------------------------------------------------


def expected(policy: str, caller: str) -> str:
    kind = kind_of(caller)
    anonymous = caller == "anonymous" or kind is not None  # a device is no staff member
    if policy == "public":
        return "allowed"
    if policy.startswith("screen:"):  # kiosk and screens: their own paired devices, and the hall's staff
        kinds = policy.removeprefix("screen:").split(",")
        return "allowed" if kind in kinds or caller in HALL_STAFF | {"admin"} else "403"
    if policy == "issue":  # a ticket: the hall's kiosks, or its staff issuing for a resident
        return "allowed" if kind == "kiosk" or caller in HALL_STAFF else "403"
    if policy == "kiosk":  # a slip again for the ID or phone typed: the hall's kiosks only (which find none)
        return "404" if kind == "kiosk" else "403"
    if policy.startswith("api:"):  # staff-only JSON: no session or token is 401, never a redirect
        if anonymous:
            return "401"
        return API_STAFF[policy][caller]
    if anonymous:
        return "login"
    return PAGE_STAFF[policy].get(caller, "403")


API_STAFF = {
    # a queue-side action of the hall (reactivate, cancel, transfer a waiting ticket)
    "api:hall": {"admin": "403", "manager": "allowed", "clerk": "allowed", "officer": "403", "other_manager": "403"},
    # window 1's panel and signing in there: the hall's serving staff; other halls do not see the window
    "api:window": {"admin": "404", "manager": "allowed", "clerk": "allowed", "officer": "403", "other_manager": "404"},
    # acting at window 1: only the clerk signed in there (the manager is not)
    "api:at-window": {"admin": "404", "manager": "403", "clerk": "allowed", "officer": "403", "other_manager": "404"},
    # revoking "this request's" token: a session has none to revoke
    "api:token": dict.fromkeys(STAFF[1:], "401"),
}
PAGE_STAFF = {
    "signed-in": dict.fromkeys(STAFF[1:], "allowed"),
    "serve": {"manager": "allowed", "clerk": "allowed", "other_manager": "allowed"},  # their own hall's windows
    "window": {"manager": "allowed", "clerk": "allowed", "other_manager": "404"},
    "manage": {"admin": "allowed", "manager": "allowed"},
    "manage-start": {"admin": "allowed", "manager": "allowed", "other_manager": "allowed"},
    "manage-halls": {"admin": "allowed"},
    # Front and office actions: a hall's role that never does them is 403. Those who may see no case of the hall
    # (the county administrator, another hall's manager) are refused 403 or 404, depending on whether the
    # action looks the case up first (the case area's own matrix checks the same split).
    "cases-front": {"manager": "allowed", "clerk": "allowed", "other_manager": "refused", "admin": "refused"},
    # Correcting the applicant needs seeing it in full: the manager here is not signed in at a window.
    "cases-applicant": {"clerk": "allowed", "manager": "refused", "other_manager": "refused", "admin": "refused"},
    "cases-office": {"officer": "allowed", "other_manager": "refused", "admin": "refused"},
    "cases-read": {"manager": "allowed", "clerk": "allowed", "officer": "allowed", "other_manager": "404"},
    "cases-front-page": {"manager": "allowed", "clerk": "allowed", "other_manager": "allowed"},
    "cases-office-page": {"officer": "allowed"},
}
PAGE_STAFF["cases-read"]["admin"] = "404"

PUBLIC_ENDPOINTS = {
    "static",
    "kiosk_assets.static",
    "display_assets.static",
    "vendor.cjk_font",
    "health.alive",
    "health.ready",
    "home.index",
    "auth.login",
    "devices.pair",
    "i18n.choose_language",
    "resident.ticket_page",
    "kiosk.slip",
}
ENDPOINT_POLICIES = {
    "auth.logout": "signed-in",
    "counter.choose": "serve",
    "counter.my_ratings": "serve",
    "counter.sign_in": "window",
    "counter.workstation": "window",
    "kiosk.kiosk_page": "screen:kiosk",
    "display.hall_screen": "screen:hall_display",
    "display.counter_screen": "screen:counter_display,rating_tablet",
    "display.rating_tablet": "screen:rating_tablet",
    "manage.index": "manage-start",
    "manage.new_hall": "manage-halls",
    "cases.front_desk": "cases-front-page",
    "cases.record_applicant": "cases-applicant",
    "cases.inbox": "cases-office-page",
}
API = "/api/v1"
# API rules by path, without converters (they change with the framework, the paths do not).
API_POLICIES = {
    "/docs": "public",
    "/docs/docs.js": "public",
    "/openapi.json": "public",
    "/halls/<code>/menu": "public",
    "/halls/<code>/snapshot": "public",
    "/halls/<code>/tickets": "issue",
    "/halls/<code>/tickets/reprint": "kiosk",
    "/halls/<code>/tickets/<ticket_id>/reactivate": "api:hall",
    "/halls/<code>/tickets/<ticket_id>/cancel": "api:hall",
    "/halls/<code>/tickets/<ticket_id>/transfer": "api:hall",
    "/halls/<code>/counters/<number>/rating-request": "screen:rating_tablet",
    "/tickets/<token>": "public",
    "/tickets/<token>/rating": "public",
    "/auth/tokens": "public",
    "/auth/tokens/revoke": "api:token",
    "/counters/<counter_id>": "api:window",
    "/counters/<counter_id>/sign-in": "api:window",
}
for action in ("sign-out", "pause", "resume", "call-next", "call-number", "finish-and-call-next"):
    API_POLICIES[f"/counters/<counter_id>/{action}"] = "api:at-window"
API_POLICIES["/counters/<counter_id>/tickets/<ticket_id>/<action>"] = "api:at-window"
API_POLICIES["/counters/<counter_id>/tickets/<ticket_id>/transfer"] = "api:at-window"


def api_path(rule) -> str | None:
    """/halls/<code>/tickets for /api/v1/halls/<hall_code:code>/tickets; None outside the API."""
    if not rule.rule.startswith(API + "/"):
        return None
    return re.sub(r"<(?:[^>]*:)?(\w+)>", r"<\1>", rule.rule.removeprefix(API))


def policy_of(rule) -> str | None:
    endpoint = rule.endpoint
    if api_path(rule) is not None:
        return API_POLICIES.get(api_path(rule))
    if endpoint in PUBLIC_ENDPOINTS:
        return "public"
    if endpoint in ENDPOINT_POLICIES:
        return ENDPOINT_POLICIES[endpoint]
    if endpoint.startswith("manage."):
        return "manage"
    if endpoint.startswith("cases."):  # the case matrix's own classification, reused
        for names, policy in (
            (case_matrix.PUBLIC, "public"),
            (case_matrix.FRONT, "cases-front"),
            (case_matrix.OFFICE, "cases-office"),
            (case_matrix.READ, "cases-read"),
        ):
            if endpoint in names:
                return policy
    return None


def test_every_rule_is_classified(app):
    """A new page or API endpoint must say who may use it here before it can ship."""
    unclassified = [rule.rule for rule in app.url_map.iter_rules() if policy_of(rule) is None]
    assert unclassified == [], "classify these in tests/test_access_matrix.py: " + ", ".join(unclassified)


# ---- the hall, its people and devices ----------------------------------------------------------------------


@pytest.fixture
def world(app, case_hall, clock):
    """case_hall in a hall that requires devices, with every kind of device paired, another hall, an admin."""
    small = case_hall.small
    visit, (case,) = accepted_cases(case_hall, clock, case_hall.dibao)
    issue(small.hall, small.b, clock)
    finished = call_next(small.w3, small.c3, clock)
    act(counter_actions.finish, finished, small.w3, small.c3, clock)
    waiting = issue(small.hall, small.b, clock)
    with write_transaction():
        follow_up = ratings.rate(ticket_token=finished.token, level=1, channel="phone", now=clock()).follow_up
    saved = Path(app.config["REPORTS_DIR"]) / "test"
    saved.mkdir(parents=True)
    (saved / "2026-11-22.pdf").write_bytes(b"%PDF-1.4 saved by the nightly job")
    with write_transaction():
        small.hall.require_devices = True
        other = factories.make_hall("other")
        people = {
            "admin": factories.make_staff(None, "county", Role.ADMIN),
            "manager": small.manager,
            "clerk": small.c1,
            "officer": case_hall.officer_civil,
            "other_manager": factories.make_staff(other, "other.boss", Role.MANAGER),
        }
        calendar.set_day(
            actor_id=small.manager.id,
            hall_id=small.hall.id,
            day=HOLIDAY,
            kind="holiday",
            name="镇庆",
            now=clock(),
        )
        paired = {}
        for kind in DEVICE_KINDS:
            window = small.w1.id if kind in ("counter_display", "rating_tablet") else None
            device, _ = devices.register(
                actor_id=small.manager.id, hall_id=small.hall.id, kind=kind, name=kind, counter_id=window, now=clock()
            )
            token = devices.new_token(
                actor_id=small.manager.id, hall_id=small.hall.id, device_id=device.id, now=clock()
            )
            paired[kind] = (device, token)
    values = {
        "code": "test",
        "counter_id": small.w1.id,
        "number": small.w1.number,
        "ticket_id": case_hall.ticket.id,
        "action": "recall",
        "token": waiting.token,
        "visit_id": visit.id,
        "case_id": case.id,
        "department_id": case_hall.civil.id,
        "service_id": small.b.id,
        "staff_id": small.c3.id,
        "device_id": paired["kiosk"][0].id,
        "matter_id": case_hall.pension.id,
        "follow_up_id": follow_up.id,
        "kind": "pdf",
        "name": "2026-11-22.pdf",
        "day": HOLIDAY.isoformat(),
    }
    overrides = {
        "manage.": {"counter_id": small.w3.id},  # deleting window 3 leaves window 1 to the clerk
        "cases.": {"token": visit.token},
        "static": {"filename": "css/app.css"},
        "kiosk_assets.": {"filename": "kiosk.js"},
        "display_assets.": {"filename": "live.js"},
        "/halls/<code>/tickets/": {"ticket_id": waiting.id},
        "/tickets/<token>/rating": {"token": finished.token},
    }
    bodies = {
        "/halls/<code>/tickets": {"service_id": small.a.id},
        "/halls/<code>/tickets/<ticket_id>/transfer": {"service_id": small.a.id},
        "/halls/<code>/tickets/<ticket_id>/cancel": {"reason": "left"},
        "/counters/<counter_id>/call-number": {"number": "A001"},
        "/counters/<counter_id>/tickets/<ticket_id>/transfer": {"service_id": small.a.id},
        "/tickets/<token>/rating": {"level": 5},
        "/halls/<code>/tickets/reprint": {"service_id": small.a.id, "identity": "13812341234"},
    }
    return {"people": people, "devices": paired, "values": values, "overrides": overrides, "bodies": bodies}


class Caller:
    """A test client as one caller: a signed-in session, a paired device's cookie, or a device's bearer token."""

    def __init__(self, app, client, login, world, name):
        self.client, self.headers = client, {}
        kind = kind_of(name)
        if name in world["people"]:
            self.csrf = login(world["people"][name], target=client)
            return
        if kind is not None:
            token = world["devices"][kind][1]
            if name.endswith("_token"):
                self.headers["Authorization"] = f"Bearer {token}"
            else:
                client.set_cookie("hall_device", token)
        self.csrf = csrf_token(client)

    def request(self, method, url, api_body=None, csrf=True):
        if url.startswith(API) or api_body is not None:  # JSON, with the page's CSRF token as the pages send it
            headers = {**self.headers, **({"X-CSRFToken": self.csrf} if csrf else {})}
            return self.client.open(url, method=method, json=api_body or {}, headers=headers)
        data = {"csrf_token": self.csrf} if csrf and method == "POST" else {}
        return self.client.open(url, method=method, data=data, headers=self.headers)


def outcome(response) -> str:
    status, location = response.status_code, response.headers.get("Location", "")
    if status == 302 and location.startswith("/login?next="):  # (signing out also ends on /login, without next)
        return "login"
    if status in (401, 403, 404):
        return str(status)
    if status in (200, 201, 302, 409, 422):
        return "allowed"
    return f"status {status}"


# Requests that change what later ones find: after the others, in this order.
LAST = ("finish-and-call-next", "pause", "sign-out", "delete", "revoke", "/logout")


def requests(app, world):
    """(method, url, policy, body) for every rule and method: GETs first, then POSTs, the disruptive last."""
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        values, path = dict(world["values"]), api_path(rule) or ""
        for prefix, extra in world["overrides"].items():
            if rule.endpoint.startswith(prefix) or path.startswith(prefix):
                values |= extra
        url = adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})
        body = world["bodies"].get(path or rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            last = next((i for i, word in enumerate(LAST) if word in url), -1) + 1
            found.append(((method == "POST", last, url), method, url, policy_of(rule), body))
    return [item[1:] for item in sorted(found, key=lambda item: item[0])]


def snapshot() -> dict:
    """Every row of every table, but the access log and devices' "last seen" (a GET may note those)."""
    db.session.expire_all()
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name == "audit_entry":
            continue
        columns = [c for c in table.columns if not (table.name == "device" and c.name == "last_seen_at")]
        rows[table.name] = sorted(map(tuple, db.session.execute(select(*columns)).all()), key=repr)
    return rows


@pytest.mark.parametrize("caller", CALLERS)
def test_every_rule_lets_in_exactly_who_it_should(app, client, login, world, caller):
    """Each caller gets its expected outcome on every GET and POST of the app; no GET changes anything."""
    who = Caller(app, client, login, world, caller)
    wrong, changed_by_get = [], None
    walk = requests(app, world)
    before = snapshot()
    for method, url, policy, body in walk:
        if method == "POST" and changed_by_get is None:
            changed_by_get = [name for name, rows in snapshot().items() if rows != before[name]]
        got, want = outcome(who.request(method, url, body)), expected(policy, caller)
        if got != want and not (want == "refused" and got in ("403", "404")):
            wrong.append(f"{method} {url} [{policy}]: {got}, expected {want}")
    assert wrong == [], "\n".join(wrong)
    assert changed_by_get == [], f"GET requests changed {changed_by_get}"
    assert len(walk) > 100


# ---- CSRF: every state change is a POST that carries the page's token ------------------------------------


def test_rules_answer_only_get_and_post(app):
    """No rule takes PUT, PATCH or DELETE: every change is a POST (what CSRF protection and the walk cover)."""
    methods = {method for rule in app.url_map.iter_rules() for method in rule.methods}
    assert methods <= {"GET", "HEAD", "OPTIONS", "POST"}


def test_every_post_without_the_csrf_token_is_refused_and_changes_nothing(app, client, login, world):
    """A signed-in manager's browser tricked into posting anywhere without the token: 400, nothing written."""
    who = Caller(app, client, login, world, "manager")
    before = snapshot()
    accepted = []
    for method, url, _policy, body in requests(app, world):
        if method != "POST" or url == API + "/auth/tokens":  # exchanging a password uses no cookie: no CSRF
            continue
        response = who.request(method, url, body, csrf=False)
        payload = response.get_json(silent=True) or {}
        if response.status_code != 400 or (payload and payload["error"]["code"] != "csrf"):
            accepted.append(f"{url}: {response.status_code}")
    assert accepted == [], "\n".join(accepted)
    assert snapshot() == before
    assert client.get("/counter/").status_code == 200  # still signed in: the refusals were CSRF, not logout


# ---- Socket.IO: who may listen where, and nobody calls a ticket over a socket -------------------------------

SCREEN_WATCHERS = {"manager", "clerk", "admin"}  # the hall's staff checking a screen
SOCKETS = {
    # (namespace, auth) -> who connects; everyone else is refused
    ("display", "hall"): set(DEVICES) | SCREEN_WATCHERS,
    ("display", "tablet"): {"rating_tablet", "rating_tablet_token"} | SCREEN_WATCHERS,
    ("counter", "none"): {"manager", "clerk", "other_manager"},  # a workstation of one's own hall
    ("counter", "hall"): {"manager", "admin"},  # a dashboard of a hall one configures
    ("cases", "none"): {"manager", "clerk", "officer", "other_manager"},  # cases of one's own hall
    ("resident", "ticket"): set(CALLERS),  # the ticket's private token is the key
    ("resident", "guess"): set(),
    ("resident", "none"): set(),
}


def socket_auth(world, auth: str):
    values = world["values"]
    return {
        "none": None,
        "hall": {"hall": "test"},
        "tablet": {"hall": "test", "tablet": values["counter_id"]},
        "ticket": {"ticket": values["token"]},
        "guess": {"ticket": "a-made-up-ticket-token"},
    }[auth]


def test_every_socket_namespace_refuses_the_wrong_callers(app, login, world):
    """/display, /counter, /cases and /resident each connect exactly the callers that may follow them."""
    from tests.conftest import IsolatedSocketClient

    wrong = []
    for caller in CALLERS:
        who = Caller(app, app.test_client(), login, world, caller)
        for (name, auth), allowed in SOCKETS.items():
            namespace = f"/{name}"
            socket = IsolatedSocketClient(
                app,
                namespace=namespace,
                auth=socket_auth(world, auth),
                flask_test_client=who.client,
                headers=who.headers,
            )
            connected = socket.is_connected(namespace)
            if connected != (caller in allowed):
                wrong.append(f"{caller} on {namespace} ({auth}): {'connected' if connected else 'refused'}")
            if connected:
                socket.disconnect(namespace=namespace)
    assert wrong == [], "\n".join(wrong)


def test_a_screen_cannot_call_or_change_tickets_over_its_socket(app, world, clock):
    """A paired hall screen that emits workstation-like events changes nothing; over the API it is a 401."""
    from tests.conftest import IsolatedSocketClient

    token = world["devices"]["hall_display"][1]
    headers = {"Authorization": f"Bearer {token}"}
    screen = IsolatedSocketClient(app, namespace=realtime.DISPLAY, auth={"hall": "test"}, headers=headers)
    assert screen.is_connected(realtime.DISPLAY)
    before = snapshot()
    for event in ("call_next", "call-next", "recall", "finish", "sign_in", "ticket_called", "issue", "status"):
        screen.emit(event, {"counter_id": world["values"]["counter_id"], "hall": "test"}, namespace=realtime.DISPLAY)
    screen.disconnect(namespace=realtime.DISPLAY)
    assert snapshot() == before
    client = app.test_client()
    for path in ("call-next", "tickets/{}/finish".format(world["values"]["ticket_id"])):
        response = client.post(f"{API}/counters/{world['values']['counter_id']}/{path}", headers=headers)
        assert response.status_code == 401, path
    assert db.session.get(Ticket, world["values"]["ticket_id"]).state == TicketState.CALLED


def test_a_clerk_cannot_act_at_a_window_they_are_not_signed_in_at(app, client, login, world, case_hall, clock):
    """Every POST on window 2 (clerk c2's) by clerk c1 is refused with 403, and c2's ticket stays put."""
    small = case_hall.small
    issue(small.hall, small.a, clock, staff_id=small.c2.id)
    called_at_w2 = call_next(small.w2, small.c2, clock)
    who = Caller(app, client, login, world, "clerk")
    adapter = app.url_map.bind("localhost")
    refused = []
    for rule in app.url_map.iter_rules():
        path = api_path(rule) or ""
        if not path.startswith("/counters/<counter_id>/") or path.endswith("/sign-in"):
            continue  # signing in elsewhere is how a clerk moves; it is not acting on another's ticket
        arguments = {"counter_id": small.w2.id, "ticket_id": called_at_w2.id, "action": "finish"}
        url = adapter.build(rule.endpoint, {name: arguments[name] for name in rule.arguments})
        response = who.request("POST", url, world["bodies"].get(path))
        refused.append((path, response.status_code))
    assert refused and all(status == 403 for _, status in refused), refused
    assert db.session.get(Ticket, called_at_w2.id).state == TicketState.CALLED


def test_socket_connections_from_another_site_are_refused(app, client, login, world):
    """A page elsewhere cannot open a clerk's socket with the clerk's cookie: only this site's origin connects."""
    login(world["people"]["clerk"])
    handshake = "/socket.io/?EIO=4&transport=polling"
    assert client.get(handshake, headers={"Origin": "https://evil.example"}).status_code == 400
    assert client.get(handshake, headers={"Origin": "http://localhost"}).status_code == 200
