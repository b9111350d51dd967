"""The pages of the register, through the client as each role."""

import datetime
from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement, AgreementParty, Ratification
from tests.agreements.factories import (
    AgreementPartyFactory,
    adopt,
    agreement_with_parties,
)
from tests.factories import MemberFactory

D = datetime.date


def url(name, federation, *args):
    return reverse(f"agreements:{name}", args=[federation.slug, *args])


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: D(2025, 3, 1))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("chef", 200),
        ("handlaggare", 200),
        ("ekonom", 200),
        ("ledamot", 200),
        ("outsider", 404),
    ],
)
def test_register_and_page_are_read_by_every_role(
    client, role_users, srb, role, expected
):
    client.force_login(role_users[role])

    codes = [
        client.get(url("agreement_list", srb.federation)).status_code,
        client.get(url("agreement_detail", srb.federation, srb.pk)).status_code,
    ]

    assert codes == [expected, expected]


def test_anonymous_is_sent_to_login(client, srb):
    response = client.get(url("agreement_detail", srb.federation, srb.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")


@pytest.mark.parametrize("role", ["handlaggare", "ekonom", "ledamot"])
def test_readers_cannot_record_decisions(client, role_users, srb, role):
    client.force_login(role_users[role])
    party = srb.parties.first()
    target = url("ratification_record", srb.federation, srb.pk, party.pk)

    responses = [
        client.get(target),
        client.post(target, {"outcome": "adopted", "decided_on": "2024-01-01"}),
        client.get(url("agreement_create", srb.federation)),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert Ratification.objects.count() == 0


def test_chef_sees_the_agreement_become_in_force_with_the_last_adoption(
    client, chef, srb, frozen_today
):
    adopt(srb, 10)
    last = srb.parties.order_by("pk").last()
    client.force_login(chef)
    before = client.get(url("agreement_detail", srb.federation, srb.pk))
    assert before.context["info"].status == "ratifying"

    response = client.post(
        url("ratification_record", srb.federation, srb.pk, last.pk),
        {
            "outcome": "adopted",
            "decided_on": "2024-02-12",
            "deciding_body": "kommunfullmaktige",
            "paragraph": "§ 12",
            "protocol": "Kommunfullmäktige 2024-02-12",
        },
        follow=True,
    )

    assert response.redirect_chain == [
        (url("agreement_detail", srb.federation, srb.pk), 302)
    ]
    assert response.context["info"].status == "in_force"
    assert [str(m) for m in response.context["messages"]] == [
        "Beslutet har registrerats. Avtalet är nu: Gällande.",
        "Alla parter har antagit det: avtalet är gällande.",
    ]
    ratification = Ratification.objects.get(party=last)
    assert (ratification.recorded_by, ratification.paragraph) == (chef, "§ 12")


def test_a_start_date_that_is_not_a_date_is_refused(client, chef, federation):
    member = MemberFactory(federation=federation)
    client.force_login(chef)

    response = client.post(
        url("agreement_create", federation),
        {
            "title": "Överenskommelse",
            "kind": "overenskommelse",
            "valid_from": "1 xx 2023",
            "reminder_months": "6",
            "members": [member.pk],
            "member_deciding_body": "kommunfullmaktige",
            "external_deciding_body": "styrelse",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [
        "Gäller från måste vara ett verkligt datum skrivet ÅÅÅÅ-MM-DD, "
        "inte ”1 xx 2023”."
    ]
    assert Agreement.objects.count() == 0


def test_chef_creates_an_agreement_with_members_and_an_external_party(
    client, chef, federation
):
    kommun = MemberFactory(federation=federation, name="Arboga kommun")
    region = MemberFactory(
        federation=federation, name="Region Västmanland", kind="region", kommunkod="19"
    )
    client.force_login(chef)

    response = client.post(
        url("agreement_create", federation),
        {
            "title": "STARK",
            "kind": "samverkansavtal",
            "valid_from": "2025-10-01",
            "valid_to": "2028-09-30",
            "reminder_months": "6",
            "members": [kommun.pk, region.pk],
            "member_deciding_body": "kommunfullmaktige",
            "external_parties": "Mälardalens universitet\n",
            "external_deciding_body": "rektor",
        },
    )

    agreement = Agreement.objects.get()
    assert response["Location"] == url("agreement_detail", federation, agreement.pk)
    assert [
        (p.name, p.deciding_body) for p in agreement.parties.order_by("position")
    ] == [
        ("Arboga kommun", "kommunfullmaktige"),
        ("Region Västmanland", "regionfullmaktige"),
        ("Mälardalens universitet", "rektor"),
    ]


def _register(client, federation, **params):
    response = client.get(url("agreement_list", federation), params)
    return [row.agreement.title for row in response.context["rows"]]


def test_register_filters_by_status_party_and_expiry(
    client, chef, federation, frozen_today
):
    in_force = agreement_with_parties(federation, 2, title="A gällande")
    adopt(in_force)
    ending = agreement_with_parties(
        federation, 2, title="B upphör snart", valid_to=D(2025, 6, 30)
    )
    adopt(ending)
    draft = agreement_with_parties(federation, 2, title="C utkast")
    member = draft.parties.first().member
    client.force_login(chef)

    assert _register(client, federation) == [
        "A gällande",
        "B upphör snart",
        "C utkast",
    ]
    assert _register(client, federation, status="in_force") == [
        "A gällande",
        "B upphör snart",
    ]
    assert _register(client, federation, status="draft") == ["C utkast"]
    assert _register(client, federation, party=member.pk) == ["C utkast"]
    assert _register(client, federation, expiring_months=3) == []
    assert _register(client, federation, expiring_months=4) == ["B upphör snart"]


def _agreements_with_parties(federation, agreements: int, parties: int):
    for number in range(agreements):
        agreement = agreement_with_parties(federation, parties, title=f"Avtal {number}")
        adopt(agreement, parties - 1)
        AgreementPartyFactory(agreement=agreement, member=None, external_name="MDU")


@pytest.mark.parametrize("name", ["agreement_list", "agreement_export"])
def test_register_query_count_does_not_grow_with_rows(client, chef, federation, name):
    _agreements_with_parties(federation, 1, 1)
    client.force_login(chef)
    one_row = _count(client, url(name, federation))

    _agreements_with_parties(federation, 3, 11)
    many_rows = _count(client, url(name, federation))

    assert one_row == many_rows


def test_agreement_page_query_count_does_not_grow_with_parties(
    client, chef, federation
):
    small = agreement_with_parties(federation, 1)
    adopt(small)
    large = agreement_with_parties(federation, 11)
    adopt(large, 10)
    AgreementPartyFactory(agreement=large, member=None, external_name="MDU")
    client.force_login(chef)

    counts = [
        _count(client, url("agreement_detail", federation, a.pk))
        for a in (small, large)
    ]

    assert counts[0] == counts[1]


def test_member_page_query_count_does_not_grow(client, chef, federation):
    member = MemberFactory(federation=federation)
    first = agreement_with_parties(federation, 1)
    AgreementPartyFactory(agreement=first, member=member)
    client.force_login(chef)
    one = _count(client, url("member_agreements", federation, member.pk))
    for _ in range(3):
        agreement = agreement_with_parties(federation, 5)
        AgreementPartyFactory(agreement=agreement, member=member)

    many = _count(client, url("member_agreements", federation, member.pk))

    assert one == many


def _count(client, target):

    cache.clear()  # measured cold: the rendering path, not the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target)
    assert response.status_code == 200
    return len(queries)


def test_member_page_lists_the_decisions_it_owes(client, ledamot, federation):
    member = MemberFactory(federation=federation, name="Köpings kommun")
    owed = agreement_with_parties(federation, 2, title="Ska beslutas")
    AgreementPartyFactory(agreement=owed, member=member)
    decided = agreement_with_parties(federation, 1, title="Redan antaget")
    party = AgreementPartyFactory(agreement=decided, member=member)
    adopt(decided)
    client.force_login(ledamot)

    response = client.get(url("member_agreements", federation, member.pk))

    assert [row.agreement.title for row in response.context["rows"]] == [
        "Redan antaget",
        "Ska beslutas",
    ]
    assert [row.agreement.title for row in response.context["owed"]] == ["Ska beslutas"]
    assert AgreementParty.objects.filter(pk=party.pk).exists()


def test_excel_export_has_one_row_per_agreement(client, ekonom, federation):
    agreement = agreement_with_parties(
        federation,
        2,
        title="STARK",
        valid_from=D(2025, 10, 1),
        valid_to=D(2028, 9, 30),
    )
    adopt(agreement, 1)
    client.force_login(ekonom)

    response = client.get(url("agreement_export", federation))

    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert response["Content-Disposition"] == (
        'attachment; filename="avtalsregister-testforbund.xlsx"'
    )
    assert rows[0][:4] == ["Titel", "Typ", "Status", "Parter"]
    assert rows[1][0] == "STARK"
    assert rows[1][2] == "Under antagande"
    assert rows[1][4] == 1
    assert rows[1][5].date() == D(2025, 10, 1)
    assert rows[1][6].date() == D(2028, 9, 30)
    assert len(rows) == 2


def test_agreement_page_shows_the_costs_section_of_finance(client, ekonom, srb):
    client.force_login(ekonom)

    response = client.get(url("agreement_detail", srb.federation, srb.pk))

    assert response.context["show_costs"] is True
    assert f'id="agreement-costs-{srb.pk}"' in response.content.decode()


def test_chef_records_a_notice_and_sees_the_end_date(client, chef, srb, frozen_today):
    adopt(srb)
    party = srb.parties.order_by("pk").first()
    client.force_login(chef)

    response = client.post(
        url("notice_give", srb.federation, srb.pk),
        {"party": party.pk, "kind": "notice", "given_on": "2025-02-15"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Uppsägningen har registrerats; avtalet upphör 2026-02-15."
    ]
    info = response.context["info"]
    assert (info.status, info.ends_on) == ("notice_given", D(2026, 2, 15))


@pytest.mark.parametrize("name", ["agreement_export", "agreement_import"])
def test_outsider_gets_404_and_anonymous_the_login(client, outsider, federation, name):
    anonymous = client.get(url(name, federation))
    client.force_login(outsider)

    response = client.get(url(name, federation))

    assert (anonymous.status_code, response.status_code) == (302, 404)


def test_member_page_of_another_federation_is_404(
    client, chef, federation, other_federation
):
    foreign = MemberFactory(federation=other_federation)
    client.force_login(chef)

    response = client.get(url("member_agreements", federation, foreign.pk))

    assert response.status_code == 404
