"""Adversary (issue 22.1): the beslut text parser on hostile input. It runs inside
record_decision, in the request that decides the §."""

import time

from followup.commissions.parser import parse_commissions


def test_a_long_text_without_full_stops_is_read_in_time():
    # Before: each uppdrag searched the whole rest of the text for its sentence's
    # end, so 200 kB of "ger … i uppdrag att …" without a full stop took 17 s and
    # a megabyte minutes, holding the request and the § locked.
    text = ("Direktionen ger " + "ekonomichefen " * 5 + "i uppdrag att betala ") * 12000
    assert len(text) > 1_000_000

    started = time.monotonic()
    found = parse_commissions(text)

    assert time.monotonic() - started < 5
    assert len(found) == 12000
    assert found[0].what == "Betala Direktionen"


def test_two_uppdrag_in_one_sentence_keep_apart():
    text = (
        "Direktionen ger förbundsdirektören i uppdrag att teckna avtalet och ger "
        "ekonomichefen i uppdrag att betala, återrapportering till Direktionen "
        "senast 2027-03-01."
    )

    first, second = parse_commissions(text)

    assert (first.what, first.who) == ("Teckna avtalet", "förbundsdirektören")
    assert first.source_text.endswith("teckna avtalet och")
    assert (second.what, second.report_to) == ("Betala", "Direktionen")
