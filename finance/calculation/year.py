"""Every line of a year for a federation's active fee models."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import money
from federation.models import Federation
from finance.allocation import months_in_year
from finance.models import FeeModel, SettlementMode

from .avrakning import add_avrakning
from .fee_methods import LineResult, compute_model, model_period
from .inputs import YearData
from .payment_plan import add_payment_plan
from .settlement import Settlement, settle


def model_is_active(model: FeeModel, year: int) -> bool:
    return model.base_year <= year and months_in_year(year, *model_period(model)) > 0


class YearResult(list[LineResult]):
    """The lines of a year, and what the run stores beside them."""

    substitutes: dict[int, int]
    settlements: list[Settlement]
    basis: list[int]


def compute_year(
    federation: Federation,
    year: int,
    *,
    as_of: datetime.date,
    fee_models: QuerySet[FeeModel] | None = None,
    settlement_mode: str = SettlementMode.NEXT,
) -> YearResult:
    """Every line of `year` for the federation's active fee models (or those given),
    or raise ValidationError listing every input that is missing.

    In order: each fee model's lines (a preliminary population year when the
    wanted one is not published), each verksamhet's other payer, carry-forward
    and adjustments (settlement), then the payment plans and the avräkning
    against the instalments earlier versions have invoiced.
    """
    data = YearData(federation, year, as_of, fee_models)
    errors: list[str] = []
    computed: list[tuple[FeeModel, list[LineResult]]] = []
    for model in data.fee_models:
        if not model_is_active(model, year):
            continue
        problems: list[str] = []
        misses = data.missing_hits
        try:
            lines = compute_model(model, year, data, problems)
        except ValidationError as error:
            problems.extend(error.messages)
        errors.extend(f"{model.name}: {problem}" for problem in problems)
        if not problems and data.missing_hits == misses:
            computed.append((model, lines))
    errors.extend(_missing_population(data))
    settlements = _settle(computed, data, errors)
    for model, lines in computed:
        try:
            add_payment_plan(model, lines, year, data)
        except ValidationError as error:
            errors.extend(f"{model.name}: {problem}" for problem in error.messages)
    if errors:
        raise ValidationError(sorted(set(errors)))
    result = YearResult(line for _model, lines in computed for line in lines)
    add_avrakning(result, data, settlement_mode)
    result.substitutes = dict(sorted(data.substitutes.items()))
    result.settlements = settlements
    result.basis = data.invoiced.basis
    return result


def _missing_population(data: YearData) -> list[str]:
    """One message per year, naming the first few members, not a line each."""
    messages = []
    for year, found in sorted(data.missing_population.items()):
        names = list(found)
        shown = ", ".join(names[:5])
        if len(names) > 5:
            shown += " " + _("and %(count)s more") % {"count": len(names) - 5}
        messages.append(
            ngettext(
                "Population %(year)s is missing for %(count)s member: %(names)s.",
                "Population %(year)s is missing for %(count)s members: %(names)s.",
                len(names),
            )
            % {"year": year, "count": len(names), "names": shown}
        )
    return messages


def _negative(member: str, amount: Decimal) -> str:
    """A line the verksamhet's items leave below zero: no invoice is negative."""
    return _(
        "The items make %(member)s pay %(amount)s, less than nothing: lower the "
        "adjustment, the other payer's share or the surplus carried in."
    ) % {"member": member, "amount": money(amount, 2)}


def _settle(
    computed: list[tuple[FeeModel, list[LineResult]]],
    data: YearData,
    errors: list[str],
) -> list[Settlement]:
    """Net each verksamhet's items from its lines (finance.calculation.settlement)."""
    by_activity: dict[int, list[LineResult]] = defaultdict(list)
    for model, lines in computed:
        by_activity[model.activity_id].extend(lines)
    settlements = []
    for activity_id, terms in data.activity_terms.items():
        lines = by_activity.get(activity_id, [])
        if not lines:
            continue
        gross = {i: line.amount for i, line in enumerate(lines)}
        members = {i: line.member.pk for i, line in enumerate(lines)}
        try:
            result = settle(terms, gross, members)
        except ValidationError as error:
            errors.extend(f"{terms.activity}: {m}" for m in error.messages)
            continue
        below = [(lines[i].member.name, a) for i, a in result.amounts.items() if a < 0]
        errors.extend(f"{terms.activity}: {_negative(*each)}" for each in below)
        settlements.append(result)
        if below or not terms.changes_fees:
            continue
        for i, line in enumerate(lines):
            line.gross_amount = line.amount
            line.amount = result.amounts[i]
            line.explanation.extend(result.explanations[i])
    return settlements
