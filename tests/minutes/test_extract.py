"""The protokollsutdrag is a stored document frozen with its §, sealed, verifiable
and the very file that expediering sends (issue 15.1, 15.3)."""

import hashlib
import io

import pgtrigger
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cases.models import Document
from core.documents import retry_failed_build
from core.seal import SealState, check_seal
from core.verification import find_document
from minutes.expedition import expedite_paragraph
from minutes.models import Extract
from minutes.services import (
    add_paragraph,
    justera_immediately,
    record_correction,
    record_decision,
)
from tests.cases.factories import CaseFactory
from tests.core.test_seal import seal  # noqa: F401  (a fixture)
from tests.factories import UserFactory
from tests.meetings.factories import AgendaItemFactory

from .test_views import _justerat


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def justerat(minutes, people, chef, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _justerat(minutes, people, chef, secret_title="Personalärende")


def _url(federation, paragraph) -> str:
    return reverse(
        "minutes:extract_pdf",
        args=[federation.slug, paragraph.minutes.meeting_id, paragraph.pk],
    )


def _get(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def _refuse_rendering(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("WeasyPrint called on request")

    monkeypatch.setattr("core.pdf.render_html_to_pdf", refuse)
    monkeypatch.setattr("core.pdf._html", refuse)


def test_justering_stores_an_utdrag_of_every_paragraph(justerat):
    extracts = list(Extract.objects.filter(paragraph__minutes=justerat))

    assert sorted(e.paragraph.number for e in extracts) == sorted(
        justerat.paragraphs.values_list("number", flat=True)
    )
    for extract in extracts:
        data = extract.file.open("rb").read()
        assert extract.number == 1
        assert extract.build_status == "done"
        assert extract.sha256 == hashlib.sha256(data).hexdigest()
        assert extract.page_count >= 1
        assert extract.snapshot["body"] == "Direktionen"
        assert "attendance_html" not in extract.snapshot


def test_the_utdrag_is_served_as_stored_and_register_changes_never_reach_it(
    client, chef, federation, justerat, people, monkeypatch
):
    paragraph = justerat.paragraphs.order_by("number").last()
    extract = paragraph.extracts.get()
    client.force_login(chef)
    before = _get(client, _url(federation, paragraph))
    people.l1.first_name = "Förfalskad"
    people.l1.save()
    justerat.meeting.place = "Annan plats"
    justerat.meeting.save()
    justerat.meeting.body.name = "Omdöpta direktionen"
    justerat.meeting.body.save()
    _refuse_rendering(monkeypatch)

    after = _get(client, _url(federation, paragraph))

    assert after == before
    assert hashlib.sha256(after).hexdigest() == extract.sha256


def test_the_utdrag_shows_the_paragraph_and_the_justering(justerat):
    pypdf = pytest.importorskip("pypdf")  # not a dependency (docs/architecture.md)
    paragraph = justerat.paragraphs.get(title="Personalärende")
    data = paragraph.extracts.get().file.open("rb").read()
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in pypdf.PdfReader(io.BytesIO(data)).pages
    )

    assert "Protokollsutdrag – Direktionen" in text
    assert f"§ {paragraph.number} Personalärende" in text
    assert "Hemligt beslut" in text  # the utdrag goes to those the ärende names
    assert "Justerande Lisa Ett – justerat elektroniskt" in text
    assert "Lilla Navet" in text


def test_a_correction_makes_the_next_utdrag_of_its_paragraph_only(
    justerat, chef, django_capture_on_commit_callbacks
):
    corrected, other = justerat.paragraphs.order_by("-number")[:2]
    first = corrected.extracts.get()
    first_bytes = first.file.open("rb").read()

    with django_capture_on_commit_callbacks(execute=True):
        record_correction(
            corrected, decision_text="Rättad text", reason="Skrivfel", by=chef
        )

    newest = corrected.extracts.order_by("-number").first()
    first.refresh_from_db()
    assert [e.number for e in corrected.extracts.order_by("number")] == [1, 2]
    assert newest.has_file
    assert newest.sha256 != first.sha256
    assert newest.snapshot["paragraph"]["decision_text"] == "Rättad text"
    assert [c["reason"] for c in newest.snapshot["corrections"]] == ["Skrivfel"]
    assert first.file.open("rb").read() == first_bytes
    assert first.sha256 == hashlib.sha256(first_bytes).hexdigest()
    assert other.extracts.count() == 1


def test_omedelbar_justering_freezes_the_utdrag_with_its_own_anslag(
    minutes, people, chef, django_capture_on_commit_callbacks
):
    paragraph = add_paragraph(minutes, title="Brådskande", by=chef)
    record_decision(
        paragraph,
        title="Brådskande",
        decision_text="Beslutet gäller genast",
        outcome="decided",
        is_public=True,
        by=chef,
    )
    with django_capture_on_commit_callbacks(execute=True):
        anslag = justera_immediately(paragraph, by=chef)
    immediate = paragraph.extracts.get()
    people.ordf.first_name = "Omdöpt"
    people.ordf.save()

    with django_capture_on_commit_callbacks(execute=True):
        _justerat(minutes, people, chef)

    assert list(paragraph.extracts.all()) == [immediate]
    assert immediate.has_file
    assert f"{anslag.posted_on:%Y-%m-%d}" in immediate.snapshot["anslag_html"]
    assert immediate.snapshot["justerat_on"] == f"{anslag.posted_on:%Y-%m-%d}"
    assert "Omdöpt" not in str(immediate.snapshot)


def test_expediering_sends_and_registers_the_stored_utdrag(
    minutes, meeting, people, chef, body, mailoutbox, django_capture_on_commit_callbacks
):
    case = CaseFactory(
        federation=meeting.body.federation, recipients_external="ekonomi@example.se"
    )
    item = AgendaItemFactory(meeting=meeting, position=5, title="Avgift", case=case)
    paragraph = add_paragraph(minutes, agenda_item=item, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        _justerat(minutes, people, chef)
    extract = paragraph.extracts.get()

    with django_capture_on_commit_callbacks(execute=True):
        expedition = expedite_paragraph(paragraph, by=chef)

    document = Document.objects.get(pk=expedition.document_id)
    registered = document.file.open("rb").read()
    assert hashlib.sha256(registered).hexdigest() == extract.sha256
    assert mailoutbox[-1].bcc == ["ekonomi@example.se"]
    assert mailoutbox[-1].attachments[0][1] == registered


def test_expediering_makes_an_utdrag_not_yet_built(
    minutes, meeting, people, chef, django_capture_on_commit_callbacks
):
    case = CaseFactory(
        federation=meeting.body.federation, recipients_external="Ekonomienheten"
    )
    item = AgendaItemFactory(meeting=meeting, position=5, title="Avgift", case=case)
    paragraph = add_paragraph(minutes, agenda_item=item, by=chef)
    _justerat(minutes, people, chef)  # the build tasks are not run

    expedition = expedite_paragraph(paragraph, by=chef)

    extract = paragraph.extracts.get()
    registered = Document.objects.get(pk=expedition.document_id).file.open("rb")
    assert extract.has_file
    assert hashlib.sha256(registered.read()).hexdigest() == extract.sha256


def test_an_utdrag_being_made_is_never_rendered_on_request(
    client, chef, federation, minutes, people, monkeypatch
):
    justerat = _justerat(minutes, people, chef)  # the build tasks are not run
    _refuse_rendering(monkeypatch)
    client.force_login(chef)

    response = client.get(_url(federation, justerat.paragraphs.first()))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_paragraph_justerat_before_utdrag_were_kept_gets_one_cut_from_the_version(
    client, chef, federation, justerat, people, django_capture_on_commit_callbacks
):
    paragraph = justerat.paragraphs.first()
    with pgtrigger.ignore("minutes.Extract:protect_delete"):
        Extract.objects.all()._raw_delete(Extract.objects.db)  # as before 0004
    people.l1.first_name = "Omdöpt"
    people.l1.save()
    client.force_login(chef)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(_url(federation, paragraph))
    second = _get(client, _url(federation, paragraph))

    extract = paragraph.extracts.get()
    assert first.status_code == 503
    assert hashlib.sha256(second).hexdigest() == extract.sha256
    assert "Omdöpt" not in str(extract.snapshot)  # from the frozen version


def test_a_draft_paragraph_is_rendered_as_it_stands(client, chef, federation, minutes):
    paragraph = add_paragraph(minutes, title="Utkast", by=chef)
    client.force_login(chef)

    response = client.get(_url(federation, paragraph))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not paragraph.extracts.exists()


def test_another_federation_gets_no_utdrag(client, role_users, federation, justerat):
    client.force_login(role_users["outsider"])

    response = client.get(_url(federation, justerat.paragraphs.first()))

    assert response.status_code == 404


def test_the_sealed_utdrag_is_found_on_the_verification_page(
    seal,  # noqa: F811
    minutes,
    people,
    chef,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        justerat = _justerat(minutes, people, chef)
    extract = justerat.paragraphs.first().extracts.get()
    data = extract.file.open("rb").read()

    found = find_document(hashlib.sha256(data).hexdigest())

    assert check_seal(data).state == SealState.VALID
    assert found.kind == "protokollsutdrag"
    assert found.federation == "Testförbundet"
    assert ("Justerat", "2024-03-08") in found.facts
    assert any(
        label == "Justerat av" and "Lisa Ett (Justerare)" in value
        for label, value in found.facts
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE minutes_extract SET snapshot = '{{}}' WHERE id = %s",
        "UPDATE minutes_extract SET sha256 = 'x' WHERE id = %s",
        "DELETE FROM minutes_extract WHERE id = %s",
    ],
)
def test_raw_sql_on_a_stored_utdrag_is_refused_by_the_trigger(justerat, statement):
    if connection.vendor != "postgresql":
        pytest.skip("The triggers exist on PostgreSQL only; SQLite has none.")
    extract = Extract.objects.filter(paragraph__minutes=justerat).first()

    with (
        pytest.raises(DatabaseError, match="pgtrigger: Cannot"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(), [extract.pk])


@pytest.fixture
def failed(minutes, people, chef, monkeypatch, django_capture_on_commit_callbacks):
    """A protokoll justerat while every build of its PDFs failed."""

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    with monkeypatch.context() as patch:
        patch.setattr("minutes.frozen.render_pdf", broken)
        with django_capture_on_commit_callbacks(execute=True):
            return _justerat(minutes, people, chef)


def test_a_failed_build_is_shown_to_the_secretary_and_made_again_on_request(
    client, chef, ledamot, federation, failed, django_capture_on_commit_callbacks
):
    justerat = failed
    extract = justerat.paragraphs.first().extracts.get()
    page_url = reverse("minutes:detail", args=[federation.slug, justerat.meeting_id])
    retry_url = reverse(
        "minutes:retry_builds", args=[federation.slug, justerat.meeting_id]
    )
    client.force_login(ledamot)
    reader_page = client.get(page_url).content.decode()
    refused = client.post(retry_url)
    client.force_login(chef)
    secretary_page = client.get(page_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry_url)

    extract.refresh_from_db()
    assert "kunde inte tas fram" not in reader_page
    assert refused.status_code == 403
    assert "kunde inte tas fram" in secretary_page
    assert extract.build_status == "done"
    assert extract.has_file
    assert not justerat.versions.exclude(build_status="done").exists()


def test_only_a_failed_build_is_made_again(justerat, chef):
    extract = Extract.objects.filter(paragraph__minutes=justerat).first()

    retried = retry_failed_build(extract, by=chef)

    extract.refresh_from_db()
    assert retried is False
    assert (extract.build_status, extract.build_attempts) == ("done", 1)


def test_the_admin_history_form_cannot_rewrite_a_frozen_utdrag(
    client, superuser, justerat
):
    extract = Extract.objects.filter(paragraph__minutes=justerat).first()
    before = (extract.file.name, extract.number, extract.justerat_at, extract.sha256)
    history = extract.history.earliest("history_date")
    url = reverse(
        "admin:minutes_extract_simple_history",
        args=[extract.pk, history.history_id],
    )
    client.force_login(superuser)

    shown = client.get(url)
    refused = client.post(url, {"number": 7, "justerat_at_0": "2020-01-01"})

    extract.refresh_from_db()
    assert shown.status_code == 200
    assert refused.status_code == 403
    after = (extract.file.name, extract.number, extract.justerat_at, extract.sha256)
    assert after == before


def _expedited_paragraph(minutes, meeting, chef, *, is_public=True):
    case = CaseFactory(
        federation=meeting.body.federation, recipients_external="ekonomi@example.se"
    )
    item = AgendaItemFactory(meeting=meeting, position=5, title="Avgift", case=case)
    paragraph = add_paragraph(minutes, agenda_item=item, by=chef)
    if not is_public:
        record_decision(
            paragraph,
            title="Personalärende",
            decision_text="Hemligt beslut",
            outcome="decided",
            is_public=False,
            by=chef,
        )
    return paragraph


def test_the_utdrag_of_a_paragraph_not_public_is_registered_as_secret(
    minutes, meeting, people, chef, django_capture_on_commit_callbacks
):
    paragraph = _expedited_paragraph(minutes, meeting, chef, is_public=False)
    with django_capture_on_commit_callbacks(execute=True):
        _justerat(minutes, people, chef)

    expedition = expedite_paragraph(paragraph, by=chef)

    document = Document.objects.get(pk=expedition.document_id)
    assert document.is_secret
    assert document.osl_reference == "Paragrafen är inte offentlig (se protokollet)"


def test_a_sealed_utdrag_is_expedierad_once(
    seal,  # noqa: F811
    minutes,
    meeting,
    people,
    chef,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    paragraph = _expedited_paragraph(minutes, meeting, chef)
    with django_capture_on_commit_callbacks(execute=True):
        _justerat(minutes, people, chef)
    mailed = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        expedition = expedite_paragraph(paragraph, by=chef)
    with pytest.raises(ValidationError, match="redan expedierad"):
        expedite_paragraph(paragraph, by=chef)

    registered = Document.objects.get(pk=expedition.document_id).file.open("rb")
    assert check_seal(registered.read()).state == SealState.VALID
    assert paragraph.expeditions.count() == 1
    assert len(mailoutbox) == mailed + 1


def test_a_failed_utdrag_says_so_instead_of_being_made(
    client, chef, federation, failed
):
    client.force_login(chef)

    response = client.get(_url(federation, failed.paragraphs.first()))

    assert response.status_code == 500
    assert "PDF:en kunde inte tas fram" in response.content.decode()


def test_no_utdrag_is_cut_from_the_live_register(client, chef, federation, justerat):
    paragraph = justerat.paragraphs.first()
    with pgtrigger.ignore(
        "minutes.Extract:protect_delete", "minutes.ProtokollVersion:protect_delete"
    ):
        Extract.objects.all()._raw_delete(Extract.objects.db)
        justerat.versions.all()._raw_delete(justerat.versions.db)
    client.force_login(chef)

    response = client.get(_url(federation, paragraph))

    assert response.status_code == 404
    assert not paragraph.extracts.exists()


def test_kontrollera_does_not_trust_a_history_row_of_a_frozen_utdrag(justerat):
    """A frozen document stores its file once: a sha256 written into its history
    by hand (raw SQL) names no earlier file of it."""
    extract = Extract.objects.filter(paragraph__minutes=justerat).first()
    forged = "f" * 64
    extract.history.filter(history_id=extract.history.latest().history_id).update(
        sha256=forged
    )

    assert find_document(forged) is None
    assert find_document(extract.sha256).kind == "protokollsutdrag"
