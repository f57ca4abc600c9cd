"""Only Twilio may talk to the webhook: signatures, proxies and local mode."""

import xml.etree.ElementTree as ET

import pytest
from twilio.request_validator import RequestValidator

from helpline.config import ConfigError
from conftest import BASE, NUMBER, TOKEN
from helpline.simulate import TwilioSimulator, messages

FIELDS = {"From": NUMBER, "To": "+441632960000", "Body": "3", "MessageSid": "SM" + "1" * 32, "AccountSid": "AC" + "0" * 32}


def sign(url, fields=FIELDS, token=TOKEN):
    return RequestValidator(token).compute_signature(url, fields)


def test_correct_signature_gets_twiml(client):
    response = client.post("/sms", data=FIELDS, headers={"X-Twilio-Signature": sign(BASE + "/sms")})
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert messages(response.data)[0].startswith("3/8 Symptoms")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Twilio-Signature": ""},
        {"X-Twilio-Signature": "not-a-signature"},
        {"X-Twilio-Signature": sign(BASE + "/sms", token="someone-elses-token")},
        {"X-Twilio-Signature": sign("https://evil.example.org/sms")},
        {"X-Twilio-Signature": sign(BASE + "/sms", {**FIELDS, "Body": "STOP"})},
    ],
    ids=["missing", "empty", "garbage", "wrong-token", "wrong-url", "tampered-body"],
)
def test_missing_or_wrong_signature_gets_403_and_no_twiml(client, headers):
    response = client.post("/sms", data=FIELDS, headers=headers)
    assert response.status_code == 403
    assert b"<Response" not in response.data and b"<Message" not in response.data


def test_tampered_request_changes_no_state(app, client):
    client.post("/sms", data={**FIELDS, "Body": "STOP"}, headers={"X-Twilio-Signature": sign(BASE + "/sms")})
    assert not app.extensions["helpline"].state.store.load(NUMBER).opted_out


def test_public_base_url_is_what_is_checked_behind_a_proxy(client):
    # The app sees http://10.0.0.5:8000/sms; Twilio signed https://helpline.example.org/sms.
    response = client.post(
        "/sms", base_url="http://10.0.0.5:8000", data=FIELDS, headers={"X-Twilio-Signature": sign(BASE + "/sms")}
    )
    assert response.status_code == 200


def test_query_string_is_part_of_the_signed_url(client):
    url = BASE + "/sms?line=pl"
    ok = client.post("/sms?line=pl", data=FIELDS, headers={"X-Twilio-Signature": sign(url)})
    assert ok.status_code == 200
    wrong = client.post("/sms?line=pl", data=FIELDS, headers={"X-Twilio-Signature": sign(BASE + "/sms")})
    assert wrong.status_code == 403


def test_a_token_without_public_base_url_refuses_to_start_naming_it(make_app):
    # Otherwise the signature would be checked against a Host the request itself names.
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        make_app(PUBLIC_BASE_URL=None)


def test_sha256_shared_key_signature_is_accepted(client):
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms", FIELDS, "HMAC_SHA256")
    response = client.post(
        "/sms",
        data=FIELDS,
        headers={
            "X-Twilio-Signature": signature,
            "X-Twilio-Webhooks-Signature-Settings": "key=webhooks_sharedkey_x,algorithm=HMAC_SHA256",
        },
    )
    assert response.status_code == 200


def test_local_mode_answers_loopback_without_a_signature(make_app):
    app = make_app(TWILIO_AUTH_TOKEN=None)
    assert app.config["LOCAL_MODE"]
    response = app.test_client().post("/sms", data=FIELDS, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 200
    assert messages(response.data)


def test_local_mode_refuses_other_machines_even_with_forwarded_for(make_app):
    client = make_app(TWILIO_AUTH_TOKEN=None).test_client()
    response = client.post(
        "/sms", data=FIELDS, environ_base={"REMOTE_ADDR": "203.0.113.9"}, headers={"X-Forwarded-For": "127.0.0.1"}
    )
    assert response.status_code == 403


def test_local_mode_says_so_loudly(make_app, caplog):
    make_app(TWILIO_AUTH_TOKEN=None)
    assert any("LOCAL MODE" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


def test_a_body_twilio_never_sends_is_refused(client):
    body = '{"From": "+447400123456", "Body": "3"}'
    response = client.post(
        "/sms",
        data=body,
        content_type="application/json",
        headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE + "/sms", {})},
    )
    assert response.status_code == 403
    assert b"<Message" not in response.data


def test_get_is_not_a_webhook(client):
    assert client.get("/sms").status_code == 405


def test_simulator_posts_what_twilio_posts(app):
    sim = TwilioSimulator(app, NUMBER)
    response = sim.post("/sms", sim.sms_fields("HELP"))
    root = ET.fromstring(response.data)
    assert root.tag == "Response" and root.find("Message") is not None
