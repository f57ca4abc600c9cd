"""The translation workflow: extract, update and start catalogs with Babel, and check them."""

import os
import re
import subprocess
import sys
import unicodedata

from babel.messages.catalog import Catalog

from . import content, languages, prompts, smstext
from .conversation import Lexicon, SmsConversation, State, words
from .hours import TrustHours

ROOT = os.path.dirname(languages.LOCALES_DIR)
POT = os.path.join(languages.LOCALES_DIR, "messages.pot")
BABEL_CFG = os.path.join(ROOT, "babel.cfg")

PLACEHOLDER = re.compile(r"%\(\w+\)s")
NUMBER = re.compile(r"\d+")
# Words a texter types as they are shown, in every language.
KEYWORDS = ("TRUST", "HELP", "LANG", "MORE", "MENU", "STOP", "START", "NHS", "EN", "LISTEN")
# Latin-script words a text in another script may keep: what a parent types or sees on a letter from the
# hospital. Anything else in Latin letters (ataxia, rituximab) is unreadable to a reader of that script only:
# write it in the language's own script, drug names transliterated.
LATIN_ALLOWED = set(KEYWORDS) | {"OMS", "DES", "MRI", "MIBG", "IVIG", "B", "GOSH", "UK", "SMS"}
# Direction marks would break a phone number or web address in right-to-left text.
BIDI_CONTROLS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Where "OMS" is the World Health Organization, it must not name the illness.
OMS_IS_WHO = {"fr", "es", "pt", "it", "ro"}
# Languages whose letters all exist in GSM-7: their SMS must stay GSM-7.
GSM7_LANGUAGES = {"en", "it"}
SMS_SEGMENTS = 4
NOTICE_SEGMENTS = 2  # the draft notice, a message of its own: short


def pybabel(*args: str) -> None:
    """Run a pybabel command from the project folder, so locations in the catalogs are relative."""
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def extract() -> None:
    """Write locales/messages.pot from the msg() calls in the code (keywords and comment tags: babel.cfg)."""
    # Nothing but babel.cfg: so `pybabel extract -F babel.cfg -o locales/messages.pot .` makes the same template.
    pybabel("extract", "-F", BABEL_CFG, "-o", POT, ".")


def update() -> None:
    """Merge the template into every catalog; changed English becomes fuzzy, and is not used until checked.

    The review status, a comment at the top of each catalog, is kept by Babel as it is.
    """
    pybabel("update", "-i", POT, "-d", languages.LOCALES_DIR, "--ignore-obsolete", "--previous")


def set_review_status(code: str, review: str) -> None:
    """Write a catalog's review status ('draft', 'reviewed 2027-01-10 by ...') as its first comment line."""
    path = languages.po_path(code)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r'^"X-Review-Status: .*\\n"\n', "", text, flags=re.M)  # where it was kept before
    text = re.sub(r"^# Review status: .*\n", "", text, flags=re.M)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Review status: {review}\n" + text)


def init(code: str) -> str:
    """Start a catalog for a new language, marked as a draft."""
    pybabel("init", "-i", POT, "-d", languages.LOCALES_DIR, "-l", code)
    set_review_status(code, "draft")
    return languages.po_path(code)


def check(code: str, cat: Catalog | None = None) -> list[str]:
    """Every problem with a language's catalog, as sentences a translator can act on.

    `cat` checks a catalog in hand instead of the one on disk.
    """
    cat = languages.catalog(code) if cat is None else cat
    if cat is None:
        return [f"{code}: no catalog at {languages.po_path(code)}"]
    problems = []
    latin = uses_latin_script(code)
    for m in cat:
        if not m.id:
            continue
        where = f"{code} [{m.context}]" if m.context != "fact" else f"{code} [fact {m.id!r}]"
        if m.fuzzy:
            problems.append(f"{where}: fuzzy (check it, then remove the fuzzy flag)")
        if not m.string:
            problems.append(f"{where}: not translated")
            continue
        problems += _check_entry(where, m.context or "", m.id, m.string)
        if code in OMS_IS_WHO and re.search(r"\bOMS\b", m.string) and not (m.context or "").endswith("|words"):
            problems.append(f"{where}: 'OMS' reads as the World Health Organization here; name the illness in words")
        if not latin and not (m.context or "").endswith("|words"):
            strays = sorted(set(re.findall(r"[A-Za-z]+", PLACEHOLDER.sub("", m.string))) - LATIN_ALLOWED)
            if strays:
                problems.append(
                    f"{where}: Latin-script words {strays}: a reader of this script only cannot read them; "
                    "write them in this script (drug names transliterated)"
                )
    translations = languages.compiled(cat)
    for rendered in (_check_facts, _checkwords, _check_sms_budget):
        try:
            problems += rendered(code, translations)
        except (ValueError, KeyError, TypeError) as e:
            # A broken placeholder or a lone % cannot even be filled in: the lines above say where.
            problems.append(f"{code}: the replies cannot be put together ({e}); mend the problems above first")
            break
    return problems


def uses_latin_script(code: str) -> bool:
    """Whether a language is written in the Latin script (its own name is)."""
    return any(unicodedata.name(ch, "").startswith("LATIN") for ch in languages.BY_CODE[code].native_name)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _check_facts(code: str, translations) -> list[str]:
    """Each section's key facts, in this language's own words, stand in its SMS text, and together where tied."""
    texts = Lexicon((languages.DEFAULT, languages.BY_CODE[code]), {code: translations}).texts[code]
    problems = []
    for section in content.SECTIONS:
        parts = [_fold(p) for p in content.parts(texts.get(section.sms))]
        for group in section.fact_groups():
            terms = [texts.get(f) for f in group]
            if len(group) == 1 and not any(_fold(terms[0]) in p for p in parts):
                problems.append(
                    f"{code} [{section.sms.context}]: the key fact {group[0].id!r} (in this language {terms[0]!r}) "
                    "is in no part: say it, or give in [fact] the word this text uses for it"
                )
            elif len(group) > 1 and not any(all(_fold(t) in p for t in terms) for p in parts):
                pairs = ", ".join(f"{f.id!r} ({t!r})" for f, t in zip(group, terms))
                problems.append(
                    f"{code} [{section.sms.context}]: {pairs} must stand together in one part, so that a parent "
                    "who reads only that part is not left with half of it"
                )
    return problems


def _check_entry(where: str, context: str, english: str, text: str) -> list[str]:
    problems = []
    if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(text)):
        problems.append(f"{where}: placeholders differ: {PLACEHOLDER.findall(english)}")
    if context.endswith("|words"):
        return problems
    missing = set(NUMBER.findall(PLACEHOLDER.sub("", english))) - set(NUMBER.findall(text))
    if missing:
        problems.append(f"{where}: numbers missing or changed: {sorted(missing)} (keep them in ASCII digits)")
    for word in KEYWORDS:
        if re.search(rf"\b{word}\b", english) and not re.search(rf"\b{word}\b", text):
            problems.append(f"{where}: keyword {word} must stay as it is")
    if BIDI_CONTROLS & set(text):
        problems.append(f"{where}: direction control characters; write the text naturally")
    if "%" in PLACEHOLDER.sub("", text).replace("%%", ""):
        problems.append(f"{where}: a lone % (write %% for a percent sign)")
    return problems


def _checkwords(code: str, translations=None) -> list[str]:
    """Each word asks for one thing only, and never clashes with STOP or a language code."""
    texts = Lexicon((languages.DEFAULT, languages.BY_CODE[code]), {code: translations}).texts[code]
    owner: dict[str, str] = {}
    problems = []
    reserved = {w.casefold() for w in content.OPT_OUT_WORDS | content.OPT_IN_WORDS}
    reserved |= {lang.reply_code.casefold() for lang in languages.TABLE}
    lists = [(s.key, s.words) for s in content.SECTIONS] + list(content.COMMAND_WORDS.items())
    for name, m in lists:
        for word in words(texts.get(m)):
            if word in reserved:
                problems.append(f"{code} [{m.context}]: {word!r} is an opt-out/opt-in word or a language code")
            elif owner.setdefault(word, name) != name:
                problems.append(f"{code} [{m.context}]: {word!r} also means {owner[word]}")
    numbers = words(texts.get(content.NUMBER_WORDS))
    if len(numbers) != len(content.SECTIONS):
        problems.append(f"{code} [numbers|words]: {len(numbers)} words; it needs exactly eight, one to eight")
    return problems


def _check_sms_budget(code: str, translations=None) -> list[str]:
    """Render every SMS reply in the language, every part of every section, and count its segments."""
    lang = languages.BY_CODE[code]
    offered = languages.TABLE
    sms = SmsConversation(Lexicon(offered, {code: translations}), "https://helpline.example.org")
    t = sms.lexicon.texts[code]
    state = State(language=code, known=True)
    replies = {
        "menu": sms.reply("MENU", state).text,
        "choose": sms.reply(lang.reply_code, State(known=True)).text,
        "trust": sms.reply("TRUST", state).text,
        "help": sms.reply("HELP", state).text,
        "lang": sms.reply("LANG", state).text,
        "listen": sms.reply("LISTEN", State(language=code, known=True, last_section=6)).text,
        "sorry": sms.reply("zzzz", state).text,
        "end": sms.reply("MORE", State(language=code, known=True, last_section=8)).text,
        # Twilio sends its own STOP confirmation (or, with Advanced Opt-Out, pasted ones): these are the texts.
        "stopped": t.get(prompts.SMS["stopped"]),
        "started": t.get(prompts.SMS["started"]),
        "slow down": t.get(prompts.SMS["slow_down"]),
        "error": sms.error(code),
    }
    for section in content.SECTIONS:
        count = len(sms.parts(t, section.number))
        for part in range(1, count + 1):
            replies[section.key if count == 1 else f"{section.key} {part}/{count}"] = sms.section_reply(
                code, section.number, part)
    problems = []
    for name, text in replies.items():
        info = smstext.info(text)
        if info.segments > SMS_SEGMENTS:
            problems.append(
                f"{code} SMS reply '{name}': {info.segments} segments ({info.units} {info.encoding} units); "
                f"at most {SMS_SEGMENTS}"
            )
        # The language list shows every language's own name, in its own script: never GSM-7.
        if code in GSM7_LANGUAGES and name != "lang" and info.encoding != smstext.GSM7:
            problems.append(f"{code} SMS reply '{name}': not GSM-7 because of {smstext.non_gsm7_chars(text)}")
    # The Trust's hours go with TRUST as a message of their own, where TRUST_HOURS is set.
    sample = TrustHours.parse("Mon-Fri 09:00-17:00, Sat 10:00-13:00", "GB-ENG")
    replies_hours = t.get(prompts.HOURS["sms"], hours=sample.describe(t))
    if smstext.segments(replies_hours) > SMS_SEGMENTS:
        problems.append(f"{code} SMS reply 'trust hours': {smstext.segments(replies_hours)} segments; at most {SMS_SEGMENTS}")
    if code in GSM7_LANGUAGES and not smstext.is_gsm7(replies_hours):
        problems.append(f"{code} SMS reply 'trust hours': not GSM-7 because of {smstext.non_gsm7_chars(replies_hours)}")
    # The draft notice, with the way back in English, goes as a message of its own: keep it short.
    notice = t.get(prompts.SMS["draft"]) + "\n" + prompts.ENGLISH_WAY_BACK
    if smstext.segments(notice) > NOTICE_SEGMENTS:
        problems.append(f"{code} SMS draft notice: {smstext.segments(notice)} segments; at most {NOTICE_SEGMENTS}")
    return problems
