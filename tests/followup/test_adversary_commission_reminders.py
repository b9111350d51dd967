"""Adversary (issue 22.1): an uppdrag reminder when one of its addresses is refused."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail import send_mail

from federation.models import RoleGrant
from federation.roles import Role
from followup.commissions.models import CommissionReminder
from followup.commissions.reminders import send_commission_reminders
from tests.followup.test_commission_reminders import DUE, _commission

pytestmark = pytest.mark.django_db


def test_a_refused_address_does_not_make_the_others_mailed_every_day(
    federation, chef, monkeypatch
):
    # Before: the refused address rolled the reminder back after the Administratör's
    # mail had gone, so each day's run mailed the Administratör again (seven days
    # of "due today").
    chef.email = "chef@example.se"
    chef.save()
    RoleGrant.objects.get_or_create(
        user=chef, federation=federation, role=Role.ADMINISTRATOR
    )
    commission = _commission(federation, chef)
    commission.person.user.email = "bad@invalid"
    commission.person.user.save()

    def refusing(subject, body, sender, to):
        if to == ["bad@invalid"]:
            raise smtplib.SMTPRecipientsRefused({"bad@invalid": (550, b"no such")})
        return send_mail(subject, body, sender, to)

    monkeypatch.setattr("followup.commissions.reminders.send_mail", refusing)
    for day in range(3):
        send_commission_reminders(today=DUE + datetime.timedelta(days=day))

    assert [m.to for m in mail.outbox] == [["chef@example.se"]]
    assert CommissionReminder.objects.filter(commission=commission).count() == 1
