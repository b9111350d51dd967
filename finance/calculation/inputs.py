"""The inputs of one federation's fees around a year, read once."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from federation.models import Federation, Member
from finance.models import (
    AllocationRun,
    FeeModel,
    IndexSeries,
    IndexValue,
    Participant,
    PopulationFigure,
    UnitCount,
)


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
        self.populations: dict[tuple[int, int], int] = {
            (member_id, y): population
            for member_id, y, population in PopulationFigure.objects.filter(
                member__federation=federation, year__gte=year - 3, year__lte=year
            ).values_list("member_id", "year", "population")
        }
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
