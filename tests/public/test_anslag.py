"""The complete anslagstavla: tillkännagivanden of their kinds, with dates, the
laglighetsprövning text and the förbund's förvaringsplats; the kungörelse of a
förbundsfullmäktige meeting when its kallelse is published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import DelegationDecision
from federation.models import Body
from meetings.models import AgendaItem, Meeting
from meetings.services import publish_kallelse
from minutes.models import Anslag
from minutes.services.anslag import post_notice
from minutes.services.justering import take_down_expired_anslag
from tests.factories import BodyFactory

MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def decision(federation):
    federation.forvaringsplats = "Kansliet, Storgatan 1, 503 30 Borås"
    federation.save()
    return DelegationDecision.objects.create(
        federation=federation,
        date=MONDAY,
        decision="Upphandling av IT-drift",
        delegate="Förbundsdirektören",
    )


def test_a_delegationsbeslut_is_announced_with_three_weeks_to_appeal(
    federation, decision, chef
):
    anslag = post_notice(
        federation,
        kind=Anslag.Kind.DELEGATIONSBESLUT,
        title="",
        delegation_decision=decision,
        posted_on=MONDAY,
        by=chef,
    )

    assert anslag.appeal_ends_on == MONDAY + datetime.timedelta(days=21)
    assert anslag.takes_down_on == anslag.appeal_ends_on
    assert anslag.kept_at == "Kansliet, Storgatan 1, 503 30 Borås"
    assert anslag.title == "Upphandling av IT-drift"
    assert anslag.history.get().history_change_reason == "post_notice"
    assert take_down_expired_anslag(anslag.appeal_ends_on) == 0
    assert take_down_expired_anslag(anslag.appeal_ends_on + datetime.timedelta(1)) == 1


def test_the_anslagstavla_shows_the_kind_the_appeal_text_and_the_forvaringsplats(
    federation, decision, chef
):
    post_notice(
        federation,
        kind=Anslag.Kind.DELEGATIONSBESLUT,
        title="",
        delegation_decision=decision,
        by=chef,
    )

    text = (
        Client()
        .get(reverse("minutes:anslagstavla", args=[federation.slug]))
        .content.decode()
    )

    assert "Delegationsbeslut: Upphandling av IT-drift" in text
    assert "laglighetsprövning" in text
    assert "förvaltningsrätten" in text
    assert "Kansliet, Storgatan 1" in text


def test_a_decision_of_another_federation_cannot_be_announced(
    federation, other_federation, decision, chef
):
    with pytest.raises(ValidationError):
        post_notice(
            other_federation,
            kind=Anslag.Kind.DELEGATIONSBESLUT,
            title="",
            delegation_decision=decision,
            by=chef,
        )
    with pytest.raises(ValidationError):
        post_notice(federation, kind=Anslag.Kind.OTHER, title=" ", by=chef)
    assert not Anslag.objects.exists()


def test_only_the_administrator_posts_a_notice(federation, decision, chef, ledamot):
    url = reverse("public:notice_create", args=[federation.slug])
    data = {"kind": "other", "title": "Samråd om avfallsplanen"}
    as_ledamot = Client()
    as_ledamot.force_login(ledamot)
    as_chef = Client()
    as_chef.force_login(chef)

    assert as_ledamot.post(url, data).status_code == 403
    assert Client().post(url, data).status_code == 302  # to the login page
    assert not Anslag.objects.exists()
    assert as_chef.post(url, data).status_code == 302
    assert Anslag.objects.get().kind == Anslag.Kind.OTHER


def _meeting(body, chef):
    meeting = Meeting.objects.create(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=30),
        starts_at=datetime.time(18),
        place="Stadshuset",
    )
    AgendaItem.objects.create(
        meeting=meeting, position=1, kind="beslut", title="Budget 2027"
    )
    return meeting


def test_publishing_a_fullmaktige_kallelse_posts_its_kungorelse_once(federation, chef):
    fullmaktige = BodyFactory(
        federation=federation, name="Förbundsfullmäktige", kind=Body.Kind.FULLMAKTIGE
    )
    direktion = BodyFactory(federation=federation, name="Direktionen")
    meeting = _meeting(fullmaktige, chef)

    publish_kallelse(meeting, by=chef)
    publish_kallelse(_meeting(direktion, chef), by=chef)

    kungorelse = Anslag.objects.get()
    assert kungorelse.kind == Anslag.Kind.KUNGORELSE
    assert kungorelse.meeting == meeting
    assert kungorelse.takes_down_on == meeting.date
    assert kungorelse.appeal_ends_on is None
    assert kungorelse.appeal_text == ""
    assert "Stadshuset" in kungorelse.text
