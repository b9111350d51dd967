"""The Redis cache backend: Django's, with one client per connection pool, and one that
survives a lost Redis.

Django's RedisCacheClient builds a new redis.Redis object for every call, which on a
page that reads the cache a few times costs more than the round trips themselves. A
redis.Redis is thread-safe (it takes connections from its pool), so one is enough.

The cache only ever saves work: when Redis cannot be reached (refused, reset, timed
out) every operation is a miss or a no-op, so pages are served uncached instead of
answering 500. After a failure Redis is not tried again for PAUSE_SECONDS (a small
circuit breaker, shared by the threads of a process), so a Redis that times out costs
one timeout per pause, not one per cache call; the first call after the pause tries
again, and the cache is back in use as soon as Redis answers. Writes made meanwhile
were lost, so the first call after a failure first runs the callbacks of
`after_outage` (federation.cache replaces every version there), and only then does
what it was called for.
"""

import logging
import math
import threading
import time
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

# What a lost or failing Redis raises: any error of redis-py (refused, timed out, or
# a refusal to write: full under maxmemory with noeviction, a read-only replica
# after a failover) or of the socket. The cache only saves work: each is a miss.
OUTAGE_ERRORS = (redis.RedisError, OSError)
PAUSE_SECONDS = 3.0  # Redis is skipped this long after a failure
LOG_INTERVAL = 10.0  # at most one warning per this many seconds and server
# Short socket timeouts unless OPTIONS say otherwise: a cache that is slower than the
# database it spares is no cache. Loopback and LAN round trips are well under 1 ms.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.5}

_clock = time.monotonic  # tests replace it
_missed = object()
_after_outage: list = []


def after_outage(callback) -> None:
    """Call `callback()` whenever this process reaches Redis again after failing to."""
    if callback not in _after_outage:
        _after_outage.append(callback)


class _Breaker:
    """Open (Redis skipped) for PAUSE_SECONDS after each failure."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.open_until = -math.inf
        self.logged_at = -math.inf
        self.failed = False  # until the after_outage callbacks have run
        self._lock = threading.Lock()
        self._recovery = threading.RLock()
        self._recovering = False
        self.unconfirmed = False  # tried again, not yet answered

    def is_open(self) -> bool:
        return _clock() < self.open_until

    def ready(self) -> bool:
        """Whether a call may try Redis. The first one after a failure runs the
        after_outage callbacks before it reads anything: read first, it would
        return parts stored under versions whose replacement was lost. Other
        threads wait for the callbacks; the callbacks' own cache calls pass."""
        if self.is_open():
            return False
        if not self.failed:
            return True
        with self._recovery:
            if self.failed and not self._recovering:
                self._recovering = True
                try:
                    for callback in _after_outage:
                        callback()
                finally:
                    self._recovering = False
                if not self.is_open():  # no callback found Redis down
                    self.failed, self.unconfirmed = False, True
        return not self.is_open()

    def answered(self) -> None:
        if self.unconfirmed:
            self.unconfirmed = False
            logger.warning("Cache Redis %s answers again", self.server)

    def trip(self, error: Exception) -> None:
        now = _clock()
        with self._lock:
            self.failed, self.unconfirmed = True, False
            self.open_until = now + PAUSE_SECONDS
            if now - self.logged_at < LOG_INTERVAL:
                return
            self.logged_at = now
        logger.warning(
            "Cache Redis %s unreachable (%s: %s): serving uncached, retrying every "
            "%g s",
            self.server,
            type(error).__name__,
            error,
            PAUSE_SECONDS,
        )


_breakers: dict[tuple[str, ...], _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(servers) -> _Breaker:
    """One breaker per server list and process (each thread has its own backend)."""
    key = tuple(servers)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = _Breaker(",".join(_without_password(s) for s in key))
        return _breakers[key]


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else url


class _ReusingClient(RedisCacheClient):
    def __init__(self, servers, *args, **kwargs) -> None:
        super().__init__(servers, *args, **kwargs)
        self._clients: dict[int, object] = {}
        self._breaker = _breaker_for(servers)

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client

    def _safely(self, operation, *args, missed):
        """operation(*args), or `missed` while Redis is unreachable."""
        if not self._breaker.ready():
            return missed
        try:
            result = operation(*args)
        except OUTAGE_ERRORS as error:
            self._breaker.trip(error)
            return missed
        self._breaker.answered()
        return result

    def add(self, key, value, timeout):
        return self._safely(super().add, key, value, timeout, missed=False)

    def get(self, key, default):
        return self._safely(super().get, key, default, missed=default)

    def set(self, key, value, timeout):
        self._safely(super().set, key, value, timeout, missed=None)

    def touch(self, key, timeout):
        return self._safely(super().touch, key, timeout, missed=False)

    def delete(self, key):
        return self._safely(super().delete, key, missed=False)

    def get_many(self, keys):
        return self._safely(super().get_many, keys, missed={})

    def has_key(self, key):
        return self._safely(super().has_key, key, missed=False)

    def incr(self, key, delta):
        value = self._safely(super().incr, key, delta, missed=_missed)
        if value is _missed:  # a miss, as Django reports one (decr is incr too)
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout):
        self._safely(super().set_many, data, timeout, missed=None)

    def delete_many(self, keys):
        self._safely(super().delete_many, keys, missed=None)

    def clear(self):
        return self._safely(super().clear, missed=False)


class RedisCache(DjangoRedisCache):
    _options: dict[str, Any]  # Django's, from params["OPTIONS"]; no stub declares it

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient
        self._options = {**DEFAULT_OPTIONS, **self._options}
