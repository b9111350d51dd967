"""An agreement's status, derived from its parties' decisions, notices and dates.

Nothing here queries the database by itself: it reads `agreement.parties.all()` (with
`ratification`), `agreement.notices.all()` and `agreement.successors.all()` (with their
parties), which the selectors prefetch, so a list of many agreements costs a fixed
number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementParty, Notice, Ratification


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RATIFYING = "ratifying", _("Being ratified")
    ADOPTED = "adopted", _("Adopted, not yet in force")
    IN_FORCE = "in_force", _("In force")
    FAILED = "failed", _("Lapsed")
    NOTICE_GIVEN = "notice_given", _("Terminated")
    ENDED = "ended", _("Ended")


# Statuses in which parties still owe a decision.
OPEN_FOR_DECISION = (Status.DRAFT, Status.RATIFYING)
# Statuses of an agreement that all parties have adopted and that has not yet ended.
BINDING = (Status.ADOPTED, Status.IN_FORCE, Status.NOTICE_GIVEN)


@dataclass
class StatusInfo:
    status: Status
    party_count: int = 0
    adopted_count: int = 0
    ends_on: datetime.date | None = None
    in_force_from: datetime.date | None = None
    notice_deadline: datetime.date | None = None
    pending_parties: list[AgreementParty] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def is_binding(self) -> bool:
        """Every party has adopted it and it has not ended: notice can be given."""
        return self.status in BINDING


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (or earlier), clamped to the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (first_of_next - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def outcome_of(party: AgreementParty) -> str:
    """The party's outcome; a party without a decision row is waiting."""
    try:
        return party.ratification.outcome
    except Ratification.DoesNotExist:
        return Ratification.Outcome.PENDING


def all_adopted(agreement: Agreement) -> bool:
    parties = agreement.parties.all()
    return bool(parties) and all(
        outcome_of(p) == Ratification.Outcome.ADOPTED for p in parties
    )


def last_adoption(agreement: Agreement) -> datetime.date | None:
    dates = [
        p.ratification.decided_on
        for p in agreement.parties.all()
        if outcome_of(p) == Ratification.Outcome.ADOPTED
        and p.ratification.decided_on is not None  # always, once adopted
    ]
    return max(dates) if dates else None


def notice_end(agreement: Agreement, given_on: datetime.date) -> datetime.date:
    """The day an agreement ends after a notice given on `given_on`."""
    ends_on = add_months(given_on, agreement.notice_months or 0)
    if agreement.earliest_end and ends_on < agreement.earliest_end:
        ends_on = agreement.earliest_end
    if agreement.valid_to and ends_on > agreement.valid_to:
        ends_on = agreement.valid_to
    return ends_on


def notice_deadline(agreement: Agreement) -> datetime.date | None:
    """The last day to give notice so that the agreement ends at its fixed end."""
    end = agreement.valid_to or agreement.earliest_end
    if end is None or not agreement.notice_months:
        return None
    return add_months(end, -agreement.notice_months)


def effective_notices(agreement: Agreement) -> list[Notice]:
    """The notices that end the agreement for every party."""
    notices = list(agreement.notices.all())
    if agreement.ends_for_all_on_exit:
        return notices
    # Otherwise the agreement ends only when every party has left.
    leaving = {n.party_id for n in notices}
    if leaving and leaving >= {p.pk for p in agreement.parties.all()}:
        return [max(notices, key=lambda n: n.ends_on)]
    return []


def replacement_start(agreement: Agreement) -> datetime.date | None:
    """The start of a fully adopted agreement that replaces this one."""
    starts = [
        s.valid_from
        for s in agreement.successors.all()
        if s.relation == Agreement.Relation.REPLACES and s.valid_from and all_adopted(s)
    ]
    return min(starts) if starts else None


def end_date(agreement: Agreement) -> datetime.date | None:
    """The day the agreement ends, from its end date, notices or a replacement."""
    candidates = [n.ends_on for n in effective_notices(agreement)]
    if agreement.valid_to:
        candidates.append(agreement.valid_to)
    replaced_from = replacement_start(agreement)
    if replaced_from:
        candidates.append(replaced_from - datetime.timedelta(days=1))
    return min(candidates) if candidates else None


def status_of(agreement: Agreement, today: datetime.date) -> StatusInfo:
    """Derive the status on `today`; see the module docstring for what it reads."""
    parties = list(agreement.parties.all())
    outcomes = [outcome_of(p) for p in parties]
    info = StatusInfo(
        status=Status.DRAFT,
        party_count=len(parties),
        adopted_count=outcomes.count(Ratification.Outcome.ADOPTED),
        pending_parties=[
            p
            for p, o in zip(parties, outcomes, strict=True)
            if o == Ratification.Outcome.PENDING
        ],
    )
    if Ratification.Outcome.REJECTED in outcomes:
        info.status = Status.FAILED
        return info
    if info.adopted_count == 0 or info.adopted_count < info.party_count:
        info.status = Status.RATIFYING if info.adopted_count else Status.DRAFT
        return info
    info.ends_on = end_date(agreement)
    info.notice_deadline = notice_deadline(agreement)
    start = max(d for d in (agreement.valid_from, last_adoption(agreement)) if d)
    info.in_force_from = start if agreement.valid_from else None
    if info.ends_on and info.ends_on < today:
        info.status = Status.ENDED
    elif effective_notices(agreement):
        info.status = Status.NOTICE_GIVEN
    elif agreement.valid_from is None or today < start:
        info.status = Status.ADOPTED
    else:
        info.status = Status.IN_FORCE
    return info
