"""Callers of the access walks and what they walk: a test client as one kind of caller, every rule's requests in
an order where none spoils a later one, the outcome of each, and a snapshot of the database to see that a
request changed nothing.
"""

from sqlalchemy import select

from hall.extensions import db
from tests.conftest import csrf_token
from tests.security.policies import API, api_path, kind_of, policy_of


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
