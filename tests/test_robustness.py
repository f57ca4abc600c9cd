"""Bad input gets a clear answer and loses nothing; a failure inside still answers."""

import logging
import xml.etree.ElementTree as ET

import pytest
from twilio.request_validator import RequestValidator

from conftest import BASE, NUMBER, TOKEN
from helpline.simulate import messages

BASE_FIELDS = {"From": NUMBER, "To": "+441632960000", "MessageSid": "SM" + "2" * 32, "AccountSid": "AC" + "0" * 32}


def post(client, fields):
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms", fields)
    return client.post("/sms", data=fields, headers={"X-Twilio-Signature": signature})


def one_message(response):
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    found = messages(response.data)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    "body",
    [
        "",
        " ",
        "x" * 1600,
        "symptoms " * 177,
        "😀😀😀",
        "👨‍👩‍👧 3",
        "\x00\x01\x02\x1b[31m",
        "\u202e3\u202c",
        "<?xml version='1.0'?><Response><Dial>+441234</Dial></Response>",
        "]]></Message><Redirect>https://evil.example.org</Redirect>",
        "'; DROP TABLE callers; --",
        "1 OR 1=1",
        "%(phone)s %s {0} {}",
    ],
    ids=lambda b: repr(b)[:20],
)
def test_odd_bodies_get_a_valid_answer(client, body):
    text = one_message(post(client, {**BASE_FIELDS, "Body": body}))
    assert "<Response" not in text and "DROP" not in text and "evil" not in text
    # the store still works afterwards
    assert one_message(post(client, {**BASE_FIELDS, "MessageSid": "SM" + "3" * 32, "Body": "3"})).startswith("3/8")


def test_a_missing_body_still_gets_the_menu(client):
    text = one_message(post(client, BASE_FIELDS))
    assert "Reply with a number" in text


@pytest.mark.parametrize("missing", ["MessageSid", "AccountSid", "From", "To"])
def test_a_signed_message_without_a_field_twilio_always_sends_is_refused(client, missing):
    # A captured signed START, its fields regrouped so the signed string is unchanged, loses one of these.
    fields = {k: v for k, v in {**BASE_FIELDS, "Body": "START"}.items() if k != missing}
    response = post(client, fields)
    assert response.status_code == 403 and response.mimetype == "text/plain"


def test_invalid_utf8_gets_a_valid_answer(client):
    raw = (b"From=%2B447400123456&To=%2B441632960000&AccountSid=AC" + b"0" * 32 + b"&MessageSid=SM" + b"5" * 32
           + b"&Body=%FF%FE3%C3")
    # werkzeug leaves escapes that are not UTF-8 undecoded; that is what is checked.
    fields = {**BASE_FIELDS, "MessageSid": "SM" + "5" * 32, "Body": "%FF%FE3%C3"}
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms", fields)
    response = client.post(
        "/sms", data=raw, content_type="application/x-www-form-urlencoded", headers={"X-Twilio-Signature": signature}
    )
    assert one_message(response)


def test_oversized_request_is_refused_not_crashed(client):
    response = post(client, {**BASE_FIELDS, "Body": "a" * 100_000})
    assert response.status_code == 413


def test_a_failure_inside_still_answers_with_the_trust_and_logs_no_number(app, client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the conversation broke")

    monkeypatch.setattr(app.extensions["helpline"].sms, "reply", broken)
    with caplog.at_level(logging.DEBUG):
        text = one_message(post(client, {**BASE_FIELDS, "Body": "3"}))
    assert text.startswith("Sorry, something went wrong")
    assert "01475 794 577" in text
    assert "Traceback" not in text and "RuntimeError" not in text
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "the conversation broke" in caplog.text  # the error is logged...
    assert "7400123456" not in caplog.text and "7400123456" not in logged  # ...without the number


def test_a_store_that_is_gone_still_answers_what_was_asked(app, client, tmp_path):
    for path in tmp_path.glob("helpline.sqlite3*"):
        path.unlink()
    text = one_message(post(client, {**BASE_FIELDS, "Body": "HELP"}))
    assert "NHS 111" in text and "Sorry" not in text


def test_replies_are_well_formed_xml_even_with_markup_in_content(client):
    response = post(client, {**BASE_FIELDS, "Body": "5"})
    root = ET.fromstring(response.data)
    assert root.tag == "Response" and [c.tag for c in root] == ["Message"]
