"""The dagordning and the kallade the builder edits: items, their order, the
invited officials and the anmälningsärenden; the agenda as a kallelse freezes it."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, DelegationDecision, Document
from cases.selectors import file_refusal, visible_documents
from core import history
from federation.models import Person
from meetings.models import CONTENT_KINDS, OPENING_KINDS, AgendaItem, ItemKind, Meeting
from meetings.pdf import LeftOut
from meetings.selectors import ready_cases


def _lock_agenda(meeting: Meeting, agenda_version: int | None) -> Meeting:
    """Lock the meeting row and refuse a save made on an older agenda (optimistic)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not locked.is_editable:
        raise ValidationError(_("The agenda of a held meeting can no longer change."))
    if agenda_version is not None and agenda_version != locked.agenda_version:
        raise ValidationError(
            _(
                "Someone else changed the agenda while you worked on it. "
                "The agenda has been reloaded; make your change again."
            ),
            code="stale",
        )
    return locked


def _bump(meeting: Meeting, by: User | None, reason: str) -> None:
    meeting.agenda_version += 1
    history.save(meeting, by=by, reason=reason, update_fields=["agenda_version"])


def _save_positions(items: list[AgendaItem], by: User | None, reason: str) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            history.save(item, by=by, reason=reason, update_fields=["position"])


def _insert_position(items: list[AgendaItem]) -> int:
    """New items go before the closing standard items (anmälningsärenden onwards)."""
    for index, item in enumerate(items):
        if item.is_standard and item.kind not in OPENING_KINDS:
            return index
    return len(items)


def _insert(
    meeting: Meeting, item: AgendaItem, by: User | None, reason: str
) -> AgendaItem:
    items = list(meeting.items.all())
    items.insert(_insert_position(items), item)
    item.position = items.index(item) + 1
    history.save(item, by=by, reason=reason)
    _save_positions(items, by, reason)
    _bump(meeting, by, reason)
    return item


@transaction.atomic
def add_case_item(
    meeting: Meeting,
    *,
    case: Case,
    kind: str = ItemKind.DECISION,
    minutes: int | None = None,
    presenter: str = "",
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Put an ärende that is ready for decision on the agenda."""
    meeting = _lock_agenda(meeting, agenda_version)
    if case.federation_id != meeting.body.federation_id:
        raise ValidationError(_("The case belongs to another federation."))
    if case.status != Case.Status.READY:
        raise ValidationError(_("Only a case that is ready for decision can be added."))
    if meeting.items.filter(case=case).exists():
        raise ValidationError(_("The case is already on the agenda."))
    if kind not in CONTENT_KINDS:
        raise ValidationError(_("Choose decision, information, dialog or report."))
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        title=case.title,
        minutes=minutes,
        presenter=presenter,
        case=case,
    )
    return _insert(meeting, item, by, "add_case_item")


def add_ready_case(
    meeting: Meeting,
    *,
    case_id: int,
    kind: str = ItemKind.DECISION,
    minutes: int | None = None,
    presenter: str = "",
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Put the ärende a form names by its id on the agenda: one of the förbund's
    ready ärenden not on it yet (selectors.ready_cases), else it is refused."""
    case = ready_cases(meeting).filter(pk=case_id).first()
    if case is None:
        raise ValidationError(_("The case is not ready for decision."))
    return add_case_item(
        meeting,
        case=case,
        kind=kind,
        minutes=minutes,
        presenter=presenter,
        by=by,
        agenda_version=agenda_version,
    )


@transaction.atomic
def add_free_item(
    meeting: Meeting,
    *,
    kind: str,
    title: str,
    minutes: int | None = None,
    presenter: str = "",
    is_public: bool = True,
    note: str = "",
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Add an item without an ärende: information, dialog, a report."""
    meeting = _lock_agenda(meeting, agenda_version)
    if kind not in CONTENT_KINDS:
        raise ValidationError(_("Choose decision, information, dialog or report."))
    if not title.strip():
        raise ValidationError(_("Give the item a title."))
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        minutes=minutes,
        presenter=presenter,
        is_public=is_public,
        note=note.strip(),
    )
    return _insert(meeting, item, by, "add_free_item")


@transaction.atomic
def move_item(
    item: AgendaItem,
    *,
    offset: int,
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Move an item up (-1) or down (+1); at either end it stays where it is."""
    meeting = _lock_agenda(item.meeting, agenda_version)
    items = list(meeting.items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(items):
        return items[index]
    items[index], items[target] = items[target], items[index]
    _save_positions(items, by, "move_item")
    _bump(meeting, by, "move_item")
    return items[target]


@transaction.atomic
def remove_item(
    item: AgendaItem, *, by: User | None = None, agenda_version: int | None = None
) -> None:
    meeting = _lock_agenda(item.meeting, agenda_version)
    history.delete(item, by=by, reason="remove_item")
    _save_positions(list(meeting.items.all()), by, "remove_item")
    _bump(meeting, by, "remove_item")


EDITABLE_FIELDS = ("title", "kind", "minutes", "presenter", "note", "is_public")


@transaction.atomic
def update_item(
    item: AgendaItem,
    *,
    by: User | None = None,
    agenda_version: int | None = None,
    **fields,
) -> AgendaItem:
    """Change an item's title, kind, minutes, presenter, note or publicity.

    A standard item keeps its kind. Only the fields that change are saved (with the
    item's history); a save that changes nothing leaves the agenda's version alone.
    After publishing, the change waits for the next kallelse version: a published
    version keeps its snapshot.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {unknown}")
    meeting = _lock_agenda(item.meeting, agenda_version)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
        if not fields["title"]:
            raise ValidationError(_("Give the item a title."))
    if "note" in fields:
        fields["note"] = fields["note"].strip()
    if "kind" in fields and fields["kind"] != item.kind:
        if item.is_standard:
            raise ValidationError(_("A standard item keeps its kind."))
        if fields["kind"] not in CONTENT_KINDS:
            raise ValidationError(_("Choose decision, information, dialog or report."))
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, fields[name])
    history.save(item, by=by, reason="update_item", update_fields=changed)
    _bump(meeting, by, "update_item")
    return item


def total_minutes(items: list[AgendaItem]) -> int:
    return sum(item.minutes or 0 for item in items)


def agenda_snapshot(meeting: Meeting) -> dict:
    """The agenda as it stands, to freeze in a kallelse version and compare later."""
    items = list(meeting.items.all())
    case_ids = [item.case_id for item in items if item.case_id]
    # An item without an ärende (case_id None) has no handlingar.
    documents: dict[int | None, list[int]] = {}
    for doc in (
        visible_documents(None, meeting.body.federation)
        .filter(case_id__in=case_ids)
        .exclude(kind="tjansteskrivelse")
        .exclude(file="")
        .order_by("date", "pk")
        .values("pk", "case_id")
    ):
        documents.setdefault(doc["case_id"], []).append(doc["pk"])
    return {
        "items": [
            {
                "id": item.pk,
                "kind": item.kind,
                "title": item.title,
                "minutes": item.minutes,
                "presenter": item.presenter,
                "note": item.note,
                "is_public": item.is_public,
                "case_id": item.case_id,
                "documents": documents.get(item.case_id, []),
            }
            for item in items
        ],
        "notifications": notification_choices(meeting),
        "place": meeting.place,
        "starts": meeting.starts.isoformat(),
        "ends": meeting.ends.isoformat(),
    }


def left_out_bilagor(
    items: list[AgendaItem], documents: list[Document]
) -> list[LeftOut]:
    """The bilagor of the agenda (its items in order, and the handlingar of their
    ärenden that a kallelse takes) that fail the check of received PDFs now, so a
    kallelse would leave them out: shown in the builder."""
    by_case: dict[int | None, list[Document]] = {}
    for doc in documents:
        if doc.file:
            by_case.setdefault(doc.case_id, []).append(doc)
    left_out = []
    for position, item in enumerate(items, start=1):
        for doc in by_case.get(item.case_id, []):
            reason = file_refusal(doc)
            if reason:
                item_title = f"{position}. {item.title}"
                left_out.append(LeftOut(item_title, doc.title, reason))
    return left_out


def notification_choices(meeting: Meeting) -> dict:
    return {
        "exclude_document_ids": sorted(meeting.notification_exclude_document_ids),
        "exclude_delegation_ids": sorted(meeting.notification_exclude_delegation_ids),
        "extra_document_ids": sorted(meeting.notification_extra_document_ids),
        "extra_delegation_ids": sorted(meeting.notification_extra_delegation_ids),
    }


@transaction.atomic
def choose_notification(
    meeting: Meeting,
    *,
    kind: str,
    object_id: int,
    include: bool,
    by: User | None = None,
) -> Meeting:
    """Add an entry to the meeting's anmälningsärenden or leave one out."""
    meeting = _lock_agenda(meeting, None)
    model = Document if kind == "document" else DelegationDecision
    if not model.objects.filter(
        pk=object_id, federation_id=meeting.body.federation_id
    ).exists():
        raise ValidationError(_("There is no such entry in this federation's diarium."))
    exclude = getattr(meeting, f"notification_exclude_{kind}_ids")
    extra = getattr(meeting, f"notification_extra_{kind}_ids")
    if include:
        exclude = [i for i in exclude if i != object_id]
        extra = sorted({*extra, object_id})
    else:
        extra = [i for i in extra if i != object_id]
        exclude = sorted({*exclude, object_id})
    setattr(meeting, f"notification_exclude_{kind}_ids", exclude)
    setattr(meeting, f"notification_extra_{kind}_ids", extra)
    history.save(
        meeting,
        by=by,
        reason="choose_notification",
        update_fields=[
            f"notification_exclude_{kind}_ids",
            f"notification_extra_{kind}_ids",
        ],
    )
    _bump(meeting, by, "choose_notification")
    return meeting


@transaction.atomic
def set_invited(meeting: Meeting, *, persons: list[Person], by: User | None) -> None:
    """The officials invited besides the body's members; part of the kallade."""
    if any(p.federation_id != meeting.body.federation_id for p in persons):
        raise ValidationError(_("Only persons of the federation can be invited."))
    meeting = _lock_agenda(meeting, None)
    meeting.invited.set(persons)
    _bump(meeting, by, "set_invited")
