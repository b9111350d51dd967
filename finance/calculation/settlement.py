"""A verksamhet's year beyond its fee models: another payer, carry-forward and
one-off adjustments, netted from the members' fees (docs/architecture.md, Finance).

For a verksamhet and year, with G the sum of its fee models' amounts (its cost):

- other payer's share O: a fixed amount, or a percentage of G rounded to the krona;
- surplus carried in S (a deficit is negative): lowers the members' fees (raises
  them for a deficit), unless the verksamhet's year counts it in the income only
  (`carried_in_lowers_fees` off, the way the årsbokslut's notes show it);
- one-off adjustments A (each with a reason; positive raises, negative lowers),
  shared by every member or on one member only;
- the members pay M = G − O − S + ΣA in all (without − S when S is income only);
- surplus carried out U (into next year) does not change the fees; the year's
  income of the verksamhet (the årsbokslut's note) is M + O + S − U.

Every item is shared among the lines in proportion to their gross amounts, by
largest remainder in whole kronor (in öre for an amount with öre), so that the
parts add up to the item exactly; each line's explanation names each part.
Free of the database: `settle` takes plain amounts and terms.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import exact_percent, money
from finance.allocation import HUNDRED, allocate_by_population

Key = TypeVar("Key", bound=Hashable)
ONE = Decimal(1)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class AdjustmentTerms:
    amount: Decimal
    reason: str
    member_id: int | None = None
    member_name: str = ""


@dataclass(frozen=True)
class ActivityTerms:
    """A verksamhet's year as finance.models.ActivityYear holds it."""

    activity: str
    year: int
    carried_in: Decimal = Decimal(0)
    carried_out: Decimal = Decimal(0)
    carried_in_lowers_fees: bool = True
    other_payer: str = ""
    other_payer_amount: Decimal | None = None
    other_payer_percent: Decimal | None = None
    adjustments: tuple[AdjustmentTerms, ...] = ()

    @property
    def lowering(self) -> Decimal:
        """The part of the carried-in surplus that lowers the fees: S or 0."""
        return self.carried_in if self.carried_in_lowers_fees else Decimal(0)

    @property
    def changes_fees(self) -> bool:
        return bool(
            self.lowering
            or self.other_payer_amount
            or self.other_payer_percent
            or self.adjustments
        )


@dataclass
class Settlement(Generic[Key]):
    """The outcome for the verksamhet, and per line its amount and explanation."""

    terms: ActivityTerms
    cost: Decimal
    other_payer_share: Decimal
    amounts: dict[Key, Decimal] = field(default_factory=dict)
    explanations: dict[Key, list[str]] = field(default_factory=dict)

    @property
    def adjustments_total(self) -> Decimal:
        return sum((a.amount for a in self.terms.adjustments), Decimal(0))

    @property
    def members_total(self) -> Decimal:
        """M = G − O − S + ΣA, what the members pay in all (S only when the
        surplus carried in lowers the fees)."""
        return (
            self.cost
            - self.other_payer_share
            - self.terms.lowering
            + self.adjustments_total
        )

    @property
    def income(self) -> Decimal:
        """The verksamhet's income of the year: M + O + S − U."""
        return (
            self.members_total
            + self.other_payer_share
            + self.terms.carried_in
            - self.terms.carried_out
        )

    def as_json(self) -> dict:
        terms = self.terms
        return {
            "activity": terms.activity,
            "year": terms.year,
            "cost": self.cost,
            "other_payer": terms.other_payer,
            "other_payer_percent": terms.other_payer_percent,
            "other_payer_share": self.other_payer_share,
            "carried_in": terms.carried_in,
            "carried_in_lowers_fees": terms.carried_in_lowers_fees,
            "adjustments": [
                {"amount": a.amount, "reason": a.reason, "member": a.member_name}
                for a in terms.adjustments
            ],
            "members_total": self.members_total,
            "carried_out": terms.carried_out,
            "income": self.income,
        }


def other_payer_share(terms: ActivityTerms, cost: Decimal) -> Decimal:
    if terms.other_payer_amount is not None:
        return terms.other_payer_amount
    if terms.other_payer_percent is not None:
        exact = cost * terms.other_payer_percent / HUNDRED
        return exact.quantize(ONE, rounding=ROUND_HALF_UP)
    return Decimal(0)


def share(total: Decimal, weights: Mapping[Key, Decimal]) -> dict[Key, Decimal]:
    """`total` (either sign) in proportion to `weights`, the parts adding up to it."""
    if total == 0:
        return dict.fromkeys(weights, Decimal(0))
    unit = ONE if total == total.to_integral_value() else CENT
    ints = {key: int(weight / CENT) for key, weight in weights.items()}
    if any(value < 0 for value in ints.values()) or not any(ints.values()):
        raise ValidationError(
            _("%(amount)s cannot be shared: the fees to share it by are not positive.")
            % {"amount": money(total, 2)}
        )
    parts = allocate_by_population(abs(total), ints, unit)
    sign = 1 if total > 0 else -1
    return {key: sign * part for key, part in parts.items()}


def settle(
    terms: ActivityTerms,
    gross: Mapping[Key, Decimal],
    members: Mapping[Key, int],
) -> Settlement[Key]:
    """Net the verksamhet's items from its lines: `gross` is each line's amount by
    its fee model, `members` each line's member id (for an adjustment on one
    member). Raise ValidationError when an item cannot be shared."""
    cost = sum(gross.values(), Decimal(0))
    other = other_payer_share(terms, cost)
    result: Settlement[Key] = Settlement(terms, cost, other)
    amounts = dict(gross)
    texts: dict[Key, list[str]] = {key: [] for key in gross}
    heading = _(
        "%(activity)s %(year)s: the fee models give %(gross)s of the verksamhet's "
        "%(cost)s; the items below are shared in proportion to the fees."
    )
    for key in gross:
        texts[key].append(
            heading
            % {
                "activity": terms.activity,
                "year": terms.year,
                "gross": money(gross[key], 2),
                "cost": money(cost, 2),
            }
        )
    if other:
        if terms.other_payer_percent is not None:
            text = _(
                "%(payer)s pays %(percent)s of the cost %(cost)s = %(share)s; "
                "this amount: %(part)s"
            )
        else:
            text = _(
                "%(payer)s pays a fixed %(share)s of the cost; this amount: %(part)s"
            )
        for key, part in share(-other, gross).items():
            amounts[key] += part
            texts[key].append(
                text
                % {
                    "payer": terms.other_payer or _("Another payer"),
                    "percent": exact_percent(terms.other_payer_percent or 0),
                    "cost": money(cost, 2),
                    "share": money(other, 2),
                    "part": money(part, 2),
                }
            )
    if terms.lowering:
        text = (
            _("Surplus carried in %(amount)s lowers the fees; this amount: %(part)s")
            if terms.carried_in > 0
            else _(
                "Deficit carried in %(amount)s raises the fees; this amount: %(part)s"
            )
        )
        for key, part in share(-terms.lowering, gross).items():
            amounts[key] += part
            texts[key].append(
                text
                % {"amount": money(abs(terms.carried_in), 2), "part": money(part, 2)}
            )
    for adjustment in terms.adjustments:
        _adjust(adjustment, gross, members, amounts, texts)
    final = _("After the verksamhet's items: %(amount)s")
    for key in gross:
        texts[key].append(final % {"amount": money(amounts[key], 2)})
    result.amounts = amounts
    result.explanations = texts
    return result


def _adjust(
    adjustment: AdjustmentTerms,
    gross: Mapping[Key, Decimal],
    members: Mapping[Key, int],
    amounts: dict[Key, Decimal],
    texts: dict[Key, list[str]],
) -> None:
    """One adjustment: shared by every line, or by the lines of its member."""
    if adjustment.member_id is None:
        weights = dict(gross)
        whom = _("shared by the members")
    else:
        weights = {k: v for k, v in gross.items() if members[k] == adjustment.member_id}
        whom = _("for %(member)s only") % {"member": adjustment.member_name}
        if not weights:
            raise ValidationError(
                _("The adjustment “%(reason)s” is for %(member)s, who has no fee here.")
                % {"reason": adjustment.reason, "member": adjustment.member_name}
            )
    if len(weights) == 1:
        parts = {key: adjustment.amount for key in weights}
    else:
        parts = share(adjustment.amount, weights)
    text = _("Adjustment %(amount)s (%(reason)s), %(whom)s; this amount: %(part)s")
    for key, part in parts.items():
        amounts[key] += part
        texts[key].append(
            text
            % {
                "amount": money(adjustment.amount, 2),
                "reason": adjustment.reason,
                "whom": whom,
                "part": money(part, 2),
            }
        )
