"""Index-linked commitments: the provision (avsättning) rolled forward year by year.

Service entry points:
- `roll_forward(commitment)`: per year of its plan the opening balance, the part
  recognised in base-year prices, the index uplift, the payment, the closing balance
  and the change (closing − opening: the kassaflödesanalys's adjustment for the
  provision), with the totals.
- `save_year(commitment, year, recognised=, payment=, uplift=, note=, by=)`: one
  year's row of the plan; `save_commitment(...)` the commitment itself.

A year's uplift is the one entered (as booked, the årsbokslut's note) or else
computed from the index series: the opening balance follows the index from the year
before to this year, and the part recognised this year goes from base-year prices to
this year's:

    uplift = opening × (f(year) / f(year − 1) − 1) + recognised × (f(year) − 1)

where f(y) = index(y) / index(base year), and 1 before the year the uplift starts.
A closing balance is then always what is left in base-year prices at this year's
index. Payments are in the year's kronor. Computed uplifts are rounded to the krona.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from federation.models import Federation
from finance.models import IndexSeries, IndexValue

from .models import Commitment, CommitmentYear

ZERO = Decimal(0)
KRONA = Decimal(1)


@dataclass(frozen=True)
class RollYear:
    year: int
    opening: Decimal
    recognised: Decimal
    uplift: Decimal
    uplift_entered: bool  # as booked, not computed from the index
    payment: Decimal
    closing: Decimal
    factor: Decimal | None  # f(year), when computed from the index
    note: str = ""

    @property
    def change(self) -> Decimal:
        """The change of the provision: the cash-flow statement's adjustment."""
        return self.closing - self.opening


@dataclass
class RollForward:
    commitment: Commitment
    years: list[RollYear] = field(default_factory=list)
    missing_index: list[int] = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.years[-1].closing if self.years else ZERO

    def total(self, name: str) -> Decimal:
        return sum((getattr(y, name) for y in self.years), ZERO)


def index_levels(series: IndexSeries | None) -> dict[int, Decimal]:
    """The series' level per year (its latest publication; a yearly change in per
    cent is chained into levels from 100)."""
    if series is None:
        return {}
    latest: dict[int, Decimal] = {}
    for value in IndexValue.objects.filter(series=series).order_by(
        "year", "published_on"
    ):
        latest[value.year] = value.value
    if series.kind == IndexSeries.Kind.LEVEL:
        return latest
    levels: dict[int, Decimal] = {}
    level, year = Decimal(100), None
    for year in sorted(latest):
        if levels and year - 1 not in levels:
            break  # a gap: the chain cannot go on
        if not levels:
            levels[year - 1] = level
        level = level * (1 + latest[year] / 100)
        levels[year] = level
    return levels


class _Factors:
    """f(y) = index(y) / index(base), 1 before the uplift starts; None when the
    series lacks a year that is needed."""

    def __init__(self, commitment: Commitment) -> None:
        self.levels = index_levels(commitment.index_series)
        self.base = self.levels.get(commitment.base_year)
        self.start = commitment.index_from or commitment.base_year + 1
        self.has_series = commitment.index_series_id is not None

    def __call__(self, year: int) -> Decimal | None:
        if year < self.start or not self.has_series:
            return Decimal(1)
        level = self.levels.get(year)
        # A level of zero or below (a yearly change of −100 % chains to it) is no
        # index: the year after would divide by it.
        if level is None or level <= 0 or self.base is None or self.base <= 0:
            return None
        return level / self.base


def roll_forward(commitment: Commitment) -> RollForward:
    """The provision year by year over the commitment's plan, from zero."""
    result = RollForward(commitment)
    factor = _Factors(commitment)
    opening = ZERO
    previous: Decimal | None = Decimal(1)
    for row in commitment.years.order_by("year"):
        current = factor(row.year)
        if row.uplift is not None:
            uplift, entered = row.uplift, True
        elif current is None or previous is None:
            uplift, entered = ZERO, False
            result.missing_index.append(row.year)
        else:
            exact = opening * (current / previous - 1) + row.recognised * (current - 1)
            uplift, entered = exact.quantize(KRONA, ROUND_HALF_UP), False
        closing = opening + row.recognised + uplift - row.payment
        result.years.append(
            RollYear(
                row.year,
                opening,
                row.recognised,
                uplift,
                entered,
                row.payment,
                closing,
                None if entered else current,
                row.note,
            )
        )
        opening, previous = closing, current
    return result


def save_commitment(
    commitment: Commitment, *, by: AbstractBaseUser | None, **fields
) -> Commitment:
    for name, value in fields.items():
        setattr(commitment, name, value)
    series = commitment.index_series
    if series is not None and series.federation_id != commitment.federation_id:
        raise ValidationError(_("The index series belongs to another federation."))
    with transaction.atomic():
        # A double click created the same name twice past full_clean's check.
        Federation.objects.select_for_update().filter(
            pk=commitment.federation_id
        ).first()
        commitment.full_clean()
        history.save(commitment, by=by, reason=_("Commitment saved"))
    return commitment


def save_year(
    commitment: Commitment,
    year: int,
    *,
    by: AbstractBaseUser | None,
    recognised: Decimal = ZERO,
    payment: Decimal = ZERO,
    uplift: Decimal | None = None,
    note: str = "",
) -> CommitmentYear:
    """One year of the plan, new or changed (the same year again changes it)."""
    if year < commitment.base_year:
        raise ValidationError(
            _("The plan starts in the base year %(year)s.")
            % {"year": commitment.base_year}
        )
    with transaction.atomic():
        row, __ = CommitmentYear.objects.select_for_update().get_or_create(
            commitment=commitment, year=year
        )
        row.recognised, row.payment, row.uplift, row.note = (
            recognised,
            payment,
            uplift,
            note,
        )
        row.full_clean()
        history.save(row, by=by, reason=_("Commitment year saved"))
    return row


def save_plan(
    commitment: Commitment,
    rows: Iterable[tuple[int, Decimal, Decimal | None, Decimal]],
    *,
    by: AbstractBaseUser | None,
) -> None:
    """Many years at once: (year, recognised, uplift or None, payment)."""
    with transaction.atomic():
        for year, recognised, uplift, payment in rows:
            save_year(
                commitment,
                year,
                by=by,
                recognised=recognised,
                uplift=uplift,
                payment=payment,
            )
