"""Editing an agreement's own fields: in the browser, with history, without
overwriting a colleague, and never the terms a party has decided on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Agreement
from agreements.services import edit_version, update_agreement
from tests.agreements.factories import adopt

D = datetime.date


def _url(agreement: Agreement) -> str:
    return reverse(
        "agreements:agreement_edit", args=[agreement.federation.slug, agreement.pk]
    )


def _form(agreement: Agreement, **changes) -> dict:
    data = {
        "title": agreement.title,
        "short_name": agreement.short_name,
        "kind": agreement.kind,
        "description": agreement.description,
        "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else "",
        "valid_to": "",
        "notice_months": agreement.notice_months,
        "earliest_end": "",
        "ratify_by": "",
        "reminder_months": agreement.reminder_months,
        "opened_version": edit_version(agreement),
    }
    if agreement.ends_for_all_on_exit:
        data["ends_for_all_on_exit"] = "on"
    return {**data, **changes}


def test_the_administrator_edits_an_undecided_agreement(client, chef, srb):
    client.force_login(chef)

    response = client.post(
        _url(srb), _form(srb, title="Överenskommelse 2025", valid_to="2027-12-31")
    )

    assert response.status_code == 302
    srb.refresh_from_db()
    assert (srb.title, srb.valid_to) == ("Överenskommelse 2025", D(2027, 12, 31))
    last = srb.history.first()
    assert (last.history_user, last.history_change_reason) == (chef, "update_agreement")


def test_a_date_that_is_not_a_date_gets_a_message_and_changes_nothing(
    client, chef, srb
):
    client.force_login(chef)

    response = client.post(_url(srb), _form(srb, valid_to="31 december 2027"))

    assert response.status_code == 400
    assert "måste vara ett verkligt datum" in response.content.decode()
    srb.refresh_from_db()
    assert srb.valid_to is None


def test_the_second_of_two_editors_is_told_instead_of_overwriting(client, chef, srb):
    client.force_login(chef)
    opened = _form(srb)  # both open the form now
    client.post(_url(srb), {**opened, "title": "Först sparad"})

    response = client.post(_url(srb), {**opened, "title": "Sparad sedan"})

    assert response.status_code == 400
    assert "Någon annan har ändrat avtalet" in response.content.decode()
    srb.refresh_from_db()
    assert srb.title == "Först sparad"


def test_decided_terms_cannot_be_changed_but_the_rest_can(client, chef, srb):
    adopt(srb, 1)
    client.force_login(chef)
    page = client.get(_url(srb)).content.decode()
    assert "En part har fattat beslut om avtalet" in page

    response = client.post(
        _url(srb), _form(srb, title="Ny titel", description="Diarieförd 2025.")
    )

    assert response.status_code == 302
    srb.refresh_from_db()
    assert srb.title == "Överenskommelse om regional samverkan"  # disabled field
    assert srb.description == "Diarieförd 2025."


def test_the_service_refuses_decided_terms_whatever_calls_it(chef, srb):
    adopt(srb, 1)

    with pytest.raises(ValidationError, match="ny version"):
        update_agreement(
            srb, by=chef, opened_version=edit_version(srb), notice_months=6
        )

    srb.refresh_from_db()
    assert srb.notice_months == 12


def test_the_service_refuses_a_stale_version(chef, srb):
    opened = edit_version(srb)
    update_agreement(srb, by=chef, opened_version=opened, short_name="ÖRS")

    with pytest.raises(ValidationError) as refused:
        update_agreement(srb, by=chef, opened_version=opened, short_name="X")

    assert refused.value.code == "stale"
    srb.refresh_from_db()
    assert srb.short_name == "ÖRS"


def test_only_the_administrator_has_the_edit_link(client, chef, ledamot, srb):
    detail = reverse("agreements:agreement_detail", args=[srb.federation.slug, srb.pk])
    client.force_login(ledamot)
    assert _url(srb) not in client.get(detail).content.decode()
    assert client.get(_url(srb)).status_code == 403

    client.force_login(chef)

    assert _url(srb) in client.get(detail).content.decode()
