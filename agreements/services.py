"""Every write to the register of agreements, and the reminders."""

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cases.models import Document
from cases.services import register_document
from core import history
from federation.models import Federation, Member
from federation.roles import Role

from .models import Agreement, AgreementParty, Notice, Ratification, SentReminder
from .selectors import agreements_with_status_data
from .status import OPEN_FOR_DECISION, Status, add_months, notice_end, status_of

logger = logging.getLogger(__name__)

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(value: str | datetime.date | None, *, label: str) -> datetime.date:
    """A date from a form or an import row, or a clear message naming the field.

    The reference agreement says it applies "from 1 xx 2023": such a text is not a date
    and must not be guessed at.
    """
    if isinstance(value, datetime.date):
        return value
    text = (value or "").strip()
    match = ISO_DATE.match(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValidationError(
        _("%(label)s must be a real date written as YYYY-MM-DD, not “%(value)s”.")
        % {"label": label, "value": text},
        code="invalid_date",
    )


@dataclass
class PartySpec:
    """A party to add: a member or an external name, and its deciding body."""

    deciding_body: str
    member: Member | None = None
    external_name: str = ""


@transaction.atomic
def create_agreement(
    federation: Federation,
    *,
    by: User,
    parties: Iterable[PartySpec] = (),
    documents: Iterable[Document] = (),
    **fields,
) -> Agreement:
    """Create an agreement with its parties; a new version may copy the parties."""
    agreement = Agreement(federation=federation, **fields)
    previous = agreement.previous
    if previous is not None and previous.federation_id != federation.pk:
        raise ValidationError(_("The earlier agreement belongs to another federation."))
    agreement.full_clean()
    history.save(agreement, by=by, reason="create_agreement")
    specs = list(parties)
    if not specs and previous is not None:
        specs = [
            PartySpec(p.deciding_body, p.member, p.external_name)
            for p in previous.parties.select_related("member")
        ]
    for spec in specs:
        add_party(agreement, spec, by=by)
    for document in documents:
        link_document(agreement, document, by=by)
    return agreement


# What the parties decide on: fixed once any of them has decided. A changed term is
# a new version of the agreement (relation "replaces" or "amends").
DECIDED_TERMS = (
    "title",
    "kind",
    "valid_from",
    "valid_to",
    "notice_months",
    "earliest_end",
    "ends_for_all_on_exit",
)
EDITABLE_FIELDS = (
    *DECIDED_TERMS,
    "short_name",
    "description",
    "ratify_by",
    "reminder_months",
    "reassess_before_term",
)


def edit_version(agreement: Agreement) -> int:
    """What an edit form was opened on: the agreement's last history row."""
    return agreement.history.values_list("history_id", flat=True).first() or 0


def has_decisions(agreement: Agreement) -> bool:
    decided = (Ratification.Outcome.ADOPTED, Ratification.Outcome.REJECTED)
    return agreement.parties.filter(ratification__outcome__in=decided).exists()


@transaction.atomic
def update_agreement(
    agreement: Agreement, *, by: User, opened_version: int, **fields
) -> Agreement:
    """Change an agreement's own fields (not its parties). Refused when somebody
    saved it after the form was opened, and for the decided terms once a party has
    decided."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if edit_version(agreement) != opened_version:
        raise ValidationError(
            _(
                "Somebody else has changed the agreement since you opened it. "
                "Open it again to see their changes, then make yours."
            ),
            code="stale",
        )
    changed = {k: v for k, v in fields.items() if getattr(agreement, k) != v}
    if not changed:
        return agreement
    decided_changes = sorted(set(changed) & set(DECIDED_TERMS))
    if decided_changes and has_decisions(agreement):
        raise ValidationError(
            _(
                "A party has decided on the agreement: its terms are what was "
                "decided. Register the change as a new version of the agreement."
            ),
            code="decided",
        )
    for name, value in changed.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    history.save(agreement, by=by, reason="update_agreement", update_fields=[*changed])
    return agreement


@transaction.atomic
def add_party(agreement: Agreement, spec: PartySpec, *, by: User) -> AgreementParty:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if has_decisions(agreement):
        raise ValidationError(
            _("Parties can only be added before any party has decided.")
        )
    if spec.member is not None and spec.member.federation_id != agreement.federation_id:
        raise ValidationError(_("The member belongs to another federation."))
    if spec.member is not None and spec.external_name:
        raise ValidationError(_("A party is either a member or an external party."))
    if spec.member is None and not spec.external_name.strip():
        raise ValidationError(_("Choose a member or name an external party."))
    exists = (
        agreement.parties.filter(member=spec.member)
        if spec.member
        else agreement.parties.filter(external_name=spec.external_name.strip())
    )
    if exists.exists():
        raise ValidationError(_("That party is already a party to the agreement."))
    party = AgreementParty(
        agreement=agreement,
        member=spec.member,
        external_name=spec.external_name.strip(),
        deciding_body=spec.deciding_body,
        position=agreement.parties.count(),
    )
    history.save(party, by=by, reason="add_party")
    return party


def link_document(agreement: Agreement, document: Document, *, by: User) -> None:
    """Link a handling (the agreement text, a bilaga) to the agreement."""
    if document.federation_id != agreement.federation_id:
        raise ValidationError(_("The document belongs to another federation."))
    history.mark(agreement, by=by, reason="link_document")
    agreement.documents.add(document)


@transaction.atomic
def upload_document(
    agreement: Agreement,
    *,
    uploaded_file: UploadedFile,
    title: str,
    kind: str,
    direction: str,
    date: datetime.date,
    by: User,
    is_secret: bool = False,
    osl_reference: str = "",
) -> Document:
    """Register an uploaded PDF in the diarium and link it to the agreement."""
    document = register_document(
        agreement.federation,
        uploaded_file=uploaded_file,
        title=title,
        kind=kind,
        direction=direction,
        date=date,
        counterpart=", ".join(
            p.name for p in agreement.parties.select_related("member")
        ),
        is_secret=is_secret,
        osl_reference=osl_reference,
        by=by,
    )
    link_document(agreement, document, by=by)
    return document


@transaction.atomic
def record_ratification(
    party: AgreementParty,
    *,
    outcome: str,
    decided_on: datetime.date | None,
    by: User,
    deciding_body: str = "",
    paragraph: str = "",
    protocol: str = "",
    document: Document | None = None,
) -> Ratification:
    """Record (or correct) a party's decision on the agreement.

    The agreement row is locked so that two decisions recorded at once cannot both
    read the old state; the status itself is derived, so nothing else is written.
    """
    agreement = Agreement.objects.select_for_update().get(pk=party.agreement_id)
    if outcome not in Ratification.Outcome.values:
        raise ValidationError(_("Choose a valid outcome."))
    if outcome != Ratification.Outcome.PENDING and decided_on is None:
        raise ValidationError(_("A decision needs the date it was taken."))
    if agreement.notices.exists():
        raise ValidationError(
            _("Notice has been given on this agreement; its decisions are closed.")
        )
    if document is not None and document.federation_id != agreement.federation_id:
        raise ValidationError(_("The document belongs to another federation."))
    ratification = Ratification.objects.filter(party=party).first() or Ratification(
        party=party
    )
    ratification.outcome = outcome
    ratification.decided_on = decided_on
    ratification.deciding_body = deciding_body or party.deciding_body
    ratification.paragraph = paragraph
    ratification.protocol = protocol
    ratification.document = document
    ratification.recorded_by = by
    history.save(ratification, by=by, reason="record_ratification")
    return ratification


@transaction.atomic
def give_notice(
    agreement: Agreement,
    *,
    party: AgreementParty,
    kind: str,
    given_on: datetime.date,
    by: User,
    reference: str = "",
) -> Notice:
    """A party gives notice or leaves; the end date follows from the notice period."""
    agreement = (
        Agreement.objects.select_for_update()
        .prefetch_related("parties__ratification", "notices")
        .get(pk=agreement.pk)
    )
    if party.agreement_id != agreement.pk:
        raise ValidationError(_("The party is not a party to this agreement."))
    info = status_of(agreement, given_on)
    if not info.is_binding:
        raise ValidationError(
            _("Notice can only be given on an agreement that every party has adopted.")
        )
    if any(n.party_id == party.pk for n in agreement.notices.all()):
        raise ValidationError(_("This party has already given notice."))
    notice = Notice(
        agreement=agreement,
        party=party,
        kind=kind,
        given_on=given_on,
        ends_on=notice_end(agreement, given_on),
        reference=reference,
        recorded_by=by,
    )
    history.save(notice, by=by, reason="give_notice")
    return notice


# Reminders ------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    agreement: Agreement
    kind: SentReminder.Kind
    due_on: datetime.date


def due_reminders(agreements: Iterable[Agreement], today: datetime.date) -> list:
    """What each agreement should remind of today (before "sent once" is checked)."""
    reminders = []
    for agreement in agreements:
        info = status_of(agreement, today)
        horizon = add_months(today, agreement.reminder_months)
        if (
            agreement.ratify_by
            and agreement.ratify_by < today
            and info.status in OPEN_FOR_DECISION
        ):
            reminders.append(
                Reminder(
                    agreement,
                    SentReminder.Kind.RATIFICATION_OVERDUE,
                    agreement.ratify_by,
                )
            )
        if not info.is_binding:
            continue
        if info.ends_on and today <= info.ends_on <= horizon:
            reminders.append(
                Reminder(agreement, SentReminder.Kind.ENDS_SOON, info.ends_on)
            )
        deadline = info.notice_deadline
        if (
            info.status != Status.NOTICE_GIVEN
            and deadline
            and today <= deadline <= horizon
        ):
            reminders.append(
                Reminder(agreement, SentReminder.Kind.NOTICE_DEADLINE, deadline)
            )
    return reminders


def reminder_recipients(federation: Federation) -> list[User]:
    """The federation's administrativa chefer: active users with that role."""
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__federation=federation,
            role_grants__role=Role.ADMINISTRATOR,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_reminders(*, today: datetime.date) -> int:
    """Send every reminder due today that has not been sent; return how many were sent.

    Each (agreement, kind, date, recipient) is recorded in SentReminder, so running this
    again, the same day or later, sends nothing twice.
    """
    agreements = agreements_with_status_data(Agreement.objects.all()).select_related(
        "federation"
    )
    sent_before = set(
        SentReminder.objects.values_list("agreement_id", "kind", "due_on", "recipient")
    )
    recipients_by_federation: dict[int, list[User]] = {}
    count = 0
    for reminder in due_reminders(agreements, today):
        federation = reminder.agreement.federation
        if federation.pk not in recipients_by_federation:
            recipients_by_federation[federation.pk] = reminder_recipients(federation)
        for user in recipients_by_federation[federation.pk]:
            key = (reminder.agreement.pk, reminder.kind, reminder.due_on, user.pk)
            if key not in sent_before and _send_one(reminder, user):
                count += 1
    return count


def _send_one(reminder: Reminder, user: User) -> bool:
    """Record, then send; the record is rolled back if the mail cannot be sent."""
    try:
        with transaction.atomic():
            record = SentReminder(
                agreement=reminder.agreement,
                kind=reminder.kind,
                due_on=reminder.due_on,
                recipient=user,
            )
            history.mark(record, by=None, reason="send_reminders")
            record.save()
            with translation.override("sv"):
                subject, body = _reminder_text(reminder)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False  # sent meanwhile by another run
    return True


def _reminder_text(reminder: Reminder) -> tuple[str, str]:
    agreement = reminder.agreement
    values = {"title": agreement.title, "date": reminder.due_on.isoformat()}
    subjects = {
        SentReminder.Kind.RATIFICATION_OVERDUE: _(
            "Decisions overdue: %(title)s (by %(date)s)"
        ),
        SentReminder.Kind.ENDS_SOON: _("Agreement ends %(date)s: %(title)s"),
        SentReminder.Kind.NOTICE_DEADLINE: _("Last day for notice %(date)s: %(title)s"),
    }
    subject = subjects[reminder.kind] % values
    url = settings.SITE_URL.rstrip("/") + agreement.get_absolute_url()
    body = "\n\n".join(
        [subject, _("The agreement in Förbundsportalen: %(url)s") % {"url": url}]
    )
    return subject, body
