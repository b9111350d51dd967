"""The deadlines kommunallagen sets after a meeting, watched for the secretariat.

A protokoll is justerat within 14 days of the meeting (KL 5 kap. 69 §), and the
justering is announced on the anslagstavla no later than the second day after it
(KL 8 kap. 12 §). Nothing is stored: a warning is a query of the day.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from federation.models import Federation
from meetings.models import Meeting

from .models import Minutes

JUSTERING_DAYS = 14  # KL 5 kap. 69 §
ANSLAG_DAYS = 2  # KL 8 kap. 12 §
# Meetings further back than this are history, not a deadline to act on.
WATCHED_DAYS = 120


@dataclass(frozen=True)
class DeadlineWarning:
    meeting: Meeting
    kind: str  # "justering" or "anslag"
    due_on: datetime.date

    @property
    def message(self) -> str:
        if self.kind == "justering":
            return _(
                "The minutes are not approved: they should have been by %(due)s "
                "(KL 5 kap. 69 §)."
            ) % {"due": f"{self.due_on:%Y-%m-%d}"}
        return _(
            "The justering is not announced on the anslagstavla: it should have "
            "been by %(due)s (KL 8 kap. 12 §)."
        ) % {"due": f"{self.due_on:%Y-%m-%d}"}


def _late_justering(
    federation: Federation, today: datetime.date, meeting_id: int | None
) -> list[DeadlineWarning]:
    due = datetime.timedelta(days=JUSTERING_DAYS)
    meetings = (
        Meeting.objects.filter(
            body__federation=federation,
            status__in=[Meeting.Status.KALLELSE_PUBLISHED, Meeting.Status.HELD],
            date__lt=today - due,
            date__gte=today - datetime.timedelta(days=WATCHED_DAYS),
        )
        .exclude(minutes__status=Minutes.Status.JUSTERAT)
        .select_related("body")
        .order_by("date", "pk")
    )
    if meeting_id is not None:
        meetings = meetings.filter(pk=meeting_id)
    return [DeadlineWarning(m, "justering", m.date + due) for m in meetings]


def _late_anslag(
    federation: Federation, today: datetime.date, meeting_id: int | None
) -> list[DeadlineWarning]:
    due = datetime.timedelta(days=ANSLAG_DAYS)
    minutes = (
        Minutes.objects.filter(
            meeting__body__federation=federation,
            status=Minutes.Status.JUSTERAT,
            justerat_on__lt=today - due,
            justerat_on__gte=today - datetime.timedelta(days=WATCHED_DAYS),
        )
        .select_related("meeting__body")
        .prefetch_related("anslag")
        .order_by("justerat_on", "pk")
    )
    if meeting_id is not None:
        minutes = minutes.filter(meeting_id=meeting_id)
    warnings = []
    for m in minutes:
        if m.justerat_on is None:
            continue  # never: the filter above
        due_on = m.justerat_on + due
        if not any(
            a.paragraph_id is None and a.posted_on <= due_on for a in m.anslag.all()
        ):
            warnings.append(DeadlineWarning(m.meeting, "anslag", due_on))
    return warnings


def deadline_warnings(
    federation: Federation,
    *,
    today: datetime.date | None = None,
    meeting_id: int | None = None,
) -> list[DeadlineWarning]:
    """The förbund's missed deadlines (or one meeting's), oldest first."""
    today = today or timezone.localdate()
    return _late_justering(federation, today, meeting_id) + _late_anslag(
        federation, today, meeting_id
    )
