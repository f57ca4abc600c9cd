"""The helpline under load, as it runs in production, against a bare Flask app measured in the same run.

Run: make bench   (or .venv/bin/python bench/bench_server.py [--rounds 3] [--seconds 8] [--connections 8]
                   [--stores sqlite,redis] [--ceiling])

Each measurement starts the real server: gunicorn, the Procfile's settings (2 sync workers, --preload), on
loopback, with a fresh store, SQLite and then Redis. wrk drives it with signed SMS and voice webhooks from
many simulated numbers, every request different (no Twilio retries, which would take the cheap path), each
connection's numbers texting in order. The baseline is a bare Flask app under the same gunicorn settings that
checks the same Twilio signature and returns a fixed TwiML message as long as a section's. Measurements
alternate helpline and baseline; each is repeated (--rounds) and printed as min / median / max. At the end of
each helpline run, every number's last language choice and opt-out is read from the store and compared with
what it sent: a lost write is counted. With Redis, redis-server's own CPU per request is printed too: it shares
the cores. --ceiling also measures the helpline with its store taken out (every caller new, nothing kept): the
most the rest of its work allows, which says how much of the gap is the store's.

Needs wrk and redis-server (Debian packages; `make bench` installs them). Loopback only, bounded in count.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import urllib.parse
import urllib.request
from pathlib import Path

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from servers import RedisServer, free_port, wait_for  # noqa: E402

from helpline.store import open_store  # noqa: E402

TOKEN = "bench-token-" + "0" * 20
SECRET = "bench-secret"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
# What one number sends, in order: a conversation, a call, a change of language, and for some an opt-out.
LANGUAGES = ["PL", "ES", "FR", "AR", "ZH", "TR", "CY", "EN"]

BASELINE = textwrap.dedent('''
    """A bare Flask app: the same signature check, a fixed TwiML reply of a section's length."""
    from flask import Flask, Response, abort, request
    from twilio.request_validator import RequestValidator
    from twilio.twiml.messaging_response import MessagingResponse

    app = Flask(__name__)
    validator = RequestValidator(%(token)r)
    reply = MessagingResponse()
    reply.message("x" * 600)
    body = str(reply)


    @app.post("/sms")
    @app.post("/voice")
    def answer():
        url = %(base)r + request.path
        if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
            abort(403)
        return Response(body, mimetype="text/xml")
''')

# With --ceiling: the helpline with its store taken out (load gives a new caller, nothing is written), to show how
# much of the gap is the state's reads and writes and how much the rest of the work.
WITHOUT_STORE = textwrap.dedent('''
    """The helpline, its store taken out: every caller is new and nothing is kept. A measurement, not a service."""
    from helpline.conversation import State
    from helpline.wsgi import app

    state = app.extensions["helpline"].state
    state.load = lambda sender: State()
    state.commit = lambda *args, **kwargs: None
    state.bump = state.count = state.tally = lambda *args, **kwargs: None
''')

WRK_SCRIPT = textwrap.dedent('''
    -- Each thread (one connection each) sends its own slice of pre-signed requests, in order, each once.
    local counter = 0
    local threads = {}

    function setup(thread)
      counter = counter + 1
      thread:set("id", counter)
      table.insert(threads, thread)
    end

    function init(args)
      mine = dofile(%(data)s .. id .. ".lua")
      i = 0
      got = 0
      bad = 0
    end

    function request()
      i = i + 1
      if i > #mine then error("out of requests: generate more for this duration") end
      local r = mine[i]
      return wrk.format("POST", r[1], {["Content-Type"] = "application/x-www-form-urlencoded",
                                       ["X-Twilio-Signature"] = r[3], ["Host"] = %(host)s}, r[2])
    end

    function response(status, headers, body)
      got = got + 1
      if status ~= 200 then bad = bad + 1 end
    end

    function done(summary, latency, requests)
      local errors = 0
      for _, t in ipairs(threads) do
        errors = errors + t:get("bad")
        io.write(string.format("ANSWERED %%d %%d\\n", t:get("id"), t:get("got")))
      end
      io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, errors,
        latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
    end
''')


def conversations(run: str, connections: int, per_connection: int, base: str):
    """Unique signed requests, sliced per connection; and what each number's state must end as."""
    validator = RequestValidator(TOKEN)
    slices, expected = [], {}
    serial = 0
    for c in range(connections):
        requests_ = []
        while len(requests_) < per_connection:
            serial += 1
            number = f"+4474{int(run) % 100:02d}{serial:06d}"
            first, second = LANGUAGES[serial % 8], LANGUAGES[(serial * 3 + 1) % 8]
            bodies = ["hi", first, "3", "MORE", "5", "MORE", "TRUST", second, "2", "MORE"]
            stop = serial % 4  # 0: STOP; 1: STOP then START; else neither
            bodies += ["STOP"] if stop == 0 else ["STOP", "START"] if stop == 1 else []
            steps = [("/sms", body) for body in bodies]
            steps.insert(5, ("/voice", None))  # a call in the middle of the conversation
            for path, body in steps:
                if path == "/sms":
                    fields = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32,
                              "From": number, "To": "+441632960000", "Body": body}
                else:
                    fields = {"CallSid": "CA" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32,
                              "From": number, "To": "+441632960000", "CallStatus": "ringing"}
                signature = validator.compute_signature(base + path, fields)
                requests_.append((path, urllib.parse.urlencode(fields), signature))
            # Its state once all of this number's requests (up to this index of the slice) were answered.
            expected[number] = (c + 1, len(requests_), second.lower().replace("zh", "zh_Hans"), stop == 0)
        slices.append(requests_)
    return slices, expected


def lua_table(requests_) -> str:
    """One connection's requests as a Lua file (a JSON string is a valid Lua string for these ASCII texts)."""
    q = json.dumps
    return "return {\n" + ",\n".join("{%s,%s,%s}" % (q(p), q(b), q(s)) for p, b, s in requests_) + "\n}\n"


class Gunicorn:
    """gunicorn as the Procfile runs it, on a loopback port."""

    def __init__(self, app: str, env: dict, cwd: str, port: int):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [GUNICORN, "--preload", "--workers", "2", "--timeout", "30", "--bind", f"127.0.0.1:{port}", app],
            env={**os.environ, **env}, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            wait_for(self._up, "gunicorn")
        except RuntimeError:
            self.stop()
            raise

    def _up(self):
        if self.process.poll() is not None:
            raise RuntimeError(self.process.stderr.read().decode()[-2000:])
        try:
            urllib.request.urlopen(self.base + "/healthz", timeout=1)
        except urllib.error.HTTPError:
            pass  # the baseline has no /healthz: a 404 means it is up
        return True

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def wrk(server: Gunicorn, slices, folder: Path, connections: int, seconds: int) -> dict:
    prefix = str(folder / f"requests-{secrets.token_hex(4)}-")
    for thread, requests_ in enumerate(slices, start=1):
        Path(f"{prefix}{thread}.lua").write_text(lua_table(requests_))
    script = folder / "drive.lua"
    script.write_text(WRK_SCRIPT % {"data": json.dumps(prefix), "host": json.dumps(f"127.0.0.1:{server.port}")})
    out = subprocess.run(
        ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", str(script), server.base], capture_output=True, text=True, check=True,
    ).stdout
    for thread in range(1, len(slices) + 1):
        os.unlink(f"{prefix}{thread}.lua")
    found = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not found:
        raise RuntimeError("wrk printed no result:\n" + out)
    n, micros, errors, bad, p50, p95, p99, worst = map(int, found.groups())
    answered = {int(t): int(g) for t, g in re.findall(r"ANSWERED (\d+) (\d+)", out)}
    return {"rps": n / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000,
            "max": worst / 1000, "errors": errors + bad, "requests": n, "answered": answered}


def lost_writes(store_url: str, expected: dict, answered: dict) -> tuple[int, int]:
    """Numbers whose stored language or opt-out is not what they last sent; and how many were checked."""
    store = open_store(store_url, SECRET)
    lost = checked = 0
    for number, (thread, last, language, opted_out) in expected.items():
        if last > answered.get(thread, 0):
            continue  # not all of its messages were sent before the time ran out
        checked += 1
        state = store.load(number)
        if (state.language, state.opted_out) != (language, opted_out):
            lost += 1
    return lost, checked


def measure(kind: str, store_kind: str, run: int, args, folder: Path, redis: RedisServer | None) -> dict:
    env = {"TWILIO_AUTH_TOKEN": TOKEN, "HELPLINE_SECRET": SECRET, "OPTOUT_JOURNAL": str(folder / f"journal-{run}")}
    if store_kind == "sqlite":
        env["STORE_URL"] = f"sqlite:///{folder / f'bench-{run}.sqlite3'}"
    else:
        redis.command("FLUSHALL")
        env["STORE_URL"] = redis.url
    port = free_port()
    base = env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"  # what both apps check signatures against
    if kind == "baseline":
        (folder / "baseline_app.py").write_text(BASELINE % {"token": TOKEN, "base": base})
        server = Gunicorn("baseline_app:app", env, str(folder), port)
    elif kind == "without store":
        (folder / "without_store.py").write_text(WITHOUT_STORE)
        server = Gunicorn("without_store:app", env, str(folder), port)
    else:
        server = Gunicorn("helpline.wsgi:app", env, str(ROOT), port)
    try:
        warm, _ = conversations(f"9{run}", args.connections, 2000, base)
        wrk(server, warm, folder, args.connections, 2)
        # Enough unique requests for the time, at far more than either app can answer.
        slices, expected = conversations(str(run), args.connections, 1000 * args.seconds, base)
        store_pid = redis.process.pid if redis and store_kind == "redis" else None
        before = cpu_seconds(server.process.pid)
        store_before = cpu_seconds(store_pid) if store_pid else 0.0
        result = wrk(server, slices, folder, args.connections, args.seconds)
        result["cpu_us"] = (cpu_seconds(server.process.pid) - before) / result["requests"] * 1e6
        # redis-server shares the machine's cores: its work for each request is part of the helpline's cost.
        result["store_cpu_us"] = (cpu_seconds(store_pid) - store_before) / result["requests"] * 1e6 if store_pid else 0.0
    finally:
        server.stop()
    result["lost"], result["checked"] = (
        lost_writes(env["STORE_URL"], expected, result["answered"]) if kind == "helpline" else (0, 0)
    )
    return result


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its children that are running (gunicorn's workers)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [int(p) for p in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    for p in pids:
        fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def summary(values):
    return f"{min(values):8.1f} {statistics.median(values):8.1f} {max(values):8.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each app per store (at least 3)")
    parser.add_argument("--seconds", type=int, default=8, help="length of one measurement")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (Twilio's in flight)")
    parser.add_argument("--stores", default="sqlite,redis")
    parser.add_argument("--ceiling", action="store_true",
                        help="also measure the helpline with its store taken out: the most the rest of it allows")
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: run `make bench`, which installs it")
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(f"load: wrk, {args.connections} connections for {args.seconds} s a measurement, every request unique and "
          f"signed (SMS and voice, about 11 per number), gunicorn 2 sync workers --preload, loopback\n")
    run = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        redis = RedisServer(folder).start() if "redis" in args.stores else None
        try:
            for store_kind in args.stores.split(","):
                results = {"helpline": [], "baseline": []}
                if args.ceiling and store_kind == args.stores.split(",")[0]:
                    results["without store"] = []  # the same for every store: measured once
                for r in range(args.rounds):
                    order = ["helpline", "baseline"] if r % 2 == 0 else ["baseline", "helpline"]
                    order += ["without store"] if "without store" in results else []
                    for kind in order:
                        run += 1
                        results[kind].append(measure(kind, store_kind, run, args, folder, redis))
                report(store_kind, results)
        finally:
            if redis:
                redis.stop()


def report(store_kind: str, results: dict) -> None:
    print(f"== store: {store_kind}")
    print(f"{'':14}{'':6}{'min':>8} {'median':>8} {'max':>8}")
    for kind, rs in results.items():
        fields = [("rps", "req/s"), ("p50", "ms"), ("p95", "ms"), ("p99", "ms"), ("cpu_us", "us CPU/request")]
        if store_kind == "redis" and kind == "helpline":
            fields.append(("store_cpu_us", "us CPU/request in redis-server"))
        for field, unit in fields:
            print(f"{kind:14}{field:6}{summary([r[field] for r in rs])}  {unit}")
        print(f"{kind:14}errors {sum(r['errors'] for r in rs):8d} of {sum(r['requests'] for r in rs)} requests"
              + (f"; lost writes {sum(r['lost'] for r in rs)} of {sum(r['checked'] for r in rs)} numbers checked"
               if kind == "helpline" else ""))
    ratios = [h["rps"] / b["rps"] for h, b in zip(results["helpline"], results["baseline"])]
    print(f"ratio helpline/baseline req/s: min {min(ratios):.2f}, median {statistics.median(ratios):.2f}, "
          f"max {max(ratios):.2f} (target at least 0.7)")
    if "without store" in results:
        ceiling = [w["rps"] / b["rps"] for w, b in zip(results["without store"], results["baseline"])]
        print(f"ratio without store/baseline req/s: min {min(ceiling):.2f}, median {statistics.median(ceiling):.2f}, "
              f"max {max(ceiling):.2f} (the most the work besides the store allows)")
    print()


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
