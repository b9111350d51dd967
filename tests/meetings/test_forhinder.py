"""Förhinder and inkallelse (issue 19.1): the order ersättare are asked in, the
answer links, deadlines, the secretary's override, mail failures."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError

from federation.models import Assignment
from inbox.models import Item
from meetings.ersattare_order import ersattare_in_order, unavailable
from meetings.forhinder_models import BODY_ORDER, SAME_PARTY
from meetings.models import Forhinder, Inkallelse
from meetings.services import configure_forhinder, meeting_settings_for
from meetings.services.forhinder import (
    Answer,
    answer_inkallelse,
    ask_ersattare,
    expire_unanswered,
    fill_seat,
    report_forhinder,
    stop_inkallelse,
    withdraw_forhinder,
)
from meetings.services.inkallelse_mail import (
    inkallelse_from_token,
    send_inkallelse_mail,
    send_unsent_inkallelse_mail,
    signed_token,
)
from minutes.models import Attendance
from minutes.services import start_minutes
from tests.factories import PersonFactory

from .forhinder_setup import build

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def s(federation, ledamot):
    return build(federation, ledamot)


def _report(s, capture, **kwargs) -> Forhinder:
    with capture(execute=True):
        return report_forhinder(s.meeting, s.lisa, by=None, **kwargs)


def _chain(forhinder: Forhinder) -> list[tuple[str, str]]:
    return [
        (i.person.first_name, i.status)
        for i in forhinder.inkallelser.order_by("position")
    ]


def _answer(inkallelse, capture, *, comes, now=None) -> Answer:
    with capture(execute=True):
        return answer_inkallelse(inkallelse, comes=comes, now=now)


def test_the_order_is_personal_same_member_same_party_then_the_body(s):
    absent = Assignment.objects.get(person=s.lisa)
    order = ersattare_in_order(s.meeting, absent, meeting_settings_for(s.body))

    assert [(c.seat.person.first_name, c.step) for c in order] == [
        ("Per", "personal"),
        ("Mona", "same_member"),
        ("Sara", "same_party"),
        ("Bo", "body_order"),
        ("Gun", "body_order"),
    ]


def test_the_order_is_the_bodys_choice_with_party_groups(s, chef):
    configure_forhinder(
        s.body,
        ersattare_steps=[SAME_PARTY],
        answer_hours=12,
        allows_distance=False,
        party_groups=[["S", "KD"]],
        by=chef,
    )
    absent = Assignment.objects.get(person=s.lisa)
    order = ersattare_in_order(s.meeting, absent, meeting_settings_for(s.body))

    # Only the same party or its group: KD counts with S; M is never asked.
    assert [c.seat.person.first_name for c in order] == ["Bo", "Gun", "Sara"]


def test_configure_refuses_a_step_twice_or_unknown(s, chef):
    for steps in ([BODY_ORDER, BODY_ORDER], ["anyone"], []):
        with pytest.raises(ValidationError):
            configure_forhinder(
                s.body,
                ersattare_steps=steps,
                answer_hours=12,
                allows_distance=False,
                party_groups=[],
                by=chef,
            )
    assert meeting_settings_for(s.body).ersattare_steps == [
        "personal",
        "same_member",
        "same_party",
        "body_order",
    ]


def test_reporting_asks_the_personal_ersattare_by_mail_with_two_links(
    s, django_capture_on_commit_callbacks, mailoutbox
):
    forhinder = _report(s, django_capture_on_commit_callbacks, comment="Sjuk")

    (asked,) = forhinder.inkallelser.all()
    assert (asked.person, asked.status, asked.mail_status) == (s.per, "asked", "sent")
    assert asked.answer_by - asked.asked_at == datetime.timedelta(hours=24)
    (message,) = mailoutbox
    assert message.to == ["per@example.se"]
    assert "Lisa Ledamot (S)" in message.body
    links = re.findall(r"http://\S+/inkallelse/(\S+)/(kommer|kan-inte)/", message.body)
    assert [answer for _, answer in links] == ["kommer", "kan-inte"]
    assert inkallelse_from_token(links[0][0]) == asked
    assert forhinder.history.first().history_change_reason == "Förhinder anmält"


def test_the_deadline_is_never_after_the_meeting_starts(
    s, django_capture_on_commit_callbacks
):
    now = s.meeting.starts - 3 * HOUR
    with django_capture_on_commit_callbacks(execute=True):
        forhinder = report_forhinder(s.meeting, s.lisa, by=None, now=now)

    assert forhinder.inkallelser.get().answer_by == s.meeting.starts


def test_a_forged_or_changed_link_finds_nothing(s, django_capture_on_commit_callbacks):
    asked = _report(s, django_capture_on_commit_callbacks).inkallelser.get()
    other = signing.dumps({"i": asked.pk, "t": "guess"}, salt="meetings.inkallelse")
    token = signed_token(asked)

    assert inkallelse_from_token(token[:-2] + "xx") is None
    assert inkallelse_from_token(other) is None
    assert inkallelse_from_token(signing.dumps({"i": asked.pk})) is None
    assert inkallelse_from_token(token) == asked


def test_jag_kan_inte_asks_the_next_and_the_link_works_once(
    s, django_capture_on_commit_callbacks, mailoutbox
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    per = forhinder.inkallelser.get(person=s.per)

    first = _answer(per, django_capture_on_commit_callbacks, comes=False)
    again = _answer(per, django_capture_on_commit_callbacks, comes=True)

    assert (first, again) == (Answer.DECLINED, Answer.USED)
    assert _chain(forhinder) == [("Per", "declined"), ("Mona", "asked")]
    assert [m.to for m in mailoutbox] == [["per@example.se"], ["mona@example.se"]]


def test_jag_kommer_fills_the_seat_and_tells_the_ledamot(
    s, django_capture_on_commit_callbacks, ledamot
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    _answer(
        forhinder.inkallelser.get(), django_capture_on_commit_callbacks, comes=False
    )
    mona = forhinder.inkallelser.get(person=s.mona)

    result = _answer(mona, django_capture_on_commit_callbacks, comes=True)

    forhinder.refresh_from_db()
    assert result == Answer.ACCEPTED
    assert (forhinder.status, forhinder.filled_by) == ("filled", s.mona)
    item = Item.objects.get(user=ledamot)
    assert item.title == f"Mona Medlem tjänstgör i ditt ställe vid {s.meeting}"
    assert item.kind == "forhinder"


def test_no_answer_by_the_deadline_asks_the_next_once(
    s, django_capture_on_commit_callbacks
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    per = forhinder.inkallelser.get()
    later = per.answer_by + datetime.timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        first = expire_unanswered(later - 2 * HOUR)  # not yet
        second = expire_unanswered(later)
        third = expire_unanswered(later)

    assert (first, second, third) == (0, 1, 0)
    assert _chain(forhinder) == [("Per", "expired"), ("Mona", "asked")]
    assert _answer(per, django_capture_on_commit_callbacks, comes=True) == (
        Answer.EXPIRED
    )


def test_an_answer_after_the_deadline_expires_it_and_asks_the_next(
    s, django_capture_on_commit_callbacks
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    per = forhinder.inkallelser.get()
    late = per.answer_by + HOUR

    result = _answer(per, django_capture_on_commit_callbacks, comes=True, now=late)

    assert result == Answer.EXPIRED
    assert _chain(forhinder) == [("Per", "expired"), ("Mona", "asked")]


def test_the_chain_ends_when_nobody_is_left(
    s, django_capture_on_commit_callbacks, ledamot
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    for _ in range(5):
        asked = forhinder.inkallelser.get(status="asked")
        _answer(asked, django_capture_on_commit_callbacks, comes=False)

    forhinder.refresh_from_db()
    assert forhinder.status == "none"
    assert [p for p, _ in _chain(forhinder)] == ["Per", "Mona", "Sara", "Bo", "Gun"]
    assert Item.objects.get(user=ledamot).title.startswith("Ingen ersättare hittades")


def test_an_ersattare_without_email_is_skipped_and_shown(
    s, django_capture_on_commit_callbacks
):
    s.per.email = ""
    s.per.save()

    forhinder = _report(s, django_capture_on_commit_callbacks)

    assert _chain(forhinder) == [("Per", "skipped"), ("Mona", "asked")]


def test_an_ersattare_with_forhinder_of_their_own_is_not_asked(
    s, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_forhinder(s.meeting, s.per, by=None)
    own = Forhinder.objects.get(person=s.per)

    forhinder = _report(s, django_capture_on_commit_callbacks)

    assert own.status == "not_called"  # an ersättare's förhinder calls nobody in
    assert _chain(forhinder) == [("Mona", "asked")]


def test_one_ersattare_is_not_asked_for_two_seats_at_once(
    s, django_capture_on_commit_callbacks
):
    first = _report(s, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        second = report_forhinder(s.meeting, s.lars, by=None)

    assert _chain(first) == [("Per", "asked")]
    assert _chain(second) == [("Bo", "asked")]  # Lars (M, B): Per is busy
    assert s.per.pk in unavailable(s.meeting, second)


def test_withdrawing_tells_the_ersattare_who_said_yes(
    s, django_capture_on_commit_callbacks, mailoutbox
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    _answer(forhinder.inkallelser.get(), django_capture_on_commit_callbacks, comes=True)

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_forhinder(forhinder, by=None)

    forhinder.refresh_from_db()
    assert (forhinder.status, forhinder.filled_by) == ("withdrawn", None)
    assert _chain(forhinder) == [("Per", "cancelled")]
    assert mailoutbox[-1].to == ["per@example.se"]
    assert mailoutbox[-1].subject.startswith("Behövs inte längre")


def test_reporting_again_starts_a_new_chain(s, django_capture_on_commit_callbacks):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_forhinder(forhinder, by=None)

    again = _report(s, django_capture_on_commit_callbacks)

    assert again.pk == forhinder.pk
    assert _chain(again) == [("Per", "asked")]


def test_reporting_is_refused_once_the_meeting_starts_or_without_a_seat(
    s, django_capture_on_commit_callbacks, federation
):
    with pytest.raises(ValidationError, match="har börjat"):
        report_forhinder(s.meeting, s.lisa, by=None, now=s.meeting.starts)
    stranger = PersonFactory(federation=federation)  # no seat in the body
    with pytest.raises(ValidationError, match="inget uppdrag"):
        report_forhinder(s.meeting, stranger, by=None)
    _report(s, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="redan anmält"):
        report_forhinder(s.meeting, s.lisa, by=None)

    assert Forhinder.objects.filter(meeting=s.meeting).count() == 1


def test_a_mail_server_down_keeps_the_chain_and_the_sweep_sends_later(
    s, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    def down(self, messages):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", down
    )
    with django_capture_on_commit_callbacks(execute=False):
        forhinder = report_forhinder(s.meeting, s.lisa, by=None)
    with pytest.raises(ConnectionRefusedError):  # the task retries later
        send_inkallelse_mail(forhinder.inkallelser.get())

    asked = forhinder.inkallelser.get()
    assert (asked.status, asked.mail_status) == ("asked", "failed")
    monkeypatch.undo()
    later = asked.asked_at + datetime.timedelta(minutes=5)
    assert send_unsent_inkallelse_mail(later) == 1
    asked.refresh_from_db()
    assert asked.mail_status == "sent"
    assert [m.to for m in mail.outbox] == [["per@example.se"]]


def test_the_secretary_asks_another_as_well_and_the_first_yes_wins(
    s, django_capture_on_commit_callbacks, chef
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        gun = ask_ersattare(forhinder, s.gun, by=chef)
    per = forhinder.inkallelser.get(person=s.per)

    assert _answer(gun, django_capture_on_commit_callbacks, comes=True) == (
        Answer.ACCEPTED
    )
    assert _answer(per, django_capture_on_commit_callbacks, comes=True) == Answer.TAKEN
    assert _chain(forhinder) == [("Per", "cancelled"), ("Gun", "accepted")]
    assert gun.asked_by == chef


def test_the_secretary_fills_the_seat_by_phone_or_stops(
    s, django_capture_on_commit_callbacks, chef
):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="ersättare i organet"):
        fill_seat(forhinder, s.lars, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        fill_seat(forhinder, s.sara, by=chef)
    forhinder.refresh_from_db()
    assert (forhinder.status, forhinder.filled_by) == ("filled", s.sara)
    assert _chain(forhinder) == [("Per", "cancelled"), ("Sara", "accepted")]

    with django_capture_on_commit_callbacks(execute=True):
        stop_inkallelse(forhinder, by=chef)
    forhinder.refresh_from_db()
    assert (forhinder.status, forhinder.filled_by) == ("stopped", None)
    assert _chain(forhinder) == [("Per", "cancelled"), ("Sara", "cancelled")]


def test_the_upprop_starts_from_the_chain(s, django_capture_on_commit_callbacks, chef):
    forhinder = _report(s, django_capture_on_commit_callbacks)
    _answer(
        forhinder.inkallelser.get(), django_capture_on_commit_callbacks, comes=False
    )
    _answer(
        forhinder.inkallelser.get(person=s.mona),
        django_capture_on_commit_callbacks,
        comes=True,
    )

    minutes = start_minutes(s.meeting, by=chef)

    rows = {a.person.first_name: a for a in minutes.attendances.all()}
    assert rows["Lisa"].is_present is False
    assert (rows["Mona"].is_present, rows["Mona"].serving_for) == (True, s.lisa)
    assert [n for n, a in rows.items() if a.role == "ersattare" and a.is_present] == [
        "Mona"
    ]
    assert rows["Lars"].is_present is True
    assert Attendance.objects.filter(minutes=minutes, at_distance=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_ersattare_accepting_one_seat_at_once_one_wins(federation, ledamot):
    """PostgreSQL: both answer "Jag kommer" at the same moment."""
    from django.db import connection  # noqa: PLC0415 leaf

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writes: the race needs PostgreSQL")
    from tests.threads import run_together  # noqa: PLC0415 leaf

    s = build(federation, ledamot)
    forhinder = report_forhinder(s.meeting, s.lisa, by=None)
    gun = ask_ersattare(forhinder, s.gun, by=None)
    per = forhinder.inkallelser.get(person=s.per)

    results = run_together(
        [
            lambda: answer_inkallelse(per, comes=True),
            lambda: answer_inkallelse(gun, comes=True),
        ]
    )

    assert sorted(r.value for r in results) == ["accepted", "taken"]
    assert (
        Inkallelse.objects.filter(forhinder=forhinder, status="accepted").count() == 1
    )
    forhinder.refresh_from_db()
    winner = per if results[0] == Answer.ACCEPTED else gun
    assert (forhinder.status, forhinder.filled_by_id) == ("filled", winner.person_id)
