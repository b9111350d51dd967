"""The uppdrag pages through the client with real roles: the list and its filters,
what a ledamot sees, the secretary's recording, and another förbund's ids."""

import pytest
from django.urls import reverse

from followup.commissions.models import Commission
from minutes.models import Paragraph
from tests.factories import UserFactory, grant

from .commission_setup import ISSUE_TEXT, decide, ground

pytestmark = pytest.mark.django_db


def _url(name, federation, *args):
    return reverse(f"followup:{name}", args=[federation.slug, *args])


def test_the_secretary_records_and_bad_input_changes_nothing(client, federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, "Direktionen godkänner delårsrapporten.", chef)
    client.force_login(chef)
    url = _url("paragraph_commissions", federation, g.paragraph.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"what": "Publicera", "remind_days": 7})
    assert response.status_code == 400
    assert "Välj en person eller skriv den roll" in response.content.decode()
    assert not Commission.objects.exists()
    response = client.post(
        url,
        {
            "what": "Publicera rapporten",
            "assignee": "kansliet",
            "due_on": "2027-01-31",
            "report_to": g.body.pk,
            "remind_days": 7,
        },
    )
    assert response.status_code == 302
    commission = Commission.objects.get()
    assert (commission.state, commission.remind_days) == ("ongoing", 7)
    response = client.post(_url("commission_close", federation, commission.pk))
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.state == Commission.State.CLOSED


def test_the_list_filters_per_person_and_status(client, federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    client.force_login(chef)
    proposal = Commission.objects.get()
    page = client.get(_url("commissions", federation)).content.decode()
    assert "Ta fram en plan för arkivets digitalisering" in page
    page = client.get(
        _url("commissions", federation), {"status": "closed"}
    ).content.decode()
    assert "arkivets digitalisering" not in page
    page = client.get(
        _url("commissions", federation), {"person": g.director.pk}
    ).content.decode()
    assert "arkivets digitalisering" in page
    response = client.post(_url("commission_discard", federation, proposal.pk))
    assert response.status_code == 302
    assert not Commission.objects.exists()


def test_a_ledamot_reads_public_uppdrag_only_and_records_none(
    client, federation, chef, ledamot
):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = Commission.objects.get()
    client.force_login(ledamot)
    assert client.get(_url("commission", federation, commission.pk)).status_code == 200
    assert (
        client.post(_url("commission_close", federation, commission.pk)).status_code
        == 403
    )
    assert (
        client.get(
            _url("paragraph_commissions", federation, g.paragraph.pk)
        ).status_code
        == 403
    )
    Paragraph.objects.filter(pk=g.paragraph.pk).update(is_public=False)
    assert client.get(_url("commission", federation, commission.pk)).status_code == 404
    page = client.get(_url("commissions", federation)).content.decode()
    assert "arkivets digitalisering" not in page


def test_another_forbunds_uppdrag_is_a_404(client, federation, other_federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = Commission.objects.get()
    their_chef = grant(UserFactory(username="deras"), other_federation, "Administratör")
    client.force_login(their_chef)
    for name in ("commission", "commission_edit", "commission_close"):
        url = _url(name, other_federation, commission.pk)
        response = client.get(url) if name == "commission" else client.post(url)
        assert response.status_code == 404
    url = _url("commission_to_agenda", other_federation, commission.pk, g.february.pk)
    assert client.post(url).status_code == 404
    url = _url("paragraph_commissions", other_federation, g.paragraph.pk)
    assert client.get(url).status_code == 404
