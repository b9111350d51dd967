"""The permission matrix's rows of personal notes (issue 19.4) and the
arvodesunderlag (issue 19.6), and the check that the demo's note of the ledamot
(Rolf Rask) reaches no other reader on any address of the project.

A note is read only through notes.selectors.notes_of: every other user, the
Administratör and a superuser's roles included, gets 404 for its own address and
never sees its text. The arvodesunderlag is read by the Ekonom and the
Administratör; the Administratör (the secretariat) records a rättelse of närvaro."""

import datetime
import io
import zipfile
from collections.abc import Callable

from federation.models import Federation
from meetings.models import Meeting
from notes.demo import DEMO_NOTE_TEXT, DEMO_PAGE_NOTE_TEXT
from notes.models import PersonalNote


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


MEMBERS_READ = _profile("ok", "ok", "ok", "ok", "404", "login")
AUTHOR_ONLY = _profile("404", "404", "404", "ok", "404", "login")
ADMIN_ONLY = _profile("ok", "403", "403", "403", "404", "login")
ARVODE_READ = _profile("ok", "403", "ok", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)

NOTES_EXPECTED: dict[str, dict] = {
    # Every reader of the meeting gets the notes part; only a member of the body
    # with a current uppdrag has a form in it, and each sees only their own notes.
    "notes:item": MEMBERS_READ,
    "notes:document": MEMBERS_READ,
    "notes:mine": MEMBERS_READ,
    "notes:export": MEMBERS_READ,
    "notes:edit": AUTHOR_ONLY,
    "notes:delete": POST_ONLY,
    "notes:settings": ADMIN_ONLY,
    "arvode:index": ARVODE_READ,
    "arvode:export": ARVODE_READ,
    "arvode:correction": ADMIN_ONLY,
}


def _march(f: Federation) -> Meeting:
    return Meeting.objects.get(body__federation=f, date=datetime.date(2024, 3, 1))


def _note(f: Federation) -> PersonalNote:
    note = PersonalNote.objects.filter(
        federation=f, author__username="ledamot", document__isnull=False
    ).first()
    assert note is not None, "the demo's note of Rolf Rask on a handling"
    return note


NOTES_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "notes:item": lambda f: {"pk": _march(f).pk, "item_pk": _note(f).agenda_item_id},
    "notes:document": lambda f: {
        "pk": _march(f).pk,
        "document_pk": _note(f).document_id,
    },
    "notes:export": lambda f: {"fmt": "xlsx"},
    "notes:edit": lambda f: {"pk": _note(f).pk},
    "notes:delete": lambda f: {"pk": _note(f).pk},
    "arvode:export": lambda f: {"fmt": "xlsx"},
    "arvode:correction": lambda f: {"meeting_pk": _march(f).pk},
}

NOTE_TEXTS = (DEMO_NOTE_TEXT, DEMO_PAGE_NOTE_TEXT)


def shows_a_note(response) -> bool:
    """Whether the answer carries the demo note's text: in a page, a CSV or text
    file, or any part of an Excel workbook (a zip)."""
    if response.streaming or response.status_code != 200:
        return False
    content = response.content
    texts = [content]
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            texts = [archive.read(name) for name in archive.namelist()]
    return any(
        note.encode() in text or _xml(note).encode() in text
        for note in NOTE_TEXTS
        for text in texts
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
