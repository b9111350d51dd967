"""Uppdrag read from real beslut phrasing: the STARK tjänsteskrivelse as extracted
(lines broken inside the sentence), the issue's wording and the common variants."""

import datetime

import pytest

from followup.commissions.parser import parse_commissions, parse_date

# ../shared/reference/tjansteskrivelse-stark.txt, lines 19–29, as extracted.
STARK = (
    "Kommunstyrelsen föreslås besluta \n\n"
    "1. Kommunstyrelsen godkänner avtal om utveckling och utbyte av \n\n"
    "kunskap om strategiskt arbete i regioner och kommuner (STARK). \n\n"
    "2. Kommunstyrelsen ger kommundirektören i uppdrag att teckna \n\n"
    "avtalet. \n\n"
    "Sammanfattning \n\n"
    "Kommuner, regioner och länsstyrelse står inför gemensamma komplexa \n"
)


def test_the_stark_beslut_gives_the_kommundirektor_one_uppdrag():
    (found,) = parse_commissions(STARK)
    assert found.what == "Teckna avtalet"
    assert found.who == "kommundirektören"
    assert found.due_on is None
    assert found.report_to == ""
    assert found.source_text == "ger kommundirektören i uppdrag att teckna avtalet."


def test_the_issue_phrasing_with_the_report_in_the_next_sentence():
    (found,) = parse_commissions(
        "Direktionen ger förbundsdirektören i uppdrag att ta fram en plan för "
        "arkivet. Återrapportering till Direktionen senast 2027-03-01. "
        "Direktionen godkänner budgeten."
    )
    assert (found.what, found.who) == (
        "Ta fram en plan för arkivet",
        "förbundsdirektören",
    )
    assert found.report_to == "Direktionen"
    assert found.due_on == datetime.date(2027, 3, 1)


def test_a_report_clause_in_the_same_sentence_with_a_written_date():
    (found,) = parse_commissions(
        "Direktionen beslutar att ge förbundsdirektören i uppdrag att utreda "
        "frågan, med återrapportering till direktionen senast den 1 mars 2027."
    )
    assert found.what == "Utreda frågan"
    assert found.report_to == "direktionen"
    assert found.due_on == datetime.date(2027, 3, 1)


def test_numbered_points_far_i_uppdrag_and_uppdrar_at():
    found = parse_commissions(
        "1. Planen godkänns.\n\n2. Förbundsdirektören får i uppdrag att revidera "
        "planen och återrapportera till Direktionen senast mars 2027. "
        "3. Direktionen uppdrar åt kansliet att publicera planen."
    )
    assert [(f.who, f.what, f.due_on, f.report_to) for f in found] == [
        (
            "Förbundsdirektören",
            "Revidera planen",
            datetime.date(2027, 3, 31),
            "Direktionen",
        ),
        ("kansliet", "Publicera planen", None, ""),
    ]


def test_a_deadline_inside_the_uppdrag_is_its_due_date():
    (found,) = parse_commissions(
        "Direktionen ger Anna Berg i uppdrag att senast 2027-01-15 ta fram ett förslag."
    )
    assert (found.who, found.what) == ("Anna Berg", "Ta fram ett förslag")
    assert found.due_on == datetime.date(2027, 1, 15)


@pytest.mark.parametrize(
    "text",
    ["Direktionen godkänner avtalet.", "", "Uppdraget redovisades i mars."],
)
def test_a_beslut_without_uppdrag_gives_none(text):
    assert parse_commissions(text) == []


def test_dates():
    assert parse_date("2027-02-30") is None
    assert parse_date("29 februari 2028") == datetime.date(2028, 2, 29)
    assert parse_date("februari 2027") == datetime.date(2027, 2, 28)
