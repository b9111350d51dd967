"""Context builders and rendering of the protokoll and protokollsutdrag (PDF/A-3a)."""

from core.pdf import render_pdf

from .models import Minutes, Paragraph
from .selectors import Protokoll, load_protokoll


def protokoll_context(protokoll: Protokoll) -> dict:
    return {"p": protokoll, "meeting": protokoll.meeting, "minutes": protokoll.minutes}


def render_protokoll(minutes: Minutes, *, public: bool) -> bytes:
    """The whole protokoll; the public version leaves out non-public §§' content."""
    protokoll = load_protokoll(minutes, public=public)
    return render_pdf("minutes/pdf/protokoll.html", protokoll_context(protokoll))


def extract_context(paragraph: Paragraph) -> dict:
    protokoll = load_protokoll(paragraph.minutes)
    view = next(v for v in protokoll.paragraphs if v.paragraph.pk == paragraph.pk)
    anslag = next(
        (a for a in protokoll.anslag if a.paragraph_id == paragraph.pk),
        protokoll.main_anslag,
    )
    return {
        **protokoll_context(protokoll),
        "view": view,
        "anslag": anslag,
        "is_extract": True,
    }


def render_extract(paragraph: Paragraph) -> bytes:
    """A protokollsutdrag of one §."""
    return render_pdf("minutes/pdf/extract.html", extract_context(paragraph))
