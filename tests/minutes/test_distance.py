"""Distansdeltagande (issue 19.2): a body allows it, a person asks, the upprop
records it per person, beslutförhet counts them, the protokoll prints it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import DistanceRequest
from meetings.services import configure_forhinder
from meetings.services.distance import request_distance, withdraw_distance
from meetings.services.forhinder import report_forhinder
from minutes.frozen import snapshot_protokoll
from minutes.services import (
    UppropRow,
    quorum_now,
    record_attendance,
    start_minutes,
)
from tests.meetings.forhinder_setup import build


@pytest.fixture
def s(federation, ledamot):
    return build(federation, ledamot)


def _allow(s, chef, allowed=True) -> None:
    configure_forhinder(
        s.body,
        ersattare_steps=["personal", "same_member", "same_party", "body_order"],
        answer_hours=24,
        allows_distance=allowed,
        party_groups=[],
        by=chef,
    )


def _rows(minutes) -> dict:
    return {a.person.first_name: a for a in minutes.attendances.all()}


def test_asking_is_refused_where_the_body_does_not_allow_it(s):
    with pytest.raises(ValidationError, match="inte beslutat"):
        request_distance(s.meeting, s.lisa, by=None)

    assert not DistanceRequest.objects.exists()


def test_asking_and_withdrawing_where_allowed(s, chef):
    _allow(s, chef)

    request = request_distance(s.meeting, s.lisa, comment="Från Borås", by=None)
    with pytest.raises(ValidationError, match="redan"):
        request_distance(s.meeting, s.lisa, by=None)
    withdraw_distance(request, by=None)

    request.refresh_from_db()
    assert request.withdrawn_at is not None
    assert request.history.first().history_change_reason == (
        "Distansdeltagande återtaget"
    )


def test_a_person_with_forhinder_cannot_ask_for_distance(
    s, chef, django_capture_on_commit_callbacks
):
    _allow(s, chef)
    with django_capture_on_commit_callbacks(execute=True):
        report_forhinder(s.meeting, s.lisa, by=None)

    with pytest.raises(ValidationError, match="förhinder"):
        request_distance(s.meeting, s.lisa, by=None)


def test_the_upprop_starts_from_the_request_and_counts_them_present(s, chef):
    _allow(s, chef)
    request_distance(s.meeting, s.lisa, by=None)

    minutes = start_minutes(s.meeting, by=chef)

    rows = _rows(minutes)
    assert (rows["Lisa"].is_present, rows["Lisa"].at_distance) == (True, True)
    assert rows["Lars"].at_distance is False
    quorum = quorum_now(minutes)
    assert (quorum.count, quorum.seats) == (3, 3)


def test_a_request_in_a_body_that_no_longer_allows_it_is_not_prefilled(s, chef):
    _allow(s, chef)
    request_distance(s.meeting, s.lisa, by=None)
    _allow(s, chef, allowed=False)

    minutes = start_minutes(s.meeting, by=chef)

    assert _rows(minutes)["Lisa"].at_distance is False


def test_the_upprop_records_distance_and_refuses_it_for_the_absent(s, chef):
    _allow(s, chef)
    minutes = start_minutes(s.meeting, by=chef)
    rows = _rows(minutes)

    record_attendance(
        minutes,
        [UppropRow(rows["Lars"].pk, is_present=True, at_distance=True)],
        by=chef,
    )
    with pytest.raises(ValidationError, match="närvarande"):
        record_attendance(
            minutes,
            [UppropRow(rows["Olle"].pk, is_present=False, at_distance=True)],
            by=chef,
        )

    rows = _rows(minutes)
    assert rows["Lars"].at_distance is True
    assert rows["Olle"].is_present is True
    assert quorum_now(minutes).count == 3


def test_the_upprop_refuses_distance_where_the_body_does_not_allow_it(s, chef):
    minutes = start_minutes(s.meeting, by=chef)
    lars = _rows(minutes)["Lars"]

    with pytest.raises(ValidationError, match="inte beslutat"):
        record_attendance(
            minutes, [UppropRow(lars.pk, is_present=True, at_distance=True)], by=chef
        )

    lars.refresh_from_db()
    assert lars.at_distance is False


def test_the_protokoll_says_who_took_part_at_a_distance(s, chef):
    _allow(s, chef)
    request_distance(s.meeting, s.lisa, by=None)
    minutes = start_minutes(s.meeting, by=chef)

    snapshot = snapshot_protokoll(minutes, public=False)

    assert (
        "Lisa Ledamot (S), ledamot (deltog på distans)" in (snapshot["first_page_html"])
    )
    assert "Lars Ledamot (M), ledamot</li>" in snapshot["first_page_html"]
    assert "deltog på distans" in snapshot["attendance_html"]


def test_the_upprop_form_has_the_distance_column_where_allowed(client, chef, s):
    _allow(s, chef)
    minutes = start_minutes(s.meeting, by=chef)
    lars = _rows(minutes)["Lars"]
    client.force_login(chef)
    url = reverse("minutes:attendance", args=["testforbund", s.meeting.pk])
    data = {f"present_{a.pk}": "on" for a in minutes.attendances.all() if a.is_present}

    page = client.get(reverse("minutes:detail", args=["testforbund", s.meeting.pk]))
    client.post(url, {**data, f"distance_{lars.pk}": "on"})

    assert f'name="distance_{lars.pk}"' in page.content.decode()
    lars.refresh_from_db()
    assert lars.at_distance is True
