"""Deadlines of kommunallagen watched for the secretariat (issue 15.4)."""

import datetime

from django.urls import reverse

from minutes.deadlines import deadline_warnings
from minutes.models import Anslag

from .factories import MeetingFactory
from .test_views import FRIDAY, _justerat

TODAY = datetime.date(2024, 3, 16)  # 15 days after the meeting of 2024-03-01


def test_a_meeting_15_days_ago_without_justering_warns(federation, meeting):
    warnings = deadline_warnings(federation, today=TODAY)

    assert [(w.meeting, w.kind, w.due_on) for w in warnings] == [
        (meeting, "justering", datetime.date(2024, 3, 15))
    ]


def test_no_warning_within_14_days_or_once_justerat(federation, minutes, people, chef):
    on_the_last_day = deadline_warnings(federation, today=datetime.date(2024, 3, 15))
    _justerat(minutes, people, chef)

    assert on_the_last_day == []
    assert deadline_warnings(federation, today=TODAY) == []


def test_an_anslag_not_posted_by_the_second_day_warns(
    federation, minutes, people, chef
):
    justerat = _justerat(minutes, people, chef)
    Anslag.objects.filter(minutes=justerat).delete()

    on_second_day = deadline_warnings(federation, today=FRIDAY + datetime.timedelta(2))
    after = deadline_warnings(federation, today=FRIDAY + datetime.timedelta(3))

    assert on_second_day == []
    assert [(w.kind, w.due_on) for w in after] == [
        ("anslag", FRIDAY + datetime.timedelta(2))
    ]


def test_the_warning_shows_on_the_protokoll_page_for_the_secretariat_only(
    client, chef, ledamot, federation, meeting, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    url = reverse("minutes:detail", args=[federation.slug, meeting.pk])

    client.force_login(chef)
    for_chef = client.get(url).content.decode()
    client.force_login(ledamot)
    for_ledamot = client.get(url).content.decode()

    assert "KL 5 kap. 69 §" in for_chef
    assert "KL 5 kap. 69 §" not in for_ledamot


def test_a_planned_meeting_without_kallelse_does_not_warn(federation, body):
    MeetingFactory(body=body, date=datetime.date(2024, 2, 1), status="planned")

    assert deadline_warnings(federation, today=TODAY) == []


def test_the_warning_shows_on_the_start_page_for_the_secretariat_only(
    client, chef, ledamot, federation, meeting, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    url = reverse("federation:dashboard", args=[federation.slug])

    client.force_login(chef)
    for_chef = client.get(url).content.decode()
    client.force_login(ledamot)
    for_ledamot = client.get(url).content.decode()

    assert "KL 5 kap. 69 §" in for_chef
    assert "KL 5 kap. 69 §" not in for_ledamot
