"""SMS encoding detection, segment counting and splitting per GSM 03.38 and Twilio's rules."""

import dataclasses
import functools

import regex

GSM7 = "gsm7"
UCS2 = "ucs2"

# Laid out in code-point order (0x00-0x7F) so it can be checked against the
# standard row by row; 0x1B is the escape to the extension table, not a character.
_GSM7_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
GSM7_BASIC = frozenset(_GSM7_TABLE) - {"\x1b"}
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

_GRAPHEME = regex.compile(r"\X")


@dataclasses.dataclass(frozen=True)
class SmsInfo:
    """Encoding, part count and length in units (septets or UTF-16 code units) of a message."""

    encoding: str
    segments: int
    units: int


def _is_gsm7_char(ch: str) -> bool:
    """Return whether one character is in the GSM-7 basic or extension table."""
    return ch in GSM7_BASIC or ch in GSM7_EXTENSION


def non_gsm7_chars(text: str) -> list[str]:
    """Return the distinct characters, in order of first appearance, that force UCS-2."""
    return list(dict.fromkeys(ch for ch in text if not _is_gsm7_char(ch)))


def is_gsm7(text: str) -> bool:
    """Return whether the whole text can be sent in the GSM-7 alphabet."""
    return GSM7_ALL.issuperset(text)


def encoding(text: str) -> str:
    """Return GSM7 or UCS2, the encoding the whole message will be sent in."""
    return GSM7 if is_gsm7(text) else UCS2


def _septets(ch: str) -> int:
    """Return the septets one GSM-7 character costs (escape + char for the extension table)."""
    return 2 if ch in GSM7_EXTENSION else 1


def _utf16_units(s: str) -> int:
    """Return the length of a string in UTF-16 code units."""
    return len(s.encode("utf-16-le")) // 2


def _pack(tokens: list[str], cost, limit: int) -> list[str]:
    """Greedily pack indivisible tokens into parts of at most `limit` units."""
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for token in tokens:
        size = cost(token)
        if current and used + size > limit:
            parts.append("".join(current))
            current, used = [], 0
        current.append(token)
        used += size
    parts.append("".join(current))
    return parts


def _ucs2_tokens(text: str) -> list[str]:
    """Return grapheme clusters, breaking any too long for one part at code points."""
    tokens: list[str] = []
    for cluster in _GRAPHEME.findall(text):
        if _utf16_units(cluster) <= UCS2_PART:
            tokens.append(cluster)
        else:
            # A pathological cluster (e.g. "Zalgo" text) cannot fit in one part, so
            # it must be broken; code points keep surrogate pairs intact at least.
            tokens.extend(cluster)
    return tokens


def _units(text: str, enc: str) -> int:
    """Return the message length in septets (GSM-7) or UTF-16 code units (UCS-2)."""
    if enc == GSM7:
        return len(text) + sum(text.count(ch) for ch in GSM7_EXTENSION)
    return _utf16_units(text)


def split(text: str) -> list[str]:
    """Return the message parts in order; empty text is one empty part."""
    enc = encoding(text)
    units = _units(text, enc)
    if enc == GSM7:
        if units <= GSM7_SINGLE:
            return [text]
        if units == len(text):  # no extension characters: every part is full
            return [text[i : i + GSM7_PART] for i in range(0, len(text), GSM7_PART)]
        # Per character, so an escape + extension character never straddles parts.
        return _pack(list(text), _septets, GSM7_PART)
    if units <= UCS2_SINGLE:
        return [text]
    # Twilio's calculator never splits a user-perceived character across parts.
    return _pack(_ucs2_tokens(text), _utf16_units, UCS2_PART)


@functools.lru_cache(maxsize=1024)  # a reply is one of a few hundred texts: count each once
def segments(text: str) -> int:
    """Return the number of SMS parts the text will be sent as (1 for empty text)."""
    # Carriers and Twilio bill an empty body as one message, so never report 0.
    return len(split(text))


def info(text: str) -> SmsInfo:
    """Return the encoding, segment count and unit length of the text."""
    enc = encoding(text)
    return SmsInfo(encoding=enc, segments=segments(text), units=_units(text, enc))
