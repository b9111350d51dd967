"""Rules and workflows of meetings: the dagordning, kallade, publishing, feeds."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.models import Case, DelegationDecision, Document
from cases.selectors import file_refusal
from core import history
from core.documents import build_document
from federation.models import Body, Person

from .models import (
    CONTENT_KINDS,
    OPENING_KINDS,
    STANDARD_KINDS,
    AgendaItem,
    BodyMeetingSettings,
    CalendarToken,
    ItemKind,
    KallelseDelivery,
    KallelseVersion,
    Meeting,
)
from .pdf import LeftOut, build_kallelse_pdf, kallelse_file_name
from .selectors import kallade_for
from .tasks import build_kallelse_pdf_task, send_kallelse_mail_task

logger = logging.getLogger(__name__)


def meeting_settings_for(body: Body) -> BodyMeetingSettings:
    return BodyMeetingSettings.objects.get_or_create(body=body)[0]


@transaction.atomic
def configure_body_meetings(
    body: Body, *, standard_items: list[str], default_place: str, by: User | None
) -> BodyMeetingSettings:
    """Choose the standard items a body's new meetings get, in the canonical order."""
    unknown = set(standard_items) - {str(kind) for kind in STANDARD_KINDS}
    if unknown:
        raise ValidationError(
            _("Unknown standard items: %(items)s")
            % {"items": ", ".join(sorted(unknown))}
        )
    body_settings = meeting_settings_for(body)
    body_settings.standard_items = [
        str(kind) for kind in STANDARD_KINDS if str(kind) in standard_items
    ]
    body_settings.default_place = default_place.strip()
    history.save(body_settings, by=by, reason="configure")
    return body_settings


@transaction.atomic
def set_invited(meeting: Meeting, *, persons: list[Person], by: User | None) -> None:
    """The officials invited besides the body's members; part of the kallade."""
    if any(p.federation_id != meeting.body.federation_id for p in persons):
        raise ValidationError(_("Only persons of the förbund can be invited."))
    meeting = _lock_agenda(meeting, None)
    meeting.invited.set(persons)
    _bump(meeting, by, "set_invited")


def _standard_title(kind: str) -> str:
    with override("sv"):
        return str(ItemKind(kind).label)


@transaction.atomic
def create_meeting(
    body: Body,
    *,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time | None = None,
    place: str = "",
    by: User | None = None,
) -> Meeting:
    """Plan a meeting; it gets the body's standard items in their configured order."""
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The meeting must end after it starts."))
    body_settings = meeting_settings_for(body)
    meeting = Meeting(
        body=body,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place or body_settings.default_place,
    )
    history.save(meeting, by=by, reason="create_meeting")
    for position, kind in enumerate(body_settings.standard_items, start=1):
        if kind not in STANDARD_KINDS:
            continue
        item = AgendaItem(
            meeting=meeting, position=position, kind=kind, title=_standard_title(kind)
        )
        history.save(item, by=by, reason="create_meeting")
    return meeting


# --- The dagordning ---


def _lock_agenda(meeting: Meeting, agenda_version: int | None) -> Meeting:
    """Lock the meeting row and refuse a save made on an older agenda (optimistic)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not locked.is_editable:
        raise ValidationError(_("The agenda of a held meeting can no longer change."))
    if agenda_version is not None and agenda_version != locked.agenda_version:
        raise ValidationError(
            _(
                "Someone else changed the agenda while you worked on it. "
                "The agenda has been reloaded; make your change again."
            ),
            code="stale",
        )
    return locked


def _bump(meeting: Meeting, by: User | None, reason: str) -> None:
    meeting.agenda_version += 1
    history.save(meeting, by=by, reason=reason, update_fields=["agenda_version"])


def _save_positions(items: list[AgendaItem], by: User | None, reason: str) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            history.save(item, by=by, reason=reason, update_fields=["position"])


def _insert_position(items: list[AgendaItem]) -> int:
    """New items go before the closing standard items (anmälningsärenden onwards)."""
    for index, item in enumerate(items):
        if item.is_standard and item.kind not in OPENING_KINDS:
            return index
    return len(items)


def _insert(
    meeting: Meeting, item: AgendaItem, by: User | None, reason: str
) -> AgendaItem:
    items = list(meeting.items.all())
    items.insert(_insert_position(items), item)
    item.position = items.index(item) + 1
    history.save(item, by=by, reason=reason)
    _save_positions(items, by, reason)
    _bump(meeting, by, reason)
    return item


@transaction.atomic
def add_case_item(
    meeting: Meeting,
    *,
    case: Case,
    kind: str = ItemKind.DECISION,
    minutes: int | None = None,
    presenter: str = "",
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Put an ärende that is ready for decision on the agenda."""
    meeting = _lock_agenda(meeting, agenda_version)
    if case.federation_id != meeting.body.federation_id:
        raise ValidationError(_("The ärende belongs to another federation."))
    if case.status != Case.Status.READY:
        raise ValidationError(
            _("Only an ärende that is ready for decision can be added.")
        )
    if meeting.items.filter(case=case).exists():
        raise ValidationError(_("The ärende is already on the agenda."))
    if kind not in CONTENT_KINDS:
        raise ValidationError(_("Choose beslut, information, dialog or rapport."))
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        title=case.title,
        minutes=minutes,
        presenter=presenter,
        case=case,
    )
    return _insert(meeting, item, by, "add_case_item")


@transaction.atomic
def add_free_item(
    meeting: Meeting,
    *,
    kind: str,
    title: str,
    minutes: int | None = None,
    presenter: str = "",
    is_public: bool = True,
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Add an item without an ärende: information, dialog, a report."""
    meeting = _lock_agenda(meeting, agenda_version)
    if kind not in CONTENT_KINDS:
        raise ValidationError(_("Choose beslut, information, dialog or rapport."))
    if not title.strip():
        raise ValidationError(_("Give the item a title."))
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        minutes=minutes,
        presenter=presenter,
        is_public=is_public,
    )
    return _insert(meeting, item, by, "add_free_item")


@transaction.atomic
def move_item(
    item: AgendaItem,
    *,
    offset: int,
    by: User | None = None,
    agenda_version: int | None = None,
) -> AgendaItem:
    """Move an item up (-1) or down (+1); at either end it stays where it is."""
    meeting = _lock_agenda(item.meeting, agenda_version)
    items = list(meeting.items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(items):
        return items[index]
    items[index], items[target] = items[target], items[index]
    _save_positions(items, by, "move_item")
    _bump(meeting, by, "move_item")
    return items[target]


@transaction.atomic
def remove_item(
    item: AgendaItem, *, by: User | None = None, agenda_version: int | None = None
) -> None:
    meeting = _lock_agenda(item.meeting, agenda_version)
    history.delete(item, by=by, reason="remove_item")
    _save_positions(list(meeting.items.all()), by, "remove_item")
    _bump(meeting, by, "remove_item")


@transaction.atomic
def update_item(
    item: AgendaItem,
    *,
    by: User | None = None,
    agenda_version: int | None = None,
    **fields,
) -> AgendaItem:
    """Change an item's title, kind, minutes, presenter or publicity."""
    meeting = _lock_agenda(item.meeting, agenda_version)
    allowed = {"title", "kind", "minutes", "presenter", "is_public"}
    if set(fields) - allowed:
        raise ValueError(f"cannot change {set(fields) - allowed}")
    if (
        "kind" in fields
        and not item.is_standard
        and fields["kind"] not in CONTENT_KINDS
    ):
        raise ValidationError(_("Choose beslut, information, dialog or rapport."))
    for name, value in fields.items():
        setattr(item, name, value)
    history.save(item, by=by, reason="update_item", update_fields=list(fields))
    _bump(meeting, by, "update_item")
    return item


def total_minutes(items: list[AgendaItem]) -> int:
    return sum(item.minutes or 0 for item in items)


# --- Publishing ---


def lead_time_shortfall(meeting: Meeting, today: datetime.date | None = None) -> int:
    """Calendar days the kallelse is late by today (0 when it is on time)."""
    today = today or timezone.localdate()
    latest = meeting.date - datetime.timedelta(days=meeting.body.kallelse_lead_days)
    return max(0, (today - latest).days)


def agenda_snapshot(meeting: Meeting) -> dict:
    """The agenda as it stands, to freeze in a kallelse version and compare later."""
    from cases.selectors import visible_documents

    items = list(meeting.items.all())
    case_ids = [item.case_id for item in items if item.case_id]
    documents: dict[int, list[int]] = {}
    for doc in (
        visible_documents(None, meeting.body.federation)
        .filter(case_id__in=case_ids)
        .exclude(kind="tjansteskrivelse")
        .exclude(file="")
        .order_by("date", "pk")
        .values("pk", "case_id")
    ):
        documents.setdefault(doc["case_id"], []).append(doc["pk"])
    return {
        "items": [
            {
                "id": item.pk,
                "kind": item.kind,
                "title": item.title,
                "minutes": item.minutes,
                "presenter": item.presenter,
                "case_id": item.case_id,
                "documents": documents.get(item.case_id, []),
            }
            for item in items
        ],
        "notifications": notification_choices(meeting),
        "place": meeting.place,
        "starts": meeting.starts.isoformat(),
        "ends": meeting.ends.isoformat(),
    }


def left_out_bilagor(
    items: list[AgendaItem], documents: list[Document]
) -> list[LeftOut]:
    """The bilagor of the agenda (its items in order, and the handlingar of their
    ärenden that a kallelse takes) that fail the check of received PDFs now, so a
    kallelse would leave them out: shown in the builder."""
    by_case: dict[int, list[Document]] = {}
    for doc in documents:
        if doc.file:
            by_case.setdefault(doc.case_id, []).append(doc)
    left_out = []
    for position, item in enumerate(items, start=1):
        for doc in by_case.get(item.case_id, []):
            reason = file_refusal(doc)
            if reason:
                item_title = f"{position}. {item.title}"
                left_out.append(LeftOut(item_title, doc.title, reason))
    return left_out


def notification_choices(meeting: Meeting) -> dict:
    return {
        "exclude_document_ids": sorted(meeting.notification_exclude_document_ids),
        "exclude_delegation_ids": sorted(meeting.notification_exclude_delegation_ids),
        "extra_document_ids": sorted(meeting.notification_extra_document_ids),
        "extra_delegation_ids": sorted(meeting.notification_extra_delegation_ids),
    }


def latest_version(meeting: Meeting) -> KallelseVersion | None:
    return meeting.kallelse_versions.order_by("-number").first()


def has_unpublished_changes(meeting: Meeting) -> bool:
    latest = latest_version(meeting)
    return latest is not None and latest.snapshot != agenda_snapshot(meeting)


@transaction.atomic
def publish_kallelse(
    meeting: Meeting,
    *,
    by: User,
    late_reason: str = "",
    change_note: str = "",
    today: datetime.date | None = None,
) -> KallelseVersion:
    """Freeze the agenda as a new kallelse version and queue its PDF.

    The first version checks the body's lead time in calendar days: a late kallelse
    needs a recorded reason. A later version (kompletterande handlingar) needs a note
    of what changed, and is refused when nothing has.
    """
    meeting = (
        Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    )
    if not meeting.is_editable:
        raise ValidationError(_("The kallelse of a held meeting cannot change."))
    if not meeting.items.exclude(kind__in=STANDARD_KINDS).exists():
        raise ValidationError(_("Add at least one item before publishing."))
    latest = latest_version(meeting)
    snapshot = agenda_snapshot(meeting)
    if latest is None:
        days_late = lead_time_shortfall(meeting, today)
        if days_late and not late_reason.strip():
            raise ValidationError(
                _(
                    "The kallelse is %(days)s day(s) late for the lead time of "
                    "%(lead)s days. State why it is sent late."
                )
                % {"days": days_late, "lead": meeting.body.kallelse_lead_days},
                code="late",
            )
    elif latest.snapshot == snapshot:
        raise ValidationError(_("Nothing has changed since the last version."))
    elif not change_note.strip():
        raise ValidationError(_("Say what the kompletterande handlingar change."))
    now = timezone.now()
    version = KallelseVersion(
        meeting=meeting,
        number=(latest.number + 1) if latest else 1,
        published_at=now,
        build_requested_at=now,
        published_by=by,
        late_reason=late_reason.strip(),
        change_note=change_note.strip(),
        snapshot=snapshot,
    )
    history.save(version, by=by, reason="publish_kallelse")
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.KALLELSE_PUBLISHED
        meeting.kallelse_published_at = version.published_at
        history.save(
            meeting,
            by=by,
            reason="publish_kallelse",
            update_fields=["status", "kallelse_published_at"],
        )
    build_kallelse_pdf_task.delay_on_commit(version_id=version.pk)
    return version


# --- Anmälningsärenden ---


@transaction.atomic
def choose_notification(
    meeting: Meeting,
    *,
    kind: str,
    object_id: int,
    include: bool,
    by: User | None = None,
) -> Meeting:
    """Add an entry to the meeting's anmälningsärenden or leave one out."""
    meeting = _lock_agenda(meeting, None)
    model = Document if kind == "document" else DelegationDecision
    if not model.objects.filter(
        pk=object_id, federation_id=meeting.body.federation_id
    ).exists():
        raise ValidationError(_("There is no such entry in this federation's diarium."))
    exclude = getattr(meeting, f"notification_exclude_{kind}_ids")
    extra = getattr(meeting, f"notification_extra_{kind}_ids")
    if include:
        exclude = [i for i in exclude if i != object_id]
        extra = sorted({*extra, object_id})
    else:
        extra = [i for i in extra if i != object_id]
        exclude = sorted({*exclude, object_id})
    setattr(meeting, f"notification_exclude_{kind}_ids", exclude)
    setattr(meeting, f"notification_extra_{kind}_ids", extra)
    history.mark(meeting, by=by, reason="choose_notification")
    meeting.save(
        update_fields=[
            f"notification_exclude_{kind}_ids",
            f"notification_extra_{kind}_ids",
        ]
    )
    _bump(meeting, by, "choose_notification")
    return meeting


# --- Notification of the kallade ---


def meeting_url(meeting: Meeting) -> str:
    path = reverse(
        "meetings:meeting_detail", args=[meeting.body.federation.slug, meeting.pk]
    )
    return settings.SITE_URL.rstrip("/") + path


def store_kallelse_pdf(
    version: KallelseVersion, *, claim_id: str = ""
) -> KallelseVersion:
    """Build and store a version's PDF once (core.documents); a second run finds it
    done or being made. Once stored, the kallade's e-mails are queued."""
    version = build_document(
        version,
        build=build_kallelse_pdf,
        file_name=kallelse_file_name,
        reason="build_kallelse_pdf",
        claim_id=claim_id,
    )
    if (
        version.build_status == KallelseVersion.BuildStatus.DONE
        and not version.notified_at
    ):
        send_kallelse_mail_task.delay_on_commit(version_id=version.pk)
    return version


# A claim older than this is a sender that died (SMTP waits EMAIL_TIMEOUT at most):
# that recipient is tried again.
DELIVERY_CLAIM_STALE = datetime.timedelta(minutes=10)
# A failed send is tried by the task's retries; past them, the beat task's sweep
# tries it again until this many attempts.
DELIVERY_MAX_ATTEMPTS = 20


def kallelse_mail(version: KallelseVersion) -> tuple[str, str]:
    """The subject and text of a version's e-mail to the kallade."""
    meeting = version.meeting
    day = date_format(meeting.date, "Y-m-d")
    with override("sv"):
        subject = (
            _("Kompletterande handlingar: %(meeting)s")
            if version.is_supplement
            else _("Kallelse: %(meeting)s")
        ) % {"meeting": f"{meeting.body.name} {day}"}
        body = _(
            "You are called to %(body)s on %(date)s at %(time)s, %(place)s.\n\n"
            "The agenda and every document: %(url)s\n"
        ) % {
            "body": meeting.body.name,
            "date": day,
            "time": meeting.starts_at.strftime("%H.%M"),
            "place": version.snapshot.get("place", meeting.place),
            "url": meeting_url(meeting),
        }
    return subject, body


def _record_recipients(version: KallelseVersion) -> None:
    """One delivery row per address of the kallade; a kallad added to the body since
    an earlier attempt gets one too. The unique constraint keeps each address once."""
    known = set(version.deliveries.values_list("email", flat=True))
    for person in kallade_for(version.meeting).persons:
        if person.email and person.email not in known:
            known.add(person.email)
            delivery = KallelseDelivery(
                version=version, person=person, email=person.email
            )
            history.mark(delivery, by=None, reason="notify_kallade")
            delivery.save()


def _claim_delivery(pk: int) -> KallelseDelivery | None:
    """Take one recipient's e-mail: not sent and not being sent by another worker."""
    Status = KallelseDelivery.Status
    with transaction.atomic():
        delivery = KallelseDelivery.objects.select_for_update().get(pk=pk)
        now = timezone.now()
        stale = (
            delivery.claimed_at is None
            or delivery.claimed_at < now - DELIVERY_CLAIM_STALE
        )
        if delivery.status == Status.SENT or (
            delivery.status == Status.SENDING and not stale
        ):
            return None
        delivery.status = Status.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        history.mark(delivery, by=None, reason="notify_kallade")
        delivery.save(update_fields=["status", "claimed_at", "attempts"])
    return delivery


def _mark_delivery(delivery: KallelseDelivery, error: Exception | None) -> None:
    Status = KallelseDelivery.Status
    delivery.status = Status.FAILED if error else Status.SENT
    delivery.error = f"{type(error).__name__}: {error}"[:2000] if error else ""
    delivery.sent_at = None if error else timezone.now()
    history.mark(delivery, by=None, reason="notify_kallade")
    delivery.save(update_fields=["status", "error", "sent_at"])


def notify_kallade(version: KallelseVersion) -> int:
    """E-mail every kallad with an address once per version; returns how many now.

    Each recipient is claimed before the mail is sent and marked after, outside any
    long transaction, so a retried or duplicated task mails nobody twice. When a send
    fails (the mail server is down) the others are still sent and the error is raised
    for the task to retry the failed ones later.
    """
    version = KallelseVersion.objects.select_related("meeting__body__federation").get(
        pk=version.pk
    )
    if version.notified_at is not None:
        return 0
    _record_recipients(version)
    subject, body = kallelse_mail(version)
    sent, failure = 0, None
    waiting = version.deliveries.exclude(status=KallelseDelivery.Status.SENT).filter(
        attempts__lt=DELIVERY_MAX_ATTEMPTS
    )
    for pk in waiting.values_list("pk", flat=True):
        delivery = _claim_delivery(pk)
        if delivery is None:
            continue
        try:
            EmailMessage(subject, body, to=[delivery.email]).send()
        except OSError as error:  # smtplib's errors are OSErrors
            logger.warning("Kallelse mail to %s failed: %s", delivery.email, error)
            _mark_delivery(delivery, error)
            failure = error
            continue
        _mark_delivery(delivery, None)
        sent += 1
    if failure is not None:
        raise failure
    _mark_notified(version)
    return sent


def _mark_notified(version: KallelseVersion) -> None:
    with transaction.atomic():
        version = KallelseVersion.objects.select_for_update().get(pk=version.pk)
        unsent = version.deliveries.exclude(status=KallelseDelivery.Status.SENT)
        if version.notified_at is not None or unsent.exists():
            return  # another worker is still sending one
        version.notified_at = timezone.now()
        history.mark(version, by=None, reason="notify_kallade")
        version.save(update_fields=["notified_at"])


def send_unsent_kallelse_mail(now: datetime.datetime | None = None) -> int:
    """Queue the e-mails of every stored kallelse whose kallade are not all mailed
    and that nobody is mailing now: the task was lost (a broker outage) or ran out
    of retries (a long mail server outage; DELIVERY_MAX_ATTEMPTS bounds the tries)."""
    now = now or timezone.now()
    deliveries = KallelseDelivery.objects.filter(version=OuterRef("pk"))
    recent = deliveries.filter(claimed_at__gte=now - DELIVERY_CLAIM_STALE)
    to_try = deliveries.exclude(status=KallelseDelivery.Status.SENT).filter(
        attempts__lt=DELIVERY_MAX_ATTEMPTS
    )
    ids = list(
        KallelseVersion.objects.filter(
            build_status=KallelseVersion.BuildStatus.DONE,
            notified_at__isnull=True,
            stored_at__lt=now - DELIVERY_CLAIM_STALE,
        )
        .filter(Exists(to_try) | ~Exists(deliveries))
        .exclude(Exists(recent))
        .values_list("pk", flat=True)
    )
    for version_id in ids:
        send_kallelse_mail_task.dispatch(version_id=version_id)
    if ids:
        logger.warning(
            "Queued the kallelse mail of %s versions again: %s", len(ids), ids
        )
    return len(ids)


# --- Calendar feeds ---


@transaction.atomic
def issue_calendar_token(person: Person, *, by: User | None = None) -> CalendarToken:
    """A new secret feed address; any earlier one stops working."""
    for old in CalendarToken.objects.select_for_update().filter(
        person=person, revoked_at__isnull=True
    ):
        revoke_calendar_token(old, by=by)
    token = CalendarToken(person=person)
    history.save(token, by=by, reason="issue_calendar_token")
    return token


def revoke_calendar_token(token: CalendarToken, *, by: User | None = None) -> None:
    token.revoked_at = timezone.now()
    history.save(
        token, by=by, reason="revoke_calendar_token", update_fields=["revoked_at"]
    )
