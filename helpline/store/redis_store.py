"""State in Redis, shared by every worker and every instance of the helpline.

A caller's state is a hash that expires after the retention period; an
opt-out is a key of its own with no expiry; a MessageSid is a key that
expires after two days. Every change is one Lua script, so it is atomic.
"""

import datetime as dt
import json
import secrets
from urllib.parse import urlparse

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from ..conversation import State
from . import MESSAGE_DAYS, Store, StoreError

PREFIX = "helpline:"
# Short timeouts: a Redis that accepts a connection and never answers must cost a family no more than this.
TIMEOUT_SECONDS = 0.3

# KEYS: caller hash, opt-out key, MessageSid key ('' for none).
# ARGV: reply, sid ttl, caller ttl, now, opt-out ('' unchanged, '1', '0'), window of a reply to count ('' none),
# counters' key ('' none), counters as JSON, then field/value pairs ('' deletes).
COMMIT = """
if KEYS[3] ~= '' then
  local previous = redis.call('GET', KEYS[3])
  if previous then return {0, previous} end
  redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
end
if KEYS[1] ~= '' then
  redis.call('HSET', KEYS[1], 'last_seen', ARGV[4])
  if ARGV[6] ~= '' then
    if redis.call('HGET', KEYS[1], 'window') == ARGV[6] then redis.call('HINCRBY', KEYS[1], 'sent', 1)
    else redis.call('HSET', KEYS[1], 'window', ARGV[6], 'sent', 1) end
  end
  for i = 9, #ARGV, 2 do
    if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i])
    else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
  end
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if ARGV[5] == '1' then redis.call('SET', KEYS[2], '1')
  elseif ARGV[5] == '0' then redis.call('DEL', KEYS[2]) end
end
if ARGV[7] ~= '' then
  for name, n in pairs(cjson.decode(ARGV[8])) do redis.call('HINCRBY', ARGV[7], name, n) end
end
return {1, ''}
"""

LOAD = """
return {redis.call('HMGET', KEYS[1], 'language', 'last_section', 'last_part', 'last_seen', 'window', 'sent'),
        redis.call('EXISTS', KEYS[2]), redis.call('EXISTS', KEYS[3])}
"""


class RedisStore(Store):
    """State in Redis (redis-py): retention by expiry, opt-outs without expiry."""

    def __init__(self, url: str, secret: str, retention_days: int = 365, window_seconds: int = 3600):
        super().__init__(secret, retention_days, window_seconds)
        parsed = urlparse(url)
        try:
            parsed.port  # noqa: B018 - raises ValueError on a port that is not a number
            database = parsed.path.strip("/") or "0"
            if not database.isdigit():
                raise ValueError
        except ValueError:
            raise ValueError(f"STORE_URL {url!r} is not a Redis URL such as redis://localhost:6379/0") from None
        # No connection is made here: a Redis that is down at start is a fault like any other, not a setting.
        self.client = redis.Redis.from_url(
            # No retries inside a request: the guard answers without the store and tries again later.
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS, retry=Retry(NoBackoff(), 0),
            decode_responses=True,
        )
        self._commit_script = self.client.register_script(COMMIT)
        self._load_script = self.client.register_script(LOAD)

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except redis.RedisError as e:
            raise StoreError(f"redis: {e}") from None

    def _load(self, key, window):
        (language, section, part, seen, kept_window, sent), opted_out, blocked = self._call(
            self._load_script, keys=[PREFIX + "caller:" + key, PREFIX + "optout:" + key, PREFIX + "blocked:" + key]
        )
        number = lambda v: int(v) if v else None  # noqa: E731
        recent = int(sent or 0) if kept_window == str(window) else 0
        return State(language or None, number(section), number(part), bool(opted_out), known=bool(seen or opted_out),
                     recent=recent, blocked=bool(blocked))

    def _commit(self, key, change, now, message_sid, reply, window, tally):
        args = [reply, MESSAGE_DAYS * 86400, self.retention_days * 86400, now]
        args.append("" if "opted_out" not in change else "1" if change["opted_out"] else "0")
        args.append("" if window is None else str(window))
        day, counts = tally
        args += [PREFIX + "counts:" + day if counts else "", json.dumps(counts)]
        for field in ("language", "last_section", "last_part"):
            if field in change:
                args += [field, "" if change[field] is None else str(change[field])]
        keys = [PREFIX + "caller:" + key, PREFIX + "optout:" + key] if key else ["", ""]
        keys.append(PREFIX + "sid:" + message_sid if message_sid else "")
        applied, previous = self._call(self._commit_script, keys=keys, args=args)
        return None if applied else previous

    def _set_blocked(self, key, blocked):
        name = PREFIX + "blocked:" + key
        self._call(self.client.set, name, "1") if blocked else self._call(self.client.delete, name)

    def bump(self, name, seconds):
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(PREFIX + "mark:" + name)
        pipe.expire(PREFIX + "mark:" + name, seconds)
        return int(self._call(pipe.execute)[0])

    def count(self, name):
        return int(self._call(self.client.get, PREFIX + "mark:" + name) or 0)

    def tally(self, day, counts):
        pipe = self.client.pipeline(transaction=False)
        for name, n in counts.items():
            pipe.hincrby(PREFIX + "counts:" + day, name, n)
        self._call(pipe.execute)

    def tallies(self, first, last):
        days, day = [], dt.date.fromisoformat(first)
        while day <= dt.date.fromisoformat(last):
            days.append(day.isoformat())
            day += dt.timedelta(days=1)
        pipe = self.client.pipeline(transaction=False)
        for d in days:
            pipe.hgetall(PREFIX + "counts:" + d)
        return {d: {k: int(v) for k, v in got.items()} for d, got in zip(days, self._call(pipe.execute)) if got}

    def set_opt_outs(self, entries):
        pipe = self.client.pipeline(transaction=True)
        for key, opted_out in entries:
            if opted_out:
                pipe.set(PREFIX + "optout:" + key, "1")
            else:
                pipe.delete(PREFIX + "optout:" + key)
        self._call(pipe.execute)

    def purge(self):
        return 0  # Redis forgets callers by itself: every caller key expires after the retention period

    def check(self):
        token = secrets.token_hex(8)
        name = PREFIX + "health"
        self._call(self.client.set, name, token, ex=60)
        if self._call(self.client.get, name) != token:
            raise StoreError("redis: a value written was not read back")
