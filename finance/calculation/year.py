"""Every line of a year for a federation's active fee models."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from federation.models import Federation
from finance.allocation import months_in_year
from finance.models import FeeModel

from .fee_methods import LineResult, compute_model, model_period
from .inputs import YearData
from .payment_plan import add_payment_plan


def model_is_active(model: FeeModel, year: int) -> bool:
    return model.base_year <= year and months_in_year(year, *model_period(model)) > 0


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
