"""The API's OpenAPI document: valid OpenAPI 3, complete, generated from the schemas that validate requests."""

import re

import pytest
from openapi_spec_validator import validate

from hall.api import bodies

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# The document itself and the page that shows it are served under /api/v1 but are not API operations.
DOCS_BLUEPRINT = "api-docs"


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi_3(document):
    """A client generator or validator accepts the document as OpenAPI 3.0."""
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_api_rule_of_the_app_is_documented_with_its_methods(app, document):
    """No endpoint under /api/v1 is missing from the document, nor any of its methods."""
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith(f"{DOCS_BLUEPRINT}."):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        documented = {method.upper() for method in document["paths"].get(path, {}) if method != "parameters"}
        if not (rule.methods & METHODS) <= documented:
            missing.append((rule.endpoint, path, sorted(rule.methods & METHODS)))
    assert missing == []
    assert len(document["paths"]) >= 20


def test_both_token_kinds_and_the_browser_session_are_security_schemes(document):
    """Staff tokens, device tokens and the session with its CSRF header are described, and every operation
    says which of them it accepts."""
    schemes = document["components"]["securitySchemes"]
    assert schemes["staffToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["staffToken"]["description"],
    }
    assert schemes["deviceToken"]["bearerFormat"].startswith("dev-")
    assert schemes["csrfToken"] == {**schemes["csrfToken"], "in": "header", "name": "X-CSRFToken"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                assert "security" in operation and "x-public" in operation, (method, path)


def operation(document, method, path):
    return document["paths"][path][method]


def test_public_operations_are_marked_and_clerk_operations_are_not(document):
    """The kiosk, screens and resident pages need no sign-in; a window's actions need a clerk."""
    public = {
        ("get", "/api/v1/halls/{code}/menu"),
        ("get", "/api/v1/halls/{code}/snapshot"),
        ("post", "/api/v1/halls/{code}/tickets"),
        ("get", "/api/v1/tickets/{token}"),
        ("post", "/api/v1/tickets/{token}/rating"),
        ("post", "/api/v1/auth/tokens"),
    }
    for method, path in public:
        assert operation(document, method, path)["x-public"] is True, path
    for method, path in (("get", "/api/v1/counters/{counter_id}"), ("post", "/api/v1/counters/{counter_id}/call-next")):
        staff = operation(document, method, path)
        assert staff["x-public"] is False and {} not in staff["security"], path
    assert {} in operation(document, "get", "/api/v1/halls/{code}/menu")["security"]
    assert operation(document, "post", "/api/v1/auth/tokens")["security"] == []


def test_request_limits_in_the_document_are_the_ones_enforced(document, client):
    """The documented limits come from the validating schemas: one character more is refused."""
    issue = document["components"]["schemas"]["IssueBody"]
    assert issue["required"] == ["service_id"]
    assert issue["properties"]["service_id"] | {"minimum": 1, "maximum": 2**31 - 1} == issue["properties"]["service_id"]
    assert issue["properties"]["priority"]["enum"] == ["normal", "green"]
    limit = issue["properties"]["identity"]["maxLength"]
    assert limit == bodies.IssueBody().fields["identity"].max_length == 40
    call = document["components"]["schemas"]["CallNumberBody"]
    assert call["properties"]["number"]["maxLength"] == 8 and call["required"] == ["number"]


def test_every_error_answer_is_documented_with_the_error_shape(document):
    """Each documented error status refers to one error schema: {"error": {"code", "message", "details"}}."""
    responses = document["components"]["responses"]
    for path, item in document["paths"].items():
        for method, operation_ in item.items():
            if method == "parameters":
                continue
            statuses = set(operation_["responses"])
            assert {"400", "401", "404", "413", "503"} <= statuses, (method, path)
            for status, answer in operation_["responses"].items():
                if int(status) >= 400:
                    name = answer["$ref"].rsplit("/", 1)[-1]
                    assert responses[name]["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorReply"
                    }
    error = document["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["code", "message"] and "details" in error["properties"]


def test_the_docs_page_is_served_from_the_app_without_inline_scripts(client):
    """/api/v1/docs loads Swagger UI from this server (no CDN) and starts it with a script file."""
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    sources = re.findall(r'<script src="([^"]+)"></script>', html)
    assert sources == ["/static/vendor/swagger-ui-bundle.js", "/api/v1/docs/docs.js"]
    assert "<script>" not in html and "http" not in html.replace("/api/v1/openapi.json", "")
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    script = client.get("/api/v1/docs/docs.js")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.get_data(as_text=True)
