"""A kallelse whose PDF failed is made again when the secretary asks (issue 15.1):
a failure is mostly not transient, so nothing retries it by itself."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import ItemKind
from meetings.services import add_free_item, publish_kallelse


@pytest.fixture
def failed(meeting, chef, monkeypatch, django_capture_on_commit_callbacks):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)

    def broken(version):
        raise RuntimeError("WeasyPrint failed")

    with monkeypatch.context() as patch:
        patch.setattr("meetings.services.kallelse.build_kallelse_pdf", broken)
        with django_capture_on_commit_callbacks(execute=True):
            version = publish_kallelse(
                meeting, by=chef, today=datetime.date(2024, 2, 20)
            )
    version.refresh_from_db()
    assert version.build_status == "failed"
    return version


def _urls(meeting, number):
    slug = meeting.body.federation.slug
    return (
        reverse("meetings:agenda", args=[slug, meeting.pk]),
        reverse("meetings:retry_kallelse", args=[slug, meeting.pk, number]),
    )


def test_the_secretary_makes_a_failed_kallelse_again(
    client, chef, meeting, failed, django_capture_on_commit_callbacks
):
    agenda, retry = _urls(meeting, failed.number)
    client.force_login(chef)
    page = client.get(agenda).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)

    failed.refresh_from_db()
    assert "Ta fram version 1 igen" in page
    assert response.status_code == 302
    assert failed.build_status == "done"
    assert failed.has_file
    assert failed.build_attempts == 2


@pytest.mark.parametrize("who", ["ledamot", "handlaggare", "outsider"])
def test_only_the_secretariat_may_ask(client, role_users, meeting, failed, who):
    _agenda, retry = _urls(meeting, failed.number)
    client.force_login(role_users[who])

    response = client.post(retry)

    failed.refresh_from_db()
    assert response.status_code in (403, 404)
    assert failed.build_status == "failed"


def test_a_stored_kallelse_is_not_made_again(
    client, chef, meeting, failed, django_capture_on_commit_callbacks
):
    _agenda, retry = _urls(meeting, failed.number)
    client.force_login(chef)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)
    failed.refresh_from_db()
    stored = (failed.sha256, failed.build_attempts)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)

    failed.refresh_from_db()
    assert (failed.sha256, failed.build_attempts) == stored
