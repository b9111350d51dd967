"""Deadlines of kommunallagen watched for the secretariat (issue 15.4)."""

import datetime
import re

import pytest
from django.urls import reverse

from federation.roles import Role
from minutes.deadlines import deadline_warnings
from minutes.models import Anslag
from tests.factories import UserFactory, grant
from tests.meetings.factories import MeetingFactory

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


# --- On the meeting page: per request, around its cached content ---------------------

LATE = (
    "Direktionen 2024-03-01: Protokollet är inte justerat: det skulle ha justerats "
    "senast 2024-03-15 (KL 5 kap. 69 §)."
)


@pytest.fixture
def today(monkeypatch):
    """The day the views read (timezone.localdate); TODAY unless a test moves it."""
    day = {"value": TODAY}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day["value"])
    return day


def _meeting_page(client, federation, meeting):
    return client.get(
        reverse("meetings:meeting_detail", args=[federation.slug, meeting.pk])
    )


def _warnings(response) -> list[str]:
    """The deadline warnings the page shows, as text."""
    section = re.search(
        r'<section class="card warning" aria-labelledby="deadline-h">(.*?)</section>',
        response.content.decode(),
        re.DOTALL,
    )
    if section is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", section.group(1), re.DOTALL)
    return [re.sub(r"<[^>]+>", "", item) for item in items]


@pytest.mark.parametrize(
    ("who", "status", "warnings"),
    [
        ("chef", 200, [LATE]),
        ("handlaggare", 200, []),
        ("ekonom", 200, []),
        ("ledamot", 200, []),
        ("outsider", 404, []),  # the Administratör of another förbund
    ],
)
def test_the_meeting_page_warns_the_administrator_only(
    client, role_users, federation, meeting, today, who, status, warnings
):
    client.force_login(role_users[who])

    response = _meeting_page(client, federation, meeting)

    assert (response.status_code, _warnings(response)) == (status, warnings)


def test_the_meeting_page_sends_anonymous_users_to_login_without_a_warning(
    client, federation, meeting, today
):
    response = _meeting_page(client, federation, meeting)

    assert response.status_code == 302
    assert response.url.startswith("/konto/logga-in/")


def test_an_administrator_of_another_forbund_sees_no_warning_as_fortroendevald_here(
    client, federation, other_federation, meeting, people, today
):
    """Roles hold in their own förbund only: Administratör there, Förtroendevald
    here (with a seat on the body, so the meeting is hers to read)."""
    user = grant(UserFactory(username="dubbel"), other_federation, Role.ADMINISTRATOR)
    grant(user, federation, Role.FORTROENDEVALD)
    people.l2.user = user
    people.l2.save()
    client.force_login(user)

    response = _meeting_page(client, federation, meeting)

    assert (response.status_code, _warnings(response)) == (200, [])


def test_the_warning_leaves_the_meeting_page_once_justerat(
    client, chef, federation, meeting, minutes, people, today
):
    client.force_login(chef)
    before = _meeting_page(client, federation, meeting)

    _justerat(minutes, people, chef)
    after = _meeting_page(client, federation, meeting)

    assert (_warnings(before), _warnings(after)) == ([LATE], [])


def test_no_role_carries_the_warning_to_another_through_the_cached_page(
    client, chef, ledamot, federation, meeting, today
):
    """Each reader's warning is rendered for the request: the cached part of one
    audience never holds it, whichever reader renders it first."""
    client.force_login(ledamot)
    ledamot_first = _warnings(_meeting_page(client, federation, meeting))
    client.force_login(chef)
    chef_after = _warnings(_meeting_page(client, federation, meeting))
    client.force_login(ledamot)
    ledamot_after = _warnings(_meeting_page(client, federation, meeting))

    assert (ledamot_first, chef_after, ledamot_after) == ([], [LATE], [])


def test_the_warning_comes_the_day_after_the_deadline_though_the_page_is_cached(
    client, chef, federation, meeting, today, django_assert_num_queries
):
    client.force_login(chef)
    today["value"] = datetime.date(2024, 3, 15)
    on_the_last_day = _warnings(_meeting_page(client, federation, meeting))
    today["value"] = TODAY

    # The content from the cache; the warning read for this request (see below).
    with django_assert_num_queries(11):
        the_day_after = _warnings(_meeting_page(client, federation, meeting))

    assert (on_the_last_day, the_day_after) == ([], [LATE])


def test_the_meeting_page_queries_do_not_grow_with_the_forbunds_late_meetings(
    client, chef, ledamot, federation, body, meeting, today, django_assert_num_queries
):
    """The Administratör's page reads its own meeting's deadlines (two queries
    however many meetings are late); a reader without the role pays none."""
    client.force_login(ledamot)
    _meeting_page(client, federation, meeting)
    # 3 of the page and 2 of the reading marks (inbox: the read mark in one UPDATE,
    # what changed since in one UNION; Nytt's items of the page known to be read).
    with django_assert_num_queries(5):
        _meeting_page(client, federation, meeting)
    client.force_login(chef)
    _meeting_page(client, federation, meeting)
    # and 6 more of the secretariat's: deadlines, förhinder and distance requests.
    with django_assert_num_queries(11) as one:
        _meeting_page(client, federation, meeting)
    few = len(one.captured_queries)  # now: the next request empties the log
    for day in (datetime.date(2024, 1, 12), datetime.date(2024, 2, 9)):
        MeetingFactory(body=body, date=day)
    _meeting_page(client, federation, meeting)  # the content cached again

    with django_assert_num_queries(few):
        response = _meeting_page(client, federation, meeting)

    assert len(deadline_warnings(federation)) == 3
    assert _warnings(response) == [LATE]
