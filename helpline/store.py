"""Caller state behind one small interface; phone numbers are only ever kept as keyed hashes."""

import hashlib
import hmac
import os
import re
import sqlite3
import threading
import time
from urllib.parse import urlparse

from .conversation import State

# What Twilio sends for a withheld or unknown caller ID (shared/FACTS.md):
# such callers get the full service, but nothing is remembered for them.
WITHHELD = frozenset({"", "anonymous", "restricted", "unknown", "private", "unavailable", "+266696687", "+86282452253", "+7378742833", "+2562533"})
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")

MESSAGE_DAYS = 2  # how long a MessageSid is kept to spot Twilio's retries


def normalise_number(raw: str | None) -> str | None:
    """The E.164 form of a caller's number, or None when it is withheld or not a number."""
    number = re.sub(r"[\s().-]", "", raw or "")
    if number.casefold() in WITHHELD or not E164.match(number):
        return None
    return number


class Store:
    """Per-number state, keyed by an HMAC of the number so the store never sees the number."""

    def __init__(self, secret: str, retention_days: int):
        self._secret = secret.encode()
        self.retention_days = retention_days

    def key(self, number: str | None) -> str | None:
        """The key a number's state is kept under; None for a withheld number."""
        e164 = normalise_number(number)
        if e164 is None:
            return None
        return hmac.new(self._secret, e164.encode(), hashlib.sha256).hexdigest()

    def load(self, number: str | None) -> State:
        key = self.key(number)
        return (self._get(key) if key else None) or State()

    def save(self, number: str | None, state: State, message_sid: str = "", reply: str = "") -> None:
        """Keep a number's new state and, with a MessageSid, the reply sent to it, in one write."""
        self._put(self.key(number), state, int(time.time()), message_sid, reply)

    # Implemented by each backend.
    def _get(self, key: str) -> State | None:
        raise NotImplementedError

    def _put(self, key: str | None, state: State, now: int, message_sid: str, reply: str) -> None:
        raise NotImplementedError

    def reply_for(self, message_sid: str) -> str | None:
        """The reply already sent for this MessageSid, if Twilio is sending it again."""
        raise NotImplementedError

    def purge(self) -> int:
        """Forget callers unseen for the retention period; return how many."""
        raise NotImplementedError

    def ping(self) -> None:
        """Raise if the store cannot be used."""
        raise NotImplementedError


SCHEMA = """
CREATE TABLE IF NOT EXISTS callers (
    key TEXT PRIMARY KEY,
    language TEXT,
    last_section INTEGER,
    last_part INTEGER,
    opted_out INTEGER NOT NULL DEFAULT 0,
    last_seen INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS callers_last_seen ON callers (last_seen);
CREATE TABLE IF NOT EXISTS messages (
    sid TEXT PRIMARY KEY,
    reply TEXT NOT NULL,
    seen INTEGER NOT NULL
);
"""


class SqliteStore(Store):
    """State in one SQLite file in WAL mode, shared safely by several worker processes."""

    def __init__(self, path: str, secret: str, retention_days: int = 365):
        super().__init__(secret, retention_days)
        self.path = path
        self._local = threading.local()
        self._last_purge = 0.0
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(callers)")}
            if "last_part" not in columns:  # a store made before sections came in parts
                db.execute("ALTER TABLE callers ADD COLUMN last_part INTEGER")

    def _connect(self) -> sqlite3.Connection:
        # One connection per thread and process: sqlite3 connections must not
        # cross threads, and must not survive a fork into a gunicorn worker.
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # an opt-out must survive a power cut
            db.execute("PRAGMA busy_timeout=10000")
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def _get(self, key):
        row = self._connect().execute(
            "SELECT language, last_section, last_part, opted_out FROM callers WHERE key = ?", (key,)
        ).fetchone()
        return State(row[0], row[1], row[2], bool(row[3]), known=True) if row else None

    def _put(self, key, state, now, message_sid, reply):
        db = self._connect()
        with db:  # one transaction, so one sync to disk
            db.execute("BEGIN IMMEDIATE")
            if key:
                db.execute(
                    "INSERT INTO callers (key, language, last_section, last_part, opted_out, last_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET language = excluded.language, "
                    "last_section = excluded.last_section, last_part = excluded.last_part, "
                    "opted_out = excluded.opted_out, last_seen = excluded.last_seen",
                    (key, state.language, state.last_section, state.last_part, int(state.opted_out), now),
                )
            if message_sid:
                db.execute(
                    "INSERT OR REPLACE INTO messages (sid, reply, seen) VALUES (?, ?, ?)", (message_sid, reply, now)
                )
        if now - self._last_purge > 3600:  # cheap enough hourly, never on every message
            self.purge()

    def reply_for(self, message_sid):
        row = self._connect().execute("SELECT reply FROM messages WHERE sid = ?", (message_sid,)).fetchone()
        return row[0] if row else None

    def purge(self):
        now = int(time.time())
        self._last_purge = now
        db = self._connect()
        db.execute("DELETE FROM messages WHERE seen < ?", (now - MESSAGE_DAYS * 86400,))
        return db.execute("DELETE FROM callers WHERE last_seen < ?", (now - self.retention_days * 86400,)).rowcount

    def ping(self):
        self._connect().execute("SELECT count(*) FROM callers WHERE key = ''").fetchone()


def open_store(url: str, secret: str, retention_days: int = 365) -> Store:
    """Open the store named by STORE_URL (`sqlite:///path`)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy reads them.
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise ValueError(f"STORE_URL {url!r} names no file: use sqlite:///path/to/helpline.sqlite3")
        return SqliteStore(path, secret, retention_days)
    raise ValueError(f"STORE_URL {url!r} is not supported: use sqlite:///path/to/helpline.sqlite3")
