"""The kallelse the benchmark publishes: 20 ärenden with 300 pages of bilagor.

The meeting is the first body's (the direktion's) next one, so its anmälningsärenden
are what the direktion gets since its real previous meeting: the handlingar of its own
ärenden (bench.data), about forty, as in a real direktion's list (the reference has 52).
The bilagor are the handläggare's own (upprättade); the meetings of earlier runs are
deleted and their ärenden reused, so none of them is the body's "previous meeting" and
the data stays the same from run to run.
"""

import datetime
import io

import pikepdf
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cases.models import Case, Document
from cases.services import open_case, register_generated_document
from core.pdf import render_html_to_pdf
from federation.models import Body, Federation
from meetings.models import Meeting
from meetings.services import add_case_item, create_meeting

CASES = 20
PAGES_PER_BILAGA = 15
MARK = "Benchmarkens kallelse"

BILAGA_HTML = """<html lang="sv"><head><title>Bilaga</title><style>
@page {{ size: A4; margin: 2cm; }} h1 {{ font-size: 18pt; }} p {{ font-size: 11pt; }}
</style></head><body>{pages}</body></html>"""
# One paragraph of about 2 200 characters: a full page, not two (forty <p> did not fit).
PAGE_HTML = (
    "<section style='break-after: page'><h1>Bilaga, sida {n}</h1><p>"
    + "Underlag för beslut om regional utveckling i länet. " * 40
    + "</p></section>"
)


def bilaga_template() -> bytes:
    """One 15-page bilaga rendered once; each ärende gets a copy with its own title."""
    pages = "".join(PAGE_HTML.format(n=n + 1) for n in range(PAGES_PER_BILAGA))
    data = render_html_to_pdf(BILAGA_HTML.format(pages=pages))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) != PAGES_PER_BILAGA:  # the budget is for 300 pages
            raise ValueError(f"a bilaga of {len(pdf.pages)} pages")
    return data


def _variant(template: bytes, index: int) -> bytes:
    with pikepdf.open(io.BytesIO(template)) as pdf:
        with pdf.open_metadata() as meta:
            meta["dc:title"] = f"Bilaga till ärende {index}"
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def kallelse_meeting(federation: Federation) -> Meeting:
    """A new planned meeting with the 20 ärenden: each run publishes one of its own.

    The previous runs' meetings are deleted and their ärenden reused, so the data does
    not grow from run to run (the newest handlingar would otherwise be the bench's).
    """
    body = Body.objects.filter(federation=federation).earliest("pk")
    chef = User.objects.get(username="bench_chef")
    template = bilaga_template()
    with transaction.atomic():
        day = timezone.localdate() + datetime.timedelta(days=30)
        earlier = Meeting.objects.filter(body=body, place=MARK)
        reused = list(
            Case.objects.filter(agenda_items__meeting__in=earlier)
            .distinct()
            .order_by("pk")[:CASES]
        )
        for old in earlier:
            old.delete()
        meeting = create_meeting(
            body,
            date=day,
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
            place=MARK,
            by=chef,
        )
        for index in range(1, CASES + 1):
            if index <= len(reused):
                case = reused[index - 1]
            else:
                case = _new_case(federation, body, chef, template, index)
            add_case_item(meeting, case=case, minutes=10, by=chef)
    return meeting


def _new_case(federation, body, chef, template: bytes, index: int) -> Case:
    case = open_case(
        federation,
        title=f"Regional utveckling, del {index}",
        handlaggare=chef,
        by=chef,
    )
    case.proposal = "Direktionen godkänner förslaget.\nUppdraget återrapporteras."
    case.description = "Ärendet beskriver regional samverkan. " * 30
    case.status = Case.Status.READY
    case.save()
    case.bodies.add(body)
    register_generated_document(
        federation,
        content=_variant(template, index),
        filename=f"bilaga-{index}.pdf",
        title=f"Bilaga till ärende {index}",
        kind="bilaga",
        direction=Document.Direction.DRAWN_UP,
        case=case,
        by=chef,
    )
    return case
