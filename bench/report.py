"""The benchmark's table, printed and written to docs/benchmarks.md."""

import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path

from .measure import ROOT, Row


def machine_description() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _mark(row: Row) -> str:
    return {True: "ok", False: "MISSED", None: ""}[row.ok]


def print_table(rows: list[Row]) -> None:
    widths = [
        max(len(getattr(r, f)) for r in rows)
        for f in ("name", "value", "reference", "budget")
    ]
    header = ("measure", "ours", "reference", "budget")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line + "  result")  # noqa: T201
    print("-" * (len(line) + 8))  # noqa: T201
    for row in rows:
        cells = (row.name, row.value, row.reference, row.budget)
        text = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        print(f"{text}  {_mark(row)}")  # noqa: T201


def write_markdown(
    rows: list[Row], *, scale: float, database: str, seconds: float, notes: list[str]
) -> Path:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`): the last run's results. Every "
        "figure stands beside a reference measured in the same run on the same "
        "machine, and the budgets are ratios to those references.",
        "",
        f"- run: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, commit {commit}",
        f"- machine: {machine_description()}",
        f"- database: {database}; data scale {scale}",
        f"- the whole benchmark took {seconds:.0f} s",
        "",
        "| measure | ours | reference | budget | result |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        note = f" ({row.note})" if row.note else ""
        lines.append(
            f"| {row.name}{note} | {row.value} | {row.reference} | {row.budget} "
            f"| {_mark(row)} |"
        )
    if notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in notes]]
    path = ROOT / "docs" / "benchmarks.md"
    path.write_text("\n".join(lines) + "\n" + _reading(path))
    return path


READING = "## Reading these results"


def _reading(path: Path) -> str:
    """The hand-written reading of the results, kept from the previous file."""
    old = path.read_text() if path.exists() else ""
    start = old.find(READING)
    return "\n" + old[start:] if start >= 0 else ""
