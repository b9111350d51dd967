"""The avräkning of a corrected version: what earlier versions of the year have
invoiced (the instalments the ekonom marked sent) against what this version says.

Per line (fee model × member), with I the amounts invoiced by the sent instalments
and N what this version's own split gives for those same instalments, the
avräkning is D = N − I. The sent instalments keep the amounts invoiced (marked
`invoiced`), and D goes on the first instalment not yet sent (`settlement`), or,
when all are sent or the run asks for it, on a separate settlement line due 30
days after the run's date (the next weekday). The instalments still add up to the
line's amount, so what is left to invoice is the amount less I.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import money
from core.swedish_days import day_off, next_weekday
from federation.models import Member
from finance.models import FeeModel, SettlementMode

from .fee_methods import LineResult
from .inputs import YearData

SEPARATE_DUE_DAYS = 30


def add_avrakning(lines: list[LineResult], data: YearData, mode: str) -> None:
    sent = data.invoiced.positions
    if not sent:
        return
    separate_due = next_weekday(data.as_of + datetime.timedelta(SEPARATE_DUE_DAYS))
    for line in lines:
        invoiced = data.invoiced.amounts.get((line.fee_model.pk, line.member.pk), {})
        _settle_line(line, sent, invoiced, mode, separate_due)
    have = {(line.fee_model.pk, line.member.pk) for line in lines}
    gone = sorted(key for key in data.invoiced.amounts if key not in have)
    for line in _credit_lines(gone):
        invoiced = data.invoiced.amounts[(line.fee_model.pk, line.member.pk)]
        _settle_line(line, sent, invoiced, mode, separate_due)
        lines.append(line)


def _credit_lines(keys: list[tuple[int, int]]) -> list[LineResult]:
    """A line of 0 kr for each (fee model, member) invoiced by an earlier version
    that this one no longer has (a member taken out of a fee model, a fee model
    made inactive): its avräkning credits everything invoiced, so that no
    invoiced amount is forgotten by a correction."""
    if not keys:
        return []
    models = FeeModel.objects.select_related("activity").in_bulk(
        {fee_model_id for fee_model_id, _member in keys}
    )
    members = Member.objects.in_bulk({member_id for _model, member_id in keys})
    return [
        LineResult(
            fee_model=models[fee_model_id],
            member=members[member_id],
            amount=Decimal(0),
            population=None,
            population_year=None,
            uplift_factor=Decimal(1),
            explanation=[
                _("No fee in this version: what earlier versions invoiced is credited.")
            ],
        )
        for fee_model_id, member_id in keys
    ]


def _settle_line(
    line: LineResult,
    sent: set[int],
    invoiced: dict[int, tuple[Decimal, datetime.date]],
    mode: str,
    separate_due: datetime.date,
) -> None:
    items = line.instalments
    said = sum((i["amount"] for i in items if i["position"] in sent), Decimal(0))
    total_invoiced = sum((amount for amount, _due in invoiced.values()), Decimal(0))
    difference = said - total_invoiced
    for item in items:
        if item["position"] in sent:
            item["amount"] = invoiced.get(item["position"], (Decimal(0), None))[0]
            item["invoiced"] = True
    # A sent instalment this version's plan does not have (an earlier separate
    # avräkning line): it stays, as invoiced.
    have = {item["position"] for item in items}
    for position in sorted(set(invoiced) - have):
        amount, due = invoiced[position]
        items.append(_item(position, amount, due, invoiced=True))
    items.sort(key=lambda item: item["position"])
    line.invoiced = total_invoiced
    line.settlement = difference
    if difference == 0 and not total_invoiced:
        return
    if difference:
        following = [i for i in items if not i.get("invoiced")]
        if following and mode == SettlementMode.NEXT:
            following[0]["amount"] += difference
            following[0]["settlement"] = difference
            where = _("on instalment %(n)s") % {"n": following[0]["position"]}
        else:
            position = max(i["position"] for i in items) + 1
            items.append(_item(position, difference, separate_due, settlement=True))
            where = _("on a separate settlement line due %(date)s") % {
                "date": separate_due.isoformat()
            }
    else:
        where = ""
    text = _(
        "Settlement: invoiced earlier %(invoiced)s by the instalments sent; this "
        "version gives %(said)s for them; difference %(difference)s"
    ) % {
        "invoiced": money(total_invoiced, 2),
        "said": money(said, 2),
        "difference": money(difference, 2),
    }
    line.explanation.append(f"{text} {where}".rstrip() + ".")


def _item(
    position: int,
    amount: Decimal,
    due: datetime.date | None,
    *,
    invoiced: bool = False,
    settlement: bool = False,
) -> dict:
    day = due or timezone.localdate()
    return {
        "position": position,
        "amount": amount,
        "due_on": day,
        "planned_on": day,
        "day_off": day_off(day),
        "is_moved": False,
        "is_preliminary": False,
        "invoiced": invoiced,
        "settlement": amount if settlement else Decimal(0),
        "is_settlement": settlement,
    }
