"""Identity data at the edge: ID and phone numbers checked and normalised, names and numbers masked.

Valid resident ID card numbers are built here with their check digit computed independently of the module
(GB 11643-1999, ISO 7064 MOD 11-2), so a wrong implementation cannot agree with itself.
"""

from datetime import date

import pytest

from hall.errors import ValidationFailed
from hall.services.identity import (
    ID_TYPE_LABELS,
    IdType,
    birth_date_from_resident_id,
    last4_phone,
    mask_id,
    mask_name,
    mask_phone,
    normalize_id,
    normalize_phone,
)

TODAY = date(2026, 11, 23)


def resident_id(region: str, born: str, sequence: str) -> str:
    """An 18-character resident ID card number with a correct check digit."""
    first17 = region + born + sequence
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    remainder = sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11
    return first17 + "10X98765432"[remainder]


def with_wrong_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def id_error(number: str, id_type=IdType.RESIDENT_ID) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as raised:
        normalize_id(id_type, number, today=TODAY)
    assert raised.value.details["field"] == "id_number"
    return raised.value


def phone_error(number: str) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as raised:
        normalize_phone(number)
    assert raised.value.details["field"] == "phone"
    return raised.value


# The example number printed in GB 11643-1999 itself.
STANDARD_EXAMPLE = "11010519491231002X"
VALID = resident_id("330106", "19850517", "451")


def test_the_standard_example_ends_in_x():
    """The test's own check-digit computation agrees with the standard's printed example."""
    assert resident_id("110105", "19491231", "002") == STANDARD_EXAMPLE


def test_valid_resident_ids_are_accepted_unchanged():
    """Correct 18-character numbers, including one ending in X, are accepted as typed."""
    for number in (VALID, STANDARD_EXAMPLE, resident_id("440524", "20001231", "001")):
        assert normalize_id(IdType.RESIDENT_ID, number, today=TODAY) == number


def test_lowercase_x_and_spaces_are_normalised():
    """A clerk may type a lowercase x and spaces; the stored number is upper case without spaces."""
    typed = "110105 19491231 002x"
    assert normalize_id(IdType.RESIDENT_ID, typed, today=TODAY) == STANDARD_EXAMPLE


def test_full_width_digits_from_a_chinese_input_method_are_accepted():
    """Digits typed in full width (１１０…) count as ordinary digits."""
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in STANDARD_EXAMPLE)
    assert normalize_id(IdType.RESIDENT_ID, full_width, today=TODAY) == STANDARD_EXAMPLE


def test_the_type_may_be_given_as_its_stored_value():
    """A form posts "resident_id"; it means the same as IdType.RESIDENT_ID."""
    assert normalize_id("resident_id", VALID, today=TODAY) == VALID


def test_unknown_document_type_is_refused_on_its_own_field():
    """An unknown document type is reported on the type field, not on the number."""
    with pytest.raises(ValidationFailed) as raised:
        normalize_id("driving_licence", VALID, today=TODAY)
    assert raised.value.details["field"] == "id_type"


def test_wrong_check_digit_is_refused():
    """A mistyped number whose check digit does not fit is refused with a message saying so."""
    error = id_error(with_wrong_check_digit(VALID))
    assert str(error) == "The ID card number's check digit is wrong; please check the number."


def test_swapped_digits_are_caught_by_the_check_digit():
    """Two neighbouring digits typed the wrong way round are caught."""
    swapped = VALID[:14] + VALID[15] + VALID[14] + VALID[16:]
    assert swapped != VALID
    assert "check digit" in str(id_error(swapped))


def test_impossible_birth_date_is_refused():
    """30 February 1990 is not a date: the clerk is told to look at the date of birth."""
    error = id_error(resident_id("330106", "19900230", "451"))
    assert "not a real date" in str(error)
    assert "7 to 14" in str(error)


def test_future_birth_date_is_refused():
    """A date of birth after today is refused."""
    assert "in the future" in str(id_error(resident_id("330106", "20261124", "451")))


def test_a_baby_born_today_is_accepted():
    """A newborn registered on the day of birth (e.g. for medical insurance) is accepted."""
    number = resident_id("330106", "20261123", "451")
    assert normalize_id(IdType.RESIDENT_ID, number, today=TODAY) == number


def test_birth_date_before_1900_is_refused():
    """A date of birth in the 1800s is refused."""
    assert "before 1900" in str(id_error(resident_id("330106", "18991231", "451")))


def test_old_15_digit_ids_are_refused_with_a_clear_message():
    """An old 15-digit number is refused, telling the clerk to use the current 18-character card."""
    message = str(id_error("330106850517451"))
    assert "15-digit" in message
    assert "18-character" in message


@pytest.mark.parametrize("number", ["3301061985051745", "33010619850517451X9"])
def test_wrong_length_says_how_long_an_id_number_is(number):
    """A number that is too short or too long is refused with its length and the expected 18."""
    message = str(id_error(number))
    assert message == f"An ID card number has 18 characters; this one has {len(number)}."


def test_letters_inside_a_resident_id_are_refused():
    """Only the last character may be X."""
    assert "17 digits" in str(id_error("3301061985X517451X"))


def test_empty_number_is_refused():
    """An empty field asks for the number."""
    assert str(id_error("   ")) == "Enter the ID number."


def test_error_messages_do_not_repeat_the_number():
    """Messages may be logged, so they never contain the number itself or its date of birth."""
    for number in (with_wrong_check_digit(VALID), resident_id("330106", "19900230", "451")):
        message = str(id_error(number))
        assert number[:17] not in message
        assert number[6:14] not in message


def test_birth_date_is_read_from_the_number():
    """The date of birth comes out of a valid number (used by the green channel for 70+)."""
    assert birth_date_from_resident_id(VALID, today=TODAY) == date(1985, 5, 17)
    assert birth_date_from_resident_id(STANDARD_EXAMPLE.lower(), today=TODAY) == date(1949, 12, 31)


def test_birth_date_of_an_invalid_number_is_refused():
    """An invalid number gives no date of birth."""
    with pytest.raises(ValidationFailed):
        birth_date_from_resident_id(with_wrong_check_digit(VALID), today=TODAY)


@pytest.mark.parametrize(
    ("id_type", "typed", "stored"),
    [
        (IdType.HK_MACAO_PERMIT, "h1234 5678", "H12345678"),
        (IdType.HK_MACAO_PERMIT, "M1234567801", "M1234567801"),
        (IdType.TAIWAN_PERMIT, "0123 4567", "01234567"),
        (IdType.FOREIGN_PERMANENT, "usa123456789012", "USA123456789012"),
        (IdType.FOREIGN_PERMANENT, resident_id("931840", "19800101", "123"), resident_id("931840", "19800101", "123")),
        (IdType.PASSPORT, "e1234 5678", "E12345678"),
        (IdType.PASSPORT, "AB123", "AB123"),
        (IdType.OTHER, "军官证 第 00123 号", "军官证第00123号"),
    ],
)
def test_other_document_types_are_normalised(id_type, typed, stored):
    """Permits, passports and other documents are stored without spaces, in upper case."""
    assert normalize_id(id_type, typed, today=TODAY) == stored


@pytest.mark.parametrize(
    ("id_type", "typed", "words"),
    [
        (IdType.HK_MACAO_PERMIT, "H1234567", "H or M"),
        (IdType.HK_MACAO_PERMIT, "K12345678", "H or M"),
        (IdType.HK_MACAO_PERMIT, "H123456789", "8 or 10 digits"),
        (IdType.TAIWAN_PERMIT, "1234567", "8 digits"),
        (IdType.TAIWAN_PERMIT, "1234567A", "8 digits"),
        (IdType.FOREIGN_PERMANENT, "US1234567890123", "3 letters"),
        (IdType.FOREIGN_PERMANENT, with_wrong_check_digit(resident_id("931840", "19800101", "123")), "check digit"),
        (IdType.PASSPORT, "E123", "5 to 17"),
        (IdType.PASSPORT, "E12345678-01", "letters and digits"),
        (IdType.OTHER, "X" * 33, "at most 32"),
    ],
)
def test_malformed_numbers_of_other_document_types_are_refused(id_type, typed, words):
    """Each document type explains its own format when a number does not fit it."""
    assert words in str(id_error(typed, id_type))


def test_every_document_type_has_a_chinese_label():
    """Forms and receipts can name every document type in Chinese."""
    assert set(ID_TYPE_LABELS) == set(IdType)
    assert ID_TYPE_LABELS[IdType.RESIDENT_ID] == "居民身份证"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812341234", "13812341234"),
        ("+86 138 1234 1234", "13812341234"),
        ("138-1234-1234", "13812341234"),
        ("8613812341234", "13812341234"),
        ("0086 19912341234", "19912341234"),
        ("１３８１２３４１２３４", "13812341234"),
        ("0571-88001234", "0571-88001234"),
        ("057188001234", "0571-88001234"),
        ("(0571) 8800 1234", "0571-88001234"),
        ("010 8800 1234", "010-88001234"),
        ("02188001234", "021-88001234"),
        ("0898-6512345", "0898-6512345"),
        ("+86 571 88001234", "0571-88001234"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    """Mobiles are stored as 11 digits, landlines as area code, dash and local number."""
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "Enter a phone number"),
        ("1381234123", "11 digits; this one has 10"),
        ("138123412345", "11 digits; this one has 12"),
        ("12812341234", "13 to 19"),
        ("138 1234 abcd", "digits only"),
        ("0571-123456", "area code"),
        ("0571-012345678", "area code"),
        ("88001234", "area code"),
    ],
)
def test_bad_phone_numbers_are_refused(typed, words):
    """A number that is neither a mobile nor a landline with area code is refused, saying what is wrong."""
    assert words in str(phone_error(typed))


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧***"),
        ("张", "*"),
        (" 李四 ", "李*"),
        ("John", "J***"),
        ("", ""),
    ],
)
def test_names_keep_only_their_first_character(name, masked):
    """Screens and paper show 张* for 张三; a one-character name is not shown at all."""
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("0571-88001234", "0571-****1234"),
        ("010-8800123", "010-***0123"),
        ("", ""),
    ],
)
def test_phones_keep_the_prefix_and_last_four_digits(phone, masked):
    """A mobile shows 138****1234; a landline keeps its area code and last four digits."""
    assert mask_phone(phone) == masked


def test_masked_outputs_never_contain_the_middle_digits():
    """Whatever form the number was typed in, its middle digits never reach a public surface."""
    for phone in ("13899990001", "138 9999 0001", "138-9999-0001", "+86 13899990001"):
        assert "9999" not in mask_phone(phone)
    assert "9999" not in mask_phone("0571-99990001")
    assert "9999" not in mask_phone("not a phone 99990001")
    number = resident_id("999999", "19990909", "999")
    masked = mask_id(number)
    assert masked == "*" * 14 + number[-4:]
    assert set(masked[:-4]) == {"*"}


def test_ids_keep_only_the_last_four_characters():
    """An ID number shows only its last four characters, at its full length."""
    assert mask_id("11010519491231002X") == "**************002X"
    assert mask_id("E12345678") == "*****5678"
    assert mask_id("") == ""


def test_short_numbers_keep_at_most_half():
    """A very short number of another document type is not shown almost entirely."""
    assert mask_id("AB123") == "***23"
    assert mask_id("7") == "*"


def test_last4_phone_gives_the_digits_residents_type_to_look_up_progress():
    """The progress lookup asks for the last four digits of the phone, whatever its form."""
    assert last4_phone("13812341234") == "1234"
    assert last4_phone("0571-88005678") == "5678"
    assert last4_phone("+86 138 1234 4321") == "4321"
