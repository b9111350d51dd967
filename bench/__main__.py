"""`make bench`: measure the product at a large förbund's size against references.

Prints one table, writes docs/benchmarks.md and exits non-zero when a budget is missed.
Budgets are ratios to references measured in the same run.
"""

import os
import sys
import time

import django
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from .report import print_table, write_markdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def main() -> int:
    django.setup()
    # The sections read models: importable once django.setup() has run.
    from . import sections  # noqa: PLC0415 circular

    started = time.perf_counter()
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    call_command("migrate", verbosity=0)
    call_command("bench_data", scale=scale)
    _analyze()
    _empty_cache()
    rows, notes = [], []
    for section in sections.ALL:
        title = (section.__doc__ or section.__name__).splitlines()[0]
        print(f"bench: {title}", flush=True)  # noqa: T201
        section_rows, section_notes = section()
        rows += section_rows
        notes += section_notes
    print_table(rows)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    path = write_markdown(
        rows,
        scale=scale,
        database=database,
        seconds=time.perf_counter() - started,
        notes=notes,
    )
    missed = [r.name for r in rows if r.ok is False]
    print(f"\nbench: wrote {path}")  # noqa: T201
    if missed:
        print(f"bench: budgets missed: {', '.join(missed)}")  # noqa: T201
        return 1
    print("bench: every budget met")  # noqa: T201
    return 0


def _analyze() -> None:
    """Fresh planner statistics for the data just made (autovacuum may not have run)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _empty_cache() -> None:
    """Start cold, and fail loudly when the cache (Redis, as in production) is down."""
    try:
        cache.clear()
    except Exception as error:  # any client error means the same here
        raise SystemExit(
            f"bench: the cache cannot be reached ({error}); start Redis"
        ) from error


if __name__ == "__main__":
    sys.exit(main())
