"""The uplift of a fee model from its base year: fixed, agreed, from an index, or none
in a frozen year."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.formatting import exact_percent
from finance.allocation import HUNDRED, ONE
from finance.models import FeeModel, IndexSeries

from .inputs import YearData


def day(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


@dataclass(frozen=True)
class UpliftStep:
    year: int
    percent: Decimal
    source: str
    from_index: bool = False


def _missing_value(
    series: IndexSeries, year: int, on: datetime.date
) -> ValidationError:
    return ValidationError(
        _("%(series)s has no value for %(year)s published by %(date)s.")
        % {"series": series.code, "year": year, "date": day(on)}
    )


def index_step(
    model: FeeModel, series: IndexSeries, year: int, data: YearData
) -> UpliftStep:
    """The change of `series` into `year`, read on the model's day (or on the day
    the run is made, when that comes first)."""
    read_on = model.index_read_on(year)
    on = min(read_on, data.as_of)
    current = data.index_value(series, year, on)
    if current is None:
        raise _missing_value(series, year, on)
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
            raise _missing_value(series, year - 1, on)
        # A level of zero or below (typed in, or stored before the import
        # refused it) is no level: no division by it.
        for value in (previous, current):
            if value.value <= 0:
                raise ValidationError(
                    _(
                        "%(series)s %(year)s is %(value)s: an index level must be "
                        "above 0."
                    )
                    % {"series": series.code, "year": value.year, "value": value.value}
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
    elif model.uplift == FeeModel.Uplift.INDEX and model.index_series is not None:
        step = index_step(model, model.index_series, year, data)
    else:
        step = UpliftStep(year, Decimal(0), _("no uplift"))
    if step.percent <= -HUNDRED:
        # A factor of zero or below: every fee 0 kr or negative, and a total
        # shared by population cannot be shared at all.
        raise ValidationError(
            _(
                "The uplift %(year)s is %(percent)s (%(source)s): a change of "
                "−100 %% or less would make the fees zero or negative."
            )
            % {
                "year": year,
                "percent": exact_percent(step.percent),
                "source": step.source,
            }
        )
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
        % {"year": s.year, "percent": exact_percent(s.percent), "source": s.source}
        for s in steps
    ]
