"""Reads of the finance app used by several pages, reports and other apps' templates."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from federation.models import Federation, Member

from .calculation import compute_year
from .models import (
    Activity,
    AllocationLine,
    AllocationRun,
    FeeModel,
    InstalmentDispatch,
    PopulationFigure,
    RunReport,
)


def sent_basis(federation_id: int, year: int) -> list[int]:
    """The ids of a year's sent instalments (InstalmentDispatch), sorted: what a
    run's avräkning was computed against (AllocationRun.settlement_basis)."""
    return sorted(
        InstalmentDispatch.objects.filter(
            run__federation_id=federation_id, run__year=year
        ).values_list("pk", flat=True)
    )


def report_of(run: AllocationRun) -> RunReport | None:
    """The run's PDF report, if one was ever asked for (no query after
    select_related("report"))."""
    try:
        return run.report
    except RunReport.DoesNotExist:
        return None


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
        lines: list = []
        try:
            lines = compute_year(
                agreement.federation,
                this_year,
                as_of=timezone.localdate(),
                fee_models=models,
            )
        except ValidationError as error:
            table.problems = error.messages
        for line in lines:
            cells[(line.member.pk, this_year)] += line.amount
            names[line.member.pk] = line.member.name
        if lines:
            table.years.append(this_year)
            table.computed_years.add(this_year)
    for member_id in sorted(names, key=names.__getitem__):
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


@dataclass
class MemberRow:
    member: Member
    cells: list[Decimal | None]
    total: Decimal
    previous: Decimal | None
    version_change: Decimal | None = None
    invoiced: Decimal = Decimal(0)
    settlement: Decimal = Decimal(0)

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        if not self.previous:
            return None
        return (self.total - self.previous) * 100 / self.previous


@dataclass
class ModelSection:
    fee_model: FeeModel
    lines: list[AllocationLine]
    total: Decimal


@dataclass
class RunTable:
    """A run as the ekonom reads it: member × verksamhet, with last year beside it."""

    federation: Federation
    year: int
    run: AllocationRun | None
    activities: list[Activity]
    rows: list[MemberRow]
    column_totals: list[Decimal]
    total: Decimal
    previous_run: AllocationRun | None
    previous_total: Decimal | None
    previous_version: AllocationRun | None
    sections: list[ModelSection]
    version_changes: list[tuple[AllocationLine, Decimal]]
    # {wanted population year: the published year used} of a preliminary run.
    substitutes: dict[int, int] = field(default_factory=dict)
    # Per verksamhet: finance.calculation.settlement.Settlement.as_json().
    settlements: list[dict] = field(default_factory=list)

    @property
    def is_preliminary(self) -> bool:
        return bool(self.substitutes)

    @property
    def has_avrakning(self) -> bool:
        return any(row.invoiced or row.settlement for row in self.rows)

    @property
    def labelled_rows(self) -> list[tuple[MemberRow, list[tuple[str, Decimal | None]]]]:
        names = [activity.name for activity in self.activities]
        return [(row, list(zip(names, row.cells, strict=True))) for row in self.rows]

    @property
    def change(self) -> Decimal | None:
        if self.previous_total is None:
            return None
        return self.total - self.previous_total

    @property
    def change_percent(self) -> Decimal | None:
        if not self.previous_total:
            return None
        return (self.total - self.previous_total) * 100 / self.previous_total


def instalments_of(line: AllocationLine) -> list[dict]:
    """The line's instalments with amounts and dates as Python values again."""
    result = []
    for item in line.instalments:
        converted = dict(item)
        converted["amount"] = Decimal(str(item["amount"]))
        if "day_off" not in item:  # stored before holidays counted: weekends only
            converted["day_off"] = "helg" if item.get("is_weekend") else None
        for key in ("due_on", "planned_on"):
            value = item[key]
            converted[key] = (
                value
                if isinstance(value, datetime.date)
                else datetime.date.fromisoformat(value)
            )
        result.append(converted)
    return result


def _amounts(run: AllocationRun | None) -> dict[tuple[int, int], Decimal]:
    if run is None:
        return {}
    return {
        (fm, m): amount
        for fm, m, amount in run.lines.values_list(
            "fee_model_id", "member_id", "amount"
        )
    }


def run_lines(run: AllocationRun) -> list[AllocationLine]:
    """The run's lines by verksamhet, fee model and kommunkod, each with its fee
    model (and activity) and member: one instance of each, shared by the lines
    (select_related made one per line, 3 × 5 800 instances for a large run, half of
    the time it took to read a run)."""
    fee_models = FeeModel.objects.filter(pk__in=run.lines.values("fee_model_id"))
    models = {model.pk: model for model in fee_models.select_related("activity")}
    members = Member.objects.filter(pk__in=run.lines.values("member_id"))
    by_id = {member.pk: member for member in members}
    lines = list(
        run.lines.order_by(
            "fee_model__activity__name", "fee_model__name", "member__kommunkod"
        )
    )
    for line in lines:
        line.fee_model = models[line.fee_model_id]
        line.member = by_id[line.member_id]
    return lines


def build_run_table(
    federation: Federation,
    year: int,
    lines: list[AllocationLine],
    run: AllocationRun | None = None,
    *,
    substitutes: dict[int, int] | None = None,
    settlements: list[dict] | None = None,
) -> RunTable:
    """The table of a stored run, or of unsaved lines (a draft) when `run` is None
    (then with the draft's population `substitutes` and `settlements`)."""
    if run is not None:
        substitutes = {int(k): int(v) for k, v in run.population_substitutes.items()}
        settlements = run.settlements
    previous_run = latest_approved_runs(federation.pk).get(year - 1)
    previous = _amounts(previous_run)
    previous_version = (
        AllocationRun.objects.filter(
            federation=federation, year=year, version__lt=run.version
        )
        .order_by("-version")
        .first()
        if run is not None
        else None
    )
    earlier = _amounts(previous_version)
    activities = sorted(
        {line.fee_model.activity for line in lines}, key=lambda a: a.name
    )
    column = {activity.pk: i for i, activity in enumerate(activities)}
    members: dict[int, Member] = {}
    cells: dict[int, list[Decimal | None]] = {}
    sections: dict[int, ModelSection] = {}
    version_changes = []
    invoiced: dict[int, Decimal] = defaultdict(Decimal)
    settled: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        members.setdefault(line.member_id, line.member)
        invoiced[line.member_id] += line.invoiced or Decimal(0)
        settled[line.member_id] += line.settlement or Decimal(0)
        row = cells.setdefault(line.member_id, [None] * len(activities))
        position = column[line.fee_model.activity_id]
        row[position] = (row[position] or Decimal(0)) + line.amount
        section = sections.setdefault(
            line.fee_model_id, ModelSection(line.fee_model, [], Decimal(0))
        )
        section.lines.append(line)
        section.total += line.amount
        if previous_version is not None:
            before = earlier.get((line.fee_model_id, line.member_id), Decimal(0))
            if before != line.amount:
                version_changes.append((line, line.amount - before))
    previous_by_member: dict[int, Decimal] = defaultdict(Decimal)
    for (_fee_model, member_id), amount in previous.items():
        previous_by_member[member_id] += amount
    rows = [
        MemberRow(
            member=members[member_id],
            cells=cells[member_id],
            total=sum((c for c in cells[member_id] if c), Decimal(0)),
            previous=previous_by_member.get(member_id) if previous_run else None,
            invoiced=invoiced[member_id],
            settlement=settled[member_id],
        )
        for member_id in sorted(members, key=lambda m: members[m].kommunkod)
    ]
    column_totals = [
        sum((row.cells[i] or Decimal(0) for row in rows), Decimal(0))
        for i in range(len(activities))
    ]
    return RunTable(
        federation=federation,
        year=year,
        run=run,
        activities=activities,
        rows=rows,
        column_totals=column_totals,
        total=sum(column_totals, Decimal(0)),
        previous_run=previous_run,
        previous_total=sum(previous.values(), Decimal(0)) if previous_run else None,
        previous_version=previous_version,
        sections=list(sections.values()),
        version_changes=version_changes,
        substitutes=substitutes or {},
        settlements=settlements or [],
    )


def run_table(run: AllocationRun) -> RunTable:
    return build_run_table(run.federation, run.year, run_lines(run), run)


@dataclass
class PopulationTable:
    years: list[int]
    rows: list[tuple[Member, list[tuple[int, PopulationFigure | None]]]]


def population_table(federation: Federation, years: int = 5) -> PopulationTable:
    """Members × the latest years with figures, in two queries."""
    figures = list(
        PopulationFigure.objects.filter(member__federation=federation).only(
            "member_id", "year", "population", "reference_date", "source"
        )
    )
    shown = sorted({f.year for f in figures})[-years:]
    by_cell = {(f.member_id, f.year): f for f in figures}
    members = federation.members.order_by("kommunkod")
    return PopulationTable(
        years=shown,
        rows=[
            (m, [(year, by_cell.get((m.pk, year))) for year in shown]) for m in members
        ],
    )
