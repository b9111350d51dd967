"""Long words and control characters in the kallelse: every glyph on the page."""

import datetime
import io
import re
import subprocess

import pikepdf

from meetings.forms import FreeItemForm
from meetings.models import ItemKind
from meetings.pdf import build_kallelse_pdf
from meetings.services import add_free_item, publish_kallelse

D = datetime.date


def _words_outside(data: bytes) -> list[str]:
    """The words whose box runs past their page's right edge (pdftotext -bbox)."""
    widths = [float(page.mediabox[2]) for page in pikepdf.open(io.BytesIO(data)).pages]
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    outside = []
    for number, page in enumerate(xhtml.split("<page ")[1:]):
        for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', page):
            if float(x_max) > widths[number]:
                outside.append(word)
    return outside


def test_a_long_word_and_control_characters_stay_on_the_page(meeting, chef):
    long_word = "Järnvägsutbyggnad" * 16  # 272 characters, no space
    form = FreeItemForm(
        {
            "agenda_version": meeting.agenda_version,
            "kind": ItemKind.INFORMATION,
            "title": long_word + "\x07",
            "note": "VGR\x0b deltar\x07\nOch Västtrafik\tockså",
            "presenter": "Anna\x1b",
        }
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["title"] == long_word
    assert data["note"] == "VGR deltar\nOch Västtrafik\tockså"
    assert data["presenter"] == "Anna"
    add_free_item(
        meeting,
        kind=data["kind"],
        title=data["title"],
        note=data["note"],
        presenter=data["presenter"],
        by=chef,
    )
    version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))

    pdf = build_kallelse_pdf(version)

    assert _words_outside(pdf) == []
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Järnvägsutbyggnad" in text
    assert "VGR deltar" in text
