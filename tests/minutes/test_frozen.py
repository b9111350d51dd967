"""A justerat protokoll is frozen: its page and both PDFs come from the snapshot
taken at justering and the files stored then (issue 15.2)."""

import hashlib
import io
import re
from html.parser import HTMLParser

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from minutes.models import Minutes, ProtokollVersion
from minutes.services import (
    add_paragraph,
    add_yrkande,
    record_correction,
    record_open_vote,
)
from tests.factories import UserFactory

from .test_views import _justerat

INTERNAL, PUBLIC = ProtokollVersion.Kind.INTERNAL, ProtokollVersion.Kind.PUBLIC


@pytest.fixture
def justerat(minutes, people, chef, django_capture_on_commit_callbacks):
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    add_yrkande(paragraph, proposer=people.l1, text="Bifall", by=chef)
    ballots = {
        p.pk: "ja" for p in (people.ordf, people.l1, people.l2, people.l3, people.l4)
    }
    record_open_vote(paragraph, ballots=ballots, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        return _justerat(minutes, people, chef, secret_title="Personalärende")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


class _FormData(HTMLParser):
    """The values an admin change form would post as it stands."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value") or "on")
            elif kind not in ("submit", "button", "file", "image"):
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def _admin_change(client, obj, **changes) -> int:
    """Change an object through its admin change form; the response's status."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    parser = _FormData()
    parser.feed(client.get(url).content.decode())
    data = {key: values for key, values in parser.data.items() if key != "_popup"}
    data.update({key: [value] for key, value in changes.items()})
    data["_save"] = ["Spara"]
    return client.post(url, data).status_code


def _normalized(content: bytes) -> str:
    """A page without what differs per request (the CSRF token, the CSP nonce)."""
    text = content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def _pages(client, chef, federation, minutes) -> dict[str, object]:
    meeting_pk = minutes.meeting_id
    client.force_login(chef)
    internal_page = client.get(
        reverse("minutes:detail", args=[federation.slug, meeting_pk])
    )
    internal_pdf = client.get(
        reverse("minutes:pdf", args=[federation.slug, meeting_pk])
    )
    client.logout()
    public_page = client.get(
        reverse("minutes:public_detail", args=[federation.slug, minutes.pk])
    )
    public_pdf = client.get(
        reverse("minutes:public_pdf", args=[federation.slug, minutes.pk])
    )
    return {
        "internal_page": _normalized(internal_page.content),
        "public_page": _normalized(public_page.content),
        "internal_pdf": b"".join(internal_pdf.streaming_content),
        "public_pdf": b"".join(public_pdf.streaming_content),
    }


def test_justering_stores_both_versions_once_with_their_sha256(justerat):
    versions = list(justerat.versions.order_by("kind"))

    assert [(v.number, v.kind, v.build_status) for v in versions] == [
        (1, INTERNAL, "done"),
        (1, PUBLIC, "done"),
    ]
    for version in versions:
        data = version.file.open("rb").read()
        assert version.sha256 == hashlib.sha256(data).hexdigest()
        assert version.page_count >= 1
    internal, public = versions
    assert internal.snapshot["body"] == "Direktionen"
    assert internal.snapshot["place"] == "Lilla Navet"
    assert internal.snapshot["federation"] == "Testförbundet"
    hidden = [p for p in public.snapshot["paragraphs"] if p["hidden"]]
    assert [sorted(p) for p in hidden] == [["hidden", "number", "pk"]]
    assert "Hemligt beslut" not in str(public.snapshot)


def test_register_changes_never_reach_a_justerat_protokoll(
    client, chef, superuser, federation, justerat, people
):
    before = _pages(client, chef, federation, justerat)
    meeting = justerat.meeting
    client.force_login(superuser)

    person_status = _admin_change(client, people.l1, first_name="Förfalskad")
    meeting_status = _admin_change(client, meeting, place="Annan plats")
    people.ordf.first_name = "FÖRFALSKAD"
    people.ordf.save()
    meeting.body.name = "Omdöpta direktionen"
    meeting.body.save()
    meeting.refresh_from_db()
    meeting.starts_at = meeting.starts_at.replace(hour=7)
    meeting.save()
    client.logout()
    after = _pages(client, chef, federation, justerat)

    people.l1.refresh_from_db()
    meeting.refresh_from_db()
    assert (person_status, meeting_status) == (302, 302)
    assert (people.l1.first_name, meeting.place) == ("Förfalskad", "Annan plats")
    assert after == before
    assert "Lisa Ett" in after["internal_page"]
    assert "Förfalskad" not in after["internal_page"]
    for kind in (INTERNAL, PUBLIC):
        version = justerat.versions.get(kind=kind)
        served = after[f"{kind}_pdf"]
        assert hashlib.sha256(served).hexdigest() == version.sha256


def test_admin_cannot_change_a_justerat_protokoll(client, superuser, justerat):
    client.force_login(superuser)
    paragraph = justerat.paragraphs.first()
    version = justerat.versions.first()

    statuses = [
        client.post(
            reverse(f"admin:minutes_{name}_change", args=[obj.pk]),
            {"title": "Ändrad", "justering_place": "Ändrad"},
        ).status_code
        for name, obj in (
            ("minutes", justerat),
            ("paragraph", paragraph),
            ("protokollversion", version),
        )
    ]
    delete = client.post(
        reverse("admin:minutes_minutes_delete", args=[justerat.pk]), {"post": "yes"}
    )

    paragraph.refresh_from_db()
    assert statuses == [403, 403, 403]
    assert delete.status_code == 403
    assert paragraph.title != "Ändrad"


@pytest.mark.parametrize(
    ("table", "statement"),
    [
        ("minutes", "UPDATE {t} SET justering_place = 'X' WHERE id = %s"),
        ("minutes", "DELETE FROM {t} WHERE id = %s"),
        ("paragraph", "UPDATE {t} SET decision_text = 'X' WHERE minutes_id = %s"),
        ("paragraph", "DELETE FROM {t} WHERE minutes_id = %s"),
        ("attendance", "UPDATE {t} SET is_present = false WHERE minutes_id = %s"),
        ("approval", "UPDATE {t} SET approved_at = NULL WHERE minutes_id = %s"),
        (
            "yrkande",
            "UPDATE {t} SET text = 'X' WHERE paragraph_id IN"
            " (SELECT id FROM minutes_paragraph WHERE minutes_id = %s)",
        ),
        (
            "ballot",
            "UPDATE {t} SET choice = 'nej' WHERE vote_id IN (SELECT v.id FROM"
            " minutes_vote v JOIN minutes_paragraph p ON p.id = v.paragraph_id"
            " WHERE p.minutes_id = %s)",
        ),
        ("protokollversion", "UPDATE {t} SET snapshot = '{{}}' WHERE minutes_id = %s"),
        ("protokollversion", "UPDATE {t} SET sha256 = 'x' WHERE minutes_id = %s"),
        ("protokollversion", "DELETE FROM {t} WHERE minutes_id = %s"),
    ],
)
def test_raw_sql_on_the_frozen_rows_is_refused_by_the_trigger(
    justerat, table, statement
):
    if connection.vendor != "postgresql":
        pytest.skip("The triggers exist on PostgreSQL only; SQLite has none.")
    sql = statement.format(t=f"minutes_{table}")

    with (
        pytest.raises(DatabaseError) as error,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [justerat.pk])

    message = str(error.value)
    assert "changes only by rättelse" in message or "pgtrigger: Cannot" in message


def test_public_pdf_is_served_without_rendering(
    client, federation, justerat, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("WeasyPrint called on request")

    monkeypatch.setattr("core.pdf.render_html_to_pdf", refuse)
    monkeypatch.setattr("core.pdf._html", refuse)
    version = justerat.versions.get(kind=PUBLIC)

    response = client.get(
        reverse("minutes:public_pdf", args=[federation.slug, justerat.pk])
    )

    served = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(served).hexdigest() == version.sha256


def test_pdf_being_made_is_never_rendered_on_request(
    client, federation, minutes, people, chef, monkeypatch
):
    justerat = _justerat(minutes, people, chef)  # the build task is not run
    monkeypatch.setattr("core.pdf._html", lambda *a, **k: pytest.fail("rendered"))

    response = client.get(
        reverse("minutes:public_pdf", args=[federation.slug, justerat.pk])
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.templates[0].name == "minutes/pdf_being_made.html"


def test_correction_makes_version_two_and_version_one_stays(
    client, chef, federation, justerat, people, django_capture_on_commit_callbacks
):
    first = {v.kind: v for v in justerat.versions.all()}
    first_bytes = {k: v.file.open("rb").read() for k, v in first.items()}
    people.l1.first_name = "Omdöpt"
    people.l1.save()
    paragraph = justerat.paragraphs.get(number=2)

    with django_capture_on_commit_callbacks(execute=True):
        record_correction(
            paragraph, decision_text="Rättad text", reason="Skrivfel", by=chef
        )

    client.force_login(chef)
    pdf_url = reverse("minutes:pdf", args=[federation.slug, justerat.meeting_id])
    old = client.get(pdf_url, {"version": 1})
    page = client.get(
        reverse("minutes:detail", args=[federation.slug, justerat.meeting_id])
    )
    second = {v.kind: v for v in justerat.versions.filter(number=2)}
    content = page.content.decode()
    assert Minutes.objects.get(pk=justerat.pk).version == 2
    assert sorted(second) == [INTERNAL, PUBLIC]
    assert all(v.has_file for v in second.values())
    assert {k: v.file.open("rb").read() for k, v in first.items()} == first_bytes
    for kind in (INTERNAL, PUBLIC):
        first[kind].refresh_from_db()
        assert first[kind].sha256 == hashlib.sha256(first_bytes[kind]).hexdigest()
        assert second[kind].sha256 != first[kind].sha256
    assert b"".join(old.streaming_content) == first_bytes[INTERNAL]
    assert "Rättad text" in content
    assert "Skrivfel" in content
    # The next version starts from the frozen one: the register's rename stays out.
    assert "Omdöpt" not in content
    assert "Lisa Ett" in content


def test_command_freezes_a_protokoll_justerat_before_versions(
    justerat, django_capture_on_commit_callbacks
):
    with pgtrigger.ignore("minutes.ProtokollVersion:protect_delete"):
        justerat.versions.all()._raw_delete(justerat.versions.db)  # as before 0003
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("freeze_justerade_protokoll", stdout=out)
        call_command("freeze_justerade_protokoll", stdout=out)

    assert sorted(justerat.versions.values_list("number", "kind")) == [
        (1, INTERNAL),
        (1, PUBLIC),
    ]
    assert out.getvalue().splitlines()[-1] == "0 protokoll frozen"


def test_the_stored_pdf_shows_the_frozen_protokoll(justerat):
    pypdf = pytest.importorskip("pypdf")  # not a dependency (docs/architecture.md)
    texts = {}
    for version in justerat.versions.all():
        reader = pypdf.PdfReader(version.file.open("rb"))
        texts[version.kind] = " ".join(
            " ".join(page.extract_text().split()) for page in reader.pages
        )

    for text in texts.values():
        assert "Protokoll – Direktionen" in text
        assert "Lilla Navet" in text
        assert "kl. 09.00–12.00" in text
        assert "Justerande Lisa Ett – justerat elektroniskt" in text
        assert "Datum då anslaget sätts upp 2024-03-08" in text
    assert "Personalärende" in texts[INTERNAL]
    assert "Personalärende" not in texts[PUBLIC]
    assert "Paragrafen är inte offentlig." in texts[PUBLIC]
