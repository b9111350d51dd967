"""Förhinder through the pages (issue 19.1): Mina sammanträden, the ersättare's
answer link (GET asks, POST answers), the secretary's chain and override."""

import re

import pytest
from django.urls import reverse

from meetings.models import DistanceRequest, Forhinder, Inkallelse
from meetings.services import configure_forhinder
from meetings.services.forhinder import report_forhinder
from meetings.services.inkallelse_mail import signed_token

from .forhinder_setup import build


@pytest.fixture
def s(federation, ledamot):
    return build(federation, ledamot)


def _url(name, *args):
    return reverse(f"meetings:{name}", args=["testforbund", *args])


def _reported(s, capture) -> Forhinder:
    with capture(execute=True):
        return report_forhinder(s.meeting, s.lisa, by=None)


def test_the_ledamot_reports_forhinder_from_mina_sammantraden(
    client, ledamot, s, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(ledamot)
    page = client.get(_url("my_meetings")).content.decode()
    assert "Jag kan inte komma (förhinder)" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("forhinder_report", s.meeting.pk),
            {"comment": "Tandläkare", "next": _url("my_meetings")},
            follow=True,
        )

    forhinder = Forhinder.objects.get(meeting=s.meeting, person=s.lisa)
    assert response.redirect_chain == [(_url("my_meetings"), 302)]
    assert forhinder.comment == "Tandläkare"
    assert "Ta tillbaka förhindret" in response.content.decode()
    assert "Ditt förhinder är anmält." in response.content.decode()
    assert [m.to for m in mailoutbox] == [["per@example.se"]]


def test_the_ledamot_withdraws_and_asks_for_distance(client, ledamot, s, chef):
    configure_forhinder(
        s.body,
        ersattare_steps=["personal"],
        answer_hours=24,
        allows_distance=True,
        party_groups=[],
        by=chef,
    )
    client.force_login(ledamot)
    client.post(_url("forhinder_report", s.meeting.pk))
    client.post(_url("forhinder_withdraw", s.meeting.pk))

    page = client.post(
        _url("distance_request", s.meeting.pk),
        {"next": _url("my_meetings")},
        follow=True,
    )

    assert Forhinder.objects.get(person=s.lisa).status == "withdrawn"
    assert DistanceRequest.objects.get(person=s.lisa).is_active
    assert "Jag deltar på plats" in page.content.decode()


def test_an_offsite_next_is_not_followed(client, ledamot, s):
    client.force_login(ledamot)

    response = client.post(
        _url("forhinder_report", s.meeting.pk), {"next": "https://evil.example/"}
    )

    assert response.url == _url("meeting_detail", s.meeting.pk)


def test_a_user_without_a_seat_changes_nothing(client, handlaggare, s):
    client.force_login(handlaggare)  # staff: sees the meeting, has no person

    response = client.post(_url("forhinder_report", s.meeting.pk))

    assert response.status_code == 404
    assert not Forhinder.objects.exists()


def test_another_forbunds_user_cannot_report(client, outsider, s):
    client.force_login(outsider)

    response = client.post(_url("forhinder_report", s.meeting.pk))

    assert response.status_code == 404
    assert not Forhinder.objects.exists()


def test_the_link_asks_on_get_and_answers_on_post(
    client, s, django_capture_on_commit_callbacks, mailoutbox
):
    forhinder = _reported(s, django_capture_on_commit_callbacks)
    path = re.search(r"/testforbund/inkallelse/\S+/kan-inte/", mailoutbox[0].body)
    assert path is not None

    shown = client.get(path.group(0))
    shown_again = client.get(path.group(0))  # a mail scanner: nothing happens
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(path.group(0), {"answer": "kan-inte"})
    reused = client.post(path.group(0), {"answer": "kommer"})

    assert "bekräfta att du inte kan komma" in shown.content.decode()
    assert shown_again.status_code == 200
    assert "Vi frågar nästa ersättare." in answered.content.decode()
    assert "Du har redan svarat." in reused.content.decode()
    assert [i.status for i in forhinder.inkallelser.order_by("position")] == [
        "declined",
        "asked",
    ]


def test_a_taken_seat_is_told_kindly(client, s, django_capture_on_commit_callbacks):
    forhinder = _reported(s, django_capture_on_commit_callbacks)
    per = forhinder.inkallelser.get()
    forhinder.status = Forhinder.Status.FILLED
    forhinder.save()
    url = _url("inkallelse_answer", signed_token(per), "kommer")

    response = client.post(url, {"answer": "kommer"})

    assert "En annan ersättare har redan tagit platsen" in response.content.decode()


@pytest.mark.parametrize(
    "token", ["nonsense", "eyJpIjoxfQ:1:abc", "x" * 300], ids=["word", "forged", "long"]
)
def test_a_bad_link_is_404_and_changes_nothing(
    client, s, django_capture_on_commit_callbacks, token
):
    _reported(s, django_capture_on_commit_callbacks)

    response = client.post(_url("inkallelse_answer", token, "kommer"))

    assert response.status_code == 404
    assert Inkallelse.objects.get().status == "asked"


def test_a_link_under_another_forbund_is_404(
    client, s, other_federation, django_capture_on_commit_callbacks
):
    asked = _reported(s, django_capture_on_commit_callbacks).inkallelser.get()
    url = reverse(
        "meetings:inkallelse_answer", args=["annat", signed_token(asked), "kommer"]
    )

    assert client.post(url, {"answer": "kommer"}).status_code == 404
    assert Inkallelse.objects.get().status == "asked"


def test_the_secretary_sees_the_chain_and_a_ledamot_does_not(
    client, chef, ledamot, s, django_capture_on_commit_callbacks
):
    _reported(s, django_capture_on_commit_callbacks)
    client.force_login(chef)
    page = client.get(_url("meeting_detail", s.meeting.pk)).content.decode()
    client.force_login(ledamot)
    own = client.get(_url("meeting_detail", s.meeting.pk)).content.decode()

    assert "Förhinder och ersättare" in page
    assert "Per Personlig (M): <strong>Tillfrågad, inget svar än</strong>" in page
    assert "Förhinder och ersättare" not in own


def test_the_secretary_overrides(
    client, chef, ledamot, s, django_capture_on_commit_callbacks
):
    forhinder = _reported(s, django_capture_on_commit_callbacks)
    client.force_login(ledamot)
    refused = client.post(
        _url("inkallelse_fill", s.meeting.pk, forhinder.pk), {"person": s.gun.pk}
    )
    client.force_login(chef)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("inkallelse_ask", s.meeting.pk, forhinder.pk), {"person": s.bo.pk}
        )
        client.post(
            _url("inkallelse_fill", s.meeting.pk, forhinder.pk), {"person": s.gun.pk}
        )
    chain = client.get(_url("forhinder_chain", s.meeting.pk)).content.decode()

    forhinder.refresh_from_db()
    assert refused.status_code == 403
    assert (forhinder.status, forhinder.filled_by) == ("filled", s.gun)
    assert "Gun Andra (KD): <strong>Kommer</strong>" in chain
    assert "Bo Först (KD): <strong>Behövs inte längre</strong>" in chain


def test_the_body_settings_page_saves_the_order(client, chef, s):
    client.force_login(chef)

    client.post(
        _url("forhinder_settings", s.body.pk),
        {
            "step_1": "same_party",
            "step_2": "body_order",
            "answer_hours": "6",
            "party_groups": "S, KD\nM, L",
            "allows_distance": "on",
        },
    )
    refused = client.post(
        _url("forhinder_settings", s.body.pk),
        {"step_1": "body_order", "step_2": "body_order", "answer_hours": "6"},
    )

    settings = s.body.meeting_settings
    settings.refresh_from_db()
    assert settings.ersattare_steps == ["same_party", "body_order"]
    assert settings.party_groups == [["S", "KD"], ["M", "L"]]
    assert (settings.answer_hours, settings.allows_distance) == (6, True)
    assert "Välj varje steg en gång." in refused.content.decode()
