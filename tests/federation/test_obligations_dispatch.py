"""A justerat protokoll of a body whose rules name recipients is expedierat to each
on justering and registered as expedierade handlingar (issue 22.2)."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Document
from federation.models import Assignment, Member
from federation.models_obligations import BodyRules, ProtokollDispatch
from federation.obligations_dispatch import dispatch_protokoll
from tests.factories import AssignmentFactory, BodyFactory, MemberFactory, PersonFactory
from tests.minutes.conftest import body, meeting, minutes, people  # noqa: F401
from tests.minutes.test_views import _justerat

pytestmark = pytest.mark.django_db
KOMMUNER = ["Arboga kommun", "Köpings kommun", "Västerås stad"]


@pytest.fixture
def recipients(body):  # noqa: F811
    federation = body.federation
    found = []
    for name in KOMMUNER:
        member = MemberFactory(federation=federation, name=name)
        found.append(
            BodyFactory(
                federation=federation,
                name=f"Kommunstyrelsen i {name}",
                kind="extern",
                member=member,
            )
        )
    region = MemberFactory(
        federation=federation, name="Region Västmanland", kind=Member.Kind.REGION
    )
    rs = BodyFactory(
        federation=federation, name="Regionstyrelsen", kind="extern", member=region
    )
    person = PersonFactory(federation=federation, email="rs.ordf@example.se")
    AssignmentFactory(
        body=rs, person=person, role=Assignment.Role.ORDFORANDE, valid_to=None
    )
    found.append(rs)
    rules = BodyRules.objects.create(body=body, min_meetings_per_year=6)
    rules.expedite_to.set(found)
    return found


def test_a_justerat_protokoll_goes_to_every_kommunstyrelse_and_the_regionstyrelse(
    minutes,  # noqa: F811
    people,  # noqa: F811
    chef,
    recipients,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        justerat = _justerat(minutes, people, chef)

    dispatched = Document.objects.filter(direction=Document.Direction.DISPATCHED)
    assert sorted(dispatched.values_list("counterpart", flat=True)) == sorted(
        r.name for r in recipients
    )
    assert set(dispatched.values_list("kind", flat=True)) == {Document.Kind.PROTOKOLL}
    assert all(d.title.startswith("Protokoll Dir ") for d in dispatched)
    dispatches = ProtokollDispatch.objects.filter(minutes=justerat)
    assert {d.recipient for d in dispatches} == set(recipients)
    # The regionstyrelse's seated ordförande gets it by e-mail, with the PDF.
    sent = [m for m in mail.outbox if m.bcc == ["rs.ordf@example.se"]]
    assert len(sent) == 1
    assert sent[0].attachments[0][2] == "application/pdf"


def test_a_second_run_sends_nothing_again(
    minutes,  # noqa: F811
    people,  # noqa: F811
    chef,
    recipients,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        justerat = _justerat(minutes, people, chef)

    assert dispatch_protokoll(justerat, by=chef) == []
    assert ProtokollDispatch.objects.count() == len(recipients)


def test_the_expedierade_handlingar_are_listed_in_the_diarium(
    client,
    minutes,  # noqa: F811
    people,  # noqa: F811
    chef,
    recipients,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _justerat(minutes, people, chef)
    client.force_login(chef)

    slug = minutes.meeting.body.federation.slug
    diarium = client.get(reverse("cases:diarium", args=[slug])).content.decode()
    body_page = client.get(minutes.meeting.body.get_absolute_url()).content.decode()

    assert "Expedierade protokoll" in body_page
    for recipient in recipients:
        assert recipient.name in diarium
        assert recipient.name in body_page


def test_a_body_without_recipients_is_not_expedierat(
    minutes,  # noqa: F811
    people,  # noqa: F811
    chef,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _justerat(minutes, people, chef)

    assert not Document.objects.filter(direction=Document.Direction.DISPATCHED).exists()
