"""Twilio's side of a conversation, for trying the helpline without a phone: real signed requests."""

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
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
    # A message's text is its <Body> when it has one (beside <Media>), else its own text.
    bodies = [m.find("Body") for m in root.iter("Message")]
    return ["".join(b.itertext()) if b is not None else (m.text or "") for m, b in zip(root.iter("Message"), bodies)]


@dataclass
class Spoken:
    """One thing the caller hears: speech in a language and voice, or a played file."""

    text: str
    language: str | None = None
    voice: str | None = None
    play: str | None = None  # URL of audio, for <Play>
    dial: str | None = None  # the number being rung, for <Dial>


@dataclass
class Turn:
    """What happened between two inputs of the caller."""

    heard: list[Spoken] = field(default_factory=list)
    dialled: list[str] = field(default_factory=list)
    whispers: list[str] = field(default_factory=list)  # what the Trust's staff heard on answering
    gather: ET.Element | None = None  # the <Gather> waiting for input, or None when the call ended
    ended: bool = False
    rejected: bool = False  # the call was refused (<Reject>) before it was answered

    @property
    def text(self) -> str:
        """Everything said, as one string."""
        return " ".join(s.text for s in self.heard if s.text)


class PhoneCall:
    """One call through the phone menu, run as Twilio runs TwiML: Say, Gather, Redirect, Dial, Hangup."""

    MAX_DOCUMENTS = 50  # a redirect loop is a bug; stop rather than spin

    def __init__(self, sim: TwilioSimulator, dial_status="completed"):
        self.sim = sim
        # What <Dial> reports: completed, busy, no-answer, failed or canceled; or a function
        # asked at each <Dial> for one.
        self.dial_status = dial_status
        self.fields = {
            "CallSid": "CA" + secrets.token_hex(16),
            "AccountSid": ACCOUNT_SID,
            "From": sim.from_number,
            "To": sim.to_number,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
        }
        self._rest: list[ET.Element] = []
        self.turn = Turn(ended=True)

    def start(self) -> Turn:
        """Ring the helpline."""
        return self._run("/voice", {})

    def press(self, digits: str) -> Turn:
        """Press keys. The <Gather>'s finishOnKey (# unless it says otherwise) ends the input and is never sent:
        pressed alone, Twilio hears nothing, and goes on as after silence."""
        self._need_gather()
        finish = self.turn.gather.get("finishOnKey", "#")
        if finish and finish in digits:
            digits = digits[: digits.index(finish)]
        if not digits:
            return self.silence()
        return self._answer({"Digits": digits})

    def say(self, speech: str, confidence: str = "0.9") -> Turn:
        return self._answer({"SpeechResult": speech, "Confidence": confidence})

    def silence(self) -> Turn:
        """Say nothing: Twilio goes on to the verb after the <Gather>."""
        self._need_gather()
        turn, rest = Turn(), self._rest
        return self._execute(rest, turn, 0)

    def _answer_at_the_trust(self, url: str, status: str, turn: Turn) -> None:
        """Twilio fetches the whisper when the Trust's phone answers; a person presses 1 where asked."""
        leg = {**self.fields, "CallSid": "CA" + secrets.token_hex(16)}
        root = ET.fromstring(self.sim.post(url, leg).data)
        turn.whispers.extend("".join(s.itertext()) for s in root.iter("Say"))
        gather = root.find("Gather")
        if gather is not None and status == "completed":
            self.sim.post(gather.get("action"), {**leg, "Digits": "1"})

    def _need_gather(self):
        if self.turn.ended or self.turn.gather is None:
            raise RuntimeError("the call has ended; nothing is listening")

    def _answer(self, extra: dict) -> Turn:
        self._need_gather()
        gather = self.turn.gather
        return self._run(gather.get("action") or "/voice", extra)

    def _run(self, url: str, extra: dict, turn: Turn | None = None, depth: int = 0) -> Turn:
        if depth > self.MAX_DOCUMENTS:
            raise RuntimeError("more than %d TwiML documents without input" % self.MAX_DOCUMENTS)
        response = self.sim.post(url, {**self.fields, **extra})
        if response.status_code != 200 or response.mimetype not in ("text/xml", "application/xml"):
            raise RuntimeError(f"{url} answered {response.status_code} {response.mimetype}: the caller hears an error")
        root = ET.fromstring(response.data)
        if root.tag != "Response":
            raise ValueError(f"TwiML root is <{root.tag}>")
        return self._execute(list(root), turn or Turn(), depth)

    def _execute(self, verbs: list[ET.Element], turn: Turn, depth: int) -> Turn:
        for i, verb in enumerate(verbs):
            if verb.tag == "Say":
                turn.heard.append(Spoken("".join(verb.itertext()).strip(), verb.get("language"), verb.get("voice")))
            elif verb.tag == "Play":
                turn.heard.append(Spoken("", play=(verb.text or "").strip()))
            elif verb.tag == "Pause":
                continue
            elif verb.tag == "Gather":
                for inner in verb:
                    if inner.tag == "Say":
                        turn.heard.append(Spoken("".join(inner.itertext()).strip(), inner.get("language"), inner.get("voice")))
                    elif inner.tag == "Play":
                        turn.heard.append(Spoken("", play=(inner.text or "").strip()))
                turn.gather, self._rest = verb, verbs[i + 1 :]
                self.turn = turn
                return turn
            elif verb.tag == "Redirect":
                return self._run((verb.text or "").strip(), {}, turn, depth + 1)
            elif verb.tag == "Dial":
                # What the Trust's phone does: completed (a person answers, and presses 1 if asked), voicemail
                # (a machine answers, and presses nothing), busy, no-answer, failed or canceled.
                status = self.dial_status() if callable(self.dial_status) else self.dial_status
                numbers = list(verb.iter("Number")) or [verb]
                for number in numbers:
                    turn.dialled.append((number.text or "").strip())
                    turn.heard.append(Spoken("", dial=turn.dialled[-1]))
                    if status in ("completed", "voicemail") and number.get("url"):
                        self._answer_at_the_trust(number.get("url"), status, turn)
                if verb.get("action"):
                    reported = "completed" if status == "voicemail" else status  # Twilio cannot tell them apart
                    return self._run(verb.get("action"), {"DialCallStatus": reported}, turn, depth + 1)
            elif verb.tag in ("Hangup", "Reject"):
                turn.rejected = verb.tag == "Reject"
                break
            else:
                raise ValueError(f"the simulator does not know <{verb.tag}>")
        turn.ended, turn.gather = True, None
        self.turn = turn
        return turn
