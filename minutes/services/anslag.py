"""Tillkännagivanden on the anslagstavla besides a justering (KL 8 kap. 12–13 §§):
the kungörelse of förbundsfullmäktige's meetings, delegationsbeslut the förbund
announces so that the överklagandetid starts, and other notices."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import DelegationDecision
from core import history
from core.swedish_days import next_weekday
from federation.models import Body, Federation
from meetings.models import Meeting
from minutes.models import APPEAL_DAYS, Anslag

# An "other" notice without a date of its own stays up this long.
OTHER_DAYS = 21


def _kept_at(federation: Federation) -> str:
    return federation.forvaringsplats or federation.name


def post_kungorelse(meeting: Meeting, *, by: User | None) -> Anslag | None:
    """The kungörelse of a förbundsfullmäktige meeting, posted when its kallelse is
    first published and up until the meeting day; once per meeting, and only for a
    fullmäktige body (None otherwise)."""
    if meeting.body.kind != Body.Kind.FULLMAKTIGE:
        return None
    if Anslag.objects.filter(meeting=meeting, kind=Anslag.Kind.KUNGORELSE).exists():
        return None
    federation = meeting.body.federation
    today = timezone.localdate()
    place = f", {meeting.place}" if meeting.place else ""
    anslag = Anslag(
        federation=federation,
        kind=Anslag.Kind.KUNGORELSE,
        meeting=meeting,
        title=_("%(body)s meets %(date)s")
        % {
            "body": meeting.body.name,
            "date": f"{meeting.date:%Y-%m-%d}",
        },
        text=_("The meeting begins at %(time)s%(place)s. The meeting is public.")
        % {"time": f"{meeting.starts_at:%H:%M}", "place": place},
        posted_on=today,
        appeal_ends_on=None,
        takes_down_on=max(meeting.date, today),
        kept_at=_kept_at(federation),
    )
    history.save(anslag, by=by, reason="post_kungorelse")
    return anslag


@transaction.atomic
def post_notice(
    federation: Federation,
    *,
    kind: str,
    title: str,
    text: str = "",
    delegation_decision: DelegationDecision | None = None,
    posted_on: datetime.date | None = None,
    takes_down_on: datetime.date | None = None,
    by: User | None,
) -> Anslag:
    """Put a delegationsbeslut or another notice on the anslagstavla.

    A delegationsbeslut can be appealed for three weeks from the posting (KL 13:5),
    the last day moved on past a weekend or holiday, and is taken down then; another
    notice stays up until `takes_down_on` (three weeks when not given)."""
    posted_on = posted_on or timezone.localdate()
    if kind == Anslag.Kind.DELEGATIONSBESLUT:
        if delegation_decision is None:
            raise ValidationError(_("Choose the delegation decision to announce."))
        if delegation_decision.federation_id != federation.pk:
            raise ValidationError(_("Choose only from this federation's register."))
        appeal_ends = next_weekday(posted_on + datetime.timedelta(days=APPEAL_DAYS))
        title = title.strip() or delegation_decision.decision
        takes_down = appeal_ends
    elif kind == Anslag.Kind.OTHER:
        if not title.strip():
            raise ValidationError(_("A notice needs a title."))
        appeal_ends = None
        takes_down = takes_down_on or posted_on + datetime.timedelta(days=OTHER_DAYS)
        delegation_decision = None
    else:
        raise ValidationError(_("Choose a delegation decision or another notice."))
    if takes_down < posted_on:
        raise ValidationError(_("The notice cannot be taken down before it is posted."))
    anslag = Anslag(
        federation=federation,
        kind=kind,
        delegation_decision=delegation_decision,
        title=title.strip()[:300],
        text=text.strip(),
        posted_on=posted_on,
        appeal_ends_on=appeal_ends,
        takes_down_on=takes_down,
        kept_at=_kept_at(federation),
    )
    history.save(anslag, by=by, reason="post_notice")
    return anslag
