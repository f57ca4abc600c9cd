"""Whole phone calls, as a parent would make them, through signed webhooks."""

import logging
import xml.etree.ElementTree as ET

import pytest
from twilio.request_validator import RequestValidator

from conftest import BASE, NUMBER, TOKEN, Texter
from helpline import content

MENU_TITLES = ["what the illness is", "causes", "symptoms", "diagnosis", "treatment", "the care team", "the outlook", "support"]


def assert_language_menu(turn):
    assert "For English, press 1." in turn.text
    assert "press 0" in turn.text
    assert turn.gather is not None


def assert_section_menu(turn):
    text = turn.text
    positions = [text.index(f"For {title}, press {n}.") for n, title in enumerate(MENU_TITLES, start=1)]
    assert positions == sorted(positions)
    assert "press 0" in text and "press star" in text
    assert turn.gather is not None and turn.gather.get("input") == "dtmf speech"


def assert_section(turn, number):
    section = content.SECTION_BY_NUMBER[number]
    assert section.voice.id.split(". ")[0] in turn.text
    assert "To hear this again, press 1." in turn.text or "To hear it again, press 1." in turn.text


def enter(call):
    """Ring and choose English."""
    assert_language_menu(call.start())
    return call.press("1")


def test_a_new_caller_hears_the_language_menu_then_the_welcome_and_menu(call):
    turn = call.start()
    assert_language_menu(turn)
    english = [s for s in turn.heard if "English" in s.text][0]
    assert (english.language, english.voice) == ("en-GB", "Polly.Amy")
    turn = call.press("1")
    assert "information, not medical advice" in turn.text and "one one one" in turn.text
    assert "nine nine nine" in turn.text
    assert_section_menu(turn)


def test_menu_section_repeat_next_and_menu_again(call):
    enter(call)
    assert_section(call.press("3"), 3)
    assert_section(call.press("1"), 3)  # again
    assert_section(call.press("2"), 4)  # next
    turn = call.press("9")
    assert_section_menu(turn)
    assert "Welcome" not in turn.text  # said once per call, not at every menu


@pytest.mark.parametrize("number", range(1, 9))
def test_every_section_can_be_reached_by_key(call, number):
    enter(call)
    turn = call.press(str(number))
    assert_section(turn, number)
    gather = turn.gather
    assert gather.get("action").startswith(BASE + "/voice/section/choose")
    assert all(s.language == "en-GB" for s in turn.heard)


@pytest.mark.parametrize(
    "speech,number",
    [("Symptoms.", 3), ("treatment", 5), ("the care team", 6), ("Causes", 2), ("three", 3), ("What is the outlook?", 7)],
)
def test_sections_can_be_asked_for_by_voice(call, speech, number):
    enter(call)
    assert_section(call.say(speech), number)


def test_next_after_the_last_part_goes_back_to_the_menu(call):
    enter(call)
    turn = call.press("8")
    assert "That was the last part" in turn.text
    assert "01475" not in turn.text and "0 1 4 7 5, 7 9 4, 5 7 7" in turn.text  # the number in spoken groups
    turn = call.press("2")
    assert "That was the last part." in turn.text
    assert_section_menu(turn)


@pytest.mark.parametrize("where", ["language menu", "section menu", "after a section"])
def test_zero_puts_the_caller_through_to_the_trust_from_any_menu(make_app, make_call, where):
    app = make_app()
    call = make_call(app)
    call.start()
    if where != "language menu":
        call.press("1")
    if where == "after a section":
        call.press("4")
    turn = call.press("0")
    assert "Putting you through" in turn.text
    assert turn.dialled == ["+441475794577"]
    assert turn.whispers and "in English. Press 1 to take the call." in turn.whispers[0]
    assert turn.text.endswith("Thank you for calling. Goodbye.")
    assert turn.ended


def test_saying_person_puts_the_caller_through(call):
    enter(call)
    assert call.say("I want to talk to a person").dialled == ["+441475794577"]


@pytest.mark.parametrize("status", ["busy", "no-answer", "failed", "canceled"])
def test_when_the_trust_does_not_answer_the_caller_hears_its_number_and_website(make_app, make_call, status):
    call = make_call(make_app(), dial_status=status)
    enter(call)
    turn = call.press("0")
    assert turn.dialled == ["+441475794577"]
    assert "could not answer" in turn.text
    assert "0 1 4 7 5, 7 9 4, 5 7 7" in turn.text and "dancing eyes dot org dot uk" in turn.text
    assert turn.gather is not None  # 9 for the menu
    assert_section_menu(call.press("9"))


def test_when_the_trust_does_not_answer_and_the_caller_stays_silent_the_call_ends_politely(make_app, make_call):
    call = make_call(make_app(), dial_status="no-answer")
    enter(call)
    call.press("0")
    turn = call.silence()
    assert turn.ended and turn.text == "Thank you for calling. Goodbye."


def test_trust_phone_setting_is_what_is_dialled(make_app, make_call):
    call = make_call(make_app(TRUST_PHONE="+441632960999"))
    enter(call)
    assert call.press("0").dialled == ["+441632960999"]


@pytest.mark.parametrize("where", ["language menu", "section menu", "after a section"])
def test_no_input_repeats_once_then_offers_the_trust_and_ends_politely(call, where):
    first = call.start()
    if where != "language menu":
        first = call.press("1")
    if where == "after a section":
        first = call.press("5")
    assert first.gather is not None  # a menu is waiting for the caller
    again = call.silence()
    assert again.text.count("press") >= 1 and again.gather.get("action") == first.gather.get("action")
    assert again.text.startswith("Sorry, I did not hear a choice.")
    assert again.gather is not None
    last = call.silence()
    assert "press 0 now" in last.text and "0 1 4 7 5, 7 9 4, 5 7 7" in last.text
    assert last.gather is not None  # the Trust is still one key away
    end = call.silence()
    assert end.ended and end.text == "Thank you for calling. Goodbye."


def test_offered_trust_after_silence_can_be_taken(call):
    call.start()
    call.silence()
    call.silence()
    assert call.press("0").dialled == ["+441475794577"]


@pytest.mark.parametrize("key", ["5", "*", "9"])
def test_a_key_that_means_nothing_gets_sorry_and_the_same_menu(call, key):
    turn = call.start()
    turn = call.press(key)
    assert turn.text.startswith("Sorry, that key does not do anything here.")
    assert_language_menu(turn)


@pytest.mark.parametrize("key", ["4", "7", "3"])
def test_a_bad_key_after_a_section_repeats_the_options(call, key):
    enter(call)
    call.press("1")
    turn = call.press(key)
    assert turn.text.startswith("Sorry, that key does not do anything here.")
    assert "To hear this again, press 1." in turn.text
    assert call.press("2").text.startswith(content.SECTION_BY_NUMBER[2].voice.id[:40])


def test_hash_alone_is_heard_as_nothing_as_twilio_hears_it(call):
    # The <Gather> ends input on # and never sends it: the caller hears the prompt again after the timeout.
    turn = call.start()
    turn = call.press("#")
    assert turn.text.startswith("Sorry, I did not hear a choice.")
    assert_language_menu(turn)


def test_speech_not_understood_gets_sorry_and_the_menu(call):
    enter(call)
    turn = call.say("purple elephants")
    assert turn.text.startswith("Sorry, I did not understand.")
    assert_section_menu(turn)


def test_a_known_caller_skips_the_language_menu_and_can_change_language(make_app, make_call):
    app = make_app()
    enter(make_call(app))
    again = make_call(app)
    turn = again.start()
    assert "For English, press 1." not in turn.text
    assert_section_menu(turn)
    assert_language_menu(again.press("*"))


def test_a_language_chosen_by_text_is_remembered_on_the_phone(make_app, make_call):
    app = make_app()
    Texter(app).send("EN")
    assert_section_menu(make_call(app).start())


@pytest.mark.parametrize("withheld", ["anonymous", "Anonymous", "+266696687", "+86282452253", ""])
def test_withheld_numbers_get_the_full_service_and_nothing_is_remembered(make_app, make_call, withheld):
    app = make_app()
    call = make_call(app, withheld)
    enter(call)
    assert_section(call.press("3"), 3)
    assert_section(call.press("2"), 4)
    turn = call.press("0")
    assert turn.dialled == ["+441475794577"]
    store = app.extensions["helpline"].state.store
    assert store._db().execute("SELECT count(*) FROM callers").fetchone()[0] == 0
    assert_language_menu(make_call(app, withheld).start())  # not remembered


def test_a_withheld_caller_is_put_through_showing_the_helpline_number(app, client):
    fields = {**CALL_SIDS, "From": "anonymous", "To": "+441632960000"}
    url = BASE + "/voice/trust?lang=en"
    response = client.post("/voice/trust?lang=en", data=fields, headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, fields)})
    dial = ET.fromstring(response.data).find("Dial")
    assert dial.get("callerId") == "+441632960000"


def test_missing_from_gets_the_full_service(app, client):
    fields = {**CALL_SIDS}
    response = client.post("/voice", data=fields, headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE + "/voice", fields)})
    assert response.status_code == 200
    assert ET.fromstring(response.data).find("Gather") is not None


CALL_SIDS = {"CallSid": "CA" + "1" * 32, "AccountSid": "AC" + "0" * 32}


def signed_post(client, path, fields, token=TOKEN):
    return client.post(path, data=fields, headers={"X-Twilio-Signature": RequestValidator(token).compute_signature(BASE + path, fields)})


def test_fallback_apologises_and_dials_the_trust(client):
    response = signed_post(client, "/voice/fallback", {**CALL_SIDS, "From": NUMBER, "ErrorCode": "11200"})
    root = ET.fromstring(response.data)
    assert [v.tag for v in root] == ["Say", "Dial", "Say", "Hangup"]
    assert root[0].text.startswith("Sorry, something went wrong")
    assert root.find("Dial").text == "+441475794577"
    assert "0 1 4 7 5, 7 9 4, 5 7 7" in root[2].text


VOICE_PATHS = ["/voice", "/voice/language", "/voice/language/choose", "/voice/menu?lang=en", "/voice/menu/choose?lang=en",
               "/voice/section?lang=en&n=3", "/voice/section/choose?lang=en&n=3", "/voice/trust?lang=en",
               "/voice/trust/done?lang=en", "/voice/trust/whisper?lang=en", "/voice/fallback"]


@pytest.mark.parametrize("path", VOICE_PATHS)
def test_every_voice_webhook_refuses_an_unsigned_or_wrongly_signed_request(client, path):
    fields = {**CALL_SIDS, "From": NUMBER, "Digits": "0"}
    assert client.post(path, data=fields).status_code == 403
    assert signed_post(client, path, fields, token="wrong").status_code == 403
    assert signed_post(client, path, fields).status_code == 200


@pytest.mark.parametrize("path", VOICE_PATHS)
def test_every_voice_step_answers_with_something_to_hear(client, path):
    root = ET.fromstring(signed_post(client, path, {**CALL_SIDS, "From": NUMBER}).data)
    assert root.tag == "Response"
    assert list(root.iter("Say")) or list(root.iter("Dial"))


def test_an_exception_inside_a_step_apologises_and_dials_the_trust(app, make_call, monkeypatch, caplog):
    call = make_call(app)
    enter(call)

    def broken(*args, **kwargs):
        raise RuntimeError("store exploded")

    monkeypatch.setattr(app.extensions["helpline"].state, "commit", broken)
    with caplog.at_level(logging.DEBUG):
        turn = call.press("3")
    assert turn.text.startswith("Sorry, something went wrong")
    assert turn.dialled == ["+441475794577"]
    assert "0 1 4 7 5, 7 9 4, 5 7 7" in turn.text and turn.ended
    assert "store exploded" in caplog.text
    assert "7400123456" not in caplog.text


def test_a_signature_for_another_apps_url_is_refused_whatever_host_the_request_names(client):
    # Twilio signs each app's own URL; naming that app's Host must not make its signature pass here.
    fields = {**CALL_SIDS, "From": NUMBER}
    other = "https://other-app.example.net/voice"
    for headers in ({"Host": "other-app.example.net"}, {"X-Forwarded-Host": "other-app.example.net",
                                                         "X-Forwarded-Proto": "https"}):
        response = client.post("/voice", data=fields, headers={
            **headers, "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(other, fields)})
        assert response.status_code == 403


def test_every_say_names_its_language_and_a_voice(call):
    turns = [call.start(), call.press("1"), call.press("5"), call.silence(), call.press("0")]
    for turn in turns:
        for spoken in turn.heard:
            if spoken.text:
                assert spoken.language == "en-GB" and spoken.voice == "Polly.Amy", spoken
