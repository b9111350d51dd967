"""The lines of one fee model for one year: one function per fee method.

Four methods give each participant an amount of its own in the base year (`Base`),
which `_own_line` raises by the uplift and prorates by the months taken part; the
fifth shares one total by population, so that the parts add up to it exactly.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formatting import exact_percent, money, number
from federation.models import Member
from finance.allocation import (
    HUNDRED,
    allocate_by_population,
    months_in_year,
    round_to_unit,
)
from finance.models import AllocationLine, AllocationRun, FeeModel

from .inputs import Terms, YearData
from .uplift import describe_steps, factor_of, uplift_steps

FACTOR_PLACES = Decimal("0.0000000001")


@dataclass
class LineResult:
    fee_model: FeeModel
    member: Member
    amount: Decimal
    population: int | None
    population_year: int | None
    uplift_factor: Decimal
    explanation: list[str] = field(default_factory=list)
    instalments: list[dict] = field(default_factory=list)
    gross_amount: Decimal | None = None  # before the verksamhet's items
    invoiced: Decimal = Decimal(0)
    settlement: Decimal = Decimal(0)

    def to_line(self, run: AllocationRun | None) -> AllocationLine:
        """The line to store in `run`, or unsaved for a draft (fee_report --draft)."""
        return AllocationLine(
            run=run,
            fee_model=self.fee_model,
            member=self.member,
            amount=self.amount,
            population=self.population,
            population_year=self.population_year,
            uplift_factor=self.uplift_factor.quantize(FACTOR_PLACES),
            explanation="\n".join(self.explanation),
            instalments=self.instalments,
            gross_amount=self.gross_amount,
            invoiced=self.invoiced,
            settlement=self.settlement,
        )


@dataclass
class Base:
    """A participant's amount in the base year and how it was reached."""

    amount: Decimal
    parts: list[str]
    population: int | None = None


def model_period(
    model: FeeModel,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The model's own valid period, else that of its agreement."""
    if model.valid_from or model.valid_to or model.agreement is None:
        return model.valid_from, model.valid_to
    return model.agreement.valid_from, model.agreement.valid_to


def _months(model: FeeModel, participant: Terms, year: int) -> int:
    valid_from, valid_to = model_period(model)
    starts = [d for d in (valid_from, participant.valid_from) if d]
    ends = [d for d in (valid_to, participant.valid_to) if d]
    return months_in_year(
        year, max(starts) if starts else None, min(ends) if ends else None
    )


def _population(
    data: YearData, member: Member, year: int, errors: list[str]
) -> int | None:
    population = data.populations.get((member.pk, year))
    if population is None:
        # One message for all members a year lacks (finance.calculation.year).
        data.missing_population[year][member.name] = None
        data.missing_hits += 1
    return population


# Each method is read once per fee model: it translates its phrases and writes the
# model's own figures then, and returns the function that gives each participant's
# base. Translated and written for every line instead, the 5 800 lines of a large
# run spent a third of their time looking up the same few phrases.
BaseOf = Callable[[Terms], Base | None]


def per_capita(
    model: FeeModel, population_year: int, data: YearData, errors: list[str]
) -> BaseOf:
    """Kronor per inhabitant: the participant's own rate, else the model's."""
    phrase = _("%(population)s inhabitants %(year)s × %(rate)s per inhabitant%(own)s")
    own_rate = _(" (own rate)")
    model_rate = model.rate or Decimal(0)
    model_rate_text = money(model_rate, 2)

    def base(participant: Terms) -> Base | None:
        population = _population(data, participant.member, population_year, errors)
        if population is None:
            return None
        own = participant.rate is not None
        rate = (participant.rate or Decimal(0)) if own else model_rate
        text = phrase % {
            "population": number(population),
            "year": population_year,
            "rate": money(rate, 2) if own else model_rate_text,
            "own": own_rate if own else "",
        }
        return Base(population * rate, [text], population)

    return base


def fixed(
    model: FeeModel, population_year: int, data: YearData, errors: list[str]
) -> Callable[[Terms], Base]:
    """A fixed amount: the participant's own, else the model's."""
    phrase = _("fixed %(amount)s%(own)s")
    model_amount = model.fixed_amount or Decimal(0)
    model_text = phrase % {"amount": money(model_amount), "own": ""}
    own_amount = _(" (own amount)")

    def base(participant: Terms) -> Base:
        if participant.fixed_amount is None:
            return Base(model_amount, [model_text])
        amount = participant.fixed_amount or Decimal(0)
        return Base(amount, [phrase % {"amount": money(amount), "own": own_amount}])

    return base


def fixed_plus_per_capita(
    model: FeeModel, population_year: int, data: YearData, errors: list[str]
) -> BaseOf:
    """Kronor per inhabitant plus a fixed amount."""
    variable_of = per_capita(model, population_year, data, errors)
    fixed_of = fixed(model, population_year, data, errors)

    def base(participant: Terms) -> Base | None:
        variable = variable_of(participant)
        if variable is None:
            return None
        fixed_part = fixed_of(participant)
        return Base(
            variable.amount + fixed_part.amount,
            variable.parts + fixed_part.parts,
            variable.population,
        )

    return base


def per_unit(
    model: FeeModel, population_year: int, data: YearData, errors: list[str]
) -> BaseOf:
    """A price per unit the member used in the year (UnitCount)."""
    phrase = _("%(quantity)s units × %(price)s")
    price = model.unit_price or Decimal(0)
    price_text = money(price, 2)

    def base(participant: Terms) -> Base:
        quantity = data.units.get((model.pk, participant.member.pk), Decimal(0))
        text = phrase % {"quantity": number(quantity, 2), "price": price_text}
        return Base(quantity * price, [text])

    return base


def population_share(
    model: FeeModel,
    taking_part: list[tuple[Terms, int]],
    population_year: int,
    factor: Decimal,
    uplift_text: list[str],
    data: YearData,
    errors: list[str],
) -> list[LineResult]:
    """The model's total, raised by the uplift, shared by population (largest
    remainder), so that the parts add up to it exactly."""
    found = {
        p.member: _population(data, p.member, population_year, errors)
        for p, _months in taking_part
    }
    populations = {m: p for m, p in found.items() if p is not None}
    if len(populations) < len(found) or not populations:
        return []
    base_total = model.total_amount or Decimal(0)
    total = round_to_unit(base_total * factor, model.unit)
    shares = allocate_by_population(total, populations, model.unit)
    everyone = sum(populations.values())
    phrase = _(
        "Share of %(total)s (%(base)s in %(base_year)s with uplift): "
        "%(population)s of %(everyone)s inhabitants %(year)s = %(share)s"
    )
    figures = {
        "total": money(total),
        "base": money(base_total),
        "base_year": model.base_year,
        "everyone": number(everyone),
        "year": population_year,
    }
    rounded = _(
        "Rounded by largest remainder to whole %(unit)s, so the parts add up."
    ) % {"unit": model.get_rounding_display().lower()}
    lines = []
    for member, amount in shares.items():
        share = Decimal(populations[member]) * HUNDRED / everyone
        text = [
            phrase
            % {
                **figures,
                "population": number(populations[member]),
                "share": exact_percent(share.quantize(Decimal("0.001"))),
            },
            rounded,
            *uplift_text,
        ]
        lines.append(
            LineResult(
                model,
                member,
                amount,
                populations[member],
                population_year,
                factor,
                text,
            )
        )
    return lines


METHODS: dict[str, Callable[[FeeModel, int, YearData, list[str]], BaseOf]] = {
    FeeModel.Method.PER_CAPITA: per_capita,
    FeeModel.Method.FIXED: fixed,
    FeeModel.Method.FIXED_PLUS_PER_CAPITA: fixed_plus_per_capita,
    FeeModel.Method.PER_UNIT: per_unit,
}


def compute_model(
    model: FeeModel, year: int, data: YearData, errors: list[str]
) -> list[LineResult]:
    """The lines of one fee model for one year, without payment plans."""
    steps = uplift_steps(model, year, data)
    factor = factor_of(steps)
    uplift_text = describe_steps(steps)
    wanted = year + model.population_year_offset
    population_year = data.population_year(wanted)
    if population_year != wanted and year == data.year:
        data.substitutes[wanted] = population_year
    taking_part = [
        (p, months)
        for p in data.participants.get(model.pk, [])
        if (months := _months(model, p, year)) > 0
    ]
    if model.method == FeeModel.Method.POPULATION_SHARE:
        return population_share(
            model, taking_part, population_year, factor, uplift_text, data, errors
        )
    base_of = METHODS[model.method](model, population_year, data, errors)
    line_of = _own_line(model, factor, population_year, uplift_text)
    lines = []
    for participant, months in taking_part:
        base = base_of(participant)
        if base is not None:
            lines.append(line_of(participant.member, base, months))
    return lines


def _own_line(
    model: FeeModel, factor: Decimal, population_year: int, uplift_text: list[str]
) -> Callable[[Member, Base, int], LineResult]:
    """The base amount raised by the uplift, prorated, rounded to the model's unit,
    and explained (the uplift's lines last)."""
    base_phrase = _("%(parts)s = %(base)s in %(base_year)s")
    pro_rata = _("Pro rata: %(months)s of 12 months")
    uplifted = _("× uplift factor %(factor)s = %(exact)s, rounded to %(amount)s")
    factor_text = number(factor, 6)

    def line(member: Member, base: Base, months: int) -> LineResult:
        exact = base.amount * factor * months / 12
        amount = round_to_unit(exact, model.unit)
        text = [
            base_phrase
            % {
                "parts": " + ".join(base.parts),
                "base": money(base.amount, 2),
                "base_year": model.base_year,
            }
        ]
        if months < 12:
            text.append(pro_rata % {"months": months})
        text.append(
            uplifted
            % {
                "factor": factor_text,
                "exact": money(exact, 2),
                "amount": money(amount),
            }
        )
        text.extend(uplift_text)
        return LineResult(
            model,
            member,
            amount,
            base.population,
            population_year if base.population else None,
            factor,
            text,
        )

    return line
