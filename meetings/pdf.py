"""The kallelse as one PDF: cover, tjänsteskrivelser, bilagor, anmälningsärenden.

The pages the product renders (cover, tjänsteskrivelser, the anmälningsärenden list)
come from core.pdf as PDF/A-3a. Uploaded bilagor are whatever their senders made, so the
merged file claims no PDF/A conformance: a plain PDF with bookmarks, /Lang and /Title.
"""

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass, field

import pikepdf
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.anmalningsarenden import NotificationList, notification_list
from cases.models import Case, Document
from cases.pdf import (
    NOTIFICATION_LIST_TEMPLATE,
    TJANSTESKRIVELSE_TEMPLATE,
    notification_list_context,
    render_tjansteskrivelse,
    tjansteskrivelse_context,
)
from core.pdf import render_pdfs

from .models import ItemKind, KallelseVersion, Meeting
from .selectors import kallade_for, previous_meeting

logger = logging.getLogger(__name__)
TJANSTESKRIVELSE_CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class Section:
    """A run of pages with a bookmark, and bookmarks below it."""

    title: str
    pdf: bytes
    children: list["Section"] = field(default_factory=list)


def notifications_for(meeting: Meeting, *, audience=None) -> NotificationList:
    """Anmälningsärenden reported to the body since its previous meeting, as the
    secretary chose: the direktion gets the diarium, another body what its ärenden
    bring (cases.anmalningsarenden)."""
    before = previous_meeting(meeting)
    since = before.date if before else meeting.date - datetime.timedelta(days=365)
    return notification_list(
        meeting.body.federation,
        since=since,
        until=meeting.date,
        audience=audience,
        body=meeting.body,
        exclude_document_ids=meeting.notification_exclude_document_ids,
        exclude_delegation_ids=meeting.notification_exclude_delegation_ids,
        extra_document_ids=meeting.notification_extra_document_ids,
        extra_delegation_ids=meeting.notification_extra_delegation_ids,
    )


def cover_context(
    meeting: Meeting,
    version: KallelseVersion,
    notifications: NotificationList | None = None,
) -> dict:
    """The cover page: the kallade as in the reference, then the dagordning."""
    items = version.snapshot["items"]
    if notifications is None:
        notifications = notifications_for(meeting)
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
        "kallade": kallade,
        "chair": kallade.composition.ordforande,
        "rows": rows,
    }


_CONTENT_KIND_VALUES = {"beslut", "information", "dialog", "rapport"}


def _case_fingerprint(case: Case) -> str:
    """What the tjänsteskrivelse is made of: the ärende's fields and relations."""
    values = [
        (f.attname, str(getattr(case, f.attname))) for f in case._meta.concrete_fields
    ]
    for relation in ("basis_documents", "recipient_members", "recipient_bodies"):
        manager = getattr(case, relation, None)
        if manager is not None:
            values.append((relation, str(sorted(manager.values_list("pk", flat=True)))))
    values.extend(
        (f"document {pk}", title)
        for pk, title in case.documents.order_by("pk").values_list("pk", "title")
    )
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _tjansteskrivelse_key(case: Case) -> str:
    return f"meetings:tjansteskrivelse:{_case_fingerprint(case)}"


def tjansteskrivelse_pdf(case: Case) -> bytes:
    """Render an ärende's tjänsteskrivelse once per content: cached by content hash."""
    key = _tjansteskrivelse_key(case)
    data = cache.get(key)
    if data is None:
        data = render_tjansteskrivelse(case, None)
        cache.set(key, data, TJANSTESKRIVELSE_CACHE_SECONDS)
    return data


def kallelse_sections(version: KallelseVersion) -> list[Section]:
    """The kallelse's parts in order. What the product renders (the cover, each
    tjänsteskrivelse not cached yet, the anmälningsärenden list) is rendered in one
    write, so the fonts are subset once (core.pdf.render_pdfs)."""
    meeting = version.meeting
    items = version.snapshot["items"]
    notifications = notifications_for(meeting)
    cases = Case.objects.in_bulk([i["case_id"] for i in items if i["case_id"]])
    keys = {pk: _tjansteskrivelse_key(case) for pk, case in cases.items()}
    tjansteskrivelser = cache.get_many(list(keys.values()))
    to_render = [
        ("meetings/pdf/kallelse.html", cover_context(meeting, version, notifications))
    ]
    missing = [pk for pk, key in keys.items() if key not in tjansteskrivelser]
    to_render += [
        (TJANSTESKRIVELSE_TEMPLATE, tjansteskrivelse_context(cases[pk], None))
        for pk in missing
    ]
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
    document_ids = [d for i in items for d in i["documents"]]
    documents = Document.objects.in_bulk(document_ids)
    for position, item in enumerate(items, start=1):
        case = cases.get(item["case_id"])
        if case is None:
            continue
        title = f"{position}. {item['title']}"
        section = Section(title, tjansteskrivelser[keys[case.pk]])
        for doc_id in item["documents"]:
            doc = documents.get(doc_id)
            if doc is not None and doc.file:
                with doc.file.open("rb") as handle:
                    section.children.append(Section(doc.title, handle.read()))
        sections.append(section)
    if with_list:
        sections.append(Section(str(ItemKind.NOTIFICATIONS.label), rendered[-1]))
    return sections


def _cover_title(meeting: Meeting) -> str:
    return f"Kallelse {meeting.body.name} {meeting.date:%Y-%m-%d}"


def merge_sections(sections: list[Section], *, title: str) -> bytes:
    """One PDF of every section, a bookmark per section and per child below it."""
    merged = pikepdf.new()
    outline_items = []
    for section in sections:
        start = len(merged.pages)
        _append(merged, section.pdf)
        item = pikepdf.OutlineItem(section.title, start)
        for child in section.children:
            item.children.append(pikepdf.OutlineItem(child.title, len(merged.pages)))
            _append(merged, child.pdf)
        outline_items.append(item)
    with merged.open_outline() as outline:
        outline.root.extend(outline_items)
    merged.Root.Lang = pikepdf.String("sv")
    merged.Root.PageMode = pikepdf.Name.UseOutlines
    merged.docinfo["/Title"] = pikepdf.String(title)
    buffer = io.BytesIO()
    merged.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _append(merged: pikepdf.Pdf, data: bytes) -> None:
    source = pikepdf.open(io.BytesIO(data))
    for page in source.pages:
        # The source's structure tree does not come along; a dangling reference
        # to it would make the merged file invalid.
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        merged.pages.append(page)


def build_kallelse_pdf(version: KallelseVersion) -> bytes:
    meeting = version.meeting
    return merge_sections(kallelse_sections(version), title=_cover_title(meeting))


def _file_name(version: KallelseVersion) -> str:
    meeting = version.meeting
    slug = slugify(meeting.body.short_name) or "organ"
    day = f"{meeting.date:%Y-%m-%d}"
    # The meeting's id: a body can meet twice a day, and a build deletes the file
    # of its name first (its own earlier attempt), never another meeting's.
    name = f"{slug}-{day}-{meeting.pk}-v{version.number}.pdf"
    return f"kallelser/{meeting.date:%Y}/{name}"


def store_kallelse_pdf(version: KallelseVersion) -> KallelseVersion:
    """Build and store a version's PDF once; a second run finds it done.

    The row is locked to claim the build and again to store the result, so two
    workers (a retry, a double delivery) leave one file with one content hash.
    """
    with transaction.atomic():
        version = KallelseVersion.objects.select_for_update().get(pk=version.pk)
        if version.build_status == KallelseVersion.BuildStatus.DONE:
            return version
        version.build_status = KallelseVersion.BuildStatus.RUNNING
        version.build_attempts += 1
        version._change_reason = "build_kallelse_pdf"
        version.save(update_fields=["build_status", "build_attempts"])
    try:
        data = build_kallelse_pdf(version)
    except OSError:
        raise  # transient: the task retries
    except Exception as error:
        logger.exception("Kallelse %s could not be built", version.pk)
        return _mark_failed(version, error)
    with transaction.atomic():
        version = KallelseVersion.objects.select_for_update().get(pk=version.pk)
        if version.build_status == KallelseVersion.BuildStatus.DONE:
            return version
        name = _file_name(version)
        default_storage.delete(name)
        version.file.name = default_storage.save(name, ContentFile(data))
        version.sha256 = hashlib.sha256(data).hexdigest()
        version.page_count = len(pikepdf.open(io.BytesIO(data)).pages)
        version.build_status = KallelseVersion.BuildStatus.DONE
        version.build_error = ""
        version._change_reason = "build_kallelse_pdf"
        version.save(
            update_fields=[
                "file",
                "sha256",
                "page_count",
                "build_status",
                "build_error",
            ]
        )
    return version


STALE_PENDING = datetime.timedelta(minutes=2)


def requeue_stale_builds(now: datetime.datetime | None = None) -> int:
    """Dispatch again every build still PENDING two minutes after publishing: its
    message never reached the broker (an outage). A duplicate of a message that is
    only slow is harmless: store_kallelse_pdf builds a version once."""
    from .tasks import build_kallelse_pdf_task

    now = now or timezone.now()
    stale = KallelseVersion.objects.filter(
        build_status=KallelseVersion.BuildStatus.PENDING,
        published_at__lt=now - STALE_PENDING,
    ).values_list("pk", flat=True)
    ids = list(stale)
    for version_id in ids:
        build_kallelse_pdf_task.delay(version_id=version_id)
    if ids:
        logger.warning("Dispatched %s stale kallelse builds again: %s", len(ids), ids)
    return len(ids)


def _mark_failed(version: KallelseVersion, error: Exception) -> KallelseVersion:
    version.build_status = KallelseVersion.BuildStatus.FAILED
    version.build_error = f"{type(error).__name__}: {error}"[:2000]
    version._change_reason = "build_kallelse_pdf"
    version.save(update_fields=["build_status", "build_error"])
    return version
