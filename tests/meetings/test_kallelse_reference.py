"""The demo's kallelse of the Direktion on 2024-03-01, built as a PDF, against the
reference kallelse the secretariat sent (issue 18.4).

The demo words its titles in its own words and names fictional persons, so the
titles are compared by the words they share; the rest is compared as it is: the
items and their order, the kind where the reference prints one, the bilaga
references on exactly the items the reference marks, the minutes, the next meeting,
and the signatures of the ordförande and the förbundsdirektör. The file's text is
read page by page with poppler's pdftotext, as a reader's tools would.
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import TestCase

from cases import demo as cases_demo
from federation import demo as federation_demo
from federation.officials import Official, official_on
from federation.services import composition_on
from meetings import demo
from meetings.models import Meeting
from meetings.services import store_kallelse_pdf

REFERENCE = Path("/work/shared/reference/kallelse-direktion-2024-03-01.txt")
KINDS = ("Beslut", "Information", "Dialog", "Rapport")


@dataclass
class Item:
    number: int
    text: str

    @property
    def minutes(self) -> int:
        found = re.search(r"(\d+) min\b", self.text)
        return int(found.group(1)) if found else 0

    @property
    def words(self) -> set[str]:
        """The title's words of five letters or more, in lower case."""
        return {w.casefold() for w in re.findall(r"\w+", self.text) if len(w) >= 5}

    @property
    def first_word(self) -> str:
        return self.text.split()[0]


def _items(lines: list[str]) -> list[Item]:
    """The numbered items of a dagordning, a wrapped line joined to its item."""
    items: list[Item] = []
    for line in lines:
        found = re.match(r"\s*(\d+)\.\s+(.*)", line)
        if found:
            items.append(Item(int(found.group(1)), found.group(2).strip()))
        elif items and line.strip():
            items[-1].text += " " + line.strip()
    return items


def reference_items() -> list[Item]:
    text = REFERENCE.read_text(encoding="utf-8")
    agenda = text[text.index(" Ärende Bilaga") : text.index("Administrativ chef")]
    return _items(agenda.splitlines()[1:-1])


def reference_with_bilaga(items: list[Item]) -> list[int]:
    return [item.number for item in items if re.search(r"\bX\s*$", item.text)]


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it (layout kept)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")[:-1]


@dataclass
class Built:
    """What the tests read: the PDF's pages and the register's facts they name."""

    pages: list[str]
    chair: str
    director: str
    dnr: dict[int, str]  # by item number


@pytest.fixture
def built(db, tmp_path) -> Built:
    """The demo loaded as `make demo` does and the March kallelse built."""
    context = federation_demo.load({})
    context |= cases_demo.load(context)
    with TestCase.captureOnCommitCallbacks(execute=True):
        demo.load(context)
    meeting = Meeting.objects.get(date="2024-03-01", body__short_name="Direktion")
    version = store_kallelse_pdf(meeting.kallelse_versions.get(number=1))
    path = tmp_path / "kallelse.pdf"
    with version.file.open("rb") as handle:
        path.write_bytes(handle.read())
    chair = composition_on(meeting.body, meeting.date).ordforande
    director = official_on(
        meeting.body.federation, Official.Role.FORBUNDSDIREKTOR, meeting.date
    )
    assert chair is not None
    assert director is not None
    return Built(
        pages=pdf_pages(path),
        chair=chair.person.full_name,
        director=director.display_name,
        dnr={
            item.position: item.case.diarienummer
            for item in meeting.items.select_related("case")
            if item.case is not None
        },
    )


def test_the_demo_kallelse_is_the_reference_kallelse(built):
    """One build (it takes seconds) read for each thing the reference shows."""
    the_items_are_the_references_in_its_order(built)
    bilagor_are_on_exactly_the_items_the_reference_marks(built)
    pages_are_numbered_once_across_the_whole_file(built)
    it_is_signed_by_the_ordforande_and_the_forbundsdirektor(built)


def agenda_items(pages: list[str]) -> list[Item]:
    """The dagordning of the built kallelse: its pages up to the first bilaga."""
    start = next(i for i, page in enumerate(pages) if "Dagordning" in page)
    lines: list[str] = []
    for page in pages[start:]:
        if lines and "Bilaga" in page.splitlines()[0]:
            break  # the first page of a bilaga: the dagordning has ended
        for line in page.splitlines():
            if "Sida" in line or line.strip().startswith("Ärende"):
                continue
            lines.append(line)
    return _items(lines)


def the_items_are_the_references_in_its_order(built: Built) -> None:
    reference = reference_items()
    ours = agenda_items(built.pages)

    assert len(reference) == 19
    assert [i.number for i in ours] == [i.number for i in reference] == [*range(1, 20)]
    for mine, theirs in zip(ours, reference, strict=True):
        # The same item in other words: a word of five letters or more in common.
        assert mine.words & theirs.words, (mine.text, theirs.text)
        if theirs.first_word in KINDS:
            assert mine.first_word == theirs.first_word, (mine.text, theirs.text)
        # The kind is printed once ("Rapport från …", never "Rapport Rapport").
        assert mine.text.split()[:1] != mine.text.split()[1:2]
    assert sum(i.minutes for i in reference) == sum(i.minutes for i in ours) == 80
    assert "VGR deltar" in ours[5].text
    # Nästa sammanträde: the body's next meeting, 2024-04-26 9.00–16.00.
    assert re.search(r"2024-04-26 kl\.? 9\.00.16\.00", reference[18].text)
    assert re.search(r"2024-04-26 kl\.? 9\.00.16\.00", ours[18].text)


def bilagor_are_on_exactly_the_items_the_reference_marks(
    built: Built,
) -> None:
    pages = built.pages
    ours = agenda_items(pages)
    marked = reference_with_bilaga(reference_items())

    with_references = [
        item.number
        for item in ours
        if re.search(rf"Bilaga {item.number}\.1\b", item.text)
    ]
    assert marked == with_references == [4, 5, 6, 9, 10, 11, 17]

    # Every page after the dagordning belongs to a bilaga of one of those items
    # and carries its reference, and the ärende's dnr, in its first line.
    dnr = built.dnr
    first_bilaga = next(
        i for i, page in enumerate(pages) if "Bilaga" in page.splitlines()[0]
    )
    seen = set()
    for page in pages[first_bilaga:]:
        header = page.splitlines()[0]
        found = re.search(r"Bilaga (\d+)\.(\d+)", header)
        assert found, header
        number = int(found.group(1))
        assert number in marked
        if number in dnr:
            assert f"Dnr {dnr[number]}" in header
        seen.add(f"{number}.{found.group(2)}")
    for item in ours:
        for span in re.findall(r"Bilaga (\d+\.\d+)(?:–(\d+\.\d+))?", item.text):
            assert set(span) - {""} <= seen  # each reference is stamped somewhere


def pages_are_numbered_once_across_the_whole_file(built: Built) -> None:
    pages = built.pages
    total = len(pages)

    assert total > 10
    for number, page in enumerate(pages, start=1):
        assert re.findall(r"Sida \d+ av \d+", page) == [f"Sida {number} av {total}"]
        # No part keeps a numbering of its own ("1 (1)", "Sida 1 av 2").
        assert not re.search(r"^\s*\d+ \(\d+\)\s*$", page, re.M)


def it_is_signed_by_the_ordforande_and_the_forbundsdirektor(built: Built) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    signed = text[text.index("Välkomna!") : text.index(" Ärende Bilaga")]
    assert "Ordförande" in signed
    assert "Förbundsdirektör" in signed

    cover = built.pages[0]
    ours = cover[cover.index("Välkomna!") :].splitlines()
    names = next(line for line in ours if built.chair in line)
    titles = ours[ours.index(names) + 1]
    assert built.director in names
    assert titles.split() == ["Ordförande", "Förbundsdirektör"]
