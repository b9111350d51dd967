"""Expediering: protokollsutdrag to the recipients of a §, registered in the diarium."""

import logging

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.models import Case, Document
from cases.services import register_generated_document
from core import history
from federation.services import composition_on

from .frozen import missing_extract, store_frozen_pdf
from .models import Expedition, Minutes, Paragraph
from .tasks import expedite_minutes_task

logger = logging.getLogger(__name__)


class ExtractBeingMade(ValidationError):
    """Another worker is making the utdrag right now: the expediering task tries
    again in a while (minutes.tasks.expedite_minutes_task)."""


def extract_content(paragraph: Paragraph, *, by: User | None) -> bytes:
    """The stored utdrag of a justerat § (the one sent and registered), made here
    and now when its build has not run yet."""
    extract = paragraph.extracts.order_by("-number").first()
    if extract is None:
        extract = missing_extract(paragraph, by=by)
    if extract is None:
        raise ValidationError(
            _("The minutes extract cannot be made: the minutes have no frozen version.")
        )
    if not extract.has_file:
        extract = store_frozen_pdf(extract)
    if extract.build_status == extract.BuildStatus.FAILED:
        raise ValidationError(_("The minutes extract could not be made."))
    if not extract.has_file:
        raise ExtractBeingMade(
            _("The minutes extract is being made. Try again in a minute.")
        )
    with extract.file.open("rb") as file:
        return file.read()


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def recipients_of(case: Case) -> tuple[list[str], list[str]]:
    """Names under "expedieras till", and the e-mail addresses they reach.

    Members have no address in the register; a body is reached through its seated
    persons, and an external line that is an e-mail address is mailed as it is.
    """
    today = timezone.localdate()
    names = [m.name for m in case.recipient_members.all()]
    addresses: set[str] = set()
    for body in case.recipient_bodies.all():
        names.append(body.name)
        composition = composition_on(body, today)
        seats = [*composition.beslutande, *composition.ersattare]
        addresses.update(s.person.email for s in seats if s.person.email)
    for line in case.external_recipients:
        names.append(line)
        if _is_email(line):
            addresses.add(line)
    return names, sorted(addresses)


def _is_justerat(paragraph: Paragraph) -> bool:
    return paragraph.minutes.is_locked or paragraph.immediately_justerat_at is not None


@transaction.atomic
def expedite_paragraph(paragraph: Paragraph, *, by: User | None) -> Expedition:
    """Render the utdrag, register it as expedierad handling and e-mail it."""
    # Locked: a double submit waits here and then finds the first one's expediering.
    paragraph = (
        Paragraph.objects.select_for_update(of=("self",))
        .select_related("minutes__meeting__body__federation", "agenda_item__case")
        .get(pk=paragraph.pk)
    )
    if not _is_justerat(paragraph):
        raise ValidationError(_("Only an approved § can be dispatched."))
    case = paragraph.agenda_item.case if paragraph.agenda_item else None
    if case is None:
        raise ValidationError(_("The § has no case with recipients."))
    names, addresses = recipients_of(case)
    if not names:
        raise ValidationError(_("The case names no one to dispatch to."))
    if paragraph.expeditions.filter(recipients="\n".join(names)).exists():
        raise ValidationError(_("The § is already expedierad to these recipients."))
    meeting = paragraph.minutes.meeting
    content = extract_content(paragraph, by=by)
    with override("sv"):
        title = _("Minutes extract %(body)s %(date)s § %(number)s") % {
            "body": meeting.body.short_name,
            "date": f"{meeting.date:%Y-%m-%d}",
            "number": paragraph.number,
        }
    document = register_generated_document(
        meeting.body.federation,
        content=content,
        filename=f"protokollsutdrag-{meeting.date:%Y%m%d}-{paragraph.number}.pdf",
        title=title,
        kind=Document.Kind.PROTOKOLLSUTDRAG,
        direction=Document.Direction.DISPATCHED,
        counterpart=", ".join(names)[:300],
        case=case,
        # The utdrag of a § that is not public is as secret as the §.
        is_secret=not paragraph.is_public,
        osl_reference="" if paragraph.is_public else _osl_reference(case),
        by=by,
    )
    expedition = Expedition(
        paragraph=paragraph,
        document=document,
        recipients="\n".join(names),
        emailed_to="\n".join(addresses),
    )
    history.save(expedition, by=by, reason="expedite")
    if addresses:
        transaction.on_commit(lambda: _send(title, content, document, addresses))
    return expedition


def _osl_reference(case: Case) -> str:
    """The ground of the ärende's secret handlingar, or a pointer to the protokoll
    where the § says it is not public."""
    grounds = case.documents.filter(is_secret=True).exclude(osl_reference="")
    ground = grounds.values_list("osl_reference", flat=True).first()
    return ground or _("The § is not public (see the minutes)")


def _send(title: str, content: bytes, document: Document, addresses: list[str]) -> None:
    message = EmailMessage(title, title, None, [], bcc=addresses)
    name = (document.file.name or "").rsplit("/", 1)[-1]
    message.attach(name, content, "application/pdf")
    message.send()


def queue_expedition(minutes: Minutes, *, by: User) -> None:
    """Expediera a justerat protokoll in the background (expedite_minutes, by a
    task once the transaction commits): the secretary need not wait for the mail."""
    if not minutes.is_locked:
        raise ValidationError(_("Only approved minutes can be dispatched."))
    expedite_minutes_task.delay_on_commit(minutes_id=minutes.pk, user_id=by.pk)


def expedite_minutes(minutes: Minutes, *, by: User | None) -> list[Expedition]:
    """Expediera every § of the protokoll that has an ärende and is not yet sent.

    A § whose utdrag cannot be made is left (and logged) so the others go out; one
    being made raises ExtractBeingMade for the task to try again."""
    done = []
    paragraphs = minutes.paragraphs.filter(
        agenda_item__case__isnull=False, expeditions__isnull=True
    ).select_related("agenda_item__case")
    for paragraph in paragraphs:
        item = paragraph.agenda_item
        if item is None or item.case is None:
            continue  # never: the filter above
        names, _addresses = recipients_of(item.case)
        if not names:
            continue
        try:
            done.append(expedite_paragraph(paragraph, by=by))
        except ExtractBeingMade:
            raise
        except ValidationError as error:
            logger.warning("§ %s not expedierad: %s", paragraph.pk, error.messages)
    return done
