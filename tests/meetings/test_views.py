"""The secretariat's pages: the meeting list, the dagordning builder, publishing the
kallelse, a body's meeting settings and the invited officials."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases.models import Case
from meetings.models import ItemKind, Meeting
from meetings.services import (
    add_case_item,
    add_free_item,
    create_meeting,
    publish_kallelse,
)
from tests.cases.factories import CaseFactory
from tests.factories import PersonFactory

D = datetime.date


def _url(name, *args):
    return reverse(f"meetings:{name}", args=["testforbund", *args])


@pytest.mark.parametrize(
    ("user", "expected"),
    [("chef", 200), ("handlaggare", 200), ("ledamot", 403), ("outsider", 404)],
)
def test_meeting_list_by_role(client, role_users, meeting, user, expected):
    client.force_login(role_users[user])

    response = client.get(_url("meeting_list"))

    assert response.status_code == expected


def test_meeting_list_sends_anonymous_users_to_login(client, meeting):
    response = client.get(_url("meeting_list"))

    assert response.status_code == 302
    assert response.url.startswith("/konto/logga-in/")


def test_meeting_list_query_count_does_not_grow(
    client, chef, body, django_assert_num_queries
):
    client.force_login(chef)
    create_meeting(body, date=D(2024, 4, 26), starts_at=datetime.time(9), by=chef)
    client.get(_url("meeting_list"))
    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(7) as one:
        client.get(_url("meeting_list"))
    for day in (D(2024, 5, 3), D(2024, 6, 7)):
        create_meeting(body, date=day, starts_at=datetime.time(9), by=chef)

    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(_url("meeting_list"))

    assert len(response.context["meetings"]) == 3


def test_chef_creates_a_meeting_and_lands_in_the_builder(client, chef, body):
    client.force_login(chef)

    response = client.post(
        _url("meeting_create"),
        {
            "body": body.pk,
            "date": "2024-04-26",
            "starts_at": "09:00",
            "ends_at": "16:00",
        },
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == _url("agenda", meeting.pk)
    assert meeting.items.count() == 6


def test_chef_builds_the_agenda_with_htmx_and_without_js(
    client, chef, meeting, federation
):
    client.force_login(chef)
    case = CaseFactory(federation=federation, title="Samverkansavtal")

    response = client.post(
        _url("agenda_add_case", meeting.pk),
        {"agenda_version": 1, "case": case.pk, "kind": "beslut", "minutes": "10"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "meetings/partials/agenda_answer.html"
    item = meeting.items.get(case=case)
    assert item.position == 4

    response = client.post(
        _url("agenda_move", meeting.pk, item.pk), {"agenda_version": 2, "offset": "-1"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.position == 3


def test_a_stale_agenda_save_is_told_about_the_conflict(client, chef, meeting):
    client.force_login(chef)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)

    response = client.post(
        _url("agenda_add_item", meeting.pk),
        {"agenda_version": 1, "kind": "information", "title": "B"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        "Någon annan ändrade dagordningen medan du arbetade med den. Dagordningen har "
        "laddats om; gör din ändring igen."
    ]
    assert meeting.items.filter(title="B").count() == 0


def test_the_builder_is_for_the_administrator_only(client, handlaggare, meeting):
    client.force_login(handlaggare)

    response = client.get(_url("agenda", meeting.pk))

    assert response.status_code == 403


def test_chef_publishes_and_downloads_the_pdf(
    client, chef, meeting, case_with_bilaga, django_capture_on_commit_callbacks
):
    client.force_login(chef)
    add_case_item(meeting, case=case_with_bilaga, by=chef)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("publish", meeting.pk), {"late_reason": "Bokslutet blev sent klart"}
        )
    download = client.get(_url("kallelse_pdf", meeting.pk, 1))

    assert response.status_code == 302
    assert meeting.kallelse_versions.get().late_reason == "Bokslutet blev sent klart"
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_a_late_kallelse_without_a_reason_is_refused_on_the_builder(
    client, chef, meeting, case_with_bilaga
):
    client.force_login(chef)
    add_case_item(meeting, case=case_with_bilaga, by=chef)

    response = client.post(_url("publish", meeting.pk), {"late_reason": "  "})

    errors = response.context["publish_form"].non_field_errors()
    assert response.status_code == 400
    assert response.templates[0].name == "meetings/agenda.html"
    assert len(errors) == 1
    assert errors[0].startswith("Kallelsen är ")
    assert errors[0] in response.content.decode()
    assert meeting.kallelse_versions.count() == 0


def test_an_arende_not_ready_is_refused_by_the_builder(
    client, chef, meeting, federation
):
    client.force_login(chef)
    draft = CaseFactory(federation=federation, status=Case.Status.IN_PREPARATION)

    response = client.post(
        _url("agenda_add_case", meeting.pk),
        {"agenda_version": 1, "case": draft.pk, "kind": "beslut"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.context["errors"] == ["Ärendet är inte redo för beslut."]
    assert not meeting.items.filter(case=draft).exists()


def test_chef_chooses_the_standard_items_of_a_body(client, chef, body):
    client.force_login(chef)

    response = client.post(
        _url("body_settings", body.pk),
        {"standard_items": ["nasta", "upprop", "justerare"], "default_place": "Navet"},
    )
    meeting = create_meeting(body, date=D(2024, 5, 3), starts_at=datetime.time(9))

    assert response.status_code == 302
    assert [i.kind for i in meeting.items.order_by("position")] == [
        "upprop",
        "justerare",
        "nasta",
    ]
    assert meeting.place == "Navet"


@pytest.mark.parametrize("role", ["handlaggare", "ekonom", "ledamot"])
def test_only_the_administrator_configures_body_meetings(
    client, role_users, body, role
):
    client.force_login(role_users[role])

    response = client.get(_url("body_settings", body.pk))

    assert response.status_code == 403


def test_invited_officials_become_kallade(client, chef, meeting, federation):
    official = PersonFactory(federation=federation, title="Förbundsdirektör")
    client.force_login(chef)

    response = client.post(
        _url("agenda_invited", meeting.pk), {"invited": [official.pk]}
    )
    agenda = client.get(_url("agenda", meeting.pk))

    assert response.status_code == 302
    assert list(meeting.invited.all()) == [official]
    assert "Förbundsdirektör" in agenda.content.decode()


def test_a_person_of_another_federation_cannot_be_invited(
    client, chef, meeting, other_federation
):
    stranger = PersonFactory(federation=other_federation, title="Direktör")
    client.force_login(chef)

    client.post(_url("agenda_invited", meeting.pk), {"invited": [stranger.pk]})

    assert list(meeting.invited.all()) == []


def test_the_ledamot_reads_what_a_supplement_changed_on_the_meeting_page(
    client, chef, ledamot, ledamot_person, meeting, django_capture_on_commit_callbacks
):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    with django_capture_on_commit_callbacks():
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    client.force_login(ledamot)
    first = client.get(_url("meeting_detail", meeting.pk)).content.decode()
    add_free_item(meeting, kind=ItemKind.DIALOGUE, title="VGR:s besök", by=chef)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks():
        publish_kallelse(
            meeting, by=chef, change_note="VGR kommer", today=D(2024, 2, 22)
        )

    page = client.get(_url("meeting_detail", meeting.pk)).content.decode()

    assert "Detta har ändrats i version" not in first
    section = page[page.index('id="changes-heading"') :]
    assert "Detta har ändrats i version 2" in section
    assert "VGR kommer" in section
    assert "Ny punkt 5: ”VGR:s besök”." in section
