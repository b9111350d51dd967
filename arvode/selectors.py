"""Reads of the arvodesunderlag: a förbund's lines of a month, for one member."""

import datetime

from django.db.models import QuerySet
from django.http import Http404

from federation.models import Federation, Member
from meetings.models import Meeting
from minutes.models import Minutes

from .models import ArvodeLine, AttendanceCorrection


def lines_for(
    federation: Federation, period: datetime.date, member: Member | None = None
) -> QuerySet[ArvodeLine]:
    lines = ArvodeLine.objects.filter(federation=federation, period=period)
    if member is not None:
        lines = lines.filter(member=member)
    return lines.select_related("correction__made_by").order_by(
        "member_name", "meeting_date", "body_name", "person_name", "pk"
    )


def months_of(federation: Federation) -> list[datetime.date]:
    return list(
        ArvodeLine.objects.filter(federation=federation)
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()
    )


def members_of(federation: Federation) -> QuerySet[Member]:
    return Member.objects.filter(federation=federation).order_by("name")


def justerade_meetings(
    federation: Federation, period: datetime.date
) -> QuerySet[Meeting]:
    """The meetings of the month whose protokoll is justerat (a rättelse of närvaro
    is made from here)."""
    return (
        Meeting.objects.filter(
            body__federation=federation,
            date__year=period.year,
            date__month=period.month,
            minutes__status=Minutes.Status.JUSTERAT,
        )
        .select_related("body")
        .order_by("date", "starts_at")
    )


def get_justerade_minutes(federation: Federation, meeting_pk: int) -> Minutes:
    minutes = (
        Minutes.objects.filter(
            meeting__pk=meeting_pk,
            meeting__body__federation=federation,
            status=Minutes.Status.JUSTERAT,
        )
        .select_related("meeting__body")
        .first()
    )
    if minutes is None:
        raise Http404
    return minutes


def corrections_of(minutes: Minutes) -> QuerySet[AttendanceCorrection]:
    return AttendanceCorrection.objects.filter(minutes=minutes).select_related(
        "person", "made_by"
    )
