"""What may import what (ARCHITECTURE.md): the core knows no web framework and no Twilio; channels stay apart."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "helpline"
CORE = ["conversation", "dialogue", "content", "prompts", "languages", "smstext", "phones"]
CHANNELS = {"sms": {"sms"}, "voice": {"voice", "phonecall"}, "web": {"web"}}
FRAMEWORKS = {"flask", "werkzeug", "twilio", "jinja2", "gunicorn"}


def imports(module: str, package: Path = PACKAGE) -> set[str]:
    """Every module a helpline module imports: top-level names for outside packages, helpline's own by name."""
    tree = ast.parse((package / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.add((node.module or "").split(".")[0])
            elif node.module:
                found.add("helpline." + node.module.split(".")[0])
            else:
                found |= {"helpline." + alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("module", CORE)
def test_the_core_imports_no_web_framework_no_twilio_and_no_channel(module):
    found = imports(module)
    assert not found & FRAMEWORKS, found & FRAMEWORKS
    channels = {f"helpline.{m}" for ms in CHANNELS.values() for m in ms}
    assert not found & channels, found & channels


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_channel_never_imports_another(channel):
    others = {f"helpline.{m}" for name, ms in CHANNELS.items() if name != channel for m in ms}
    for module in CHANNELS[channel]:
        assert not imports(module) & others, (module, imports(module) & others)


def test_the_rule_holds_for_a_module_that_breaks_it(tmp_path):
    # The check itself can fail: a core module that imports Flask, or a channel, is caught.
    (tmp_path / "conversation.py").write_text("from flask import request\nfrom . import voice\nfrom .sms import bp\n")
    assert {"flask", "helpline.voice", "helpline.sms"} <= imports("conversation", tmp_path)
