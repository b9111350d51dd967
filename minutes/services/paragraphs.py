"""Paragrafer: numbering without gaps, §§ from the agenda, the beslut."""

import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from followup.commissions.services import on_decision
from meetings.models import AgendaItem, ItemKind
from minutes.models import Minutes, Paragraph, ParagraphCounter

from .editing import _editable, _editable_paragraph, form_sent_again


def next_paragraph_number(body_id: int, year: int) -> int:
    """Take the next § number of the body and year; the caller's transaction locks.

    A counter row (created with ON CONFLICT DO NOTHING, then locked) rather than
    MAX()+1, so concurrent callers queue and the numbers have no gaps or duplicates.
    """
    ParagraphCounter.objects.bulk_create(
        [ParagraphCounter(body_id=body_id, year=year)], ignore_conflicts=True
    )
    counter = ParagraphCounter.objects.select_for_update().get(
        body_id=body_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _initial_text(item: AgendaItem | None) -> tuple[str, str]:
    if item is None:
        return Paragraph.Outcome.DECIDED, ""
    if item.case is not None and item.case.proposal:
        return Paragraph.Outcome.DECIDED, item.case.proposal
    if item.kind == ItemKind.DECISION:
        return Paragraph.Outcome.DECIDED, ""
    return Paragraph.Outcome.NOTED, ""


@transaction.atomic
def add_paragraph(
    minutes: Minutes,
    *,
    by: User | None,
    title: str = "",
    agenda_item: AgendaItem | None = None,
    form_token: uuid.UUID | None = None,
) -> Paragraph:
    """A new § with the next number; the beslut starts as the förslag till beslut.

    A repeated submit of the same form (its token) is `AlreadySaved` when it
    asks for the same §, and refused when it asks for another."""
    minutes = _editable(minutes)
    if form_token is not None:
        made = minutes.paragraphs.filter(form_token=form_token).first()
        if made is not None:
            form_sent_again(
                made,
                title=(title or (agenda_item.title if agenda_item else "")).strip(),
                agenda_item_id=agenda_item.pk if agenda_item else None,
            )
    meeting = minutes.meeting
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk:
            raise ValidationError(_("Choose an item of this meeting's agenda."))
        if Paragraph.objects.filter(agenda_item=agenda_item).exists():
            raise ValidationError(_("The item already has a §."))
        title = title or agenda_item.title
    if not title.strip():
        raise ValidationError(_("A § needs a title."))
    if Paragraph.objects.filter(
        body_id=meeting.body_id,
        year=meeting.date.year,
        minutes__meeting__date__gt=meeting.date,
    ).exists():
        raise ValidationError(
            _(
                "A later meeting of the body this year already has §§; "
                "numbers would jump."
            )
        )
    outcome, text = _initial_text(agenda_item)
    paragraph = Paragraph(
        minutes=minutes,
        body_id=meeting.body_id,
        year=meeting.date.year,
        number=next_paragraph_number(meeting.body_id, meeting.date.year),
        agenda_item=agenda_item,
        title=title.strip(),
        outcome=outcome,
        decision_text=text,
        is_public=agenda_item.is_public if agenda_item else True,
        form_token=form_token,
    )
    history.save(paragraph, by=by, reason="add_paragraph")
    return paragraph


@transaction.atomic
def add_paragraphs_from_agenda(minutes: Minutes, *, by: User | None) -> list[Paragraph]:
    """A § for each agenda item that has none yet, in agenda order."""
    _editable(minutes)  # refuses a locked protokoll even when no item is left
    items = (
        minutes.meeting.items.filter(paragraph__isnull=True)
        .select_related("case")
        .order_by("position", "pk")
    )
    return [add_paragraph(minutes, agenda_item=item, by=by) for item in items]


@transaction.atomic
def remove_paragraph(paragraph: Paragraph, *, by: User | None) -> None:
    """Remove the body's last § of the year; any other would leave a gap."""
    paragraph = _editable_paragraph(paragraph)
    counter = ParagraphCounter.objects.select_for_update().get(
        body_id=paragraph.body_id, year=paragraph.year
    )
    if counter.last_number != paragraph.number:
        raise ValidationError(
            _("Only the last § can be removed; numbers have no gaps.")
        )
    counter.last_number -= 1
    counter.save(update_fields=["last_number"])
    history.delete(paragraph, by=by, reason="remove_paragraph")


@transaction.atomic
def record_decision(
    paragraph: Paragraph,
    *,
    decision_text: str,
    outcome: str,
    by: User | None,
    title: str | None = None,
    is_public: bool | None = None,
    expected_version: int | None = None,
) -> Paragraph:
    """Write the beslut of a §: decided, noted, bordlagt or återremitterat.

    `expected_version` is the § text_version the editor started from: when someone
    else saved in between, the save is refused instead of overwriting their text.
    """
    paragraph = _editable_paragraph(paragraph)
    if expected_version is not None and expected_version != paragraph.text_version:
        raise ValidationError(
            _(
                "Someone else saved § %(number)s while you were editing it. Reload "
                "the page and make your change again."
            )
            % {"number": paragraph.number},
            code="stale",
        )
    if outcome not in Paragraph.Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    if outcome != Paragraph.Outcome.NOTED and not decision_text.strip():
        raise ValidationError(_("Write the decision."))
    paragraph.decision_text = decision_text.strip()
    paragraph.outcome = outcome
    if title is not None and title.strip():
        paragraph.title = title.strip()
    if is_public is not None:
        paragraph.is_public = is_public
    paragraph.text_version += 1
    history.save(paragraph, by=by, reason="record_decision")
    # Uppdrag proposed from the beslut; an återrapportering received (followup).
    on_decision(paragraph, by=by)
    return paragraph
