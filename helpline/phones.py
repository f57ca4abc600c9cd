"""Phone numbers (libphonenumber): where a texter's number is from, for the countries the helpline answers."""

import functools
import re

import phonenumbers

# What Twilio sends for a withheld or unknown caller ID (shared/FACTS.md):
# such callers get the full service, but nothing is remembered for them.
WITHHELD = frozenset({"", "anonymous", "restricted", "unknown", "private", "unavailable", "+266696687", "+86282452253", "+7378742833", "+2562533"})
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
def normalise_number(raw: str | None) -> str | None:
    """The E.164 form of a caller's number, or None when it is withheld or not a number."""
    number = re.sub(r"[\s().-]", "", raw or "")
    if number.casefold() in WITHHELD or not E164.match(number):
        return None
    return number


# The UK and the Crown Dependencies, whose numbers share +44.
DEFAULT_SMS_COUNTRIES = ("GB", "GG", "JE", "IM")


@functools.lru_cache(maxsize=1024)  # the same few numbers text again and again: parse each once
def region(number: str | None) -> str | None:
    """The ISO region of an E.164 number (a WhatsApp address too), or None when it is not a valid number."""
    text = (number or "").strip()
    if text.casefold().startswith("whatsapp:"):
        text = text[len("whatsapp:"):]
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(parsed) if phonenumbers.is_valid_number(parsed) else None


def sms_answered(sender: str | None, from_country: str | None, allowed: frozenset[str] | None) -> bool:
    """Whether a text from this sender is answered: its number, and the country Twilio says it is from
    (FromCountry, when sent), are both in the allowed regions. `allowed` None: every country."""
    if allowed is None:
        return True
    if from_country and from_country.strip().upper() not in allowed:
        return False
    return region(sender) in allowed


def parse_regions(value) -> frozenset[str] | None:
    """SMS_ALLOWED_COUNTRIES, 'GB,GG,JE,IM' or 'any', as ISO regions; raises ValueError naming a bad one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return frozenset(DEFAULT_SMS_COUNTRIES)
    codes = [c.strip().upper() for c in (value.split(",") if isinstance(value, str) else value) if c.strip()]
    if codes == ["ANY"]:
        return None
    unknown = [c for c in codes if c not in phonenumbers.SUPPORTED_REGIONS]
    if unknown or not codes:
        raise ValueError(f"SMS_ALLOWED_COUNTRIES must be ISO regions such as GB,GG,JE,IM (or any), not {value!r}")
    return frozenset(codes)


def parse_setting(name: str, value: str, region: str = "GB") -> str:
    """A number an operator wrote (+44 (0)1475 794577, 01475 794577, +441475794577) as E.164; raises
    ValueError naming `name` when it is not a possible number."""
    text = str(value or "").strip()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        raise ValueError(f"{name} must be a phone number such as +441475794577 or 01475 794577, not {value!r}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def receives_sms(number: str | None, allowed: frozenset[str] | None) -> bool:
    """Whether a caller's number can be sent a text: a valid mobile number, in the allowed regions."""
    e164 = normalise_number(number)
    if e164 is None:
        return False  # withheld
    parsed = phonenumbers.parse(e164, None)
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in MOBILE:
        return False
    return allowed is None or phonenumbers.region_code_for_number(parsed) in allowed
