"""The languages the helpline speaks: names, direction, platform codes, catalogs."""

import functools
import os
from dataclasses import dataclass

from babel import Locale
from babel.support import NullTranslations, Translations

LOCALES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locales")
DOMAIN = "messages"


@dataclass(frozen=True)
class Language:
    """One language and the codes each platform knows it by."""

    code: str  # gettext locale code, as the folder under locales/
    reply_code: str  # what a texter types to choose it (ASCII)
    say: str  # Twilio <Say> language
    voice: str | None  # Twilio <Say> voice; None: Twilio's default for `say`
    gather: str | None  # Twilio <Gather> speech language; None: keys only
    gtts: str | None  # gTTS language; None: not offered by gTTS

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    @property
    def native_name(self) -> str:
        """The language's name in its own words, from CLDR."""
        name = self.locale.get_display_name(self.locale)
        return name[:1].upper() + name[1:]

    @property
    def direction(self) -> str:
        """'rtl' or 'ltr', from CLDR."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"


# One row per language, in the default menu order. Codes checked against
# shared/FACTS.md (Twilio's TwiML types and gTTS 2.5.4).
TABLE = (
    Language("en", "EN", say="en-GB", voice="Polly.Amy", gather="en-GB", gtts="en"),
)
BY_CODE = {lang.code: lang for lang in TABLE}
DEFAULT = BY_CODE["en"]


def parse_list(value) -> tuple[Language, ...]:
    """Turn HELPLINE_LANGUAGES ('en,pl' or a sequence) into languages, English first."""
    if not value:
        return available()
    codes = value.split(",") if isinstance(value, str) else list(value)
    chosen = []
    for code in (c.strip() for c in codes):
        if code not in BY_CODE:
            raise ValueError(f"HELPLINE_LANGUAGES names {code!r}; known: {', '.join(BY_CODE)}")
        chosen.append(BY_CODE[code])
    # English is always offered and always first: it is the way back for anyone lost.
    return (DEFAULT,) + tuple(lang for lang in dict.fromkeys(chosen) if lang is not DEFAULT)


def available() -> tuple[Language, ...]:
    """Languages whose catalog is compiled, plus English (the msgids themselves)."""
    return tuple(
        lang
        for lang in TABLE
        if lang is DEFAULT or os.path.exists(os.path.join(LOCALES_DIR, lang.code, "LC_MESSAGES", DOMAIN + ".mo"))
    )


@functools.lru_cache(maxsize=None)
def translations(code: str) -> NullTranslations:
    """The compiled catalog for a language; English is the msgids, untranslated."""
    if code == DEFAULT.code:
        return NullTranslations()
    return Translations.load(LOCALES_DIR, [code], DOMAIN)
