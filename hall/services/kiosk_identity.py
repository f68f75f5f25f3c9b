"""Who takes a ticket at the kiosk, when the hall asks: an ID card or mobile number, kept only as a keyed hash.

The kiosk has one field: the resident types (or a card reader types) an 18-character ID card number or an
11-digit mobile number, and the length tells which. The number is checked (``hall.services.identity``) and
then reduced to what the hall needs: an HMAC that recognises the same person again the same day in the same
hall, and a masked hint a clerk may see (``****123X``, ``138****5678``). The hash is keyed with the app's
secret, so it cannot be reversed by trying every phone number without the key, and it includes the hall and
the day, so the stored hashes cannot link a person's visits across days or halls (DECISIONS: kiosk identity).
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed
from hall.models import KioskIdentity
from hall.services.identity import IdType, mask_phone, normalize_id, normalize_phone

ID = "id"
PHONE = "phone"
FIELD = "identity"

_SEPARATORS = re.compile(r"[\s\-]")
# Longer than any number the kiosk accepts: anything past it is not a typing slip, and is not echoed back.
_MAX_LENGTH = 32


@dataclass(frozen=True)
class KioskPerson:
    """What is kept of the typed number: never the number itself."""

    kind: str  # ID or PHONE
    digest: str  # hex HMAC-SHA256 over hall, day, kind and the canonical number
    hint: str  # masked, for the clerk at the window


def identity_key(secret_key: str | bytes) -> bytes:
    """A key for these hashes only, derived from the app's SECRET_KEY (so it is not the session-signing key)."""
    secret = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(secret, b"hall.kiosk-identity.v1", hashlib.sha256).digest()


def person_from_input(
    mode: str, typed: str | None, *, key: bytes, hall_id: int, day: date, at_kiosk: bool = True
) -> KioskPerson | None:
    """The person behind ``typed`` under the hall's ``mode``, or None when the kiosk does not ask (or may skip).

    A clerk issuing for a resident at the window (``at_kiosk`` False) may leave it out even where the kiosk
    insists. Raises ``ValidationFailed`` on ``identity`` with a message that never repeats the number.
    """
    if mode == KioskIdentity.OFF:
        return None  # the hall does not ask: whatever was sent is neither checked nor kept
    text = typed or ""
    if not text.strip():
        if mode == KioskIdentity.REQUIRED and at_kiosk:
            raise ValidationFailed(
                _l("Please enter your ID card number or mobile number to take a number."), field=FIELD
            )
        return None
    kind, number = parse(text, today=day)
    return KioskPerson(kind=kind, digest=digest(key, hall_id, day, kind, number), hint=hint(kind, number))


def parse(text: str, *, today: date) -> tuple[str, str]:
    """(kind, canonical number) of what was typed; the length decides between ID card and mobile."""
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if len(compact) == 11 and compact.isdigit():
        return PHONE, _checked(normalize_phone, compact)
    if len(compact) in (15, 18):
        return ID, _checked(lambda value: normalize_id(IdType.RESIDENT_ID, value, today=today), compact)
    if len(compact) > _MAX_LENGTH:
        raise ValidationFailed(_l("Please enter your ID card number or mobile number."), field=FIELD)
    raise ValidationFailed(
        _l(
            "An ID card number has 18 characters and a mobile number 11 digits; you entered %(count)s. "
            "Please check it.",
            count=len(compact),
        ),
        field=FIELD,
    )


def _checked(normalize, value: str) -> str:
    try:
        return normalize(value)
    except ValidationFailed as error:
        # Same plain message, but on the kiosk's one field (the messages never contain the number).
        raise ValidationFailed(error.message, field=FIELD) from None


def digest(key: bytes, hall_id: int, day: date, kind: str, number: str) -> str:
    message = f"{hall_id}|{day.isoformat()}|{kind}|{number}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def hint(kind: str, number: str) -> str:
    """138****5678 for a mobile, ****123X for an ID card: what a clerk can compare with the card or phone."""
    return mask_phone(number) if kind == PHONE else "****" + number[-4:]
