"""'Text me this': on a call, a part (or the Trust's details) by text, through a local stand-in for Twilio's API."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import Texter
from helpline import content

ACCOUNT = "AC" + "0" * 32
MOBILE = "+447400123456"  # a UK mobile number libphonenumber accepts
LANDLINE = "+441632960001"


class FakeTwilio:
    """Twilio's Messages API on a loopback port: records what would be sent; can be told to refuse."""

    def __init__(self):
        self.sent: list[dict] = []
        self.refuse = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                fields = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if fake.refuse or not self.path.endswith(f"/Accounts/{ACCOUNT}/Messages.json"):
                    self.send_response(400)
                    body = {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}
                else:
                    fake.sent.append(fields)
                    self.send_response(201)
                    body = {"sid": "SM" + "1" * 32, "status": "queued", "to": fields.get("To"), "body": fields.get("Body")}
                data = json.dumps(body).encode()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def twilio():
    fake = FakeTwilio()
    yield fake
    fake.close()


@pytest.fixture
def app_(make_app, twilio):
    return make_app(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_API_URL=twilio.url, HELPLINE_LANGUAGES="en,pl")


def call_to_a_part(make_call, app, number=MOBILE, part="3"):
    call = make_call(app, number)
    call.start()
    call.press("2")  # Polski
    turn = call.press(part)
    return call, turn


def test_after_a_part_5_texts_it_in_the_callers_language_and_more_goes_on_by_text(app_, make_call, twilio):
    call, turn = call_to_a_part(make_call, app_)
    polish = app_.extensions["helpline"].lexicon.texts["pl"]
    assert polish.get(content.SECTIONS[2].voice) in turn.text
    from helpline import prompts

    assert polish.get(prompts.VOICE["text_offer"]) in turn.text
    turn = call.press("5")
    assert polish.get(prompts.VOICE["text_sent"]) in turn.text and turn.gather is not None  # the call goes on
    assert len(twilio.sent) == 1
    sent = twilio.sent[0]
    assert sent["To"] == MOBILE and sent["From"] == "+441632960000"  # the number called
    assert sent["Body"].startswith("3/8 " + polish.get(content.SECTIONS[2].title))
    texter = Texter(app_, MOBILE)
    assert texter.send("MORE").startswith("3/8 " + polish.get(content.SECTIONS[2].title) + ", 2/")  # goes on, in Polish


def test_sms_from_is_the_sender_when_set(make_app, make_call, twilio):
    app = make_app(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_API_URL=twilio.url, SMS_FROM="07400 555555")
    call = make_call(app, MOBILE)
    call.start()
    call.press("1")
    call.press("3")
    call.press("5")
    assert twilio.sent[0]["From"] == "+447400555555"


@pytest.mark.parametrize("why", ["withheld", "landline", "abroad", "opted out", "no account"])
def test_nothing_is_sent_and_nothing_is_offered_where_a_text_is_refused(make_app, make_call, twilio, why):
    number = {"withheld": "anonymous", "landline": LANDLINE, "abroad": "+33612345678"}.get(why, MOBILE)
    config = {"TWILIO_API_URL": twilio.url, "HELPLINE_LANGUAGES": "en"}
    if why != "no account":
        config["TWILIO_ACCOUNT_SID"] = ACCOUNT
    app = make_app(**config)
    if why == "opted out":
        app.extensions["helpline"].state.store.commit(MOBILE, {"opted_out": True})
    call = make_call(app, number)
    call.start()
    call.press("1")
    turn = call.press("3")
    assert "press 5" not in turn.text
    turn = call.press("5")
    assert "does not do anything here" in turn.text
    assert twilio.sent == []


def test_at_most_three_texts_a_call(app_, make_call, twilio):
    call, _ = call_to_a_part(make_call, app_)
    for part in ("3", "4", "5", "6"):
        call.press("9")
        call.press(part)
        call.press("5")
    assert len(twilio.sent) == 3


def test_if_sending_fails_the_caller_hears_so_and_the_call_goes_on(app_, make_call, twilio):
    twilio.refuse = True
    call, _ = call_to_a_part(make_call, app_)
    turn = call.press("5")
    from helpline import prompts

    polish = app_.extensions["helpline"].lexicon.texts["pl"]
    assert polish.get(prompts.VOICE["text_failed"]) in turn.text and turn.gather is not None


def test_after_a_failed_put_through_5_texts_the_trusts_number_and_website(app_, make_call, twilio):
    call = make_call(app_, MOBILE, dial_status="busy")
    call.start()
    call.press("1")
    turn = call.press("0")
    assert "To get the Trust's number and website as a text message, press 5." in turn.text
    turn = call.press("5")
    assert "We have sent you a text message." in turn.text
    assert "01475 794 577" in twilio.sent[0]["Body"] and "www.dancingeyes.org.uk" in twilio.sent[0]["Body"]
