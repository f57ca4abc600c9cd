"""State is real, shared, private and durable, in SQLite and in Redis alike."""

import fcntl
import logging
import os
import sqlite3
import stat

import pytest

from conftest import NUMBER, OTHER_NUMBER
from helpline import create_app
from helpline.config import ConfigError
from helpline.conversation import State
from helpline.phones import normalise_number
from helpline.store import open_store, sender_id
from helpline.store.guard import Guard
from helpline.store.sqlite import SqliteStore


@pytest.fixture
def store(store_url):
    return open_store(store_url, "test-secret", retention_days=30)


# -- the store's own promises, on every backend --------------------------------


def test_a_new_number_has_nothing_kept_and_a_change_is_kept(store):
    assert store.load(NUMBER) == State()
    assert store.commit(NUMBER, {"language": "pl", "last_section": 3, "last_part": 1}) is None
    assert store.load(NUMBER) == State("pl", 3, 1, False, known=True)
    assert store.load(OTHER_NUMBER) == State()


def test_a_change_writes_only_what_it_changed_so_an_opt_out_is_never_undone(store):
    before = store.load(NUMBER)  # a `3` reads the state...
    store.commit(NUMBER, {"opted_out": True})  # ...a STOP lands meanwhile...
    store.commit(NUMBER, {"last_section": 3, "last_part": 1})  # ...and the `3` writes what it changed
    assert before.opted_out is False
    assert store.load(NUMBER).opted_out is True
    store.commit(NUMBER, {"opted_out": False})
    assert store.load(NUMBER) == State(None, 3, 1, False, known=True)


def test_a_message_sid_is_applied_at_most_once(store):
    assert store.commit(NUMBER, {"last_section": 4}, "SM1", "four") is None
    assert store.commit(NUMBER, {"last_section": 5}, "SM1", "five") == "four"
    assert store.load(NUMBER).last_section == 4


def test_a_field_can_be_cleared(store):
    store.commit(NUMBER, {"language": "pl", "last_part": 2})
    store.commit(NUMBER, {"language": None, "last_part": None})
    assert store.load(NUMBER) == State(known=True)


def test_every_sender_twilio_delivers_from_keeps_its_stop(store):
    for sender in ["whatsapp:+447400123456", "12345", "VODAFONE", "Acme Ltd"]:
        store.commit(sender, {"opted_out": True})
        assert store.load(sender).opted_out, sender
    # WhatsApp's sender is the same person as the number: one memory, one opt-out.
    assert store.load(NUMBER).opted_out
    assert store.key("whatsapp:+447400123456") == store.key(NUMBER)
    assert store.key("VODAFONE") == store.key("vodafone") != store.key("12345")
    for withheld in ["anonymous", "Anonymous", "", None, "+266696687"]:
        assert store.key(withheld) is None


def test_the_health_check_writes_and_reads_back(store):
    store.check()


def test_the_key_depends_on_the_secret(store_url):
    one = open_store(store_url, "secret-one")
    two = open_store(store_url, "secret-two")
    assert one.key(NUMBER) != two.key(NUMBER)
    assert one.key(NUMBER) == one.key("+44 7400 123456")


# -- retention: state is forgotten, an opt-out never ------------------------


def test_old_state_is_purged_but_an_opt_out_never_lapses_in_sqlite(tmp_path):
    store = SqliteStore(str(tmp_path / "p.sqlite3"), "s", retention_days=30)
    store.commit(NUMBER, {"language": "en", "opted_out": True})
    store.commit(OTHER_NUMBER, {"language": "pl"})
    store._db().execute("UPDATE callers SET last_seen = last_seen - 31 * 86400")
    store.commit("+447400999999", {"last_section": 2})
    assert store.purge() == 2
    assert store.load(NUMBER) == State(opted_out=True, known=True)  # only the HMAC and the opt-out are left
    assert store.load(OTHER_NUMBER) == State()
    assert store.load("+447400999999").last_section == 2
    db = sqlite3.connect(tmp_path / "p.sqlite3")
    assert db.execute("SELECT count(*) FROM optouts").fetchone() == (1,)


def test_in_redis_state_expires_and_an_opt_out_has_no_expiry(redis_server):
    redis_server.command("FLUSHALL")
    store = open_store(redis_server.url, "s", retention_days=30)
    store.commit(NUMBER, {"language": "en", "opted_out": True})
    key = store.key(NUMBER)
    assert 29 * 86400 < store.client.ttl("helpline:caller:" + key) <= 30 * 86400
    assert store.client.ttl("helpline:optout:" + key) == -1  # never expires
    store.client.delete("helpline:caller:" + key)  # as expiry would
    assert store.load(NUMBER) == State(opted_out=True, known=True)


def made_by_an_earlier_version(path, schema: str, *rows: tuple) -> None:
    """A store file as an earlier version left it: its tables, and rows (SQL, values) in them."""
    db = sqlite3.connect(path)
    db.executescript(schema)
    for row in rows:
        db.execute(*row)
    db.commit()
    db.close()


def test_a_store_made_before_opt_outs_were_kept_apart_keeps_every_opt_out(tmp_path):
    path = tmp_path / "old.sqlite3"
    key = SqliteStore(str(tmp_path / "k.sqlite3"), "s").key(NUMBER)
    made_by_an_earlier_version(
        path,
        "CREATE TABLE callers (key TEXT PRIMARY KEY, language TEXT, last_section INTEGER, "
        "opted_out INTEGER NOT NULL DEFAULT 0, last_seen INTEGER NOT NULL);",
        ("INSERT INTO callers VALUES (?, 'pl', 3, 1, 1)", (key,)),
    )
    assert SqliteStore(str(path), "s").load(NUMBER) == State("pl", 3, None, True, known=True)


def test_a_store_with_the_tables_of_an_earlier_version_is_remade_in_key_order_and_keeps_every_row(tmp_path):
    path = tmp_path / "rowid.sqlite3"
    store = SqliteStore(str(tmp_path / "k.sqlite3"), "s")
    key, other = store.key(NUMBER), store.key(OTHER_NUMBER)
    made_by_an_earlier_version(
        path,
        "CREATE TABLE callers (key TEXT PRIMARY KEY, language TEXT, last_section INTEGER, last_part INTEGER, "
        "last_seen INTEGER NOT NULL, window INTEGER, sent INTEGER);"
        "CREATE TABLE optouts (key TEXT PRIMARY KEY); CREATE TABLE blocked (key TEXT PRIMARY KEY);"
        "CREATE TABLE counts (day TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, name));"
        "CREATE TABLE messages (sid TEXT PRIMARY KEY, reply TEXT NOT NULL, seen INTEGER NOT NULL);",
        ("INSERT INTO callers VALUES (?, 'pl', 3, 1, 1, NULL, NULL)", (key,)),
        ("INSERT INTO optouts VALUES (?)", (other,)),
        ("INSERT INTO blocked VALUES (?)", (other,)),
        ("INSERT INTO counts VALUES ('2026-12-07', 'sms', 5)",),
        ("INSERT INTO messages VALUES ('SM1', 'three', 1)",),
    )
    store = SqliteStore(str(path), "s")
    tables = dict(sqlite3.connect(path).execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert all("WITHOUT ROWID" in tables[name] for name in ("callers", "optouts", "blocked", "counts", "messages"))
    assert store.load(NUMBER) == State("pl", 3, 1, False, known=True)
    assert store.load(OTHER_NUMBER) == State(opted_out=True, known=True, blocked=True)
    assert store.tallies("2026-12-07", "2026-12-07") == {"2026-12-07": {"sms": 5}}
    assert store.commit(NUMBER, {"last_section": 4}, "SM1", "four") == "three"  # a retry is still known
    assert SqliteStore(str(path), "s").load(NUMBER).last_section == 3  # opening it again changes nothing


# -- privacy and files ---------------------------------------------------------


def test_no_phone_number_or_its_digits_at_rest_or_in_the_logs(make_app, make_texter, store_url, tmp_path, caplog):
    with caplog.at_level(logging.DEBUG):
        app = make_app(STORE_URL=store_url)
        texter = make_texter(app)
        for body in ["hi", "3", "MORE", "LANG", "EN", "STOP", "START"]:
            texter.send(body)
    store = app.extensions["helpline"].state.store
    if store_url.startswith("sqlite"):
        store._db().execute("PRAGMA wal_checkpoint(FULL)")
        raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("helpline.sqlite3"))
    else:
        raw = b"".join(k.encode() + repr(store.client.dump(k)).encode() for k in store.client.keys("*"))
    for needle in ["+447400123456", "447400123456", "07400123456", "7400123456", "400123456"]:
        assert needle.encode() not in raw
        assert needle.encode("utf-16-le") not in raw
        assert needle not in caplog.text


def test_the_sqlite_file_and_its_side_files_are_the_services_alone(make_app, make_texter, tmp_path):
    make_texter(make_app()).send("3")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("helpline.sqlite3")]
    assert {p.name for p in files} >= {"helpline.sqlite3", "helpline.sqlite3-wal", "helpline.sqlite3-shm"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


def test_secret_is_generated_once_and_kept_in_the_instance_folder(tmp_path):
    config = {"TWILIO_AUTH_TOKEN": "t", "PUBLIC_BASE_URL": "https://h.example.org", "INSTANCE_PATH": str(tmp_path / "i")}
    first = create_app(config)
    second = create_app(config)
    assert first.config["HELPLINE_SECRET"] == second.config["HELPLINE_SECRET"]
    assert len(first.config["HELPLINE_SECRET"]) == 64
    secret_file = tmp_path / "i" / "helpline-secret"
    assert secret_file.read_text().strip() == first.config["HELPLINE_SECRET"]
    assert secret_file.stat().st_mode & 0o077 == 0  # readable by the service alone
    assert (tmp_path / "i" / "helpline.sqlite3").exists()  # the default store is there too


# -- bad settings stop the app with one line naming STORE_URL ------------------


@pytest.mark.parametrize("url", ["sqlite://", "postgres://db/helpline", "redis://localhost:port/0", "redis://h:6379/x",
                                 "helpline.sqlite3"])
def test_a_malformed_store_url_is_named(make_app, url):
    with pytest.raises(ConfigError, match="STORE_URL"):
        make_app(STORE_URL=url)


def test_a_store_path_that_cannot_be_made_or_used_is_named(make_app, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(ConfigError, match="STORE_URL"):
        make_app(STORE_URL=f"sqlite:///{tmp_path / 'a-file' / 'h.sqlite3'}")
    (tmp_path / "garbage.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match="STORE_URL"):
        make_app(STORE_URL=f"sqlite:///{tmp_path / 'garbage.sqlite3'}")


# -- whole conversations on every backend ------------------------------------


def test_opt_out_survives_a_new_app_on_the_same_store(make_app, make_texter, store_url):
    texter = make_texter(make_app(STORE_URL=store_url))
    texter.send("hi")
    assert texter.send("STOP") is None  # Twilio confirms it
    restarted = make_texter(make_app(STORE_URL=store_url))
    assert restarted.send("MENU") is None
    assert restarted.send("START").startswith("You will get messages from this helpline again.")


def test_state_written_by_one_instance_is_read_by_another(make_app, make_texter, store_url):
    first, second = make_texter(make_app(STORE_URL=store_url)), make_texter(make_app(STORE_URL=store_url))
    assert first.send("3").startswith("3/8")
    assert second.send("MORE").startswith("4/8 Diagnosis, 1/2")
    assert first.send("MORE").startswith("4/8 Diagnosis, 2/2")


def test_numbers_are_kept_apart(make_app, make_texter, store_url):
    app = make_app(STORE_URL=store_url)
    a, b = make_texter(app, NUMBER), make_texter(app, OTHER_NUMBER)
    a.send("STOP")
    assert a.send("1") is None
    assert b.send("1").startswith("1/8")


def test_a_stop_from_whatsapp_or_a_short_code_is_kept(make_app, make_texter, store_url):
    app = make_app(STORE_URL=store_url)
    for sender in ["whatsapp:+447400123456", "60006"]:
        texter = make_texter(app, sender)
        texter.send("Stop.")  # confirmed to the WhatsApp sender; a short code, outside any country, gets nothing
        assert texter.send("3") is None
        assert app.extensions["helpline"].state.store.load(sender).opted_out
    assert make_texter(app, NUMBER).send("3") is None  # the same person's SMS


def test_twilio_retry_of_a_message_gets_the_same_answer_and_moves_nothing(make_app, make_texter, store_url):
    texter = make_texter(make_app(STORE_URL=store_url))
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
    assert sender_id("whatsapp:+44 7400 123456") == NUMBER
    assert sender_id("anonymous") is None and sender_id("12") == "sender:12"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_reports_a_deleted_store_and_a_file_that_is_not_one(app, client, tmp_path):
    for side in ["helpline.sqlite3-wal", "helpline.sqlite3-shm", "helpline.sqlite3"]:
        (tmp_path / side).unlink()
    assert client.get("/healthz").status_code == 503  # not the file the app opened: it is gone
    (tmp_path / "helpline.sqlite3").write_bytes(b"this is not a database" * 100)
    assert client.get("/healthz").status_code == 503


def test_old_state_is_purged_by_the_upkeep_thread_outside_any_request(make_app, make_texter, tmp_path, monkeypatch):
    from helpline.store import guard

    monkeypatch.setattr(guard, "TIDY_EVERY_SECONDS", 0.05)
    monkeypatch.setattr(guard, "PURGE_EVERY_SECONDS", 0.1)
    app = make_app(STATE_RETENTION_DAYS=30)
    make_texter(app).send("3")
    store = app.extensions["helpline"].state.store
    store._db().execute("UPDATE callers SET last_seen = last_seen - 31 * 86400")
    upkeep = guard._Upkeep()
    upkeep.add(app.extensions["helpline"].state)
    upkeep.ensure_running()
    import time

    deadline = time.monotonic() + 5
    while store.load(NUMBER).known and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not store.load(NUMBER).known  # forgotten, with no request made


def test_counters_go_in_the_same_write_and_a_retry_counts_nothing(store):
    store.commit(NUMBER, {"last_section": 3}, "SM9", "three", counts={"sms": 1, "section:3": 1}, day="2026-12-07")
    store.commit(NUMBER, {"last_section": 3}, "SM9", "three", counts={"sms": 1, "section:3": 1}, day="2026-12-07")
    store.tally("2026-12-08", {"voice": 2})
    assert store.tallies("2026-12-07", "2026-12-08") == {"2026-12-07": {"sms": 1, "section:3": 1},
                                                       "2026-12-08": {"voice": 2}}


def test_an_opt_out_is_on_disk_before_it_is_confirmed_and_a_reply_is_not_made_to_wait(tmp_path, monkeypatch):
    # synchronous=NORMAL leaves a commit in the write-ahead log in memory until a checkpoint; an opt-out and an
    # opt-in are synced before the call returns (so before STOP is confirmed), a `3` is not.
    path = str(tmp_path / "s.sqlite3")
    store = SqliteStore(path, "test-secret")
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    store.commit(NUMBER, {"last_section": 3, "last_part": 1}, "SM1", "three")
    assert synced == []
    store.commit(NUMBER, {"opted_out": True}, "SM2", "stopped")
    assert synced == [path + "-wal"]
    store.commit(NUMBER, {"opted_out": False}, "SM3", "started")
    assert synced == [path + "-wal"] * 2
    store.set_opt_outs([(store.key(OTHER_NUMBER), True)])  # a journal's replay
    assert len(synced) == 3
    # The sync happens after the write lock is let go: another writer is not kept waiting for the disk.
    def fsync_while_another_writes(fd):
        other = os.open(path + ".lock", os.O_RDWR)
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
            synced.append("free")
        finally:
            os.close(other)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_while_another_writes)
    store.commit(NUMBER, {"opted_out": True}, "SM4", "stopped")
    assert synced[-1] == "free"


def test_an_opt_out_that_cannot_be_synced_is_a_fault_and_the_guard_journals_it(tmp_path):
    path = str(tmp_path / "s.sqlite3")
    guard = Guard(SqliteStore(path, "test-secret"), str(tmp_path / "journal"))
    guard.commit(NUMBER, State(), State(last_section=3))
    os.unlink(path + "-wal")  # the write-ahead log removed under the running store: a commit may vanish with it
    guard.commit(NUMBER, State(), State(opted_out=True))
    assert guard.journal.entries() == [(guard.store.key(NUMBER), True)]  # kept where it cannot be lost
    assert guard.load(NUMBER).opted_out
