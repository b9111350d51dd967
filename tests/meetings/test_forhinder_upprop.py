"""The upprop follows förhinder and inkallelse until the meeting starts (issue 19.1:
"the upprop is pre-filled from it"), also when the protokoll was started before
the förhinder came; the demo has a coming meeting with a förhinder and a yes."""

import datetime

import pytest
from django.utils import timezone

from federation import demo as federation_demo
from meetings import demo
from meetings.demo_forhinder import DAYS_AHEAD
from meetings.models import Forhinder, Inkallelse, Meeting
from meetings.services.forhinder import (
    answer_inkallelse,
    fill_seat,
    report_forhinder,
    withdraw_forhinder,
)
from minutes.models import Attendance, Minutes
from minutes.services import set_presence, start_minutes
from minutes.services.attendance import follow_upprop_plan

from .forhinder_setup import build


@pytest.fixture
def s(federation, ledamot):
    return build(federation, ledamot)


def _rows(minutes: Minutes, *people) -> list[tuple[str, bool, str | None]]:
    """(first name, present, serving for whom) of each person's upprop row."""
    rows = []
    for person in people:
        row = Attendance.objects.select_related("serving_for").get(
            minutes=minutes, person=person
        )
        serving = row.serving_for.first_name if row.serving_for else None
        rows.append((person.first_name, row.is_present, serving))
    return rows


def _accept_first(forhinder: Forhinder) -> None:
    asked = forhinder.inkallelser.get(status=Inkallelse.Status.ASKED)
    answer_inkallelse(asked, comes=True)


def test_a_forhinder_after_the_protokoll_was_started_updates_the_upprop(s, chef):
    minutes = start_minutes(s.meeting, by=chef)
    before = _rows(minutes, s.lisa, s.per)

    forhinder = report_forhinder(s.meeting, s.lisa, by=None)
    asked = _rows(minutes, s.lisa, s.per)
    _accept_first(forhinder)
    accepted = _rows(minutes, s.lisa, s.per)

    assert before == [("Lisa", True, None), ("Per", False, None)]
    assert asked == [("Lisa", False, None), ("Per", False, None)]
    assert accepted == [("Lisa", False, None), ("Per", True, "Lisa")]
    row = minutes.attendances.get(person=s.per)
    assert row.history.latest().history_change_reason == "follow_upprop_plan"


def test_a_withdrawn_forhinder_puts_the_upprop_back(s, chef):
    minutes = start_minutes(s.meeting, by=chef)
    forhinder = report_forhinder(s.meeting, s.lisa, by=None)
    _accept_first(forhinder)

    withdraw_forhinder(forhinder, by=None)

    assert _rows(minutes, s.lisa, s.per) == [("Lisa", True, None), ("Per", False, None)]


def test_the_secretarys_own_choice_in_the_upprop_stays(s, chef):
    """A row the secretary has changed is theirs: only untouched rows follow."""
    minutes = start_minutes(s.meeting, by=chef)
    set_presence(minutes.attendances.get(person=s.lars), is_present=False, by=chef)
    set_presence(minutes.attendances.get(person=s.per), is_present=True, by=chef)
    report_forhinder(s.meeting, s.lars, by=None)  # Lars too, now
    forhinder = report_forhinder(s.meeting, s.lisa, by=None)

    fill_seat(forhinder, s.mona, by=chef)

    assert _rows(minutes, s.lisa, s.lars, s.per, s.mona) == [
        ("Lisa", False, None),
        ("Lars", False, None),
        ("Per", True, None),  # present by the secretary's hand, not serving
        ("Mona", True, "Lisa"),
    ]


def test_nothing_changes_once_the_meeting_has_started_or_the_protokoll_is_sent(s, chef):
    minutes = start_minutes(s.meeting, by=chef)
    forhinder = report_forhinder(s.meeting, s.lisa, by=None)
    # The meeting started: the rows stay as they are, whatever the chain says.
    Forhinder.objects.filter(pk=forhinder.pk).update(status=Forhinder.Status.WITHDRAWN)
    started = follow_upprop_plan(
        s.meeting, by=None, now=s.meeting.starts + datetime.timedelta(minutes=1)
    )
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.SENT)
    sent = follow_upprop_plan(s.meeting, by=None)

    assert (started, sent) == (0, 0)
    assert _rows(minutes, s.lisa) == [("Lisa", False, None)]


def test_a_meeting_without_a_protokoll_is_pre_filled_when_it_is_started(s, chef):
    forhinder = report_forhinder(s.meeting, s.lisa, by=None)
    _accept_first(forhinder)

    minutes = start_minutes(s.meeting, by=chef)

    assert _rows(minutes, s.lisa, s.per) == [
        ("Lisa", False, None),
        ("Per", True, "Lisa"),
    ]


def test_the_demo_has_a_coming_meeting_with_a_forhinder_and_a_yes(db, monkeypatch):
    # Loaded within the demo's mandatperiod (it ends 2026-12-31), time frozen.
    moment = datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: moment.date())
    context = federation_demo.load({})
    demo.load(context)
    demo.load(context)  # again: nothing new

    forhinder = Forhinder.objects.get()
    meeting = forhinder.meeting
    minutes = start_minutes(meeting, by=context["users"]["chef"])
    maja, gun = context["people"]["maja_pihl"], context["people"]["gun_andreasson"]

    assert meeting.date == datetime.date(2026, 11, 2 + DAYS_AHEAD)
    assert (forhinder.person, forhinder.status, forhinder.filled_by) == (
        maja,
        Forhinder.Status.FILLED,
        gun,
    )
    assert [(i.person, i.step, i.status) for i in forhinder.inkallelser.all()] == [
        (gun, "personal", Inkallelse.Status.ACCEPTED)
    ]
    assert _rows(minutes, maja, gun) == [("Maja", False, None), ("Gun", True, "Maja")]
    assert Meeting.objects.filter(body=meeting.body, date=meeting.date).count() == 1
