"""The public side's rows: the start page and the public search, in-process and
under load (issue 21). The bench's förbund publishes its diarium for them, so the
search reads all three sources (public §§, public dagordningar, the diarium)."""

from django.test import Client
from django.urls import reverse

from federation.models import Federation

from .measure import LoadResult, Row, load_test, time_page

SLUG = "bench"
WORDS = ("avfallsplan", "direktionen", "avgift")


def publish_diarium() -> None:
    federation = Federation.objects.get(slug=SLUG)
    if not federation.publishes_diarium:
        federation.publishes_diarium = True
        federation.save(update_fields=["publishes_diarium"])


def search_url(word: str) -> str:
    return reverse("public:search", args=[SLUG]) + f"?q={word}"


def search_rows() -> list[Row]:
    """Public search, anonymous, in-process: p95 ≤ 200 ms (P8's budget)."""
    publish_diarium()
    client = Client()
    rows = []
    for word in WORDS:
        timing = time_page(client, search_url(word), requests=30, warmup=3)
        rows.append(
            Row(
                f"public search '{word}', anonymous, p50/p95 (queries)",
                f"{timing.p50_ms:.0f}/{timing.p95_ms:.0f} ms ({timing.queries} q, "
                f"HTTP {timing.status})",
                "",
                "p95 ≤ 200 ms",
                timing.p95_ms <= 200 and timing.status == 200,
            )
        )
    start = time_page(client, reverse("home"), requests=100, warmup=3)
    rows.append(
        Row(
            "public start page, anonymous, p50/p95 (queries)",
            f"{start.p50_ms:.1f}/{start.p95_ms:.1f} ms ({start.queries} q, "
            f"HTTP {start.status})",
            "",
            "HTTP 200",
            start.status == 200,
        )
    )
    return rows


def measure_load(base: str) -> dict[str, LoadResult]:
    """wrk against the start page and a public search, anonymous."""
    publish_diarium()
    results = {}
    for name, path in (("start", reverse("home")), ("search", search_url("avgift"))):
        load_test(f"{base}{path}", seconds=2)  # warm-up
        results[name] = load_test(f"{base}{path}", seconds=10)
    return results


def load_rows(results: dict[str, LoadResult], anonymous: LoadResult) -> list[Row]:
    rows = []
    for name, label, share_needed in (
        ("start", "public start page anonymous under load", 0.4),
        ("search", "public search 'avgift' anonymous under load", None),
    ):
        result = results[name]
        share = result.rps / anonymous.rps if anonymous.rps else 0
        ok = result.errors == 0 and (share_needed is None or share >= share_needed)
        budget = "0 errors" + (
            f", ≥ {share_needed:.0%} of the anonymous minimal view"
            if share_needed
            else ""
        )
        rows.append(
            Row(
                label,
                f"{result.rps:.0f} req/s, p95 {result.p95_ms:.0f} ms "
                f"({result.errors} errors)",
                f"{anonymous.rps:.0f} req/s",
                budget,
                ok,
                note=f"{share:.0%} of the anonymous minimal view",
            )
        )
    return rows
