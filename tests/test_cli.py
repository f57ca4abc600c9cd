"""The `helpline` command, as a hospital's IT person would use it."""

import re
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpline.cli import main
from servers import HelplineServer

HELPLINE = str(Path(sys.executable).parent / "helpline")


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A clean environment pointing the helpline at this test's folder."""
    for name in ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "HELPLINE_LANGUAGES", "TRUST_PHONE"]:
        monkeypatch.delenv(name, raising=False)
    values = {"STORE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "HELPLINE_SECRET": "cli-test-secret"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_chat_prints_replies_with_segments_and_encoding(env):
    result = CliRunner().invoke(main, ["chat"], input="hi\n3\nsymtoms\nTRUST\nStop.\nhello\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "you> hi" in out and "1 About OMS/DES" in out
    assert "3/8 Symptoms" in out
    counts = re.findall(r"\[(\d) segment\(s\), (GSM-7|UCS-2)", out)
    assert len(counts) >= 4 and all(1 <= int(n) <= 4 and enc == "GSM-7" for n, enc in counts), counts
    assert "01475 794 577" in out
    assert "no more messages" in out
    assert out.rstrip().endswith("(no reply)")  # after STOP, nothing


def test_chat_remembers_between_sessions(env):
    CliRunner().invoke(main, ["chat", "--from", "+447400111222"], input="3\n")
    result = CliRunner().invoke(main, ["chat", "--from", "+447400111222"], input="more\n")
    assert "4/8 Diagnosis" in result.output


def test_serve_refuses_a_public_address_in_local_mode(env):
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "TWILIO_AUTH_TOKEN" in result.output


def test_bad_configuration_is_named(env, monkeypatch):
    monkeypatch.setenv("TRUST_PHONE", "call the trust")
    result = CliRunner().invoke(main, ["chat"], input="")
    assert result.exit_code != 0
    assert "TRUST_PHONE" in result.output


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_signed_webhooks_over_http(env, tmp_path):
    server = HelplineServer({"STORE_URL": f"sqlite:///{tmp_path / 'h.sqlite3'}", "OPTOUT_JOURNAL": str(tmp_path / "j")},
                            workers=1)
    try:
        body = server.sms("+447400123456", "TRUST")
        assert "<Message>" in body and "01475 794 577" in body
        fields = {"From": "+447400123456", "Body": "TRUST", "MessageSid": "SM" + "9" * 32}
        unsigned = urllib.request.Request(server.base + "/sms", data=urllib.parse.urlencode(fields).encode())
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(unsigned, timeout=5)
        assert refused.value.code == 403
    finally:
        server.stop()


def test_a_token_without_a_public_base_url_stops_the_server_naming_it(env, monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "a-token")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code != 0
    assert "PUBLIC_BASE_URL" in result.output and "Traceback" not in result.output


def test_call_walks_the_phone_menu_in_a_terminal(env):
    keys = "1\n3\n2\n\n\n0\nno-answer\n\n"
    result = CliRunner().invoke(main, ["call"], input=keys)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "SAY [en-GB, Polly.Amy]  For English, press 1." in out
    assert "For symptoms, press 3." in out
    assert "Sorry, I did not hear a choice." in out
    assert "DIAL  +441475794577" in out
    assert "could not answer" in out and "0 1 4 7 5, 7 9 4, 5 7 7" in out
    assert out.rstrip().endswith("(call ended)")


def test_call_with_speech_and_a_trust_that_answers(env):
    result = CliRunner().invoke(main, ["call", "--trust", "completed"], input="1\nsymptoms\n0\n")
    out = result.output
    assert "The symptoms vary a lot." in out
    assert "(the Trust hears: A family calling from the dancing eye syndrome helpline, in English." in out
    assert "Thank you for calling. Goodbye." in out and out.rstrip().endswith("(call ended)")
