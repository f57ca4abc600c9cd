"""Races against the real thing: `helpline serve` with two workers, on SQLite and on Redis."""

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from servers import HelplineServer

RUNS = 100  # each a pair of requests sent at the same instant


@pytest.fixture(params=["sqlite", "redis"])
def server(request, tmp_path):
    env = {"HELPLINE_SECRET": "race-secret", "HELPLINE_LANGUAGES": "en", "OPTOUT_JOURNAL": str(tmp_path / "journal"),
           "INSTANCE_PATH": str(tmp_path)}
    if request.param == "sqlite":
        env["STORE_URL"] = f"sqlite:///{tmp_path / 'helpline.sqlite3'}"
    else:
        redis = request.getfixturevalue("redis_server")
        if redis.process is None or redis.process.poll() is not None:
            redis.start()
        redis.command("FLUSHALL")
        env["STORE_URL"] = redis.url
    server = HelplineServer(env, workers=2)
    yield server
    server.stop()


def together(first, second):
    """Run two calls at the same instant, from two threads; return both results."""
    barrier = threading.Barrier(2)

    def run(fn):
        barrier.wait()
        return fn()

    with ThreadPoolExecutor(2) as pool:
        a, b = pool.submit(run, first), pool.submit(run, second)
        return a.result(), b.result()


def test_a_stop_sent_with_another_message_is_never_undone(server):
    lost = []
    for run in range(RUNS):
        number = f"+4474002{run:05d}"
        section, stop = together(lambda: server.sms(number, "3"), lambda: server.sms(number, "STOP"))
        assert "<Message>" not in stop  # Twilio confirms its own STOP
        if "<Message>" in server.sms(number, "1"):
            lost.append(run)
    assert lost == [], f"{len(lost)} of {RUNS} opt-outs undone"


def test_one_message_sid_arriving_twice_at_once_is_applied_once(server):
    twice = []
    for run in range(RUNS):
        number = f"+4474003{run:05d}"
        server.sms(number, "3")  # symptoms, in one part: MORE goes to diagnosis, part 1 of 2
        sid = "SM" + secrets.token_hex(16)
        first, second = together(lambda: server.sms(number, "MORE", sid), lambda: server.sms(number, "MORE", sid))
        assert first == second and "4/8 Diagnosis, 1/2" in first
        if "4/8 Diagnosis, 2/2" not in server.sms(number, "MORE"):
            twice.append(run)
    assert twice == [], f"{len(twice)} of {RUNS} MessageSids applied twice"
