"""Issue 14.3 with a real Redis: the broker alone down while a kallelse is
published. The Celery worker is another process, so it reads the PostgreSQL test
database: transactional_db, PostgreSQL only. The Redis servers: conftest.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools
from kombu.exceptions import OperationalError

from config.celery import app
from meetings.models import KallelseVersion
from meetings.services import publish_kallelse
from tests.reliability.conftest import TODAY, make_ready_meeting

from .conftest import ROOT, WAIT_LIMIT, _database_url, _wait_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="gunicorn and the worker are other processes: PostgreSQL test database",
)


# --- The broker alone down -----------------------------------------------------------


class Worker:
    """`celery -A config worker -Q pdf,celery --concurrency 1`, production settings."""

    def __init__(self, broker_url: str, log: Path) -> None:
        self.log = log
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CELERY_BROKER_URL": broker_url,
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        env.pop("CACHE_URL", None)
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "config", "worker"),
                    *("-Q", "pdf,celery", "--concurrency", "1", "-l", "info"),
                    *("--without-gossip", "--without-mingle", "--without-heartbeat"),
                    *("-n", f"redis-outage-{os.getpid()}@%h"),
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def sending_to(monkeypatch):
    """The project's Celery app sending to a real broker (the test settings make it
    eager); its pooled connections are dropped before and after, and it is eager
    again afterwards."""
    eager = app.conf.task_always_eager

    def drop_pools() -> None:
        pools.reset()  # kombu's registry: app.pool and the producers are in it
        # Celery's and kombu's own caches of connections.
        app._pool = None  # type: ignore[attr-defined]
        app.amqp._producer_pool = None  # type: ignore[attr-defined]

    def configure(url: str):
        drop_pools()
        monkeypatch.setenv("CELERY_BROKER_URL", url)  # conf.broker_url reads it first
        app.conf.task_always_eager = False
        return app

    yield configure
    drop_pools()
    app.conf.task_always_eager = eager


def _watchdog() -> str:
    """The task beat sends to queue lost builds again, from the schedule."""
    (task,) = [
        entry["task"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"].endswith("requeue_stale_builds")
    ]
    return task


def test_broker_down_publish_is_queued_and_built_once_when_it_is_back(
    transactional_db, federation, chef, redis_servers, sending_to, tmp_path, caplog
):
    began = time.monotonic()
    broker = redis_servers()
    worker = Worker(broker.url, tmp_path / "worker.log")
    watchdog = _watchdog()
    try:
        _wait_for(lambda: " ready." in worker.output(), WAIT_LIMIT, "the worker")
        meeting = make_ready_meeting(federation, chef)
        app = sending_to(broker.url)
        broker.pause()  # hung: a send waits for the socket timeout, no longer
        hung = time.monotonic()
        with pytest.raises(OperationalError, match="Timeout"):
            app.send_task("reliability.nothing", queue="nobody-reads-this")
        hung = time.monotonic() - hung
        broker.resume()
        broker.kill()

        publishing = time.monotonic()
        version = publish_kallelse(meeting, by=chef, today=TODAY)
        published = time.monotonic() - publishing

        version.refresh_from_db()
        assert version.build_status == KallelseVersion.BuildStatus.PENDING
        assert version.get_build_status_display() == "I kö"
        assert published < 2, published  # refused at once, never retried
        assert hung < 2.5, hung
        assert "Error 111" in caplog.text

        broker.start()  # empty: the message never reached it
        # Beat's next runs, once the build has waited past the watchdog's minutes.
        KallelseVersion.objects.filter(pk=version.pk).update(
            build_requested_at=version.build_requested_at
            - datetime.timedelta(minutes=3)
        )
        app.send_task(watchdog)
        _wait_for(lambda: _done(version), WAIT_LIMIT, "the build")
        app.send_task(watchdog)  # a minute later: nothing left to queue
        _wait_for(
            lambda: len(_watchdog_runs(worker, watchdog)) == 2,
            WAIT_LIMIT,
            "the watchdog again",
        )
    finally:
        worker.stop()

    version.refresh_from_db()
    files = sorted(settings.MEDIA_ROOT.glob("kallelser/**/*.pdf"))
    assert (version.build_status, version.build_attempts) == ("done", 1)
    assert [f.relative_to(settings.MEDIA_ROOT).as_posix() for f in files] == [
        version.file.name
    ]
    assert _watchdog_runs(worker, watchdog) == ["1", "0"]
    assert time.monotonic() - began < 60


def _watchdog_runs(worker: Worker, watchdog: str) -> list[str]:
    """What each run of the watchdog in the worker returned (builds queued)."""
    pattern = rf"{re.escape(watchdog)}\[[^\]]+\] succeeded in [\d.]+s: (\d+)"
    return re.findall(pattern, worker.output())


def _done(version: KallelseVersion) -> bool:
    version.refresh_from_db()
    return version.build_status == KallelseVersion.BuildStatus.DONE
