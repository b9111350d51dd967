"""Writes of the case register: ärenden, handlingar, delegationsbeslut."""

import datetime
from collections.abc import Iterable
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from core import history
from federation.models import Body, Federation, Member

from .anmalningsarenden import NotificationList, notification_list
from .models import Case, DelegationDecision, DiariumCounter, Document
from .pdf import render_tjansteskrivelse
from .pdf_validation import CheckedPdf, check_pdf, read_upload

__all__ = [
    "NotificationList",
    "notification_list",
    "open_case",
    "record_delegation_decision",
    "register_document",
    "register_generated_document",
    "register_tjansteskrivelse",
    "update_case",
    "update_document",
]

DOCUMENT_FIELDS = (
    "title",
    "kind",
    "direction",
    "date",
    "counterpart",
    "case",
    "is_secret",
    "osl_reference",
)

CASE_TEXT_FIELDS = (
    "title",
    "status",
    "proposal",
    "description",
    "child_impact",
    "recipients_external",
    "basis_other",
)


def next_diarienummer(federation: Federation, year: int) -> int:
    """Take the next number of the year; the caller's transaction holds the lock.

    The counter row is created if missing (ON CONFLICT DO NOTHING, so two first cases of
    a year do not collide) and then locked, so concurrent callers queue and each gets
    the next number; a rollback gives the number back, which keeps the series gap-free.
    """
    DiariumCounter.objects.bulk_create(
        [DiariumCounter(federation=federation, year=year)], ignore_conflicts=True
    )
    counter = DiariumCounter.objects.select_for_update().get(
        federation=federation, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def open_case(
    federation: Federation,
    *,
    title: str,
    handlaggare: User | None,
    by: User | None,
    opened_on: datetime.date | None = None,
    bodies: Iterable[Body] = (),
    recipient_members: Iterable[Member] = (),
    recipient_bodies: Iterable[Body] = (),
    basis_documents: Iterable[Document] = (),
    **fields: str,
) -> Case:
    """Open an ärende with the next diarienummer, `<prefix> <year>-<number>`."""
    if not title.strip():
        raise ValidationError(_("A case needs a title."))
    _check_fields(fields)
    opened_on = opened_on or timezone.localdate()
    number = next_diarienummer(federation, opened_on.year)
    case = Case(
        federation=federation,
        year=opened_on.year,
        number=number,
        diarienummer=f"{federation.diarium_prefix} {opened_on.year}-{number}",
        title=title.strip(),
        handlaggare=handlaggare,
        opened_on=opened_on,
        **fields,
    )
    history.mark(case, by=by, reason="open_case")
    case.full_clean(exclude=["handlaggare"])
    case.save()
    _set_relations(
        case,
        bodies=bodies,
        recipient_members=recipient_members,
        recipient_bodies=recipient_bodies,
        basis_documents=basis_documents,
    )
    return case


@transaction.atomic
def update_case(
    case: Case,
    *,
    by: User | None,
    handlaggare: User | None = None,
    bodies: Iterable[Body] | None = None,
    recipient_members: Iterable[Member] | None = None,
    recipient_bodies: Iterable[Body] | None = None,
    basis_documents: Iterable[Document] | None = None,
    **fields: str,
) -> Case:
    """Change the ärende and its tjänsteskrivelse; the diarienummer never changes."""
    _check_fields(fields)
    case = Case.objects.select_for_update().get(pk=case.pk)
    for name, value in fields.items():
        setattr(case, name, value)
    case.handlaggare = handlaggare
    if not case.title.strip():
        raise ValidationError(_("A case needs a title."))
    if basis_documents is not None:
        foreign = [d for d in basis_documents if d.case_id != case.pk]
        if foreign:
            raise ValidationError(
                _("The decision basis must be documents of this case.")
            )
    history.save(case, by=by, reason="update_case")
    _set_relations(
        case,
        bodies=bodies,
        recipient_members=recipient_members,
        recipient_bodies=recipient_bodies,
        basis_documents=basis_documents,
    )
    return case


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(CASE_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")


def _set_relations(case: Case, **relations: Iterable | None) -> None:
    for name, values in relations.items():
        if values is None:
            continue
        values = list(values)
        if any(v.federation_id != case.federation_id for v in values):
            raise ValidationError(_("Choose only from this federation's register."))
        getattr(case, name).set(values)


def register_document(
    federation: Federation,
    *,
    uploaded_file: UploadedFile,
    title: str,
    kind: str,
    direction: str,
    date: datetime.date,
    counterpart: str = "",
    case: Case | None = None,
    is_secret: bool = False,
    osl_reference: str = "",
    by: User | None,
    registered_on: datetime.date | None = None,
) -> Document:
    """Check an uploaded PDF by its content and register it in the diarium.

    On any refusal a ValidationError in Swedish is raised and nothing is stored: the
    size is checked before the file is read, and the file is written only after every
    check has passed.
    """
    metadata = {
        "title": title,
        "kind": kind,
        "direction": direction,
        "date": date,
        "counterpart": counterpart,
        "case": case,
        "is_secret": is_secret,
        "osl_reference": osl_reference,
        "registered_on": registered_on,
    }
    _check_metadata(federation, metadata)
    checked = check_pdf(read_upload(uploaded_file))
    return _store(federation, checked, uploaded_file.name or title, metadata, by)


def register_generated_document(
    federation: Federation,
    *,
    content: bytes,
    filename: str,
    title: str,
    kind: str,
    direction: str = Document.Direction.DRAWN_UP,
    date: datetime.date | None = None,
    counterpart: str = "",
    case: Case | None = None,
    is_secret: bool = False,
    osl_reference: str = "",
    by: User | None,
    registered_on: datetime.date | None = None,
) -> Document:
    """Register a PDF the product rendered (a tjänsteskrivelse, a protokoll)."""
    metadata = {
        "title": title,
        "kind": kind,
        "direction": direction,
        "date": date or timezone.localdate(),
        "counterpart": counterpart,
        "case": case,
        "is_secret": is_secret,
        "osl_reference": osl_reference,
        "registered_on": registered_on,
    }
    _check_metadata(federation, metadata)
    return _store(federation, check_pdf(content), filename, metadata, by)


def _check_metadata(federation: Federation, metadata: dict) -> None:
    if not metadata["title"].strip():
        raise ValidationError(_("A document needs a title."))
    if metadata["is_secret"] and not metadata["osl_reference"].strip():
        raise ValidationError(
            _("Give the OSL reference (the ground for secrecy) of a secret document.")
        )
    if metadata["case"] is not None and metadata["case"].federation_id != federation.pk:
        raise ValidationError(_("Choose only from this federation's register."))
    if metadata["kind"] not in Document.Kind.values:
        raise ValidationError(_("Choose a kind of document."))
    if metadata["direction"] not in Document.Direction.values:
        raise ValidationError(_("Choose a direction."))


@transaction.atomic
def _store(
    federation: Federation,
    checked: CheckedPdf,
    filename: str,
    metadata: dict,
    by: User | None,
) -> Document:
    if metadata["registered_on"] is None:
        metadata["registered_on"] = timezone.localdate()
    document = Document(
        federation=federation,
        sha256=checked.sha256,
        page_count=checked.page_count,
        registered_by=by,
        **metadata,
    )
    history.mark(document, by=by, reason="register_document")
    document.file.save(
        _pdf_name(filename, metadata["title"]), ContentFile(checked.content), save=False
    )
    try:
        document.save()
    except Exception:
        # The row failed after the file was written: leave no orphan in MEDIA_ROOT.
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def update_document(
    document: Document, *, by: User | None, **fields: object
) -> Document:
    """Change a handling's metadata (not its file), e.g. mark it sekretess."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    document = Document.objects.select_for_update().get(pk=document.pk)
    metadata = {name: getattr(document, name) for name in DOCUMENT_FIELDS} | fields
    _check_metadata(document.federation, metadata)
    for name, value in fields.items():
        setattr(document, name, value)
    history.save(document, by=by, reason="update_document")
    return document


def _pdf_name(filename: str, title: str) -> str:
    stem = slugify(PurePath(filename).stem) or slugify(title) or "handling"
    return get_valid_filename(f"{stem[:80]}.pdf")


@transaction.atomic
def record_delegation_decision(
    federation: Federation,
    *,
    date: datetime.date,
    decision: str,
    delegate: str,
    case: Case | None = None,
    by: User | None,
    registered_on: datetime.date | None = None,
) -> DelegationDecision:
    if not decision.strip() or not delegate.strip():
        raise ValidationError(
            _("A delegation decision needs a decision and a delegate.")
        )
    if case is not None and case.federation_id != federation.pk:
        raise ValidationError(_("Choose only from this federation's register."))
    item = DelegationDecision(
        federation=federation,
        date=date,
        decision=decision.strip(),
        delegate=delegate.strip(),
        case=case,
        registered_by=by,
        registered_on=registered_on or timezone.localdate(),
    )
    history.save(item, by=by, reason="record_delegation_decision")
    return item


def register_tjansteskrivelse(case: Case, *, by: User | None) -> Document:
    """Render the ärende's tjänsteskrivelse and register it as an upprättad handling."""
    # Rendered for the public: the registered handling is not secret, so it must not
    # name a sekretess beslutsunderlag.
    content = render_tjansteskrivelse(case, None)
    return register_generated_document(
        case.federation,
        content=content,
        filename=f"tjansteskrivelse-{case.diarienummer}",
        title=_("Tjansteskrivelse %(title)s") % {"title": case.title},
        kind=Document.Kind.TJANSTESKRIVELSE,
        direction=Document.Direction.DRAWN_UP,
        case=case,
        by=by,
    )
