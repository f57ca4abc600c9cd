"""Reports for the Trust and the hospital: anonymous counters, 'helpline report', and a page behind a password."""

import base64
import csv
import io
import os
import threading
from pathlib import Path

from click.testing import CliRunner

from conftest import NUMBER, OTHER_NUMBER, Texter
from helpline.cli import main
from helpline.store.guard import today

SHOTS = Path(os.environ.get("HELPLINE_TEST_OUTPUT", Path(__file__).resolve().parent.parent / "test-output"))


def activity(app, make_call):
    """A little of everything: texts in two languages, a call put through, an opt-out, a refused sender."""
    a = Texter(app)
    for body in ["hi", "3", "MORE", "PL", "5", "STOP"]:
        a.send(body)
    b = Texter(app, OTHER_NUMBER)
    for n in range(6):
        b.send(str(n % 8 + 1))
    Texter(app, "+33612345678").send("3")  # outside the allowed countries
    call = make_call(app, "+447400999999", dial_status="busy")
    call.start()
    call.press("1")
    call.press("4")
    call.press("0")


def test_counters_say_what_was_done_and_hold_nothing_that_points_to_a_family(make_app, make_call, tmp_path):
    app = make_app(HELPLINE_LANGUAGES="en,pl")
    activity(app, make_call)
    counts = app.extensions["helpline"].state.store.tallies(today(), today())[today()]
    assert counts["sms"] == 13 and counts["voice"] == 1
    assert counts["language:pl"] == 3 and counts["language switch"] == 2  # PL by text, English by phone
    assert counts["section:3"] == 2 and counts["section:4"] == 3 and counts["opt-out"] == 1  # 4: MORE, 4, and 4 by phone
    assert counts["refused:country"] == 1 and counts["put-through:busy"] == 1
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("helpline.sqlite3*"))
    for needle in (NUMBER, OTHER_NUMBER, "+33612345678", "447400999999"):
        assert needle.encode() not in raw


def test_helpline_report_prints_a_table_or_csv_with_small_numbers_suppressed(make_app, make_call, monkeypatch, tmp_path):
    app = make_app(HELPLINE_LANGUAGES="en,pl")
    activity(app, make_call)
    for name in ("STORE_URL", "HELPLINE_SECRET", "OPTOUT_JOURNAL"):
        monkeypatch.setenv(name, str(app.config[name]))
    monkeypatch.setenv("HELPLINE_LANGUAGES", "en,pl")
    for name in ("TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    table = CliRunner().invoke(main, ["report"]).output
    assert "Calls and texts" in table and "13" in table and "<5" in table
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(main, ["report", "--csv"]).output)))
    assert {"day": today(), "counter": "sms", "count": "13"} in rows
    assert {"day": today(), "counter": "voice", "count": "<5"} in rows
    exact = list(csv.DictReader(io.StringIO(CliRunner().invoke(main, ["report", "--csv", "--exact"]).output)))
    assert {"day": today(), "counter": "voice", "count": "1"} in exact
    assert CliRunner().invoke(main, ["report", "--from", "2026-13-01"]).exit_code != 0


def auth(password):
    return {"Authorization": "Basic " + base64.b64encode(f"trust:{password}".encode()).decode()}


def test_the_reports_page_is_behind_its_password_and_off_without_one(make_app):
    assert make_app().test_client().get("/reports").status_code == 404  # REPORTS_PASSWORD unset: no page
    client = make_app(REPORTS_PASSWORD="s3cret words").test_client()
    assert client.get("/reports").status_code == 401
    assert client.get("/reports", headers=auth("wrong")).status_code == 401
    page = client.get("/reports", headers=auth("s3cret words"))
    assert page.status_code == 200 and "the last 30 days" in page.data.decode()
    assert client.get("/reports.csv", headers=auth("s3cret words")).mimetype == "text/csv"
    # Over plain http, outside local mode, a password would cross the network in the clear.
    plain = make_app(REPORTS_PASSWORD="s3cret words", PUBLIC_BASE_URL="http://helpline.example.org").test_client()
    assert plain.get("/reports", headers=auth("s3cret words")).status_code == 403


def test_the_reports_page_passes_axe_in_a_real_browser(make_app, make_call, browser):
    from axe_playwright_python.sync_playwright import Axe
    from werkzeug.serving import make_server

    app = make_app(HELPLINE_LANGUAGES="en,pl", REPORTS_PASSWORD="pw", TWILIO_AUTH_TOKEN=None, PUBLIC_BASE_URL=None)
    signed = make_app(HELPLINE_LANGUAGES="en,pl")  # the same store, fed through signed webhooks
    activity(signed, make_call)
    server = make_server("127.0.0.1", 0, app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(http_credentials={"username": "trust", "password": "pw"},
                                      viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/reports")
        assert page.locator("svg").count() == 4 and page.locator("table").count() == 4
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        assert results.violations_count == 0, results.generate_report()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "reports.png"), full_page=True)
        context.close()
    finally:
        server.shutdown()
