"""The demo's SRB of Västmanland with the obligations of its agreement (issue 22.2)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from federation.models import Body, Member
from federation.obligations import standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def srb(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Body.objects.get(federation__slug="vastmanland", short_name="SRB")


def test_the_demo_srb_with_four_held_and_one_planned_shows_the_minimum_six_warning(
    srb, client, monkeypatch
):
    day = datetime.date(2026, 11, 2)
    result = standing(srb, today=day)

    assert result is not None
    assert (result.held, result.planned, result.minimum) == (4, 1, 6)
    assert result.warnings[0] == (
        "Minst 6 sammanträden 2026: 1 till måste planeras före årets slut."
    )
    # The last year of the mandate period: the costs are to be reassessed.
    assert result.warnings[1].startswith("Inför mandatperioden 2027–2030")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: day)
    client.force_login(User.objects.get(username="chef"))
    page = client.get(srb.get_absolute_url()).content.decode()
    assert "4 av minst 6 sammanträden 2026; 1 planerat" in page
    assert "1 till måste planeras" in page


def test_the_demo_srb_has_the_rules_of_the_agreement(srb):
    rules = srb.obligations

    assert srb.kallelse_lead_days == 14
    assert (rules.signed_by, rules.justerare_count) == ("ordforande", 1)
    assert rules.extra_meeting_share == 3
    members = Member.objects.filter(federation=srb.federation, status="member")
    assert {b.member for b in rules.expedite_to.all()} == set(members)
    group = Body.objects.get(federation=srb.federation, short_name="SG Infra")
    assert (group.obligations.reports_to, group.obligations.reports_per_year) == (
        srb,
        2,
    )
