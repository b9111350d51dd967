"""Uppdrag reminders are sent once each: a second worker at the same time skips the
uppdrag it holds, a row already written stops a resend, a failed mail is retried."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from followup.commissions.models import Commission, CommissionReminder
from followup.commissions.reminders import send_commission_reminders
from followup.commissions.services import record_commission
from inbox.models import Item

from .commission_setup import ISSUE_TEXT, decide, ground

DUE = datetime.date(2027, 3, 1)


def _commission(federation, chef, **kwargs) -> Commission:
    g = ground(federation, chef)
    paragraph = decide(g.paragraph, ISSUE_TEXT, chef)
    Commission.objects.filter(state=Commission.State.PROPOSED).delete()
    return record_commission(
        paragraph,
        what="Ta fram en plan",
        person=g.director,
        due_on=DUE,
        report_to=g.body,
        remind_days=kwargs.get("remind_days", 14),
        by=chef,
    )


@pytest.mark.django_db
def test_a_reminder_already_recorded_is_not_sent_again(federation, chef):
    commission = _commission(federation, chef)
    CommissionReminder.objects.create(
        commission=commission, kind=CommissionReminder.Kind.DUE, due_on=DUE
    )
    assert send_commission_reminders(today=DUE) == 0
    assert mail.outbox == []
    # A moved due date is a new reminder.
    Commission.objects.filter(pk=commission.pk).update(due_on=DUE.replace(day=2))
    assert send_commission_reminders(today=DUE.replace(day=2)) == 1


@pytest.mark.django_db
def test_a_failed_mail_leaves_no_mark_and_is_sent_by_the_next_run(
    federation, chef, monkeypatch
):
    _commission(federation, chef)

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("followup.commissions.reminders.send_mail", broken)
    assert send_commission_reminders(today=DUE) == 0
    assert not CommissionReminder.objects.exists()
    assert not Item.objects.exists()
    monkeypatch.undo()
    assert send_commission_reminders(today=DUE) == 1
    assert send_commission_reminders(today=DUE) == 0


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_the_uppdrag_the_first_holds(federation, chef):
    commission = _commission(federation, chef)
    held, release = threading.Event(), threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                Commission.objects.select_for_update().get(pk=commission.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    assert held.wait(10)
    try:
        assert send_commission_reminders(today=DUE) == 0
    finally:
        release.set()
        thread.join()
    assert not CommissionReminder.objects.exists()
    assert send_commission_reminders(today=DUE) == 1
    assert CommissionReminder.objects.count() == 1
