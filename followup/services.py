"""The rules of uppföljning: the goal summary the årsbokslut prints, the six-month
follow-up of an avvikelse, and the completeness check of a results report."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from federation.models import Federation

from .models import (
    ControlArea,
    Deviation,
    Evidence,
    Goal,
    ReportAnswer,
    ReportQuestion,
    ReportTemplate,
)

FOLLOW_UP_MONTHS = 6

# Numbers one to twelve in words, as the årsbokslut writes "två delvis uppnådda";
# larger numbers in digits ("15 av 17"). Neuter forms: the noun is "mål".
_WORDS = (
    "noll",
    "ett",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
)


def number_word(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def goal_counts(goals: list[Goal]) -> dict[str, int]:
    counts = {status: 0 for status in Goal.Status.values}
    for goal in goals:
        counts[goal.status] += 1
    return counts


def goal_summary(goals: list[Goal]) -> str:
    """ "15 av 17 uppnådda och två delvis uppnådda": the achieved of all in digits,
    the partly and not achieved as words up to twelve; an unassessed goal is named."""
    if not goals:
        return ""
    counts = goal_counts(goals)
    total = len(goals)
    achieved = counts[Goal.Status.ACHIEVED]
    head = f"{achieved} av {total} uppnådda"
    tail = []
    partly = counts[Goal.Status.PARTLY]
    if partly:
        tail.append(f"{number_word(partly)} delvis " + _plural(partly, "uppnått"))
    missed = counts[Goal.Status.NOT_ACHIEVED]
    if missed:
        tail.append(f"{number_word(missed)} ej " + _plural(missed, "uppnått"))
    open_ = counts[Goal.Status.NOT_ASSESSED]
    if open_:
        tail.append(f"{number_word(open_)} ännu inte " + _plural(open_, "bedömt"))
    if not tail:
        return head
    parts = [head, *tail]
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def _plural(n: int, singular: str) -> str:
    # uppnått → uppnådda, bedömt → bedömda
    if n == 1:
        return singular
    return {"uppnått": "uppnådda", "bedömt": "bedömda"}[singular]


def year_goals(federation: Federation, year: int) -> list[Goal]:
    return list(Goal.objects.filter(federation=federation, year=year))


@transaction.atomic
def assess_goal(goal: Goal, *, status: str, comment: str) -> Goal:
    if status not in Goal.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    goal.status = status
    goal.comment = comment.strip()
    goal.save(update_fields=["status", "comment"])
    return goal


def latest_follow_up(found_on: datetime.date) -> datetime.date:
    return found_on + relativedelta(months=FOLLOW_UP_MONTHS)


@transaction.atomic
def record_deviation(
    area: ControlArea,
    *,
    description: str,
    found_on: datetime.date,
    follow_up_by: datetime.date | None = None,
) -> Deviation:
    """An avvikelse is followed up within six months of the review that found it."""
    if not description.strip():
        raise ValidationError(_("Describe the deviation."))
    latest = latest_follow_up(found_on)
    follow_up_by = follow_up_by or latest
    if not found_on <= follow_up_by <= latest:
        raise ValidationError(
            _("The follow-up must be within six months, by %(date)s at the latest.")
            % {"date": latest.isoformat()}
        )
    return Deviation.objects.create(
        area=area,
        description=description.strip(),
        found_on=found_on,
        follow_up_by=follow_up_by,
    )


# Word's content-control prompts that an unfilled field leaves in the text
# ("Klicka här för att ange text.", "Klicka eller tryck här för att ange text.",
# "Välj ett objekt.", "Klicka här för att ange datum." and the English ones).
# Matched without spaces: a PDF extraction splits words ("Klicka hä r fö r …").
PLACEHOLDERS = (
    "Klicka här för att ange text.",
    "Klicka eller tryck här för att ange text.",
    "Klicka här för att ange datum.",
    "Klicka eller tryck här för att ange datum.",
    "Klicka eller tryck för att ange ett datum.",
    "Välj ett objekt.",
    "Click here to enter text.",
    "Click or tap here to enter text.",
    "Click or tap to enter a date.",
    "Choose an item.",
)
_PLACEHOLDER_RE = re.compile(
    r"(?:klicka|click|välj|choose)[^.]{0,60}?"
    r"(?:ange|enter|ett objekt|an item)[^.]{0,20}\.",
    re.IGNORECASE,
)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


_SQUEEZED = tuple(_squeeze(p) for p in PLACEHOLDERS)


def find_placeholders(text: str) -> list[str]:
    """Every Word prompt left in a text, in order, as written there."""
    found: list[tuple[int, str]] = []
    # Map positions of the squeezed text back onto the original.
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(text[i] for i in positions).casefold()
    for needle in _SQUEEZED:
        start = 0
        while (hit := squeezed.find(needle, start)) != -1:
            end = hit + len(needle)
            first, last = positions[hit], positions[end - 1]
            found.append((first, text[first : last + 1]))
            start = end
    # Longer prompts contain no shorter one, but a prompt may also be a variant
    # outside the list ("Klicka här för att ange ett datum."): the pattern finds it.
    covered = {pos for pos, _snippet in found}
    for match in _PLACEHOLDER_RE.finditer(text):
        if match.start() not in covered:
            found.append((match.start(), match.group(0)))
    return [snippet for _pos, snippet in sorted(found)]


@dataclass
class Completeness:
    unanswered: list[ReportQuestion] = field(default_factory=list)
    placeholders: list[tuple[ReportQuestion, str]] = field(default_factory=list)
    missing_evidence: list[ReportQuestion] = field(default_factory=list)
    unknown_evidence: list[tuple[ReportQuestion, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (
            self.unanswered
            or self.placeholders
            or self.missing_evidence
            or self.unknown_evidence
        )


def questions_of(template: ReportTemplate) -> list[ReportQuestion]:
    return list(
        ReportQuestion.objects.filter(area__template=template)
        .select_related("area")
        .prefetch_related("goals")
        .order_by("area__number", "position", "id")
    )


def answers_of(template: ReportTemplate, year: int) -> dict[int, ReportAnswer]:
    answers = ReportAnswer.objects.filter(question__area__template=template, year=year)
    return {a.question_id: a for a in answers}


def check_completeness(template: ReportTemplate, year: int) -> Completeness:
    """What is left before the report goes to the region: unanswered questions, Word
    prompts left in an answer, and an evidence basis missing or outside the list."""
    result = Completeness()
    answers = answers_of(template, year)
    allowed = set(Evidence.values)
    for question in questions_of(template):
        answer = answers.get(question.pk)
        text = answer.text if answer else ""
        for snippet in find_placeholders(text):
            result.placeholders.append((question, snippet))
        answered_yes_no = answer is not None and answer.yes_no is not None
        if question.kind == ReportQuestion.Kind.YES_NO:
            if not answered_yes_no or not _has_text(text):
                result.unanswered.append(question)
        elif not _has_text(text):
            result.unanswered.append(question)
        if question.asks_evidence and answer is not None and _has_text(text):
            given = [str(e) for e in (answer.evidence or [])]
            if not given:
                result.missing_evidence.append(question)
            for value in given:
                if value not in allowed:
                    result.unknown_evidence.append((question, value))
    return result


def _has_text(text: str) -> bool:
    """Text beyond the Word prompts."""
    rest = text
    for snippet in find_placeholders(text):
        rest = rest.replace(snippet, "")
    return bool(rest.strip())


@transaction.atomic
def save_answer(
    question: ReportQuestion,
    year: int,
    *,
    text: str,
    yes_no: bool | None = None,
    evidence: list[str] | None = None,
) -> ReportAnswer:
    evidence = list(evidence or [])
    unknown = [e for e in evidence if e not in Evidence.values]
    if unknown:
        raise ValidationError(
            _("Choose the evidence basis from the list: %(values)s.")
            % {"values": ", ".join(Evidence.values)}
        )
    if question.kind == ReportQuestion.Kind.TEXT:
        yes_no = None
    answer, _created = ReportAnswer.objects.select_for_update().get_or_create(
        question=question, year=year
    )
    answer.text = text.strip()
    answer.yes_no = yes_no
    answer.evidence = evidence if question.asks_evidence else []
    answer.save()
    return answer
