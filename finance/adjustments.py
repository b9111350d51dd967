"""The ekonom's writes of a verksamhet's year (issue 20.3): carry-forward, another
payer's share and the one-off adjustments with their reasons.

They count in the next computation of the year (finance.calculation.settlement);
an approved run keeps the items it was computed with (AllocationRun.settlements).
"""

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import history
from federation.models import Federation

from .models import Activity, ActivityYear, Adjustment

ACTIVITY_YEAR_SAVED = _("Verksamhet year saved")
ADJUSTMENT_SAVED = _("Adjustment saved")
ADJUSTMENT_DELETED = _("Adjustment removed")
HUNDRED = Decimal(100)


def activity_years(federation: Federation, year: int | None = None):
    """The federation's verksamhet years with their adjustments, newest year first."""
    rows = ActivityYear.objects.filter(activity__federation=federation)
    if year is not None:
        rows = rows.filter(year=year)
    return (
        rows.select_related("activity")
        .prefetch_related("adjustments__member")
        .order_by("-year", "activity__name")
    )


def _check_activity_year(row: ActivityYear) -> None:
    errors: dict[str, str] = {}
    if row.other_payer_amount is not None and row.other_payer_percent is not None:
        errors["other_payer_percent"] = str(
            _(
                "Give the other payer's share as a fixed amount or a percentage, "
                "not both."
            )
        )
    percent = row.other_payer_percent
    if percent is not None and not Decimal(0) <= percent <= HUNDRED:
        errors["other_payer_percent"] = str(
            _("The percentage must be between 0 and 100.")
        )
    if row.other_payer_amount is not None and row.other_payer_amount < 0:
        errors["other_payer_amount"] = str(
            _("The other payer's amount cannot be negative.")
        )
    has_share = row.other_payer_amount is not None or percent is not None
    if has_share and not row.other_payer.strip():
        errors["other_payer"] = str(_("Name the other payer."))
    duplicate = (
        ActivityYear.objects.filter(activity=row.activity, year=row.year)
        .exclude(pk=row.pk)
        .exists()
    )
    if duplicate:
        errors["year"] = str(
            _("%(activity)s already has the year %(year)s: change that one.")
            % {"activity": row.activity.name, "year": row.year}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_activity_year(
    row: ActivityYear, *, federation: Federation, by: User | None
) -> ActivityYear:
    """Create or change a verksamhet's year; refused whole (nothing saved) when
    its verksamhet is another federation's or a rule is broken."""
    if row.activity.federation_id != federation.pk:
        raise ValidationError(
            {"activity": str(_("Choose one of the federation's verksamheter."))}
        )
    # The verksamhet's lock: two ekonomer adding the same year get one row.
    Activity.objects.select_for_update().get(pk=row.activity_id)
    _check_activity_year(row)
    history.save(row, by=by, reason=str(ACTIVITY_YEAR_SAVED))
    return row


def _check_adjustment(row: Adjustment, federation: Federation) -> None:
    errors: dict[str, str] = {}
    if not row.amount:
        errors["amount"] = str(_("An adjustment of 0 kr changes nothing."))
    if not row.reason.strip():
        errors["reason"] = str(_("Give the reason for the adjustment."))
    if row.member is not None and row.member.federation_id != federation.pk:
        errors["member"] = str(_("Choose one of the federation's members."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_adjustment(
    row: Adjustment, *, federation: Federation, by: User | None
) -> Adjustment:
    """Create or change a one-off adjustment of a verksamhet's year."""
    if row.activity_year.activity.federation_id != federation.pk:
        raise ValidationError(str(_("The verksamhet year is not the federation's.")))
    row.reason = row.reason.strip()
    _check_adjustment(row, federation)
    history.save(row, by=by, reason=str(ADJUSTMENT_SAVED))
    return row


@transaction.atomic
def delete_adjustment(row: Adjustment, *, by: User | None) -> None:
    """Remove an adjustment entered by mistake; its history keeps it."""
    history.delete(row, by=by, reason=str(ADJUSTMENT_DELETED))
