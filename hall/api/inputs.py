"""Reading requests at the edge: the fields request schemas are made of, and the parser that applies them.

The same field objects validate a request and describe it in the OpenAPI document (``Length``, ``Range`` and
``OneOf`` validators become ``maxLength``, ``minimum`` and ``enum``), so the two cannot drift apart. Their
errors name the field in the reader's language (``service_id is required.``), never echo the value sent,
and reach the client as ``422 {"error": {"code": "invalid", "details": {"field": ...}}}``.
"""

import unicodedata

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from hall.errors import DomainError, ValidationFailed
from hall.web.converters import MAX_ID

# Characters nobody types: C0/C1 controls (a NUL also breaks PostgreSQL text) and lone surrogates (which
# cannot be encoded as UTF-8). Tabs and line breaks are allowed where a field is multi-line.
_UNTYPABLE = {"Cc", "Cs"}
_LINE_BREAKS = frozenset("\t\n\r")
# The same rule for the OpenAPI document (Cc is U+0000-U+001F and U+007F-U+009F).
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
MULTILINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


class MalformedBody(DomainError):
    """The body is not JSON at all (as opposed to JSON of the wrong shape, which is a 422)."""

    code = "malformed_json"
    status = 400


class _Named:
    """Error messages that name the field, built when the error happens (so in the request's language)."""

    def _problem(self, key: str):
        name = self.data_key or self.name
        if key in ("required", "null"):
            return _l("%(field)s is required.", field=name)
        return self._invalid(name)

    def _invalid(self, name: str):
        return _l("%(field)s is not valid.", field=name)

    def make_error(self, key: str, **kwargs) -> ma.ValidationError:
        return ma.ValidationError(str(self._problem(key)))

    def _validate(self, value) -> None:
        # The validators are there to document the limits; their own (English) messages are replaced.
        try:
            super()._validate(value)
        except ma.ValidationError:
            raise ma.ValidationError(str(self._out_of_bounds(self.data_key or self.name))) from None

    def _out_of_bounds(self, name: str):
        return self._invalid(name)


class Whole(_Named, ma.fields.Integer):
    """A whole number in ``[minimum, maximum]`` (an id by default). JSON numbers only: no "12", no 12.0."""

    def __init__(self, *, minimum: int = 1, maximum: int = MAX_ID, message=None, **kwargs):
        self._message = message
        super().__init__(strict=True, validate=ma.validate.Range(minimum, maximum), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)

    def _invalid(self, name: str):
        return self._message or _l("%(field)s must be a whole number.", field=name)

    def _out_of_bounds(self, name: str):
        return self._message or _l("%(field)s is out of range.", field=name)


class Text(_Named, ma.fields.String):
    """Text of at most ``max_length`` characters, trimmed; ``required`` means it must not be blank either.

    ``message``, where given, is the one answer to every problem (e.g. a resident's prompt at the kiosk).
    """

    def __init__(self, *, max_length: int, multiline: bool = False, message=None, **kwargs):
        self.max_length = max_length
        self.multiline = multiline
        self._message = message
        minimum = 1 if kwargs.get("required") else None
        if not kwargs.get("required"):
            kwargs.setdefault("load_default", "")
            kwargs.setdefault("allow_none", True)  # null is taken as absent, as it always was
        metadata = kwargs.setdefault("metadata", {})
        metadata.setdefault("description", _describe(max_length, multiline))
        metadata["pattern"] = MULTILINE_PATTERN if multiline else LINE_PATTERN
        super().__init__(validate=ma.validate.Length(min=minimum, max=max_length), **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        text = super().deserialize(value, attr, data, **kwargs)
        return "" if text is None else text

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        name = self.data_key or self.name
        if len(value) > self.max_length:
            raise ma.ValidationError(str(self._out_of_bounds(name)))
        allowed = _LINE_BREAKS if self.multiline else frozenset()
        if any(unicodedata.category(c) in _UNTYPABLE and c not in allowed for c in value):
            raise ma.ValidationError(
                str(self._message or _l("%(field)s contains characters that cannot be typed.", field=name))
            )
        value = value.strip()
        if self.required and not value:
            raise self.make_error("required")
        return value

    def _validate(self, value) -> None:
        if value:  # blank optional text is simply absent; the length was checked before trimming
            super()._validate(value)

    def _problem(self, key: str):
        return self._message or super()._problem(key)

    def _invalid(self, name: str):
        return _l("%(field)s must be text.", field=name)

    def _out_of_bounds(self, name: str):
        return self._message or _l(
            "%(field)s is too long (at most %(max)s characters).", field=name, max=self.max_length
        )


def _describe(max_length: int, multiline: bool) -> str:
    lines = "; tabs and line breaks allowed" if multiline else ""
    return f"Trimmed; at most {max_length} characters; no control characters{lines}."


class Choice(_Named, ma.fields.String):
    """One of a fixed set of words."""

    def __init__(self, choices, **kwargs):
        self.choices = [getattr(c, "value", c) for c in choices]
        super().__init__(validate=ma.validate.OneOf(self.choices), **kwargs)

    def _invalid(self, name: str):
        return _l("%(field)s must be one of: %(choices)s.", field=name, choices=", ".join(self.choices))


class Flag(_Named, ma.fields.Boolean):
    """true or false (JSON booleans only: not "yes", not 1)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value

    def _invalid(self, name: str):
        return _l("%(field)s must be true or false.", field=name)


class Picks(_Named, ma.fields.List):
    """A short list of words from a fixed set (e.g. a rating's reasons)."""

    def __init__(self, choices, *, max_items: int, message, **kwargs):
        self._message = message
        super().__init__(Choice(choices), validate=ma.validate.Length(max=max_items), **kwargs)

    def _problem(self, key: str):
        return self._message

    def _out_of_bounds(self, name: str):
        return self._message


class Body(ma.Schema):
    """A JSON request body. Unknown members are ignored, as before schemas (clients may send more)."""

    class Meta:
        unknown = ma.EXCLUDE


def first_problem(messages) -> tuple[str | None, str]:
    """The first field that failed and its message, from marshmallow's nested error dictionary."""
    field = None
    while isinstance(messages, dict) and messages:
        key, messages = next(iter(messages.items()))
        if isinstance(key, str) and key not in ("json", "query", "querystring", "_schema"):
            field = field or key
    while isinstance(messages, list | tuple) and messages:
        messages = messages[0]
    if field is None:  # the body as a whole: not an object (a list, a string, null)
        return None, str(_l("The request body must be a JSON object."))
    return field, messages if isinstance(messages, str) else str(_l("%(field)s is not valid.", field=field))


class Parser(FlaskParser):
    """webargs, answering in our error format instead of its own ``{"messages": ...}`` 422."""

    def _raw_load_json(self, req):
        data = req.get_data(cache=True)
        if not data:
            return core.missing  # an empty body is an empty object: every field takes its default
        if not is_json_request(req):
            raise ValidationFailed(_l("The request body must be a JSON object."))
        try:
            return core.parse_json(data)
        except (ValueError, RecursionError):
            # Broken syntax or bytes, but also a 5000-digit number or arrays nested beyond Python's stack.
            raise MalformedBody(_l("The request body is not valid JSON.")) from None

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        field, message = first_problem(error.messages)
        if field is None:
            raise ValidationFailed(message)
        raise ValidationFailed(message, field=field)
