"""The justerat protokoll whose public PDF the benchmark serves under load.

The second body's last meeting is minuted through the services (upprop, a § per
agenda item, justerare, justering recorded as signed on paper) and its versions'
PDFs are built here, synchronously, so the run measures serving a stored file.
Idempotent: later runs find the protokoll justerat and its files stored. The first
body's meetings are left alone: the page rows measure them.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from federation.models import Body, Federation
from meetings.models import Meeting
from minutes.frozen import store_frozen_pdf
from minutes.models import Minutes, ProtokollVersion
from minutes.services import (
    add_paragraphs_from_agenda,
    choose_justerare,
    close_meeting,
    record_signed_approval,
    send_for_justering,
    start_minutes,
)


def justerat_protokoll(federation: Federation) -> ProtokollVersion:
    """The stored public version of a justerat protokoll of the bench förbund."""
    body = Body.objects.filter(federation=federation).order_by("pk")[1]
    meeting = Meeting.objects.filter(body=body, date__lt=timezone.localdate()).latest(
        "date"
    )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or minutes.status != Minutes.Status.JUSTERAT:
        minutes = _justera(meeting)
    for version in minutes.versions.all():
        store_frozen_pdf(version)  # a stored one is found done
    public = minutes.versions.stored().get(kind=ProtokollVersion.Kind.PUBLIC)
    if not public.file.storage.exists(public.file.name):
        # A justerat protokoll's file is never rebuilt (the database refuses it).
        raise SystemExit(
            "bench: the protokoll's stored PDF is gone; use a fresh database"
        )
    return public


def _justera(meeting: Meeting) -> Minutes:
    chef = User.objects.get(username="bench_chef")
    with transaction.atomic():
        minutes = start_minutes(meeting, by=chef)
        add_paragraphs_from_agenda(minutes, by=chef)
        justerare = (
            minutes.attendances.filter(is_present=True)
            .exclude(person=minutes.chair)
            .earliest("position")
            .person
        )
        choose_justerare(minutes, persons=[justerare], by=chef)
        close_meeting(minutes, by=chef)
        send_for_justering(minutes, by=chef)
        for approval in list(minutes.approvals.select_related("person")):
            record_signed_approval(minutes, person=approval.person, by=chef)
    minutes.refresh_from_db()
    return minutes
