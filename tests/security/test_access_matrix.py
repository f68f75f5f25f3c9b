"""Who may do what, for the whole app: every URL rule × every kind of caller.

The rules come from ``app.url_map``: a new endpoint that is not classified in ``policy_of``
(tests/security/policies.py, which also says what each policy means for each caller) fails
``test_every_rule_is_classified``. The same walk, without the CSRF token, must be refused and change nothing.
The Socket.IO namespaces are tests/security/test_socket_access.py.

The hall requires registered devices (the production default). Callers: anonymous, the county administrator,
the hall's manager, clerk (signed in at window 1) and officer (civil affairs, which owns the case), another
hall's manager, and the hall's four kinds of device, each once as a paired browser (cookie) and once as device
software (bearer token). Finer distinctions of one area keep their own tests: officers of another department
(tests/hall/web/cases/test_permission_matrix.py), the management pages' contents (tests/hall/web/manage/).
"""

import pytest

from hall.extensions import db
from hall.models import Ticket, TicketState
from tests.hall.services.helpers import call_next, issue
from tests.security.callers import Caller, outcome, requests, snapshot
from tests.security.policies import API, CALLERS, api_path, expected, policy_of


def test_every_rule_is_classified(app):
    """A new page or API endpoint must say who may use it here before it can ship."""
    unclassified = [rule.rule for rule in app.url_map.iter_rules() if policy_of(rule) is None]
    assert unclassified == [], "classify these in tests/security/policies.py: " + ", ".join(unclassified)


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


# ---- windows: acting at one is for the clerk signed in there ---------------------------------------------


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
