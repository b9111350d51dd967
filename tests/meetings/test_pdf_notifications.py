"""Which anmälningsärenden a body's kallelse lists: what is reported to that body."""

import datetime
import hashlib
import io

import pytest
from pypdf import PdfReader

from federation.models import Body
from meetings.models import ItemKind
from meetings.pdf import kallelse_sections
from meetings.selectors import notifications_for
from meetings.services import (
    add_free_item,
    create_meeting,
    publish_kallelse,
    store_kallelse_pdf,
)
from tests.cases.factories import (
    CaseFactory,
    DelegationDecisionFactory,
    DocumentFactory,
)
from tests.factories import BodyFactory

D = datetime.date
DAY = D(2024, 3, 1)


def _meeting(body, chef, day=DAY):
    return create_meeting(
        body,
        date=day,
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
        place="Lilla Navet",
        by=chef,
    )


def _published(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    return publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))


def _titles(listing) -> dict[str, list[str]]:
    return {s.key: [e.title for e in s.entries] for s in listing.sections}


@pytest.fixture
def beredning(federation):
    return BodyFactory(
        federation=federation,
        name="Beredning Välfärd och Kompetens",
        short_name="VoK",
        kind=Body.Kind.BEREDNING,
    )


@pytest.fixture
def diarium(federation, body, beredning):
    """A handling and a delegationsbeslut for each way an entry can belong."""
    vok_case = CaseFactory(federation=federation, title="Familjecentraler")
    vok_case.bodies.set([beredning])
    shared_case = CaseFactory(federation=federation, title="BRvux")
    shared_case.bodies.set([beredning, body])
    loose_case = CaseFactory(federation=federation, title="Avfallsplan")
    day = D(2024, 2, 1)
    DocumentFactory(federation=federation, title="Ansökan VoK", case=vok_case)
    DocumentFactory(federation=federation, title="Avtal BRvux", case=shared_case)
    DocumentFactory(federation=federation, title="Avtal avfall", case=loose_case)
    DocumentFactory(federation=federation, title="Protokoll VästKom", case=None)
    DelegationDecisionFactory(
        federation=federation, date=day, decision="Anställning VoK", case=vok_case
    )
    DelegationDecisionFactory(
        federation=federation, date=day, decision="Utlämnande av handling"
    )


def test_the_direktion_gets_the_diarium_but_not_another_bodys_own_handlingar(
    diarium, body, chef
):
    listing = notifications_for(_meeting(body, chef))

    assert _titles(listing) == {
        "incoming": ["Avtal BRvux", "Avtal avfall", "Protokoll VästKom"],
        "dispatched": [],
        # The delegated power is the direktion's own: every delegationsbeslut.
        "delegation": ["Anställning VoK", "Utlämnande av handling"],
    }


def test_a_beredning_gets_only_what_its_arenden_bring(diarium, beredning, chef):
    listing = notifications_for(_meeting(beredning, chef))

    assert _titles(listing) == {
        "incoming": ["Ansökan VoK", "Avtal BRvux"],
        "dispatched": [],
        "delegation": ["Anställning VoK"],
    }


def test_the_secretary_can_add_any_handling_to_a_beredning(
    diarium, federation, beredning, chef
):
    extra = DocumentFactory(federation=federation, title="Brev till beredningen")
    meeting = _meeting(beredning, chef)
    meeting.notification_extra_document_ids = [extra.pk]
    meeting.save()

    assert "Brev till beredningen" in _titles(notifications_for(meeting))["incoming"]


def test_the_period_starts_at_the_bodys_own_previous_meeting(
    federation, body, beredning, chef
):
    _meeting(body, chef, D(2024, 1, 20))  # the direktion's, not the beredning's
    _meeting(beredning, chef, D(2023, 12, 1))
    case = CaseFactory(federation=federation)
    case.bodies.set([beredning])
    DocumentFactory(federation=federation, title="Före", case=case, date=D(2024, 1, 5))

    listing = notifications_for(_meeting(beredning, chef))

    assert listing.since == D(2023, 12, 1)
    assert _titles(listing)["incoming"] == ["Före"]


def test_the_kallelse_leaves_the_list_out_without_its_agenda_item(diarium, body, chef):
    meeting = _meeting(body, chef)
    meeting.items.filter(kind=ItemKind.NOTIFICATIONS).delete()
    version = _published(meeting, chef)

    titles = [s.title for s in kallelse_sections(version)]

    assert str(ItemKind.NOTIFICATIONS.label) not in titles


def test_the_kallelse_lists_what_is_reported_to_its_body(diarium, beredning, chef):
    version = _published(_meeting(beredning, chef), chef)

    sections = kallelse_sections(version)

    assert sections[-1].title == str(ItemKind.NOTIFICATIONS.label)
    reader = PdfReader(io.BytesIO(sections[-1].pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ansökan VoK" in text
    assert "Protokoll VästKom" not in text


def test_two_meetings_of_a_body_on_one_day_keep_their_own_files(body, chef):
    first = _published(_meeting(body, chef), chef)
    second = _published(_meeting(body, chef), chef)
    first, second = store_kallelse_pdf(first), store_kallelse_pdf(second)

    assert first.file.name != second.file.name
    with first.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == first.sha256
