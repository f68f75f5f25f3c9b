"""Logs never hold a full ID-card or mobile number, whoever writes the line.

Our own log lines mask personal data already, but a database error carries its SQL parameters into the
traceback, a sign-in lock names the username someone typed (a phone number, as often as not), and a library
may log a request body. Rather than trusting every call site, one log-record factory, installed once per
process, masks anything shaped like a resident ID (15 or 18 characters) or a mainland mobile number in the
message and in the formatted traceback before any handler sees the record.
"""

import logging
import re

from hall.services.identity import mask_id, mask_phone

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")

_installed = False


def redact(text: str) -> str:
    text = _ID.sub(lambda match: mask_id(match.group(1)), text)
    return _PHONE.sub(lambda match: mask_phone(match.group(1)), text)


def install() -> None:
    """Wrap the process's log-record factory (idempotent: create_app may run many times in one process)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def redacting_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed format string: leave it for logging's own error report
            return record
        record.msg, record.args = redact(message), ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(redacting_record)
    _installed = True
