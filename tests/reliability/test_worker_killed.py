"""R1/R2: a kallelse build survives `kill -9` of a real Celery worker, and every
kallad is mailed exactly once.

A real worker (its own processes) consumes a real Redis queue and writes to the
PostgreSQL test database, so the test database must be visible to another process:
transactional_db, PostgreSQL and a configured broker only. Its mail goes to files
(tests.reliability.mailbox), which the tests count. Every wait is bounded.
"""

import datetime
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.documents import requeue_stale_builds, stale_running_after
from meetings.models import KallelseVersion
from meetings.pdf import build_kallelse_pdf
from meetings.services import agenda_snapshot
from meetings.tasks import build_kallelse_pdf_task
from tests.reliability.conftest import make_ready_meeting

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 5
WAIT_LIMIT = 90
CASES = 30  # a cold build of 30 tjänsteskrivelser takes some 4 s on 2 cores

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker is another process: it needs the PostgreSQL test database",
    ),
    pytest.mark.skipif(
        not getattr(settings, "CELERY_TEST_BROKER_URL", ""),
        reason="no CELERY_BROKER_URL: no Redis to start a real worker on",
    ),
]


@pytest.fixture
def broker_url():
    """An empty Redis database of the configured server, emptied again after."""
    base = settings.CELERY_TEST_BROKER_URL.rsplit("/", 1)[0]
    for number in range(15, 7, -1):
        url = f"{base}/{number}"
        client = redis.Redis.from_url(url)
        if client.dbsize() == 0:
            yield url
            client.flushdb()
            return
    pytest.skip("no empty Redis database among 8–15")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    """`celery -A config worker -Q pdf,celery --concurrency 1` in its own session."""

    def __init__(self, broker_url: str, log: Path, mail: Path):
        self.broker_url, self.log, self.mail = broker_url, log, mail
        self.process: subprocess.Popen | None = None

    def start(self, visibility_timeout: int = VISIBILITY_TIMEOUT) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "CELERY_RESTORE_INTERVAL": "1",
            "CELERY_RESTORE_THROTTLE": "1",
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_BACKEND": "tests.reliability.mailbox.EmailBackend",
            "TEST_MAIL_DIR": str(self.mail),
        }
        env.pop("CACHE_URL", None)  # a cold tjänsteskrivelse cache in every process
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "config", "worker"),
                    *("-Q", "pdf,celery", "--concurrency", "1", "-l", "info"),
                    *("--without-gossip", "--without-mingle", "--without-heartbeat"),
                    *("-n", f"reliability-{os.getpid()}@%h"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def pool_child(self) -> int:
        """The prefork pool's one child process (it runs the task)."""
        assert self.process is not None, "started"
        pid = self.process.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            if children:
                return int(children[0])
            time.sleep(0.1)
        raise AssertionError("the worker started no pool child\n" + self.output())

    def kill_all(self) -> None:
        """kill -9 of the main process and its pool: a lost machine or container."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill_all()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def mailed(self) -> list[str]:
        """The recipients of every mail the worker sent, one entry per mail."""
        return [
            line.removeprefix("To: ")
            for path in sorted(self.mail.glob("*"))
            for line in path.read_text().splitlines()
            if line.startswith("To: ")
        ]


@pytest.fixture
def worker(broker_url, tmp_path):
    worker = Worker(broker_url, tmp_path / "worker.log", tmp_path / "mail")
    yield worker
    worker.kill_all()


@pytest.fixture
def version(transactional_db, federation, chef):
    """A published version whose PDF is not built yet."""
    meeting = make_ready_meeting(federation, chef, cases=CASES)
    return KallelseVersion.objects.create(
        meeting=meeting,
        number=1,
        published_at=timezone.now(),
        published_by=chef,
        snapshot=agenda_snapshot(meeting),
    )


def send(broker_url: str, kwargs: dict, monkeypatch) -> None:
    """Send a kallelse build through the real broker, as a web process would."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # it beats broker=
    # Not the current app: a current one would take over every shared task in the
    # rest of the test session (no longer eager, sending to this test's broker).
    producer = Celery(broker=broker_url, set_as_current=False)
    producer.send_task("meetings.render_kallelse_pdf", kwargs=kwargs, queue="pdf")
    producer.close()


def enqueue(broker_url: str, version: KallelseVersion, monkeypatch) -> None:
    """What publish_kallelse's delay_on_commit sends."""
    send(broker_url, {"version_id": version.pk}, monkeypatch)


def wait_for(version: KallelseVersion, worker: Worker, done, what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        version.refresh_from_db()
        if done(version):
            return
        time.sleep(0.1)
    raise AssertionError(f"no {what} within {WAIT_LIMIT} s\n{worker.output()}")


def _running(v: KallelseVersion) -> bool:
    return v.build_status == KallelseVersion.BuildStatus.RUNNING


def _done(v: KallelseVersion) -> bool:
    return v.build_status == KallelseVersion.BuildStatus.DONE


def assert_built_and_mailed_once(version: KallelseVersion, worker: Worker) -> None:
    wait_for(version, worker, lambda v: v.notified_at is not None, "kallelse mail")
    assert worker.mailed() == ["lena@example.se"]
    files = sorted(settings.MEDIA_ROOT.glob("kallelser/**/*.pdf"))
    stored = files[0].read_bytes() if files else b""
    clean = build_kallelse_pdf(version)
    assert version.build_status == KallelseVersion.BuildStatus.DONE
    assert [f.name for f in files] == [f"dir-2024-03-01-{version.meeting_id}-v1.pdf"]
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    # The same kallelse as a clean build: pages and bookmarks. (Not the same bytes: a
    # build reuses the tjänsteskrivelser already in the cache, and sections rendered
    # in one write share their font subsets.)
    assert _outline(stored) == _outline(clean)
    assert KallelseVersion.objects.filter(meeting=version.meeting).count() == 1
    assert version.deliveries.get().status == "sent"


def _outline(data: bytes) -> tuple[int, list[tuple[str, int]]]:

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            marks = [
                (item.title, pages[item.destination[0].objgen])
                for item in _walk(outline.root)
            ]
        return len(pdf.pages), marks


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def test_killing_the_pool_child_mid_build_reruns_it_at_once(
    version, worker, monkeypatch
):
    worker.start()
    enqueue(worker.broker_url, version, monkeypatch)
    wait_for(version, worker, _running, "build start")
    child = worker.pool_child()
    time.sleep(1)
    started = time.monotonic()

    os.kill(child, signal.SIGKILL)
    version.refresh_from_db()
    assert (version.build_status, version.build_attempts) == ("running", 1), (
        "the build finished before the kill: make it slower"
    )
    wait_for(version, worker, _done, "finished build after the kill")

    # acks_late + reject_on_worker_lost: back in the queue at once, not after the VT.
    assert time.monotonic() - started < VISIBILITY_TIMEOUT + 30
    assert version.build_attempts == 2
    assert "WorkerLostError" in worker.output()
    assert_built_and_mailed_once(version, worker)


def test_killing_the_whole_worker_mid_build_completes_after_restart(
    version, worker, monkeypatch
):
    worker.start()
    enqueue(worker.broker_url, version, monkeypatch)
    wait_for(version, worker, _running, "build start")
    time.sleep(1)

    worker.kill_all()
    version.refresh_from_db()
    assert (version.build_status, version.build_attempts) == ("running", 1)
    started = time.monotonic()
    worker.start()
    wait_for(version, worker, _done, "finished build after the restart")

    # Redelivered once the visibility timeout has passed (restore scan every 1 s).
    assert time.monotonic() - started >= VISIBILITY_TIMEOUT - 2
    assert version.build_attempts == 2
    assert_built_and_mailed_once(version, worker)


def test_warm_shutdown_mid_build_finishes_it_once(version, worker, monkeypatch):
    worker.start()
    enqueue(worker.broker_url, version, monkeypatch)
    wait_for(version, worker, _running, "build start")

    os.kill(worker.process.pid, signal.SIGTERM)  # a deploy stops the main process
    worker.process.wait(timeout=WAIT_LIMIT)

    version.refresh_from_db()
    broker = redis.Redis.from_url(worker.broker_url)
    assert "Warm shutdown" in worker.output()
    assert (version.build_status, version.build_attempts) == ("done", 1)
    assert len(list(settings.MEDIA_ROOT.glob("kallelser/**/*.pdf"))) == 1
    assert (broker.llen("pdf"), broker.hlen("unacked")) == (0, 0)  # acked, not redone
    worker.start()  # the mail task queued after the build was left in the queue
    assert_built_and_mailed_once(version, worker)


def test_a_killed_worker_whose_message_never_returns_is_requeued_by_the_beat_task(
    version, worker, monkeypatch
):
    """The broker keeps the lost message for the whole visibility timeout (as with
    Redis' former 3 600 s): the beat task finds the build running past the task time
    limit and its margin and queues it again, once."""
    worker.start(visibility_timeout=3600)
    enqueue(worker.broker_url, version, monkeypatch)
    wait_for(version, worker, _running, "build start")
    time.sleep(1)
    worker.kill_all()
    worker.start(visibility_timeout=3600)
    # The beat task's own message is not the point here: send its dispatch through
    # the real broker, as the beat process would (the test process is eager).
    monkeypatch.setattr(
        build_kallelse_pdf_task,
        "apply_async",
        lambda args=None, kwargs=None, **options: send(
            worker.broker_url, kwargs, monkeypatch
        ),
    )
    young = timezone.now() + stale_running_after() - datetime.timedelta(seconds=30)
    old = timezone.now() + stale_running_after() + datetime.timedelta(seconds=1)

    queued = [requeue_stale_builds(now=young), requeue_stale_builds(now=old)]
    wait_for(version, worker, _done, "finished build after the watchdog")

    assert queued == [0, 1]
    assert version.build_attempts == 2
    assert_built_and_mailed_once(version, worker)
