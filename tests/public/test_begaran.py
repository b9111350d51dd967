"""The public diarium and a begäran of allmän handling: registered with a dnr, the
registrator told, one address slowed down, and the same with Redis down."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cases.models import Case, Document
from cases.services import open_case
from public import throttle
from public.models import Begaran

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def diarium(federation, handlaggare):
    """A published diarium: an open letter from a kommun, one from a private
    person, a sekretess handling and one with personal data."""
    federation.publishes_diarium = True
    federation.save()
    case = open_case(federation, title="Avfallsplan 2027", handlaggare=None, by=None)

    def document(title, **fields):
        return Document.objects.create(
            federation=federation,
            case=case,
            title=title,
            kind=Document.Kind.SKRIVELSE,
            direction=Document.Direction.INCOMING,
            date=TODAY,
            **fields,
        )

    return {
        "open": document(
            "Yttrande om avfallsplanen",
            counterpart="Borås stad",
            counterpart_is_organisation=True,
        ),
        "private": document("Synpunkter på taxan", counterpart="Greta Exempelsson"),
        "secret": document(
            "Anbud Kvartz-9912 med priser",
            counterpart="Firma AB",
            counterpart_is_organisation=True,
            is_secret=True,
            osl_reference="31 kap. 16 § OSL",
        ),
        "personal": document("Klagomål från Nils Hemlig", contains_personal_data=True),
    }


def _ask(client, federation, document, **fields):
    data = {"name": "", "contact": "jag@example.se", "format": "email"} | fields
    return client.post(
        reverse("public:begaran", args=[federation.slug, document.pk]), data
    )


def test_the_public_diarium_masks_persons_and_shows_a_secret_handling_as_its_dnr(
    federation, diarium
):
    page = Client().get(reverse("public:diarium", args=[federation.slug]))
    text = page.content.decode()

    assert page.status_code == 200
    assert "Yttrande om avfallsplanen" in text
    assert "Borås stad" in text
    assert "Synpunkter på taxan" in text
    assert "Greta Exempelsson" not in text
    assert "Privatperson (namnet maskerat)" in text
    # The secret handling exists, with its dnr and date, and nothing else of it.
    assert "Handling omfattas av sekretess" in text
    assert "Kvartz" not in text
    assert "Firma AB" not in text
    assert "Nils Hemlig" not in text
    assert text.count(diarium["open"].case.diarienummer) >= 4


def test_a_search_of_the_public_diarium_never_matches_a_secret_word(
    federation, diarium
):
    url = reverse("public:diarium", args=[federation.slug])

    secret = Client().get(url, {"q": "Kvartz"}).content.decode()
    personal = Client().get(url, {"q": "Hemlig"}).content.decode()
    found = Client().get(url, {"q": "avfallsplanen"}).content.decode()

    assert "Inget hittades." in secret
    assert "Handling omfattas" not in secret
    assert "Inget hittades." in personal
    assert "Yttrande om avfallsplanen" in found


def test_a_diarium_the_federation_does_not_publish_is_no_page(federation, diarium):
    federation.publishes_diarium = False
    federation.save()
    client = Client()

    assert (
        client.get(reverse("public:diarium", args=[federation.slug])).status_code == 404
    )
    assert _ask(client, federation, diarium["open"]).status_code == 404
    assert not Begaran.objects.exists()


def test_a_begaran_is_registered_with_a_dnr_and_the_registrator_is_told(
    federation, diarium, handlaggare, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(
            Client(), federation, diarium["secret"], name="Eva Frågvis", format="paper"
        )

    begaran = Begaran.objects.get()
    case = begaran.document.case
    assert response.status_code == 302
    assert begaran.document.direction == Document.Direction.INCOMING
    assert begaran.document.kind == Document.Kind.BEGARAN
    assert begaran.document.contains_personal_data
    assert case.diarienummer.startswith("TF 2026-")
    receipt = Client().get(response["Location"]).content.decode()
    assert case.diarienummer in receipt
    assert "Frågvis" not in receipt
    (message,) = mail.outbox
    assert message.to == [handlaggare.email]
    assert case.diarienummer in message.subject
    assert "jag@example.se" in message.body
    assert "På papper med post" in message.body
    # In the public diarium the begäran is a row of its own, without the person.
    listing = Client().get(reverse("public:diarium", args=[federation.slug]))
    assert case.diarienummer in listing.content.decode()
    assert "Frågvis" not in listing.content.decode()


def test_a_begaran_without_a_way_to_answer_is_refused_and_changes_nothing(
    federation, diarium
):
    response = _ask(Client(), federation, diarium["open"], contact="  ")

    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not Begaran.objects.exists()
    assert Case.objects.count() == 1


def test_a_handling_of_another_federation_cannot_be_asked_for(
    federation, other_federation, diarium
):
    other_federation.publishes_diarium = True
    other_federation.save()

    response = _ask(Client(), other_federation, diarium["open"])

    assert response.status_code == 404
    assert not Begaran.objects.exists()


@pytest.fixture
def frozen_clock(monkeypatch):
    now = {"t": datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)}
    monkeypatch.setattr(throttle, "clock", lambda: now["t"])
    return now


def _twenty_from(federation, document, address):
    client = Client(REMOTE_ADDR=address)
    return [_ask(client, federation, document).status_code for _ in range(20)]


def test_twenty_requests_from_one_address_in_a_minute_are_slowed(
    federation, diarium, frozen_clock
):
    statuses = _twenty_from(federation, diarium["open"], "203.0.113.7")

    assert statuses.count(302) == throttle.FREE_REQUESTS
    assert statuses.count(429) == 20 - throttle.FREE_REQUESTS
    assert Begaran.objects.count() == throttle.FREE_REQUESTS
    # Another address is not held up; the first one may go on after its wait.
    assert (
        _ask(
            Client(REMOTE_ADDR="198.51.100.4"), federation, diarium["open"]
        ).status_code
        == 302
    )
    frozen_clock["t"] += throttle.wait_after(throttle.FREE_REQUESTS)
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert _ask(client, federation, diarium["open"]).status_code == 302


def test_the_throttle_holds_while_redis_is_down(
    federation, diarium, frozen_clock, settings
):
    """The counter is in the database: a lost cache neither opens the form to a
    flood nor shuts the public out (the choice is documented in public.throttle)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }

    statuses = _twenty_from(federation, diarium["open"], "203.0.113.9")

    assert statuses.count(302) == throttle.FREE_REQUESTS
    assert statuses.count(429) == 20 - throttle.FREE_REQUESTS
