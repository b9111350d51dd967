"""Demo arvodesunderlag: the lines of the justerat Direktion meeting of 2024-03-01
are written at its justering (minutes/demo.py); here the secretary corrects one
ersättare's närvaro afterwards (on site, not at a distance as recorded), which gives
one correction line. Safe to run again."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from federation.models import Federation
from minutes.models import Minutes

from .models import AttendanceCorrection
from .services import PAID_ROLES, correct_attendance, freeze_missing_lines


def load(context: dict) -> None:
    federation: Federation | None = context.get("sjuharad")
    chef: User | None = context.get("users", {}).get("chef")
    minutes = Minutes.objects.filter(
        meeting__body__federation=federation,
        meeting__body__short_name="Direktion",
        meeting__date=datetime.date(2024, 3, 1),
        status=Minutes.Status.JUSTERAT,
    ).first()
    if federation is None or chef is None or minutes is None:
        return
    freeze_missing_lines(federation)
    if AttendanceCorrection.objects.filter(minutes=minutes).exists():
        return
    ersattare = (
        minutes.attendances.filter(
            is_present=True, role="ersattare", serving_for__isnull=True
        )
        .filter(role__in=PAID_ROLES)
        .select_related("person")
        .order_by("position")
        .first()
    )
    if ersattare is None:
        return
    try:
        correct_attendance(
            minutes,
            person=ersattare.person,
            is_present=True,
            at_distance=not ersattare.at_distance,
            time_from=None,
            time_to=datetime.time(11, 0),
            reason="Lämnade sammanträdet kl. 11.00 (anmält i efterhand)",
            by=chef,
        )
    except ValidationError:
        return
