"""R8 with a real PostgreSQL: stopped for 30 s while gunicorn serves requests.

A cluster of the test's own (Debian's pg_createcluster, on a free port) so that the
machine's PostgreSQL, which the rest of the suite uses, is never stopped. During the
outage every answer is the Swedish 503 page; after PostgreSQL is back the pages are
served again within 10 s (CONN_HEALTH_CHECKS drops the dead connections).
"""

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.measure import free_port
from tests.clusters import postgres_version_or_skip

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_SECONDS = 30
RECOVERY_BUDGET = 10


@pytest.fixture
def cluster():
    version = postgres_version_or_skip("stop a real PostgreSQL")
    name, port = f"fbp_outage_{os.getpid()}", free_port()
    subprocess.run(
        [
            *("pg_createcluster", version, name, "-p", str(port), "--start"),
            *("--", "--auth=trust"),
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield version, name, port
    finally:
        subprocess.run(
            ["pg_dropcluster", "--stop", version, name],
            check=False,
            capture_output=True,
        )


def _environment(port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/postgres",
    }


def _prepare(env: dict) -> None:
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from federation.models import Federation;"
            "Federation.objects.get_or_create(slug='avbrott', defaults={"
            "'name': 'Avbrottsförbundet', 'kind': 'kommunalforbund',"
            "'diarium_prefix': 'AV'})",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Load:
    """Two clients asking for a page that reads the database, over and over."""

    def __init__(self, url: str) -> None:
        self.url, self.running = url, True
        self.answers: list = []
        self.threads = [threading.Thread(target=self._run) for _ in range(2)]

    def _run(self) -> None:
        while self.running:
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:  # noqa: S310 loopback http
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
            except OSError:
                status, body = 0, ""
            self.answers.append((time.monotonic(), status, body))
            time.sleep(0.05)

    def between(self, start: float, end: float) -> list[tuple[float, int, str]]:
        return [a for a in list(self.answers) if start <= a[0] <= end]


def test_postgresql_stopped_for_30_seconds_under_load(cluster):
    version, name, port = cluster
    env = _environment(port)
    _prepare(env)
    web = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2"),
            *("--bind", f"127.0.0.1:{web}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # A public page that needs the database: an unknown protokoll is 404 when it is up.
    load = Load(f"http://127.0.0.1:{web}/avbrott/protokoll/999999/")
    control = ["pg_ctlcluster", version, name]
    try:
        _wait_for(lambda: _answer(load.url) == 404, 60)
        for thread in load.threads:
            thread.start()
        time.sleep(2)
        subprocess.run([*control, "stop", "-m", "fast"], check=True)
        stopped = time.monotonic()  # stopped for good once the command returns
        time.sleep(OUTAGE_SECONDS)
        started = time.monotonic()  # PostgreSQL may answer before the command returns
        subprocess.run([*control, "start"], check=True)
        _wait_for(lambda: _served_since(load, started) is not None, 30)
        recovered = _served_since(load, started)
    finally:
        load.running = False
        for thread in load.threads:
            if thread.is_alive():
                thread.join(timeout=15)
        server.terminate()
        server.wait(timeout=20)

    during = load.between(stopped + 0.5, started)
    statuses = [status for _, status, _ in load.answers]
    assert len(during) > 20, f"the load ran through the outage: {statuses[-40:]}"
    assert {status for _, status, _ in during} == {503}, [
        (round(at - stopped, 2), status) for at, status, _ in during if status != 503
    ]
    assert all("Tjänsten är tillfälligt otillgänglig" in body for *_, body in during)
    assert all("Traceback" not in body for *_, body in during)
    assert recovered - started <= RECOVERY_BUDGET


def _served_since(load: Load, moment: float) -> float | None:
    """When the page was first served again (404, as with the database up)."""
    served = [
        at for at, status, _ in load.between(moment, time.monotonic()) if status == 404
    ]
    return served[0] if served else None


def _answer(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 loopback http
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")
