"""Measuring tools: in-process page timings, timed blocks, a load test on loopback."""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One line of the benchmark table."""

    name: str
    value: str
    reference: str = ""
    budget: str = ""
    ok: bool | None = None
    note: str = ""


@dataclass
class PageTiming:
    p50_ms: float
    p95_ms: float
    queries: int
    status: int
    samples: list[float] = field(default_factory=list)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def keep_connection_open() -> None:
    """As Django's test runner does: no reconnect per in-process request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


def time_page(
    client: Client,
    url: str,
    *,
    requests: int = 200,
    warmup: int = 10,
    max_seconds: float = 20.0,
    before_each: Callable[[], None] | None = None,
) -> PageTiming:
    """Server time of a page, in-process, over many requests (no network in between).

    A slow page stops after max_seconds (with at least ten samples), so one page that
    misses its budget cannot stall the whole benchmark. before_each (e.g. emptying
    the cache) runs before every request, outside the timing.
    """
    prepare = before_each or (lambda: None)
    for _ in range(warmup):
        prepare()
        client.get(url)
    prepare()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Count now: the next request's start signal clears the connection's query log.
    query_count = len(captured.captured_queries)
    samples: list[float] = []
    deadline = time.perf_counter() + max_seconds
    while len(samples) < requests and (
        len(samples) < 10 or time.perf_counter() < deadline
    ):
        prepare()
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return PageTiming(
        p50_ms=statistics.median(samples),
        p95_ms=percentile(samples, 95),
        queries=query_count,
        status=response.status_code,
        samples=samples,
    )


@contextmanager
def timed() -> Iterator[list[float]]:
    """with timed() as t: ... ; t[0] is the elapsed seconds."""
    result: list[float] = []
    start = time.perf_counter()
    yield result
    result.append(time.perf_counter() - start)


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of several runs, in seconds: the least noisy figure on a busy box."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(workers: int):
    """gunicorn with the bench settings on a free loopback port; stopped on exit."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        command, cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        _wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for_port(port: int, timeout: float = 60) -> None:
    """Wait until gunicorn answers, not only listens: its workers boot after."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/__bench__/minimal/"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    time.sleep(2)  # let the other workers finish booting too
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p95_ms=%.2f errors=%d requests=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.requests))
end
"""


@dataclass
class LoadResult:
    rps: float
    p95_ms: float
    errors: int
    requests: int


def load_test(
    url: str, *, seconds: int = 10, connections: int = 16, cookie: str = ""
) -> LoadResult:
    """wrk against a loopback URL, bounded in time; returns requests/s and p95."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the load test only targets loopback")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        wrk,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    os.unlink(script.name)
    match = re.search(
        r"RESULT rps=([\d.]+) p95_ms=([\d.]+) errors=(\d+) "
        r"requests=(\d+)",
        output,
    )
    if match is None or match.group(4) == "0":
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    rps, p95, errors, requests = match.groups()
    return LoadResult(float(rps), float(p95), int(errors), int(requests))


def peak_rss_mib_of(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
