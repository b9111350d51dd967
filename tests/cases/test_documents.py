import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.services import update_document

from .factories import DocumentFactory


def test_update_document_marks_it_secret_with_history(federation, chef):
    document = DocumentFactory(federation=federation, title="Klagomål")

    update_document(document, by=chef, is_secret=True, osl_reference="26 kap. 1 § OSL")

    document.refresh_from_db()
    latest = document.history.first()
    assert (document.is_secret, document.osl_reference) == (True, "26 kap. 1 § OSL")
    assert (latest.history_user, latest.history_change_reason) == (
        chef,
        "update_document",
    )


def test_update_document_refuses_secret_without_osl(federation, chef):
    document = DocumentFactory(federation=federation)

    with pytest.raises(ValidationError) as caught:
        update_document(document, by=chef, is_secret=True)

    document.refresh_from_db()
    assert caught.value.messages == [
        "Ange OSL-hänvisningen (sekretessgrunden) för en handling med sekretess."
    ]
    assert document.is_secret is False


@pytest.mark.parametrize(
    ("username", "status"),
    [("chef", 200), ("handlaggare", 200), ("ledamot", 403), ("outsider", 404)],
)
def test_document_edit_page_by_role(client, role_users, federation, username, status):
    document = DocumentFactory(federation=federation)
    client.force_login(role_users[username])

    response = client.get(
        reverse("cases:document_edit", args=["testforbund", document.pk])
    )

    assert response.status_code == status


def test_document_edit_post_saves(client, chef, federation):
    document = DocumentFactory(federation=federation, title="Gammal")
    client.force_login(chef)

    response = client.post(
        reverse("cases:document_edit", args=["testforbund", document.pk]),
        {
            "title": "Ny rubrik",
            "kind": "skrivelse",
            "direction": "incoming",
            "date": "2024-02-01",
            "counterpart": "Borås Stad",
        },
    )

    document.refresh_from_db()
    assert response.status_code == 302
    assert document.title == "Ny rubrik"
