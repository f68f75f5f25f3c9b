"""Refuse control characters in any request before a view sees them.

PostgreSQL cannot store a NUL byte in text (psycopg raises DataError, a 500 to the user), and the Excel
writer refuses other C0 control characters in a cell, so a name pasted with a stray ``\\x0b`` would break next
month's report. Tab, newline and carriage return are ordinary typing and pass. One check at the edge covers
pages, forms, JSON bodies and URLs alike, and answers in the user's language.
"""

import re

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a JSON body a control character may arrive escaped ("\u0000") or raw.
JSON_CONTROL = re.compile(rb"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ControlCharacters(ValidationFailed):
    code = "invalid_characters"
    status = 400


def _texts():
    yield request.path
    for source in (request.args, request.form):
        for values in source.listvalues():
            yield from values


def refuse_control_characters() -> None:
    if any(CONTROL.search(text) for text in _texts()) or (
        request.is_json and JSON_CONTROL.search(request.get_data(cache=True))
    ):
        raise ControlCharacters(
            _l("The text contains invisible control characters that cannot be stored. Please retype it.")
        )


def register(app: Flask) -> None:
    app.before_request(refuse_control_characters)
