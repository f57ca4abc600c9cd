"""The phone channel: Twilio's Voice webhooks in, a spoken menu in TwiML out.

Every step's URL carries the caller's language (`lang`), so a withheld
number, whose choices are never stored, keeps its language for the whole call.
A <Gather> that times out falls through to a <Redirect> to the same step with
`tries` counted up: once the prompt is repeated, then the caller is offered
the Trust and the call ends politely. Nothing ends in silence.
"""

import unicodedata

from flask import Blueprint, Response, current_app, request
from twilio.twiml.voice_response import VoiceResponse
from werkzeug.exceptions import HTTPException

from . import content, languages, prompts
from .conversation import SECTION_COUNT, Intent, Texts
from .phonecall import Call, action
from .twiml import twiml
from .security import require_twilio
from .store import normalise_number

bp = Blueprint("voice", __name__, url_prefix="/voice")
bp.before_request(require_twilio("voice"))

LANGUAGES_PER_PAGE = 8  # keys 1-8; 9 is the next page, 0 the Trust
DIAL_TIMEOUT = 30  # seconds the Trust's phone rings before the caller hears its number instead


# -- the steps of a call ---------------------------------------------------


@bp.post("")
def incoming():
    """A new call: the section menu for a known language, else the language menu."""
    call = Call()
    if call.state.blocked:
        # Blocked by the operator (`helpline block`), for harassment: refused before it is answered.
        call.response.reject(reason="busy")
        return call.done()
    if call.language is None:
        return language_menu(call, page=0, tries=0)
    call.remember()  # last seen
    return section_menu(call, tries=0, welcome=True)


@bp.post("/language")
def language_step():
    return language_menu(Call(), page=request.args.get("page", 0, type=int), tries=request.args.get("tries", 0, type=int))


@bp.post("/language/choose")
def language_choice():
    call = Call()
    page = request.args.get("page", 0, type=int)
    key, intent = call.heard()
    chosen = None
    if key == "0" or (intent and intent.name == "trust"):
        return put_through(call)
    if key == "9" and (page + 1) * LANGUAGES_PER_PAGE < len(call.offered):
        return language_menu(call, page=page + 1, tries=0)
    if key.isdigit() and key != "9":
        index = page * LANGUAGES_PER_PAGE + int(key) - 1
        if 0 <= index < min(len(call.offered), (page + 1) * LANGUAGES_PER_PAGE):
            chosen = call.offered[index]
    elif intent and intent.name == "choose":
        chosen = next(lang for lang in call.offered if lang.code == intent.language)
    if chosen is None:
        call.said(prompts.VOICE["sorry_key" if key else "sorry_speech" if intent else "no_input"])
        return language_menu(call, page=page, tries=0)
    call.choose(chosen)
    call.remember(language=chosen.code)
    return section_menu(call, tries=0, welcome=True)


@bp.post("/menu")
def menu_step():
    return section_menu(Call(), tries=request.args.get("tries", 0, type=int))


@bp.post("/menu/choose")
def menu_choice():
    call = Call()
    key, intent = call.heard()
    if key in ("1", "2", "3", "4", "5", "6", "7", "8"):
        return speak_section(call, int(key))
    return anything_else(call, key, intent, current=None, again=lambda: section_menu(call, tries=0))


@bp.post("/section")
def section_step():
    """Repeat what can be done after a section (when nothing was pressed)."""
    return after_section(Call(), section_arg(), tries=request.args.get("tries", 0, type=int))


@bp.post("/section/choose")
def section_choice():
    call = Call()
    number = section_arg()
    key, intent = call.heard()
    if key == "1":
        return speak_section(call, number)
    if key == "2":
        return next_section(call, number)
    if key == "9":
        return section_menu(call, tries=0)
    return anything_else(call, key, intent, current=number, again=lambda: after_section(call, number, tries=0))


def anything_else(call: Call, key: str, intent: Intent | None, current: int | None, again) -> Response:
    """Keys every menu shares (0 the Trust, star the languages), speech, and 'sorry' with the same menu again."""
    if key == "0":
        return put_through(call)
    if key == "*":
        return language_menu(call, page=0, tries=0)
    if key or intent is None:
        call.said(prompts.VOICE["sorry_key" if key else "no_input"])
        return again()
    return follow(call, intent, current=current)


@bp.post("/trust")
def trust_step():
    return put_through(Call())


@bp.post("/trust/done")
def trust_done():
    """The Dial ended: goodbye after a call, the number to ring back if nobody answered."""
    call = Call()
    status = request.form.get("DialCallStatus", "")
    if status in ("completed", "answered"):
        call.said(prompts.VOICE["goodbye"])
        call.response.hangup()
        return call.done()
    current_app.logger.info("the Trust did not answer a put-through call: %s", status or "no status")
    call.said(prompts.VOICE["trust_unavailable"])
    gather = call.gather("voice.menu_choice", lang=call.lang.code)
    call.said(prompts.VOICE["menu_offer"], gather)
    call.said(prompts.VOICE["goodbye"])
    call.response.hangup()
    return call.done()


@bp.post("/trust/whisper")
def trust_whisper():
    """Played to the Trust's staff as they answer, so they know who is calling and in what language."""
    call = Call()
    call.say(call.lexicon.english.get(prompts.WHISPER, language=call.lang.english_name), language=languages.DEFAULT)
    return call.done()


@bp.post("/fallback")
def fallback():
    """The number's fallback URL: Twilio calls it when the helpline itself fails."""
    return apology()


# -- what each step says ---------------------------------------------------


def language_menu(call: Call, page: int, tries: int) -> Response:
    if tries >= 2:
        return goodbye(call, "voice.language_choice", page=page)
    if tries == 1:
        call.said(prompts.VOICE["no_input"])
    first = page * LANGUAGES_PER_PAGE
    shown = call.offered[first : first + LANGUAGES_PER_PAGE]
    # The menu listens in English (nothing is chosen yet): only names written in Latin letters can be heard.
    names = [name for lang in shown for name in (lang.native_name, lang.english_name, *lang.aliases) if latin(name)]
    gather = call.gather("voice.language_choice", hints=list(dict.fromkeys(names)), page=page)
    for digit, lang in enumerate(shown, start=1):
        # Each language's line in its own words and its own voice.
        call.said(prompts.VOICE["language_line"], gather, language=lang, name=lang, digit=digit)
    if first + LANGUAGES_PER_PAGE < len(call.offered):
        call.said(prompts.VOICE["language_more"], gather)
    call.said(prompts.VOICE["menu_trust"], gather)
    call.response.redirect(action("voice.language_step", page=page, tries=tries + 1), method="POST")
    return call.done()


def section_menu(call: Call, tries: int, welcome: bool = False) -> Response:
    if tries >= 2:
        return goodbye(call, "voice.menu_choice", lang=call.lang.code)
    if tries == 1:
        call.said(prompts.VOICE["no_input"])
    gather = call.gather("voice.menu_choice", lang=call.lang.code)
    if welcome:
        call.said(prompts.VOICE["welcome"], gather)
        if call.texts.draft:
            call.said(prompts.VOICE["draft"], gather)
    call.said(prompts.VOICE["menu_intro" if call.lang.gather else "menu_intro_keys"], gather)
    for s in content.SECTIONS:
        # One verb a line: each is rendered (and cached) once where speech is played from audio.
        call.said(prompts.VOICE["menu_line"], gather, title=s.spoken_title, number=s.number)
    call.said(prompts.VOICE["menu_trust"], gather)
    call.said(prompts.VOICE["menu_language"], gather)
    call.response.redirect(action("voice.menu_step", lang=call.lang.code, tries=tries + 1), method="POST")
    return call.done()


def speak_section(call: Call, number: int) -> Response:
    call.remember(last_section=number, last_part=None)
    section = content.SECTION_BY_NUMBER[number]
    gather = call.gather("voice.section_choice", lang=call.lang.code, n=number)
    # Inside the <Gather>, so a caller who has heard enough can press a key.
    call.said(section.voice, gather)
    call.said(prompts.VOICE["after_last" if number == SECTION_COUNT else "after"], gather)
    call.response.redirect(action("voice.section_step", lang=call.lang.code, n=number, tries=1), method="POST")
    return call.done()


def after_section(call: Call, number: int, tries: int) -> Response:
    if tries >= 2:
        return goodbye(call, "voice.section_choice", lang=call.lang.code, n=number)
    if tries == 1:
        call.said(prompts.VOICE["no_input"])
    gather = call.gather("voice.section_choice", lang=call.lang.code, n=number)
    call.said(prompts.VOICE["after_last" if number == SECTION_COUNT else "after"], gather)
    call.response.redirect(action("voice.section_step", lang=call.lang.code, n=number, tries=tries + 1), method="POST")
    return call.done()


def next_section(call: Call, number: int) -> Response:
    if number >= SECTION_COUNT:
        call.said(prompts.VOICE["last_part"])
        return section_menu(call, tries=0)
    return speak_section(call, number + 1)


def follow(call: Call, intent: Intent, current: int | None) -> Response:
    """Act on something the caller said."""
    if intent.name == "section":
        return speak_section(call, intent.section)
    if intent.name == "more" and current:
        return next_section(call, current)
    if intent.name == "trust":
        return put_through(call)
    if intent.name == "lang":
        return language_menu(call, page=0, tries=0)
    if intent.name == "choose":
        call.choose(call.lexicon.language(intent.language))
        call.remember(language=intent.language)
    elif intent.name == "help":
        call.said(prompts.VOICE["help"])
    elif intent.name != "menu":
        call.said(prompts.VOICE["sorry_speech"])
    return section_menu(call, tries=0)


def put_through(call: Call) -> Response:
    call.said(prompts.VOICE["putting_through"])
    dial = call.response.dial(
        action=action("voice.trust_done", lang=call.lang.code),
        method="POST",
        timeout=DIAL_TIMEOUT,
        # A withheld caller has no number to show; the helpline's own stands in, if it is a number at all.
        caller_id=normalise_number(request.form.get("To")) if normalise_number(call.number) is None else None,
    )
    dial.number(current_app.config["TRUST_PHONE"], url=action("voice.trust_whisper", lang=call.lang.code), method="POST")
    return call.done()


def goodbye(call: Call, endpoint: str, **params) -> Response:
    """After the prompt went unanswered twice: offer the Trust, then end the call politely."""
    gather = call.gather(endpoint, **params)
    call.said(prompts.VOICE["goodbye_offer"], gather)
    call.said(prompts.VOICE["goodbye"])
    call.response.hangup()
    return call.done()


def latin(text: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def section_arg() -> int:
    number = request.args.get("n", 1, type=int)
    return number if 1 <= number <= SECTION_COUNT else 1


def apology() -> Response:
    """Sorry, then the Trust, then its number: for any failure, with nothing that could fail again."""
    lang = languages.BY_CODE.get(request.args.get("lang", ""), languages.DEFAULT)
    if not lang.voice:
        lang = languages.DEFAULT  # no rendering here: nothing that could fail again
    texts = Texts(lang)
    response = VoiceResponse()
    response.say(texts.get(prompts.VOICE["error"]), voice=lang.voice, language=lang.say)
    response.dial(current_app.config["TRUST_PHONE"], timeout=DIAL_TIMEOUT)
    response.say(texts.get(prompts.VOICE["error_after"]), voice=lang.voice, language=lang.say)
    response.hangup()
    return twiml(response)


@bp.errorhandler(Exception)
def failed(error):
    if isinstance(error, HTTPException):
        return error
    # Never Twilio's "an application error has occurred"; the log has no number.
    current_app.logger.exception("voice step %s failed", request.path)
    return apology()
