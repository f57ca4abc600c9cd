"""The languages the helpline speaks: names, direction, platform codes, catalogs.

Catalogs are the `.po` files under locales/. They are compiled when the app
starts (Babel's own .mo writer, in memory), so a fresh clone serves every
language with no `pybabel compile` step and a stale .mo can never be served.
Fuzzy entries are never used: a message is either translated or English.
"""

import functools
import io
import os
import re
from dataclasses import dataclass

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

def _locales_dir() -> str:
    """Where the catalogs are: beside the package in an install (helpline/locales, see pyproject.toml), or at the
    top of the project in a checkout."""
    package = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(package, "locales")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(package), "locales")


LOCALES_DIR = _locales_dir()
DOMAIN = "messages"


@dataclass(frozen=True)
class Language:
    """One language and the codes each platform knows it by."""

    code: str  # gettext locale, the folder under locales/
    reply_code: str  # what a texter types to choose it (ASCII)
    say: str | None  # Twilio <Say> language; None where Twilio names none and the voice alone says it
    voice: str | None  # Twilio <Say> voice; None: Twilio has none, so speech is rendered audio (<Play>)
    gather: str | None  # Twilio <Gather> speech recognition; None: keys only
    gtts: str | None  # gTTS language; None: gTTS cannot speak it
    espeak: str  # espeak-ng voice, for rendering speech offline
    aliases: tuple[str, ...] = ()  # other names people use for it, in English

    # CLDR look-ups are slow (a Locale is parsed anew each time): each is made once per language.
    @functools.cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    @functools.cached_property
    def native_name(self) -> str:
        """The language's name in its own words, from CLDR ('Polski', 'اردو', '中文')."""
        locale = self.locale
        name = locale.languages.get(locale.language) or locale.get_display_name(locale)
        return name[:1].upper() + name[1:]

    @functools.cached_property
    def english_name(self) -> str:
        return self.locale.get_display_name("en")

    @functools.cached_property
    def direction(self) -> str:
        """'rtl' or 'ltr', from CLDR."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a parent might use to ask for this language."""
        return (self.native_name, self.english_name, *self.aliases)


# One row per language, English first, then the most-spoken main languages of
# England and Wales (Census 2021) and Welsh. Twilio and gTTS codes are those
# in shared/FACTS.md (Twilio's TwiML types, gTTS 2.5.4).
TABLE = (
    Language("en", "EN", "en-GB", "Polly.Amy", "en-GB", "en", "en-gb"),
    Language("cy", "CY", "cy-GB", "Polly.Gwyneth", None, "cy", "cy"),  # Twilio recognises no Welsh speech: keys
    Language("pl", "PL", "pl-PL", "Polly.Ewa", "pl-PL", "pl", "pl"),
    Language("ro", "RO", "ro-RO", "Polly.Carmen", "ro-RO", "ro", "ro"),
    Language("pa", "PA", "pa-IN", "Google.pa-IN-Standard-A", "pa-guru-IN", "pa", "pa", ("Panjabi",)),
    # Twilio has no Urdu voice: Urdu is played from rendered audio.
    Language("ur", "UR", "ur-PK", None, "ur-PK", "ur", "ur"),
    Language("pt", "PT", "pt-PT", "Polly.Ines", "pt-PT", "pt", "pt"),
    Language("es", "ES", "es-ES", "Polly.Lucia", "es-ES", "es", "es"),
    Language("ar", "AR", "ar-XA", "Google.ar-XA-Standard-A", "ar-EG", "ar", "ar"),
    Language("bn", "BN", "bn-IN", "Google.bn-IN-Standard-C", "bn-IN", "bn", "bn", ("Bengali",)),
    Language("gu", "GU", "gu-IN", "Google.gu-IN-Standard-C", "gu-IN", "gu", "gu"),
    Language("it", "IT", "it-IT", "Polly.Bianca", "it-IT", "it", "it"),
    # TAM, not TA: "ta" alone is British English for "thanks".
    Language("ta", "TAM", "ta-IN", "Google.ta-IN-Standard-C", "ta-IN", "ta", "ta"),
    Language("fr", "FR", "fr-FR", "Polly.Lea", "fr-FR", "fr", "fr"),
    Language("zh_Hans", "ZH", "cmn-CN", "Polly.Zhiyu", "cmn-Hans-CN", "zh-CN", "cmn", ("Mandarin", "Chinese")),
    # Twilio lists lt-LT among <Gather> languages and Google.lt-LT voices, but not among <Say> languages
    # (twilio-node's SayLanguage): the named voice alone says which language it speaks.
    Language("lt", "LT", None, "Google.lt-LT-Standard-A", "lt-LT", "lt", "lt"),
    Language("tr", "TR", "tr-TR", "Polly.Filiz", "tr-TR", "tr", "tr"),
)
BY_CODE = {lang.code: lang for lang in TABLE}
DEFAULT = BY_CODE["en"]


def lower(text: str, code: str) -> str:
    """Lower case by the language's own rules: Turkish I is ı and İ is i (str.lower() makes i + U+0307)."""
    if code in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def parse_list(value, reviewed_only: bool = False) -> tuple[Language, ...]:
    """Turn HELPLINE_LANGUAGES ('en,pl' or a sequence) into languages, English first.

    With `reviewed_only` (REVIEWED_LANGUAGES_ONLY), a draft language is never offered, even when named.
    """
    if not value:
        return available(reviewed_only)
    codes = value.split(",") if isinstance(value, str) else list(value)
    chosen = []
    for code in (c.strip() for c in codes if c.strip()):
        if code not in BY_CODE:
            raise ValueError(f"HELPLINE_LANGUAGES names {code!r}; known: {', '.join(BY_CODE)}")
        chosen.append(BY_CODE[code])
    # English is always offered and always first: it is the way back for anyone lost.
    return (DEFAULT,) + tuple(
        lang for lang in dict.fromkeys(chosen) if lang is not DEFAULT and not (reviewed_only and is_draft(lang.code))
    )


def po_path(code: str) -> str:
    return os.path.join(LOCALES_DIR, code, "LC_MESSAGES", DOMAIN + ".po")


def read_catalog(path: str, code: str) -> Catalog:
    """Parse a .po file afresh (a copy the caller may change)."""
    with open(path, "rb") as f:
        return read_po(f, locale=code)


@functools.lru_cache(maxsize=None)
def catalog(code: str) -> Catalog | None:
    """The parsed .po catalog of a language, or None when it has none."""
    try:
        return read_catalog(po_path(code), code)
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class CatalogStatus:
    """How complete a language's catalog is, and who has checked it."""

    messages: int
    translated: int
    fuzzy: int
    review: str  # the catalog's review status, e.g. 'draft'

    @property
    def complete(self) -> bool:
        return self.messages > 0 and self.translated == self.messages and self.fuzzy == 0


def status(code: str) -> CatalogStatus:
    cat = catalog(code)
    if cat is None:
        return CatalogStatus(0, 0, 0, "none")
    entries = [m for m in cat if m.id]
    translated = sum(1 for m in entries if m.string and not m.fuzzy)
    fuzzy = sum(1 for m in entries if m.fuzzy)
    return CatalogStatus(len(entries), translated, fuzzy, review_status(code))


def review_status(code: str) -> str:
    """The catalog's review status: 'draft' until a qualified medical translator has checked it.

    It is a comment at the top of the catalog (`# Review status: draft`), which Babel's update and the
    translation platforms keep as it is; a header field (the old X-Review-Status) they drop.
    """
    try:
        with open(po_path(code), encoding="utf-8") as f:
            text = f.read()
            found = re.search(r"^# Review status: (.+)$", text, flags=re.M) or re.search(
                r'^"X-Review-Status: (.*?)\\n"$', text, flags=re.M)
    except FileNotFoundError:
        return "none"
    return found.group(1) if found else "unreviewed"


def not_offered_because(code: str) -> str | None:
    """Why a language's catalog cannot be offered (None: it can), in words an operator can act on."""
    cat = catalog(code)
    if cat is None:
        return f"no catalog at {po_path(code)}"
    entries = [m for m in cat if m.id]
    fuzzy = [m.context or m.id for m in entries if m.fuzzy]
    missing = [m.context or m.id for m in entries if not m.string and not m.fuzzy]
    if not fuzzy and not missing:
        return None
    reasons = []
    if fuzzy:
        reasons.append(f"{len(fuzzy)} fuzzy after an English change ({', '.join(fuzzy[:3])}{', ...' if len(fuzzy) > 3 else ''})")
    if missing:
        reasons.append(f"{len(missing)} untranslated ({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''})")
    return "; ".join(reasons)


def catalogs_found() -> bool:
    """Whether the translations are where the app looks for them (an install that lost them speaks English only)."""
    return os.path.isfile(os.path.join(LOCALES_DIR, "messages.pot")) and any(
        os.path.isfile(po_path(lang.code)) for lang in TABLE if lang is not DEFAULT
    )


def is_draft(code: str) -> bool:
    """Whether a language's texts have not yet been checked by a qualified medical translator."""
    return code != DEFAULT.code and not review_status(code).startswith("reviewed")


def available(reviewed_only: bool = False) -> tuple[Language, ...]:
    """English, and every language whose catalog is complete (and reviewed, if asked)."""
    return tuple(
        lang for lang in TABLE
        if lang is DEFAULT or (status(lang.code).complete and not (reviewed_only and is_draft(lang.code)))
    )


@functools.lru_cache(maxsize=None)
def translations(code: str) -> NullTranslations:
    """The catalog for a language, compiled in memory; English is the msgids themselves."""
    return compiled(None if code == DEFAULT.code else catalog(code))


def compiled(cat: Catalog | None) -> NullTranslations:
    """A parsed catalog as gettext translations (fuzzy entries left out); None: English."""
    if cat is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, cat, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
