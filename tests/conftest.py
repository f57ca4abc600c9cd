"""Fixtures: a fresh app on a temporary SQLite store, and a texter that sends signed SMS."""

import shutil

import pytest

from helpline import create_app
from helpline.simulate import TwilioSimulator
from servers import RedisServer

TOKEN = "test-auth-token-0123456789abcdef"
BASE = "https://helpline.example.org"
NUMBER = "+447400123456"  # a UK mobile number libphonenumber accepts
OTHER_NUMBER = "+447400654321"


@pytest.fixture
def make_app(tmp_path):
    """Build an app on this test's store; several apps may share it."""

    def make(**overrides):
        config = {
            "TESTING": True,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "PUBLIC_BASE_URL": BASE,
            "STORE_URL": f"sqlite:///{tmp_path / 'helpline.sqlite3'}",
            "OPTOUT_JOURNAL": str(tmp_path / "optout-journal"),
            "HELPLINE_SECRET": "test-secret",
            # The English tests see English alone; tests/test_languages.py offers them all.
            "HELPLINE_LANGUAGES": "en",
            "AUDIO_DIR": str(tmp_path / "audio"),
            "TTS_ENGINE": "espeak",
            # Conversations in the tests are long; tests/test_edge.py holds the limit itself.
            "SMS_RATE_LIMIT": "1000/hour",
        }
        config.update(overrides)
        return create_app(config)

    return make


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server for the whole test session, on a free loopback port."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "redis"])
def store_url(request, tmp_path):
    """Each store the helpline can run on: the same tests hold for both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'helpline.sqlite3'}"
    server = request.getfixturevalue("redis_server")
    if server.process is None or server.process.poll() is not None:
        server.start()  # a fault test stopped it
    server.command("FLUSHALL")
    return server.url


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


class Texter:
    """A parent texting the helpline: send() returns the reply text, or None for no reply.

    A notice sent as a message of its own after the reply (a draft translation) is kept in `notice`.
    """

    def __init__(self, app, number=NUMBER):
        self.sim = TwilioSimulator(app, number)
        self.notice = None

    def send(self, body: str) -> str | None:
        replies = self.sim.text(body)
        assert len(replies) <= 2, replies
        self.notice = replies[1] if len(replies) > 1 else None
        return replies[0] if replies else None


@pytest.fixture
def texter(app):
    return Texter(app)


@pytest.fixture
def make_texter():
    return Texter


@pytest.fixture
def make_call():
    """Start a call from a number: make_call(app, number, dial_status='completed')."""
    from helpline.simulate import PhoneCall

    def make(app, number=NUMBER, dial_status="completed", to="+441632960000"):
        return PhoneCall(TwilioSimulator(app, number, to), dial_status=dial_status)

    return make


@pytest.fixture
def call(app, make_call):
    return make_call(app)


@pytest.fixture
def locales_copy(tmp_path, monkeypatch):
    """The catalogs, in a copy a test may change (a translator's edit, a review, an English change)."""
    from helpline import languages

    locales = tmp_path / "locales"
    shutil.copytree(languages.LOCALES_DIR, locales)
    monkeypatch.setattr(languages, "LOCALES_DIR", str(locales))

    def reload():
        languages.catalog.cache_clear()
        languages.translations.cache_clear()

    reload()
    yield locales
    reload()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (no browser download), for pages as a person sees them."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()
