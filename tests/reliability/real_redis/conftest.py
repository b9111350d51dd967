"""Redis servers of the test's own for the tests of this folder (issue 14.3): every
Redis here is a redis-server on a free port, so the machine's Redis, which others
use, is never touched."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from bench.measure import free_port

ROOT = Path(__file__).resolve().parents[3]
WAIT_LIMIT = 60


@pytest.fixture(autouse=True)
def _redis_server_installed():
    if shutil.which("redis-server"):
        return
    if os.environ.get("CI"):
        pytest.fail("CI must stop a real Redis: redis-server is missing")
    pytest.skip("no redis-server here")


class RedisServer:
    """A redis-server of the test's own: no persistence, as the cache runs."""

    def __init__(self, directory: Path) -> None:
        self.port, self.directory = free_port(), directory
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(self._answers, 10, "redis-server to start")

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)

    def kill(self) -> None:
        assert self.process is not None, "started"
        self.process.kill()  # SIGKILL: its memory is gone
        self.process.wait(timeout=10)

    def pause(self) -> None:
        assert self.process is not None, "started"
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None, "started"
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.resume()
            self.kill()


@pytest.fixture
def redis_servers(tmp_path):
    servers = []

    def make() -> RedisServer:
        server = RedisServer(tmp_path)
        servers.append(server)
        server.start()
        return server

    yield make
    for server in servers:
        server.stop()


def _wait_for(condition, seconds: float, what: str) -> float:
    """When `condition()` first held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _database_url() -> str:
    """The test database, for the other processes."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER'] or 'postgres'}{password}@{host}:{port}/{db['NAME']}"
