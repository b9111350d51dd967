import datetime

import pytest
from django.urls import reverse

from minutes.models import Minutes
from minutes.services import (
    add_paragraph,
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    record_decision,
    send_for_justering,
    start_minutes,
)
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory

FRIDAY = datetime.date(2024, 3, 8)


@pytest.fixture
def board_day(monkeypatch):
    """'Today' for the anslagstavla: a day while the 2024 anslag are up."""
    day = datetime.date(2024, 3, 20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def _justerat(minutes, people, chef, secret_title=None):
    paragraphs = add_paragraphs_from_agenda(minutes, by=chef)
    if secret_title:
        record_decision(
            paragraphs[-1],
            title=secret_title,
            decision_text="Hemligt beslut",
            outcome="decided",
            is_public=False,
            by=chef,
        )
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    people.ordf.user = UserFactory(username="ordf")
    people.ordf.save()
    approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
    approve_minutes(minutes, user=people.ordf.user, today=FRIDAY)
    minutes.refresh_from_db()
    return minutes


def _detail(federation, meeting):
    return reverse("minutes:detail", args=[federation.slug, meeting.pk])


# The ledamot gets a 404 for the draft: a protokoll is not theirs to read before it is
# justerat unless they are asked to approve it (tests/minutes/test_draft_access.py).
@pytest.mark.parametrize(
    ("who", "status"),
    [("chef", 200), ("ledamot", 404), ("handlaggare", 200), ("outsider", 404)],
)
def test_detail_by_role(client, role_users, federation, minutes, who, status):
    client.force_login(role_users[who])

    response = client.get(_detail(federation, minutes.meeting))

    assert response.status_code == status


def test_detail_anonymous_goes_to_login(client, federation, minutes):
    response = client.get(_detail(federation, minutes.meeting))

    assert response.status_code == 302
    assert response.url.startswith("/konto/logga-in/")


def test_only_the_administrator_gets_edit_forms(
    client, chef, ledamot, federation, minutes
):
    client.force_login(chef)
    as_chef = client.get(_detail(federation, minutes.meeting)).content.decode()
    client.force_login(ledamot)
    as_ledamot = client.get(_detail(federation, minutes.meeting)).content.decode()

    assert "Skicka för justering" in as_chef
    assert "Skicka för justering" not in as_ledamot


def test_ledamot_cannot_post_edits(client, ledamot, federation, minutes):
    client.force_login(ledamot)
    url = reverse("minutes:from_agenda", args=[federation.slug, minutes.meeting.pk])

    response = client.post(url)

    assert response.status_code == 403
    assert minutes.paragraphs.count() == 0


def test_start_and_record_through_the_page(client, chef, federation, meeting, people):
    client.force_login(chef)
    start = reverse("minutes:start", args=[federation.slug, meeting.pk])
    from_agenda = reverse("minutes:from_agenda", args=[federation.slug, meeting.pk])

    client.post(start)
    response = client.post(from_agenda, follow=True)

    minutes = Minutes.objects.get(meeting=meeting)
    assert list(minutes.paragraphs.values_list("number", flat=True)) == [1, 2, 3]
    assert b"Dagordningens punkter \xc3\xa4r nu paragrafer." in response.content


def test_attendance_in_one_save_shows_quorum(client, chef, federation, minutes, people):
    client.force_login(chef)
    url = reverse("minutes:attendance", args=[federation.slug, minutes.meeting.pk])
    present = {
        f"present_{a.pk}": "on"
        for a in minutes.attendances.exclude(person=people.l2)
        if a.role != "ersattare"
    }

    response = client.post(url, present, follow=True)

    assert minutes.attendances.get(person=people.l2).is_present is False
    assert "4 av 5 ledamöter deltar (3 behövs)." in response.content.decode()


def test_justerare_approves_through_the_page(
    client,
    ledamot,
    federation,
    minutes,
    people,
    chef,
    django_capture_on_commit_callbacks,
):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        send_for_justering(minutes, by=chef)
    client.force_login(ledamot)
    url = reverse("minutes:approve", args=[federation.slug, minutes.meeting.pk])

    response = client.get(_detail(federation, minutes.meeting))
    shown = response.context["justering_form"].initial["shown_sha256"]
    client.post(url, {"password": "demo", "shown_sha256": shown})

    approval = minutes.approvals.get(person=people.l1)
    assert "Jag justerar protokollet" in response.content.decode()
    assert (approval.approved_by, approval.method, approval.shown_sha256) == (
        ledamot,
        "password",
        shown,
    )


def test_anslagstavla_without_login(
    client, federation, minutes, people, chef, monkeypatch
):
    _justerat(minutes, people, chef)
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2024, 3, 20)
    )

    response = client.get(reverse("minutes:anslagstavla", args=[federation.slug]))

    assert response.status_code == 200
    anslag = response.context["anslag"]
    assert [(a.posted_on, a.takes_down_on) for a in anslag] == [
        (FRIDAY, datetime.date(2024, 4, 2))  # past Easter (Lag (1930:173))
    ]


def test_public_protokoll_hides_non_public_paragraphs(
    client, federation, minutes, people, chef
):
    _justerat(minutes, people, chef, secret_title="Personalärende Hemlig")

    response = client.get(
        reverse("minutes:public_detail", args=[federation.slug, minutes.pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Budget 2025" in content
    assert "Personalärende Hemlig" not in content
    assert "Hemligt beslut" not in content
    assert "Paragrafen är inte offentlig." in content


def test_public_protokoll_of_a_draft_is_404(client, federation, minutes):
    response = client.get(
        reverse("minutes:public_detail", args=[federation.slug, minutes.pk])
    )

    assert response.status_code == 404


def _many_justerat(body, chef, people, count):
    for i in range(count):
        meeting = MeetingFactory(body=body, date=datetime.date(2024, 4, 1 + i))
        minutes = start_minutes(meeting, by=chef)
        add_paragraph(minutes, title="X", by=chef)
        choose_justerare(minutes, persons=[people.l1], by=chef)
        close_meeting(minutes, by=chef)
        send_for_justering(minutes, by=chef)
        approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
        approve_minutes(minutes, user=people.ordf.user, today=FRIDAY)


@pytest.mark.parametrize("count", [1, 3])
def test_anslagstavla_query_count_constant(
    client, federation, body, people, chef, count, django_assert_num_queries, board_day
):
    people.ordf.user = UserFactory(username="ordf")
    people.ordf.save()
    _many_justerat(body, chef, people, count)
    url = reverse("minutes:anslagstavla", args=[federation.slug])

    with django_assert_num_queries(3):
        response = client.get(url)

    assert len(response.context["anslag"]) == count


def test_anslagstavla_leaves_out_anslag_whose_time_is_out(
    client, federation, minutes, people, chef, monkeypatch
):
    _justerat(minutes, people, chef)
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2024, 4, 3)
    )

    response = client.get(reverse("minutes:anslagstavla", args=[federation.slug]))

    assert response.context["anslag"] == []  # even before the beat task has run
