"""Speech for people who text: LISTEN links, listen pages (checked in a real Chromium with axe-core), WhatsApp."""

import os
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import BASE, Texter
from helpline import content, languages, prompts, smstext
from helpline.conversation import Lexicon

ALL = ",".join(lang.code for lang in languages.TABLE)
SHOTS = Path(os.environ.get("HELPLINE_TEST_OUTPUT", Path(__file__).resolve().parent.parent / "test-output"))


def texts(code):
    return Lexicon((languages.DEFAULT, languages.BY_CODE[code])).texts[code]


def test_listen_after_a_part_gives_a_short_link_to_its_page(make_app):
    texter = Texter(make_app(HELPLINE_LANGUAGES=ALL))
    texter.send("3")
    assert texter.send("LISTEN") == f"Listen to part 3, Symptoms: {BASE}/l/en/3"
    texter.send("PL")
    texter.send("5")
    own = texts("pl").get(content.COMMAND_WORDS["listen"]).split()[0]
    reply = texter.send(own)
    assert reply.endswith(f"{BASE}/l/pl/5") and smstext.segments(reply) <= 4
    assert texter.send("audio").endswith(f"{BASE}/l/pl/5")


def test_a_whatsapp_texter_gets_the_whole_part_with_its_speech_and_the_same_memory(make_app):
    app = make_app(HELPLINE_LANGUAGES=ALL)
    Texter(app).send("PL")  # chosen by SMS from the same number
    whatsapp = Texter(app, "whatsapp:+447400123456")
    response = whatsapp.sim.post("/sms", whatsapp.sim.sms_fields("5"))
    message = ET.fromstring(response.data).find("Message")
    body, media = message.find("Body").text, message.find("Media").text
    whole = content.parts(texts("pl").get(content.SECTIONS[4].sms))
    assert all(part in body for part in whole) and len(whole) > 1  # every part at once: no segment limit
    assert len(body) <= 1600
    assert media.startswith(BASE + "/audio/") and media.endswith(".mp3")
    served = app.test_client().get(media[len(BASE):])
    assert served.status_code == 200 and served.mimetype == "audio/mpeg"
    assert Texter(app).send("MORE").startswith("6/8 ")  # the SMS conversation goes on after it


def test_the_page_says_the_part_plays_its_speech_and_links_on(make_app):
    client = make_app(HELPLINE_LANGUAGES=ALL).test_client()
    page = client.get("/l/ar/3")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.data.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert texts("ar").get(content.SECTIONS[2].voice) in html
    assert '<audio controls preload="none" src="/audio/' in html
    assert 'href="/l/ar/2"' in html and 'href="/l/ar/4"' in html
    assert '<a href="tel:+441475794577" dir="ltr">01475 794 577</a>' in html  # read left to right in Arabic too
    assert "www.dancingeyes.org.uk" in html
    assert texts("ar").get(prompts.WEB["safety"]) in html and texts("ar").get(prompts.WEB["draft"]) in html
    assert '<a href="/l/pl/3" lang="pl" hreflang="pl" dir="ltr">Polski</a>' in html
    assert len(page.data) < 30_000
    assert "max-age" in page.headers["Cache-Control"]
    assert client.get("/l/en/3").data.decode().count("medical translator") == 0  # English is no draft
    assert client.get("/l/xx/3").status_code == 404 and client.get("/l/en/9").status_code == 404


def test_with_no_speech_yet_the_page_says_so_and_has_no_broken_player(make_app, monkeypatch):
    client = make_app(HELPLINE_LANGUAGES="en,ur").test_client()
    monkeypatch.setattr("helpline.audio.shutil.which", lambda name: None)  # no engine on this machine
    html = client.get("/l/ur/3").data.decode()
    assert "<audio" not in html and texts("ur").get(prompts.WEB["audio_coming"]) in html


# -- in a real browser ---------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The helpline served over HTTP on a free loopback port, for a real browser."""
    from werkzeug.serving import make_server

    from helpline import create_app

    folder = tmp_path_factory.mktemp("live")
    app = create_app({"STORE_URL": f"sqlite:///{folder / 'h.sqlite3'}", "HELPLINE_SECRET": "s",
                      "OPTOUT_JOURNAL": str(folder / "j"), "AUDIO_DIR": str(folder / "audio"),
                      "HELPLINE_LANGUAGES": ALL, "TTS_ENGINE": "espeak"})
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("code", ["en", "ar", "zh"])
def test_the_listen_page_passes_axe_wcag_21_aa_on_a_small_phone(live, browser, code):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live}/l/{code}/3")
    assert page.locator("audio").count() == 1
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()
    SHOTS.mkdir(parents=True, exist_ok=True)
    if code in ("en", "ar"):
        page.screenshot(path=str(SHOTS / f"listen-{code}-360px.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off a small screen
    page.close()


def test_each_part_says_how_to_hear_it_where_the_four_segments_allow(texter):
    replies = {n: texter.send(str(n)) for n in range(1, 9)}
    assert "Reply LISTEN to hear this part." in replies[8]  # a short part: room for it
    assert "LISTEN" not in replies[3]  # symptoms fills its four segments: no room
    assert all(smstext.segments(r) <= 4 for r in replies.values())
