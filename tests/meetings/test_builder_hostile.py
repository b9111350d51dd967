"""Hostile posts to the dagordning builder and the kallelse: ids of another meeting
or förbund, garbled fields, GET on a POST step, a double publish. Each is refused
with a Swedish error, changes nothing, and answers htmx and plain posts alike."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case
from meetings.models import AgendaItem, ItemKind, KallelseVersion
from meetings.services import add_free_item, create_meeting
from tests.cases.factories import CaseFactory

HTMX = {"HX-Request": "true"}


def _url(name, *args, slug="testforbund"):
    return reverse(f"meetings:{name}", args=[slug, *args])


def _agenda(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("pk", "position", "title", "case_id")
    )


@pytest.fixture
def other_meeting(body, chef):
    meeting = create_meeting(
        body, date=datetime.date(2024, 4, 5), starts_at=datetime.time(9), by=chef
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Annan", by=chef)
    return meeting


@pytest.mark.parametrize("name", ["agenda_move", "agenda_remove", "agenda_edit_item"])
def test_an_item_of_another_meeting_is_404(client, chef, meeting, other_meeting, name):
    foreign = other_meeting.items.get(title="Annan")
    before = (_agenda(meeting), _agenda(other_meeting))
    client.force_login(chef)

    response = client.post(
        _url(name, meeting.pk, foreign.pk),
        {
            "agenda_version": other_meeting.agenda_version,
            "offset": "-1",
            "title": "Kapad",
            "kind": "information",
        },
        headers=HTMX,
    )

    assert response.status_code == 404
    assert (_agenda(meeting), _agenda(other_meeting)) == before


@pytest.mark.parametrize("htmx", [True, False])
def test_a_ready_case_of_another_forbund_is_refused(
    client, chef, meeting, other_federation, htmx
):
    foreign = CaseFactory(federation=other_federation, status=Case.Status.READY)
    before = _agenda(meeting)
    client.force_login(chef)

    response = client.post(
        _url("agenda_add_case", meeting.pk),
        {
            "agenda_version": meeting.agenda_version,
            "case": foreign.pk,
            "kind": "beslut",
        },
        headers=HTMX if htmx else {},
        follow=not htmx,
    )

    assert response.status_code == 200
    assert _agenda(meeting) == before
    if htmx:
        assert response.context["errors"] == ["Ärendet är inte redo för beslut."]
    else:
        assert [str(m) for m in response.context["messages"]] == [
            "Ärendet är inte redo för beslut."
        ]


@pytest.mark.parametrize(
    "data",
    [
        {"case": "abc", "kind": "beslut"},
        {"case": "1", "kind": "nope"},
        {"case": "99999999999999999999999", "kind": "beslut"},
        {"case": "1", "kind": "beslut", "minutes": "-5"},
        {"case": "1\x00", "kind": "beslut"},
        {"kind": "beslut"},
    ],
)
def test_a_garbled_add_case_is_told_in_swedish(client, chef, meeting, data):
    before = _agenda(meeting)
    client.force_login(chef)

    response = client.post(
        _url("agenda_add_case", meeting.pk),
        {"agenda_version": meeting.agenda_version, **data},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert _agenda(meeting) == before
    errors = response.context["errors"]
    assert errors
    assert not any("This field" in e or "Enter a whole" in e for e in errors)


@pytest.mark.parametrize(
    "data", [{"offset": "7"}, {"offset": "x"}, {"agenda_version": "x", "offset": "1"}]
)
def test_a_garbled_move_changes_nothing(client, chef, meeting, data):
    item = meeting.items.order_by("position").last()
    before = _agenda(meeting)
    client.force_login(chef)

    response = client.post(
        _url("agenda_move", meeting.pk, item.pk),
        {"agenda_version": meeting.agenda_version, **data},
        follow=True,
    )

    assert response.status_code == 200
    assert _agenda(meeting) == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_another_forbunds_meeting_under_ones_own_address_is_404(
    client, outsider, other_federation, meeting
):
    item = meeting.items.order_by("position").first()
    before = _agenda(meeting)
    client.force_login(outsider)
    slug = other_federation.slug

    answers = [
        client.post(_url("publish", meeting.pk, slug=slug)).status_code,
        client.post(_url("agenda_remove", meeting.pk, item.pk, slug=slug)).status_code,
        client.post(
            _url("agenda_add_item", meeting.pk, slug=slug),
            {"agenda_version": 1, "kind": "information", "title": "X"},
        ).status_code,
        client.post(_url("retry_kallelse", meeting.pk, 1, slug=slug)).status_code,
        client.post(
            _url("agenda_edit_item", meeting.pk, item.pk, slug=slug),
            {"agenda_version": 1, "title": "X"},
        ).status_code,
        client.get(
            _url("agenda_edit_item", meeting.pk, item.pk, slug=slug)
        ).status_code,
        client.get(_url("kallelse_status", meeting.pk, 1, slug=slug)).status_code,
    ]

    assert answers == [404] * 7
    assert _agenda(meeting) == before
    assert KallelseVersion.objects.count() == 0


def test_get_on_publish_publishes_nothing(client, chef, meeting):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Info", by=chef)
    client.force_login(chef)

    response = client.get(_url("publish", meeting.pk))

    assert response.status_code == 405
    assert KallelseVersion.objects.count() == 0


def test_a_double_publish_makes_one_version(
    client, chef, meeting, django_capture_on_commit_callbacks
):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Info", by=chef)
    client.force_login(chef)
    data = {"late_reason": "Sent", "change_note": ""}

    with django_capture_on_commit_callbacks():
        first = client.post(_url("publish", meeting.pk), data)
        second = client.post(_url("publish", meeting.pk), data)

    assert (first.status_code, second.status_code) == (302, 400)
    assert second.context["publish_form"].non_field_errors() == [
        "Inget har ändrats sedan förra versionen."
    ]
    assert meeting.kallelse_versions.count() == 1


def test_retry_of_a_version_of_another_meeting_is_404(
    client, chef, meeting, other_meeting, django_capture_on_commit_callbacks
):
    client.force_login(chef)
    with django_capture_on_commit_callbacks():
        client.post(_url("publish", other_meeting.pk), {"late_reason": "Sent"})
    assert other_meeting.kallelse_versions.count() == 1

    response = client.post(_url("retry_kallelse", meeting.pk, 1))

    assert response.status_code == 404


def test_a_published_version_stays_as_published(
    client, chef, meeting, django_capture_on_commit_callbacks
):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Info", by=chef)
    client.force_login(chef)
    with django_capture_on_commit_callbacks():
        client.post(_url("publish", meeting.pk), {"late_reason": "Sent"})
    published = KallelseVersion.objects.values().get()
    meeting.refresh_from_db()

    client.post(
        _url("agenda_add_item", meeting.pk),
        {
            "agenda_version": meeting.agenda_version,
            "kind": "information",
            "title": "Ny",
        },
    )

    assert meeting.items.filter(title="Ny").exists()
    assert KallelseVersion.objects.values().get() == published


@pytest.mark.parametrize("step", ["agenda_add_item", "agenda_remove", "publish"])
def test_the_agenda_of_a_held_meeting_refuses_every_change(client, chef, meeting, step):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Info", by=chef)
    meeting.refresh_from_db()
    meeting.status = meeting.Status.HELD
    meeting.save()
    item = meeting.items.get(title="Info")
    before = _agenda(meeting)
    client.force_login(chef)
    args = (meeting.pk, item.pk) if step == "agenda_remove" else (meeting.pk,)

    response = client.post(
        _url(step, *args),
        {"agenda_version": meeting.agenda_version, "kind": "information", "title": "X"},
    )

    assert response.status_code in (302, 400)
    assert _agenda(meeting) == before
    assert KallelseVersion.objects.count() == 0


def test_an_error_of_the_field_the_builder_hides_is_shown(
    client, chef, meeting, django_capture_on_commit_callbacks
):
    """Once a version exists the builder shows only the change note; a crafted post
    with a NUL in the late reason is refused with its error on the page."""
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Info", by=chef)
    client.force_login(chef)
    with django_capture_on_commit_callbacks():
        client.post(_url("publish", meeting.pk), {"late_reason": "Sent"})
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Mer", by=chef)

    response = client.post(
        _url("publish", meeting.pk), {"late_reason": "a\x00b", "change_note": "Mer"}
    )

    assert response.status_code == 400
    error = response.context["publish_form"].errors["late_reason"][0]
    assert error in response.content.decode()
    assert meeting.kallelse_versions.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x" * 301},
        {"title": "a\x00b"},
        {"minutes": "601"},
        {"minutes": "tio"},
        {"kind": "upprop"},
        {"note": "n" * 1001},
        {"agenda_version": "0"},
    ],
)
def test_a_garbled_edit_is_refused_in_swedish_and_changes_nothing(
    client, chef, meeting, data
):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Info", by=chef)
    meeting.refresh_from_db()
    item = meeting.items.get(title="Info")
    before = (_agenda(meeting), meeting.agenda_version, item.history.count())
    client.force_login(chef)
    valid = {
        "agenda_version": meeting.agenda_version,
        "title": "Info",
        "kind": "information",
    }

    response = client.post(
        _url("agenda_edit_item", meeting.pk, item.pk), {**valid, **data}, headers=HTMX
    )

    meeting.refresh_from_db()
    assert response.status_code == 200
    assert (_agenda(meeting), meeting.agenda_version, item.history.count()) == before
    page = response.content.decode()
    # Each refusal is told in Swedish: Django's own field messages or the
    # builder's conflict message.
    assert any(
        text in page
        for text in (
            "Säkerställ att detta värde",
            "Null-tecken är inte tillåtna.",
            "Fyll i ett heltal.",
            "Välj ett giltigt alternativ.",
            "Någon annan ändrade dagordningen",
            "Kontrollera att detta värde",
        )
    ), page
