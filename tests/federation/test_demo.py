import datetime
import shutil

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from federation import demo as federation_demo
from federation.demo import UnknownKey, lookup, lookup_or_none
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


def test_lookup_names_the_file_and_the_unknown_key():
    with pytest.raises(
        UnknownKey, match=r"demo_people.csv \(x\) names the member '9999'"
    ):
        lookup({"1443": "Bollebygd"}, "9999", "member", "demo_people.csv (x)")

    assert lookup({"1443": "Bollebygd"}, "1443", "member", "here") == "Bollebygd"
    assert lookup_or_none({}, "", "member", "here") is None


def _tables_with(tmp_path, monkeypatch, filename, old, new):
    """The demo's tables in tmp_path, one cell of `filename` changed."""
    for table in federation_demo.HERE.glob("demo_*.csv"):
        shutil.copy(table, tmp_path / table.name)
    text = (tmp_path / filename).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / filename).write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(federation_demo, "HERE", tmp_path)


def test_an_assignment_of_an_unknown_person_fails_the_load(db, tmp_path, monkeypatch):
    _tables_with(
        tmp_path,
        monkeypatch,
        "demo_assignments.csv",
        "rolf_rask,Direktion",
        "rolf_rasck,Direktion",
    )

    with pytest.raises(UnknownKey, match="names the person 'rolf_rasck'"):
        federation_demo.load({})


def test_a_seat_in_a_body_of_another_forbund_fails_the_load(db, tmp_path, monkeypatch):
    _tables_with(
        tmp_path, monkeypatch, "demo_assignments.csv", "anna_alm,SRB", "anna_alm,VoK"
    )

    with pytest.raises(UnknownKey, match=r"\(anna_alm, VoK\) names the body 'VoK'"):
        federation_demo.load({})


def test_a_person_of_an_unknown_party_fails_the_load(db, tmp_path, monkeypatch):
    _tables_with(
        tmp_path, monkeypatch, "demo_people.csv", "Rolf,Rask,S,", "Rolf,Rask,SS,"
    )

    with pytest.raises(UnknownKey, match=r"demo_people.csv \(rolf_rask\) names"):
        federation_demo.load({})
