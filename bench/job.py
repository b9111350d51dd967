"""A benchmark step in a process of its own, so its time and peak memory are its own.

python -m bench.job publish MEETING_ID → one JSON line.
"""

import json
import os
import resource
import sys
import time

import django
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def publish(meeting_id: int) -> dict:
    # Models exist once main() has run django.setup().
    from django.contrib.auth.models import User  # noqa: PLC0415 circular

    from meetings.models import KallelseVersion, Meeting  # noqa: PLC0415 circular
    from meetings.services import publish_kallelse  # noqa: PLC0415 circular

    meeting = Meeting.objects.get(pk=meeting_id)
    chef = User.objects.get(username="bench_chef")
    start = time.perf_counter()
    with transaction.atomic():  # the PDF is built on commit (Celery eager here)
        version = publish_kallelse(meeting, by=chef, late_reason="Benchmark")
    seconds = time.perf_counter() - start
    version = KallelseVersion.objects.get(pk=version.pk)
    return {
        "seconds": seconds,
        "pages": version.page_count or 0,
        "sha256": version.sha256,
        "status": version.build_status,
        "version_id": version.pk,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    django.setup()
    action, meeting_id = sys.argv[1], int(sys.argv[2])
    result = {"publish": publish}[action](meeting_id)
    print(json.dumps(result))  # noqa: T201


if __name__ == "__main__":
    main()
