"""The store as requests use it: a fault in it never costs a family an answer, and never loses a STOP.

When the store is locked, full, deleted, unreachable or hung, a request is
answered without it (in the language the request itself tells, or English),
and an opt-out or opt-in is written to a journal: a small append-only file,
synced to disk, shared by every worker on the machine. The journal is
applied to the store as soon as the store answers again, before anything
else, and until then it is read so that a number that said STOP during the
fault is not texted. A fault is logged once a minute, not once a request.
"""

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import threading
import time
import weakref
from dataclasses import replace
from zoneinfo import ZoneInfo

from ..conversation import State
from . import Store, StoreError, changes

log = logging.getLogger("helpline.store")
LONDON = ZoneInfo("Europe/London")

RETRY_SECONDS = 1.0  # after a fault, answer without the store this long before trying it again
LOG_EVERY_SECONDS = 60
PURGE_EVERY_SECONDS = 3600
TIDY_EVERY_SECONDS = 1.0


class Journal:
    """Opt-outs and opt-ins made while the store could not take them: one JSON line each, fsynced."""

    def __init__(self, path: str):
        self.path = path
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)

    def pending(self) -> bool:
        try:
            return os.stat(self.path).st_size > 0
        except FileNotFoundError:
            return False

    @contextlib.contextmanager
    def _locked(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held for a write or a read of a few lines: microseconds
            yield fd
        finally:
            os.close(fd)

    def append(self, key: str, opted_out: bool) -> None:
        line = json.dumps({"key": key, "opted_out": opted_out, "at": int(time.time())}) + "\n"
        with self._locked() as fd:
            os.write(fd, line.encode())
            os.fsync(fd)

    def entries(self) -> list[tuple[str, bool]]:
        with self._locked() as fd:
            return self._read(fd)

    @staticmethod
    def _read(fd: int) -> list[tuple[str, bool]]:
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        entries = []
        for line in b"".join(chunks).splitlines():
            try:
                record = json.loads(line)
                entries.append((str(record["key"]), bool(record["opted_out"])))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash mid-write: the rest still count
        return entries

    def opted_out(self, key: str) -> bool | None:
        """The last journalled choice of this key, if any."""
        choice = None
        for k, opted_out in self.entries():
            if k == key:
                choice = opted_out
        return choice

    def apply(self, store: Store) -> int:
        """Write every entry to the store in order, then empty the journal; raises StoreError."""
        with self._locked() as fd:
            entries = self._read(fd)
            if entries:
                store.set_opt_outs(entries)
            os.ftruncate(fd, 0)
            os.fsync(fd)
            return len(entries)


class _Breaker:
    """After a fault, skip the store for a moment: one slow try, not one per request."""

    def __init__(self):
        self.until = 0.0

    def open(self) -> bool:
        return time.monotonic() < self.until

    def trip(self) -> None:
        self.until = time.monotonic() + RETRY_SECONDS


class Guard:
    """What requests call: the store's state and atomic changes, with every fault answered."""

    def __init__(self, store: Store, journal_path: str):
        self.store = store
        self.journal = Journal(journal_path)
        self._reads, self._writes = _Breaker(), _Breaker()
        self._last_log = 0.0
        self._suppressed = 0
        self._behind = True  # journalled opt-outs may be waiting: look before the first write
        _upkeep.add(self)

    def _fault(self, breaker: _Breaker, error: Exception) -> None:
        breaker.trip()
        now = time.monotonic()
        if now - self._last_log >= LOG_EVERY_SECONDS:
            extra = f" ({self._suppressed} more since the last report)" if self._suppressed else ""
            log.error("store unavailable, answering without it and journalling opt-outs: %s%s", error, extra)
            self._last_log, self._suppressed = now, 0
        else:
            self._suppressed += 1

    def _catch_up(self) -> bool:
        """Apply journalled opt-outs before anything else; False while the store still cannot take them."""
        self._behind = self.journal.pending()
        if not self._behind:
            return True
        if self._writes.open():
            return False
        try:
            applied = self.journal.apply(self.store)
        except StoreError as e:
            self._fault(self._writes, e)
            return False
        if applied:
            log.warning("store is back: applied %d journalled opt-out(s)", applied)
        return True

    def load(self, sender: str | None) -> State:
        """A sender's state; without the store, State() with any journalled opt-out."""
        caught_up = self._catch_up()
        state = State()
        if not self._reads.open():
            try:
                state = self.store.load(sender)
            except StoreError as e:
                self._fault(self._reads, e)
        if not caught_up:
            key = self.store.key(sender)
            journalled = self.journal.opted_out(key) if key else None
            if journalled is not None:
                state = replace(state, opted_out=journalled, known=True)
        return state

    def commit(
        self, sender: str | None, old: State, new: State, message_sid: str = "", reply: str = "", replied: bool = False,
        counts: dict | None = None,
    ) -> str | None:
        """Keep what a reply changed, and count it (`replied`); see Store.commit. Without the store, an opt change
        is journalled."""
        change = changes(old, new)  # even none is a visit: last_seen moves, and a new number becomes known
        # The journal was looked at when this request loaded its state (one look a request, not two).
        if (not self._behind or self._catch_up()) and not self._writes.open():
            try:
                return self.store.commit(sender, change, message_sid, reply, replied, counts, today())
            except StoreError as e:
                self._fault(self._writes, e)
        key = self.store.key(sender)
        if key and "opted_out" in change:
            self.journal.append(key, change["opted_out"])
        return None

    def bump(self, name: str, seconds: int) -> int | None:
        """See Store.bump; None when the store cannot say."""
        if self._writes.open():
            return None
        try:
            return self.store.bump(name, seconds)
        except StoreError as e:
            self._fault(self._writes, e)
            return None

    def count(self, name: str) -> int | None:
        """See Store.count; None when the store cannot say."""
        if self._reads.open():
            return None
        try:
            return self.store.count(name)
        except StoreError as e:
            self._fault(self._reads, e)
            return None

    def tally(self, counts: dict[str, int]) -> None:
        """Count what a request did (see Store.tally), for today, Europe/London; a fault costs only the count."""
        if not counts or self._writes.open():
            return
        try:
            self.store.tally(today(), counts)
        except StoreError as e:
            self._fault(self._writes, e)

    def check(self) -> None:
        """Raise StoreError unless the store can be written and read back now, with the journal applied."""
        if self.journal.pending():
            self.journal.apply(self.store)
        self.store.check()
        self._reads.until = self._writes.until = 0.0  # it answers: stop skipping it

    def purge(self) -> int:
        try:
            return self.store.purge()
        except StoreError as e:
            self._fault(self._writes, e)
            return 0

    def tidy(self) -> None:
        """Work done outside any request, every second: for SQLite, move the write-ahead log into the file."""
        try:
            self.store.tidy()
        except StoreError:
            pass  # the next request meets the fault, and reports it


def today() -> str:
    """Today, in Europe/London: the day a count belongs to."""
    return dt.datetime.now(LONDON).date().isoformat()


class _Upkeep:
    """One thread a process: tidies every store each second and purges old state hourly, outside requests."""

    def __init__(self):
        self._guards: weakref.WeakSet = weakref.WeakSet()
        self._lock = threading.Lock()
        self._pid = None

    def add(self, guard: Guard) -> None:
        self._guards.add(guard)

    def ensure_running(self) -> None:
        """Start the thread in this process (after a fork, a worker needs its own)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="helpline-upkeep", daemon=True).start()

    def _run(self) -> None:
        last_purge = time.monotonic()
        while True:
            time.sleep(TIDY_EVERY_SECONDS)
            purge = time.monotonic() - last_purge >= PURGE_EVERY_SECONDS
            for guard in list(self._guards):
                guard.tidy()
                if purge:
                    guard.purge()
            if purge:
                last_purge = time.monotonic()


_upkeep = _Upkeep()
ensure_upkeep = _upkeep.ensure_running
