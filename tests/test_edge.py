"""The Twilio edge: opt-out the way Twilio does it, replay and bad input, abuse limits, voice details."""

import logging
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from conftest import BASE, NUMBER, OTHER_NUMBER, TOKEN, Texter
from helpline import content, languages, prompts, smstext
from helpline.cli import main
from helpline.conversation import Lexicon
from helpline.simulate import PhoneCall, TwilioSimulator, messages

SMS = {"MessageSid": "SM" + "7" * 32, "AccountSid": "AC" + "0" * 32, "From": NUMBER, "To": "+441632960000"}
CALL = {"CallSid": "CA" + "7" * 32, "AccountSid": "AC" + "0" * 32, "From": NUMBER, "To": "+441632960000"}
VOICE_PATHS = ["/voice", "/voice/language?page=0", "/voice/language/choose?page=0", "/voice/menu?lang=en",
               "/voice/menu/choose?lang=en", "/voice/section?lang=en&n=3", "/voice/section/choose?lang=en&n=3",
               "/voice/trust?lang=en", "/voice/trust/done?lang=en", "/voice/trust/whisper?lang=en", "/voice/fallback"]
ALL = ",".join(lang.code for lang in languages.TABLE)


def signed(client, path, fields, url=None):
    signature = RequestValidator(TOKEN).compute_signature(url or BASE + path, fields)
    return client.post(path, data=fields, headers={"X-Twilio-Signature": signature})


def texts(code):
    return Lexicon((languages.DEFAULT, languages.BY_CODE[code])).texts[code]


# -- opt-out as Twilio delivers it ---------------------------------------------


@pytest.mark.parametrize("kind,opted_out", [("STOP", True), ("START", False), ("HELP", None)])
def test_with_advanced_opt_out_the_choice_is_kept_and_twilio_alone_replies(app, client, kind, opted_out):
    store = app.extensions["helpline"].state.store
    if kind == "START":
        store.commit(NUMBER, {"opted_out": True})
    # A Polish texter's own word, which the operator added to Advanced Opt-Out: Twilio names what it is.
    response = signed(client, "/sms", {**SMS, "Body": "nie", "OptOutType": kind})
    assert response.status_code == 200 and messages(response.data) == []
    assert ET.fromstring(response.data).tag == "Response" and len(ET.fromstring(response.data)) == 0
    if opted_out is not None:
        assert store.load(NUMBER).opted_out is opted_out


def test_helpline_prints_the_replies_to_paste_into_advanced_opt_out(make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("STORE_URL", f"sqlite:///{tmp_path / 'h.sqlite3'}")
    monkeypatch.setenv("HELPLINE_SECRET", "s")
    monkeypatch.setenv("OPTOUT_JOURNAL", str(tmp_path / "j"))
    monkeypatch.setenv("HELPLINE_LANGUAGES", "en,pl,ur")
    out = CliRunner().invoke(main, ["optout-replies"]).output
    for code in ("en", "pl", "ur"):
        t = texts(code) if code != "en" else Lexicon((languages.DEFAULT,)).english
        assert t.get(prompts.SMS["stopped"]) in out
        assert t.get(prompts.SMS["started"]) in out
        assert t.get(prompts.SMS["help"]) in out  # HELP is the helpline's own safety line
    assert out.index("== Polish") < out.index("== Urdu")


def test_help_exactly_still_gets_the_safety_line_without_advanced_opt_out(texter):
    # Twilio sends its default HELP text too; the safety line must still arrive.
    assert "NHS 111" in texter.send("HELP")


# -- replay, forgery and bad input ---------------------------------------------


@pytest.mark.parametrize("path", ["/sms", *VOICE_PATHS])
def test_an_unsigned_multipart_request_with_odd_field_names_gets_a_bare_403(client, path):
    response = client.post(path, data={"a\\": "x", "": "y", "From": NUMBER}, content_type="multipart/form-data")
    assert response.status_code == 403 and response.mimetype == "text/plain"
    garbage = client.post(path, data={"a\\": "x"}, content_type="multipart/form-data",
                          headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"})
    assert garbage.status_code == 403


def test_a_regrouped_replay_of_a_signed_start_is_refused(app, client):
    store = app.extensions["helpline"].state.store
    store.commit(NUMBER, {"opted_out": True})
    start = {**SMS, "Body": "START"}
    signature = RequestValidator(TOKEN).compute_signature(BASE + "/sms", start)
    # The same signed string: 'MessageSid' + 'SM…' becomes 'MessageSi' + 'dSM…'.
    regrouped = {k: v for k, v in start.items() if k != "MessageSid"}
    regrouped["MessageSi"] = "d" + start["MessageSid"]
    assert RequestValidator(TOKEN).compute_signature(BASE + "/sms", regrouped) == signature
    response = client.post("/sms", data=regrouped, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert store.load(NUMBER).opted_out


def test_characters_shifted_from_the_first_field_into_the_query_string_are_refused(client):
    url = BASE + "/sms?line=x"
    fields = {**SMS, "Body": "START"}
    signature = RequestValidator(TOKEN).compute_signature(url, fields)
    # The signed string is the URL and then each field, sorted: the first field can move onto the query string.
    shifted = {k: v for k, v in fields.items() if k != "AccountSid"}
    moved = "AccountSid" + fields["AccountSid"]
    assert RequestValidator(TOKEN).compute_signature(url + moved, shifted) == signature
    response = client.post("/sms?line=x" + moved, data=shifted, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_another_accounts_webhook_is_refused_when_the_account_is_named(make_app):
    client = make_app(TWILIO_ACCOUNT_SID="AC" + "0" * 32).test_client()
    assert signed(client, "/sms", {**SMS, "Body": "3"}).status_code == 200
    assert signed(client, "/sms", {**SMS, "AccountSid": "AC" + "1" * 32, "Body": "3"}).status_code == 403
    assert signed(client, "/voice", {**CALL, "AccountSid": "AC" + "1" * 32}).status_code == 403
    assert signed(client, "/voice", {k: v for k, v in CALL.items() if k != "CallSid"}).status_code == 403


def test_a_control_character_in_to_never_reaches_the_twiml(client):
    fields = {**CALL, "From": "anonymous", "To": "+44163296\x010000\x1b"}
    response = signed(client, "/voice/trust?lang=en", fields)
    root = ET.fromstring(response.data)  # still XML
    dial = root.find("Dial")
    assert dial is not None and dial.get("callerId") is None
    fields["To"] = "+441632960000"
    assert ET.fromstring(signed(client, "/voice/trust?lang=en", fields).data).find("Dial").get("callerId") == \
        "+441632960000"


def test_local_mode_refuses_a_request_relayed_by_a_proxy_or_tunnel(make_app, caplog):
    app = make_app(TWILIO_AUTH_TOKEN=None, PUBLIC_BASE_URL=None)
    client = app.test_client()
    local = client.post("/sms", data={**SMS, "Body": "3"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code == 200
    for header in ({"X-Forwarded-For": "203.0.113.9"}, {"Forwarded": "for=203.0.113.9"},
                   {"X-Real-IP": "203.0.113.9"}, {"Ngrok-Trace-Id": "abc"}):
        with caplog.at_level(logging.WARNING):
            relayed = client.post("/sms", data={**SMS, "Body": "3"}, headers=header,
                                  environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert relayed.status_code == 403, header
    assert "TWILIO_AUTH_TOKEN" in caplog.text


# -- abuse limits --------------------------------------------------------------


def test_over_the_rate_limit_one_slow_down_in_their_language_then_nothing(make_app):
    app = make_app(SMS_RATE_LIMIT="4/hour", HELPLINE_LANGUAGES=ALL)
    polish = Texter(app)
    polish.send("PL")
    for body in ["1", "2", "3"]:
        assert polish.send(body) is not None
    assert polish.send("4") == texts("pl").get(prompts.SMS["slow_down"])
    assert polish.send("5") is None and polish.send("MORE") is None
    assert Texter(app, OTHER_NUMBER).send("3").startswith("3/8")  # every other number is served
    # An opt-out over the limit is still kept.
    assert polish.send("STOP") is None
    assert app.extensions["helpline"].state.store.load(NUMBER).opted_out


def test_the_rate_limit_is_counted_in_the_store_across_instances(make_app):
    first, second = Texter(make_app(SMS_RATE_LIMIT="2/hour")), Texter(make_app(SMS_RATE_LIMIT="2/hour"))
    assert first.send("1") and second.send("2")
    assert first.send("3").startswith("You have sent many messages")
    assert second.send("4") is None


@pytest.mark.parametrize("value", ["30", "30/fortnight", "0/hour", "-1/hour", "many"])
def test_a_malformed_rate_limit_is_named(make_app, value):
    from helpline.config import ConfigError

    with pytest.raises(ConfigError, match="SMS_RATE_LIMIT"):
        make_app(SMS_RATE_LIMIT=value)


@pytest.mark.parametrize("sender,country,answered", [
    ("+447400123456", "GB", True), ("+447797123456", "JE", True), ("+447781123456", "GG", True),
    ("+447400123456", None, True), ("+33612345678", "FR", False), ("+447400123456", "US", False),
    ("+33612345678", "GB", False), ("whatsapp:+447400123456", None, True),
])
def test_texts_are_answered_only_from_the_allowed_countries(app, sender, country, answered):
    fields = {**SMS, "From": sender, "Body": "3"}
    if country:
        fields["FromCountry"] = country
    reply = messages(signed(app.test_client(), "/sms", fields).data)
    assert bool(reply) is answered


def test_calls_from_any_country_are_answered(app):
    call = PhoneCall(TwilioSimulator(app, "+33612345678"))
    assert "For English, press 1." in call.start().text


def test_a_blocked_number_gets_no_reply_and_its_calls_are_refused(app, make_call, monkeypatch, tmp_path):
    for name in ("TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STORE_URL", app.config["STORE_URL"])
    monkeypatch.setenv("HELPLINE_SECRET", app.config["HELPLINE_SECRET"])
    monkeypatch.setenv("OPTOUT_JOURNAL", str(tmp_path / "j"))
    result = CliRunner().invoke(main, ["block", "07400 123456"])  # as an operator would write it
    assert result.exit_code == 0, result.output
    assert Texter(app).send("3") is None
    turn = make_call(app).start()
    assert turn.rejected and not turn.heard
    assert Texter(app, OTHER_NUMBER).send("3").startswith("3/8")
    assert CliRunner().invoke(main, ["unblock", "+447400123456"]).exit_code == 0
    assert Texter(app).send("3").startswith("3/8")
    assert CliRunner().invoke(main, ["block", "not a number"]).exit_code != 0


# -- voice details -------------------------------------------------------------


def test_turkish_speech_hints_are_lowercased_by_turkish_rules():
    assert languages.lower("BELİRTİLER HAKKINDA", "tr") == "belirtiler hakkında"
    hints = Lexicon((languages.DEFAULT, languages.BY_CODE["tr"])).vocab["tr"].hints
    assert not any("\u0307" in h for h in hints)  # no i + combining dot
    capitals = [w for s in content.SECTIONS for w in texts("tr").get(s.words).split() if "I" in w or "İ" in w]
    assert capitals, "the Turkish words have capital I or İ to test"
    for word in capitals:
        assert languages.lower(word, "tr") in hints


def test_language_menu_hints_are_names_an_english_recogniser_can_match(make_app, make_call):
    app = make_app(HELPLINE_LANGUAGES=ALL)
    turn = make_call(app).start()
    hints = [h.strip() for h in turn.gather.get("hints").split(",")]
    assert turn.gather.get("language") == "en-GB"
    assert "Polish" in hints and "Polski" in hints and "Chinese Simplified" not in [h for h in hints if "(" in h]
    for hint in hints:
        assert not set(hint) & set("()[]{}"), hint
        assert all(ord(ch) < 0x250 for ch in hint), hint  # Latin letters only


def test_lithuanian_is_spoken_by_its_named_voice_without_a_language_twilio_does_not_list(make_app, make_call):
    app = make_app(HELPLINE_LANGUAGES="en,lt")
    call = make_call(app)
    call.start()
    turn = call.press("2")
    spoken = [s for s in turn.heard if s.text]
    assert spoken and all(s.voice == "Google.lt-LT-Standard-A" and s.language is None for s in spoken)


def test_a_put_through_that_is_canceled_still_gives_the_number(app, make_call):
    call = make_call(app, dial_status="canceled")
    call.start()
    call.press("1")
    turn = call.press("0")
    assert "0 1 4 7 5, 7 9 4, 5 7 7" in turn.text


# -- every webhook, any input ----------------------------------------------------

FIELD_NAMES = st.sampled_from(["Body", "Digits", "SpeechResult", "CallStatus", "DialCallStatus", "Confidence",
                               "FromCountry", "OptOutType", "a\\", "", "Body[]", "é", "\x00"])
ANY_TEXT = st.text(max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/sms", *VOICE_PATHS]), extra=st.dictionaries(FIELD_NAMES, ANY_TEXT, max_size=4),
       sign=st.booleans(), body=ANY_TEXT)
def test_every_webhook_answers_anything_with_403_or_valid_twiml(client, path, extra, sign, body):
    base = SMS if path == "/sms" else CALL
    fields = {**base, "Body": body, **{k: v for k, v in extra.items() if k}}
    headers = {}
    if sign:
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(BASE + path, fields)
    response = client.post(path, data=fields, headers=headers)
    assert response.status_code != 500
    if not sign:
        assert response.status_code == 403 and response.mimetype == "text/plain"
        return
    if response.status_code == 403:
        return  # a field Twilio always sends was overwritten with something it never sends
    assert response.status_code == 200 and response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    for text in messages(response.data):
        assert smstext.segments(text) <= 4
