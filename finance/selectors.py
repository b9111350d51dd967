"""Reads of the finance app used by several pages, reports and other apps' templates."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from .calculation import compute_year
from .models import AllocationLine, AllocationRun, FeeModel


@dataclass
class CostTable:
    """Costs per party and year: rows of (name, [amount or None per year], total)."""

    years: list[int]
    rows: list[tuple[str, list[tuple[int, Decimal | None]], Decimal]] = field(
        default_factory=list
    )
    totals: list[Decimal] = field(default_factory=list)
    computed_years: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def latest_approved_runs(federation_id: int) -> dict[int, AllocationRun]:
    """The approved run in force for each year: its highest approved version."""
    runs: dict[int, AllocationRun] = {}
    for run in AllocationRun.objects.approved().filter(federation_id=federation_id):
        if run.year not in runs or run.version > runs[run.year].version:
            runs[run.year] = run
    return runs


def agreement_costs(agreement) -> CostTable:
    """What each party pays under the agreement's fee models, year by year.

    Years with an approved run show its frozen amounts. The current year, when it has
    no approved run yet, is computed on the fly from today's inputs and marked as such.
    """
    models = FeeModel.objects.filter(agreement=agreement)
    if not models.exists():
        return CostTable(years=[])
    runs = latest_approved_runs(agreement.federation_id)
    cells: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    names: dict[int, str] = {}
    for member_id, name, year, amount in AllocationLine.objects.filter(
        run__in=runs.values(), fee_model__in=models
    ).values_list("member_id", "member__name", "run__year", "amount"):
        cells[(member_id, year)] += amount
        names[member_id] = name
    table = CostTable(years=sorted({year for _member, year in cells}))
    this_year = timezone.localdate().year
    if this_year not in runs:
        try:
            lines = compute_year(
                agreement.federation,
                this_year,
                as_of=timezone.localdate(),
                fee_models=models,
            )
        except ValidationError as error:
            table.problems = error.messages
            lines = []
        for line in lines:
            cells[(line.member.pk, this_year)] += line.amount
            names[line.member.pk] = line.member.name
        if lines:
            table.years.append(this_year)
            table.computed_years.add(this_year)
    for member_id in sorted(names, key=names.get):
        amounts = [cells.get((member_id, year)) for year in table.years]
        total = sum((a for a in amounts if a), Decimal(0))
        table.rows.append(
            (names[member_id], list(zip(table.years, amounts, strict=True)), total)
        )
    table.totals = [
        sum((cells.get((m, year), Decimal(0)) for m in names), Decimal(0))
        for year in table.years
    ]
    return table
