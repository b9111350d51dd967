"""A published kallelse prints on every rebuild what it was published with: the
logo, the kallade, the signatures and "Nästa sammanträde" (meetings.kallelse_print)."""

import datetime

from federation.models import Assignment
from federation.officials import Official
from federation.services_officials import add_official, remove_logo, set_logo
from meetings.kallelse_print import PRINT_KEY
from meetings.models import ItemKind
from meetings.pdf import build_kallelse_pdf, cover_context
from meetings.services import add_free_item, create_meeting, publish_kallelse
from tests.factories import AssignmentFactory, PersonFactory
from tests.meetings.test_pdf import _image_colours, _logo, _page_texts

D = datetime.date


def _cover(data: bytes) -> str:
    return "\n".join(_page_texts(data)[:2])


def test_a_rebuild_prints_what_was_published_not_todays_registers(
    meeting, chef, federation, ledamot_person
):
    red = (200, 0, 0)
    set_logo(federation, _logo(red), by=chef)
    chair = PersonFactory(federation=federation, first_name="Ulla", last_name="Berg")
    AssignmentFactory(
        body=meeting.body,
        person=chair,
        role=Assignment.Role.ORDFORANDE,
        valid_from=D(2023, 1, 1),
    )
    add_official(
        federation,
        role=Official.Role.FORBUNDSDIREKTOR,
        title="Förbundsdirektör",
        name="Mattias Hallgren",
        valid_from=D(2019, 1, 1),
        by=None,
    )
    create_meeting(
        meeting.body, date=D(2024, 4, 26), starts_at=datetime.time(9), by=chef
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    first = build_kallelse_pdf(version)
    published = _cover(first)
    assert "Mattias Hallgren" in published
    assert "Nästa sammanträde 2024-04-26 kl. 9.00" in published
    assert "Ulla Berg" in published

    # After publishing: a new director, an earlier next meeting, another chair,
    # a new member, no logo.
    add_official(
        federation,
        role=Official.Role.FORBUNDSDIREKTOR,
        title="Tillförordnad förbundsdirektör",
        name="Karin Ny",
        valid_from=D(2024, 1, 1),
        by=None,
    )
    create_meeting(
        meeting.body, date=D(2024, 3, 15), starts_at=datetime.time(13), by=chef
    )
    Assignment.objects.filter(person=chair).update(valid_to=D(2023, 12, 31))
    AssignmentFactory(
        body=meeting.body,
        person=PersonFactory(
            federation=federation, first_name="Ny", last_name="Ledamot"
        ),
        valid_from=D(2024, 1, 1),
    )
    remove_logo(federation, by=chef)
    version.refresh_from_db()
    meeting.refresh_from_db()

    again = build_kallelse_pdf(version)

    assert _cover(again) == published
    assert _image_colours(again) == {red}
    assert "Karin Ny" not in _cover(again)


def test_a_version_published_before_the_cover_was_frozen_reads_todays(
    meeting, chef, federation, ledamot_person
):
    add_official(
        federation,
        role=Official.Role.FORBUNDSDIREKTOR,
        title="Förbundsdirektör",
        name="Mattias Hallgren",
        valid_from=D(2019, 1, 1),
        by=None,
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    # As published this morning: no cover values, items without note or publicity.
    snapshot = {k: v for k, v in version.snapshot.items() if k != PRINT_KEY}
    for item in snapshot["items"]:
        item.pop("note")
        item.pop("is_public")
    version.snapshot = snapshot

    context = cover_context(meeting, version)

    assert context["director"] == {
        "name": "Mattias Hallgren",
        "title": "Förbundsdirektör",
    }
    assert all(row["note"] == "" for row in context["rows"])
    assert "Mattias Hallgren" in _cover(build_kallelse_pdf(version))
