"""What a kompletterande kallelse changes, computed from the versions' snapshots:
items added, removed, moved, retitled; bilagor added, replaced."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document
from cases.services import register_document, update_document
from meetings.models import ItemKind
from meetings.services import (
    add_case_item,
    add_free_item,
    has_unpublished_changes,
    kallelse_changes,
    move_item,
    publish_kallelse,
    remove_item,
    same_agenda,
    snapshot_changes,
    update_item,
)
from meetings.services.changes import (
    ADDED,
    BILAGA_ADDED,
    BILAGA_REPLACED,
    DETAILS,
    MOVED,
    PLACE,
    REMOVED,
    RETITLED,
)

from .conftest import make_pdf

D = datetime.date


def _publish(meeting, chef, note="Ändrat"):
    meeting.refresh_from_db()
    return publish_kallelse(meeting, by=chef, change_note=note, today=D(2024, 2, 20))


def _bilaga(federation, chef, case, title):
    return register_document(
        federation,
        uploaded_file=SimpleUploadedFile(
            f"{title}.pdf", make_pdf(1), content_type="application/pdf"
        ),
        title=title,
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.DRAWN_UP,
        date=D(2024, 2, 16),
        case=case,
        by=chef,
    )


@pytest.fixture
def first(meeting, chef, django_capture_on_commit_callbacks):
    """Version 1: the standard items and two information items (Läget, Budget)."""
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Budget", by=chef)
    with django_capture_on_commit_callbacks():
        return _publish(meeting, chef)


def _kinds(changes):
    return [change.kind for change in changes]


def _second(meeting, chef, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        return _publish(meeting, chef)


def test_the_first_version_changes_nothing(first):
    assert kallelse_changes(first) == []


def test_an_added_item_is_told_with_its_number_and_title(
    first, meeting, chef, django_capture_on_commit_callbacks
):
    add_free_item(meeting, kind=ItemKind.DIALOGUE, title="VGR:s besök", by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [ADDED]
    # The new item goes before Anmälningsärenden: after Läget (4) and Budget (5).
    assert "6" in changes[0].text
    assert "VGR:s besök" in changes[0].text
    # Nothing else is told as moved, though the closing items got new numbers.


def test_a_removed_item_is_told_with_its_earlier_number(
    first, meeting, chef, django_capture_on_commit_callbacks
):
    remove_item(meeting.items.get(title="Läget"), by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [REMOVED]
    assert "4" in changes[0].text
    assert "Läget" in changes[0].text


def test_a_moved_item_is_the_only_one_told(
    first, meeting, chef, django_capture_on_commit_callbacks
):
    move_item(meeting.items.get(title="Budget"), offset=-1, by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [MOVED]
    assert "Budget" in changes[0].text
    assert "5" in changes[0].text
    assert "4" in changes[0].text


def test_an_item_moved_far_is_one_move(
    first, meeting, chef, django_capture_on_commit_callbacks
):
    budget = meeting.items.get(title="Budget")
    for _ in range(3):
        move_item(budget, offset=-1, by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [MOVED]
    assert "Budget" in changes[0].text


def test_a_retitled_item_tells_both_titles(
    first, meeting, chef, django_capture_on_commit_callbacks
):
    update_item(meeting.items.get(title="Budget"), title="Budget 2025", by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [RETITLED]
    assert "Budget 2025" in changes[0].text
    assert "”Budget”" in changes[0].text


def test_a_changed_note_or_minutes_is_told_as_details(
    first, meeting, chef, django_capture_on_commit_callbacks
):
    update_item(meeting.items.get(title="Budget"), note="VGR deltar", by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [DETAILS]
    assert "anteckning" in changes[0].text


@pytest.fixture
def with_case(meeting, chef, federation, case_with_bilaga):
    add_case_item(meeting, case=case_with_bilaga, by=chef)
    return case_with_bilaga


def test_a_bilaga_added_to_an_item(
    with_case, meeting, chef, federation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _publish(meeting, chef)
    _bilaga(federation, chef, with_case, "Revisionsberättelse")

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [BILAGA_ADDED]
    assert "Revisionsberättelse" in changes[0].text
    assert "4" in changes[0].text  # the ärende's item


def test_a_bilaga_replaced_under_an_item(
    with_case, meeting, chef, federation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _publish(meeting, chef)
    old = with_case.documents.get()
    _bilaga(federation, chef, with_case, "Årsredovisning 2023, rättad")
    update_document(old, case=None, by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [BILAGA_REPLACED]
    assert "”Årsredovisning 2023”" in changes[0].text
    assert "Årsredovisning 2023, rättad" in changes[0].text


def test_an_added_item_and_a_replaced_bilaga_in_one_version(
    with_case, meeting, chef, federation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _publish(meeting, chef)
    old = with_case.documents.get()
    _bilaga(federation, chef, with_case, "Ny årsredovisning")
    update_document(old, case=None, by=chef)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Lokalerna", by=chef)

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert _kinds(changes) == [BILAGA_REPLACED, ADDED]


def test_a_secret_bilaga_is_never_named(
    with_case, meeting, chef, federation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _publish(meeting, chef)
    update_document(
        with_case.documents.get(), is_secret=True, osl_reference="OSL 19:3", by=chef
    )

    changes = kallelse_changes(
        _second(meeting, chef, django_capture_on_commit_callbacks)
    )

    assert len(changes) == 1
    assert "Årsredovisning" not in changes[0].text


def test_a_snapshot_from_before_the_note_is_not_a_change(first, meeting):
    """A version published before items had a note (its snapshot has no such key)
    is the same agenda as long as nothing it recorded changed."""
    old = first.snapshot
    for item in old["items"]:
        del item["note"]
        del item["is_public"]
    first.save(update_fields=["snapshot"])

    assert not has_unpublished_changes(meeting)


def test_the_snapshots_compare_place_and_keep_unknown_keys_apart():
    old = {"items": [{"id": 1, "title": "A", "documents": []}], "place": "Navet"}
    new = {
        "items": [{"id": 1, "title": "A", "documents": [], "note": "x"}],
        "place": "Stadshuset",
    }

    assert not same_agenda(old, new)
    assert _kinds(snapshot_changes(old, new)) == [PLACE]
    assert same_agenda(old, {**new, "place": "Navet"})
