"""Computing a year's fees for every fee model of a federation.

`YearData` loads everything a year reads in a fixed number of queries; the functions
below compute from it without touching the database again, so a run over 290 members
and 20 fee models costs the same handful of queries as one over three.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.templatetags.format_sv import group_thousands
from federation.models import Federation, Member

from .allocation import (
    HUNDRED,
    ONE,
    PlannedInstalment,
    allocate_by_population,
    due_date,
    months_in_year,
    round_to_unit,
    split_instalments,
)
from .models import (
    AllocationLine,
    AllocationRun,
    FeeModel,
    IndexSeries,
    IndexValue,
    Participant,
    PopulationFigure,
    UnitCount,
)

FACTOR_PLACES = Decimal("0.0000000001")


def kr(amount: Decimal, decimals: int = 0) -> str:
    return f"{group_thousands(amount, decimals)}\xa0kr"


def pct(value: Decimal) -> str:
    text = group_thousands(value, 3).rstrip("0").rstrip(",")
    return f"{text}\xa0%"


def day(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


@dataclass(frozen=True)
class UpliftStep:
    year: int
    percent: Decimal
    source: str
    from_index: bool = False


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

    def to_line(self, run: AllocationRun) -> AllocationLine:
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
        )


class YearData:
    """The inputs of one federation's fees around a year, read once."""

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
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("member").order_by(
                        "member__kommunkod"
                    ),
                ),
                "instalments",
                "agreed_uplifts",
            )
        )
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
            dict(
                (((fm, m), amount))
                for fm, m, amount in last_year.lines.values_list(
                    "fee_model_id", "member_id", "amount"
                )
            )
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


def index_step(model: FeeModel, year: int, data: YearData) -> UpliftStep:
    series = model.index_series
    read_on = model.index_read_on(year)
    on = min(read_on, data.as_of)
    current = data.index_value(series, year, on)
    if current is None:
        raise ValidationError(
            _("%(series)s has no value for %(year)s published by %(date)s.")
            % {"series": series.code, "year": year, "date": day(on)}
        )
    kind = (
        pgettext("index value", "forecast")
        if current.is_forecast
        else pgettext("index value", "outcome")
    )
    if series.kind == IndexSeries.Kind.PERCENT:
        percent = current.value
    else:
        previous = data.index_value(series, year - 1, on)
        if previous is None:
            raise ValidationError(
                _("%(series)s has no value for %(year)s published by %(date)s.")
                % {"series": series.code, "year": year - 1, "date": day(on)}
            )
        percent = (current.value / previous.value - ONE) * HUNDRED
    source = _(
        "%(series)s %(year)s as of %(date)s (%(kind)s published %(published)s)"
    ) % {
        "series": series.code,
        "year": year,
        "date": day(read_on),
        "kind": kind,
        "published": day(current.published_on),
    }
    if on < read_on:
        source += " " + _("– read early, on %(date)s") % {"date": day(on)}
    return UpliftStep(year, percent, source, from_index=True)


def uplift_step(model: FeeModel, year: int, data: YearData) -> UpliftStep:
    """The uplift from the year before to `year`, and where it comes from."""
    if year in (model.freeze_years or []):
        return UpliftStep(year, Decimal(0), _("no uplift (frozen year)"))
    note = ""
    for agreed in model.agreed_uplifts.all():
        if agreed.year != year or agreed.agreed_on > data.as_of:
            continue
        if agreed.is_in_time:
            return UpliftStep(
                year,
                agreed.percent,
                _("agreed uplift, agreed on %(date)s")
                % {"date": day(agreed.agreed_on)},
            )
        note = " " + _(
            "(an uplift agreed on %(agreed)s came after the cut-off %(cutoff)s "
            "and is not applied)"
        ) % {"agreed": day(agreed.agreed_on), "cutoff": day(agreed.cutoff_on)}
    if model.uplift == FeeModel.Uplift.FIXED:
        step = UpliftStep(year, model.uplift_percent or Decimal(0), _("fixed uplift"))
    elif model.uplift == FeeModel.Uplift.INDEX and model.index_series_id:
        step = index_step(model, year, data)
    else:
        step = UpliftStep(year, Decimal(0), _("no uplift"))
    return UpliftStep(step.year, step.percent, step.source + note, step.from_index)


def uplift_steps(model: FeeModel, year: int, data: YearData) -> list[UpliftStep]:
    return [uplift_step(model, y, data) for y in range(model.base_year + 1, year + 1)]


def factor_of(steps: list[UpliftStep]) -> Decimal:
    factor = ONE
    for step in steps:
        factor *= ONE + step.percent / HUNDRED
    return factor


def describe_steps(steps: list[UpliftStep]) -> list[str]:
    return [
        _("Uplift %(year)s: %(percent)s, %(source)s")
        % {"year": s.year, "percent": pct(s.percent), "source": s.source}
        for s in steps
    ]


def model_period(
    model: FeeModel,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The model's own valid period, else that of its agreement."""
    if model.valid_from or model.valid_to or model.agreement is None:
        return model.valid_from, model.valid_to
    return model.agreement.valid_from, model.agreement.valid_to


def _months(model: FeeModel, participant: Participant, year: int) -> int:
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
        errors.append(
            _("Population for %(member)s %(year)s is missing.")
            % {"member": member.name, "year": year}
        )
    return population


def model_is_active(model: FeeModel, year: int) -> bool:
    return model.base_year <= year and months_in_year(year, *model_period(model)) > 0


def compute_model(
    model: FeeModel, year: int, data: YearData, errors: list[str]
) -> list[LineResult]:
    """The lines of one fee model for one year, without payment plans."""
    steps = uplift_steps(model, year, data)
    factor = factor_of(steps)
    uplift_text = describe_steps(steps)
    population_year = year + model.population_year_offset
    taking_part = [
        (p, months)
        for p in model.participants.all()
        if (months := _months(model, p, year)) > 0
    ]
    if model.method == FeeModel.Method.POPULATION_SHARE:
        return _share_lines(
            model, taking_part, population_year, factor, uplift_text, data, errors
        )
    lines = []
    for participant, months in taking_part:
        line = _own_line(
            model, participant, months, population_year, factor, data, errors
        )
        if line is not None:
            line.explanation.extend(uplift_text)
            lines.append(line)
    return lines


def _share_lines(
    model: FeeModel,
    taking_part: list[tuple[Participant, int]],
    population_year: int,
    factor: Decimal,
    uplift_text: list[str],
    data: YearData,
    errors: list[str],
) -> list[LineResult]:
    populations = {
        p.member: _population(data, p.member, population_year, errors)
        for p, _months in taking_part
    }
    if any(v is None for v in populations.values()) or not populations:
        return []
    base_total = model.total_amount or Decimal(0)
    total = round_to_unit(base_total * factor, model.unit)
    shares = allocate_by_population(total, populations, model.unit)
    everyone = sum(populations.values())
    lines = []
    for member, amount in shares.items():
        share = Decimal(populations[member]) * HUNDRED / everyone
        text = [
            _(
                "Share of %(total)s (%(base)s in %(base_year)s with uplift): "
                "%(population)s of %(everyone)s inhabitants %(year)s = %(share)s"
            )
            % {
                "total": kr(total),
                "base": kr(base_total),
                "base_year": model.base_year,
                "population": group_thousands(populations[member]),
                "everyone": group_thousands(everyone),
                "year": population_year,
                "share": pct(share.quantize(Decimal("0.001"))),
            },
            _("Rounded by largest remainder to whole %(unit)s, so the parts add up.")
            % {"unit": model.get_rounding_display().lower()},
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


def _own_line(
    model: FeeModel,
    participant: Participant,
    months: int,
    population_year: int,
    factor: Decimal,
    data: YearData,
    errors: list[str],
) -> LineResult | None:
    member = participant.member
    method = FeeModel.Method
    rate = participant.rate if participant.rate is not None else model.rate
    fixed = (
        participant.fixed_amount
        if participant.fixed_amount is not None
        else model.fixed_amount
    )
    rate, fixed = rate or Decimal(0), fixed or Decimal(0)
    population = None
    parts: list[str] = []
    base = Decimal(0)
    if model.method in (method.PER_CAPITA, method.FIXED_PLUS_PER_CAPITA):
        population = _population(data, member, population_year, errors)
        if population is None:
            return None
        base += population * rate
        parts.append(
            _("%(population)s inhabitants %(year)s × %(rate)s per inhabitant%(own)s")
            % {
                "population": group_thousands(population),
                "year": population_year,
                "rate": kr(rate, 2),
                "own": _(" (own rate)") if participant.rate is not None else "",
            }
        )
    if model.method in (method.FIXED, method.FIXED_PLUS_PER_CAPITA):
        base += fixed
        parts.append(
            _("fixed %(amount)s%(own)s")
            % {
                "amount": kr(fixed),
                "own": _(" (own amount)")
                if participant.fixed_amount is not None
                else "",
            }
        )
    if model.method == method.PER_UNIT:
        quantity = data.units.get((model.pk, member.pk), Decimal(0))
        base += quantity * (model.unit_price or Decimal(0))
        parts.append(
            _("%(quantity)s units × %(price)s")
            % {
                "quantity": group_thousands(quantity, 2),
                "price": kr(model.unit_price or 0, 2),
            }
        )
    exact = base * factor * months / 12
    amount = round_to_unit(exact, model.unit)
    text = [
        _("%(parts)s = %(base)s in %(base_year)s")
        % {
            "parts": " + ".join(parts),
            "base": kr(base, 2),
            "base_year": model.base_year,
        }
    ]
    if months < 12:
        text.append(_("Pro rata: %(months)s of 12 months") % {"months": months})
    text.append(
        _("× uplift factor %(factor)s = %(exact)s, rounded to %(amount)s")
        % {
            "factor": group_thousands(factor, 6),
            "exact": kr(exact, 2),
            "amount": kr(amount),
        }
    )
    return LineResult(
        model,
        member,
        amount,
        population,
        population_year if population else None,
        factor,
        text,
    )


def _plan(model: FeeModel) -> list[PlannedInstalment]:
    return [
        PlannedInstalment(i.percent, i.due_month, i.due_day)
        for i in model.instalments.all()
    ]


def _needs_preliminary(model: FeeModel, year: int, data: YearData) -> bool:
    """True when the year's index is read after the first instalment is due."""
    plan = _plan(model)
    if len(plan) < 2 or year <= model.base_year:
        return False
    step = uplift_step(model, year, data)
    if not step.from_index:
        return False
    first_due = due_date(year, plan[0].month, plan[0].day)
    return model.index_read_on(year) > first_due


def _previous_amounts(model: FeeModel, year: int, data: YearData) -> dict[int, Decimal]:
    """Last year's amount per member: the approved run's, else computed afresh."""
    approved = {
        member_id: amount
        for (fee_model_id, member_id), amount in data.last_year.items()
        if fee_model_id == model.pk
    }
    if approved:
        return approved
    errors: list[str] = []
    lines = compute_model(model, year - 1, data, errors)
    if errors:
        raise ValidationError(
            _(
                "Last year's amounts, on which the preliminary first instalment is "
                "based, cannot be computed: %(errors)s"
            )
            % {"errors": " ".join(errors)}
        )
    return {line.member.pk: line.amount for line in lines}


def add_payment_plan(
    model: FeeModel, lines: list[LineResult], year: int, data: YearData
) -> None:
    plan = _plan(model)
    previous = (
        _previous_amounts(model, year, data)
        if _needs_preliminary(model, year, data)
        else {}
    )
    for line in lines:
        basis = previous.get(line.member.pk)
        line.instalments = split_instalments(
            line.amount,
            plan,
            year=year,
            move_weekends=model.move_weekend_due_dates,
            preliminary_basis=basis,
        )
        if basis is not None:
            line.explanation.append(
                _(
                    "The index is read after the first instalment is due: the first "
                    "instalment is preliminary, based on last year's %(amount)s; "
                    "the last settles the difference."
                )
                % {"amount": kr(basis)}
            )


def compute_year(
    federation: Federation,
    year: int,
    *,
    as_of: datetime.date,
    fee_models: QuerySet[FeeModel] | None = None,
) -> list[LineResult]:
    """Every line of `year` for the federation's active fee models (or those given),
    or raise ValidationError listing every input that is missing."""
    data = YearData(federation, year, as_of, fee_models)
    errors: list[str] = []
    results: list[LineResult] = []
    for model in data.fee_models:
        if not model_is_active(model, year):
            continue
        problems: list[str] = []
        try:
            lines = compute_model(model, year, data, problems)
            add_payment_plan(model, lines, year, data)
        except ValidationError as error:
            problems.extend(error.messages)
        errors.extend(f"{model.name}: {problem}" for problem in problems)
        if not problems:
            results.extend(lines)
    if errors:
        raise ValidationError(sorted(set(errors)))
    return results
