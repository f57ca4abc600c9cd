"""Whole SMS conversations, as a family would have them, through signed webhooks."""

import pytest

from helpline import smstext

SECTION_TITLES = ["About OMS/DES", "Causes", "Symptoms", "Diagnosis", "Treatment", "Care team", "Outlook", "Support"]
SECTION_WORDS = ["ABOUT", "CAUSES", "SYMPTOMS", "DIAGNOSIS", "TREATMENT", "TEAM", "OUTLOOK", "SUPPORT"]


def assert_menu(reply):
    lines = reply.splitlines()
    for number, title in enumerate(SECTION_TITLES, start=1):
        assert f"{number} {title}" in lines
    positions = [lines.index(f"{n} {t}") for n, t in enumerate(SECTION_TITLES, start=1)]
    assert positions == sorted(positions), "sections must be listed in order 1-8"
    assert "Reply with a number" in reply
    assert "TRUST" in reply and "LANG" in reply and "HELP" in reply


def section_number(reply):
    """The section a reply shows, from its '3/8 Symptoms' or '3/8 Symptoms, 1/2' heading."""
    first = reply.splitlines()[0]
    number, _, rest = first.partition("/8 ")
    assert rest.partition(",")[0] in SECTION_TITLES, first
    return int(number)


@pytest.mark.parametrize("first", ["Hello, my son has just been diagnosed", "zebra", "?", ""])
def test_any_first_message_gets_the_menu_within_two_segments(texter, first):
    reply = texter.send(first)
    assert_menu(reply)
    info = smstext.info(reply)
    assert info.encoding == smstext.GSM7
    assert info.segments <= 2


@pytest.mark.parametrize("word", ["MENU", "menu", "OMS", "DES", "Hi", "hello!", " Menu. "])
def test_menu_words_get_the_menu(texter, word):
    texter.send("1")
    assert_menu(texter.send(word))


@pytest.mark.parametrize("number", range(1, 9))
def test_each_number_gets_its_section_within_four_segments(texter, number):
    reply = texter.send(str(number))
    assert section_number(reply) == number
    info = smstext.info(reply)
    assert info.encoding == smstext.GSM7, smstext.non_gsm7_chars(reply)
    assert info.segments <= 4


@pytest.mark.parametrize("number,word", list(enumerate(SECTION_WORDS, start=1)))
def test_each_section_word_gets_its_section(texter, number, word):
    assert section_number(texter.send(word)) == number
    assert section_number(texter.send(word.lower())) == number


@pytest.mark.parametrize(
    "body,number",
    [
        ("symptoms", 3),
        ("  SyMpToMs!!  ", 3),
        ("sýmptöms", 3),
        ("symtoms", 3),
        ("simptoms", 3),
        ("diagnossis", 4),
        ("Treatmnet", 5),
        ("outlok", 7),
        ("3.", 3),
        ("  5 ", 5),
        ("section 6", 6),
        ("tell me about the treatment please", 5),
        ("３", 3),  # a full-width digit from a CJK keyboard
    ],
)
def test_case_spacing_punctuation_accents_and_near_misses(texter, body, number):
    assert section_number(texter.send(body)) == number


def test_more_and_next_walk_through_the_sections(texter):
    assert section_number(texter.send("MORE")) == 1  # nothing read yet: start at the beginning
    assert section_number(texter.send("3")) == 3
    assert section_number(texter.send("more")) == 4
    assert section_number(texter.send("Next")) == 4  # the rest of diagnosis
    assert section_number(texter.send("Next")) == 5
    assert section_number(texter.send("8")) == 8
    end = texter.send("MORE")
    assert "last part" in end and "MENU" in end
    assert section_number(texter.send("1")) == 1


def test_every_section_points_onwards(texter):
    for number in range(1, 8):
        assert "MORE" in texter.send(str(number))
    assert "MENU" in texter.send("8")


@pytest.mark.parametrize("word", ["TRUST", "call", "Call."])
def test_trust_gets_the_trusts_number_and_website(texter, word):
    reply = texter.send(word)
    assert "Dancing Eye Syndrome Support Trust" in reply
    assert "01475 794 577" in reply
    assert "+44 1475 794577" in reply
    assert "www.dancingeyes.org.uk" in reply
    # A charity, not a medical service: the safety line goes with it.
    assert "support charity, not a medical service" in reply
    assert "NHS 111" in reply and "999" in reply
    assert smstext.info(reply).segments <= 2


def test_help_gives_the_service_the_safety_line_and_how_to_stop(texter):
    reply = texter.send("HELP")
    assert "information, not medical advice" in reply
    assert "NHS 111" in reply and "999" in reply and "emergency" in reply
    assert "MENU" in reply and "STOP" in reply
    # A worry that is not an emergency goes to the child's own team first (the sheet's nurse specialist).
    assert "call your child's hospital team first" in reply
    assert "nurse specialist is usually your main contact" in reply
    assert reply.index("hospital team") < reply.index("NHS 111")
    assert smstext.info(reply).segments <= 4


def test_menu_says_how_to_reach_help_and_the_trust(texter):
    reply = texter.send("MENU")
    assert "HELP" in reply and "TRUST" in reply


STARTED = "You will get messages from this helpline again."


@pytest.mark.parametrize("word", ["STOP", "stop", " sToP ", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
                                  "REVOKE", "OPTOUT", "optout"])
def test_twilios_own_opt_out_words_are_kept_and_answered_by_twilio_alone(texter, word):
    # Twilio blocks the number before the webhook runs and sends its own confirmation: any reply of ours
    # would fail with error 21610, so there is none.
    assert section_number(texter.send("3")) == 3
    assert texter.send(word) is None
    for body in ["MENU", "3", "HELP", "hello?", "STOP"]:
        assert texter.send(body) is None, body
    assert texter.send("START").startswith(STARTED)
    assert section_number(texter.send("2")) == 2


@pytest.mark.parametrize("word", ["Stop.", "STOP!", "opt out", "Opt-Out"])
def test_an_opt_out_twilio_does_not_act_on_is_kept_and_confirmed_by_us(texter, word):
    texter.send("3")
    confirmation = texter.send(word)
    assert "no more messages" in confirmation and "START" in confirmation
    assert texter.send("MENU") is None


@pytest.mark.parametrize("word", ["UNSTOP", "YES", "start"])
def test_other_opt_in_words_restart(texter, word):
    texter.send("STOP")
    assert texter.send("1") is None
    started = texter.send(word)
    assert started.startswith(STARTED) and "MENU" in started and "HELP" in started


def test_stop_inside_a_sentence_is_not_an_opt_out(texter):
    # Twilio and carriers only act on the word alone; so do we.
    reply = texter.send("how do I stop the jerks")
    assert reply is not None and "no more messages" not in reply


@pytest.mark.parametrize("body", ["zebra", "what is 12?", "<b>zebra</b>", "9", "0", "12345"])
def test_anything_not_understood_gets_sorry_and_the_way_back(texter, body):
    texter.send("MENU")
    reply = texter.send(body)
    assert reply.startswith("Sorry, I did not understand")
    assert "MENU" in reply and "1 to 8" in reply
    assert body.strip("<>/b?") not in reply.replace("1 to 8", "")  # never an echo


def test_lang_lists_languages_and_english_can_be_chosen(texter):
    reply = texter.send("LANG")
    assert "EN English" in reply
    chosen = texter.send("EN")
    assert chosen.startswith("Language: English.")
    assert_menu(chosen)
    assert smstext.info(chosen).segments <= 2
    assert_menu(texter.send("MENU"))


def test_every_english_reply_is_gsm7(texter):
    bodies = ["hi", "LANG", "EN", "TRUST", "HELP", "zebra", "8", "MORE", "Stop.", "START"]
    bodies += [str(n) for n in range(1, 9)]
    for body in bodies:
        reply = texter.send(body)
        assert smstext.is_gsm7(reply), (body, smstext.non_gsm7_chars(reply))


def test_a_withheld_number_gets_the_service_and_nothing_is_remembered(make_app, make_texter):
    app = make_app(SMS_ALLOWED_COUNTRIES="any")  # a withheld sender is in no country
    for withheld in ["anonymous", "Anonymous", "+266696687"]:
        texter = make_texter(app, withheld)
        assert section_number(texter.send("3")) == 3
        assert section_number(texter.send("MORE")) == 1  # no memory of the 3
    db = app.extensions["helpline"].state.store
    assert db._db().execute("SELECT count(*) FROM callers").fetchone()[0] == 0


def read_section(texter, number):
    """Every part of a section, sent one by one: its number, then MORE while the heading says there is more."""
    replies = [texter.send(str(number))]
    while ", 1/" in replies[0].splitlines()[0] and len(replies) < int(replies[0].splitlines()[0][-1]):
        replies.append(texter.send("MORE"))
    return replies


def test_a_long_section_comes_in_parts_and_more_gives_the_rest_then_the_next_section(texter):
    first = texter.send("5")
    assert first.splitlines()[0] == "5/8 Treatment, 1/2"
    assert "two aims" in first
    assert first.splitlines()[-1] == "Reply MORE for the rest, MENU for list."
    second = texter.send("MORE")
    assert second.splitlines()[0] == "5/8 Treatment, 2/2"
    assert "rituximab" in second and "two aims" not in second
    assert second.splitlines()[-1] == "Reply MORE for next part, MENU for list."
    third = texter.send("more")
    assert third.splitlines()[0] == "6/8 Care team"


def test_more_after_a_one_part_section_goes_to_the_next_section(texter):
    texter.send("3")  # symptoms fit one reply
    assert texter.send("MORE").splitlines()[0] == "4/8 Diagnosis, 1/2"


def test_choosing_a_section_again_starts_it_from_its_first_part(texter):
    texter.send("2")
    texter.send("MORE")
    assert texter.send("2").splitlines()[0] == "2/8 Causes, 1/2"


def test_a_section_read_on_the_phone_is_followed_by_the_next_by_text(app, make_call, make_texter):
    call = make_call(app)
    call.start()
    call.press("1")  # English
    call.press("7")  # outlook, heard in full on the phone
    assert make_texter(app).send("MORE").splitlines()[0] == "8/8 Support"


def test_every_part_of_every_section_says_what_comes_next(texter):
    for number in range(1, 9):
        for reply in read_section(texter, number):
            footer = reply.splitlines()[-1]
            assert footer.startswith("Reply MORE") or (number == 8 and footer == "Reply MENU for the list.")
            assert smstext.segments(reply) <= 4


def test_english_is_never_sent_a_draft_notice(texter):
    texter.send("hello")
    assert texter.notice is None
