"""Twilio's side of a conversation, for trying the helpline without a phone: real signed requests."""

import secrets
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from flask import Flask
from twilio.request_validator import RequestValidator

HELPLINE_NUMBER = "+441632960000"  # the helpline's own Twilio number, as `To`
ACCOUNT_SID = "AC" + "0" * 32


class TwilioSimulator:
    """Posts webhooks to an app exactly as Twilio would, signed with the app's auth token."""

    def __init__(self, app: Flask, from_number: str, to_number: str = HELPLINE_NUMBER):
        self.app = app
        self.client = app.test_client()
        self.from_number = from_number
        self.to_number = to_number
        self.validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"] or "")
        self.base = app.config["PUBLIC_BASE_URL"] or "http://localhost"

    def post(self, path: str, fields: dict, signature: str | None = None):
        """POST form fields to a path (or full URL), signed as Twilio signs them."""
        url = path if "://" in path else self.base + path
        if signature is None:
            signature = self.validator.compute_signature(url, fields)
        parts = urlsplit(url)
        return self.client.post(
            parts.path + ("?" + parts.query if parts.query else ""),
            base_url=f"{parts.scheme}://{parts.netloc}",
            data=fields,
            headers={"X-Twilio-Signature": signature},
        )

    def sms_fields(self, body: str) -> dict:
        return {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": ACCOUNT_SID,
            "From": self.from_number,
            "To": self.to_number,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
        }

    def text(self, body: str) -> list[str]:
        """Send one SMS; return the texts of the messages sent back (none after STOP)."""
        response = self.post("/sms", self.sms_fields(body))
        if response.status_code != 200:
            raise RuntimeError(f"/sms answered {response.status_code}")
        return messages(response.data)


def messages(twiml: bytes) -> list[str]:
    """The bodies of the <Message> verbs in a TwiML answer."""
    root = ET.fromstring(twiml)
    if root.tag != "Response":
        raise ValueError(f"TwiML root is <{root.tag}>, not <Response>")
    return ["".join(m.itertext()) for m in root.iter("Message")]
