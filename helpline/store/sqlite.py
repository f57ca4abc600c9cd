"""State in one SQLite file in WAL mode, shared by every worker process on one machine."""

import contextlib
import fcntl
import os
import re
import secrets
import sqlite3
import threading
import time

from ..conversation import State
from . import MESSAGE_DAYS, Store, StoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS callers (
    key TEXT PRIMARY KEY,
    language TEXT,
    last_section INTEGER,
    last_part INTEGER,
    last_seen INTEGER NOT NULL,
    window INTEGER,
    sent INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS optouts (
    key TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocked (
    key TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS marks (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL,
    until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
    sid TEXT PRIMARY KEY,
    reply TEXT NOT NULL,
    seen INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL
);
"""

# Every table but `health` is kept in its key's order (WITHOUT ROWID): a look-up or a change walks one B-tree, not
# a table and its index. That halves the pages a message reads and writes, and each is read again after any other
# worker's write (a write empties every other connection's page cache). Stores made before are remade at start.
CLUSTERED = dict(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) (\(.*?\) WITHOUT ROWID);", SCHEMA, re.DOTALL))

# Twilio waits 15 s for a whole webhook, and a family should never wait on a lock: a write that cannot
# start within this long is a fault, answered without the store (shared/FACTS.md).
LOCK_SECONDS = 0.25


class SqliteStore(Store):
    """State in one SQLite file: created 0600, checked to be the file opened, written one change at a time."""

    def __init__(self, path: str, secret: str, retention_days: int = 365, window_seconds: int = 3600):
        super().__init__(secret, retention_days, window_seconds)
        self.path = os.path.abspath(path)
        self._local = threading.local()
        directory = os.path.dirname(self.path)
        try:
            os.makedirs(directory, exist_ok=True)
            # The file and, after it, SQLite's -wal and -shm files (which take its mode) are the service's alone.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            lock = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            os.close(lock)
        except OSError as e:
            raise ValueError(f"STORE_URL names {self.path}, which cannot be created or written: {e.strerror}") from None
        if not os.access(directory, os.W_OK):
            # SQLite must make its -wal and -shm files beside the database.
            raise ValueError(f"STORE_URL names {self.path}, but its folder {directory} is not writable")
        try:
            self._migrate(self._db())
        except (sqlite3.Error, StoreError) as e:
            if "locked" in str(e):
                return  # held by another process just now: a fault like any other, not a setting
            raise ValueError(f"STORE_URL names {self.path}, which cannot be used as the store: {e}") from None

    @classmethod
    def _migrate(cls, db: sqlite3.Connection) -> None:
        """Bring a store made by an earlier version up to date, in one transaction, keeping every opt-out."""
        db.execute("BEGIN IMMEDIATE")
        try:
            columns = {row[1] for row in db.execute("PRAGMA table_info(callers)")}
            for column in ("last_part", "window", "sent"):
                if column not in columns:
                    db.execute(f"ALTER TABLE callers ADD COLUMN {column} INTEGER")
            if "opted_out" in columns:  # from before opt-outs were kept apart
                db.execute("INSERT OR IGNORE INTO optouts (key) SELECT key FROM callers WHERE opted_out = 1")
            for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall():
                if name in CLUSTERED and "WITHOUT ROWID" not in sql.upper():
                    cls._cluster(db, name)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        # No index on when a caller or message was last seen: each would cost every message a page write,
        # and the hourly purge that would use it runs outside requests, where a scan is cheap enough.
        db.execute("DROP INDEX IF EXISTS callers_last_seen")

    def _db(self, verify: bool = True) -> sqlite3.Connection:
        """This thread's connection to the file at `path`, which must still be the file it opened.

        Every write verifies that; a read (`verify=False`) may come from the file as it was, since the
        write that follows it finds out.
        """
        local = self._local
        if not verify and getattr(local, "db", None) is not None and local.pid == os.getpid():
            return local.db
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            # Writes would go to a deleted file and vanish at the next restart: a fault until the file is back.
            raise StoreError(f"{self.path} has been deleted") from None
        except OSError as e:
            raise StoreError(f"{self.path}: {e.strerror}") from None
        # One connection per thread and process: sqlite3 connections must not cross threads, and must not
        # survive a fork into a gunicorn worker. The descriptor held beside it keeps the opened file's inode
        # from being reused, so a file put in its place (restored, or anything else) has another identity,
        # and is opened.
        if getattr(local, "db", None) is not None and local.pid == os.getpid():
            if local.identity == (st.st_dev, st.st_ino):
                return local.db
            self._close(local)
        try:
            fd = os.open(self.path, os.O_RDONLY)
            lock_fd = os.open(self.path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:
            raise StoreError(f"{self.path}: {e.strerror}") from None
        try:
            db = sqlite3.connect(self.path, timeout=LOCK_SECONDS, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            # NORMAL: a reply's state is synced at the next checkpoint; an opt-out is synced before its
            # reply is sent (see _writing), so it survives a power cut.
            db.execute("PRAGMA synchronous=NORMAL")
            # The write-ahead log is moved into the file by the upkeep thread (tidy), outside requests:
            # a checkpoint syncs the file to disk, which no family's reply should wait for.
            db.execute("PRAGMA wal_autocheckpoint=0")
            # No memory-mapped reads: SQLite unmaps the whole file whenever another connection has written
            # (every message, with two workers), and each page then costs a fault to map again, more than the
            # read it saves (strace: an mmap and a munmap of megabytes a request; make bench: 0.72 ms of CPU a
            # request, from 0.78).
            db.execute("PRAGMA mmap_size=0")
            db.executescript(SCHEMA)
        except sqlite3.Error as e:
            os.close(fd)
            os.close(lock_fd)
            raise StoreError(f"{self.path}: {e}") from None
        opened = os.fstat(fd)
        local.db, local.fd, local.lock_fd, local.pid = db, fd, lock_fd, os.getpid()
        local.identity = (opened.st_dev, opened.st_ino)
        return db

    @staticmethod
    def _cluster(db: sqlite3.Connection, name: str) -> None:
        """Remake a table of an earlier version in its key's order (WITHOUT ROWID), keeping its rows."""
        definition = CLUSTERED[name]
        old = [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
        db.execute(f"CREATE TABLE {name}_clustered {definition}")
        kept = ", ".join(row[1] for row in db.execute(f"PRAGMA table_info({name}_clustered)") if row[1] in old)
        db.execute(f"INSERT OR IGNORE INTO {name}_clustered ({kept}) SELECT {kept} FROM {name}")
        db.execute(f"DROP TABLE {name}")
        db.execute(f"ALTER TABLE {name}_clustered RENAME TO {name}")

    @staticmethod
    def _close(local) -> None:
        with contextlib.suppress(sqlite3.Error):
            local.db.close()
        for fd in (local.fd, local.lock_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        local.db = None

    @contextlib.contextmanager
    def _writing(self, durable: bool = False):
        """One write transaction. Writers queue on a lock file, which hands over at once, rather than
        sleeping in SQLite's busy handler (1, 2, 5, 10 ms...) while a lock held for a millisecond frees.

        `durable`: the change is on disk before this returns (an opt-out, before it is confirmed), as
        synchronous=FULL would make it, but synced after the lock is let go, so no other family's reply
        waits for this one's disk.
        """
        db = self._db()
        lock_fd = self._local.lock_fd
        try:
            # Blocking, so the kernel hands the lock over the moment it is let go. Only the helpline's own
            # writers take it, each for one transaction whose wait on SQLite is bounded by LOCK_SECONDS, and
            # after a fault the guard stops writing for a while: the wait here is short.
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                    if not db.in_transaction:
                        durable = False  # rolled back on purpose: nothing was written
                    else:
                        db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: {e}") from None
        finally:
            fcntl.flock(lock_fd, fcntl.LOCK_UN)
        if durable:
            self._sync_log()

    def _sync_log(self) -> None:
        """Put what has been committed on disk: the write-ahead log, which holds every commit since the last
        checkpoint (a checkpoint syncs the log before it moves it into the file, so nothing is missed).

        SQLite keeps the log while any connection is open, as this one is: if it is gone, something removed it,
        and the commit may be lost with it. That is a fault, and the guard journals the opt-out instead.
        """
        try:
            fd = os.open(self.path + "-wal", os.O_RDONLY)
        except OSError as e:
            raise StoreError(f"{self.path}-wal: {e.strerror}") from None
        try:
            os.fsync(fd)
        except OSError as e:
            raise StoreError(f"{self.path}-wal: {e.strerror}") from None
        finally:
            os.close(fd)

    def _read(self, sql: str, args: tuple):
        try:
            return self._db(verify=False).execute(sql, args).fetchone()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from None

    def _load(self, key, window):
        row = self._read(
            "SELECT c.language, c.last_section, c.last_part, c.key IS NOT NULL, o.key IS NOT NULL, "
            "CASE WHEN c.window = ? THEN c.sent ELSE 0 END, b.key IS NOT NULL "
            "FROM (SELECT ? AS k) AS q LEFT JOIN callers AS c ON c.key = q.k LEFT JOIN optouts AS o ON o.key = q.k "
            "LEFT JOIN blocked AS b ON b.key = q.k",
            (window, key),
        )
        language, section, part, seen, opted_out, recent, blocked = row
        return State(language, section, part, bool(opted_out), known=bool(seen or opted_out), recent=recent or 0,
                     blocked=bool(blocked))

    def _commit(self, key, change, now, message_sid, reply, window, tally):
        with self._writing(durable="opted_out" in change) as db:
            if message_sid:
                claimed = db.execute(
                    "INSERT OR IGNORE INTO messages (sid, reply, seen) VALUES (?, ?, ?)", (message_sid, reply, now)
                ).rowcount
                if not claimed:
                    # Another copy of this message got here first: answer as it did, change nothing.
                    previous = db.execute("SELECT reply FROM messages WHERE sid = ?", (message_sid,)).fetchone()
                    db.execute("ROLLBACK")
                    return previous[0]
            if key:
                columns = [f for f in ("language", "last_section", "last_part") if f in change]
                values = [change[c] for c in columns]
                updates = [f"{c} = excluded.{c}" for c in [*columns, "last_seen"]]
                if window is not None:
                    # One more reply in this window (the first of a new window starts the count again).
                    columns += ["window", "sent"]
                    values += [window, 1]
                    updates += ["sent = CASE WHEN callers.window = excluded.window THEN callers.sent + 1 ELSE 1 END",
                                "window = excluded.window"]
                names = ", ".join(["key", *columns, "last_seen"])
                db.execute(
                    f"INSERT INTO callers ({names}) VALUES ({', '.join('?' * (len(columns) + 2))}) "
                    f"ON CONFLICT (key) DO UPDATE SET {', '.join(updates)}",
                    (key, *values, now),
                )
                if "opted_out" in change:
                    self._set_opt_out(db, key, change["opted_out"])
            day, counts = tally
            if counts:
                self._count(db, day, counts)  # in the same write: counters cost nothing more
        return None

    @staticmethod
    def _count(db, day, counts):
        db.executemany("INSERT INTO counts (day, name, n) VALUES (?, ?, ?) ON CONFLICT (day, name) DO UPDATE "
                       "SET n = counts.n + excluded.n", [(day, name, n) for name, n in counts.items()])

    @staticmethod
    def _set_opt_out(db, key: str, opted_out: bool) -> None:
        if opted_out:
            db.execute("INSERT OR IGNORE INTO optouts (key) VALUES (?)", (key,))
        else:
            db.execute("DELETE FROM optouts WHERE key = ?", (key,))

    def _set_blocked(self, key, blocked):
        with self._writing() as db:
            if blocked:
                db.execute("INSERT OR IGNORE INTO blocked (key) VALUES (?)", (key,))
            else:
                db.execute("DELETE FROM blocked WHERE key = ?", (key,))

    def bump(self, name, seconds):
        now = int(time.time())
        with self._writing() as db:
            return db.execute(
                "INSERT INTO marks (name, value, until) VALUES (?, 1, ?) ON CONFLICT (name) DO UPDATE SET "
                "value = CASE WHEN marks.until < ? THEN 1 ELSE marks.value + 1 END, until = excluded.until "
                "RETURNING value", (name, now + seconds, now),
            ).fetchone()[0]

    def count(self, name):
        row = self._read("SELECT value FROM marks WHERE name = ? AND until >= ?", (name, int(time.time())))
        return row[0] if row else 0

    def tally(self, day, counts):
        with self._writing() as db:
            self._count(db, day, counts)

    def tallies(self, first, last):
        out: dict[str, dict[str, int]] = {}
        try:
            rows = self._db(verify=False).execute(
                "SELECT day, name, n FROM counts WHERE day BETWEEN ? AND ? ORDER BY day", (first, last)).fetchall()
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from None
        for day, name, n in rows:
            out.setdefault(day, {})[name] = n
        return out

    def set_opt_outs(self, entries):
        with self._writing(durable=True) as db:
            for key, opted_out in entries:
                self._set_opt_out(db, key, opted_out)

    def purge(self):
        now = int(time.time())
        with self._writing() as db:
            db.execute("DELETE FROM messages WHERE seen < ?", (now - MESSAGE_DAYS * 86400,))
            db.execute("DELETE FROM marks WHERE until < ?", (now,))
            return db.execute("DELETE FROM callers WHERE last_seen < ?", (now - self.retention_days * 86400,)).rowcount

    def check(self):
        token = secrets.token_hex(8)
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO health (id, token) VALUES (1, ?)", (token,))
        if self._read("SELECT token FROM health WHERE id = 1", ()) != (token,):
            raise StoreError(f"{self.path}: a value written was not read back")

    # Past this many pages (4 MB) a checkpoint that other connections' reads hold back is forced.
    WAL_PAGES_LIMIT = 1000

    def tidy(self):
        try:
            db = self._db()
            _, pages, _ = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if pages > self.WAL_PAGES_LIMIT:
                db.execute("PRAGMA wal_checkpoint(RESTART)")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from None
