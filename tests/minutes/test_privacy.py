"""S13: the public protokoll never shows a personnummer."""

import pytest
from django.core.exceptions import ValidationError

from minutes.models import Minutes, Paragraph
from minutes.privacy import personnummer_in
from minutes.services import (
    add_paragraph,
    choose_justerare,
    close_meeting,
    justera_immediately,
    record_decision,
    send_for_justering,
)

DECIDED = Paragraph.Outcome.DECIDED


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Sökanden 811218-9876 beviljas", ["811218-9876"]),
        ("personnummer 19811218-9876.", ["19811218-9876"]),
        ("samordningsnummer 701063-2391", ["701063-2391"]),
        ("utan bindestreck 198112189876", ["198112189876"]),
        ("fel kontrollsiffra 811218-9875", []),
        ("diarienummer BRK 2025/0123 och 2024-03-01", []),
        ("telefon 0701234567 och belopp 14 840 kr", []),
        ("organisationsnummer 222000-1545", []),
    ],
)
def test_personnummer_are_found_by_their_checksum(text, found):
    assert personnummer_in(text) == found


def _ready(minutes, people, chef, *, text: str, is_public: bool = True) -> Paragraph:
    paragraph = add_paragraph(minutes, title="Bidrag", by=chef)
    record_decision(
        paragraph, decision_text=text, outcome=DECIDED, is_public=is_public, by=chef
    )
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    return paragraph


def test_a_personnummer_in_a_public_paragraph_stops_the_sending(minutes, people, chef):
    paragraph = _ready(
        minutes, people, chef, text="Bidrag beviljas Kim Lund, 811218-9876."
    )

    with pytest.raises(ValidationError) as refused:
        send_for_justering(minutes, by=chef)

    message = " ".join(refused.value.messages)
    assert f"§ {paragraph.number} (811218-****)" in message
    assert "9876" not in message
    minutes.refresh_from_db()
    assert minutes.status != Minutes.Status.SENT


def test_a_non_public_paragraph_may_hold_a_personnummer(minutes, people, chef):
    _ready(minutes, people, chef, text="Gäller 811218-9876.", is_public=False)

    sent = send_for_justering(minutes, by=chef)

    assert sent.status == Minutes.Status.SENT


def test_omedelbar_justering_is_refused_on_a_personnummer(minutes, chef):
    paragraph = add_paragraph(minutes, title="Anställning", by=chef)
    record_decision(
        paragraph, decision_text="Anställs: 19811218-9876", outcome=DECIDED, by=chef
    )

    with pytest.raises(ValidationError):
        justera_immediately(paragraph, by=chef)

    paragraph.refresh_from_db()
    assert paragraph.immediately_justerat_at is None
