"""The SMS channel: Twilio's Messaging webhook in, TwiML <Message> out."""

import functools
import logging

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from . import content, phones, shared, smstext
from .audio import AudioError
from .conversation import Limits
from .security import require_twilio
from .twiml import twiml, twiml_xml
from .urls import audio_url

bp = Blueprint("sms", __name__)
bp.before_request(require_twilio("sms"))

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_BODY = 2000  # Twilio sends at most 1,600 characters; never read more than that


# Between the messages of one reply, as kept for Twilio's retries (never in a message itself).
SEPARATOR = "\x1e"


def reply(*texts: str | None, media: str | None = None) -> Response:
    """A TwiML answer holding each message in turn (the first with `media`, a URL), or nothing to send at all."""
    return twiml(_messages_xml(tuple(t for t in texts if t), media))


@functools.lru_cache(maxsize=2048)
def _messages_xml(texts: tuple[str, ...], media: str | None) -> str:
    # Most replies are one of a few hundred texts (a section, a menu, in one language): build each once.
    response = MessagingResponse()
    for i, text in enumerate(texts):
        if media and i == 0:
            message = response.message()
            message.body(text)
            message.media(media)  # WhatsApp plays it in the chat
        else:
            response.message(text)
    return twiml_xml(response)


def counts(before, answer, limits: Limits, whatsapp: bool) -> dict[str, int]:
    """What a text did, for the day's anonymous counters: channel, language, part, switches, opt-outs, refusals."""
    after = answer.state
    names = ["whatsapp" if whatsapp else "sms", f"language:{after.language or 'en'}"]
    moved = (after.last_section, after.last_part) != (before.last_section, before.last_part)
    if moved and after.last_section and answer.text:  # read: sent, not only remembered
        names.append(f"section:{after.last_section}")
    if after.language != before.language:
        names.append("language switch")
    if after.opted_out != before.opted_out:
        names.append("opt-out" if after.opted_out else "opt-in")
    if before.blocked:
        names.append("refused:blocked")
    elif not limits.answered:
        names.append("refused:country")
    elif limits.replies is not None and before.recent >= limits.replies and not after.opted_out:
        names.append("refused:rate")
    return dict.fromkeys(names, 1)


def speech_of(code: str | None, number: int) -> str | None:
    """The URL of a part's speech in a language (rendered now by espeak-ng if need be), or None."""
    helpline = shared()
    texts = helpline.lexicon.texts.get(code or "", helpline.lexicon.english)
    try:
        name = helpline.audio.render(texts.language, texts.get(content.SECTION_BY_NUMBER[number].voice), wait=False)
    except AudioError:
        current_app.logger.exception("no speech for a WhatsApp reply")
        return None
    return audio_url(name)


@bp.post("/sms")
def incoming():
    """Answer one text from a family."""
    if request.mimetype not in FORM_TYPES:
        abort(400)  # not a Twilio webhook at all
    helpline = shared()
    config = current_app.config
    form = request.form
    number = form.get("From", "")
    body = form.get("Body", "")[:MAX_BODY]
    sid = form.get("MessageSid", "")
    state = None
    try:
        state = helpline.state.load(number)
        line = config["LANGUAGE_LINES"].get(form.get("To", ""))
        rate = config["SMS_RATE_LIMIT"]
        limits = Limits(
            replies=rate[0] if rate else None,
            answered=phones.sms_answered(number, form.get("FromCountry"), config["SMS_ALLOWED_COUNTRIES"]),
        )
        whatsapp = number.casefold().startswith("whatsapp:")
        answer = helpline.sms.reply(body, state, line, form.get("OptOutType"), limits, whatsapp)
        previous = helpline.state.commit(
            number, state, answer.state, sid, SEPARATOR.join(answer.messages), replied=bool(answer.messages),
            counts=counts(state, answer, limits, whatsapp),  # the day's counters, in the same write
        )
        if previous is not None:
            # Twilio sent this message before (a retry, or two copies at once): answer as the first was
            # answered, and change nothing. The MessageSid is claimed in the same step as the change.
            return reply(*previous.split(SEPARATOR))
    except Exception:
        # Never a traceback to a texter; the log carries no number and no message text.
        current_app.logger.exception("SMS reply failed (MessageSid %s)", sid or "-")
        if state is None or state.opted_out:
            return reply()  # they may have said STOP: nothing, rather than an apology
        return reply(helpline.sms.error(state.language))
    if answer.text and current_app.logger.isEnabledFor(logging.INFO):
        info = smstext.info(answer.text)  # counted only when the line is written
        current_app.logger.info("SMS reply: %d segment(s), %s", info.segments, info.encoding)
    media = speech_of(answer.state.language, answer.media) if answer.media else None
    return reply(*answer.messages, media=media)
