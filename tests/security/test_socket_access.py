"""Socket.IO: who may listen where, and nobody calls a ticket over a socket.

Every caller of the access matrix (tests/security/policies.py) tries every namespace with each kind of
``auth``; a paired screen emits workstation-like events; a page of another site tries a clerk's socket.
"""

from hall import realtime
from hall.extensions import db
from hall.models import Ticket, TicketState
from tests.conftest import IsolatedSocketClient
from tests.security.callers import Caller, snapshot
from tests.security.policies import API, CALLERS, DEVICES

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


def test_socket_connections_from_another_site_are_refused(app, client, login, world):
    """A page elsewhere cannot open a clerk's socket with the clerk's cookie: only this site's origin connects."""
    login(world["people"]["clerk"])
    handshake = "/socket.io/?EIO=4&transport=polling"
    assert client.get(handshake, headers={"Origin": "https://evil.example"}).status_code == 400
    assert client.get(handshake, headers={"Origin": "http://localhost"}).status_code == 200
