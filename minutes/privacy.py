"""No personnummer in what the public reads.

A protokoll becomes public on the anslagstavla when it is justerat; before it goes to
justering its public §§ are searched for Swedish personnummer and samordningsnummer
(checksum verified with the `personnummer` package, so a diarienummer or a date is not
taken for one). A hit stops the sending until the § is corrected or made non-public.
"""

import re
from dataclasses import dataclass

from personnummer.personnummer import valid

from .models import Minutes, MinutesNote, Paragraph, Reservation, Vote, Yrkande

# Ten or twelve digits, optionally with "-" or "+" before the last four; not part of a
# longer number.
CANDIDATE = re.compile(r"(?<![\d/-])(?:\d{2})?\d{6}[-+]?\d{4}(?![\d/])")


@dataclass(frozen=True)
class Hit:
    paragraph: int | None  # the § number; None for the protokoll's own fields
    masked: str  # never the whole number: "811218-****"


def personnummer_in(text: str) -> list[str]:
    """The valid personnummer and samordningsnummer in a text."""
    return [m.group(0) for m in CANDIDATE.finditer(text or "") if valid(m.group(0))]


def public_hits(
    minutes: Minutes, paragraphs: list[Paragraph] | None = None
) -> list[Hit]:
    """Personnummer in the protokoll's public text: the attendance note and every
    public § with its yrkanden, votes, reservations and protokollsanteckningar."""
    if paragraphs is None:
        paragraphs = list(minutes.paragraphs.filter(is_public=True))
    ids = [p.pk for p in paragraphs]
    texts: dict[int, list[str]] = {p.pk: [p.title, p.decision_text] for p in paragraphs}
    for model, field in (
        (Yrkande, "text"),
        (Vote, "result_text"),
        (Reservation, "motivation"),
        (MinutesNote, "text"),
    ):
        for paragraph_id, text in model.objects.filter(
            paragraph_id__in=ids
        ).values_list("paragraph_id", field):
            texts[paragraph_id].append(text)
    numbers = {p.pk: p.number for p in paragraphs}
    hits = [
        Hit(None, _mask(found)) for found in personnummer_in(minutes.others_present)
    ]
    for pk, parts in texts.items():
        hits += [
            Hit(numbers[pk], _mask(found))
            for found in personnummer_in("\n".join(parts))
        ]
    return hits


def _mask(number: str) -> str:
    return number[:-4] + "****"
