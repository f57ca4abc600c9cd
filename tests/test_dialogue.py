"""The phone dialogue in the core: menus, keys, speech and silence, with no Flask and no Twilio."""

import pytest

from helpline import content, languages, prompts
from helpline.conversation import Intent, Lexicon
from helpline.dialogue import Hangup, Heard, PhoneDialogue, PutThrough, Redirect, Reject

EN = languages.DEFAULT
PL = languages.BY_CODE["pl"]


@pytest.fixture(scope="module")
def phone():
    return PhoneDialogue(Lexicon(languages.TABLE))


def messages(answer, where="listen"):
    speeches = answer.listen.prompts if where == "listen" else getattr(answer, where)
    return [s.message for s in speeches]


def test_a_new_caller_gets_the_language_menu_and_a_known_one_the_welcome(phone):
    first = phone.start(None)
    assert messages(first)[0] == prompts.VOICE["language_line"] and first.listen.prompts[0].language is EN
    assert first.listen.step.name == "language/choose" and first.remember is None
    known = phone.start(PL)
    assert messages(known)[:2] == [prompts.VOICE["welcome"], prompts.VOICE["draft"]]
    assert known.remember == {}  # last seen
    assert isinstance(phone.start(PL, blocked=True).then, Reject)


def test_choosing_a_language_by_key_or_by_name_remembers_it(phone):
    by_key = phone.step("language/choose", EN, {"page": 0}, Heard(key="3"))
    assert by_key.language is languages.TABLE[2] and by_key.remember == {"language": languages.TABLE[2].code}
    by_name = phone.step("language/choose", EN, {"page": 0}, Heard(intent=Intent("choose", language="pl")))
    assert by_name.language is PL


def test_the_language_menu_comes_in_pages(phone):
    second = phone.step("language/choose", EN, {"page": 0}, Heard(key="9"))
    assert second.listen.step.params == {"page": 1}
    assert second.listen.prompts[0].language is languages.TABLE[8]


@pytest.mark.parametrize("name,params", [("language", {"page": 0}), ("menu", {}), ("section", {"n": 3})])
def test_every_menu_is_said_again_once_then_offers_the_trust_and_ends(phone, name, params):
    again = phone.step(name, EN, {**params, "tries": 1}, Heard())
    assert messages(again, "say")[0] == prompts.VOICE["no_input"]
    assert isinstance(again.then, Redirect) and again.then.step.params["tries"] == 2
    last = phone.step(name, EN, {**params, "tries": 2}, Heard())
    assert messages(last) == [prompts.VOICE["goodbye_offer"]]
    assert messages(last, "after") == [prompts.VOICE["goodbye"]] and isinstance(last.then, Hangup)


@pytest.mark.parametrize("key", [str(n) for n in range(1, 9)])
def test_each_key_of_the_menu_speaks_its_section_and_remembers_it(phone, key):
    answer = phone.step("menu/choose", EN, {}, Heard(key=key))
    assert answer.listen.prompts[0].message == content.SECTION_BY_NUMBER[int(key)].voice
    assert answer.remember == {"last_section": int(key), "last_part": None}


def test_after_a_section_1_again_2_next_9_menu_0_trust_star_languages(phone):
    def after(key):
        return phone.step("section/choose", EN, {"n": 3}, Heard(key=key))

    assert after("1").listen.prompts[0].message == content.SECTION_BY_NUMBER[3].voice
    assert after("2").listen.prompts[0].message == content.SECTION_BY_NUMBER[4].voice
    assert after("9").listen.step.name == "menu/choose"
    assert isinstance(after("0").then, PutThrough)
    assert after("*").listen.step.name == "language/choose"
    sorry = after("7")
    assert messages(sorry, "say") == [prompts.VOICE["sorry_key"]] and sorry.listen.step.params == {"n": 3}


def test_next_after_the_last_part_says_so_and_gives_the_menu(phone):
    answer = phone.step("section/choose", EN, {"n": 8}, Heard(key="2"))
    assert messages(answer, "say") == [prompts.VOICE["last_part"]] and answer.listen.step.name == "menu/choose"


def test_what_a_caller_says_is_acted_on(phone):
    said = phone.step("menu/choose", EN, {}, Heard(intent=Intent("section", section=5)))
    assert said.listen.prompts[0].message == content.SECTION_BY_NUMBER[5].voice
    helped = phone.step("menu/choose", EN, {}, Heard(intent=Intent("help")))
    assert messages(helped, "say") == [prompts.VOICE["help"]]
    unknown = phone.step("menu/choose", EN, {}, Heard(intent=Intent("unknown")))
    assert messages(unknown, "say") == [prompts.VOICE["sorry_speech"]]


def test_the_trust_answered_or_not(phone):
    answered = phone.step("trust/done", EN, {"status": "completed"}, Heard())
    assert messages(answered, "say") == [prompts.VOICE["goodbye"]] and isinstance(answered.then, Hangup)
    for status in ("busy", "no-answer", "failed", "canceled", ""):
        missed = phone.step("trust/done", EN, {"status": status}, Heard())
        assert messages(missed, "say") == [prompts.VOICE["trust_unavailable"]]
        assert messages(missed) == [prompts.VOICE["menu_offer"]] and isinstance(missed.then, Hangup)


def test_an_unknown_step_is_an_error_not_a_guess(phone):
    with pytest.raises(KeyError):
        phone.step("nowhere", EN, {}, Heard())
