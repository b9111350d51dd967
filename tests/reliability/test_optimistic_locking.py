"""Two secretaries editing the same § beslut: the later save is told, not applied."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from federation.models import Assignment
from minutes.models import Paragraph
from minutes.services import add_paragraph, record_decision, start_minutes
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory
from tests.meetings.factories import MeetingFactory

STALE = (
    "Någon annan sparade § 1 medan du redigerade den. Ladda om sidan och gör din "
    "ändring igen."
)


@pytest.fixture
def paragraph(federation, chef):
    body = BodyFactory(federation=federation)
    AssignmentFactory(
        body=body,
        person=PersonFactory(federation=federation),
        role=Assignment.Role.ORDFORANDE,
    )
    minutes = start_minutes(MeetingFactory(body=body), by=chef)
    return add_paragraph(minutes, title="Budget 2025", by=chef)


def _save(paragraph, text, by, version):
    return record_decision(
        paragraph,
        decision_text=text,
        outcome=Paragraph.Outcome.DECIDED,
        by=by,
        expected_version=version,
    )


@pytest.mark.django_db
def test_the_second_save_from_the_same_version_is_refused(paragraph, chef, handlaggare):
    loaded = paragraph.text_version
    _save(paragraph, "Direktionen fastställer budgeten.", chef, loaded)

    with pytest.raises(ValidationError) as refused:
        _save(paragraph, "Direktionen avslår budgeten.", handlaggare, loaded)

    paragraph.refresh_from_db()
    assert refused.value.messages == [STALE]
    assert refused.value.error_list[0].code == "stale"
    assert paragraph.decision_text == "Direktionen fastställer budgeten."
    assert paragraph.text_version == loaded + 1
    assert paragraph.history.count() == 2  # created, one beslut


@pytest.mark.django_db
def test_saving_from_the_new_version_is_accepted(paragraph, chef):
    first = _save(paragraph, "Fastställd.", chef, paragraph.text_version)

    second = _save(paragraph, "Fastställd med ändring.", chef, first.text_version)

    assert (second.decision_text, second.text_version) == (
        "Fastställd med ändring.",
        3,
    )


@pytest.mark.django_db
def test_the_page_tells_the_second_secretary_and_keeps_the_first_text(
    client, paragraph, chef, federation
):
    client.force_login(chef)
    url = reverse(
        "minutes:decision",
        args=[federation.slug, paragraph.minutes.meeting_id, paragraph.pk],
    )
    form = {"title": "Budget 2025", "outcome": "decided", "expected_version": "1"}

    client.post(url, {**form, "decision_text": "Först sparad."})
    response = client.post(url, {**form, "decision_text": "Sent sparad."}, follow=True)

    paragraph.refresh_from_db()
    assert STALE in response.content.decode()
    assert paragraph.decision_text == "Först sparad."
    assert 'name="expected_version" value="2"' in response.content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once: PostgreSQL"
)
def test_two_saves_at_the_same_moment_one_wins(
    transactional_db, paragraph, chef, handlaggare
):
    barrier = threading.Barrier(2)
    outcomes = []

    def save(text, by):
        try:
            barrier.wait(timeout=10)
            _save(paragraph, text, by, 1)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("A", chef)),
        threading.Thread(target=save, args=("B", handlaggare)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    paragraph.refresh_from_db()
    assert sorted(outcomes) == sorted(["saved", STALE])
    assert paragraph.text_version == 2
    assert paragraph.decision_text in {"A", "B"}
