"""Hostile posts to the protokoll's workflow steps: ids of another meeting, a
justerat protokoll, GETs on POST-only steps, double submits and garbled fields.
Each refused step answers as the step says and changes no row of the app."""

import pytest
from django.apps import apps
from django.urls import reverse

from minutes.models import Minutes
from minutes.services import (
    add_paragraphs_from_agenda,
    announce_reservation,
    start_minutes,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.minutes.test_views import _justerat

MEETING_STEPS = [
    "from_agenda",
    "add_paragraph",
    "close_meeting",
    "choose_justerare",
    "send_for_justering",
    "approve",
    "comment",
    "retry_builds",
    "expedite",
]
PARAGRAPH_STEPS = [
    "decision",
    "jav",
    "yrkande",
    "open_vote",
    "closed_vote",
    "reservation",
    "note",
    "justera_now",
    "remove_paragraph",
    "correction",
    "expedite_paragraph",
]


def _rows() -> dict[str, list[dict]]:
    """Every row of the minutes app (its history included), to compare."""
    return {
        model.__name__: sorted(model._default_manager.values(), key=str)
        for model in apps.get_app_config("minutes").get_models()
    }


def _url(federation, meeting, name, pk=None):
    args = [federation.slug, meeting.pk] + ([pk] if pk is not None else [])
    return reverse(f"minutes:{name}", args=args)


def _data(people, paragraph):
    """Plausible data for every step at once: each form reads its own fields."""
    return {
        "title": "Ändrad titel",
        "outcome": "decided",
        "decision_text": "Ändrat beslut",
        "is_public": "on",
        "person": people.l2.pk,
        "replaced_by": "",
        "reason": "Jäv",
        "text": "Text",
        "motivation": "Motivering",
        "ja_count": 3,
        "nej_count": 1,
        "avstar_count": 0,
        "result": "ja",
        "persons": [people.l1.pk],
        "comment": "Synpunkt",
        "is_present": "on",
        "password": "demo",
        "shown_sha256": "0" * 64,
    }


@pytest.fixture
def other_minutes(body, chef):
    """A second meeting of the same body, with its own protokoll and §§."""
    meeting = MeetingFactory(body=body, date="2024-02-02")
    AgendaItemFactory(meeting=meeting, position=1, title="Annan punkt")
    minutes = start_minutes(meeting, by=chef)
    add_paragraphs_from_agenda(minutes, by=chef)
    return minutes


@pytest.mark.parametrize("name", PARAGRAPH_STEPS)
def test_a_paragraph_of_another_meeting_is_404(
    client, chef, federation, minutes, other_minutes, people, name
):
    add_paragraphs_from_agenda(minutes, by=chef)
    foreign = other_minutes.paragraphs.get()
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, name, foreign.pk), _data(people, foreign)
    )

    assert response.status_code == 404
    assert _rows() == before


def test_a_reservation_of_another_meeting_is_404(
    client, chef, federation, minutes, other_minutes, people
):
    add_paragraphs_from_agenda(minutes, by=chef)
    foreign = announce_reservation(
        other_minutes.paragraphs.get(), person=people.l2, motivation="", by=chef
    )
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, "reservation_motivation", foreign.pk),
        {"motivation": "Ny motivering"},
    )

    assert response.status_code == 404
    assert _rows() == before


@pytest.mark.parametrize("name", MEETING_STEPS)
def test_a_meeting_of_another_forbund_is_404(
    client, outsider, other_federation, minutes, people, name
):
    client.force_login(outsider)
    before = _rows()

    response = client.post(
        _url(other_federation, minutes.meeting, name), _data(people, None)
    )

    assert response.status_code == 404
    assert _rows() == before


@pytest.mark.parametrize(
    "name", [*MEETING_STEPS, "start", "attendance", "attendance_quorum"]
)
def test_get_on_a_step_changes_nothing(client, chef, federation, minutes, name):
    client.force_login(chef)
    before = _rows()

    response = client.get(_url(federation, minutes.meeting, name))

    assert response.status_code == 405
    assert _rows() == before


@pytest.mark.parametrize("name", [n for n in PARAGRAPH_STEPS if n != "open_vote"])
def test_get_on_a_paragraph_step_changes_nothing(
    client, chef, federation, minutes, name
):
    (paragraph, *_rest) = add_paragraphs_from_agenda(minutes, by=chef)
    pk = paragraph.pk
    client.force_login(chef)
    before = _rows()

    response = client.get(_url(federation, minutes.meeting, name, pk))

    assert response.status_code == 405
    assert _rows() == before


@pytest.mark.parametrize(
    "name",
    [n for n in MEETING_STEPS if n not in ("approve", "comment", "expedite")],
)
def test_a_justerat_protokoll_refuses_every_step(
    client, chef, federation, minutes, people, name
):
    _justerat(minutes, people, chef)
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, name), _data(people, None), follow=True
    )

    assert response.status_code == 200
    assert _rows() == before
    if name != "retry_builds":  # nothing failed, so nothing to make again
        assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize(
    "name",
    [n for n in PARAGRAPH_STEPS if n not in ("correction", "expedite_paragraph")],
)
def test_a_justerat_protokoll_refuses_every_paragraph_step(
    client, chef, federation, minutes, people, name
):
    _justerat(minutes, people, chef)
    paragraph = minutes.paragraphs.order_by("number").last()
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, name, paragraph.pk),
        _data(people, paragraph),
        follow=True,
    )

    assert _rows() == before
    assert response.status_code == 200
    if name != "open_vote":  # the votering's own page shows its error
        assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_attendance_of_a_justerat_protokoll_changes_nothing(
    client, chef, federation, minutes, people
):
    _justerat(minutes, people, chef)
    row = minutes.attendances.get(person=people.l3)
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, "attendance"),
        {f"present_{row.pk}": ""},
        follow=True,
    )

    assert _rows() == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_attendance_is_one_transaction(client, chef, federation, minutes, people):
    """An absence, then a serving refused: the absence is not saved either."""
    eva = minutes.attendances.get(person=people.e1)
    present = {
        f"present_{a.pk}": "on"
        for a in minutes.attendances.exclude(person__in=[people.l3])
        if a.role != "ersattare"
    }
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, "attendance"),
        {**present, f"present_{eva.pk}": "on", f"serving_{eva.pk}": people.l1.pk},
        follow=True,
    )

    assert _rows() == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("add_paragraph", {}),
        ("add_paragraph", {"title": "x" * 301}),
        ("choose_justerare", {"persons": ["abc"]}),
        ("choose_justerare", {"persons": ["99999999"]}),
        ("choose_justerare", {"persons": ["1\x00"]}),
        ("comment", {"comment": ""}),
    ],
)
def test_a_garbled_field_gives_a_swedish_error(
    client, chef, federation, minutes, name, data
):
    client.force_login(chef)
    before = _rows()

    response = client.post(_url(federation, minutes.meeting, name), data, follow=True)

    assert response.status_code == 200
    assert _rows() == before
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors
    assert not any("This field" in e or "Select a valid" in e for e in errors)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("decision", {"title": "T", "outcome": "nope"}),
        ("decision", {"title": "T", "outcome": "decided", "expected_version": "x"}),
        ("jav", {"person": "abc"}),
        ("yrkande", {"person": "", "text": "t"}),
        ("closed_vote", {"ja_count": "-1", "nej_count": "x"}),
        ("reservation", {"person": "999999999999999999999"}),
        ("note", {"person": "1.5", "text": "t"}),
    ],
)
def test_a_garbled_paragraph_field_gives_a_swedish_error(
    client, chef, federation, minutes, name, data
):
    (paragraph, *_rest) = add_paragraphs_from_agenda(minutes, by=chef)
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, name, paragraph.pk), data, follow=True
    )

    assert response.status_code == 200
    assert _rows() == before
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors
    assert not any("This field" in e or "Select a valid" in e for e in errors)


def test_garbled_attendance_changes_nothing(client, chef, federation, minutes, people):
    add_paragraphs_from_agenda(minutes, by=chef)
    row = minutes.attendances.get(person=people.e1)
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, "attendance"),
        {
            f"present_{row.pk}": "on",
            f"serving_{row.pk}": "abc",
            f"arrived_{row.pk}": "99999",
        },
        follow=True,
    )

    assert _rows() == before
    assert [m.level_tag for m in response.context["messages"]] == ["error", "error"]
    errors = " ".join(str(m) for m in response.context["messages"])
    assert "Select a valid" not in errors


def test_double_submit_of_a_step(client, chef, federation, minutes, people):
    client.force_login(chef)
    url = _url(federation, minutes.meeting, "from_agenda")

    client.post(url, follow=True)
    client.post(url, follow=True)
    close = _url(federation, minutes.meeting, "close_meeting")
    client.post(close, follow=True)
    second = client.post(close, follow=True)

    assert list(minutes.paragraphs.values_list("number", flat=True)) == [1, 2, 3]
    assert [m.level_tag for m in second.context["messages"]] == ["error"]


def test_expedition_of_a_draft_is_refused(
    client, chef, federation, minutes, django_capture_on_commit_callbacks
):
    client.force_login(chef)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            _url(federation, minutes.meeting, "expedite"), follow=True
        )

    assert callbacks == []
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Minutes.objects.get().status == Minutes.Status.DRAFT


def test_ledamot_cannot_post_any_step(client, ledamot, federation, minutes, people):
    (paragraph, *_rest) = add_paragraphs_from_agenda(minutes, by=None)
    client.force_login(ledamot)
    before = _rows()

    answers = {
        name: client.post(
            _url(federation, minutes.meeting, name, paragraph.pk),
            _data(people, paragraph),
        ).status_code
        for name in PARAGRAPH_STEPS
    } | {
        name: client.post(
            _url(federation, minutes.meeting, name), _data(people, paragraph)
        ).status_code
        for name in MEETING_STEPS
        if name not in ("approve", "comment")
    }

    assert set(answers.values()) == {403}
    assert _rows() == before


@pytest.mark.parametrize("name", ["correction", "expedite_paragraph"])
def test_a_draft_refuses_the_steps_of_a_justerad_paragraph(
    client, chef, federation, minutes, people, name
):
    (paragraph, *_rest) = add_paragraphs_from_agenda(minutes, by=chef)
    client.force_login(chef)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, name, paragraph.pk),
        {"decision_text": "Rättat", "reason": "Skrivfel"},
        follow=True,
    )

    assert _rows() == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize("name", ["approve", "comment"])
def test_a_justerat_protokoll_cannot_be_justerat_or_sent_back_again(
    client, federation, minutes, people, chef, name
):
    _justerat(minutes, people, chef)
    client.force_login(people.l1.user)
    before = _rows()

    response = client.post(
        _url(federation, minutes.meeting, name),
        {"password": "demo", "shown_sha256": "0" * 64, "comment": "Fel"},
        follow=True,
    )

    assert _rows() == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
