"""A store that is locked, full, deleted, stopped or hung costs a family nothing, and never loses a STOP."""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest

from conftest import NUMBER, OTHER_NUMBER
from helpline.store.sqlite import SqliteStore
from servers import HungServer

OUR_TIME = 3.0  # seconds a family may wait on us, whatever the store does
HEALTH_TIME = 1.0


def timed(fn, *args):
    start = time.monotonic()
    result = fn(*args)
    return result, time.monotonic() - start


def health(app):
    response, seconds = timed(app.test_client().get, "/healthz")
    assert seconds < HEALTH_TIME, seconds
    return response.status_code


def answers_while_down(app, make_texter, number=OTHER_NUMBER):
    """What a family gets while the store is down: what they asked for, in time, never an apology."""
    texter = make_texter(app, number)
    reply, seconds = timed(texter.send, "3")
    assert seconds < OUR_TIME, seconds
    assert reply.startswith("3/8 Symptoms") and "Sorry" not in reply
    # A stranger writing in Polish is answered in Polish: the language the request itself tells.
    polish, seconds = timed(make_texter(app, "+447400777777").send, "Dzień dobry")
    assert seconds < OUR_TIME and "Polski" not in polish and "5 " in polish
    return texter


def stop_while_down(app, make_texter, number=NUMBER):
    """A STOP sent while the store is down is confirmed, journalled, and honoured at once."""
    texter = make_texter(app, number)
    confirmed, seconds = timed(texter.send, "Stop.")  # a STOP Twilio does not act on: ours to confirm
    assert seconds < OUR_TIME and "no more messages" in confirmed
    journal = [json.loads(line) for line in open(app.config["OPTOUT_JOURNAL"])]
    assert [entry["opted_out"] for entry in journal] == [True] and NUMBER not in json.dumps(journal)
    assert texter.send("3") is None  # even before the store is back
    return texter


def kept_once_back(app, texter):
    assert health(app) == 200
    assert os.path.getsize(app.config["OPTOUT_JOURNAL"]) == 0  # applied, before anything else
    assert texter.send("3") is None
    assert app.extensions["helpline"].state.store.load(texter.sim.from_number).opted_out


# -- SQLite ------------------------------------------------------------------


HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode=" + sys.argv[2])
db.execute("BEGIN " + sys.argv[3])
db.execute("INSERT INTO health (id, token) VALUES (1, 'held') ON CONFLICT (id) DO UPDATE SET token = 'held'")
print("held", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


def hold_lock(path, mode="NORMAL", kind="IMMEDIATE"):
    """Another process holding the SQLite file's write lock (or every lock) until told to let go."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode, kind], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def let_go(process):
    process.stdin.write("\n")
    process.stdin.close()
    process.wait(timeout=10)


def test_a_locked_sqlite_file_stalls_nobody_and_loses_no_stop(make_app, make_texter, tmp_path):
    app = make_app(HELPLINE_LANGUAGES="en,pl")
    opted_out = make_texter(app, "+447400555555")
    opted_out.send("STOP")
    holder = hold_lock(tmp_path / "helpline.sqlite3")
    try:
        answers_while_down(app, make_texter)
        texter = stop_while_down(app, make_texter)
        assert health(app) == 503
        # Reads still work under a writer's lock: a number that said STOP before is sent nothing, not an apology.
        assert opted_out.send("3") is None
    finally:
        let_go(holder)
    time.sleep(1.1)  # the guard tries the store again after a second
    kept_once_back(app, texter)


def test_a_store_locked_even_for_reading_at_start_is_a_fault_not_a_crash(make_app, make_texter, tmp_path):
    made = SqliteStore(str(tmp_path / "helpline.sqlite3"), "test-secret")  # the store exists...
    made._close(made._local)
    # ...and another process takes every lock on it before the helpline starts.
    holder = hold_lock(tmp_path / "helpline.sqlite3", mode="EXCLUSIVE", kind="EXCLUSIVE")
    try:
        app = make_app(HELPLINE_LANGUAGES="en,pl")
        answers_while_down(app, make_texter)
        texter = stop_while_down(app, make_texter)
        assert health(app) == 503
    finally:
        let_go(holder)
    kept_once_back(app, texter)


def test_a_deleted_sqlite_file_is_a_fault_not_a_silent_loss(make_app, make_texter, tmp_path):
    app = make_app(HELPLINE_LANGUAGES="en,pl")
    make_texter(app, "+447400555555").send("3")
    backup = tmp_path / "backup.sqlite3"
    source = sqlite3.connect(tmp_path / "helpline.sqlite3")
    source.execute(f"VACUUM INTO '{backup}'")
    source.close()
    for path in tmp_path.glob("helpline.sqlite3*"):
        path.unlink()
    answers_while_down(app, make_texter)
    texter = stop_while_down(app, make_texter)
    assert health(app) == 503
    assert not (tmp_path / "helpline.sqlite3").exists()  # writes never went to a file no one will read
    shutil.copy(backup, tmp_path / "helpline.sqlite3")  # the operator restores it
    kept_once_back(app, texter)
    assert app.extensions["helpline"].state.store.load("+447400555555").last_section == 3


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB file system of its own, to fill: what a full disk does to SQLite (needs root to mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here (CI runs as root and can)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_costs_a_family_nothing(make_app, make_texter, small_disk, caplog):
    app = make_app(STORE_URL=f"sqlite:///{small_disk / 'helpline.sqlite3'}", HELPLINE_LANGUAGES="en,pl")
    make_texter(app).send("hi")
    filler = small_disk / "filler"
    try:
        with open(filler, "wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
    except OSError:
        pass  # full
    with caplog.at_level(logging.ERROR, logger="helpline.store"):
        for n in range(40):  # new numbers: new rows, and a write-ahead log that must grow
            timed(make_texter(app, f"+4474009{n:05d}").send, "3")
    assert "store unavailable" in caplog.text
    answers_while_down(app, make_texter)
    texter = stop_while_down(app, make_texter)
    assert health(app) == 503
    filler.unlink()
    time.sleep(1.1)
    kept_once_back(app, texter)


# -- Redis -------------------------------------------------------------------


def test_a_stopped_redis_costs_a_family_nothing_and_its_stop_is_applied_on_return(
    make_app, make_texter, redis_server
):
    redis_server.command("FLUSHALL")
    app = make_app(STORE_URL=redis_server.url, HELPLINE_LANGUAGES="en,pl")
    make_texter(app, "+447400555555").send("3")
    redis_server.stop()
    try:
        answers_while_down(app, make_texter)
        texter = stop_while_down(app, make_texter)
        assert health(app) == 503
    finally:
        redis_server.start()  # with its append-only file: what it had is back
    kept_once_back(app, texter)
    assert app.extensions["helpline"].state.store.load("+447400555555").last_section == 3


def test_a_redis_that_accepts_and_never_answers_costs_a_family_nothing(make_app, make_texter, tmp_path):
    hung = HungServer()
    try:
        app = make_app(STORE_URL=hung.url, HELPLINE_LANGUAGES="en,pl")  # starts: a hung store is a fault, not a setting
        answers_while_down(app, make_texter)
        stop_while_down(app, make_texter)
        assert health(app) == 503
        # Calls are answered too, and reach the Trust.
        from helpline.simulate import PhoneCall, TwilioSimulator

        call = PhoneCall(TwilioSimulator(app, "+447400666666"), dial_status="completed")
        turn, seconds = timed(call.start)
        assert seconds < OUR_TIME and "For English, press 1." in turn.text
        turn, seconds = timed(call.press, "0")
        assert seconds < OUR_TIME and turn.dialled == ["+441475794577"]
    finally:
        hung.close()


def test_a_redis_down_at_start_is_used_as_soon_as_it_answers(make_app, make_texter, tmp_path):
    from servers import RedisServer

    server = RedisServer(tmp_path)
    app = make_app(STORE_URL=server.url)  # nothing listens there yet
    assert health(app) == 503
    assert make_texter(app).send("3").startswith("3/8")
    server.start()
    try:
        assert health(app) == 200
        texter = make_texter(app)
        texter.send("5")
        assert texter.send("MORE").startswith("5/8 Treatment, 2/2")  # it remembers now
    finally:
        server.stop()


def test_a_fault_is_logged_once_a_minute_not_once_a_request(make_app, make_texter, tmp_path, caplog):
    hung = HungServer()
    try:
        app = make_app(STORE_URL=hung.url)
        with caplog.at_level(logging.ERROR, logger="helpline.store"):
            for n in range(5):
                make_texter(app, f"+44740011{n:04d}").send("3")
                time.sleep(0.3)  # past the guard's one-second pause now and then: it tries, and fails, again
        records = [r for r in caplog.records if r.name == "helpline.store"]
        assert len(records) == 1, [r.getMessage() for r in records]
        assert "7400" not in caplog.text
    finally:
        hung.close()


def test_the_journal_is_shared_and_survives_a_restart(make_app, make_texter, tmp_path):
    """A STOP journalled by one instance is honoured by another started on the same machine."""
    hung = HungServer()
    try:
        journal = str(tmp_path / f"journal-{uuid.uuid4().hex}")
        first = make_app(STORE_URL=hung.url, OPTOUT_JOURNAL=journal)
        make_texter(first).send("STOP")
        second = make_app(STORE_URL=hung.url, OPTOUT_JOURNAL=journal)
        assert make_texter(second).send("3") is None
        assert make_texter(second, OTHER_NUMBER).send("3").startswith("3/8")
    finally:
        hung.close()
