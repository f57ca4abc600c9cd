"""The phone channel: Twilio's Voice webhooks in, the dialogue's answer (dialogue.py) out as TwiML.

Every step's URL carries the caller's language (`lang`), so a withheld
number, whose choices are never stored, keeps its language for the whole call.
A <Gather> that hears nothing falls through to a <Redirect> to the same step
with `tries` counted up. This module decides nothing: it reads the request,
asks the dialogue, and writes what it answers.
"""

import time
from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.voice_response import VoiceResponse
from werkzeug.exceptions import HTTPException

from . import languages, outbound, phones, prompts, shared
from .conversation import Texts
from .dialogue import Answer, Hangup, PutThrough, Redirect, Reject, Speech, Step
from .phonecall import CallRequest
from .phones import normalise_number
from .security import CALL_SID, require_twilio
from .twiml import twiml, twiml_xml
from .urls import public_url

bp = Blueprint("voice", __name__, url_prefix="/voice")
bp.before_request(require_twilio("voice"))

DIAL_TIMEOUT = 30  # seconds the Trust's phone rings before the caller hears its number instead
TAKEN = "taken:"  # a put-through someone at the Trust took, by the caller's CallSid
INT_PARAMS = ("page", "tries", "n")
# Most steps say the same as the last caller at that step heard (a new caller's language menu: 17 lines, 4 kB of
# TwiML): their XML is kept this long, which is also how long a new recording takes to be noticed (audio.py).
REUSE_SECONDS = 10
REUSE_SIZE = 512


@bp.post("")
def incoming():
    """A new call."""
    call = CallRequest()
    answer = shared().phone.start(call.language, blocked=call.state.blocked)
    refused = ("refused:blocked",) if call.state.blocked else ()
    return render(call, answer, counted=("voice", f"language:{call.lang.code}", *refused))


@bp.post("/<path:name>")
def step(name):
    """Any later step of a call: what the caller pressed or said (or silence) at the step named."""
    call = CallRequest()
    params = {k: request.args.get(k, 0, type=int) for k in INT_PARAMS if k in request.args}
    params["textable"] = textable(call)
    if name == "trust/done":
        params["status"] = request.form.get("DialCallStatus", "")
        if current_app.config["TRUST_SCREEN"]:
            taken = shared().state.count(TAKEN + request.form.get("CallSid", ""))
            params["taken"] = None if taken is None else taken > 0  # the store cannot say: believe Twilio
        if params["status"] not in ("completed", "answered") or params.get("taken") is False:
            current_app.logger.info("the Trust did not take a put-through call: %s",
                                    "screened out" if params.get("taken") is False else params["status"] or "none")
    try:
        answer = shared().phone.step(name, call.language or languages.DEFAULT, params, call.heard())
    except KeyError:
        abort(404)
    return render(call, answer)


@bp.post("/trust/whisper")
def trust_whisper():
    """Played to the Trust's staff as they answer: who is calling, in what language, and (screening) press 1."""
    call = CallRequest()
    english = call.lexicon.english
    if not current_app.config["TRUST_SCREEN"]:
        call.voice_text(english.get(prompts.WHISPER, language=call.lang.english_name), language=languages.DEFAULT)
        return call.done()
    gather = call.response.gather(num_digits=1, timeout=8, method="POST", action=public_url(
        "voice.trust_screen", lang=call.lang.code, call=request.args.get("call", "")))
    call.voice_text(english.get(prompts.SCREEN, language=call.lang.english_name), gather, languages.DEFAULT)
    call.response.hangup()  # nothing pressed (a voicemail, or no one): not connected
    return call.done()


@bp.post("/trust/screen")
def trust_screen():
    """The Trust's side pressed a key: 1 takes the call (Twilio joins the two), anything else does not."""
    response = VoiceResponse()
    if request.form.get("Digits", "")[:1] == "1" and CALL_SID.match(request.args.get("call", "")):
        shared().state.bump(TAKEN + request.args["call"], 3600)
    else:
        response.hangup()
    return twiml(response)


@bp.post("/fallback")
def fallback():
    """The number's fallback URL: Twilio calls it when the helpline itself fails."""
    return apology()


MAX_TEXTS_PER_CALL = 3
TEXTS = "texts:"  # texts sent on a call, by its CallSid


def textable(call: CallRequest) -> bool:
    """Whether this caller may be sent a text now: a mobile in the allowed countries, not withheld, not opted
    out, under the per-number limit and a few a call, and the helpline able to send (TWILIO_ACCOUNT_SID)."""
    config = current_app.config
    if not outbound.can_send() or call.state.opted_out or call.state.blocked:
        return False
    if not phones.receives_sms(call.number, config["SMS_ALLOWED_COUNTRIES"]):
        return False
    rate = config["SMS_RATE_LIMIT"]
    if rate and call.state.recent >= rate[0]:
        return False
    sent = shared().state.count(TEXTS + request.form.get("CallSid", ""))
    return sent is not None and sent < MAX_TEXTS_PER_CALL


def send_text(call: CallRequest, what: tuple) -> bool:
    """Send the caller the part (its SMS text, so MORE goes on from it by text) or the Trust's details."""
    sms = shared().sms
    code = call.lang.code
    if what[0] == "section":
        body = sms.section_reply(code, what[1], 1)
        after = replace(call.state, known=True, language=call.state.language or call.lang.code,
                        last_section=what[1], last_part=1)
    else:
        body = sms.lexicon.texts[code].get(prompts.SMS["trust"])
        after = replace(call.state, known=True)
    sender = current_app.config["SMS_FROM"] or normalise_number(request.form.get("To"))
    if not sender or not outbound.send_sms(normalise_number(call.number), sender, body):
        return False
    shared().state.bump(TEXTS + request.form.get("CallSid", ""), 3600)
    shared().state.commit(call.number, call.state, after, replied=True)
    call.state = after
    return True


def render(call: CallRequest, answer: Answer, counted: tuple[str, ...] = ()) -> Response:
    """The dialogue's answer as TwiML, in the caller's voice, with the state it says to keep."""
    if answer.language is not None:
        call.choose(answer.language)
    if answer.send is not None:
        sent = send_text(call, answer.send)
        call.speak(Speech(prompts.VOICE["text_sent" if sent else "text_failed"]))
        if sent:
            counted += ("texts sent from calls",)
    if counted or answer.count:
        shared().state.tally(dict.fromkeys((*counted, *answer.count), 1))  # one small write
    if answer.remember is not None:
        call.remember(**answer.remember)
    # What is said depends only on the answer and the language (a put-through or a text sent also on the
    # request): the same answer's TwiML, made in the last few seconds, is the same.
    reusable = answer.send is None and not isinstance(answer.then, PutThrough)
    if reusable:
        key = (repr(answer), call.language and call.language.code, call.lang.code)
        spoken = shared().spoken
        made = spoken.get(key)
        if made is not None and made[0] > time.monotonic():
            return twiml(made[1])
    for speech in answer.say:
        call.speak(speech)
    if answer.listen:
        gather = call.gather(url(call, answer.listen.step), answer.listen.hints)
        for speech in answer.listen.prompts:
            call.speak(speech, gather)
    for speech in answer.after:
        call.speak(speech)
    then = answer.then
    if isinstance(then, Redirect):
        call.response.redirect(url(call, then.step), method="POST")
    elif isinstance(then, PutThrough):
        dial = call.response.dial(
            action=url(call, Step("trust/done")),
            method="POST",
            timeout=DIAL_TIMEOUT,
            # A withheld caller has no number to show; the helpline's own stands in, if it is a number at all.
            caller_id=normalise_number(request.form.get("To")) if normalise_number(call.number) is None else None,
        )
        dial.number(current_app.config["TRUST_PHONE"], method="POST", url=public_url(
            "voice.trust_whisper", lang=call.lang.code, call=request.form.get("CallSid", "")))
    elif isinstance(then, Hangup):
        call.response.hangup()
    elif isinstance(then, Reject):
        call.response.reject(reason="busy")  # blocked by the operator: refused before it is answered
    xml = twiml_xml(call.response)
    if reusable:
        if len(spoken) >= REUSE_SIZE:
            spoken.clear()
        spoken[key] = (time.monotonic() + REUSE_SECONDS, xml)
    return twiml(xml)


def url(call: CallRequest, step: Step) -> str:
    """A step's URL, with the caller's language once it is chosen."""
    params = dict(step.params)
    if call.language is not None:
        params["lang"] = call.lang.code
    return public_url("voice.step", name=step.name, **params)


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
