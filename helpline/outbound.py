"""Texts the helpline sends by itself (a part, or the Trust's details, asked for on a call): Twilio's REST API."""

import logging

from flask import current_app
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5  # a caller is waiting on the line


def can_send() -> bool:
    """Whether the helpline has what Twilio's REST API needs: the account and its token."""
    return bool(current_app.config["TWILIO_ACCOUNT_SID"] and current_app.config["TWILIO_AUTH_TOKEN"])


def send_sms(to: str, from_: str, body: str) -> bool:
    """Send one text; False (logged, with no number) when Twilio refuses it or cannot be reached."""
    config = current_app.config
    client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                    http_client=TwilioHttpClient(timeout=TIMEOUT_SECONDS))
    if config.get("TWILIO_API_URL"):
        client.api.base_url = config["TWILIO_API_URL"]  # a local stand-in for Twilio, in tests
    try:
        client.messages.create(to=to, from_=from_, body=body)
        return True
    except (TwilioException, OSError) as e:
        log.warning("a text asked for on a call could not be sent: %s", type(e).__name__)
        return False
