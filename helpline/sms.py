"""The SMS channel: Twilio's Messaging webhook in, TwiML <Message> out."""

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from . import smstext
from .security import twilio_only

bp = Blueprint("sms", __name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_BODY = 2000  # Twilio sends at most 1,600 characters; never read more than that


# Between the messages of one reply, as kept for Twilio's retries (never in a message itself).
SEPARATOR = "\x1e"


def twiml(*texts: str | None) -> Response:
    """A TwiML answer holding each message in turn, or nothing to send at all."""
    response = MessagingResponse()
    for text in texts:
        if text:
            response.message(text)
    return Response(str(response), mimetype="text/xml")


@bp.post("/sms")
@twilio_only
def incoming():
    """Answer one text from a family."""
    if request.mimetype not in FORM_TYPES:
        abort(400)  # not a Twilio webhook at all
    helpline = current_app.extensions["helpline"]
    number = request.form.get("From", "")
    body = request.form.get("Body", "")[:MAX_BODY]
    sid = request.form.get("MessageSid", "")
    language = None
    try:
        if sid:
            previous = helpline.store.reply_for(sid)
            if previous is not None:
                # Twilio sent the same message again: answer as before, change nothing.
                return twiml(*previous.split(SEPARATOR))
        state = helpline.store.load(number)
        language = state.language
        line = current_app.config["LANGUAGE_LINES"].get(request.form.get("To", ""))
        reply = helpline.sms.reply(body, state, line_language=line)
        helpline.store.save(number, reply.state, sid, SEPARATOR.join(reply.messages))
    except Exception:
        # Never a traceback to a texter; the log carries no number and no message text.
        current_app.logger.exception("SMS reply failed (MessageSid %s)", sid or "-")
        return twiml(helpline.sms.error(language))
    if reply.text:
        info = smstext.info(reply.text)
        current_app.logger.info("SMS reply: %d segment(s), %s", info.segments, info.encoding)
    return twiml(*reply.messages)
