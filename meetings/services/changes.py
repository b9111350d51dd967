"""What a kompletterande kallelse changes: the differences between two frozen agendas
(KallelseVersion.snapshot), told in short sentences on the kallelse's cover, in its
e-mail, on the meeting page and in the builder before publishing."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors import visible_documents
from federation.models import Federation
from meetings.kallelse_print import PRINT_KEY
from meetings.models import KallelseVersion, Meeting

# The kinds of change, in the order of the snapshot's keys they come from.
ADDED, REMOVED, MOVED, RETITLED, DETAILS = (
    "added",
    "removed",
    "moved",
    "retitled",
    "details",
)
BILAGA_ADDED, BILAGA_REPLACED, BILAGA_REMOVED = (
    "bilaga_added",
    "bilaga_replaced",
    "bilaga_removed",
)
PLACE, TIME, NOTIFICATIONS = "place", "time", "notifications"

# An item's fields besides its title whose change is told as "details".
_DETAIL_FIELDS = ("kind", "minutes", "presenter", "note", "is_public")


@dataclass(frozen=True)
class Change:
    """One change, as the kallade read it (`text`, in the active language)."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


def _comparable(old: dict, new: dict) -> dict:
    """The new snapshot as the old one was taken: a key that an older snapshot does
    not have (added to the snapshot later, like an item's note) is not compared, so
    a version published before it does not look changed."""
    old_items = old.get("items") or []
    item_keys = set().union(*(item.keys() for item in old_items)) if old_items else None
    result = {key: value for key, value in new.items() if key in old}
    if "items" in result and item_keys is not None:
        result["items"] = [
            {key: value for key, value in item.items() if key in item_keys}
            for item in result["items"]
        ]
    return result


def same_agenda(old: dict, new: dict) -> bool:
    """Whether the agenda `new` is the one frozen in `old` (a version's snapshot).
    What the cover prints besides the agenda (kallelse_print) is not the agenda."""
    old = {key: value for key, value in old.items() if key != PRINT_KEY}
    return _comparable(old, new) == old


def _kept_in_order(sequence: list[int]) -> set[int]:
    """The indexes of a longest increasing run (not necessarily adjacent) of the
    sequence: the items that kept their order; the others are the moved ones."""
    tails: list[int] = []  # index into sequence of the smallest tail of each length
    previous: list[int] = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if sequence[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        previous[index] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    kept: set[int] = set()
    index = tails[-1] if tails else -1
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def _field_names() -> dict[str, str]:
    return {
        "kind": _("kind"),
        "minutes": _("time"),
        "presenter": _("presenter"),
        "note": _("note"),
        "is_public": _("publicity"),
    }


def _time(value: str | None) -> str:
    if not value:
        return ""
    moment = timezone.localtime(datetime.datetime.fromisoformat(value))
    return moment.strftime("%H.%M")


def _document_titles(federation: Federation | None, ids: set[int]) -> dict[int, str]:
    """Titles of the handlingar the public may see (never a sekretess title)."""
    if not ids or federation is None:
        return {}
    return dict(
        visible_documents(None, federation)
        .filter(pk__in=ids)
        .values_list("pk", "title")
    )


def _bilaga_changes(
    number: int, old_docs: list[int], new_docs: list[int], titles: dict[int, str]
) -> list[Change]:
    """A handling gone and another come under the same item is a replaced bilaga."""
    gone = [doc for doc in old_docs if doc not in new_docs]
    come = [doc for doc in new_docs if doc not in old_docs]
    unnamed = _("a document")
    changes = []
    for old_doc, new_doc in zip(gone, come, strict=False):
        changes.append(
            Change(
                BILAGA_REPLACED,
                _("Item %(number)s: the attachment “%(old)s” is replaced by “%(new)s”.")
                % {
                    "number": number,
                    "old": titles.get(old_doc, unnamed),
                    "new": titles.get(new_doc, unnamed),
                },
            )
        )
    for doc in come[len(gone) :]:
        changes.append(
            Change(
                BILAGA_ADDED,
                _("Item %(number)s: new attachment “%(title)s”.")
                % {"number": number, "title": titles.get(doc, unnamed)},
            )
        )
    for doc in gone[len(come) :]:
        changes.append(
            Change(
                BILAGA_REMOVED,
                _("Item %(number)s: the attachment “%(title)s” is withdrawn.")
                % {"number": number, "title": titles.get(doc, unnamed)},
            )
        )
    return changes


def _item_changes(
    number: int, old: dict, new: dict, old_number: int, moved: bool
) -> list[Change]:
    changes = []
    if moved:
        changes.append(
            Change(
                MOVED,
                _("“%(title)s” has moved from item %(old)s to item %(new)s.")
                % {"title": new["title"], "old": old_number, "new": number},
            )
        )
    if old.get("title") != new.get("title"):
        changes.append(
            Change(
                RETITLED,
                _("Item %(number)s is now called “%(title)s” (was “%(old)s”).")
                % {"number": number, "title": new["title"], "old": old.get("title")},
            )
        )
    names = _field_names()
    details = [
        names[key]
        for key in _DETAIL_FIELDS
        if key in old and key in new and old[key] != new[key]
    ]
    if details:
        changes.append(
            Change(
                DETAILS,
                _("Item %(number)s, “%(title)s”: changed %(fields)s.")
                % {
                    "number": number,
                    "title": new["title"],
                    "fields": ", ".join(details),
                },
            )
        )
    return changes


def snapshot_changes(
    old: dict, new: dict, federation: Federation | None = None
) -> list[Change]:
    """The changes from the agenda frozen in `old` to the one in `new`, in the order
    of the new agenda (removed items after it, then the meeting's place and time).

    Items are followed by their id: an item inserted before others does not move
    them; only the items out of their earlier order are told as moved.
    """
    old_items: list[dict[str, Any]] = old.get("items") or []
    new_items: list[dict[str, Any]] = new.get("items") or []
    old_number = {item["id"]: n for n, item in enumerate(old_items, start=1)}
    old_by_id = {item["id"]: item for item in old_items}
    new_ids = {item["id"] for item in new_items}
    common = [item["id"] for item in new_items if item["id"] in old_by_id]
    kept = _kept_in_order([old_number[pk] for pk in common])
    moved_ids = {pk for index, pk in enumerate(common) if index not in kept}
    doc_ids = {
        doc for item in [*old_items, *new_items] for doc in item.get("documents", [])
    }
    titles = _document_titles(federation, doc_ids)

    changes: list[Change] = []
    for number, item in enumerate(new_items, start=1):
        before = old_by_id.get(item["id"])
        if before is None:
            changes.append(
                Change(
                    ADDED,
                    _("New item %(number)s: “%(title)s”.")
                    % {"number": number, "title": item["title"]},
                )
            )
            before = {"documents": []}
        else:
            changes += _item_changes(
                number, before, item, old_number[item["id"]], item["id"] in moved_ids
            )
        changes += _bilaga_changes(
            number, before.get("documents", []), item.get("documents", []), titles
        )
    for item in old_items:
        if item["id"] not in new_ids:
            changes.append(
                Change(
                    REMOVED,
                    _(
                        "Item %(number)s of the previous version, “%(title)s”, is "
                        "withdrawn."
                    )
                    % {"number": old_number[item["id"]], "title": item["title"]},
                )
            )
    changes += _meeting_changes(old, new)
    return changes


def _meeting_changes(old: dict, new: dict) -> list[Change]:
    changes = []
    if "place" in old and old.get("place") != new.get("place"):
        changes.append(
            Change(PLACE, _("New place: %(place)s.") % {"place": new.get("place")})
        )
    if ("starts" in old and old.get("starts") != new.get("starts")) or (
        "ends" in old and old.get("ends") != new.get("ends")
    ):
        changes.append(
            Change(
                TIME,
                _("New time: %(start)s–%(end)s.")
                % {"start": _time(new.get("starts")), "end": _time(new.get("ends"))},
            )
        )
    if "notifications" in old and old["notifications"] != new.get("notifications"):
        changes.append(Change(NOTIFICATIONS, _("The notification list has changed.")))
    return changes


def previous_version(version: KallelseVersion) -> KallelseVersion | None:
    return (
        KallelseVersion.objects.filter(
            meeting_id=version.meeting_id, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def kallelse_changes(version: KallelseVersion) -> list[Change]:
    """What a version changes since the one before it (nothing for the first)."""
    previous = previous_version(version)
    if previous is None:
        return []
    federation = version.meeting.body.federation
    return snapshot_changes(previous.snapshot, version.snapshot, federation)


def pending_changes(
    meeting: Meeting, latest: KallelseVersion | None, snapshot: dict
) -> list[Change]:
    """What the next version would change: the agenda as it stands (`snapshot`)
    against the latest published version."""
    if latest is None:
        return []
    return snapshot_changes(latest.snapshot, snapshot, meeting.body.federation)
