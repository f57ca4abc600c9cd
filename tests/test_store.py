"""State is real, shared, private and durable."""

import logging
import sqlite3

from conftest import NUMBER, OTHER_NUMBER
from helpline import create_app
from helpline.conversation import State
from helpline.store import SqliteStore, normalise_number


def test_opt_out_survives_a_new_app_on_the_same_store(make_app, make_texter):
    assert make_texter(make_app()).send("STOP") is not None
    restarted = make_texter(make_app())
    assert restarted.send("MENU") is None
    assert restarted.send("START").startswith("OMS/DES information")


def test_state_written_by_one_instance_is_read_by_another(make_app, make_texter):
    first, second = make_texter(make_app()), make_texter(make_app())
    assert first.send("3").startswith("3/8")
    assert second.send("MORE").startswith("4/8 Diagnosis, 1/2")
    assert first.send("MORE").startswith("4/8 Diagnosis, 2/2")


def test_numbers_are_kept_apart(app, make_texter):
    a, b = make_texter(app, NUMBER), make_texter(app, OTHER_NUMBER)
    a.send("STOP")
    assert a.send("1") is None
    assert b.send("1").startswith("1/8")


def test_no_phone_number_or_its_digits_in_the_database_or_logs(make_app, make_texter, tmp_path, caplog):
    with caplog.at_level(logging.DEBUG):
        app = make_app()
        texter = make_texter(app)
        for body in ["hi", "3", "MORE", "LANG", "EN", "STOP", "START"]:
            texter.send(body)
    store = app.extensions["helpline"].store
    store._connect().execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("helpline.sqlite3"))
    for needle in ["+447400123456", "447400123456", "07400123456", "7400123456", "400123456"]:
        assert needle.encode() not in raw
        assert needle.encode("utf-16-le") not in raw
        assert needle not in caplog.text
    rows = sqlite3.connect(tmp_path / "helpline.sqlite3").execute("SELECT key FROM callers").fetchall()
    assert len(rows) == 1 and len(rows[0][0]) == 64  # one HMAC-SHA256, hex


def test_the_key_depends_on_the_secret(tmp_path):
    one = SqliteStore(str(tmp_path / "a.sqlite3"), "secret-one")
    two = SqliteStore(str(tmp_path / "b.sqlite3"), "secret-two")
    assert one.key(NUMBER) != two.key(NUMBER)
    assert one.key(NUMBER) == one.key("+44 7400 123456")


def test_secret_is_generated_once_and_kept_in_the_instance_folder(tmp_path):
    config = {"TWILIO_AUTH_TOKEN": "t", "INSTANCE_PATH": str(tmp_path / "instance")}
    first = create_app(config)
    second = create_app(config)
    assert first.config["HELPLINE_SECRET"] == second.config["HELPLINE_SECRET"]
    assert len(first.config["HELPLINE_SECRET"]) == 64
    secret_file = tmp_path / "instance" / "helpline-secret"
    assert secret_file.read_text().strip() == first.config["HELPLINE_SECRET"]
    assert secret_file.stat().st_mode & 0o077 == 0  # readable by the service alone
    assert (tmp_path / "instance" / "helpline.sqlite3").exists()  # the default store is there too


def test_twilio_retry_of_a_message_gets_the_same_answer_and_moves_nothing(app, texter):
    fields = texter.sim.sms_fields("3")
    first = texter.sim.post("/sms", fields).data
    texter.sim.post("/sms", texter.sim.sms_fields("MORE"))
    more = texter.sim.sms_fields("MORE")
    again = texter.sim.post("/sms", more).data
    assert texter.sim.post("/sms", more).data == again  # retried MORE: same part, not the next
    assert texter.sim.post("/sms", fields).data == first
    assert texter.send("MORE").startswith("5/8")  # 3, then diagnosis in two parts, then treatment


def test_withheld_and_malformed_numbers_are_not_remembered():
    for raw in ["anonymous", "Anonymous", "+266696687", "+86282452253", "", None, "restricted", "12", "hello"]:
        assert normalise_number(raw) is None
    assert normalise_number("+44 7400 123456") == NUMBER


def test_old_state_is_purged_after_the_retention_period(tmp_path):
    store = SqliteStore(str(tmp_path / "p.sqlite3"), "s", retention_days=30)
    store.save(NUMBER, State(language="en", opted_out=True))
    store._connect().execute("UPDATE callers SET last_seen = last_seen - 31 * 86400")
    store.save(OTHER_NUMBER, State(last_section=2))
    assert store.purge() == 1
    assert store.load(NUMBER) == State()
    assert store.load(OTHER_NUMBER).last_section == 2


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_reports_an_unusable_store(app, client, tmp_path):
    store = app.extensions["helpline"].store
    store._connect().close()
    (tmp_path / "helpline.sqlite3").write_bytes(b"this is not a database" * 100)
    store._local.db = None
    assert client.get("/healthz").status_code == 503
