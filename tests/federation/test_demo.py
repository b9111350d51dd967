import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from federation.models import Assignment, Body, Federation, Member
from federation.services import check_composition, composition_on
from tests.second_factor import code_for, device_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_load_demo_twice_changes_nothing(demo):
    counts = (
        Federation.objects.count(),
        Member.objects.count(),
        Assignment.objects.count(),
    )

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (
        Federation.objects.count(),
        Member.objects.count(),
        Assignment.objects.count(),
    ) == counts


def test_demo_sjuharad_has_eight_members_and_varberg_adjungerad(demo):
    members = Member.objects.filter(federation__slug="sjuharad")

    assert members.filter(status="member").count() == 8
    assert list(members.filter(status="adjungerad").values_list("name", flat=True)) == [
        "Varbergs kommun"
    ]


def test_demo_direktion_on_2024_03_01_matches_the_kallelse(demo):
    direktion = Body.objects.get(federation__slug="sjuharad", short_name="Direktion")

    result = composition_on(direktion, datetime.date(2024, 3, 1))

    assert [a.role for a in result.beslutande[:3]] == ["ordforande", "vice_1", "vice_2"]
    assert len(result.beslutande) == 9
    assert len(result.ersattare) == 9
    assert len(result.adjungerade) == 5


def test_demo_srb_meets_its_rules(demo):
    srb = Body.objects.get(federation__slug="vastmanland", short_name="SRB")

    checks = check_composition(srb, datetime.date(2024, 3, 1))

    assert len(checks) == 5
    assert all(c.ok for c in checks), [c.message for c in checks]


def test_demo_users_log_in_with_demo_password(demo):
    for username in ["chef", "ekonom", "handlaggare", "ledamot", "ordforande", "admin"]:
        client = Client()
        client.post(reverse("login"), {"username": username, "password": "demo"})

        assert client.session.get("_auth_user_id"), username


def test_demo_chef_sees_direktion_page_with_all_groups(demo):
    client = Client()
    client.post(reverse("login"), {"username": "chef", "password": "demo"})
    client.post(reverse("second_factor"), {"code": code_for(device_of("chef"))})
    direktion = Body.objects.get(federation__slug="sjuharad", short_name="Direktion")

    response = client.get(
        reverse("federation:body", args=["sjuharad", direktion.pk]),
        {"datum": "2024-03-01"},
    )

    html = response.content.decode()
    for heading in [
        "Beslutande",
        "Ersättare",
        "Adjungerade",
        "Ordförande",
        "1:e vice ordförande",
        "2:e vice ordförande",
    ]:
        assert heading in html
