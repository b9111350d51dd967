"""Adversary (issue 22.1): the återrapportering of an uppdrag from a § that is not
public, put on the receiving body's dagordning."""

import pytest
from django.urls import reverse

from followup.commissions import services
from followup.commissions.models import Commission
from minutes.models import Paragraph
from tests.followup.commission_setup import ISSUE_TEXT, decide, ground
from tests.followup.test_commission_services import _confirm

pytestmark = pytest.mark.django_db


def test_the_report_of_a_sekretess_paragraphs_uppdrag_is_no_public_item(
    federation, chef
):
    # Before: "Återrapportering: <what the sekretess § decided>" went on the
    # dagordning as a public item, out in the public kallelse and agenda.
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    Paragraph.objects.filter(pk=g.paragraph.pk).update(is_public=False)
    commission = _confirm(Commission.objects.get())

    services.add_report_item(commission, meeting=g.february, by=chef)

    item = g.february.items.get()
    assert item.title.startswith("Återrapportering: Ta fram en plan")
    assert item.is_public is False


def test_the_report_of_a_public_paragraphs_uppdrag_is_public(federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = _confirm(Commission.objects.get())

    services.add_report_item(commission, meeting=g.february, by=chef)

    assert g.february.items.get().is_public is True


def test_a_double_click_puts_the_report_on_the_agenda_once(client, federation, chef):
    # Held: the second POST finds the uppdrag on the agenda and adds nothing.
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = _confirm(Commission.objects.get())
    client.force_login(chef)
    url = reverse(
        "followup:commission_to_agenda",
        args=[federation.slug, commission.pk, g.february.pk],
    )

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert g.february.items.count() == 1
