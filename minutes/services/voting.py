"""Within a §: jäv, yrkanden, votering, reservation and protokollsanteckning."""

import uuid
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from federation.models import Person
from minutes.models import (
    Attendance,
    Ballot,
    Disqualification,
    Minutes,
    MinutesNote,
    Paragraph,
    Reservation,
    Vote,
    Yrkande,
)
from minutes.quorum import Quorum, quorum_for

from .editing import _attendance, _editable_paragraph, _lock, form_sent_again
from .justering import _send

# --- Jäv -------------------------------------------------------------------------


@transaction.atomic
def add_disqualification(
    paragraph: Paragraph,
    *,
    person: Person,
    by: User | None,
    replaced_by: Person | None = None,
    reason: str = "",
) -> Disqualification:
    """Jäv: the person takes no part in the §; an ersättare may serve for it alone."""
    paragraph = _editable_paragraph(paragraph)
    _attendance(paragraph.minutes, person)
    if paragraph.disqualifications.filter(person=person).exists():
        raise ValidationError(_("The disqualification is already recorded."))
    if replaced_by is not None:
        substitute = _attendance(paragraph.minutes, replaced_by)
        if substitute.role != Attendance.Role.ERSATTARE or not substitute.is_present:
            raise ValidationError(_("Only a present substitute can serve for the §."))
        if replaced_by.pk in quorum_for(paragraph).participant_ids:
            raise ValidationError(
                _("%(person)s already takes part in the §.") % {"person": replaced_by}
            )
    jav = Disqualification(
        paragraph=paragraph, person=person, replaced_by=replaced_by, reason=reason
    )
    history.save(jav, by=by, reason="add_disqualification")
    return jav


@transaction.atomic
def remove_disqualification(jav: Disqualification, *, by: User | None) -> None:
    _editable_paragraph(jav.paragraph)
    history.delete(jav, by=by, reason="remove_disqualification")


# --- Votering ------------------------------------------------------------------------


_Made = TypeVar("_Made", Yrkande, MinutesNote)


def _check_participant(quorum: Quorum, person: Person, message: str) -> None:
    if person.pk not in quorum.participant_ids:
        raise ValidationError(message % {"person": person})


@transaction.atomic
def add_yrkande(
    paragraph: Paragraph,
    *,
    proposer: Person,
    text: str,
    by: User | None,
    form_token: uuid.UUID | None = None,
) -> Yrkande:
    """A yrkande; the form's token makes a repeated submit `AlreadySaved` (same
    content) or refused (other content)."""
    paragraph = _editable_paragraph(paragraph)
    made = _made_by_form(Yrkande, paragraph, form_token)
    if made is not None:
        form_sent_again(made, proposer_id=proposer.pk, text=text.strip())
    if not text.strip():
        raise ValidationError(_("Write the yrkande."))
    _check_yrkande_proposer(paragraph, proposer)
    yrkande = Yrkande(
        paragraph=paragraph, proposer=proposer, text=text.strip(), form_token=form_token
    )
    history.save(yrkande, by=by, reason="add_yrkande")
    return yrkande


def _made_by_form(
    model: type[_Made], paragraph: Paragraph, form_token: uuid.UUID | None
) -> _Made | None:
    """The row this form already made, when it is submitted again: the row itself,
    or as it was when removed since (a removed row is not made again)."""
    if form_token is None:
        return None
    made = model.objects.filter(paragraph=paragraph, form_token=form_token).first()
    if made is not None:
        return made
    removed = (
        model.history.filter(paragraph_id=paragraph.pk, form_token=form_token)
        .order_by("-history_date")
        .first()
    )
    return removed.instance if removed is not None else None


def _check_yrkande_proposer(paragraph: Paragraph, proposer: Person) -> None:
    _check_participant(
        quorum_for(paragraph),
        proposer,
        _("%(person)s does not take part in the § and cannot make a yrkande."),
    )


def _in_a_vote(yrkande: Yrkande) -> bool:
    return Vote.objects.filter(Q(ja_yrkande=yrkande) | Q(nej_yrkande=yrkande)).exists()


@transaction.atomic
def update_yrkande(
    yrkande: Yrkande, *, proposer: Person, text: str, by: User | None
) -> Yrkande:
    """Change a yrkande until the protokoll is sent for justering (history kept)."""
    _editable_paragraph(yrkande.paragraph)
    yrkande = Yrkande.objects.select_for_update().get(pk=yrkande.pk)
    if not text.strip():
        raise ValidationError(_("Write the yrkande."))
    if proposer.pk != yrkande.proposer_id:
        _check_yrkande_proposer(yrkande.paragraph, proposer)
    yrkande.proposer, yrkande.text = proposer, text.strip()
    history.save(yrkande, by=by, reason="update_yrkande")
    return yrkande


@transaction.atomic
def remove_yrkande(yrkande: Yrkande, *, by: User | None) -> None:
    """Remove a yrkande until the protokoll is sent; not one a votering is on."""
    _editable_paragraph(yrkande.paragraph)
    if _in_a_vote(yrkande):
        raise ValidationError(
            _(
                "The votering is on this yrkande. Record the votering again without "
                "it before removing the yrkande."
            )
        )
    history.delete(yrkande, by=by, reason="remove_yrkande")


def _check_yrkanden(paragraph: Paragraph, *yrkanden: Yrkande | None) -> None:
    for yrkande in yrkanden:
        if yrkande is not None and yrkande.paragraph_id != paragraph.pk:
            raise ValidationError(_("Choose yrkanden of this §."))


def _replace_vote(paragraph: Paragraph, by: User | None) -> None:
    old = Vote.objects.filter(paragraph=paragraph).first()
    if old is not None:
        history.delete(old, by=by, reason="replace_vote")


@transaction.atomic
def record_open_vote(
    paragraph: Paragraph,
    *,
    ballots: dict[int, str],
    by: User | None,
    ja_yrkande: Yrkande | None = None,
    nej_yrkande: Yrkande | None = None,
) -> Vote:
    """A named votering: every serving member votes Ja, Nej or Avstår.

    On a tie the ordförande's utslagsröst decides (KL 5 kap. 55 §).
    """
    paragraph = _editable_paragraph(paragraph)
    _check_yrkanden(paragraph, ja_yrkande, nej_yrkande)
    quorum = quorum_for(paragraph)
    voters = quorum.participant_ids
    if set(ballots) != voters:
        raise ValidationError(_("Every member who takes part in the § votes once."))
    if any(choice not in Ballot.Choice.values for choice in ballots.values()):
        raise ValidationError(_("A vote is yes, no or abstain."))
    counts = {c: list(ballots.values()).count(c) for c in Ballot.Choice.values}
    ja, nej = counts[Ballot.Choice.JA], counts[Ballot.Choice.NEJ]
    casting = ja == nej
    if casting:
        chair = paragraph.minutes.chair
        chair_vote = ballots.get(chair.pk) if chair else None
        if chair_vote not in (Ballot.Choice.JA, Ballot.Choice.NEJ):
            raise ValidationError(
                _("The votes are equal: the chair must vote yes or no to decide.")
            )
        result = chair_vote
    else:
        result = Vote.Result.JA if ja > nej else Vote.Result.NEJ
    _replace_vote(paragraph, by)
    vote = Vote(
        paragraph=paragraph,
        kind=Vote.Kind.OPEN,
        ja_yrkande=ja_yrkande,
        nej_yrkande=nej_yrkande,
        ja_count=ja,
        nej_count=nej,
        avstar_count=counts[Ballot.Choice.AVSTAR],
        result=result,
        casting_vote=casting,
    )
    history.save(vote, by=by, reason="record_open_vote")
    order = [p.pk for p in quorum.participants]
    for person_id in order:
        history.save(
            Ballot(vote=vote, person_id=person_id, choice=ballots[person_id]),
            by=by,
            reason="record_open_vote",
        )
    return vote


@transaction.atomic
def record_closed_vote(
    paragraph: Paragraph,
    *,
    ja_count: int,
    nej_count: int,
    result: str,
    by: User | None,
    avstar_count: int = 0,
    result_text: str = "",
) -> Vote:
    """A sluten omröstning (an election): only the result is recorded."""
    paragraph = _editable_paragraph(paragraph)
    voters = quorum_for(paragraph).count
    if min(ja_count, nej_count, avstar_count) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    if ja_count + nej_count + avstar_count > voters:
        raise ValidationError(
            _("More votes than the %(count)s members who take part.")
            % {"count": voters}
        )
    if result not in Vote.Result.values:
        raise ValidationError(_("Choose the result."))
    _replace_vote(paragraph, by)
    vote = Vote(
        paragraph=paragraph,
        kind=Vote.Kind.CLOSED,
        ja_count=ja_count,
        nej_count=nej_count,
        avstar_count=avstar_count,
        result=result,
        result_text=result_text.strip(),
    )
    history.save(vote, by=by, reason="record_closed_vote")
    return vote


# --- Reservation and protokollsanteckning -------------------------------------------


@transaction.atomic
def announce_reservation(
    paragraph: Paragraph, *, person: Person, by: User | None, motivation: str = ""
) -> Reservation:
    """A reservation is announced before the meeting closes (KL 4 kap. 27 §)."""
    paragraph = _editable_paragraph(paragraph)
    if paragraph.minutes.is_closed:
        raise ValidationError(
            _("The meeting is closed; a reservation had to be announced before that.")
        )
    _check_participant(
        quorum_for(paragraph),
        person,
        _("%(person)s did not take part in the decision and cannot reserve."),
    )
    if paragraph.reservations.filter(person=person).exists():
        raise ValidationError(_("The reservation is already recorded."))
    reservation = Reservation(
        paragraph=paragraph,
        person=person,
        announced_at=timezone.now(),
        motivation=motivation.strip(),
    )
    history.save(reservation, by=by, reason="announce_reservation")
    return reservation


@transaction.atomic
def update_reservation_motivation(
    reservation: Reservation, *, motivation: str, by: User | None
) -> Reservation:
    """The written motivation may come until justering; then it is locked.

    Out for justering, a changed motivation sends the protokoll again: a new
    justeringsunderlag with it, and every justering asked for again, since those
    given were given on a protokoll without it."""
    minutes = _lock(reservation.paragraph.minutes)
    if minutes.is_locked or reservation.paragraph.immediately_justerat_at:
        raise ValidationError(
            _("The minutes are approved; the motivation can no longer change.")
        )
    if reservation.motivation == motivation.strip():
        return reservation
    reservation.motivation = motivation.strip()
    history.save(reservation, by=by, reason="update_reservation_motivation")
    if minutes.status == Minutes.Status.SENT:
        _send(minutes, by=by, reason="update_reservation_motivation")
    return reservation


@transaction.atomic
def add_note(
    paragraph: Paragraph,
    *,
    person: Person,
    text: str,
    by: User | None,
    form_token: uuid.UUID | None = None,
) -> MinutesNote:
    """A protokollsanteckning; a repeated submit of its form is `AlreadySaved` or
    refused, as for a yrkande."""
    paragraph = _editable_paragraph(paragraph)
    made = _made_by_form(MinutesNote, paragraph, form_token)
    if made is not None:
        form_sent_again(made, person_id=person.pk, text=text.strip())
    _attendance(paragraph.minutes, person)
    if not text.strip():
        raise ValidationError(_("Write the minutes note."))
    note = MinutesNote(
        paragraph=paragraph, person=person, text=text.strip(), form_token=form_token
    )
    history.save(note, by=by, reason="add_note")
    return note


@transaction.atomic
def update_note(
    note: MinutesNote, *, person: Person, text: str, by: User | None
) -> MinutesNote:
    """Change a protokollsanteckning until the protokoll is sent for justering."""
    paragraph = _editable_paragraph(note.paragraph)
    note = MinutesNote.objects.select_for_update().get(pk=note.pk)
    _attendance(paragraph.minutes, person)
    if not text.strip():
        raise ValidationError(_("Write the minutes note."))
    note.person, note.text = person, text.strip()
    history.save(note, by=by, reason="update_note")
    return note


@transaction.atomic
def remove_note(note: MinutesNote, *, by: User | None) -> None:
    _editable_paragraph(note.paragraph)
    history.delete(note, by=by, reason="remove_note")
