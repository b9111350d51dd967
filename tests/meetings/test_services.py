import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from federation.models import Assignment
from meetings.models import BodyMeetingSettings, ItemKind, KallelseVersion, Meeting
from meetings.selectors import kallade_for
from meetings.services import (
    add_case_item,
    add_free_item,
    create_meeting,
    has_unpublished_changes,
    lead_time_shortfall,
    move_item,
    publish_kallelse,
    remove_item,
)
from tests.cases.factories import CaseFactory
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory

D = datetime.date


def _kinds(meeting: Meeting) -> list[str]:
    return list(meeting.items.values_list("kind", flat=True))


def test_create_meeting_gives_the_standard_items_in_order(meeting):
    assert _kinds(meeting) == [
        "upprop",
        "dagordning",
        "justerare",
        "anmalan",
        "ovriga",
        "nasta",
    ]
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert meeting.items.first().title == "Upprop"


def test_create_meeting_follows_the_body_configuration(federation, chef):
    body = BodyFactory(federation=federation)
    BodyMeetingSettings.objects.create(
        body=body, standard_items=["upprop", "justerare", "ovriga"]
    )

    meeting = create_meeting(
        body, date=D(2024, 5, 1), starts_at=datetime.time(13), by=chef
    )

    assert _kinds(meeting) == ["upprop", "justerare", "ovriga"]


def test_create_meeting_refuses_an_end_before_the_start(body, chef):
    with pytest.raises(ValidationError) as error:
        create_meeting(
            body,
            date=D(2024, 5, 1),
            starts_at=datetime.time(13),
            ends_at=datetime.time(12),
            by=chef,
        )

    assert error.value.messages == ["Sammanträdet måste sluta efter att det börjar."]


def test_add_case_item_goes_before_the_closing_standard_items(
    meeting, federation, chef
):
    case = CaseFactory(federation=federation, title="Årsbokslut 2023")

    item = add_case_item(meeting, case=case, minutes=15, by=chef)

    assert item.position == 4
    assert item.title == "Årsbokslut 2023"
    assert _kinds(meeting) == [
        "upprop",
        "dagordning",
        "justerare",
        "beslut",
        "anmalan",
        "ovriga",
        "nasta",
    ]
    assert list(meeting.items.values_list("position", flat=True)) == list(range(1, 8))


def test_add_case_item_refuses_a_case_not_ready(meeting, federation, chef):
    case = CaseFactory(federation=federation, status=Case.Status.IN_PREPARATION)

    with pytest.raises(ValidationError) as error:
        add_case_item(meeting, case=case, by=chef)

    assert error.value.messages == [
        "Bara ett ärende som är redo för beslut kan läggas till."
    ]


def test_add_case_item_refuses_a_case_of_another_federation(
    meeting, other_federation, chef
):
    case = CaseFactory(federation=other_federation)

    with pytest.raises(ValidationError):
        add_case_item(meeting, case=case, by=chef)

    assert meeting.items.count() == 6


def test_move_item_up_and_down_swaps_neighbours(meeting, chef):
    first = add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)
    second = add_free_item(meeting, kind=ItemKind.DIALOGUE, title="B", by=chef)

    move_item(second, offset=-1, by=chef)

    titles = list(meeting.items.values_list("title", flat=True))
    assert titles[3:5] == ["B", "A"]
    move_item(first, offset=-1, by=chef)
    assert list(meeting.items.values_list("title", flat=True))[3:5] == ["A", "B"]


def test_a_save_on_a_stale_agenda_version_is_refused(meeting, chef):
    seen = Meeting.objects.get(pk=meeting.pk).agenda_version
    add_free_item(
        meeting, kind=ItemKind.INFORMATION, title="A", by=chef, agenda_version=seen
    )

    with pytest.raises(ValidationError) as error:
        add_free_item(
            meeting, kind=ItemKind.INFORMATION, title="B", by=chef, agenda_version=seen
        )

    assert error.value.code == "stale"
    assert list(
        meeting.items.filter(kind="information").values_list("title", flat=True)
    ) == ["A"]


def test_remove_item_renumbers(meeting, chef):
    item = add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)

    remove_item(item, by=chef)

    assert list(meeting.items.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


# --- Lead time ---


def test_lead_time_counts_calendar_days(meeting):
    assert lead_time_shortfall(meeting, D(2024, 2, 23)) == 0
    assert lead_time_shortfall(meeting, D(2024, 2, 24)) == 1
    assert lead_time_shortfall(meeting, D(2024, 2, 29)) == 6


def test_publish_on_time_needs_no_reason(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)

    version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 23))

    meeting.refresh_from_db()
    assert version.number == 1
    assert version.late_reason == ""
    assert meeting.status == Meeting.Status.KALLELSE_PUBLISHED
    assert [i["title"] for i in version.snapshot["items"]][3] == "A"


def test_publish_late_with_a_reason_records_it(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)

    version = publish_kallelse(
        meeting, by=chef, late_reason="Bokslutet blev klart sent", today=D(2024, 2, 26)
    )

    assert version.late_reason == "Bokslutet blev klart sent"
    assert version.history.first().history_change_reason == "publish_kallelse"


def test_publish_late_without_a_reason_is_refused(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)

    with pytest.raises(ValidationError) as error:
        publish_kallelse(meeting, by=chef, late_reason="  ", today=D(2024, 2, 26))

    assert error.value.code == "late"
    assert error.value.messages == [
        "Kallelsen är 3 dag(ar) sen för kallelsetiden 7 dagar. Ange varför den "
        "skickas sent."
    ]
    assert KallelseVersion.objects.count() == 0
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_publish_without_items_is_refused(meeting, chef):
    with pytest.raises(ValidationError) as error:
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 1))

    assert error.value.messages == ["Lägg till minst en punkt innan du publicerar."]


def test_a_change_after_publishing_makes_a_new_version(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)
    first = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    add_free_item(meeting, kind=ItemKind.REPORT, title="B", by=chef)
    assert has_unpublished_changes(meeting) is True

    second = publish_kallelse(
        meeting, by=chef, change_note="Ny punkt B", today=D(2024, 2, 28)
    )

    assert second.number == 2
    assert second.is_supplement is True
    first.refresh_from_db()
    assert [i["title"] for i in first.snapshot["items"]].count("B") == 0
    assert has_unpublished_changes(meeting) is False


def test_a_new_version_without_changes_is_refused(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="A", by=chef)
    publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))

    with pytest.raises(ValidationError) as error:
        publish_kallelse(meeting, by=chef, change_note="x", today=D(2024, 2, 28))

    assert error.value.messages == ["Inget har ändrats sedan förra versionen."]


# --- Kallade ---


def test_kallade_follow_the_composition_on_the_meeting_date(meeting, body, federation):
    chair = AssignmentFactory(
        body=body, role=Assignment.Role.ORDFORANDE, valid_from=D(2023, 1, 1)
    )
    ersattare = AssignmentFactory(
        body=body, role=Assignment.Role.ERSATTARE, ersattare_order=1
    )
    adjungerad = AssignmentFactory(body=body, role=Assignment.Role.ADJ_LEDAMOT)
    AssignmentFactory(
        body=body, valid_from=D(2023, 1, 1), valid_to=D(2024, 2, 29)
    )  # ended the day before: not kallad
    AssignmentFactory(body=body, valid_from=D(2024, 3, 2))  # starts the day after
    official = PersonFactory(federation=federation, title="Förbundsdirektör")
    meeting.invited.add(official)

    kallade = kallade_for(meeting)

    assert [s.pk for s in kallade.composition.beslutande] == [chair.pk]
    assert [s.pk for s in kallade.composition.ersattare] == [ersattare.pk]
    assert [s.pk for s in kallade.composition.adjungerade] == [adjungerad.pk]
    assert kallade.invited == [official]
    assert kallade.persons == [
        chair.person,
        ersattare.person,
        adjungerad.person,
        official,
    ]
