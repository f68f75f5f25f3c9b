"""Applicants' identity data: checked where it enters, masked wherever the public or a log can see it.

``normalize_id`` and ``normalize_phone`` are the edge: what a clerk types (spaces, full-width digits from a
Chinese input method, a lowercase x) becomes one canonical form, or a ``ValidationFailed`` that tells the clerk
what to fix. The ``mask_*`` functions de-identify for screens, paper and logs (GB/T 35273 §7.2; DESIGN.md,
Privacy): a name keeps its first character, a phone its first three and last four digits, an ID number its
last four characters. Error messages never repeat the number, so they are safe to log.
"""

import enum
import re
import unicodedata
from datetime import date
from typing import NoReturn

from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed


class IdType(enum.StrEnum):
    RESIDENT_ID = "resident_id"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    FOREIGN_PERMANENT = "foreign_permanent"
    PASSPORT = "passport"
    OTHER = "other"


ID_TYPE_LABELS: dict[IdType, str] = {
    IdType.RESIDENT_ID: "居民身份证",
    IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    IdType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    IdType.PASSPORT: "护照",
    IdType.OTHER: "其他证件",
}

# GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.
_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"

# [0-9] rather than \d: \d also matches digits of other scripts, which no Chinese document uses.
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_OLD_RESIDENT_ID = re.compile(r"[0-9]{15}")
_HK_MACAO_PERMIT = re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?")  # the last two digits count reissues
_TAIWAN_PERMIT = re.compile(r"[0-9]{8}")
_FOREIGN_PERMANENT_2017 = re.compile(r"[A-Z]{3}[0-9]{12}")
_FOREIGN_PERMANENT_2023 = re.compile(r"9[0-9]{16}[0-9X]")  # built like a resident ID card number
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_OTHER_MAX_LENGTH = 32

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_NOT_DIGIT = re.compile(r"[^0-9]")


def _fail(field: str, message) -> NoReturn:
    raise ValidationFailed(message, field=field)


def _canonical(text: str) -> str:
    # NFKC turns full-width digits, letters and brackets (typed with a Chinese input method) into ASCII.
    return unicodedata.normalize("NFKC", text or "")


def normalize_id(id_type: IdType | str, number: str, *, today: date | None = None) -> str:
    """The ID number in canonical form (no spaces, upper case), or ``ValidationFailed`` on ``id_number``.

    A resident ID card number (居民身份证号码, GB 11643-1999) must have 18 characters, a real date of birth
    between 1900 and ``today`` and a correct check digit. The other document types get format checks only.
    """
    try:
        id_type = IdType(id_type)
    except ValueError:
        _fail("id_type", _l("Choose the kind of identity document."))
    number = "".join(_canonical(number).split()).upper()
    if not number:
        _fail("id_number", _l("Enter the ID number."))
    today = today or date.today()
    match id_type:
        case IdType.RESIDENT_ID:
            _check_resident_id(number, today)
        case IdType.HK_MACAO_PERMIT:
            if not _HK_MACAO_PERMIT.fullmatch(number):
                _fail(
                    "id_number",
                    _l("A Hong Kong or Macao residents' permit number is H or M followed by 8 or 10 digits."),
                )
        case IdType.TAIWAN_PERMIT:
            if not _TAIWAN_PERMIT.fullmatch(number):
                _fail("id_number", _l("A Taiwan residents' permit number has 8 digits."))
        case IdType.FOREIGN_PERMANENT:
            if _FOREIGN_PERMANENT_2023.fullmatch(number):
                _check_birth_date_and_check_digit(number, today)
            elif not _FOREIGN_PERMANENT_2017.fullmatch(number):
                _fail(
                    "id_number",
                    _l(
                        "A foreign permanent resident ID card number is 3 letters and 12 digits, or on cards "
                        "issued since 2023 18 characters starting with 9."
                    ),
                )
        case IdType.PASSPORT:
            if not _PASSPORT.fullmatch(number):
                _fail("id_number", _l("A passport number has 5 to 17 letters and digits."))
        case IdType.OTHER:
            if len(number) > _OTHER_MAX_LENGTH or not number.isprintable():
                _fail(
                    "id_number",
                    _l("An ID number has at most %(max)s characters and no control characters.", max=_OTHER_MAX_LENGTH),
                )
    return number


def _check_resident_id(number: str, today: date) -> None:
    if _OLD_RESIDENT_ID.fullmatch(number):
        _fail(
            "id_number",
            _l(
                "This is an old 15-digit ID card number, which is no longer valid; "
                "please enter the 18-character number on the current ID card."
            ),
        )
    if len(number) != 18:
        _fail("id_number", _l("An ID card number has 18 characters; this one has %(count)s.", count=len(number)))
    if not _RESIDENT_ID.fullmatch(number):
        _fail("id_number", _l("An ID card number is 17 digits followed by a digit or the letter X."))
    _check_birth_date_and_check_digit(number, today)


def _check_birth_date_and_check_digit(number: str, today: date) -> None:
    # The date first: a typo there also breaks the check digit, and the date message says where to look.
    born = _birth_date(number)
    if born is None:
        _fail(
            "id_number",
            _l("The date of birth in the ID card number (characters 7 to 14) is not a real date; please check it."),
        )
    if born > today:
        _fail("id_number", _l("The date of birth in the ID card number is in the future; please check the number."))
    if born.year < 1900:
        _fail("id_number", _l("The date of birth in the ID card number is before 1900; please check the number."))
    if _check_digit(number[:17]) != number[17]:
        _fail("id_number", _l("The ID card number's check digit is wrong; please check the number."))


def _check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _CHECK_WEIGHTS, strict=True))
    return _CHECK_CHARACTERS[total % 11]


def _birth_date(number: str) -> date | None:
    digits = number[6:14]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def birth_date_from_resident_id(number: str, *, today: date | None = None) -> date:
    """The holder's date of birth; ``ValidationFailed`` if ``number`` is not a valid resident ID card number."""
    return _birth_date(normalize_id(IdType.RESIDENT_ID, number, today=today))


def normalize_phone(number: str) -> str:
    """A mainland phone number in canonical form, or ``ValidationFailed`` on ``phone``.

    Mobiles come back as 11 digits (``13812341234``); a +86, 0086 or 86 prefix, spaces, dashes and brackets
    are dropped. Landlines come back as the area code, one dash, and the local number of 7 or 8 digits
    (``0571-88001234``, ``010-88001234``). The area code is read from the number itself, so it may be typed
    without a dash: it has three characters for 010 and 020–029 and four for every other area. Service
    numbers (95xxx, 400) and extensions are not accepted: they do not reach one person.
    """
    digits = _PHONE_SEPARATORS.sub("", _canonical(number))
    if not digits:
        _fail("phone", _l("Enter a phone number."))
    dialled_from_abroad = digits.startswith(("+86", "0086"))
    if dialled_from_abroad:
        digits = digits.removeprefix("+86").removeprefix("0086")
    elif len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    if not digits.isascii() or not digits.isdigit():
        _fail("phone", _l("A phone number has digits only (spaces, dashes and a +86 prefix are fine)."))
    if dialled_from_abroad and not digits.startswith(("0", "1")):
        digits = "0" + digits  # the trunk 0 of the area code is left out after +86
    if digits.startswith("1"):
        if len(digits) != 11:
            _fail("phone", _l("A mobile number has 11 digits; this one has %(count)s.", count=len(digits)))
        if not _MOBILE.fullmatch(digits):
            _fail("phone", _l("A mobile number starts with 13 to 19; please check the number."))
        return digits
    if digits.startswith("0") and len(digits) > 2:
        area_length = 3 if digits[1] in "12" else 4
        area, local = digits[:area_length], digits[area_length:]
        if len(local) in (7, 8) and local[0] not in "01":
            return f"{area}-{local}"
        _fail(
            "phone",
            _l("A landline number is the area code (such as 0571) and 7 or 8 digits; please check the number."),
        )
    _fail(
        "phone",
        _l("Enter an 11-digit mobile number or a landline number with its area code (such as 0571-88001234)."),
    )


def mask_name(name: str) -> str:
    """The first character and one asterisk per other character: 张三丰 → 张**, John → J***.

    A one-character name becomes ``*``: showing it would show the whole name.
    """
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """138****1234 for a mobile, 0571-****1234 for a landline (area code and last four digits kept).

    Accepts the number in any form ``normalize_phone`` accepts; of anything else only the digits are kept,
    all masked but the last four, so a malformed number never shows more than a well-formed one.
    """
    if not phone:
        return ""
    try:
        phone = normalize_phone(phone)
    except ValidationFailed:
        return _mask_short_safe(_NOT_DIGIT.sub("", phone))
    area, _, local = phone.rpartition("-")
    if area:
        return f"{area}-{_mask_all_but_last(local, 4)}"
    return phone[:3] + _mask_all_but_last(phone[3:], 4)


def mask_id(number: str) -> str:
    """The ID number with all but its last four characters replaced by asterisks (same length).

    Short numbers of other document types keep at most half their characters.
    """
    return _mask_short_safe((number or "").strip())


def last4_phone(phone: str) -> str:
    """The last four digits of a phone number, which residents type to look up their case's progress."""
    return _NOT_DIGIT.sub("", phone or "")[-4:]


def _mask_all_but_last(text: str, keep: int) -> str:
    return "*" * (len(text) - keep) + text[len(text) - keep :]


def _mask_short_safe(text: str) -> str:
    # The last four characters, but never more than half: a 5-character number would be nearly all shown.
    return _mask_all_but_last(text, min(4, len(text) // 2))
