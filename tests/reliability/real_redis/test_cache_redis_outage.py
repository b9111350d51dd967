"""Issue 14.3 with real Redis servers: the cache Redis killed or hung under load.

gunicorn (bench.settings: DEBUG off, plain HTTP on loopback, 2 workers) is another
process, so it reads the PostgreSQL test database: transactional_db, PostgreSQL
only. The Redis servers: conftest.

The change made in an outage is made in this process, whose cache is not the site's:
no invalidation of it reaches the site's cache, as for a writer whose cache calls
failed in the outage. A killed Redis (--save "") comes back empty, so nothing stale
is left; a hung one (SIGSTOP, as a network partition) comes back with every part it
held. Only core.cache's after_outage (federation.cache replaces the version every
part is keyed on) then keeps those parts from being served, and it must run before
the first read that reaches Redis again: run after it, that read served the old
page once per process (this test found it).
"""

import os
import pickle
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import pytest
from django.db import connection

from bench.measure import free_port
from federation import cache as page_cache
from federation.models import Body, Federation, Person
from federation.roles import Role
from meetings.services import publish_kallelse
from tests.factories import UserFactory, grant
from tests.reliability.conftest import TODAY, make_ready_meeting

from .conftest import ROOT, RedisServer, _database_url, _wait_for

KILLED_SECONDS = 10
HUNG_SECONDS = 6  # two of core.cache's 3 s pauses
RECOVERY_BUDGET = 10
MARKER = "reliability:kept"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="gunicorn and the worker are other processes: PostgreSQL test database",
)


# --- HTTP ----------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, *, cookies: dict | None = None, data: dict | None = None):
    """(status, headers, body) of one request; status 0 when nothing answered."""
    request = urllib.request.Request(  # noqa: S310 loopback http
        url, data=urlencode(data).encode() if data is not None else None
    )
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        with _opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
    except OSError:
        return 0, {}, ""


def _cookies(headers) -> dict:
    jar = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


# bench.settings silences logging; an error or the cache's outage must show in the
# test's gunicorn log.
GUNICORN_CONFIG = """
def post_worker_init(worker):
    import logging, sys
    handler = logging.StreamHandler(sys.stderr)
    for name in ("django.request", "core.cache"):
        logger = logging.getLogger(name)
        logger.disabled = False
        logger.addHandler(handler)
"""


class Site:
    """gunicorn with 2 workers, the page cache in `cache_url`."""

    def __init__(self, cache_url: str, log: Path) -> None:
        self.port, self.log = free_port(), log
        config = log.with_name("gunicorn_config.py")
        config.write_text(GUNICORN_CONFIG)
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": _database_url(),
            "BENCH_CACHE_URL": cache_url,
            # The same keys as this process reads (a release's are its own).
            "RELEASE": getattr(page_cache, "RELEASE", ""),
        }
        env.pop("CELERY_BROKER_URL", None)
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                    *("--workers", "2", "--bind", f"127.0.0.1:{self.port}"),
                    *("--config", str(config)),
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def get(self, path: str, cookies: dict | None = None):
        return fetch(self.base + path, cookies=cookies)

    def login(self, username: str, password: str = "demo"):
        """Through the login form: (status, headers, body, session cookie or None)."""
        status, headers, body = self.get("/konto/logga-in/")
        if status != 200:
            return status, headers, body, None
        csrf = _cookies(headers)["csrftoken"]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert found is not None, body
        token = found[1]
        status, headers, body = fetch(
            self.base + "/konto/logga-in/",
            cookies={"csrftoken": csrf},
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
            },
        )
        session = _cookies(headers).get("sessionid") if status == 302 else None
        return status, headers, body, {"sessionid": session} if session else None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def site_factory(tmp_path):
    sites = []

    def make(cache_url: str) -> Site:
        site = Site(cache_url, tmp_path / "gunicorn.log")
        sites.append(site)
        _wait_for(lambda: site.get("/")[0] in {200, 302}, 60, "gunicorn to start")
        return site

    yield make
    for site in sites:
        site.stop()


# --- The förbund ---------------------------------------------------------------------


@pytest.fixture
def portal(transactional_db, federation, chef):
    """A published meeting and a ledamot of its body who may log in."""
    meeting = make_ready_meeting(federation, chef)
    publish_kallelse(meeting, by=chef, today=TODAY)  # eager here: built at commit
    ledamot = UserFactory(username="ledamot", first_name="Lena", last_name="Ledamot")
    grant(ledamot, federation, Role.FORTROENDEVALD)
    Person.objects.filter(federation=federation, email="lena@example.se").update(
        user=ledamot
    )
    return meeting


class Page:
    """A page the load asks for, and what it must show."""

    def __init__(self, name: str, path: str, cookies: dict | None, shows) -> None:
        self.name, self.path, self.cookies, self.shows = name, path, cookies, shows


def _pages(portal, session: dict) -> list[Page]:
    """The anonymous anslagstavla and the meeting page as the ledamot: the förbund's
    name in the header (the förbund list, cached) and in the content."""
    slug, pk = portal.body.federation.slug, portal.pk

    def header(names: dict) -> str:
        return f'<span class="brand__federation">{names["federation"]}</span>'

    return [
        Page(
            "anslagstavla",
            f"/{slug}/anslagstavla/",
            None,
            lambda names: [
                header(names),
                f"<h1>Anslagstavla – {names['federation']}</h1>",
                "Logga in",
            ],
        ),
        Page(
            "meeting",
            f"/{slug}/sammantraden/{pk}/",
            session,
            lambda names: [
                header(names),
                f"<h1>{names['body']} 2024-03-01</h1>",
                "Lena Ledamot",
            ],
        ),
    ]


class Load:
    """Two clients per page, asking over and over; every answer is kept."""

    def __init__(self, site: Site, pages: list[Page]) -> None:
        self.site, self.running = site, True
        self.answers: list = []
        self.threads = [
            threading.Thread(target=self._run, args=(page,))
            for page in pages
            for _ in range(2)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def _run(self, page: Page) -> None:
        while self.running:
            started = time.monotonic()
            status, _, body = self.site.get(page.path, page.cookies)
            self.answers.append((started, time.monotonic(), page, status, body))
            time.sleep(0.02)

    def stop(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(timeout=20)


def _wrong(answers, names: dict) -> list:
    """The answers that are not their page with these names, as (page, status,
    the texts missing)."""
    return [
        (page.name, status, [text for text in page.shows(names) if text not in body])
        for _, _, page, status, body in answers
        if status != 200 or any(text not in body for text in page.shows(names))
    ]


def _rename(portal) -> dict:
    """A change in the förbund's own data (the body) and in the every-förbund data
    (the förbund's name, in every page's header)."""
    body = Body.objects.get(pk=portal.body_id)
    body.name = "Förbundsdirektionen"
    body.save()
    federation = Federation.objects.get(pk=body.federation_id)
    federation.name = "Omdöpta förbundet"
    federation.save()
    return {"body": body.name, "federation": federation.name}


def _key(key: str) -> str:
    """The key in Redis: bench.settings' KEY_PREFIX and Django's version 1."""
    return f"bench:1:{key}"


def _epoch(server: RedisServer) -> bytes | None:
    return cast("bytes | None", server.client().get(_key(page_cache.EPOCH_KEY)))


def _current_parts(server: RedisServer, federation_id: int) -> int:
    """How many page parts the cache Redis holds under the förbund's current
    versions (federation.cache stores (versions, part), pickled by Django)."""
    client = server.client()
    stored: list = cast(
        list,
        client.mget(
            _key(page_cache.EPOCH_KEY), _key(page_cache._version_key(federation_id))
        ),
    )
    if None in stored:
        return 0
    current = tuple(pickle.loads(v) for v in stored)  # noqa: S301 our own Redis
    parts = client.scan_iter(_key(f"part:{federation_id}:*"))
    values = [cast("bytes | None", client.get(key)) for key in parts]
    return sum(
        1
        for value in values
        if value is not None and pickle.loads(value)[0] == current  # noqa: S301
    )


def _login_during_the_outage(site: Site, page: Page, names: dict) -> None:
    """A login in the outage works (sessions and the throttle are in PostgreSQL) or
    answers the Swedish 503 with Retry-After; never a 500."""
    status, headers, body, session = site.login("ledamot")
    if status == 503:
        assert headers["Retry-After"]
        assert "Tjänsten är tillfälligt otillgänglig" in body
        return
    assert (status, headers["Location"]) == (302, "/")
    status, _, body = site.get(page.path, session)
    assert status == 200
    assert [text for text in page.shows(names) if text not in body] == []


def _run_outage(site: Site, server: RedisServer, portal, *, stop, start, seconds):
    """Warm the cache, load, `stop` the cache Redis, log in and change the förbund
    in the outage, keep loading for `seconds`, `start` it again, and load on until
    the pages are cached again. The load, the names before and after, and the
    times of it all."""
    federation_id = portal.body.federation_id
    old = {"body": portal.body.name, "federation": portal.body.federation.name}
    status, _, _, session = site.login("ledamot")
    assert (status, session is not None) == (302, True), site.output()
    pages = _pages(portal, session)
    warm = []
    for page in pages:
        status, _, body = site.get(page.path, page.cookies)
        warm.append((0, 0, page, status, body))
    assert _wrong(warm, old) == [], site.output()
    assert _current_parts(server, federation_id) >= 2  # both pages are cached
    server.client().set(MARKER, 1)
    times: dict[str, Any] = {"epoch": _epoch(server)}
    load = Load(site, pages)
    load.start()
    try:
        time.sleep(1.5)
        stop()
        times["stopped"] = time.monotonic()
        time.sleep(1)
        _login_during_the_outage(site, pages[1], old)
        times["renaming"] = time.monotonic()
        new = _rename(portal)
        times["renamed"] = time.monotonic()
        _login_during_the_outage(site, pages[1], new)
        time.sleep(max(0, times["stopped"] + seconds - time.monotonic()))
        times["started"] = time.monotonic()
        start()
        times["kept"] = server.client().exists(MARKER) == 1
        times["recovered"] = _wait_for(
            lambda: (
                _epoch(server) not in (None, times["epoch"])
                and _current_parts(server, federation_id) >= 2
            ),
            30,
            "pages cached under new versions",
        )
        time.sleep(1.5)  # served from the cache again, under load
    finally:
        load.stop()
    return load, old, new, times


def _assert_served_throughout(load: Load, old: dict, new: dict, times: dict) -> None:
    answers = load.answers
    assert {status for *_, status, _ in answers} == {200}, [
        (page.name, round(at - times["stopped"], 2), status, body[:300])
        for at, _, page, status, body in answers
        if status != 200
    ][:5]
    assert all("Traceback" not in body for *_, body in answers)
    during = [a for a in answers if times["stopped"] + 0.5 < a[0] < times["started"]]
    assert {a[2].name for a in during} == {"anslagstavla", "meeting"}
    assert len(during) > 20, len(during)
    assert _wrong([a for a in answers if a[1] < times["renaming"]], old) == []
    # Never a part cached before the change: not in the outage, not after it.
    after_change = [a for a in answers if a[0] > times["renamed"]]
    assert _wrong(after_change, new) == [], [
        (round(a[0] - times["started"], 2), *_wrong([a], new)[0], a[4][:2000])
        for a in after_change
        if _wrong([a], new)
    ][:3]
    assert len([a for a in after_change if a[0] > times["recovered"]]) > 4


def test_cache_redis_killed_under_load_then_restarted(
    portal, redis_servers, site_factory
):
    began = time.monotonic()
    server = redis_servers()
    site = site_factory(server.url)

    load, old, new, times = _run_outage(
        site,
        server,
        portal,
        stop=server.kill,
        start=server.start,
        seconds=KILLED_SECONDS,
    )

    _assert_served_throughout(load, old, new, times)
    assert not times["kept"]  # restarted empty: --save ""
    assert times["recovered"] - times["started"] <= RECOVERY_BUDGET
    assert time.monotonic() - began < 60


def test_cache_redis_hung_under_load_then_resumed_with_its_memory(
    portal, redis_servers, site_factory
):
    began = time.monotonic()
    server = redis_servers()
    site = site_factory(server.url)

    load, old, new, times = _run_outage(
        site,
        server,
        portal,
        stop=server.pause,
        start=server.resume,
        seconds=HUNG_SECONDS,
    )

    _assert_served_throughout(load, old, new, times)
    assert times["kept"]  # its memory, the parts of before the pause with it
    assert _epoch(server) != times["epoch"]  # after_outage replaced it
    assert times["recovered"] - times["started"] <= RECOVERY_BUDGET
    assert time.monotonic() - began < 60
