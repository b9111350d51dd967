"""The protokoll and protokollsutdrag of a draft, rendered as they stand (PDF/A-3a).

A draft is laid out exactly as the justerat protokoll will be: it is rendered from
a snapshot taken now (minutes.frozen), with the templates that print the frozen
versions, so there is one layout of each document."""

from core.pdf import render_pdf

from .frozen import extract_snapshot, render_anslagsbevis, snapshot_protokoll
from .models import Minutes, Paragraph
from .selectors import load_protokoll


def render_protokoll(minutes: Minutes, *, public: bool) -> bytes:
    """The whole protokoll; the public version leaves out non-public §§' content."""
    snapshot = snapshot_protokoll(minutes, public=public)
    return render_pdf("minutes/pdf/protokoll_frozen.html", {"f": snapshot})


def extract_context(paragraph: Paragraph) -> dict:
    """The utdrag of one § as it stands: the protokoll's snapshot cut to the §, with
    the §'s own anslag where it was justerat at the meeting."""
    minutes = paragraph.minutes
    protokoll = load_protokoll(minutes)
    snapshot = snapshot_protokoll(minutes, public=False, protokoll=protokoll)
    own = next((a for a in protokoll.anslag if a.paragraph_id == paragraph.pk), None)
    context = {"p": protokoll, "meeting": minutes.meeting, "minutes": minutes}
    frozen = extract_snapshot(
        snapshot,
        paragraph.pk,
        anslag_html=render_anslagsbevis(context, own) if own else None,
    )
    return {"f": frozen, "par": frozen["paragraph"]}


def render_extract(paragraph: Paragraph) -> bytes:
    """A protokollsutdrag of one §."""
    return render_pdf("minutes/pdf/extract_frozen.html", extract_context(paragraph))
