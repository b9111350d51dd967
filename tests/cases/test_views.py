import datetime

import pytest
from django.urls import reverse

from cases.models import Case, DelegationDecision, Document
from cases.selectors import case_history
from cases.services import open_case, update_case
from tests.factories import BodyFactory

from .factories import CaseFactory, DelegationDecisionFactory, DocumentFactory

SLUG = "testforbund"


def _url(name, *args):
    return reverse(f"cases:{name}", args=[SLUG, *args])


def _get_as(client, role_users, username, url):
    user = role_users[username]
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    "name", ["case_list", "diarium", "delegation_list", "notification_list"]
)
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("chef", 200),
        ("handlaggare", 200),
        ("ledamot", 200),
        ("ekonom", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_read_pages_by_role(client, role_users, name, username, status):
    response = _get_as(client, role_users, username, _url(name))

    assert response.status_code == status


@pytest.mark.parametrize(
    "name", ["case_create", "document_upload", "delegation_create"]
)
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("chef", 200),
        ("handlaggare", 200),
        ("ledamot", 403),
        ("ekonom", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_write_pages_by_role(client, role_users, name, username, status):
    response = _get_as(client, role_users, username, _url(name))

    assert response.status_code == status


def test_case_edit_is_403_to_a_ledamot(client, ledamot, federation):
    case = CaseFactory(federation=federation)
    client.force_login(ledamot)

    response = client.get(_url("case_edit", case.pk))

    assert response.status_code == 403


def test_case_of_another_federation_is_404(client, chef, other_federation):
    case = CaseFactory(federation=other_federation)
    client.force_login(chef)

    response = client.get(_url("case_detail", case.pk))

    assert response.status_code == 404


def test_chef_journey_case_tjansteskrivelse_bilaga_diarium_search(
    client, chef, federation, pdf_upload
):
    client.force_login(chef)

    created = client.post(
        _url("case_create"),
        {
            "title": "Samverkansavtal om naturbruksutbildning",
            "handlaggare": chef.pk,
            "status": Case.Status.OPENED,
            "opened_on": "2024-02-12",
        },
    )
    case = Case.objects.get()
    edited = client.post(
        _url("case_edit", case.pk),
        {
            "title": case.title,
            "handlaggare": chef.pk,
            "status": Case.Status.READY,
            "proposal": "Direktionen godkänner avtalet\nFörbundsdirektören tecknar det",
            "description": "Gymnasieskolorna erbjuder lantbruksprogram i samverkan.",
            "child_impact": "Fler elever får välja naturbruk nära hemmet.",
            "recipients_external": "Naturbruksgymnasiet",
        },
    )
    uploaded = client.post(
        _url("document_upload"),
        {
            "file": pdf_upload(name="avtal.pdf"),
            "title": "Avtalsförslag naturbruk",
            "kind": Document.Kind.BILAGA,
            "direction": Document.Direction.DRAWN_UP,
            "date": "2024-02-13",
            "case": case.pk,
        },
    )
    found = client.get(_url("diarium"), {"q": "lantbruksprogram"})

    assert case.diarienummer == "TF 2024-1"
    assert created.status_code == edited.status_code == uploaded.status_code == 302
    assert uploaded["Location"] == _url("case_detail", case.pk)
    assert [d.title for d in found.context["page"]] == ["Avtalsförslag naturbruk"]
    case.refresh_from_db()
    assert case.proposal_points == [
        "Direktionen godkänner avtalet",
        "Förbundsdirektören tecknar det",
    ]


def test_upload_of_a_non_pdf_shows_the_swedish_message(
    client, chef, pdf_upload, stored_files
):
    client.force_login(chef)

    response = client.post(
        _url("document_upload"),
        {
            "file": pdf_upload(b"just text", name="brev.pdf"),
            "title": "Brev",
            "kind": Document.Kind.SKRIVELSE,
            "direction": Document.Direction.INCOMING,
            "date": "2024-02-13",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Filen är inte en PDF."]
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_case_page_shows_history_with_who_and_what(client, chef, federation):
    client.force_login(chef)
    client.post(
        _url("case_create"), {"title": "Årsbokslut 2023", "status": Case.Status.OPENED}
    )
    case = Case.objects.get()
    client.post(
        _url("case_edit", case.pk),
        {"title": "Årsbokslut 2023", "status": Case.Status.READY},
    )

    response = client.get(_url("case_detail", case.pk))

    newest = response.context["history"][0]
    assert newest["who"] == chef
    assert newest["changes"] == [
        {"field": "status", "old": "Öppnat", "new": "Redo för beslut", "name": "status"}
    ]


def test_delegation_create_registers_it(client, chef, federation):
    client.force_login(chef)

    response = client.post(
        _url("delegation_create"),
        {
            "date": "2024-02-15",
            "decision": "Tilldelningsbeslut upphandlingskonsult e-arkiv",
            "delegate": "Förbundsdirektör",
        },
    )

    decision = DelegationDecision.objects.get()
    assert response.status_code == 302
    assert (decision.date, decision.delegate, decision.registered_by) == (
        datetime.date(2024, 2, 15),
        "Förbundsdirektör",
        chef,
    )


def test_case_pdf_is_an_inline_pdf(client, chef, federation):
    case = CaseFactory(federation=federation, proposal="Ett\nTvå")
    client.force_login(chef)

    response = client.get(_url("case_pdf", case.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("inline;")


def test_register_tjansteskrivelse_adds_a_drawn_up_handling(client, chef, federation):
    case = CaseFactory(federation=federation, title="Remissvar transportplan")
    client.force_login(chef)

    client.post(_url("case_register_tjansteskrivelse", case.pk))

    document = Document.objects.get()
    assert (document.case, document.kind, document.direction) == (
        case,
        "tjansteskrivelse",
        "drawn_up",
    )
    assert document.title == "Tjänsteskrivelse Remissvar transportplan"


@pytest.mark.parametrize("rows", [1, 3])
def test_case_list_query_count_is_constant(
    client, chef, federation, rows, django_assert_num_queries
):
    for _ in range(rows):
        CaseFactory(federation=federation, handlaggare=chef)
    client.force_login(chef)

    with django_assert_num_queries(7):
        response = client.get(_url("case_list"))

    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_diarium_query_count_is_constant(
    client, chef, federation, rows, django_assert_num_queries
):
    case = CaseFactory(federation=federation)
    for _ in range(rows):
        DocumentFactory(federation=federation, case=case)
    client.force_login(chef)

    with django_assert_num_queries(6):
        response = client.get(_url("diarium"))

    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_delegation_list_query_count_is_constant(
    client, chef, federation, rows, django_assert_num_queries
):
    case = CaseFactory(federation=federation)
    for _ in range(rows):
        DelegationDecisionFactory(federation=federation, case=case)
    client.force_login(chef)

    with django_assert_num_queries(6):
        response = client.get(_url("delegation_list"))

    assert len(response.context["page"]) == rows


def test_case_history_names_handlaggare_and_relations(federation, chef, handlaggare):
    case = open_case(federation, title="Kulturplan", handlaggare=chef, by=chef)
    body = BodyFactory(federation=federation)
    update_case(
        case, by=handlaggare, title="Kulturplan", handlaggare=handlaggare, bodies=[body]
    )

    history = case_history(case, chef)

    changed = [(c["field"], c["old"], c["new"]) for e in history for c in e["changes"]]
    assert sorted(changed) == [
        ("handläggare", chef.get_full_name(), handlaggare.get_full_name()),
        ("organ som behandlar ärendet", "", ""),
    ]


@pytest.mark.parametrize("edits", [1, 3])
def test_case_page_query_count_does_not_grow_with_history(
    client, chef, federation, edits, django_assert_num_queries
):
    case = open_case(federation, title="Årsbokslut", handlaggare=chef, by=chef)
    DocumentFactory(federation=federation, case=case)
    for index in range(edits):
        update_case(case, by=chef, title=f"Årsbokslut {index}", handlaggare=chef)
    client.force_login(chef)

    with django_assert_num_queries(19):
        response = client.get(_url("case_detail", case.pk))

    assert response.status_code == 200


def test_diarium_filters_by_diarienummer_typed_in(client, chef, federation):
    wanted = CaseFactory(federation=federation)
    other = CaseFactory(federation=federation)
    DocumentFactory(federation=federation, case=wanted, title="Rätt handling")
    DocumentFactory(federation=federation, case=other, title="Fel handling")
    client.force_login(chef)

    response = client.get(_url("diarium"), {"case": wanted.diarienummer.lower()})

    assert [d.title for d in response.context["page"]] == ["Rätt handling"]
