"""Issue 22.1, as it will be checked: a § decided with "ger förbundsdirektören i
uppdrag att … återrapportering till Direktionen senast 2027-03-01": an uppdrag
exists; reminders go out once each on the set days (time frozen); the next
Direktion dagordning offers the återrapportering; deciding that § closes it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from followup.commissions.models import Commission, CommissionReminder
from followup.tasks import send_commission_reminders_task
from inbox.models import Item
from minutes.models import Paragraph
from minutes.services import add_paragraph, start_minutes

from .commission_setup import ISSUE_TEXT, decide, ground


def freeze(monkeypatch, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(3, 0)))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.django_db
def test_the_issue_check(client, monkeypatch, federation, chef):
    g = ground(federation, chef)
    client.force_login(chef)

    # A § decided with the issue's phrasing: the uppdrag is proposed, the
    # secretary confirms it as read.
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = Commission.objects.get(paragraph=g.paragraph)
    assert commission.state == Commission.State.PROPOSED
    assert commission.what == "Ta fram en plan för arkivets digitalisering"
    assert commission.assignee == "förbundsdirektören"
    assert commission.person == g.director
    assert commission.due_on == datetime.date(2027, 3, 1)
    assert commission.report_to == g.body
    response = client.post(
        reverse("followup:commission_edit", args=[federation.slug, commission.pk]),
        {
            "what": commission.what,
            "person": g.director.pk,
            "assignee": commission.assignee,
            "due_on": "2027-03-01",
            "report_to": g.body.pk,
            "remind_days": 14,
        },
    )
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.state == Commission.State.ONGOING

    # Reminders: 14 days before (2027-02-15) and on the due date, once each,
    # by e-mail and in Nytt, whatever the number of runs.
    sent_on = {}
    day = datetime.date(2027, 2, 1)
    while day <= datetime.date(2027, 3, 20):
        freeze(monkeypatch, day)
        before = len(mail.outbox)
        send_commission_reminders_task()
        send_commission_reminders_task()  # a second run the same day sends nothing
        if len(mail.outbox) > before:
            sent_on[day] = sorted(m.to[0] for m in mail.outbox[before:])
        day += datetime.timedelta(days=1)
    assert sent_on == {
        datetime.date(2027, 2, 15): ["chef@example.se", "fd@example.se"],
        datetime.date(2027, 3, 1): ["chef@example.se", "fd@example.se"],
    }
    assert sorted(CommissionReminder.objects.values_list("kind", "due_on")) == [
        ("before", datetime.date(2027, 3, 1)),
        ("due", datetime.date(2027, 3, 1)),
    ]
    assert (
        Item.objects.filter(user=g.director_user, kind=Item.Kind.COMMISSION).count()
        == 2
    )
    monkeypatch.undo()

    # The next Direktion dagordning (February) offers the återrapportering.
    add_url = reverse(
        "followup:commission_to_agenda",
        args=[federation.slug, commission.pk, g.february.pk],
    )
    page = client.get(reverse("meetings:agenda", args=[federation.slug, g.february.pk]))
    assert add_url in page.content.decode()
    # The page is in Swedish (the site's language), as the item will read.
    assert "Återrapportering: Ta fram en plan för arkivets digitalisering" in (
        page.content.decode()
    )
    response = client.post(add_url, {"agenda_version": g.february.agenda_version})
    assert response.status_code == 302
    commission.refresh_from_db()
    item = commission.report_item
    assert item is not None
    assert item.meeting == g.february
    assert item.title == (
        "Återrapportering: Ta fram en plan för arkivets digitalisering"
    )
    # Offered once: now on the agenda, it is no longer offered.
    page = client.get(reverse("meetings:agenda", args=[federation.slug, g.february.pk]))
    assert add_url not in page.content.decode()

    # Deciding the § of that item closes the uppdrag: återrapporterat.
    minutes = start_minutes(g.february, by=chef)
    paragraph = add_paragraph(minutes, agenda_item=item, by=chef)
    commission.refresh_from_db()
    assert commission.state == Commission.State.ONGOING
    decide(
        paragraph,
        "Direktionen lägger återrapporteringen till handlingarna.",
        chef,
        outcome=Paragraph.Outcome.NOTED,
    )
    commission.refresh_from_db()
    assert commission.state == Commission.State.REPORTED
    assert commission.reported_in == paragraph
    # No reminder goes out for a reported uppdrag.
    freeze(monkeypatch, datetime.date(2027, 3, 1))
    CommissionReminder.objects.all().delete()
    assert send_commission_reminders_task() == 0
