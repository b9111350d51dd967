"""The page stamps of the merged kallelse (meetings/stamp.py) on whatever pages a
bilaga has: "Sida N av M" at the foot and the bilaga's reference at the head of
each page, upright and inside the page as the reader sees it.

Positions are read with poppler's pdftotext -bbox -cropbox, which gives each word's
box in the displayed page (the crop box, rotation applied, origin top left); it gives
the page's size unrotated, so a page turned a quarter has its size swapped here.
"""

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from core.pdf import render_html_to_pdf
from meetings.pdf import Section, merge_sections
from meetings.stamp import encode, font_program

A4 = (595, 842)
A3_LANDSCAPE = (1191, 842)


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    def line(self, first: str) -> list[Word]:
        """The words of the stamp line that starts with `first`."""
        start = next(i for i, w in enumerate(self.words) if w.text == first)
        return [w for w in self.words[start:] if abs(w.y0 - self.words[start].y0) < 1]


def read_pages(data: bytes, tmp_path: Path) -> list[Page]:
    path = tmp_path / "kallelse.pdf"
    path.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-cropbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rotations = [page.rotation % 180 for page in pikepdf.open(path).pages]
    pages = []
    for (size, body), quarter in zip(
        re.findall(r'<page (width="[\d.]+" height="[\d.]+")>(.*?)</page>', html, re.S),
        rotations,
        strict=True,
    ):
        width, height = (float(v) for v in re.findall(r"[\d.]+", size))
        if quarter:
            width, height = height, width
        words = [
            Word(text, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                r'yMax="([\d.]+)">([^<]*)</word>',
                body,
            )
        ]
        pages.append(Page(width, height, words))
    return pages


def _page(pdf: pikepdf.Pdf, size: tuple[float, float], content: bytes = b"") -> None:
    pdf.add_blank_page(page_size=size)
    page = pdf.pages[-1]
    page.obj.Contents = pdf.make_stream(content)


def hostile_bilaga() -> bytes:
    """Pages of every shape a bilaga may have."""
    pdf = pikepdf.new()
    _page(pdf, A4)
    _page(pdf, A3_LANDSCAPE)
    for rotation in (90, 180, 270):
        _page(pdf, A4)
        pdf.pages[-1].obj.Rotate = rotation
    # A page that leaves its graphics state changed: scaled, white, clipped.
    _page(pdf, A4, b"2 0 0 2 300 400 cm 1 g 1 G 0 0 10 10 re W n")
    # A crop box away from the origin, and a receipt-sized page.
    _page(pdf, A4)
    pdf.pages[-1].obj.CropBox = pikepdf.Array([100, 200, 400, 600])
    _page(pdf, (150, 100))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def cover() -> bytes:
    return render_html_to_pdf(
        "<html lang='sv'><head><title>Kallelse</title></head>"
        "<body><h1>Kallelse</h1></body></html>"
    )


def test_every_page_is_numbered_once_across_the_file(cover, tmp_path):
    section = Section("4. Ärende", cover, stamp="Bilaga 4.1 · Dnr BRS 2024-12")
    section.children = [
        Section("Bilaga", hostile_bilaga(), stamp="Bilaga 4.2 · Dnr BRS 2024-12")
    ]
    data = merge_sections([Section("Kallelse", cover), section], title="Kallelse")

    pages = read_pages(data, tmp_path)
    assert len(pages) == 10
    for number, page in enumerate(pages, start=1):
        footer = page.line("Sida")
        assert [w.text for w in footer] == ["Sida", str(number), "av", "10"]
        # At the foot and inside the page as displayed, and upright (a word wider
        # than high: a rotated line would be tall and narrow).
        assert all(w.y0 > page.height / 2 and w.y1 <= page.height for w in footer)
        assert all(w.x0 >= 0 and w.x1 <= page.width for w in footer)
        assert footer[0].x1 - footer[0].x0 > footer[0].y1 - footer[0].y0
        # Right-aligned: the line ends in the right half of the page.
        assert footer[-1].x1 > page.width / 2


def test_each_bilaga_page_carries_its_reference_and_dnr_at_the_head(cover, tmp_path):
    section = Section("4. Ärende", cover, stamp="Bilaga 4.1 · Dnr BRS 2024-12")
    section.children = [
        Section("Bilaga", hostile_bilaga(), stamp="Bilaga 4.2 · Dnr BRS 2024-12")
    ]
    data = merge_sections([Section("Kallelse", cover), section], title="Kallelse")

    pages = read_pages(data, tmp_path)
    assert "Bilaga" not in [w.text for w in pages[0].words]  # the cover has none
    assert [w.text for w in pages[1].line("Bilaga")][:2] == ["Bilaga", "4.1"]
    for page in pages[2:]:
        header = page.line("Bilaga")
        words = [w.text for w in header]
        assert words == ["Bilaga", "4.2", "·", "Dnr", "BRS", "2024-12"]
        assert all(w.y1 < page.height / 2 and w.y0 >= 0 for w in header)
        assert all(w.x0 >= 0 and w.x1 <= page.width for w in header)
        assert header[0].x1 - header[0].x0 > header[0].y1 - header[0].y0


def test_the_bilaga_pages_keep_their_own_content_and_size(cover):
    bilaga = hostile_bilaga()
    section = Section("4. Ärende", cover)
    section.children = [Section("Bilaga", bilaga, stamp="Bilaga 4.2")]

    merged = pikepdf.open(io.BytesIO(merge_sections([section], title="K")))
    source = pikepdf.open(io.BytesIO(bilaga))

    for copied, original in zip(merged.pages[1:], source.pages, strict=True):
        assert list(copied.mediabox) == list(original.mediabox)
        assert copied.rotation == original.rotation
        # Its content, whole, between the q and the stamp's Q.
        streams = [s.read_bytes() for s in copied.obj.Contents]
        assert streams[0] == b"q\n"
        assert original.obj.Contents.read_bytes() in streams
        assert streams[-1].startswith(b"Q\n")


def test_the_stamps_share_one_embedded_font(cover):
    section = Section("Kallelse", cover)
    section.children = [Section("Bilaga", hostile_bilaga(), stamp="Bilaga 1.1")]
    merged = pikepdf.open(io.BytesIO(merge_sections([section], title="K")))

    fonts = {page.obj.Resources.Font.FpSidstampel.objgen for page in merged.pages}
    assert len(fonts) == 1
    font = merged.get_object(next(iter(fonts)))
    assert "/FontFile2" in font.FontDescriptor
    assert font.Encoding == pikepdf.Name.WinAnsiEncoding


def test_a_character_outside_the_font_is_a_question_mark_not_an_error():
    assert encode("Dnr BRS 2024-12 · Å") == "Dnr BRS 2024-12 · Å".encode("cp1252")
    assert encode("Bilaga ☃") == b"Bilaga ?"
    assert font_program().width(b"Sida", 10) > 0
