"""Caller state behind one small interface of atomic changes; numbers are only ever kept as keyed hashes.

Every change is applied where the state lives, in one transaction (SQLite) or
one script (Redis): a request reads the state, works out its reply, and then
writes only the fields it changed, together with its MessageSid. So a `3`
and a `STOP` from one number, in flight together, never undo each other, and
the same MessageSid is applied at most once however many copies arrive.

Opt-outs are kept apart from the rest of a number's state, under its HMAC
alone, and never expire: a family that said STOP is never texted again.
"""

import functools
import hashlib
import hmac
import re
import time
import unicodedata
from urllib.parse import urlparse

from ..conversation import State
from ..phones import WITHHELD, normalise_number

# Channels Twilio names in front of an address on the Messaging webhook: the person behind
# `whatsapp:+447...` is the one behind `+447...`, with one memory and one opt-out.
CHANNEL_PREFIXES = ("whatsapp:", "sms:", "mms:", "rcs:")

MESSAGE_DAYS = 2  # how long a MessageSid is kept to spot Twilio's retries
FIELDS = ("language", "last_section", "last_part", "opted_out")  # what a change may set


class StoreError(Exception):
    """The store cannot be used just now (locked, full, deleted, unreachable, hung)."""


def sender_id(raw: str | None) -> str | None:
    """Who a message is from, as kept: an E.164 number (a WhatsApp sender's too), or a short code or
    alphanumeric sender as sent; None for a withheld caller, whom nothing can be kept for."""
    text = unicodedata.normalize("NFKC", (raw or "").strip())
    for prefix in CHANNEL_PREFIXES:
        if text.casefold().startswith(prefix):
            text = text[len(prefix):]
            break
    number = normalise_number(text)
    if number:
        return number
    compact = re.sub(r"\s", "", text).casefold()
    if compact in WITHHELD:
        return None
    return "sender:" + compact[:64]  # a short code or an alphanumeric sender: it can still say STOP


def changes(old: State, new: State) -> dict:
    """The fields a reply changed, and only those: what is written back."""
    return {f: getattr(new, f) for f in FIELDS if getattr(new, f) != getattr(old, f)}


class Store:
    """Per-number state, keyed by an HMAC of the number so the store never sees the number."""

    def __init__(self, secret: str, retention_days: int, window_seconds: int = 3600):
        self._secret = secret.encode()
        self.retention_days = retention_days
        self.window_seconds = window_seconds  # replies are counted per number in windows this long
        # A request works out its sender's key twice (to read, then to write): once is enough.
        self.key = functools.lru_cache(maxsize=256)(self._key)

    def _key(self, sender: str | None) -> str | None:
        """The key a sender's state is kept under; None for a withheld number."""
        identity = sender_id(sender)
        if identity is None:
            return None
        return hmac.new(self._secret, identity.encode(), hashlib.sha256).hexdigest()

    def window(self, now: float | None = None) -> int:
        """The number of the current rate-limit window."""
        return int((time.time() if now is None else now) // self.window_seconds)

    def load(self, sender: str | None) -> State:
        """What is kept for a sender (State() for a new or withheld one), with the replies sent to it in the
        current window. Raises StoreError."""
        key = self.key(sender)
        return self._load(key, self.window()) if key else State()

    def commit(
        self, sender: str | None, change: dict, message_sid: str = "", reply: str = "", replied: bool = False,
        counts: dict | None = None, day: str = "",
    ) -> str | None:
        """Apply a change for a sender, count a reply sent to it (`replied`), claim a MessageSid with the reply
        kept for it, and add `counts` to `day`'s anonymous counters (see tally), in one atomic step.

        Returns None when applied; when the MessageSid was already claimed, applies nothing and returns the
        reply kept for it. Raises StoreError.
        """
        unknown = set(change) - set(FIELDS)
        if unknown:
            raise ValueError(f"not a field of the state: {sorted(unknown)}")
        now = int(time.time())
        window = self.window(now) if replied else None
        return self._commit(self.key(sender), change, now, message_sid, reply, window, (day, counts or {}))

    def block(self, sender: str, blocked: bool = True) -> str:
        """Block (or unblock) a sender, by the HMAC of its number alone; returns the key. Raises StoreError."""
        key = self.key(sender)
        if key is None:
            raise ValueError(f"{sender!r} is not a number that can be blocked")
        self._set_blocked(key, blocked)
        return key

    # Implemented by each backend; every one raises StoreError when the store cannot be used.
    def _load(self, key: str, window: int) -> State:
        raise NotImplementedError

    def _commit(
        self, key: str | None, change: dict, now: int, message_sid: str, reply: str, window: int | None,
        tally: tuple[str, dict],
    ) -> str | None:
        """`window`: the current window when a reply is counted, else None; `tally`: (day, counts)."""
        raise NotImplementedError

    def _set_blocked(self, key: str, blocked: bool) -> None:
        raise NotImplementedError

    def bump(self, name: str, seconds: int) -> int:
        """Count one more of something short-lived (a call's texts, a put-through taken at the Trust), kept for
        `seconds`; returns the count. Names carry no number. Raises StoreError."""
        raise NotImplementedError

    def count(self, name: str) -> int:
        """How many, so far, of what `bump` counts (0 once it has expired). Raises StoreError."""
        raise NotImplementedError

    def tally(self, day: str, counts: dict[str, int]) -> None:
        """Add to the day's anonymous counters (channel, language, part, outcome...: never a number or a text),
        in one small write. Raises StoreError."""
        raise NotImplementedError

    def tallies(self, first: str, last: str) -> dict[str, dict[str, int]]:
        """The counters of each day from `first` to `last` (ISO dates). Raises StoreError."""
        raise NotImplementedError

    def set_opt_outs(self, entries: list[tuple[str, bool]]) -> None:
        """Record opt-outs (True) and opt-ins (False) by key, in order, at once (a journal's replay)."""
        raise NotImplementedError

    def purge(self) -> int:
        """Forget callers unseen for the retention period (never an opt-out); return how many."""
        raise NotImplementedError

    def check(self) -> None:
        """Write and read back a value now; raise StoreError if the store cannot be used."""
        raise NotImplementedError

    def tidy(self) -> None:
        """Housekeeping outside requests (SQLite's checkpoint); nothing for most stores."""


def open_store(url: str, secret: str, retention_days: int = 365, window_seconds: int = 3600) -> Store:
    """Open the store named by STORE_URL: `sqlite:///path`, `redis://host:port/db` or `rediss://...`.

    A malformed URL, or a file that cannot be made or written, raises ValueError naming STORE_URL. A Redis
    server that does not answer yet is not an error: the helpline starts, and uses it once it answers.
    """
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        from .sqlite import SqliteStore

        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy reads them.
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise ValueError(f"STORE_URL {url!r} names no file: use sqlite:///path/to/helpline.sqlite3")
        return SqliteStore(path, secret, retention_days, window_seconds)
    if scheme in ("redis", "rediss"):
        from .redis_store import RedisStore

        return RedisStore(url, secret, retention_days, window_seconds)
    raise ValueError(
        f"STORE_URL {url!r} is not supported: use sqlite:///path/to/helpline.sqlite3 or redis://host:6379/0"
    )
