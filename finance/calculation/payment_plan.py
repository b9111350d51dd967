"""The instalments of a year's lines: a preliminary first one, based on last year's
amount, when the year's index is read after it falls due."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import money
from finance.allocation import PlannedInstalment, due_date, split_instalments
from finance.models import FeeModel

from .fee_methods import LineResult, compute_model
from .inputs import YearData
from .uplift import uplift_step


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
                % {"amount": money(basis)}
            )
