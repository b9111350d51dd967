"""Personal notes: only the author ever reads them, anywhere."""

import csv
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from notes import services
from notes.models import PersonalNote

SECRET = "Fråga Zqvx-4417 om lokalkostnaden"  # noqa: S105 not a password
PAGE_SECRET = "Sidan stämmer inte Wyrp-2290"  # noqa: S105 not a password


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(s) -> dict[str, str]:
    slug = s.federation.slug
    return {
        "item notes": reverse("notes:item", args=[slug, s.meeting.pk, s.item.pk]),
        "document notes": reverse(
            "notes:document", args=[slug, s.meeting.pk, s.document.pk]
        ),
        "my notes": reverse("notes:mine", args=[slug]),
        "export csv": reverse("notes:export", args=[slug, "csv"]),
        "export txt": reverse("notes:export", args=[slug, "txt"]),
        "export xlsx": reverse("notes:export", args=[slug, "xlsx"]),
        "meeting page": reverse("meetings:meeting_detail", args=[slug, s.meeting.pk]),
        "document page": reverse(
            "meetings:document_page", args=[slug, s.meeting.pk, s.document.pk]
        ),
        "diarium search": reverse("cases:diarium", args=[slug]) + "?q=Zqvx-4417",
        "case page": reverse("cases:case_detail", args=[slug, s.case.pk]),
    }


def _text(response) -> str:
    content = response.getvalue() if response.streaming else response.content
    if content.startswith(b"PK"):  # an Excel workbook
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    return content.decode()


def _write_both(s) -> None:
    services.write_note(s.item, by=s.ledamot, text=SECRET)
    services.write_note(
        s.item, by=s.ledamot, text=PAGE_SECRET, document=s.document, page=2
    )


def test_the_author_reads_their_notes_everywhere_they_are_meant_to_be(setup):
    _write_both(setup)
    client = _client(setup.ledamot)
    urls = _urls(setup)

    seen = {
        place: (SECRET in _text(r), PAGE_SECRET in _text(r), r.status_code)
        for place, url in urls.items()
        for r in [client.get(url, headers={"HX-Request": "true"})]
    }

    assert seen["item notes"] == (True, False, 200)
    assert seen["document notes"] == (False, True, 200)
    for place in ("my notes", "export csv", "export txt", "export xlsx"):
        assert seen[place] == (True, True, 200), place
    # Pages shared with others never carry a note, not even the author's: the
    # notes come in their own never-cached request.
    for place in ("meeting page", "document page", "diarium search", "case page"):
        assert seen[place][:2] == (False, False), place


@pytest.mark.parametrize("who", ["other", "chef"])
def test_a_note_is_absent_for_every_other_user(setup, who):
    _write_both(setup)
    client = _client(getattr(setup, who))

    for place, url in _urls(setup).items():
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response.status_code < 500, place
            body = _text(response) if response.status_code == 200 else ""
            assert SECRET not in body, place
            assert PAGE_SECRET not in body, place


def test_the_cached_meeting_page_carries_no_note_after_the_author_read_it(setup):
    _write_both(setup)
    url = _urls(setup)["meeting page"]
    first = _client(setup.ledamot).get(url)  # fills the cache
    again = _client(setup.other).get(url)

    assert SECRET not in first.content.decode()
    assert SECRET not in again.content.decode()
    # The place of the notes is the same for both: an address, not content.
    notes_url = _urls(setup)["item notes"]
    assert notes_url in first.content.decode()
    assert notes_url in again.content.decode()


def test_the_notes_answer_is_never_stored_by_a_cache(setup):
    services.write_note(setup.item, by=setup.ledamot, text=SECRET)
    client = _client(setup.ledamot)

    for place in ("item notes", "my notes", "export csv"):
        response = client.get(_urls(setup)[place], headers={"HX-Request": "true"})
        assert "no-store" in response["Cache-Control"], place
        assert "private" in response["Cache-Control"], place


def test_another_users_note_cannot_be_changed_or_deleted(setup):
    note = services.write_note(setup.item, by=setup.ledamot, text=SECRET)
    slug = setup.federation.slug
    for user in (setup.other, setup.chef):
        client = _client(user)
        edit = reverse("notes:edit", args=[slug, note.pk])
        delete = reverse("notes:delete", args=[slug, note.pk])
        assert client.get(edit).status_code == 404
        assert client.post(edit, {"text": "Ändrad"}).status_code == 404
        assert client.post(delete).status_code == 404

    note.refresh_from_db()
    assert note.text == SECRET


def test_the_author_writes_changes_and_deletes_by_htmx(setup):
    client = _client(setup.ledamot)
    url = _urls(setup)["document notes"]

    written = client.post(
        url,
        {"text": "Sidan 3 saknar siffror", "page": "3"},
        headers={"HX-Request": "true"},
    )
    note = PersonalNote.objects.get()
    changed = client.post(
        reverse("notes:edit", args=[setup.federation.slug, note.pk]),
        {"text": "Sidan 4 saknar siffror", "page": "4"},
    )
    note.refresh_from_db()
    deleted = client.post(
        reverse("notes:delete", args=[setup.federation.slug, note.pk]),
        headers={"HX-Request": "true"},
    )

    assert "Sidan 3 saknar siffror" in written.content.decode()
    assert (note.text, note.page, note.document, note.person) == (
        "Sidan 4 saknar siffror",
        4,
        setup.document,
        setup.anna,
    )
    assert changed.status_code == 302
    assert deleted.status_code == 200
    assert not PersonalNote.objects.exists()


def test_a_page_past_the_documents_end_is_refused_with_a_message(setup):
    client = _client(setup.ledamot)

    response = client.post(
        _urls(setup)["document notes"],
        {"text": "Något", "page": "9"},
        headers={"HX-Request": "true"},
    )

    assert "Handlingen har 4 sidor." in response.content.decode()
    assert not PersonalNote.objects.exists()


def test_an_empty_or_too_long_note_is_refused(setup):
    with pytest.raises(ValidationError):
        services.write_note(setup.item, by=setup.ledamot, text="  \x00 ")
    with pytest.raises(ValidationError):
        services.write_note(setup.item, by=setup.ledamot, text="x" * 10_001)
    assert not PersonalNote.objects.exists()


def test_only_a_member_of_the_body_writes_notes(setup):
    client = _client(setup.chef)

    response = client.post(
        _urls(setup)["item notes"], {"text": SECRET}, headers={"HX-Request": "true"}
    )
    shown = client.get(_urls(setup)["item notes"], headers={"HX-Request": "true"})

    assert not PersonalNote.objects.exists()
    assert "<form" not in response.content.decode()
    assert shown.content.decode().strip() == ""


def test_a_document_of_another_item_is_refused(setup):
    from tests.cases.factories import DocumentFactory  # noqa: PLC0415 leaf

    stray = DocumentFactory(federation=setup.federation)
    with pytest.raises(ValidationError):
        services.write_note(setup.item, by=setup.ledamot, text="x", document=stray)


def test_the_text_is_encrypted_in_the_database(setup):
    note = services.write_note(setup.item, by=setup.ledamot, text=SECRET)

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM notes_personalnote WHERE id = %s", [note.pk])
        (stored,) = cursor.fetchone()

    assert "Zqvx" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert PersonalNote.objects.get().text == SECRET


def test_notes_are_not_in_the_admin(setup, django_user_model):
    services.write_note(setup.item, by=setup.ledamot, text=SECRET)
    superuser = django_user_model.objects.create_superuser("root", "r@x.se", "pw")
    client = _client(superuser)

    assert PersonalNote not in admin.site._registry
    assert client.get("/admin/notes/personalnote/").status_code == 404
    assert SECRET not in client.get("/admin/").content.decode()


def test_the_export_holds_only_the_authors_notes(setup):
    services.write_note(setup.item, by=setup.ledamot, text=SECRET)
    services.write_note(setup.item, by=setup.other, text="Bos egen anteckning")
    client = _client(setup.ledamot)

    response = client.get(_urls(setup)["export csv"])
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )

    assert rows[0][:3] == ["Sammanträde", "Punkt på dagordningen", "Diarienummer"]
    assert [row[5] for row in rows[1:]] == [SECRET]


def test_a_formula_in_a_note_is_exported_as_text(setup):
    services.write_note(setup.item, by=setup.ledamot, text='=HYPERLINK("http://x")')
    client = _client(setup.ledamot)

    csv_text = client.get(_urls(setup)["export csv"]).content.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(client.get(_urls(setup)["export xlsx"]).content))
    cell = book.active.cell(row=2, column=6)

    assert "'=HYPERLINK" in csv_text
    assert cell.data_type == "s"
