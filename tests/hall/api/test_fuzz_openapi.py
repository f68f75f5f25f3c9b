"""Property-based fuzzing of /api/v1 from the app's own OpenAPI document: no 5xx, answers as documented.

Schemathesis reads /api/v1/openapi.json from the app (in-process WSGI, no network) and, for every operation,
generates requests from the documented schemas: valid ones (positive) and ones that break a documented rule
(negative). Each is sent with real credentials (a clerk's staff token, a kiosk's and a rating tablet's device
tokens), once with the URL's ids and codes generated and once pointing at the real hall, window and
tickets, so that the success paths are reached too. Every answer must be documented (status, content type,
body schema), no answer may be a 5xx, and data that breaks a documented rule must be refused.

Hypothesis is derandomized (the same examples every run); ``HALL_FUZZ_EXAMPLES`` raises the number of
examples per operation and ``HALL_FUZZ_SEED`` picks other ones, for a longer hunt on a developer's machine.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hall.db import write_transaction
from hall.extensions import db
from hall.models import Counter, CounterState, DeviceKind, Hall, Service, Staff
from hall.services import counters
from hall.services.admin import devices
from hall.services.counter_access import active_ticket
from tests.conftest import REQUEST_THREAD
from tests.hall.services import helpers

EXAMPLES = int(os.environ.get("HALL_FUZZ_EXAMPLES", "8"))
# Another seed explores other examples (a local hunt); without one every run sends the same requests.
SEED = os.environ.get("HALL_FUZZ_SEED")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=SEED is None,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as generated
    suppress_health_check=list(HealthCheck),
)


def device_token(hall, manager, clock, kind, counter=None) -> str:
    with write_transaction():
        _, code = devices.register(
            actor_id=manager.id,
            hall_id=hall.id,
            kind=kind,
            name=kind.value,
            counter_id=counter.id if counter else None,
            now=clock(),
        )
    with write_transaction():
        _, token = devices.pair(hall_id=hall.id, code=code, now=clock())
    return token


@pytest.fixture
def fuzz_hall(small_hall, client, clock):
    """small_hall with a finished ticket (to rate), a staff token for clerk 1 and two device tokens."""
    h = small_hall
    finished = helpers.issue(h.hall, h.a, clock)
    helpers.call_next(h.w1, h.c1, clock)
    helpers.act(helpers.counter_actions.finish, finished, h.w1, h.c1, clock)
    response = client.post("/api/v1/auth/tokens", json={"username": "c1", "password": "correct horse battery"})
    credentials = {
        "staff": response.get_json()["token"],
        "kiosk": device_token(h.hall, h.manager, clock, DeviceKind.KIOSK),
        "tablet": device_token(h.hall, h.manager, clock, DeviceKind.RATING_TABLET, h.w1),
    }
    db.session.commit()  # end the test's read transaction: the requests write from another thread
    return credentials, finished.token


def reset(app, ids: dict, clock, rated_token: str) -> dict:
    """Clerk 1 open at window 1 holding a called ticket, a waiting and a missed ticket: the real URL values.

    Run before each operation's examples, so that earlier operations (sign-out, pause, finish ...) do not
    leave the success paths of later ones unreachable.
    """
    with app.app_context():
        hall, a = db.session.get(Hall, ids["hall"]), db.session.get(Service, ids["a"])
        w1, w2 = db.session.get(Counter, ids["w1"]), db.session.get(Counter, ids["w2"])
        c1, c2 = db.session.get(Staff, ids["c1"]), db.session.get(Staff, ids["c2"])
        with write_transaction():
            counters.sign_in(counter_id=w1.id, staff_id=c1.id, now=clock(), take_over=True)
            counters.sign_in(counter_id=w2.id, staff_id=c2.id, now=clock(), take_over=True)
        for window, clerk in ((w1, c1), (w2, c2)):
            if db.session.get(Counter, window.id).state == CounterState.PAUSED:
                with write_transaction():
                    counters.resume(counter_id=window.id, staff_id=clerk.id, now=clock())
        at_window = active_ticket(w1.id)
        if at_window is None:
            helpers.issue(hall, a, clock)
            at_window = helpers.call_next(w1, c1, clock)
        if active_ticket(w2.id) is None:
            helpers.issue(hall, a, clock)
            helpers.call_next(w2, c2, clock)
        missed = helpers.act(helpers.counter_actions.no_show, active_ticket(w2.id), w2, c2, clock)
        waiting = helpers.issue(hall, a, clock)
        values = {"code": hall.code, "counter_id": w1.id, "number": w1.number, "token": rated_token}
        tickets = {"at_window": at_window.id, "waiting": waiting.id, "missed": missed.id}
        return values | tickets | {"waiting_number": waiting.number}


def anchors(operation, values: dict) -> dict:
    """The real values for the operation's path parameters (the ticket depends on what is done to it)."""
    path = operation.path
    found = {name: value for name, value in values.items() if "{" + name + "}" in path}
    if "{ticket_id}" in path:
        if path.startswith("/api/v1/counters/"):
            found["ticket_id"] = values["at_window"]
        else:
            found["ticket_id"] = values["missed"] if path.endswith("/reactivate") else values["waiting"]
    return found


def who_calls(operation) -> list[str]:
    """The credentials each operation is fuzzed with: staff always, a kiosk where no sign-in is needed."""
    who = ["staff"]
    if operation.definition.raw.get("x-public"):
        who.append("kiosk")
    if operation.path.endswith("/rating-request"):
        who.append("tablet")
    return who


def fuzz(operation, mode, headers, path_parameters, body_values) -> str | None:
    """Run one operation's generated cases; the first failure, described, or None.

    With ``body_values``, valid bodies get real ids and numbers in place of the generated ones, so that
    issuing, transfers and calling a number can succeed as well as fail.
    """
    strategy = operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=path_parameters)

    def run(case):
        if body_values and mode == schemathesis.GenerationMode.POSITIVE and isinstance(case.body, dict):
            case.body.update({name: value for name, value in body_values.items() if name in case.body})
        case.call_and_validate(checks=CHECKS)

    run = given(case=strategy)(run)
    run = FUZZ(seed(int(SEED))(run) if SEED else run)

    try:
        run()
    except (Exception, BaseExceptionGroup) as failure:  # schemathesis reports its findings as a group
        where = "real ids" if path_parameters else "generated ids"
        return f"{operation.label} [{mode.value}, {where}]: {str(failure)[:2000]}"
    return None


def test_every_operation_answers_as_documented_to_generated_requests(app, small_hall, clock, fuzz_hall):
    """Hundreds of generated requests: no 5xx, every status, header and body as the OpenAPI document says."""
    credentials, rated_token = fuzz_hall
    h = small_hall
    ids = {"hall": h.hall.id, "a": h.a.id, "b": h.b.id, "w1": h.w1.id, "w2": h.w2.id, "c1": h.c1.id, "c2": h.c2.id}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Revoking the staff token would lock the fuzzer out of every later operation: it goes last.
    operations.sort(key=lambda operation: operation.path.endswith("/revoke"))
    assert len(operations) >= 20

    def campaign():
        failures = []
        for operation in operations:
            for who in who_calls(operation):
                headers = {"Authorization": f"Bearer {credentials[who]}"}
                for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
                    values = reset(app, ids, clock, rated_token)
                    real = anchors(operation, values)
                    body_values = {"service_id": ids["b"], "number": values["waiting_number"]}
                    failures.append(fuzz(operation, mode, headers, {}, None))
                    if real:
                        failures.append(fuzz(operation, mode, headers, real, body_values))
        return [failure for failure in failures if failure]

    failures = REQUEST_THREAD.submit(campaign).result()
    assert failures == [], "\n\n".join(failures)
