"""The kallelse as one PDF: cover, tjänsteskrivelser, bilagor, anmälningsärenden.

The pages the product renders (cover, tjänsteskrivelser, the anmälningsärenden list)
come from core.pdf as PDF/A-3a and keep their structure trees in the merged file, one
Part each. Uploaded bilagor are whatever their senders made: each is checked again
with the upload check (the rules may be newer than the file), one that fails is left
out with a note on the cover, and the rest are copied untagged (the reason the merged
file claims no PDF/A conformance) without their pages' and annotations' actions.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.anmalningsarenden import NotificationList
from cases.models import Case, Document
from cases.pdf import (
    NOTIFICATION_LIST_TEMPLATE,
    TJANSTESKRIVELSE_TEMPLATE,
    notification_list_context,
    tjansteskrivelse_context,
)
from cases.pdf_validation import check_pdf
from core.pdf import TaggedPdf, TaggedSource, render_pdf, render_pdfs
from federation.cache import RELEASE

from .kallelse_print import print_of
from .models import ItemKind, KallelseVersion, Meeting
from .selectors import notifications_for
from .stamp import embed_font, stamp_page

if TYPE_CHECKING:
    import pikepdf

TJANSTESKRIVELSE_CACHE_SECONDS = 7 * 24 * 3600
# Actions removed from every copied bilaga page, its annotations and their form fields.
ACTION_KEYS = ("/A", "/AA")


@dataclass
class Section:
    """A run of pages with a bookmark, and bookmarks below it."""

    title: str
    pdf: bytes
    children: list[Section] = field(default_factory=list)
    # The header stamped on each of its pages: the bilaga reference and the dnr.
    stamp: str = ""


@dataclass(frozen=True)
class LeftOut:
    """A bilaga that failed the check and is not in the kallelse, and why."""

    item: str
    title: str
    reason: str


def version_notifications(version: KallelseVersion) -> NotificationList:
    """The anmälningsärenden as the secretary had chosen them when publishing."""
    return notifications_for(
        version.meeting, choices=version.snapshot.get("notifications")
    )


def bilaga_references(
    items: list[dict], *, included: set[int] | None, with_list: bool
) -> dict[int, list[str]]:
    """The references of each item's parts in the kallelse, by item number: "9.1"
    its tjänsteskrivelse, "9.2" onwards its bilagor that passed the check
    (`included`, every one when None), "17.1" the anmälningsärenden list."""
    references: dict[int, list[str]] = {}
    for position, item in enumerate(items, start=1):
        if item["case_id"]:
            documents = [
                pk for pk in item["documents"] if included is None or pk in included
            ]
            count = 1 + len(documents)
        elif item["kind"] == ItemKind.NOTIFICATIONS and with_list:
            count = 1
        else:
            continue
        references[position] = [f"{position}.{n}" for n in range(1, count + 1)]
    return references


def _span(references: list[str]) -> str:
    """ "9.1" for one reference, "9.1–9.4" for a run of them, "" for none."""
    if len(references) > 1:
        return f"{references[0]}–{references[-1]}"
    return references[0] if references else ""


def show_kind(kind: str, title: str) -> bool:
    """Whether the agenda prints the item's kind before its title: for the kinds
    of content, unless the title starts with the kind's word already ("Rapport
    från kommunchefsgruppen", not "Rapport Rapport från ...")."""
    if kind not in _CONTENT_KIND_VALUES:
        return False
    label = str(ItemKind(kind).label).casefold()
    first = title.split(maxsplit=1)[0].casefold() if title.strip() else ""
    return first.strip(",.:;") != label


def cover_context(
    meeting: Meeting,
    version: KallelseVersion,
    notifications: NotificationList | None = None,
    left_out: list[LeftOut] | None = None,
    references: dict[int, list[str]] | None = None,
) -> dict:
    """The cover page as in the reference kallelse: the letterhead, the kallade,
    the signatures of the ordförande and the förbundsdirektör, then the dagordning
    with each item's bilaga references (`references`, bilaga_references)."""
    items = version.snapshot["items"]
    if notifications is None:
        notifications = version_notifications(version)
    if references is None:
        references = bilaga_references(
            items, included=None, with_list=notifications.entry_count > 0
        )
    # What was published, not what the registers say at build time (kallelse_print).
    printed = print_of(version)
    rows = []
    for position, item in enumerate(items, start=1):
        is_next = item["kind"] == ItemKind.NEXT_MEETING
        rows.append(
            {
                "number": position,
                "kind": ItemKind(item["kind"]).label,
                "show_kind": show_kind(item["kind"], item["title"]),
                "title": item["title"],
                "minutes": item["minutes"],
                "presenter": item["presenter"],
                "note": item.get("note") or "",
                "bilagor": _span(references.get(position, [])),
                "has_bilaga": position in references,
                "next_meeting": printed["next_meeting"] if is_next else None,
            }
        )
    return {
        "meeting": meeting,
        "body": meeting.body,
        "federation": meeting.body.federation,
        "logo_url": printed["logo_url"],
        "version": version,
        "place": version.snapshot.get("place", meeting.place),
        "kallade": printed["kallade"],
        "chair": printed["chair"],
        "director": printed["director"],
        "rows": rows,
        "left_out": left_out or [],
    }


_CONTENT_KIND_VALUES = {"beslut", "information", "dialog", "rapport"}


def _tjansteskrivelse_key(context: dict) -> str:
    """The content of a tjänsteskrivelse: every value its template shows (a document
    marked sekretess later leaves the list), the förbund's name, the language and
    the release that rendered it."""
    shown = {k: v for k, v in context.items() if k not in {"case", "federation"}}
    content = repr(
        (sorted(shown.items()), context["federation"].name, get_language(), RELEASE)
    )
    return f"meetings:tjansteskrivelse:{hashlib.sha256(content.encode()).hexdigest()}"


def tjansteskrivelse_pdf(case: Case) -> bytes:
    """Render an ärende's public tjänsteskrivelse once per content."""
    context = tjansteskrivelse_context(case, None)
    key = _tjansteskrivelse_key(context)
    data = cache.get(key)
    if data is None:
        data = render_pdf(TJANSTESKRIVELSE_TEMPLATE, context)
        cache.set(key, data, TJANSTESKRIVELSE_CACHE_SECONDS)
    return data


def kallelse_sections(version: KallelseVersion) -> list[Section]:
    """The kallelse's parts in order. What the product renders (the cover, each
    tjänsteskrivelse not cached yet, the anmälningsärenden list) is rendered in one
    write, so the fonts are subset once (core.pdf.render_pdfs). The bilagor are read
    and checked first: the cover names those left out, and numbers the others."""
    meeting = version.meeting
    items = version.snapshot["items"]
    notifications = version_notifications(version)
    cases = Case.objects.in_bulk([i["case_id"] for i in items if i["case_id"]])
    bilagor, left_out = _checked_bilagor(items, cases)
    # The merged file numbers its pages: the rendered parts leave theirs out.
    contexts = {
        pk: {**tjansteskrivelse_context(case, None), "pages_numbered_by_kallelse": True}
        for pk, case in cases.items()
    }
    keys = {pk: _tjansteskrivelse_key(context) for pk, context in contexts.items()}
    tjansteskrivelser = cache.get_many(list(keys.values()))
    # The list belongs to its agenda item: none when the secretary dropped the item.
    has_item = any(i["kind"] == ItemKind.NOTIFICATIONS for i in items)
    with_list = has_item and notifications.entry_count > 0
    references = bilaga_references(items, included=set(bilagor), with_list=with_list)
    cover = cover_context(meeting, version, notifications, left_out, references)
    to_render = [("meetings/pdf/kallelse.html", cover)]
    missing = [pk for pk, key in keys.items() if key not in tjansteskrivelser]
    to_render += [(TJANSTESKRIVELSE_TEMPLATE, contexts[pk]) for pk in missing]
    if with_list:
        to_render.append(
            (
                NOTIFICATION_LIST_TEMPLATE,
                {
                    **notification_list_context(notifications, meeting.body.federation),
                    "pages_numbered_by_kallelse": True,
                },
            )
        )
    rendered = render_pdfs(to_render)
    fresh = {keys[pk]: data for pk, data in zip(missing, rendered[1:], strict=False)}
    cache.set_many(fresh, TJANSTESKRIVELSE_CACHE_SECONDS)
    tjansteskrivelser.update(fresh)

    sections = [Section(_cover_title(meeting), rendered[0])]
    for position, item in enumerate(items, start=1):
        case = cases.get(item["case_id"])
        if case is None:
            if item["kind"] == ItemKind.NOTIFICATIONS and with_list:
                stamp = _stamp(references[position][0], "")
                title = str(ItemKind.NOTIFICATIONS.label)
                sections.append(Section(title, rendered[-1], stamp=stamp))
            continue
        numbers = iter(references[position])
        title = f"{position}. {item['title']}"
        section = Section(
            title,
            tjansteskrivelser[keys[case.pk]],
            stamp=_stamp(next(numbers), case.diarienummer),
        )
        for pk in item["documents"]:
            if pk in bilagor:
                child = bilagor[pk]
                child.stamp = _stamp(next(numbers), case.diarienummer)
                section.children.append(child)
        sections.append(section)
    return sections


def _stamp(reference: str, diarienummer: str) -> str:
    """The header of a bilaga's pages: "Bilaga 9.1 · Dnr BRS 2024-12"."""
    with translation.override("sv"):
        parts = [_("Attachment %(reference)s") % {"reference": reference}]
        if diarienummer:
            parts.append(_("Ref. no. %(number)s") % {"number": diarienummer})
    return " · ".join(parts)


def _checked_bilagor(
    items: list[dict], cases: dict[int, Case]
) -> tuple[dict[int, Section], list[LeftOut]]:
    """Every bilaga's file checked again as at upload: the ones that pass, by
    document id, and the ones left out, with the check's reason."""
    documents = Document.objects.in_bulk([d for i in items for d in i["documents"]])
    bilagor: dict[int, Section] = {}
    left_out: list[LeftOut] = []
    for position, item in enumerate(items, start=1):
        if item["case_id"] not in cases:
            continue
        for doc_id in item["documents"]:
            doc = documents.get(doc_id)
            if doc is None or not doc.file:
                continue
            with doc.file.open("rb") as handle:
                data = handle.read()
            try:
                with translation.override("sv"):
                    bilagor[doc_id] = Section(doc.title, check_pdf(data).content)
            except ValidationError as refusal:
                item_title = f"{position}. {item['title']}"
                left_out.append(LeftOut(item_title, doc.title, _reason(refusal)))
    return bilagor, left_out


def _reason(refusal: ValidationError) -> str:
    return " ".join(refusal.messages)


def _cover_title(meeting: Meeting) -> str:
    return f"Kallelse {meeting.body.name} {meeting.date:%Y-%m-%d}"


def merge_sections(sections: list[Section], *, title: str) -> bytes:
    """One PDF of every section, a bookmark per section and per child below it,
    and one page numbering over all of it ("Sida N av M", stamp.py).

    The sections are what the product rendered: each one's structure tree becomes a
    Part, titled as its bookmark, of the merged file's Document. The children are the
    uploaded bilagor, copied as received and outside the structure tree.
    """
    import pikepdf  # slow

    merged = TaggedPdf()
    outline_items = []
    # Per page: the header it is stamped with, and whether it is a bilaga's.
    headers: list[tuple[str, bool]] = []
    for section in sections:
        item = pikepdf.OutlineItem(section.title, len(merged.pdf.pages))
        merged.append(_open(section.pdf), title=section.title)
        headers += [(section.stamp, False)] * (len(merged.pdf.pages) - len(headers))
        for child in section.children:
            first = len(merged.pdf.pages)
            item.children.append(pikepdf.OutlineItem(child.title, first))
            merged.append_untagged(pikepdf.open(io.BytesIO(child.pdf)))
            for page in merged.pdf.pages[first:]:
                _remove_actions(page.obj)
            headers += [(child.stamp, True)] * (len(merged.pdf.pages) - first)
        outline_items.append(item)
    _number_pages(merged.pdf, headers)
    with merged.pdf.open_outline() as outline:
        outline.root.extend(outline_items)
    _describe(merged.pdf, title=title)
    # Object streams: the structure tree's many small objects, compressed.
    return merged.to_bytes(
        deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
    )


def _number_pages(pdf: pikepdf.Pdf, headers: list[tuple[str, bool]]) -> None:
    """Every page's "Sida N av M" and its header, with one font for all."""
    font = embed_font(pdf)
    opening = pdf.make_stream(b"q\n")
    total = len(pdf.pages)
    with translation.override("sv"):
        footer = _("Page %(page)s of %(pages)s")
    for index, (page, (header, foreign)) in enumerate(
        zip(pdf.pages, headers, strict=True), start=1
    ):
        stamp_page(
            pdf,
            page,
            font,
            footer=footer % {"page": index, "pages": total},
            header=header,
            foreign=foreign,
            opening=opening,
        )


def _remove_actions(page: pikepdf.Dictionary) -> None:
    """A copied bilaga page without actions: its own (/AA), its annotations' and
    those of the form fields above its widgets (/A, /AA). Links keep their /Dest.
    The document-level actions (/OpenAction, /Names, /AcroForm) stay in the source:
    only pages are copied."""
    import pikepdf  # slow

    owners = [page]
    for annotation in page.get("/Annots", pikepdf.Array()):
        field: pikepdf.Object | None = annotation
        seen = set()
        while isinstance(field, pikepdf.Dictionary) and id(field) not in seen:
            seen.add(id(field))
            owners.append(field)
            field = field.get("/Parent")
    for owner in owners:
        for key in ACTION_KEYS:
            if key in owner:
                del owner[key]


def _open(data: bytes) -> TaggedSource:
    import pikepdf  # slow

    return TaggedSource(pikepdf.open(io.BytesIO(data)))


def _describe(pdf: pikepdf.Pdf, *, title: str) -> None:
    """Language, title and producer, in the catalog, the document info and the XMP."""
    import pikepdf  # slow

    pdf.Root.Lang = pikepdf.String("sv")
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    # No editor stamp: it carries the time, and a build must give the same bytes.
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = ["sv"]
        meta["pdf:Producer"] = f"Förbundsportalen (pikepdf {pikepdf.__version__})"


def build_kallelse_pdf(version: KallelseVersion) -> bytes:
    meeting = version.meeting
    return merge_sections(kallelse_sections(version), title=_cover_title(meeting))


def kallelse_file_name(version: KallelseVersion) -> str:
    meeting = version.meeting
    slug = slugify(meeting.body.short_name) or "organ"
    day = f"{meeting.date:%Y-%m-%d}"
    # The meeting's id: a body can meet twice a day, and a build overwrites the file
    # of its name (its own earlier attempt), never another meeting's.
    name = f"{slug}-{day}-{meeting.pk}-v{version.number}.pdf"
    return f"kallelser/{meeting.date:%Y}/{name}"
