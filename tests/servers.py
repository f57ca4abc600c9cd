"""Real servers for the tests: redis-server, a socket that never answers, and `helpline serve` itself."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from twilio.request_validator import RequestValidator

HELPLINE = os.path.join(os.path.dirname(sys.executable), "helpline")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {seconds} s")
        time.sleep(0.05)


class RedisServer:
    """A real redis-server on a free loopback port, in a folder of its own, with AOF like production."""

    def __init__(self, folder):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed: `make test` installs it (Debian package redis-server)")
        self.folder = str(folder)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.folder,
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, "redis-server")
        return self

    def ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def command(self, *words: str) -> bytes:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(" ".join(words).encode() + b"\r\n")
            return s.recv(65536)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class HungServer:
    """A socket that accepts connections and reads, and never answers: a hung store."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._held = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._held.append(conn)  # read nothing back, answer nothing, close nothing

    def close(self):
        self._stop = True
        self.sock.close()
        for conn in self._held:
            conn.close()


class HelplineServer:
    """`helpline serve` with real workers on a free loopback port, answering signed webhooks."""

    TOKEN = "serve-test-token-" + "0" * 16

    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.validator = RequestValidator(self.TOKEN)
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "STORE_", "HELPLINE_"))}
        environ.update({"TWILIO_AUTH_TOKEN": self.TOKEN, "PUBLIC_BASE_URL": self.base, **env})
        self.process = subprocess.Popen(
            [HELPLINE, "serve", "--port", str(self.port), "--workers", str(workers)],
            env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            wait_for(self._healthy, "helpline serve")
        except RuntimeError:
            self.stop()
            raise

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError("helpline serve exited: " + self.process.stderr.read().decode()[-2000:])
        return urllib.request.urlopen(self.base + "/healthz", timeout=1).status == 200

    def sms(self, number: str, body: str, sid: str | None = None) -> str:
        """Send one signed SMS webhook; return the TwiML answered."""
        fields = {"MessageSid": sid or "SM" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32,
                  "From": number, "To": "+441632960000", "Body": body}
        signature = self.validator.compute_signature(self.base + "/sms", fields)
        request = urllib.request.Request(
            self.base + "/sms", data=urllib.parse.urlencode(fields).encode(), headers={"X-Twilio-Signature": signature}
        )
        return urllib.request.urlopen(request, timeout=10).read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
