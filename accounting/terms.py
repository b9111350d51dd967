"""The mandate-period flag: agreements whose cost level is to be reassessed before a
new mandate period (Agreement.reassess_before_term), shown on the finance start page.

A mandate period starts on 1 January after the general election in September
(2026, 2030, …: periods 2027–2030, 2031–2034). The Västmanland agreement (§ 5)
raises the fee by LPIK "per den 1 mars" unless the parties agree on another uplift
"senast den 31 augusti innevarande år", and "inför ny mandatperiod görs en ny
bedömning av kostnadsnivån". So the flag shows from 1 August of the election year
(the autumn before, when the next year's budget and fees are prepared) until the
reassessment is recorded, and, if it has not been, on as overdue until 31 August of
the period's first year, the last day the parties can still agree on that year's
level. Service entry points: `flags(federation, today)`, `record_reassessment(...)`.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement
from core import history
from federation.models import Federation

from .models import Reassessment

ELECTION_CYCLE = 4
FIRST_PERIOD_START = 2027  # after the election of 2026; every fourth year


def period_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def is_period_start(year: int) -> bool:
    return (year - FIRST_PERIOD_START) % ELECTION_CYCLE == 0


def window(starts: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From 1 August of the election year to 31 August of the period's first year."""
    return datetime.date(starts.year - 1, 8, 1), datetime.date(starts.year, 8, 31)


def period_due(today: datetime.date) -> datetime.date | None:
    """The start of the mandate period whose reassessment is due on the day."""
    for year in (today.year, today.year + 1):
        if is_period_start(year):
            opens, closes = window(period_start(year))
            if opens <= today <= closes:
                return period_start(year)
    return None


@dataclass(frozen=True)
class Flag:
    agreement: Agreement
    term_starts: datetime.date
    fee_models: list[str]
    today: datetime.date

    @property
    def term_ends(self) -> datetime.date:
        return datetime.date(self.term_starts.year + ELECTION_CYCLE - 1, 12, 31)

    @property
    def is_overdue(self) -> bool:
        return self.today >= self.term_starts


def flags(federation: Federation, today: datetime.date) -> list[Flag]:
    """The förbund's agreements to reassess now, with their fee models."""
    starts = period_due(today)
    if starts is None:
        return []
    agreements = (
        Agreement.objects.filter(federation=federation, reassess_before_term=True)
        .exclude(reassessments__term_starts=starts)
        .exclude(valid_to__lt=starts)
        .prefetch_related("fee_models")
        .order_by("title", "pk")
    )
    return [
        Flag(
            agreement,
            starts,
            sorted(m.name for m in agreement.fee_models.all()),
            today,
        )
        for agreement in agreements
    ]


def record_reassessment(
    agreement: Agreement,
    term_starts: datetime.date,
    *,
    decided_on: datetime.date,
    note: str = "",
    by: AbstractBaseUser | None,
) -> Reassessment:
    """That the cost level was reassessed before the period: its flag goes."""
    if not agreement.reassess_before_term:
        raise ValidationError(
            _("The agreement is not reassessed before a mandate period.")
        )
    if (
        term_starts.month != 1
        or term_starts.day != 1
        or not is_period_start(term_starts.year)
    ):
        raise ValidationError(
            _("A mandate period starts on 1 January after an election.")
        )
    reassessment = Reassessment(
        agreement=agreement,
        term_starts=term_starts,
        decided_on=decided_on,
        note=note,
        recorded_by=by if isinstance(by, User) else None,
    )
    try:
        with transaction.atomic():
            history.save(reassessment, by=by, reason=_("Reassessment recorded"))
    except IntegrityError:
        raise ValidationError(
            _("The reassessment before this mandate period is already recorded.")
        ) from None
    return reassessment
