"""core.cache with its Redis gone: every operation a miss or a no-op, never an error,
and Redis skipped for a few seconds after each failure (the circuit breaker)."""

import logging

import pytest
import redis
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from bench.measure import free_port
from core import cache as core_cache
from tests.factories import BodyFactory


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(core_cache, "_clock", clock)
    monkeypatch.setattr(core_cache, "_breakers", {})  # no state from other tests
    return clock


@pytest.fixture
def attempts(monkeypatch):
    """Every connection redis-py tries to open, refused or not."""
    tried = []
    connect = redis.connection.Connection._connect

    def counting(self):
        tried.append((self.host, self.port))
        return connect(self)

    monkeypatch.setattr(redis.connection.Connection, "_connect", counting)
    return tried


@pytest.fixture
def down(clock):
    """The backend, pointed at a loopback port nobody listens on."""
    return core_cache.RedisCache(f"redis://127.0.0.1:{free_port()}/0", {})


OPERATIONS = [
    ("get", lambda c: c.get("k", "default"), "default"),
    ("get_many", lambda c: c.get_many(["a", "b"]), {}),
    ("set", lambda c: c.set("k", 1), None),
    ("set_many", lambda c: c.set_many({"a": 1, "b": 2}), []),
    ("add", lambda c: c.add("k", 1), False),
    ("delete", lambda c: c.delete("k"), False),
    ("delete_many", lambda c: c.delete_many(["a", "b"]), None),
    ("has_key", lambda c: c.has_key("k"), False),
    ("touch", lambda c: c.touch("k", 60), False),
    ("get_or_set", lambda c: c.get_or_set("k", lambda: "computed"), "computed"),
    ("clear", lambda c: c.clear(), False),
]


@pytest.mark.parametrize(
    ("operation", "answer"),
    [(call, answer) for _, call, answer in OPERATIONS],
    ids=[name for name, *_ in OPERATIONS],
)
def test_every_operation_is_a_miss_or_a_no_op(down, attempts, operation, answer):
    assert operation(down) == answer
    assert attempts, "Redis was tried"


@pytest.mark.parametrize("name", ["incr", "decr"])
def test_incr_and_decr_report_a_missing_key_as_django_does(down, name):
    with pytest.raises(ValueError, match="not found"):
        getattr(down, name)("counter")


def test_a_hung_redis_times_out_as_a_miss(clock, monkeypatch):
    def hangs(self):
        raise TimeoutError("timed out")  # what socket.create_connection raises then

    monkeypatch.setattr(redis.connection.Connection, "_connect", hangs)
    backend = core_cache.RedisCache("redis://127.0.0.1:6379/0", {})

    assert backend.get("k", "default") == "default"
    backend.set("k", 1)


def test_after_a_failure_redis_is_skipped_for_the_pause_then_tried_again(
    down, attempts, clock
):
    down.get("k")
    assert len(attempts) == 1

    for _ in range(20):  # a page's worth of cache calls in the pause: none waits
        down.get("k")
        down.set("k", 1)
        down.get_many(["a"])
    clock.now += core_cache.PAUSE_SECONDS - 0.1
    down.get("k")
    assert len(attempts) == 1

    clock.now += 0.2
    assert down.get("k", "default") == "default"
    assert len(attempts) == 2  # tried again, failed, paused again
    down.get("k")
    assert len(attempts) == 2


def test_the_outage_is_logged_once_per_interval(down, clock, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    down.get("k")  # logged
    clock.now += core_cache.PAUSE_SECONDS + 0.1
    down.get("k")  # tried and failed again within the interval: not logged
    clock.now = 1000 + core_cache.LOG_INTERVAL + 0.1
    down.get("k")  # logged

    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 2
    assert "unreachable" in warnings[0].getMessage()


def test_the_password_of_the_url_is_not_logged(clock, caplog):
    url = f"redis://:hemligt@127.0.0.1:{free_port()}/0"
    core_cache.RedisCache(url, {}).get("k")

    assert "hemligt" not in caplog.text
    assert f"redis://127.0.0.1:{url.rsplit(':', 1)[1]}" in caplog.text


def test_threads_of_a_process_share_the_breaker(clock):
    location = f"redis://127.0.0.1:{free_port()}/0"
    first = core_cache.RedisCache(location, {})
    second = core_cache.RedisCache(location, {})  # another thread's backend

    first.get("k")

    assert second._cache._breaker is first._cache._breaker
    assert second._cache._breaker.is_open()


def test_short_socket_timeouts_unless_options_say_otherwise():
    default = core_cache.RedisCache("redis://127.0.0.1:6379/0", {})
    own = core_cache.RedisCache(
        "redis://127.0.0.1:6379/0", {"OPTIONS": {"socket_timeout": 2}}
    )

    assert default._cache._pool_options["socket_connect_timeout"] <= 0.5
    assert default._cache._pool_options["socket_timeout"] <= 0.5
    assert own._cache._pool_options["socket_timeout"] == 2


def test_the_client_is_still_reused(down):
    assert down._cache.get_client() is down._cache.get_client()


@pytest.mark.django_db
def test_pages_and_login_are_served_with_the_cache_down(
    clock, attempts, client, federation, ledamot
):
    closed = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    with override_settings(CACHES=closed):
        public = client.get(reverse("minutes:anslagstavla", args=[federation.slug]))
        login = client.post(
            reverse("login"), {"username": "ledamot", "password": "demo"}
        )
        mine = client.get(reverse("meetings:my_meetings", args=[federation.slug]))
        assert cache.get("anything", "miss") == "miss"

    assert public.status_code == 200
    assert login.status_code == 302
    assert mine.status_code == 200
    assert mine.context["user"] == ledamot
    assert attempts, "the pages tried the cache"


def test_the_first_call_that_succeeds_after_a_failure_runs_the_callbacks(
    clock, monkeypatch
):
    calls = []
    monkeypatch.setattr(core_cache, "_after_outage", [lambda: calls.append(1)])
    answers = iter([redis.ConnectionError("refused"), "stored", "stored"])

    def get(self, key, default):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(core_cache.RedisCacheClient, "get", get)
    backend = core_cache.RedisCache(f"redis://127.0.0.1:{free_port()}/0", {})

    assert backend.get("k", "default") == "default"
    assert calls == []
    clock.now += core_cache.PAUSE_SECONDS + 0.1
    assert backend.get("k") == "stored"
    assert calls == [1]
    assert backend.get("k") == "stored"
    assert calls == [1]  # once per outage


@pytest.fixture
def redis_refusing_writes(settings, monkeypatch):
    """A cache Redis at maxmemory under noeviction (or a read-only replica): reads
    answer, every write is refused with a Redis error reply."""
    monkeypatch.setattr(core_cache, "_breakers", {})

    def execute_command(self, *args, **options):
        command = str(args[0]).upper()
        if command == "MGET":
            return [None] * (len(args) - 1)
        if command in {"SET", "SETEX", "PSETEX", "MSET", "SETNX", "INCRBY"}:
            raise redis.exceptions.OutOfMemoryError("command not allowed (maxmemory)")
        return None

    monkeypatch.setattr(redis.Redis, "execute_command", execute_command)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }


@pytest.mark.django_db
def test_a_redis_refusing_writes_serves_pages_uncached(
    redis_refusing_writes, federation
):

    client = Client(raise_request_exception=False)
    response = client.get(reverse("minutes:anslagstavla", args=[federation.slug]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_redis_refusing_writes_lets_every_model_be_saved(
    redis_refusing_writes, federation
):

    body = BodyFactory(federation=federation, name="Direktionen")  # bump() in signals

    assert body.pk
