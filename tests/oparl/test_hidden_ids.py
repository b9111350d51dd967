"""OParl tells no id of an object the public may not see: every link resolves to a
public object for anonymous, and what was never public (the officials' group, its
meeting and uppdrag, an item never marked public, a sekretess handling, an official
present at a meeting) is a 404 under its own URL and is named nowhere, not even as
`deleted: true` in a client's sync. What was public once and is withdrawn or
deleted is still a stub (tests/oparl/test_oparl.py)."""

import datetime

import pgtrigger
import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from federation.models import Assignment, Body
from meetings.models import AgendaItem, KallelseVersion, Meeting
from minutes.models import Attendance
from tests.cases.factories import DocumentFactory
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory

from .crawl import ROOT, crawl

BODY = ROOT + "body/sjuharad/"
SYNCED = (
    *("organization", "person", "membership", "meeting", "agendaitem"),
    *("consultation", "paper", "file", "location", "servingmembership"),
)


@pytest.fixture
def hidden(demo) -> dict[str, str]:
    """Objects of the demo's förbund the public never saw, by their OParl URLs."""
    group = BodyFactory(
        federation=demo, name="Tjänstepersonsgruppen", kind=Body.Kind.OFFICIALS
    )
    official = AssignmentFactory(
        body=group, person=PersonFactory(federation=demo, party=None)
    )
    gone = AssignmentFactory(body=group, person=official.person)
    gone.delete()  # a deleted uppdrag of a body never public: no stub
    meeting = Meeting.objects.create(
        body=group,
        date=timezone.localdate() + datetime.timedelta(days=3),
        starts_at=datetime.time(9),
        place="Kansliet",
        status=Meeting.Status.KALLELSE_PUBLISHED,
    )
    KallelseVersion.objects.create(
        meeting=meeting,
        number=1,
        published_at=timezone.now(),
        published_by=User.objects.get(username="chef"),
    )
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    on_agenda = march.items.filter(case__isnull=False).order_by("position").first()
    assert on_agenda is not None
    never = AgendaItem.objects.create(
        meeting=march, position=99, title="Aldrig offentlig", is_public=False
    )
    secret = DocumentFactory(
        federation=demo,
        case=on_agenda.case,
        title="Sekretessbelagd bilaga",
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
        file=ContentFile(b"%PDF-1.4\n", name="hemlig.pdf"),
    )
    deleted_secret = DocumentFactory(
        federation=demo,
        case=on_agenda.case,
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
        file=ContentFile(b"%PDF-1.4\n", name="borta.pdf"),
    )
    deleted_pk = deleted_secret.pk
    deleted_secret.delete()
    with pgtrigger.ignore("minutes.Attendance:protect_justerat"):
        Attendance.objects.create(
            minutes=march.minutes,
            person=official.person,
            role=Attendance.Role.OTHER,
            position=99,
        )
    return {
        "body": f"{BODY}organization/{group.pk}/",
        "person": f"{BODY}person/{official.person_id}/",
        "membership": f"{BODY}membership/{official.pk}/",
        "deleted membership": f"{BODY}membership/{gone.pk}/",
        "meeting": f"{BODY}meeting/{meeting.pk}/",
        "location": f"{BODY}location/{meeting.pk}/",
        "item": f"{BODY}agendaitem/{never.pk}/",
        "consultation": f"{BODY}consultation/{never.pk}/",
        "file": f"{BODY}file/{secret.pk}/",
        "deleted file": f"{BODY}file/{deleted_pk}/",
    }


def test_every_link_resolves_to_a_public_object_and_no_hidden_id_is_told(hidden):
    anonymous = Client()

    answers = crawl(anonymous)  # every URL answered 200 (crawl.get)
    for name in SYNCED:
        answers[f"{name} synced"] = anonymous.get(
            f"{BODY}{name}/", {"modified_since": "2000-01-01T00:00:00+00:00"}
        ).json()
    text = "\n".join(str(data) for data in answers.values())

    # A link always leads to a live public object: the stubs are the sync's only.
    stubs = [u for u, data in answers.items() if data.get("deleted")]
    assert stubs == []
    assert {name for name, url in hidden.items() if url in text} == set()
    assert "Tjänstepersonsgruppen" not in text
    assert "Sekretessbelagd bilaga" not in text
    # The positive control: the crawl read the förbund's meetings and handlingar.
    assert len(answers) > 50
    assert f"{BODY}file/" in text


def test_a_hidden_objects_own_url_is_a_404_for_anyone(hidden, demo):
    from tests.security.conftest import role_clients  # noqa: PLC0415 leaf

    clients = role_clients()
    answers = {
        (role, name): clients[role].get(url).status_code
        for role in ("anonymous", "chef")
        for name, url in hidden.items()
    }

    assert {key for key, status in answers.items() if status != 404} == set()


def test_an_uppdrag_of_a_public_body_deleted_is_still_a_stub(demo):
    """The control: the once-public rule keeps OParl's soft delete."""
    assignment = (
        Assignment.objects.filter(body__federation=demo)
        .exclude(body__kind__in=(Body.Kind.OFFICIALS, Body.Kind.EXTERNAL))
        .filter(replaced_by__isnull=True)
        .last()
    )
    assert assignment is not None
    url = f"{BODY}membership/{assignment.pk}/"
    assignment.delete()

    stub = Client().get(url.removeprefix("http://testserver")).json()

    assert stub["deleted"] is True
