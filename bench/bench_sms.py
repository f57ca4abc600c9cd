"""How much time our own code adds to one SMS webhook, against a bare Flask baseline.

Run: .venv/bin/python bench/bench_sms.py [--requests N]

Both apps are measured in the same run through the same Flask test client:
the baseline is a Flask app whose /sms returns a fixed MessagingResponse, so
the difference is the helpline's own work (signature check, store read and
write, interpretation, rendering).
"""

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from flask import Flask
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from helpline import create_app
from helpline.conversation import Lexicon, SmsConversation, State
from helpline.languages import DEFAULT, TABLE

TOKEN = "bench-token"
BASE = "https://helpline.example.org"
BODIES = ["hi", "3", "MORE", "symtoms", "TRUST", "HELP", "tell me about treatment", "zebra"]


def baseline_app():
    app = Flask("baseline")

    @app.post("/sms")
    def sms():
        response = MessagingResponse()
        response.message("fixed reply")
        return str(response), 200, {"Content-Type": "text/xml"}

    return app


def timed_requests(app, n):
    client = app.test_client()
    validator = RequestValidator(TOKEN)
    times = []
    for i in range(n):
        fields = {"From": f"+4474001{i % 1000:05d}", "Body": BODIES[i % len(BODIES)], "MessageSid": f"SM{i:032d}"}
        headers = {"X-Twilio-Signature": validator.compute_signature(BASE + "/sms", fields)}
        start = time.perf_counter()
        response = client.post("/sms", base_url=BASE, data=fields, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times


def describe(name, times):
    ms = sorted(t * 1000 for t in times)
    p50, p95 = ms[len(ms) // 2], ms[int(len(ms) * 0.95)]
    print(f"{name:<28} median {p50:7.3f} ms   p95 {p95:7.3f} ms   mean {statistics.mean(ms):7.3f} ms")
    return p50


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE,
                          "STORE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "HELPLINE_SECRET": "bench"})
        timed_requests(baseline_app(), 200)  # warm up both
        timed_requests(app, 200)
        base = describe("baseline Flask /sms", timed_requests(baseline_app(), args.requests))
        ours = describe("helpline /sms (SQLite)", timed_requests(app, args.requests))
        print(f"helpline adds {ours - base:.3f} ms per message at the median ({ours / base:.1f}x the baseline)")

    with tempfile.TemporaryDirectory() as tmp:
        starts = {}
        for name, langs in (("English only", "en"), ("all 17 languages", ",".join(l.code for l in TABLE))):
            start = time.perf_counter()
            create_app({"TWILIO_AUTH_TOKEN": TOKEN, "STORE_URL": f"sqlite:///{Path(tmp) / 's.sqlite3'}",
                        "HELPLINE_SECRET": "bench", "HELPLINE_LANGUAGES": langs})
            starts[name] = time.perf_counter() - start
            print(f"create_app, {name:<17} {starts[name] * 1000:7.1f} ms")
        print(f"starting with every language costs {starts['all 17 languages'] / starts['English only']:.1f}x English alone")

    sms = SmsConversation(Lexicon((DEFAULT,)))
    n = args.requests * 5
    start = time.perf_counter()
    for i in range(n):
        sms.reply(BODIES[i % len(BODIES)], State(known=True, last_section=3))
    core = (time.perf_counter() - start) / n * 1e6
    print(f"conversation core alone       {core:7.1f} us per message ({n} messages)")

    tracemalloc.start()
    SmsConversation(Lexicon((DEFAULT,)))
    _, peak = tracemalloc.get_traced_memory()
    print(f"building the SMS conversation peaks at {peak / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
