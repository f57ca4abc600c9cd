"""A package that installs anywhere, and a language that drops out is never silent."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Texter
from helpline import catalogs, languages
from helpline.cli import main
from helpline.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent

SMS_THROUGH_THE_WHEEL = """
import helpline, sys
from helpline import create_app
from helpline.simulate import TwilioSimulator
assert "site-packages" in helpline.__file__, helpline.__file__
app = create_app({"TWILIO_AUTH_TOKEN": "t", "PUBLIC_BASE_URL": "https://h.example.org",
                  "STORE_URL": "sqlite:///" + sys.argv[1], "HELPLINE_SECRET": "s", "OPTOUT_JOURNAL": sys.argv[2]})
print(TwilioSimulator(app, "+447400123456").text("PL")[0])
"""


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    """The helpline built as a wheel and installed into a fresh virtual environment outside the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The wheel's dependencies come from this environment's site-packages (a plain path: its editable finder,
    # which would bring back the checkout, is not loaded); the helpline itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((work / "dist").glob("helpline-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    return venv, work


def test_a_wheel_installed_elsewhere_offers_every_language(wheel_venv):
    venv, work = wheel_venv
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HELPLINE_", "STORE_", "TWILIO_"))}
    listing = subprocess.run([str(venv / "bin" / "python"), "-m", "helpline", "languages"], cwd=work, env=env,
                             capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    for lang in languages.TABLE:
        row = next(line for line in listing.stdout.splitlines() if line.startswith(lang.code + " "))
        assert " yes " in row, row
    sms = subprocess.run([str(venv / "bin" / "python"), "-c", SMS_THROUGH_THE_WHEEL, str(work / "h.sqlite3"),
                          str(work / "journal")], cwd=work, env=env, capture_output=True, text=True)
    assert sms.returncode == 0, sms.stderr
    assert sms.stdout.startswith("Język: Polski.")


def test_without_its_catalogs_the_app_refuses_to_start_naming_where_it_looked(make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(languages, "LOCALES_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ConfigError, match="translations were not found"):
        make_app(HELPLINE_LANGUAGES=None)
    assert make_app(HELPLINE_LANGUAGES="en")  # English alone, asked for, still starts


@pytest.fixture
def polish_gone_fuzzy(locales_copy):
    """The catalogs after an English change that the Polish translator has not yet checked."""
    po = locales_copy / "pl" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgctxt "team|title"', '#, fuzzy\nmsgctxt "team|title"', 1), encoding="utf-8")
    languages.catalog.cache_clear()
    languages.translations.cache_clear()


def test_a_language_that_drops_out_is_named_at_start_and_by_helpline_languages(polish_gone_fuzzy, make_app, caplog):
    app = make_app(HELPLINE_LANGUAGES=None)
    assert "pl" not in [lang.code for lang in app.extensions["helpline"].lexicon.offered]
    assert "pl is not offered: its catalog has 1 fuzzy after an English change (team|title)" in caplog.text
    out = CliRunner().invoke(main, ["languages"]).output
    assert "pl is not offered: its catalog has 1 fuzzy after an English change (team|title)." in out
    assert any("[team|title]: fuzzy" in p for p in catalogs.check("pl"))


def test_a_family_whose_language_dropped_out_gets_english_and_one_line_why(polish_gone_fuzzy, make_app):
    app = make_app(HELPLINE_LANGUAGES=None)
    store = app.extensions["helpline"].state.store
    store.commit("+447400123456", {"language": "pl"})
    texter = Texter(app)
    assert texter.send("3").startswith("3/8 Symptoms")
    assert texter.notice.startswith("Your language is not available just now")
    assert texter.send("4").startswith("4/8 Diagnosis") and texter.notice is None  # once
