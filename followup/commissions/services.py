"""Uppdrag från beslut: proposed from a decided §'s beslut text, confirmed or
recorded by the secretary, offered to the receiving body's dagordning and closed by
the § that receives the återrapportering."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import history
from federation.models import Body, Federation, Person
from meetings.models import ItemKind, Meeting
from meetings.services import add_free_item
from minutes.models import Paragraph

from .models import DEFAULT_REMIND_DAYS, Commission
from .parser import parse_commissions

RECEIVED = (Paragraph.Outcome.DECIDED, Paragraph.Outcome.NOTED)


def _base(name: str) -> str:
    """A body's or title's name without the Swedish definite ending, lower case:
    "Direktionen" and "direktion", "förbundsdirektören" and "Förbundsdirektör"."""
    name = " ".join(name.lower().split())
    for ending in ("en", "et", "n"):
        if name.endswith(ending) and len(name) - len(ending) >= 4:
            return name[: -len(ending)]
    return name


def match_body(federation: Federation, name: str) -> Body | None:
    """The förbund's body the text names (short or full name, with or without the
    definite ending); None when none or several fit."""
    wanted = _base(name)
    if not wanted:
        return None
    fits = [
        body
        for body in Body.objects.filter(federation=federation)
        if wanted in (_base(body.name), _base(body.short_name))
    ]
    return fits[0] if len(fits) == 1 else None


def match_person(federation: Federation, who: str) -> Person | None:
    """The förbund's person the text names: by full name, or the one person whose
    title is the role written ("förbundsdirektören" → title Förbundsdirektör)."""
    wanted = " ".join(who.lower().split())
    persons = list(Person.objects.filter(federation=federation))
    by_name = [p for p in persons if p.full_name.lower() == wanted]
    if len(by_name) == 1:
        return by_name[0]
    by_title = [p for p in persons if p.title and _base(p.title) == _base(wanted)]
    return by_title[0] if len(by_title) == 1 else None


def _federation_of(paragraph: Paragraph) -> Federation:
    return paragraph.body.federation


def on_decision(paragraph: Paragraph, *, by: User | None) -> None:
    """The hook of minutes.services.record_decision: propose the beslut's uppdrag,
    and let a § receiving an återrapportering close (or reopen) its uppdrag."""
    propose_commissions(paragraph, by=by)
    receive_report(paragraph, by=by)


@transaction.atomic
def propose_commissions(paragraph: Paragraph, *, by: User | None) -> list[Commission]:
    """Read the commission of a decided § from its beslut text, as proposals the
    secretary confirms. A new text replaces the earlier unconfirmed proposals; an
    uppdrag already confirmed with the same text is not proposed again."""
    for old in paragraph.commissions.filter(state=Commission.State.PROPOSED):
        history.delete(old, by=by, reason="propose_commissions")
    if paragraph.outcome != Paragraph.Outcome.DECIDED:
        return []
    federation = _federation_of(paragraph)
    confirmed = {
        " ".join(what.lower().split())
        for what in paragraph.commissions.values_list("what", flat=True)
    }
    made = []
    for proposal in parse_commissions(paragraph.decision_text):
        if " ".join(proposal.what.lower().split()) in confirmed:
            continue
        commission = Commission(
            federation=federation,
            paragraph=paragraph,
            what=proposal.what,
            person=match_person(federation, proposal.who),
            assignee=proposal.who,
            due_on=proposal.due_on,
            report_to=match_body(federation, proposal.report_to)
            if proposal.report_to
            else None,
            source_text=proposal.source_text,
        )
        history.save(commission, by=by, reason="propose_commissions")
        made.append(commission)
    return made


def _check(
    federation: Federation,
    *,
    what: str,
    person: Person | None,
    assignee: str,
    report_to: Body | None,
) -> None:
    if not what.strip():
        raise ValidationError(_("Write what the commission is."))
    if person is None and not assignee.strip():
        raise ValidationError(
            _("Choose a person or write the role who has the commission.")
        )
    if person is not None and person.federation_id != federation.pk:
        raise ValidationError(_("The person belongs to another federation."))
    if report_to is not None and report_to.federation_id != federation.pk:
        raise ValidationError(_("The body belongs to another federation."))


@transaction.atomic
def record_commission(
    paragraph: Paragraph,
    *,
    what: str,
    person: Person | None = None,
    assignee: str = "",
    due_on: datetime.date | None = None,
    report_to: Body | None = None,
    remind_days: int = DEFAULT_REMIND_DAYS,
    by: User | None,
) -> Commission:
    """The secretary records a commission of a decided §."""
    paragraph = Paragraph.objects.select_related("body__federation").get(
        pk=paragraph.pk
    )
    if paragraph.outcome != Paragraph.Outcome.DECIDED:
        raise ValidationError(_("Only a decided § gives commissions."))
    federation = _federation_of(paragraph)
    _check(federation, what=what, person=person, assignee=assignee, report_to=report_to)
    commission = Commission(
        federation=federation,
        paragraph=paragraph,
        what=what.strip(),
        person=person,
        assignee=assignee.strip(),
        due_on=due_on,
        report_to=report_to,
        remind_days=remind_days,
        state=Commission.State.ONGOING,
    )
    history.save(commission, by=by, reason="record_commission")
    return commission


def _locked(commission: Commission) -> Commission:
    return Commission.objects.select_for_update().get(pk=commission.pk)


@transaction.atomic
def update_commission(
    commission: Commission,
    *,
    what: str,
    person: Person | None,
    assignee: str,
    due_on: datetime.date | None,
    report_to: Body | None,
    remind_days: int,
    by: User | None,
) -> Commission:
    """Confirm a proposal (as read or corrected), or correct an ongoing uppdrag."""
    commission = _locked(commission)
    if commission.state not in (Commission.State.PROPOSED, Commission.State.ONGOING):
        raise ValidationError(_("A reported or closed commission no longer changes."))
    _check(
        commission.federation,
        what=what,
        person=person,
        assignee=assignee,
        report_to=report_to,
    )
    reason = (
        "confirm_commission"
        if commission.state == Commission.State.PROPOSED
        else "update_commission"
    )
    commission.what = what.strip()
    commission.person = person
    commission.assignee = assignee.strip()
    commission.due_on = due_on
    commission.report_to = report_to
    commission.remind_days = remind_days
    commission.state = Commission.State.ONGOING
    history.save(commission, by=by, reason=reason)
    return commission


@transaction.atomic
def discard_proposal(commission: Commission, *, by: User | None) -> None:
    commission = _locked(commission)
    if commission.state != Commission.State.PROPOSED:
        raise ValidationError(_("Only a proposal can be discarded."))
    history.delete(commission, by=by, reason="discard_proposal")


@transaction.atomic
def close_commission(commission: Commission, *, by: User | None) -> Commission:
    """Avsluta: the commission is done (with or without återrapportering)."""
    commission = _locked(commission)
    if commission.state not in (Commission.State.ONGOING, Commission.State.REPORTED):
        raise ValidationError(
            _("Only an ongoing or reported commission can be closed.")
        )
    commission.state = Commission.State.CLOSED
    history.save(commission, by=by, reason="close_commission")
    return commission


def _next_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body_id=meeting.body_id, date__gt=meeting.date)
        .order_by("date", "pk")
        .first()
    )


def offered_reports(meeting: Meeting) -> list[Commission]:
    """The återrapporteringar the dagordning of `meeting` offers: ongoing uppdrag
    reported to its body, decided at an earlier meeting, not on an agenda yet, and
    due before the body's next meeting (or already late, or without a date)."""
    if not meeting.is_editable:
        return []
    commissions = (
        Commission.objects.filter(
            federation_id=meeting.body.federation_id,
            report_to_id=meeting.body_id,
            state=Commission.State.ONGOING,
            report_item__isnull=True,
            paragraph__minutes__meeting__date__lt=meeting.date,
        )
        .select_related("person")
        .order_by("due_on", "pk")
    )
    if not commissions:  # the common case: no query for the next meeting
        return []
    following = _next_meeting(meeting)
    return [
        c
        for c in commissions
        if c.due_on is None or following is None or c.due_on < following.date
    ]


@transaction.atomic
def add_report_item(
    commission: Commission,
    *,
    meeting: Meeting,
    by: User | None,
    agenda_version: int | None = None,
) -> Commission:
    """Put "Återrapportering: <uppdrag>" on the dagordning, linked to the commission."""
    commission = _locked(commission)
    if commission.pk not in {c.pk for c in offered_reports(meeting)}:
        raise ValidationError(
            _("The commission is not one this meeting's agenda can take up.")
        )
    with translation.override("sv"):
        title = _("Report back: %(what)s") % {"what": commission.what}
    item = add_free_item(
        meeting,
        kind=ItemKind.REPORT,
        title=title[:300],
        # The uppdrag of a sekretess § says what the § keeps from the public.
        is_public=commission.paragraph.is_public,
        by=by,
        agenda_version=agenda_version,
    )
    commission.report_item = item
    history.save(commission, by=by, reason="add_report_item")
    return commission


@transaction.atomic
def receive_report(paragraph: Paragraph, *, by: User | None) -> list[Commission]:
    """The § of an återrapportering item: decided or noted, its uppdrag are
    återrapporterade; bordlagt or återremitterat, they are ongoing again."""
    if paragraph.agenda_item_id is None:
        return []
    changed = []
    linked = Commission.objects.select_for_update().filter(
        report_item_id=paragraph.agenda_item_id
    )
    for commission in linked:
        if (
            paragraph.outcome in RECEIVED
            and commission.state == Commission.State.ONGOING
        ):
            commission.state = Commission.State.REPORTED
            commission.reported_in = paragraph
        elif (
            paragraph.outcome not in RECEIVED
            and commission.state == Commission.State.REPORTED
            and commission.reported_in_id == paragraph.pk
        ):
            commission.state = Commission.State.ONGOING
            commission.reported_in = None
        else:
            continue
        history.save(commission, by=by, reason="receive_report")
        changed.append(commission)
    return changed
