"""The kallelse's rendered parts come from one write, cut back into their sections."""

import datetime
import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader

import core.pdf
from cases.pdf import render_tjansteskrivelse
from meetings.models import ItemKind
from meetings.pdf import kallelse_sections
from meetings.services import add_case_item, add_free_item, publish_kallelse
from tests.cases.factories import CaseFactory

D = datetime.date


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def cases(federation):
    return [
        CaseFactory(federation=federation, title="Årsbokslut 2023"),
        # Long enough for a second page: a part must keep every page of its own.
        CaseFactory(
            federation=federation,
            title="Samverkansavtal BRvux",
            description="Avtalet gäller vuxenutbildning i regionen. " * 120,
        ),
        CaseFactory(federation=federation, title="Fyllnadsval"),
    ]


@pytest.fixture
def version(meeting, chef, cases):
    cache.clear()
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    for case in cases:
        add_case_item(meeting, case=case, by=chef)
    return publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))


@pytest.fixture
def rendered(monkeypatch):
    """The HTML documents each write renders, one list per write."""
    writes = []
    original = core.pdf.render_html_to_pdfs

    def counting(htmls):
        writes.append(list(htmls))
        return original(htmls)

    monkeypatch.setattr(core.pdf, "render_html_to_pdfs", counting)
    return writes


def test_each_section_holds_its_own_tjansteskrivelse(version, cases, rendered):
    sections = kallelse_sections(version)

    assert len(rendered) == 1  # the cover and the three tjänsteskrivelser, one write
    assert [s.title for s in sections[1:]] == [
        "5. Årsbokslut 2023",
        "6. Samverkansavtal BRvux",
        "7. Fyllnadsval",
    ]
    for section, case in zip(sections[1:], cases, strict=True):
        alone = render_tjansteskrivelse(case, None)
        assert _pages(section.pdf) == _pages(alone)
        others = [c.title for c in cases if c != case]
        assert case.title in _text(section.pdf)
        assert not any(title in _text(section.pdf) for title in others)
    assert _pages(sections[2].pdf) >= 2
    assert "Kallelse" in _text(sections[0].pdf)


def test_an_unchanged_tjansteskrivelse_is_not_rendered_again(version, cases, rendered):
    kallelse_sections(version)
    cases[1].title = "Samverkansavtal BRvux, reviderat"
    cases[1].save()

    sections = kallelse_sections(version)

    # The second write: the cover and the changed ärende only.
    assert len(rendered[1]) == 2
    assert "reviderat" in _text(sections[2].pdf)
    assert "Årsbokslut 2023" in _text(sections[1].pdf)
