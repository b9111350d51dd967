"""Reminders to the administrativ chef, run by the beat task."""

import datetime

import pytest
from django.core import mail

from agreements.models import SentReminder
from agreements.tasks import send_reminders_task
from federation.roles import Role
from tests.agreements.factories import adopt, agreement_with_parties
from tests.factories import UserFactory, grant

D = datetime.date


@pytest.fixture
def run_on(monkeypatch):
    """Run the beat task as if today were `day`."""

    def run(day: datetime.date) -> int:
        monkeypatch.setattr("django.utils.timezone.localdate", lambda: day)
        return send_reminders_task()

    return run


@pytest.fixture
def staff(chef, handlaggare, ekonom, ledamot, outsider):
    """Everyone who must not get a reminder, besides the chef who must."""
    return chef


def test_overdue_ratification_reminds_the_chef_once(federation, staff, run_on):
    agreement = agreement_with_parties(federation, 3, ratify_by=D(2025, 2, 28))
    adopt(agreement, 2)

    assert run_on(D(2025, 2, 28)) == 0
    assert run_on(D(2025, 3, 1)) == 1
    assert run_on(D(2025, 3, 2)) == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chef@example.se"]
    assert mail.outbox[0].subject == (
        f"Beslut försenade: {agreement.title} (senast 2025-02-28)"
    )
    assert list(SentReminder.objects.values_list("kind", "due_on", "recipient")) == [
        ("ratification_overdue", D(2025, 2, 28), staff.pk)
    ]


def test_every_administrator_of_the_federation_is_reminded(federation, staff, run_on):
    grant(UserFactory(username="chef2"), federation, Role.ADMINISTRATOR)
    agreement_with_parties(federation, 2, ratify_by=D(2025, 1, 1))

    run_on(D(2025, 1, 2))

    assert sorted(m.to[0] for m in mail.outbox) == [
        "chef2@example.se",
        "chef@example.se",
    ]


def test_no_overdue_reminder_once_every_party_has_adopted(federation, staff, run_on):
    agreement = agreement_with_parties(
        federation, 2, ratify_by=D(2025, 1, 1), valid_from=D(2025, 1, 1)
    )
    adopt(agreement)

    assert run_on(D(2025, 3, 1)) == 0
    assert mail.outbox == []


def test_end_within_the_configured_months_is_reminded(federation, staff, run_on):
    agreement = agreement_with_parties(
        federation,
        2,
        valid_from=D(2025, 10, 1),
        valid_to=D(2028, 9, 30),
        reminder_months=6,
    )
    adopt(agreement)

    assert run_on(D(2028, 3, 29)) == 0
    assert run_on(D(2028, 3, 30)) == 1
    assert run_on(D(2028, 4, 30)) == 0

    assert mail.outbox[0].subject == f"Avtalet upphör 2028-09-30: {agreement.title}"


def test_notice_deadline_within_the_configured_months_is_reminded(
    federation, staff, run_on
):
    agreement = agreement_with_parties(
        federation,
        2,
        valid_from=D(2025, 1, 1),
        valid_to=D(2027, 12, 31),
        notice_months=12,
        reminder_months=3,
    )
    adopt(agreement)

    assert run_on(D(2026, 9, 30)) == 0
    assert run_on(D(2026, 10, 1)) == 1

    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"Sista dag för uppsägning 2026-12-31: {agreement.title}", ["chef@example.se"])
    ]


def test_ended_agreement_is_not_reminded(federation, staff, run_on):
    agreement = agreement_with_parties(
        federation, 2, valid_from=D(2020, 1, 1), valid_to=D(2024, 12, 31)
    )
    adopt(agreement, decided_on=D(2019, 6, 1))

    assert run_on(D(2025, 1, 1)) == 0


def test_beat_runs_the_reminders_task_daily(settings):
    assert settings.CELERY_BEAT_SCHEDULE["agreements-send-reminders"] == {
        "task": "agreements.send_reminders",
        "schedule": 24 * 3600,
    }
    assert send_reminders_task.name == "agreements.send_reminders"
