"""Whatever writes a log line, full ID-card and mobile numbers reach the log masked."""

import logging

from hall import log_privacy

ID_NUMBER = "11010519491231002X"
PHONE = "13812341234"


def test_a_message_with_an_id_and_a_phone_is_masked(caplog):
    """An ID and a phone passed as log arguments come out with only their last four characters."""
    log_privacy.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info("applicant %s phone %s", ID_NUMBER, PHONE)
    assert caplog.records[-1].getMessage() == "applicant **************002X phone 138****1234"


def test_a_traceback_with_sql_parameters_is_masked(caplog):
    """A database error's parameters in a logged traceback do not reveal the numbers."""
    log_privacy.install()
    try:
        raise RuntimeError(f"[parameters: ('张三', '{ID_NUMBER}', '{PHONE}')]")
    except RuntimeError:
        logging.getLogger("hall.web.errors").exception("unhandled error")
    formatted = logging.Formatter().format(caplog.records[-1])
    assert "unhandled error" in formatted and "RuntimeError" in formatted
    assert ID_NUMBER not in formatted and PHONE not in formatted and "138****1234" in formatted


def test_installing_twice_masks_once(caplog):
    """create_app runs many times in one process; the factory is wrapped only once."""
    log_privacy.install()
    log_privacy.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("x").info("%s", PHONE)
    assert caplog.records[-1].getMessage() == "138****1234"


def test_ordinary_numbers_are_left_alone(caplog):
    """Ticket numbers, case numbers and counts are not mistaken for personal data."""
    log_privacy.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("x").info("A012 case test-20261123-0001 took 1234567 us")
    assert caplog.records[-1].getMessage() == "A012 case test-20261123-0001 took 1234567 us"
