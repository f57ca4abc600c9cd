"""Sixteen languages besides English, by text and by phone, as a family would use them."""

import io
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from mutagen.mp3 import MP3

from conftest import NUMBER, OTHER_NUMBER, Texter
from helpline import catalogs, content, languages, prompts, smstext
from helpline.cli import main
from helpline.conversation import Lexicon, words

OTHERS = [lang for lang in languages.TABLE if lang is not languages.DEFAULT]
CODES = [lang.code for lang in OTHERS]
ALL = ",".join(lang.code for lang in languages.TABLE)
TAMIL_THREE = "\u0be9"


@pytest.fixture
def app(make_app):
    return make_app(HELPLINE_LANGUAGES=ALL)


def texts(code):
    return Lexicon((languages.DEFAULT, languages.BY_CODE[code])).texts[code]


def own_words(code, m):
    return words(texts(code).get(m))


# -- the catalogs -----------------------------------------------------------


def test_the_sixteen_languages_are_the_ones_asked_for():
    assert CODES == ["cy", "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it", "ta", "fr", "zh_Hans", "lt", "tr"]


@pytest.mark.parametrize("code", CODES)
def test_catalog_passes_gnu_msgfmt_check(code):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (apt-get install gettext; `make test` does it)"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", languages.po_path(code)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", CODES)
def test_catalog_is_complete_faithful_in_form_and_within_sms_budgets(code):
    assert catalogs.check(code) == []


def test_every_language_is_offered_by_default():
    assert languages.available() == languages.TABLE


@pytest.mark.parametrize("code", CODES)
def test_catalog_carries_a_review_status(code):
    # 'draft' until a qualified medical translator has checked it; never silently missing.
    assert languages.review_status(code) not in ("unreviewed", "none")
    assert re.search(r"^# Review status: .+$", open(languages.po_path(code), encoding="utf-8").read(), re.M)


def test_the_template_matches_the_code_and_pybabel_alone_makes_it(tmp_path):
    # Babel's own command, with nothing but babel.cfg, as a translation platform would run it.
    import sys

    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(fresh),
                    "."], cwd=catalogs.ROOT, check=True, capture_output=True)
    undated = lambda path: re.sub(r'"POT-Creation-Date: .*\\n"', "", open(path, encoding="utf-8").read())  # noqa: E731
    assert undated(fresh) == undated(catalogs.POT)


def test_helpline_languages_reports_every_language():
    result = CliRunner().invoke(main, ["languages"])
    assert result.exit_code == 0
    for lang in languages.TABLE:
        line = next(line for line in result.output.splitlines() if line.startswith(lang.code + " "))
        assert lang.native_name in line
    ur = next(line for line in result.output.splitlines() if line.startswith("ur "))
    assert "plays rendered audio" in ur and "ur-PK" in ur
    cy = next(line for line in result.output.splitlines() if line.startswith("cy "))
    assert "keys only" in cy


# -- by text ----------------------------------------------------------------


def heading(reply):
    return reply.splitlines()[0]


@pytest.mark.parametrize("code", CODES)
def test_switch_by_code_then_read_everything_in_that_language(app, code):
    lang = languages.BY_CODE[code]
    t = texts(code)
    texter = Texter(app)
    texter.send("MENU")
    chosen = texter.send(lang.reply_code.lower())
    assert chosen.startswith(t.get(prompts.SMS["language_set"], name=lang.native_name))
    assert t.get(content.SECTIONS[2].title) in chosen  # the menu, in the language
    # Every catalog is a draft: the family is told so, in their language, in a message of its own.
    assert texter.notice == t.get(prompts.SMS["draft"]) and "EN" in texter.notice
    for section in content.SECTIONS:
        parts = content.parts(t.get(section.sms))
        reply = texter.send(str(section.number))
        for part in range(1, len(parts) + 1):
            title = t.get(section.title)
            if len(parts) > 1:
                title = t.get(prompts.SMS["part_title"], title=title, part=part, parts=len(parts))
                assert heading(reply).startswith(f"{section.number}/8 {t.get(section.title)}")
                assert f"{part}/{len(parts)}" in heading(reply)
            else:
                assert heading(reply) == f"{section.number}/8 {title}"
            assert parts[part - 1] in reply
            assert smstext.segments(reply) <= 4
            if part < len(parts):
                reply = texter.send("MORE")
    trust = texter.send("TRUST")
    assert "01475 794 577" in trust and "+44 1475 794577" in trust and "www.dancingeyes.org.uk" in trust
    help_ = texter.send("HELP")
    assert "111" in help_ and "999" in help_ and "STOP" in help_
    assert texter.send("MENU") == texter.send("menu")


@pytest.mark.parametrize("code", CODES)
def test_switch_by_native_name(app, code):
    lang = languages.BY_CODE[code]
    texter = Texter(app)
    texter.send("hi")
    reply = texter.send(lang.native_name)
    assert reply.startswith(texts(code).get(prompts.SMS["language_set"], name=lang.native_name))


@pytest.mark.parametrize("code", CODES)
def test_section_words_work_in_the_language_and_in_english(app, code):
    texter = Texter(app)
    texter.send(languages.BY_CODE[code].reply_code)
    for section in content.SECTIONS:
        own = own_words(code, section.words)
        assert own, f"{code} has no words for {section.key}"
        assert heading(texter.send(own[0])).startswith(f"{section.number}/8 ")
    assert heading(texter.send("SYMPTOMS")).startswith("3/8 ")


@pytest.mark.parametrize("digit", ["٣", "۳", "৩", "૩", "੩", TAMIL_THREE, "３"])
def test_digits_in_the_texters_own_script_count(app, digit):
    texter = Texter(app)
    texter.send("MENU")
    assert heading(texter.send(digit)).startswith("3/8 ")


@pytest.mark.parametrize(
    "first,code",
    [("السلام عليكم", "ar"), ("السلام علیکم", "ur"), ("ਸਤ ਸ੍ਰੀ ਅਕਾਲ", "pa"), ("নমস্কার", "bn"),
     ("નમસ્તે", "gu"), ("வணக்கம்", "ta"), ("你好", "zh_Hans"), ("Dzień dobry", "pl")],
)
def test_a_first_message_in_another_script_is_answered_in_that_language(app, first, code):
    texter = Texter(app)
    reply = texter.send(first)
    assert texts(code).get(content.SECTIONS[0].title) in reply
    assert smstext.segments(reply) <= 4
    # A draft: the notice in their language, then the way back in English, as a message of its own.
    assert texter.notice == texts(code).get(prompts.SMS["draft"]) + "\n" + prompts.ENGLISH_WAY_BACK


@pytest.mark.parametrize("code", CODES)
def test_a_first_message_with_the_languages_own_menu_word_is_answered_in_it(app, code):
    others = {w for other in CODES + ["en"] if other != code for w in (own_words(other, content.COMMAND_WORDS["menu"])
                                                                       if other != "en" else words("MENU OMS DES HI HELLO"))}
    own = [w for w in own_words(code, content.COMMAND_WORDS["menu"]) if w not in others]
    assert own, f"{code} has no menu word (a greeting) of its own"
    texter = Texter(app)
    reply = texter.send(own[0])
    assert texts(code).get(content.SECTIONS[1].title) in reply
    assert prompts.ENGLISH_WAY_BACK in texter.notice


def test_the_way_back_to_english(app):
    texter = Texter(app)
    texter.send("你好")
    reply = texter.send("EN")
    assert reply.startswith("Language: English.")
    assert heading(texter.send("3")) == "3/8 Symptoms"


def test_english_words_are_never_taken_for_another_language(app):
    texter = Texter(app)
    assert heading(texter.send("symptoms")) == "3/8 Symptoms"
    assert Texter(app, OTHER_NUMBER).send("Hi, I'm Łukasz").startswith("OMS/DES information")


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_right_to_left_replies_keep_number_and_address_whole(app, code):
    texter = Texter(app)
    texter.send(code.upper())
    reply = texter.send("TRUST")
    assert "01475 794 577" in reply and "www.dancingeyes.org.uk" in reply
    assert not catalogs.BIDI_CONTROLS & set(reply)
    assert languages.BY_CODE[code].direction == "rtl"


def test_a_language_line_answers_texts_in_its_language(make_app):
    app = make_app(HELPLINE_LANGUAGES=ALL, LANGUAGE_LINES="+441632960111=pl")
    texter = Texter(app)
    texter.sim.to_number = "+441632960111"
    assert texts("pl").get(content.SECTIONS[0].title) in texter.send("hello")


# -- by phone ---------------------------------------------------------------


def spoken_in(turn, lang):
    """The <Say>s of a turn carry the language's code and voice, or are <Play>s of its audio."""
    for s in turn.heard:
        if s.dial:
            continue
        if lang.voice:
            assert (s.language, s.voice) == (lang.say, lang.voice), s
        else:
            assert s.play and re.search(r"/audio/[0-9a-f]{32}\.(wav|mp3)$", s.play), s


def test_the_language_menu_comes_in_pages_each_name_in_its_own_voice(app, make_call):
    call = make_call(app)
    pages = [call.start(), call.press("9"), call.press("9")]
    for page in pages:
        lines = [s for s in page.heard if s.text.strip() or s.play]
        assert len([s for s in lines if s.play or any(lang.native_name in s.text for lang in languages.TABLE)]) <= 8
    first = pages[0]
    for lang in languages.TABLE[:8]:
        if lang.voice:
            said = [s for s in first.heard if s.language == lang.say]
            assert said and lang.native_name in said[0].text and said[0].voice == lang.voice
    assert any(s.play for s in first.heard)  # Urdu, rendered
    assert "press 9" in first.text
    assert any(s.language == "tr-TR" for s in pages[2].heard)
    chosen = call.press("1")  # Turkish: first on the third page
    assert chosen.heard[0].language == "tr-TR"
    assert texts("tr").get(prompts.VOICE["welcome"]) in chosen.text


@pytest.mark.parametrize("code", CODES)
def test_call_in_each_language_by_key_and_by_voice_and_reach_the_trust(app, make_call, code):
    lang = languages.BY_CODE[code]
    index = languages.TABLE.index(lang)
    call = make_call(app)
    call.start()
    for _ in range(index // 8):
        call.press("9")
    menu = call.press(str(index % 8 + 1))
    spoken_in(menu, lang)
    gather = menu.gather
    if lang.gather:
        assert gather.get("input") == "dtmf speech" and gather.get("language") == lang.gather
    else:
        assert gather.get("input") == "dtmf" and gather.get("language") is None
    section = call.press("3")
    spoken_in(section, lang)
    if lang.voice:
        assert texts(code).get(content.SECTIONS[2].voice)[:30] in section.text
    if lang.gather:
        word = own_words(code, content.SECTIONS[4].words)[0]
        by_voice = call.say(word)
        spoken_in(by_voice, lang)
        if lang.voice:
            assert texts(code).get(content.SECTIONS[4].voice)[:30] in by_voice.text
    put_through = call.press("0")
    assert put_through.dialled == ["+441475794577"]
    assert f"in {lang.english_name}. Press 1 to take the call." in put_through.whispers[0]


@pytest.mark.parametrize("name", ["Polski", "polish"])
def test_a_language_can_be_chosen_by_saying_its_name(app, make_call, name):
    call = make_call(app)
    call.start()
    turn = call.say(name)
    assert all(s.language == "pl-PL" for s in turn.heard)


def test_urdu_is_played_from_rendered_audio_that_twilio_can_fetch(app, make_call):
    call = make_call(app)
    call.start()
    turn = call.press(str(languages.TABLE.index(languages.BY_CODE["ur"]) + 1))
    assert turn.gather.get("language") == "ur-PK"
    client = app.test_client()
    for spoken in turn.heard:
        assert spoken.play
        response = client.get(spoken.play)
        assert response.status_code == 200
        assert response.mimetype == "audio/mpeg"
        assert MP3(io.BytesIO(response.data)).info.length > 0.5  # it decodes, and says something
        assert "immutable" in response.headers["Cache-Control"]


def test_audio_names_outside_the_pattern_are_not_served(app):
    client = app.test_client()
    for name in ["../secret", "x.wav", "0" * 32 + ".exe"]:
        assert client.get("/audio/" + name).status_code == 404


def test_gtts_failing_falls_back_to_espeak_without_silence(make_app, make_call):
    # Google is unreachable from here: the real gTTS call fails, as it does on a machine offline.
    app = make_app(HELPLINE_LANGUAGES=ALL, TTS_ENGINE="gtts")
    call = make_call(app)
    call.start()
    assert all(s.play.endswith(".mp3") for s in call.turn.heard if s.play)


def test_with_no_engine_at_all_the_caller_still_hears_english(make_app, make_call, monkeypatch):
    app = make_app(HELPLINE_LANGUAGES="en,ur", TTS_ENGINE="espeak")
    monkeypatch.setattr("helpline.audio.shutil.which", lambda name: None)
    call = make_call(app)
    turn = call.start()
    urdu_line = turn.heard[1]
    assert urdu_line.language == "en-GB" and urdu_line.text == "For Urdu, press 2."


def test_a_language_chosen_by_text_greets_the_caller_and_the_other_way_round(app, make_call):
    Texter(app).send("PL")
    turn = make_call(app).start()
    assert all(s.language == "pl-PL" for s in turn.heard)
    call = make_call(app, OTHER_NUMBER)
    call.start()
    call.press(str(languages.TABLE.index(languages.BY_CODE["es"]) + 1))
    assert texts("es").get(content.SECTIONS[0].title) in Texter(app, OTHER_NUMBER).send("MENU")


def test_a_language_line_skips_the_language_menu(make_app, make_call):
    app = make_app(HELPLINE_LANGUAGES=ALL, LANGUAGE_LINES="+441632960111=pl")
    turn = make_call(app, NUMBER, to="+441632960111").start()
    assert all(s.language == "pl-PL" for s in turn.heard)


# -- in the terminal --------------------------------------------------------


def test_chat_and_call_show_non_latin_scripts(tmp_path, monkeypatch):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("STORE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HELPLINE_SECRET", "s")
    monkeypatch.setenv("HELPLINE_LANGUAGES", ALL)
    monkeypatch.setenv("AUDIO_DIR", str(tmp_path / "audio"))
    monkeypatch.setenv("TTS_ENGINE", "espeak")
    out = CliRunner().invoke(main, ["chat"], input="AR\n3\n").output
    assert texts("ar").get(content.SECTIONS[2].title) in out and "UCS-2" in out
    index = languages.TABLE.index(languages.BY_CODE["ta"]) + 1
    out = CliRunner().invoke(main, ["call", "--from", "+447400999888", "--trust", "busy"], input=f"9\n{index - 8}\n").output
    assert "[ta-IN, Google.ta-IN-Standard-C]" in out and texts("ta").get(prompts.VOICE["menu_trust"]) in out


def test_turkish_dotless_i_and_chinese_without_spaces_are_understood(app):
    turkish = Texter(app)
    turkish.send("TR")
    diagnosis = own_words("tr", content.SECTIONS[3].words)[0]
    assert heading(turkish.send(diagnosis.replace("i", "ı"))).startswith("4/8 ")
    # Typed in capitals, with Turkish capital İ (dotted) and I (dotless): still the same word.
    capitals = diagnosis.replace("i", "İ").replace("ı", "I").upper()
    assert capitals != diagnosis.upper() or "i" not in diagnosis
    assert heading(turkish.send(capitals)).startswith("4/8 ")
    chinese = Texter(app, OTHER_NUMBER)
    chinese.send("ZH")
    word = texts("zh_Hans").get(content.SECTIONS[2].words).split()[0]
    assert heading(chinese.send("我想看" + word)).startswith("3/8 ")


def test_indic_vowel_signs_are_part_of_the_word():
    # Punjabi ਦੇ ('of') is not ਦੋ ('two'); Gujarati છે ('is') is not છ ('six').
    assert words("ਦੇ") != words("ਦੋ") and words("છે") != words("છ")
    assert words("Symptômes") == words("symptomes") and words("صَحِيح") == words("صحيح")


@pytest.mark.parametrize("code,message", [("pa", "ਇਲਾਜ ਦੇ ਬਾਰੇ"), ("gu", "સારવાર શું છે")])
def test_a_question_about_treatment_in_punjabi_or_gujarati(app, code, message):
    texter = Texter(app)
    texter.send(code.upper())
    assert heading(texter.send(message)).startswith("5/8 ")


def test_words_switch_only_a_first_message_but_a_script_switches_until_a_language_is_chosen(app):
    texter = Texter(app)
    assert heading(texter.send("3")) == "3/8 Symptoms"
    spanish = [w for w in own_words("es", content.COMMAND_WORDS["menu"]) if w not in words("MENU OMS DES HI HELLO")]
    assert texter.send(spanish[0]).startswith("Sorry, I did not understand")  # a stray word: still English
    assert texts("zh_Hans").get(content.SECTIONS[0].title) in texter.send("你好")
    chosen = Texter(app, OTHER_NUMBER)
    chosen.send("EN")
    assert chosen.send("你好").startswith("Sorry, I did not understand")  # English was chosen: it stays


def test_everyday_words_do_not_hijack_a_sentence(app):
    french = Texter(app)
    french.send("FR")
    # 'un' is 'one' and 'a'; 'des' is an English menu word and 'some': neither decides alone.
    assert heading(french.send("des " + own_words("fr", content.SECTIONS[2].words)[0])).startswith("3/8 ")
    assert not french.send("je voudrais un rendez-vous").startswith("1/8")


def test_the_english_language_list_names_all_seventeen_within_four_segments(app):
    reply = Texter(app).send("LANG")
    for lang in languages.TABLE:
        assert f"{lang.reply_code} {lang.native_name}" in reply.splitlines()
    assert smstext.segments(reply) <= 4


def test_update_keeps_review_status_and_a_changed_english_text_stops_a_language_being_offered(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(languages.LOCALES_DIR, locales)
    monkeypatch.setattr(languages, "LOCALES_DIR", str(locales))
    monkeypatch.setattr(catalogs, "POT", str(locales / "messages.pot"))
    pot = (locales / "messages.pot").read_text(encoding="utf-8")
    (locales / "messages.pot").write_text(pot.replace('msgid "Care team"', 'msgid "The care team"'), encoding="utf-8")
    catalogs.update()
    languages.catalog.cache_clear()
    try:
        assert languages.review_status("pl") == "draft"
        assert not languages.status("pl").complete  # the changed text is fuzzy or untranslated
        assert any("[team|title]" in problem for problem in catalogs.check("pl"))
        assert languages.BY_CODE["pl"] not in languages.available()
        catalogs.init("de")
        assert languages.review_status("de") == "draft"
    finally:
        languages.catalog.cache_clear()


# -- the same facts in every language, and drafts said honestly -------------


def broken(code, context, change):
    """A copy of a language's catalog with one message changed by `change(text)`."""
    cat = languages.read_catalog(languages.po_path(code), code)
    entry = next(m for m in cat if m.context == context)
    entry.string = change(entry.string)
    return cat


def fact(code, term):
    return texts(code).get(content.Msg("fact", term))


@pytest.mark.parametrize("code", CODES)
def test_dropping_a_key_fact_from_a_language_fails_its_check(code):
    # The relapse trigger that twelve short summaries once dropped.
    word = fact(code, "reduced")
    cat = broken(code, "outlook|sms", lambda text: re.sub(re.escape(word), "", text, flags=re.I))
    assert any("'reduced'" in p and "[outlook|sms]" in p for p in catalogs.check(code, cat))


@pytest.mark.parametrize("code", CODES)
def test_tied_facts_split_across_parts_fail_the_check(code):
    # "Treating it matters" read without "but it does not seem to change how it goes", or the other way round,
    # tells a parent something the sheet does not: the two halves must be in one part.
    terms = [fact(code, "matters"), fact(code, "does not seem to change")]

    def split(text):
        # A part break right after whichever half comes first in this language.
        ends = sorted((text.casefold().index(t.casefold()), len(t)) for t in terms)
        at = ends[0][0] + ends[0][1]
        return text[:at] + "\n---\n" + text[at:]

    problems = catalogs.check(code, broken(code, "causes|sms", split))
    assert any("must stand together" in p and "'matters'" in p for p in problems), problems


def test_the_harmful_turkish_sentence_would_fail_the_check():
    # The sentence the medical review found: "its treatment does not seem to change the course", alone.
    cat = broken("tr", "causes|sms", lambda text: re.sub(r"[^.\n]*" + re.escape(fact("tr", "matters")) + r"[^.\n]*\.\s*", "", text, flags=re.I))
    assert any("'matters'" in p for p in catalogs.check("tr", cat))


def test_latin_script_medical_words_in_another_script_fail_the_check():
    cat = broken("ta", "about|sms", lambda text: text + " ataxia")
    assert any("Latin-script words ['ataxia']" in p for p in catalogs.check("ta", cat))
    assert not any("Latin-script" in p for p in catalogs.check("ta"))


def test_a_section_too_long_for_four_segments_fails_the_check_and_a_part_break_mends_it():
    t = texts("pl")
    whole = " ".join(content.parts(t.get(content.SECTIONS[4].sms)))
    problems = catalogs.check("pl", broken("pl", "treatment|sms", lambda text: whole))
    assert any("'treatment'" in p and "segments" in p for p in problems), problems


@pytest.mark.parametrize("code", [c for c in CODES if not catalogs.uses_latin_script(c)])
def test_non_latin_languages_keep_to_their_script(app, code):
    texter = Texter(app)
    texter.send(languages.BY_CODE[code].reply_code)
    for body in ["MENU", "HELP", "TRUST", *[str(n) for n in range(1, 9)]]:
        reply = texter.send(body)
        for value in content.CONTACT.values():
            reply = reply.replace(value, "")
        strays = set(re.findall(r"[A-Za-z]+", reply)) - catalogs.LATIN_ALLOWED
        assert not strays, (body, strays)


def test_benign_is_never_mild_in_english_nor_left_as_the_english_word_elsewhere():
    assert "mild" not in content.SECTIONS[1].sms.id and "mild" not in content.SECTIONS[1].voice.id
    for code in CODES:
        if not catalogs.uses_latin_script(code):
            assert "benign" not in texts(code).get(content.SECTIONS[1].sms).lower()


def test_the_first_reply_in_a_draft_language_says_so_and_how_to_get_english(app):
    texter = Texter(app)
    texter.send("PL")
    assert texter.notice == texts("pl").get(prompts.SMS["draft"])
    texter.send("3")
    assert texter.notice is None  # once, not on every reply
    back = texter.send("EN")
    assert back.startswith("Language: English.") and texter.notice is None


def test_a_call_in_a_draft_language_is_told_so_after_the_welcome(app, make_call):
    call = make_call(app)
    call.start()
    turn = call.press(str([lang.code for lang in languages.TABLE].index("pl") + 1))
    draft = texts("pl").get(prompts.VOICE["draft"])
    welcome = texts("pl").get(prompts.VOICE["welcome"])
    assert welcome in turn.text and draft in turn.text
    assert turn.text.index(welcome) < turn.text.index(draft)
    english = make_call(app, OTHER_NUMBER)
    english.start()
    assert "medical translator" not in english.press("1").text


@pytest.fixture
def reviewed_polish(locales_copy):
    """The catalogs as they are, but with Polish recorded as reviewed by a medical translator."""
    catalogs.set_review_status("pl", "reviewed 2027-01-10 by A. Nowak, medical translator")
    languages.catalog.cache_clear()
    languages.translations.cache_clear()


def test_a_reviewed_language_gets_no_draft_notice(reviewed_polish, make_app):
    texter = Texter(make_app(HELPLINE_LANGUAGES=ALL))
    texter.send("PL")
    assert texter.notice is None
    texter = Texter(make_app(HELPLINE_LANGUAGES=ALL), OTHER_NUMBER)
    texter.send("RO")
    assert texter.notice == texts("ro").get(prompts.SMS["draft"])


def test_one_setting_offers_only_reviewed_languages(reviewed_polish, make_app, caplog):
    app = make_app(HELPLINE_LANGUAGES=None, REVIEWED_LANGUAGES_ONLY="1")
    assert [lang.code for lang in app.extensions["helpline"].lexicon.offered] == ["en", "pl"]
    texter = Texter(app)
    assert "RO" not in texter.send("LANG").split()
    assert texter.send("Română").startswith("Sorry")  # not offered: not understood as a choice either


def test_drafts_are_named_at_start_and_by_helpline_languages(make_app, caplog):
    make_app(HELPLINE_LANGUAGES=ALL)
    assert "offered in draft" in caplog.text and "pl" in caplog.text and "tr" in caplog.text
    result = CliRunner().invoke(main, ["languages"])
    assert result.exit_code == 0
    assert "Offered in draft, not yet checked by a medical translator" in result.output
    assert "REVIEWED_LANGUAGES_ONLY=1" in result.output


def test_reviewed_only_setting_must_be_yes_or_no(make_app):
    from helpline.config import ConfigError

    with pytest.raises(ConfigError, match="REVIEWED_LANGUAGES_ONLY"):
        make_app(REVIEWED_LANGUAGES_ONLY="sometimes")


# -- every per-message rule of the translators' check, each broken once ------------


@pytest.mark.parametrize("context,change,expected", [
    ("support|sms", lambda t: t.replace("%(phone)s", "01475 794 577"), "placeholders differ"),
    ("help|sms", lambda t: t.replace("999", "112"), "numbers missing or changed: ['999']"),
    ("help|sms", lambda t: t.replace("STOP", "STOPP"), "keyword STOP must stay as it is"),
    ("trust|sms", lambda t: t + "\u200f", "direction control characters"),
    ("menu|sms", lambda t: t + " 50%", "a lone %"),
])
def test_each_rule_of_the_check_fails_a_catalog_that_breaks_it(context, change, expected):
    code = "ar" if "direction" in expected else "pl"
    problems = catalogs.check(code, broken(code, context, change))
    assert any(f"[{context}]" in p and expected in p for p in problems), problems
    assert not catalogs.check(code)  # the catalog as it is passes


def test_oms_naming_the_illness_fails_where_it_is_the_world_health_organization():
    problems = catalogs.check("fr", broken("fr", "about|sms", lambda t: "OMS/DES " + t))
    assert any("World Health Organization" in p for p in problems), problems
    assert not any("World Health Organization" in p for p in catalogs.check("pl", broken("pl", "about|sms", lambda t: "OMS " + t)))


def test_a_fuzzy_entry_is_never_sent_and_fails_the_check():
    cat = broken("pl", "team|title", lambda t: t)
    next(m for m in cat if m.context == "team|title").flags.add("fuzzy")
    assert any("[team|title]: fuzzy" in p for p in catalogs.check("pl", cat))
    t = Lexicon((languages.DEFAULT, languages.BY_CODE["pl"]), {"pl": languages.compiled(cat)}).texts["pl"]
    assert t.get(content.SECTIONS[5].title) == "Care team"  # the English, not an unchecked translation


def test_a_sms_reply_past_four_segments_fails_the_check():
    problems = catalogs.check("pl", broken("pl", "help|sms", lambda t: t + " " + t))
    assert any("SMS reply 'help'" in p and "segments" in p for p in problems), problems


def test_a_word_that_means_two_things_or_stop_fails_the_check():
    problems = catalogs.check("pl", broken("pl", "trust|words", lambda t: t + " STOP"))
    assert any("opt-out/opt-in word" in p for p in problems), problems
    first_menu_word = texts("pl").get(content.COMMAND_WORDS["menu"]).split()[0]
    problems = catalogs.check("pl", broken("pl", "help|words", lambda t: t + " " + first_menu_word))
    assert any("also means" in p for p in problems), problems


def test_the_apology_is_said_in_english_where_the_language_has_no_twilio_voice(make_app, client):
    from conftest import BASE, TOKEN
    from twilio.request_validator import RequestValidator
    import xml.etree.ElementTree as ET

    fields = {"CallSid": "CA" + "2" * 32, "AccountSid": "AC" + "0" * 32, "From": NUMBER}
    for code, voice in (("ur", "Polly.Amy"), ("pl", "Polly.Ewa")):
        url = f"{BASE}/voice/fallback?lang={code}"
        response = client.post(f"/voice/fallback?lang={code}", data=fields,
                               headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, fields)})
        say = ET.fromstring(response.data).find("Say")
        assert say.get("voice") == voice  # Urdu has no voice: English, never rendered audio that could fail


def test_no_caller_waits_on_gtts_even_when_the_network_hangs(make_app, make_call, monkeypatch):
    import time

    from servers import HungServer

    hung = HungServer()  # a proxy that accepts and never answers: gTTS waits its whole timeout
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{hung.port}")
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{hung.port}")
    try:
        app = make_app(HELPLINE_LANGUAGES="en,ur", TTS_ENGINE="gtts")
        call = make_call(app)
        start = time.monotonic()
        turn = call.start()  # the language menu has Urdu's line: nothing is rendered yet
        assert time.monotonic() - start < 2.0  # espeak-ng now, gTTS (5 s and failing) in the background
        assert [s.play for s in turn.heard if s.play] and all(s.play.endswith(".mp3") for s in turn.heard if s.play)
    finally:
        hung.close()


def test_gtts_is_tried_on_a_freshly_booted_machine(tmp_path):
    import time

    from helpline.audio import GTTS_PAUSE, Renderer

    # time.monotonic() counts from the host's boot: a failure "at 0.0" would pause gTTS on a fresh machine.
    renderer = Renderer(str(tmp_path), "gtts")
    assert time.monotonic() - renderer._gtts_failed_at > GTTS_PAUSE
