"""Issue 16.2: bilagor stored under older rules (placed in storage past the upload
check) are checked again when the kallelse is merged; those that fail are left out
with a note on the cover and in the builder, and the merged file carries no active
content from any bilaga."""

import datetime
import io

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from cases.models import Document
from meetings.services import add_case_item, publish_kallelse
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.security.hostile_pdfs import HOSTILE, save

FORBIDDEN = {"/JavaScript", "/JS", "/EF", "/Launch", "/GoToR", "/SubmitForm", "/XFA"}
BENIGN_SIZE = [0, 0, 500, 700]


def _benign_with_actions() -> bytes:
    """Passes the check, but carries a web link and a page action: the merge keeps
    the page and drops both actions."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(500, 700))
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=Dictionary(S=Name.GoTo, D=Array([page, Name.Fit])))
    page.Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=[10, 10, 200, 50],
                A=Dictionary(S=Name.URI, URI=String("https://www.sjuharad.se/")),
            )
        ]
    )
    return save(pdf)


def _stored(federation, case, title: str, content: bytes) -> Document:
    """A handling written straight to storage, as if taken under older rules."""
    document = DocumentFactory(
        federation=federation, case=case, kind=Document.Kind.BILAGA, title=title
    )
    document.file.save(f"{title}.pdf", ContentFile(content))
    return document


@pytest.fixture
def agenda(meeting, federation, chef):
    case = CaseFactory(federation=federation, title="Upphandling av tolktjänst")
    for name, (build, _) in HOSTILE.items():
        _stored(federation, case, name, build())
    _stored(federation, case, "anbud", _benign_with_actions())
    add_case_item(meeting, case=case, minutes=20, by=chef)
    return meeting


def _every_name(pdf: pikepdf.Pdf) -> set[str]:
    """Every key and name value in the file, walked without recursion."""
    names: set[str] = set()
    stack: list = [pdf.trailer, *pdf.objects]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Name):
            names.add(str(obj))
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            names.update(obj.keys())
            stack.extend(v for v in obj.values() if not _seen(v, seen))
        elif isinstance(obj, pikepdf.Array):
            stack.extend(v for v in obj if not _seen(v, seen))
    return names


def _seen(obj: object, seen: set[tuple[int, int]]) -> bool:
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        if obj.objgen in seen:
            return True
        seen.add(obj.objgen)
    return False


@pytest.mark.django_db
def test_the_kallelse_leaves_out_every_hostile_bilaga(
    agenda, chef, ledamot_person, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(agenda, by=chef, today=datetime.date(2024, 2, 20))
    version.refresh_from_db()
    with version.file.open("rb") as handle:
        data = handle.read()
    pdf = pikepdf.open(io.BytesIO(data))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    bilaga_pages = [p for p in pdf.pages if list(p.MediaBox) == BENIGN_SIZE]

    assert _every_name(pdf) & FORBIDDEN == set()
    assert len(bilaga_pages) == 1  # the benign one; not the 2 001 pages
    assert "/AA" not in bilaga_pages[0].obj
    assert [set(a.keys()) & {"/A", "/AA"} for a in bilaga_pages[0].Annots] == [set()]
    assert "Bilagor som inte är med" in text
    assert all(name in text for name in HOSTILE)
    assert "klarade inte kontrollen av mottagna filer" in text


@pytest.mark.django_db
def test_the_builder_names_the_bilagor_a_kallelse_would_leave_out(
    agenda, client, chef, federation
):
    client.force_login(chef)

    response = client.get(reverse("meetings:agenda", args=[federation.slug, agenda.pk]))

    left_out = response.context["left_out"]
    position = agenda.items.get(case__isnull=False).position
    assert sorted(b.title for b in left_out) == sorted(HOSTILE)
    assert {b.item for b in left_out} == {f"{position}. Upphandling av tolktjänst"}
    assert next(b for b in left_out if b.title == "launch").reason == (
        "PDF-filen innehåller en åtgärd som startar ett program, öppnar en annan "
        "fil, skickar data eller spelar upp media (Launch). Spara den på nytt som "
        "en vanlig PDF (t.ex. skriv ut till PDF)."
    )
    assert "Bilagor som lämnas utanför kallelsen" in response.content.decode()
