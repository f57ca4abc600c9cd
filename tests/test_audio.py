"""Speech files: rendered offline for every language, rebuilt only where a text changed, people's recordings."""

import shutil
import time

import pytest
from click.testing import CliRunner
from mutagen.mp3 import MP3

from helpline import audio as audio_module
from helpline import content, languages, voice
from helpline.audio import spoken
from helpline.cli import main


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """The helpline's settings in the environment, as an operator runs `helpline audio ...`."""
    for name in ("TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    values = {"STORE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}", "HELPLINE_SECRET": "s",
              "OPTOUT_JOURNAL": str(tmp_path / "j"), "AUDIO_DIR": str(tmp_path / "audio"),
              "HELPLINE_LANGUAGES": "en,ar,pl,ur", "TTS_ENGINE": "espeak"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def files(folder):
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.mp3")}


def build(*args):
    return CliRunner().invoke(main, ["audio", "build", *args])


def test_every_part_renders_offline_decodes_and_lasts_as_long_as_its_text(settings, tmp_path):
    result = build("--engine", "espeak", "--languages", "en,ar,pl", "--jobs", "4")
    assert result.exit_code == 0, result.output
    audio = tmp_path / "audio"
    rendered = files(audio)
    assert len(rendered) == 3 * len(content.SECTIONS)  # each part, in English, Arabic (right to left), Polish
    from helpline import create_app

    app = create_app({"STORE_URL": settings["STORE_URL"], "HELPLINE_SECRET": "s", "OPTOUT_JOURNAL": settings["OPTOUT_JOURNAL"],
                      "AUDIO_DIR": settings["AUDIO_DIR"], "HELPLINE_LANGUAGES": "en,ar,pl,ur", "TTS_ENGINE": "espeak"})
    helpline = app.extensions["helpline"]
    for (code, key), text in spoken(helpline.lexicon).items():
        if code not in ("en", "ar", "pl"):
            continue
        name = helpline.audio.name("espeak", languages.BY_CODE[code], text)
        seconds = MP3(str(audio / name)).info.length  # decodes as MP3
        words = len(text.split())
        assert 0.15 * words < seconds < 1.2 * words, (code, key, seconds, words)


def test_a_rebuild_renders_nothing_new_and_one_changed_text_one_file(settings, tmp_path, locales_copy, monkeypatch):
    monkeypatch.setenv("HELPLINE_LANGUAGES", "en,pl")
    assert build().exit_code == 0
    audio = tmp_path / "audio"
    before = files(audio)
    assert build().exit_code == 0
    assert files(audio) == before  # nothing rendered again
    po = locales_copy / "pl" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    marker = 'msgctxt "symptoms|voice"'
    at = text.index(marker)
    end = text.index("\n\n", at)
    po.write_text(text[:end] + '\n"Koniec."' + text[end:], encoding="utf-8")  # one sentence more in one text
    languages.catalog.cache_clear()
    languages.translations.cache_clear()
    result = build()
    assert result.exit_code == 0, result.output
    after = files(audio)
    new = set(after) - set(before)
    assert len(new) == 1
    assert len(set(before) - set(after)) == 1  # the old file, which no text needs, is gone
    assert all(after[n] == before[n] for n in set(before) & set(after))


def test_a_recording_is_used_until_its_text_changes(settings, tmp_path, locales_copy, make_app, make_call):
    assert build("--languages", "pl").exit_code == 0
    audio = tmp_path / "audio"
    recorded = audio / "recorded" / "pl"
    recorded.mkdir(parents=True)
    take = next(audio.glob("*.mp3"))
    shutil.copy(take, recorded / "symptoms.mp3")
    status = CliRunner().invoke(main, ["audio", "status"]).output
    assert "pl: " in status and "symptoms" in status
    assert (recorded / "symptoms.text-sha256").exists()  # the text it was made for, kept when first seen
    app = make_app(HELPLINE_LANGUAGES="en,pl", AUDIO_DIR=str(audio))
    call = make_call(app)
    call.start()
    call.press("2")  # Polski
    turn = call.press("3")
    assert turn.heard[0].play and turn.heard[0].play.endswith(".mp3")  # the person's voice, not <Say>
    # The Polish text of that part changes: the recording is out of date, and machine speech is back.
    po = locales_copy / "pl" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    at = text.index('msgctxt "symptoms|voice"')
    end = text.index("\n\n", at)
    po.write_text(text[:end] + '\n"Koniec."' + text[end:], encoding="utf-8")
    languages.catalog.cache_clear()
    languages.translations.cache_clear()
    assert "recordings out of date: symptoms" in CliRunner().invoke(main, ["audio", "status"]).output
    app = make_app(HELPLINE_LANGUAGES="en,pl", AUDIO_DIR=str(audio))
    call = make_call(app)
    call.start()
    call.press("2")
    turn = call.press("3")
    assert turn.heard[0].voice == "Polly.Ewa" and not turn.heard[0].play


def test_gtts_without_network_fails_fast_and_says_what_to_do(settings):
    result = build("--engine", "gtts", "--languages", "en")
    assert result.exit_code != 0
    assert "use --engine espeak" in result.output and "Traceback" not in result.output


def test_audio_is_served_as_mp3_with_ranges_and_never_outside_its_folder(settings, tmp_path, make_app):
    assert build("--languages", "en").exit_code == 0
    name = next((tmp_path / "audio").glob("*.mp3")).name
    client = make_app(AUDIO_DIR=str(tmp_path / "audio")).test_client()
    whole = client.get(f"/audio/{name}")
    assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
    assert "immutable" in whole.headers["Cache-Control"]
    part = client.get(f"/audio/{name}", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    assert part.headers["Content-Range"].startswith("bytes 0-99/")
    (tmp_path / "secret.mp3").write_bytes(b"x" * 10)
    for path in ["/audio/../secret.mp3", "/audio/..%2Fsecret.mp3", "/audio/%2e%2e%2fsecret.mp3",
                 "/audio//etc/passwd", "/audio/recorded/pl/symptoms.mp3"]:
        assert client.get(path).status_code == 404, path


def test_a_recording_dropped_in_while_the_helpline_runs_is_used_without_any_command(tmp_path, make_app, make_call):
    import hashlib

    audio = tmp_path / "audio"
    app = make_app(HELPLINE_LANGUAGES="en,ur", AUDIO_DIR=str(audio))
    take = (audio / "recorded" / "ur")
    take.mkdir(parents=True)
    # Any real MP3 will do as the person's take: one rendered by espeak-ng.
    voice = app.extensions["helpline"].lexicon.texts["ur"].get(content.SECTIONS[2].voice)
    rendered = app.extensions["helpline"].audio.render_with("espeak", languages.BY_CODE["ur"], voice + " ")
    shutil.copy(audio / rendered, take / "symptoms.mp3")
    served = hashlib.sha256((take / "symptoms.mp3").read_bytes()).hexdigest()[:32] + ".mp3"
    call = make_call(app)
    call.start()
    call.press("2")  # Urdu
    turn = call.press("3")
    assert turn.heard[0].play.endswith("/audio/" + served)
    assert (take / "symptoms.text-sha256").exists()  # the text it was made for, kept when first seen
    page = app.test_client().get("/l/ur/3").data.decode()
    assert f'src="/audio/{served}"' in page  # the listen page plays it too


def test_a_recording_dropped_in_while_the_line_runs_is_heard_within_seconds(settings, tmp_path, make_app, make_call,
                                                                             monkeypatch):
    # Call steps' TwiML is reused for a few seconds (a new caller's language menu is the same for every caller);
    # a recording added meanwhile is heard once that time, and the recordings' own rescan, has passed.
    assert build("--languages", "pl").exit_code == 0
    audio = tmp_path / "audio"
    app = make_app(HELPLINE_LANGUAGES="en,pl", AUDIO_DIR=str(audio))
    call = make_call(app)
    call.start()
    call.press("2")
    assert not call.press("3").heard[0].play  # machine speech: Twilio's Polish voice
    recorded = audio / "recorded" / "pl"
    recorded.mkdir(parents=True)
    shutil.copy(next(audio.glob("*.mp3")), recorded / "symptoms.mp3")
    assert CliRunner().invoke(main, ["audio", "status"]).exit_code == 0
    later = time.monotonic() + voice.REUSE_SECONDS + audio_module.Recordings.RESCAN_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    call = make_call(app)
    call.start()  # a known caller: straight to the menu, in Polish
    assert call.press("3").heard[0].play.endswith(".mp3")  # the person's voice
