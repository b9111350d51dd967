"""The inputs of one federation's fees around a year, read once."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from federation.models import Federation, Member
from finance.models import (
    ActivityYear,
    AllocationLine,
    AllocationRun,
    FeeModel,
    IndexSeries,
    IndexValue,
    InstalmentDispatch,
    Participant,
    PopulationFigure,
    UnitCount,
)

from .settlement import ActivityTerms, AdjustmentTerms


@dataclass(frozen=True)
class Terms:
    """A participant's terms in a fee model, as the computation reads them."""

    member: Member
    rate: Decimal | None
    fixed_amount: Decimal | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


TERMS = ["fee_model_id", "rate", "fixed_amount", "valid_from", "valid_to"]
MEMBER_FIELDS = [field.attname for field in Member._meta.concrete_fields]
MEMBER_PK = MEMBER_FIELDS.index(Member._meta.pk.attname)


def read_terms(fee_model_ids: list[int]) -> dict[int, list[Terms]]:
    """Each fee model's participants, by kommunkod, in one query.

    Plain rows, and one Member per member however many models it takes part in:
    290 members × 20 models as 5 800 Participant and 5 800 Member instances (what
    select_related gives) cost a third of a run's budget of a second.
    """
    rows = (
        Participant.objects.filter(fee_model_id__in=fee_model_ids)
        .order_by("member__kommunkod", "pk")
        .values_list(*TERMS, *(f"member__{name}" for name in MEMBER_FIELDS))
    )
    members: dict[int, Member] = {}
    result: dict[int, list[Terms]] = defaultdict(list)
    for fee_model_id, rate, fixed_amount, valid_from, valid_to, *fields in rows:
        member = members.get(fields[MEMBER_PK])
        if member is None:
            member = Member.from_db(rows.db, MEMBER_FIELDS, fields)
            members[member.pk] = member
        result[fee_model_id].append(
            Terms(member, rate, fixed_amount, valid_from, valid_to)
        )
    return result


class YearData:
    """The fee models with their participants, populations, index values, units and
    last year's approved amounts a year's computation reads, each in one query."""

    def __init__(
        self,
        federation: Federation,
        year: int,
        as_of: datetime.date,
        fee_models: QuerySet[FeeModel] | None = None,
    ):
        self.federation = federation
        self.year = year
        self.as_of = as_of
        if fee_models is None:
            fee_models = FeeModel.objects.filter(federation=federation)
        self.fee_models = list(
            fee_models.filter(is_active=True)
            .select_related("activity", "index_series", "agreement")
            .prefetch_related("instalments", "agreed_uplifts")
        )
        self.participants = read_terms([model.pk for model in self.fee_models])
        figures = PopulationFigure.objects.filter(member__federation=federation)
        self.published_years = set(figures.values_list("year", flat=True).distinct())
        # A year wanted but not yet published is read from the latest one before
        # it: the run is then preliminary (AllocationRun.population_substitutes).
        self.substitutes: dict[int, int] = {}
        read = {self.population_year(y) for y in range(year - 4, year + 1)}
        self.populations: dict[tuple[int, int], int] = {
            (member_id, y): population
            for member_id, y, population in figures.filter(year__in=read).values_list(
                "member_id", "year", "population"
            )
        }
        # Members without a figure, by year (an ordered set), and how many misses.
        self.missing_population: dict[int, dict[str, None]] = defaultdict(dict)
        self.missing_hits = 0
        self.index_values: dict[int, list[IndexValue]] = defaultdict(list)
        for value in IndexValue.objects.filter(series__federation=federation).order_by(
            "published_on", "pk"
        ):
            self.index_values[value.series_id].append(value)
        self.units: dict[tuple[int, int], Decimal] = {
            (fee_model_id, member_id): quantity
            for fee_model_id, member_id, quantity in UnitCount.objects.filter(
                fee_model__federation=federation, year=year
            ).values_list("fee_model_id", "member_id", "quantity")
        }
        self.activity_terms = read_activity_terms(federation, year)
        self.invoiced = read_invoiced(federation, year)
        last_year = (
            AllocationRun.objects.approved()
            .filter(federation=federation, year=year - 1)
            .order_by("-version")
            .first()
        )
        self.last_year: dict[tuple[int, int], Decimal] = (
            {
                (fm, m): amount
                for fm, m, amount in last_year.lines.values_list(
                    "fee_model_id", "member_id", "amount"
                )
            }
            if last_year
            else {}
        )

    def population_year(self, wanted: int) -> int:
        """The year whose figures stand for `wanted`: itself once any member has
        it, else the latest published year before it (none: itself)."""
        if wanted in self.published_years:
            return wanted
        earlier = [y for y in self.published_years if y < wanted]
        return max(earlier) if earlier else wanted

    def index_value(
        self, series: IndexSeries, year: int, on: datetime.date
    ) -> IndexValue | None:
        """The latest value of `series` for `year` published on or before `on`."""
        found = None
        for value in self.index_values.get(series.pk, []):
            if value.published_on > on:
                break
            if value.year == year:
                found = value
        return found


def read_activity_terms(federation: Federation, year: int) -> dict[int, ActivityTerms]:
    """Each verksamhet's year (ActivityYear) by activity id, with its adjustments."""
    rows = (
        ActivityYear.objects.filter(activity__federation=federation, year=year)
        .select_related("activity")
        .prefetch_related("adjustments__member")
    )
    return {
        row.activity_id: ActivityTerms(
            activity=row.activity.name,
            year=year,
            carried_in=row.carried_in,
            carried_out=row.carried_out,
            carried_in_lowers_fees=row.carried_in_lowers_fees,
            other_payer=row.other_payer,
            other_payer_amount=row.other_payer_amount,
            other_payer_percent=row.other_payer_percent,
            adjustments=tuple(
                AdjustmentTerms(
                    a.amount,
                    a.reason,
                    a.member_id,
                    a.member.name if a.member else "",
                )
                for a in row.adjustments.all()
            ),
        )
        for row in rows
    }


@dataclass
class Invoiced:
    """What earlier versions of a year have invoiced: per (fee model, member) the
    amount of each sent instalment, with its due date."""

    basis: list[int]  # the InstalmentDispatch ids read
    positions: set[int]
    amounts: dict[tuple[int, int], dict[int, tuple[Decimal, datetime.date]]]


def read_invoiced(federation: Federation, year: int) -> Invoiced:
    dispatches = list(
        InstalmentDispatch.objects.filter(
            run__federation=federation, run__year=year
        ).values_list("pk", "run_id", "position")
    )
    if not dispatches:
        return Invoiced(basis=[], positions=set(), amounts={})
    sent: dict[int, set[int]] = defaultdict(set)
    for _pk, run_id, position in dispatches:
        sent[run_id].add(position)
    amounts: dict[tuple[int, int], dict[int, tuple[Decimal, datetime.date]]] = (
        defaultdict(dict)
    )
    lines = AllocationLine.objects.filter(run_id__in=sent).values_list(
        "run_id", "fee_model_id", "member_id", "instalments"
    )
    for run_id, fee_model_id, member_id, items in lines:
        for item in items:
            if item["position"] in sent[run_id]:
                due = item["due_on"]
                amounts[(fee_model_id, member_id)][item["position"]] = (
                    Decimal(str(item["amount"])),
                    due
                    if isinstance(due, datetime.date)
                    else datetime.date.fromisoformat(due),
                )
    return Invoiced(
        basis=sorted(pk for pk, _run, _position in dispatches),
        positions={position for _pk, _run, position in dispatches},
        amounts=amounts,
    )
