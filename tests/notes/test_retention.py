"""Notes are deleted by the beat task when the author's uppdrag in the body has
ended more than the förbund's retention ago (time frozen by a fixed today)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from federation.models import Assignment
from notes import services
from notes.models import NoteSettings, PersonalNote
from notes.tasks import purge_expired_notes_task
from tests.factories import AssignmentFactory


def _freeze(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _end_uppdrag(person, day: datetime.date) -> None:
    Assignment.objects.filter(person=person).update(valid_to=day)


def test_a_note_is_kept_through_the_retention_and_gone_after(setup, monkeypatch):
    services.set_retention(setup.federation, days=30, by=setup.chef)
    note = services.write_note(setup.item, by=setup.ledamot, text="Min anteckning")
    kept = services.write_note(setup.item, by=setup.other, text="Bos anteckning")
    ended = datetime.date(2026, 6, 30)
    _end_uppdrag(setup.anna, ended)

    _freeze(monkeypatch, ended + datetime.timedelta(days=30))
    assert purge_expired_notes_task() == 0
    assert PersonalNote.objects.filter(pk=note.pk).exists()

    _freeze(monkeypatch, ended + datetime.timedelta(days=31))
    assert purge_expired_notes_task() == 1
    assert not PersonalNote.objects.filter(pk=note.pk).exists()
    # Bo still sits in the body: his note stays; running again changes nothing.
    assert purge_expired_notes_task() == 0
    assert list(PersonalNote.objects.all()) == [kept]


def test_a_later_uppdrag_in_the_same_body_keeps_the_notes(setup, monkeypatch):
    note = services.write_note(setup.item, by=setup.ledamot, text="Min anteckning")
    _end_uppdrag(setup.anna, datetime.date(2026, 6, 30))
    AssignmentFactory(
        body=setup.body,
        person=setup.anna,
        role=Assignment.Role.ERSATTARE,
        valid_from=datetime.date(2027, 1, 1),
        valid_to=None,
    )

    _freeze(monkeypatch, datetime.date(2028, 1, 1))
    purge_expired_notes_task()

    assert PersonalNote.objects.filter(pk=note.pk).exists()


def test_an_uppdrag_in_another_body_does_not_keep_them(setup, monkeypatch):
    from tests.factories import BodyFactory  # noqa: PLC0415 leaf

    note = services.write_note(setup.item, by=setup.ledamot, text="Min anteckning")
    _end_uppdrag(setup.anna, datetime.date(2026, 6, 30))
    AssignmentFactory(
        body=BodyFactory(federation=setup.federation),
        person=setup.anna,
        valid_from=datetime.date(2026, 7, 1),
        valid_to=None,
    )

    _freeze(monkeypatch, datetime.date(2026, 12, 1))  # the default 90 days passed
    purge_expired_notes_task()

    assert not PersonalNote.objects.filter(pk=note.pk).exists()


def test_an_account_given_to_someone_else_takes_no_notes_along(setup):
    note = services.write_note(setup.item, by=setup.ledamot, text="Min anteckning")
    setup.anna.user = None
    setup.anna.save()

    services.purge_expired_notes()

    assert not PersonalNote.objects.filter(pk=note.pk).exists()


def test_the_administrator_sets_the_retention(setup):
    client = Client()
    client.force_login(setup.chef)
    url = reverse("notes:settings", args=[setup.federation.slug])

    refused = client.post(url, {"retention_days": "-4"})
    saved = client.post(url, {"retention_days": "180"})

    assert refused.status_code == 200
    assert saved.status_code == 302
    found = NoteSettings.objects.get(federation=setup.federation)
    assert found.retention_days == 180
    newest = found.history.first()
    assert newest is not None
    assert newest.history_user == setup.chef


def test_a_retention_out_of_range_is_refused(setup):
    with pytest.raises(ValidationError):
        services.set_retention(setup.federation, days=5000, by=setup.chef)
