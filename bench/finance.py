"""The ekonom's year at a large förbund: 290 municipalities × 20 fee models."""

import datetime
import time
from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import reverse

from federation.models import Federation, Member
from finance.calculation import compute_year
from finance.models import (
    Activity,
    AllocationRun,
    FeeModel,
    Participant,
    PopulationFigure,
)
from finance.reports import build_workbook
from finance.selectors import run_table
from finance.services import run_allocation

from .data import SLUG, population_figures
from .measure import Row

MODELS = 20
YEAR = 2025


def ensure_fee_models(federation: Federation) -> None:
    """Population for two years and 20 fee models of every method; made once."""
    if FeeModel.objects.filter(federation=federation).exists():
        return
    members = list(Member.objects.filter(federation=federation).order_by("kommunkod"))
    populations = population_figures()
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            member=m,
            year=year,
            reference_date=f"{year}-12-31",
            population=populations[i] + (year - 2023) * 97,
        )
        for year in (YEAR - 2, YEAR - 1)
        for i, m in enumerate(members)
    )
    methods = [
        FeeModel.Method.PER_CAPITA,
        FeeModel.Method.FIXED,
        FeeModel.Method.FIXED_PLUS_PER_CAPITA,
        FeeModel.Method.POPULATION_SHARE,
    ]
    for n in range(MODELS):
        model = FeeModel.objects.create(
            federation=federation,
            name=f"Verksamhet {n + 1}",
            method=methods[n % 4],
            activity=Activity.objects.create(
                federation=federation, name=f"Verksamhet {n + 1}"
            ),
            base_year=YEAR - 2,
            rate=Decimal("12.34"),
            fixed_amount=Decimal(50_000),
            total_amount=Decimal(14_840_000),
            uplift=FeeModel.Uplift.FIXED,
            uplift_percent=Decimal("2.5"),
        )
        Participant.objects.bulk_create(
            Participant(fee_model=model, member=m) for m in members
        )


def latest_run_url() -> str | None:
    federation = Federation.objects.get(slug=SLUG)
    ensure_fee_models(federation)
    run = AllocationRun.objects.filter(federation=federation).order_by("-pk").first()
    if run is None:
        run = run_allocation(federation, YEAR, by=None, as_of=datetime.date(YEAR, 3, 1))
    return reverse("finance:run", args=[SLUG, run.pk])


def measure_allocation() -> tuple[list[Row], list[str]]:
    federation = Federation.objects.get(slug=SLUG)
    ensure_fee_models(federation)
    as_of = datetime.date(YEAR, 3, 1)
    start = time.perf_counter()
    lines = compute_year(federation, YEAR, as_of=as_of)
    computed = time.perf_counter() - start
    start = time.perf_counter()
    run = run_allocation(
        federation, YEAR, by=User.objects.get(username="bench_chef"), as_of=as_of
    )
    stored = time.perf_counter() - start
    start = time.perf_counter()
    workbook = build_workbook(run_table(run))
    exported = time.perf_counter() - start
    return [
        Row(
            f"fee allocation, {len(lines)} lines (290 × 20)",
            f"{computed:.2f} s",
            "",
            "≤ 1 s",
            computed <= 1,
        ),
        Row(
            "allocation run stored (with history rows)", f"{stored:.2f} s", "", "", None
        ),
        Row(
            f"Excel export of the run ({len(workbook) // 1024} KiB)",
            f"{exported:.2f} s",
            "",
            "≤ 2 s",
            exported <= 2,
        ),
    ], []
