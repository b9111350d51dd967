"""Demo förhinder (issue 19.1): a coming Direktion meeting where Maja Pihl (1466)
cannot come; Gun Andreasson, her personal ersättare, was asked by e-mail and said
"Jag kommer". The secretary's meeting page shows the chain, and the upprop of the
protokoll started for the meeting is pre-filled from it (Maja absent, Gun serving).

The meeting lies DAYS_AHEAD days after the day the demo is loaded, so that the
förhinder is still open; the demo's mandatperiod ends 2026-12-31, and past it
nobody has a seat and nothing is added. Safe to run again: a coming meeting where
the reporter has a förhinder already is left as it is.
"""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from core import history
from federation.demo import lookup
from federation.models import Body, Federation, Person

from .models import Forhinder, Inkallelse, Meeting
from .services import create_meeting
from .services.forhinder import answer_inkallelse, report_forhinder, seat_of

DAYS_AHEAD = 10
REPORTER = "maja_pihl"
PERSONAL_ERSATTARE = "gun_andreasson"
COMMENT = "Föräldramöte i skolan samma eftermiddag."
PLACE = "Lilla Navet, Skaraborgsvägen 1B, ingång från innergården"
AT = "meetings/demo_forhinder.py"


def load_forhinder(context: dict) -> Meeting | None:
    """The coming meeting with the förhinder and the yes, or None without a seat."""
    federation: Federation | None = context.get("sjuharad")
    people: dict[str, Person] = context.get("people", {})
    chef: User | None = context.get("users", {}).get("chef")
    if federation is None or not people:
        return None
    direktion = Body.objects.get(federation=federation, short_name="Direktion")
    reporter = lookup(people, REPORTER, "person", AT)
    ersattare = lookup(people, PERSONAL_ERSATTARE, "person", AT)
    already = Forhinder.objects.filter(
        person=reporter,
        meeting__body=direktion,
        meeting__date__gte=timezone.localdate(),
    ).first()
    if already is not None:
        return already.meeting
    day = timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD)
    probe = Meeting(body=direktion, date=day)
    seat, personal = seat_of(probe, reporter), seat_of(probe, ersattare)
    if seat is None or personal is None:
        return None
    if personal.personal_ersattare_for_id != reporter.pk:
        personal.personal_ersattare_for = reporter
        history.save(personal, by=chef, reason="demo: personlig ersättare")
    meeting = Meeting.objects.filter(body=direktion, date=day).first()
    if meeting is None:
        meeting = create_meeting(
            direktion,
            date=day,
            starts_at=datetime.time(13),
            ends_at=datetime.time(16),
            place=PLACE,
            by=chef,
        )
    forhinder = report_forhinder(meeting, reporter, comment=COMMENT, by=reporter.user)
    asked = forhinder.inkallelser.get(person=ersattare, status=Inkallelse.Status.ASKED)
    answer_inkallelse(asked, comes=True)
    return meeting
