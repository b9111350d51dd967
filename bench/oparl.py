"""The OParl row (issue 21.7): a page of the bench förbund's meeting list, anonymous
under load, beside the anonymous minimal view."""

import urllib.request

from django.urls import reverse

from .measure import LoadResult, Row, load_test

SLUG = "bench"


def measure_load(base: str) -> LoadResult:
    """wrk against the first page of the OParl meeting list (100 meetings with their
    public agenda items and files embedded)."""
    url = f"{base}{reverse('oparl:meeting_list', args=[SLUG])}"
    # One request builds the page (~0.6 s) into the cache; sixteen at once, cold,
    # would all build it and none finish within the warm-up.
    urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 loopback
    load_test(url, seconds=2)  # warm-up
    return load_test(url, seconds=10)


def load_row(result: LoadResult, anonymous: LoadResult) -> Row:
    share = result.rps / anonymous.rps if anonymous.rps else 0
    return Row(
        "OParl meeting list page anonymous under load",
        f"{result.rps:.0f} req/s, p95 {result.p95_ms:.0f} ms ({result.errors} errors)",
        f"{anonymous.rps:.0f} req/s",
        "0 errors, ≥ 40 % of the anonymous minimal view",
        result.errors == 0 and share >= 0.4,
        note=f"{share:.0%} of the anonymous minimal view",
    )
