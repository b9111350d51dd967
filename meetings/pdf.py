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

from .models import ItemKind, KallelseVersion, Meeting
from .selectors import kallade_for, notifications_for

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


def cover_context(
    meeting: Meeting,
    version: KallelseVersion,
    notifications: NotificationList | None = None,
    left_out: list[LeftOut] | None = None,
) -> dict:
    """The cover page: the kallade as in the reference, then the dagordning."""
    items = version.snapshot["items"]
    if notifications is None:
        notifications = version_notifications(version)
    rows = []
    for position, item in enumerate(items, start=1):
        has_bilaga = bool(item["case_id"]) or (
            item["kind"] == ItemKind.NOTIFICATIONS and notifications.entry_count > 0
        )
        rows.append(
            {
                "number": position,
                "kind": ItemKind(item["kind"]).label,
                "show_kind": item["kind"] in _CONTENT_KIND_VALUES,
                "title": item["title"],
                "minutes": item["minutes"],
                "presenter": item["presenter"],
                "has_bilaga": has_bilaga,
            }
        )
    kallade = kallade_for(meeting)
    return {
        "meeting": meeting,
        "body": meeting.body,
        "federation": meeting.body.federation,
        "version": version,
        "place": version.snapshot.get("place", meeting.place),
        "kallade": kallade,
        "chair": kallade.composition.ordforande,
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
    and checked first: the cover names those left out."""
    meeting = version.meeting
    items = version.snapshot["items"]
    notifications = version_notifications(version)
    cases = Case.objects.in_bulk([i["case_id"] for i in items if i["case_id"]])
    bilagor, left_out = _checked_bilagor(items, cases)
    contexts = {pk: tjansteskrivelse_context(case, None) for pk, case in cases.items()}
    keys = {pk: _tjansteskrivelse_key(context) for pk, context in contexts.items()}
    tjansteskrivelser = cache.get_many(list(keys.values()))
    cover = cover_context(meeting, version, notifications, left_out)
    to_render = [("meetings/pdf/kallelse.html", cover)]
    missing = [pk for pk, key in keys.items() if key not in tjansteskrivelser]
    to_render += [(TJANSTESKRIVELSE_TEMPLATE, contexts[pk]) for pk in missing]
    # The list belongs to its agenda item: none when the secretary dropped the item.
    has_item = any(i["kind"] == ItemKind.NOTIFICATIONS for i in items)
    with_list = has_item and notifications.entry_count > 0
    if with_list:
        to_render.append(
            (
                NOTIFICATION_LIST_TEMPLATE,
                notification_list_context(notifications, meeting.body.federation),
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
            continue
        title = f"{position}. {item['title']}"
        section = Section(title, tjansteskrivelser[keys[case.pk]])
        section.children = [bilagor[pk] for pk in item["documents"] if pk in bilagor]
        sections.append(section)
    if with_list:
        sections.append(Section(str(ItemKind.NOTIFICATIONS.label), rendered[-1]))
    return sections


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
    """One PDF of every section, a bookmark per section and per child below it.

    The sections are what the product rendered: each one's structure tree becomes a
    Part, titled as its bookmark, of the merged file's Document. The children are the
    uploaded bilagor, copied as received and outside the structure tree.
    """
    import pikepdf  # slow

    merged = TaggedPdf()
    outline_items = []
    for section in sections:
        item = pikepdf.OutlineItem(section.title, len(merged.pdf.pages))
        merged.append(_open(section.pdf), title=section.title)
        for child in section.children:
            first = len(merged.pdf.pages)
            item.children.append(pikepdf.OutlineItem(child.title, first))
            merged.append_untagged(pikepdf.open(io.BytesIO(child.pdf)))
            for page in merged.pdf.pages[first:]:
                _remove_actions(page.obj)
        outline_items.append(item)
    with merged.pdf.open_outline() as outline:
        outline.root.extend(outline_items)
    _describe(merged.pdf, title=title)
    # Object streams: the structure tree's many small objects, compressed.
    return merged.to_bytes(
        deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
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
