"""The merged kallelse is tagged where the product made the pages, and says so."""

import datetime
import io
import shutil
import subprocess

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document
from cases.services import register_document
from core.pdf import render_html_to_pdf
from meetings.models import ItemKind
from meetings.pdf import Section, kallelse_sections, merge_sections
from meetings.services import add_case_item, add_free_item, publish_kallelse
from tests.cases.factories import CaseFactory, DocumentFactory

D = datetime.date
# A bilaga someone else made, tagged by its maker, on a page size nothing else has.
TAGGED_BILAGA_HTML = (
    '<html lang="sv"><head><title>Extern</title><style>@page { size: 300pt 400pt }'
    "</style></head><body><h1>Yttrande</h1><p>Från kommunen.</p></body></html>"
)
TAGGED_BILAGA_BOX = [0, 0, 300, 400]
BLANK_BILAGA_BOX = [0, 0, 500, 700]  # conftest.make_pdf


@pytest.fixture
def published(
    meeting, chef, federation, case_with_bilaga, django_capture_on_commit_callbacks
):
    """A kallelse with a free item, two ärenden, two bilagor and anmälningsärenden."""
    register_document(
        federation,
        uploaded_file=SimpleUploadedFile(
            "yttrande.pdf",
            render_html_to_pdf(TAGGED_BILAGA_HTML),
            content_type="application/pdf",
        ),
        title="Yttrande från kommunen",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.INCOMING,
        date=D(2024, 2, 16),
        case=case_with_bilaga,
        by=chef,
    )
    DocumentFactory(federation=federation, title="Protokoll VästKom", case=None)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    add_case_item(meeting, case=case_with_bilaga, by=chef)
    add_case_item(
        meeting, case=CaseFactory(federation=federation, title="Fyllnadsval"), by=chef
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    version.refresh_from_db()
    return version


@pytest.fixture
def stored(published) -> pikepdf.Pdf:
    with published.file.open("rb") as handle:
        return pikepdf.open(io.BytesIO(handle.read()))


def _bilaga_page(page: pikepdf.Page) -> bool:
    return list(page.mediabox) in (TAGGED_BILAGA_BOX, BLANK_BILAGA_BOX)


def test_the_structure_tree_has_one_part_per_rendered_section(stored):
    root = stored.Root.StructTreeRoot

    [document] = root.K
    assert document.S == "/Document"
    assert [(str(part.S), str(part.T)) for part in document.K] == [
        ("/Part", "Kallelse Direktionen 2024-03-01"),
        ("/Part", "5. Årsbokslut 2023"),
        ("/Part", "6. Fyllnadsval"),
        ("/Part", "Anmälningsärenden"),
    ]
    assert all(part.P.objgen == document.objgen for part in document.K)
    assert all(len(part.K) > 0 for part in document.K)


def test_every_rendered_page_and_no_bilaga_page_is_in_the_parent_tree(stored):
    parent_tree = pikepdf.NumberTree(stored.Root.StructTreeRoot.ParentTree)
    rendered = [p for p in stored.pages if not _bilaga_page(p)]
    bilagor = [p for p in stored.pages if _bilaga_page(p)]

    keys = [int(p.obj.StructParents) for p in rendered]
    assert len(bilagor) == 3  # the blank bilaga's two pages, the tagged one's one
    assert [("/StructParents" in p.obj) for p in bilagor] == [False] * 3
    assert sorted(keys) == list(range(len(rendered)))
    assert sorted(parent_tree.keys()) == keys
    assert int(stored.Root.StructTreeRoot.ParentTreeNextKey) == len(rendered)
    # Each entry holds the elements of the marked content on its own page.
    for page, key in zip(rendered, keys, strict=True):
        pages = {e.Pg.objgen for e in parent_tree[key] if "/Pg" in e}
        assert pages == {page.obj.objgen}


def test_the_merged_file_holds_no_page_outside_its_page_tree(stored):
    page_objects = [
        o
        for o in stored.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Page"
    ]

    assert len(page_objects) == len(stored.pages)


def test_each_rendered_part_keeps_its_own_pages_and_structure(published):
    sections = kallelse_sections(published)

    for section in sections:
        part = pikepdf.open(io.BytesIO(section.pdf))
        page_objects = [
            o
            for o in part.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Page"
        ]
        [document] = part.Root.StructTreeRoot.K
        assert len(page_objects) == len(part.pages)
        assert document.S == "/Document"
        assert {e.Pg.objgen for e in document.K} == {p.obj.objgen for p in part.pages}


def test_a_single_rendered_document_is_one_part():
    html = '<html lang="sv"><head><title>K</title></head><body><h1>Kallelse</h1></body>'
    section = Section("Kallelse", render_html_to_pdf(html))

    merged = pikepdf.open(io.BytesIO(merge_sections([section], title="Kallelse")))

    [document] = merged.Root.StructTreeRoot.K
    assert [str(part.T) for part in document.K] == ["Kallelse"]
    assert [int(p.obj.StructParents) for p in merged.pages] == [0]


def test_the_merged_kallelse_names_its_language_and_title(stored):
    with stored.open_metadata() as meta:
        title, language = meta.get("dc:title"), meta.get("dc:language")
        producer, pdfa = meta.get("pdf:Producer"), meta.get("pdfaid:part")

    assert str(stored.Root.Lang) == "sv"
    assert bool(stored.Root.MarkInfo.Marked) is True
    assert bool(stored.Root.ViewerPreferences.DisplayDocTitle) is True
    assert str(stored.docinfo.Title) == "Kallelse Direktionen 2024-03-01"
    assert title == "Kallelse Direktionen 2024-03-01"
    assert language == {"sv"}
    assert producer.startswith("Förbundsportalen")
    assert pdfa is None  # the bilagor are not PDF/A


def test_the_merge_gives_the_same_bytes_twice(published):
    sections = kallelse_sections(published)

    first = merge_sections(sections, title="Kallelse")
    second = merge_sections(sections, title="Kallelse")

    assert first == second


def _pdfinfo(*args: str) -> list[str]:
    run = subprocess.run(
        ["pdfinfo", *args],
        capture_output=True,
        check=True,
    )
    return run.stdout.decode("latin-1").splitlines()  # poppler's text encoding


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler not installed")
def test_poppler_reads_the_kallelse_as_tagged(published, tmp_path):
    path = tmp_path / "kallelse.pdf"
    with published.file.open("rb") as handle:
        path.write_bytes(handle.read())

    info = _pdfinfo(str(path))
    struct = _pdfinfo("-struct", str(path))

    assert "Tagged:          yes" in info
    assert "PDF version:     1.7" in info
    assert struct[0] == "Document"
    assert [line for line in struct if line.startswith("  Part")] == [
        '  Part "Kallelse Direktionen 2024-03-01"',
        '  Part "5. Årsbokslut 2023"',
        '  Part "6. Fyllnadsval"',
        '  Part "Anmälningsärenden"',
    ]


def test_the_accessibility_statement_says_what_is_tagged(client):
    html = client.get(reverse("accessibility")).content.decode()
    text = " ".join(html.split())  # the template's line breaks

    assert (
        "Sidorna som Förbundsportalen skapar (försättsbladet med dagordningen, "
        "tjänsteskrivelserna och listan över anmälningsärenden) är taggade, och filen "
        "anger språk och titel."
    ) in text
    assert (
        "Bilagorna är uppladdade filer, ofta från andra: de ligger kvar som de kom in "
        "och är inte taggade i kallelsen, inte heller när originalet var det."
    ) in text
    assert "Därför gör kallelsen som helhet inte anspråk på att följa PDF/A." in text
