"""Putting a family through to the Trust: its hours, and a screen that a voicemail cannot pass."""

import pytest
from click.testing import CliRunner

from conftest import Texter
from helpline import languages, prompts
from helpline.cli import main
from helpline.config import ConfigError
from helpline.conversation import Lexicon

HOURS = "Mon-Fri 09:00-17:00"


def enter(call):
    call.start()
    return call.press("1")


@pytest.mark.parametrize("moment", ["Sat 10:00", "Tue 08:59", "Tue 17:00", "2026-12-25T10:00", "2026-08-31T10:00"])
def test_out_of_hours_zero_says_when_the_trust_answers_and_goes_back_to_the_menu(make_app, make_call, moment):
    # Saturday, before and after hours, Christmas Day and England's summer bank holiday.
    call = make_call(make_app(TRUST_HOURS=HOURS, HELPLINE_NOW=moment))
    enter(call)
    turn = call.press("0")
    assert not turn.dialled
    assert "The Trust's phone is answered Monday to Friday, 09:00 to 17:00." in turn.text
    assert "0 1 4 7 5, 7 9 4, 5 7 7" in turn.text and "dancing eyes dot org dot uk" in turn.text
    assert "nine nine nine in an emergency" in turn.text  # the safety line
    assert "For symptoms, press 3." in turn.text and turn.gather is not None  # then the menu


@pytest.mark.parametrize("moment", ["Tue 09:00", "Fri 16:59", "2026-08-03T10:00"])
def test_in_hours_zero_puts_the_caller_through(make_app, make_call, moment):
    call = make_call(make_app(TRUST_HOURS=HOURS, HELPLINE_NOW=moment))
    enter(call)
    assert call.press("0").dialled == ["+441475794577"]


def test_scotlands_bank_holidays_are_a_setting_away(make_app, make_call):
    # 3 August 2026 is Scotland's summer bank holiday, not England's; 31 August the other way round.
    scottish = make_call(make_app(TRUST_HOURS=HOURS, TRUST_HOLIDAYS="GB-SCT", HELPLINE_NOW="2026-08-03T10:00"))
    enter(scottish)
    assert not scottish.press("0").dialled
    open_in_scotland = make_call(make_app(TRUST_HOURS=HOURS, TRUST_HOLIDAYS="GB-SCT", HELPLINE_NOW="2026-08-31T10:00"))
    enter(open_in_scotland)
    assert open_in_scotland.press("0").dialled


def test_unset_hours_always_try(make_app, make_call):
    call = make_call(make_app(HELPLINE_NOW="Sun 03:00"))
    enter(call)
    assert call.press("0").dialled


def test_the_hours_are_said_in_the_callers_language(make_app, make_call):
    app = make_app(TRUST_HOURS=HOURS, HELPLINE_NOW="Sat 10:00", HELPLINE_LANGUAGES="en,pl")
    call = make_call(app)
    call.start()
    call.press("2")
    turn = call.press("0")
    polish = Lexicon((languages.DEFAULT, languages.BY_CODE["pl"])).texts["pl"]
    assert app.config["TRUST_OPENING"].describe(polish) in turn.text
    assert "poniedziałek" in turn.text and "09:00" in turn.text


def test_by_text_trust_says_the_hours_too(make_app):
    texter = Texter(make_app(TRUST_HOURS=HOURS))
    assert "01475 794 577" in texter.send("TRUST")
    assert texter.notice == "The Trust's phone is answered Monday to Friday, 09:00 to 17:00, UK time."


@pytest.mark.parametrize("name,value", [("TRUST_HOURS", "weekdays"), ("TRUST_HOURS", "Fri-Mon 09:00-17:00"),
                                        ("TRUST_HOURS", "Mon-Fri 17:00-09:00"), ("TRUST_HOLIDAYS", "XX-YY"),
                                        ("HELPLINE_NOW", "someday")])
def test_malformed_hours_are_named(make_app, name, value):
    with pytest.raises(ConfigError, match=name):
        make_app(**{name: value})


def test_helpline_call_tries_a_given_moment(monkeypatch, tmp_path):
    for name, value in {"STORE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}", "HELPLINE_SECRET": "s",
                        "OPTOUT_JOURNAL": str(tmp_path / "j"), "TRUST_HOURS": HOURS, "HELPLINE_LANGUAGES": "en"}.items():
        monkeypatch.setenv(name, value)
    for name in ("TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    closed = CliRunner().invoke(main, ["call", "--at", "Sat 10:00"], input="1\n0\n").output
    assert "The Trust's phone is answered Monday to Friday" in closed and "DIAL" not in closed
    open_ = CliRunner().invoke(main, ["call", "--at", "Mon 10:00", "--trust", "completed"], input="1\n0\n").output
    assert "DIAL  +441475794577" in open_


# -- a put-through that a voicemail cannot swallow ----------------------------


def test_the_trust_hears_who_is_calling_in_english_and_only_a_1_connects(make_app, make_call):
    app = make_app(HELPLINE_LANGUAGES="en,pl")
    call = make_call(app, dial_status="completed")
    call.start()
    call.press("2")  # Polski
    turn = call.press("0")
    assert turn.whispers == ["A family calling from the dancing eye syndrome helpline, in Polish. Press 1 to take the call."]
    polish = Lexicon((languages.DEFAULT, languages.BY_CODE["pl"])).texts["pl"]
    assert polish.get(prompts.VOICE["goodbye"]) in turn.text  # a person took it: goodbye after the call


def test_a_voicemail_that_answers_is_not_taken_for_a_person(make_app, make_call):
    call = make_call(make_app(), dial_status="voicemail")
    enter(call)
    turn = call.press("0")
    assert "the Trust could not answer just now" in turn.text
    assert "0 1 4 7 5, 7 9 4, 5 7 7" in turn.text and "dancing eyes dot org dot uk" in turn.text
    assert "For the menu, press 9." in turn.text


def test_screening_can_be_turned_off_for_a_phone_system_that_cannot_play_it(make_app, make_call):
    call = make_call(make_app(TRUST_SCREEN="0"), dial_status="completed")
    enter(call)
    turn = call.press("0")
    assert turn.whispers and "Press 1" not in turn.whispers[0]
    assert turn.text.endswith("Thank you for calling. Goodbye.")
