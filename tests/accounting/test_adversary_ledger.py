"""Adversary round of issue 20: crafted SIE files and index series against the
bokslut (the import refuses with a message, never a 500 or a silently wrong
utfall; the line numbers are the editor's)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounting.commitments import roll_forward, save_commitment, save_year
from accounting.ledger import driftredovisning, import_ledger
from accounting.models import AccountMapping, Commitment, DriftLine, LedgerImport
from accounting.sie import parse_sie
from finance.models import IndexSeries, IndexValue

from .sie_files import HEAD, sie

D = Decimal


@pytest.fixture
def income(federation):
    line = DriftLine.objects.create(
        federation=federation,
        position=10,
        name="Intäkter",
        section=DriftLine.Section.INCOME,
    )
    AccountMapping.objects.create(line=line, account_from=3000, account_to=3999)
    return line


def _voucher(number, amount, series="A"):
    return [
        f'#VER {series} {number} 20230101 "x"',
        "{",
        f"#TRANS 3010 {{}} -{amount}",
        f"#TRANS 1930 {{}} {amount}",
        "}",
    ]


def test_an_utfall_beyond_the_amount_field_is_refused_with_a_message(
    federation, income, ekonom
):
    """Each row is a valid amount of 13 digits; their sum on one account is not an
    amount the database holds (16 digits, 2 decimals): refused, not a 500."""
    vouchers = [row for n in range(1, 12) for row in _voucher(n, "9999999999999.99")]

    with pytest.raises(ValidationError) as refused:
        import_ledger(
            federation, 2023, sie([*HEAD, *vouchers]), file_name="x.se", by=ekonom
        )

    assert "3010" in " ".join(refused.value.messages)
    assert not LedgerImport.objects.exists()


def test_a_form_feed_does_not_shift_the_line_numbers(federation):
    """Only CR and LF end a SIE line: a form feed or a file separator inside a
    text is a character of that line, so the numbers are the editor's."""
    lines = [*HEAD, '#VER A 1 20230101 "sida\x0c2"', "{", "#TRANS 3010 {} -1,5", "}"]

    with pytest.raises(ValidationError) as refused:
        parse_sie(sie(lines))

    assert refused.value.messages == [
        f"Line {len(HEAD) + 3}: the amount -1,5 has a decimal comma; SIE writes a "
        "decimal point (-1.5)."
    ]


def test_the_same_verifikation_twice_is_refused_not_counted_twice(
    federation, income, ekonom
):
    """Two exports pasted together: the utfall would double without a word."""
    raw = sie([*HEAD, *_voucher(7, "100.00"), *_voucher(7, "100.00")])

    with pytest.raises(ValidationError) as refused:
        import_ledger(federation, 2023, raw, file_name="x.se", by=ekonom)

    assert f"Line {len(HEAD) + 6}" in refused.value.messages[0]
    assert "A 7" in refused.value.messages[0]
    assert not LedgerImport.objects.exists()
    # The same number in another series, or vouchers without numbers, are fine.
    raw = sie([*HEAD, *_voucher(7, "100.00"), *_voucher(7, "100.00", series="B")])
    import_ledger(federation, 2023, raw, file_name="x.se", by=ekonom)
    assert driftredovisning(federation, 2023).lines[0].utfall == D(200)


def _change_series(federation, values):
    series = IndexSeries.objects.create(
        federation=federation, code="PKV", name="PKV", kind=IndexSeries.Kind.PERCENT
    )
    for year, value in values.items():
        IndexValue.objects.create(
            series=series,
            year=year,
            value=D(value),
            published_on=datetime.date(year, 12, 1),
        )
    return series


def test_an_index_that_falls_to_zero_is_no_uplift_not_a_500(client, federation, ekonom):
    """A yearly change of −100 % (typed for −1,00) chains the level to zero: the
    year after divides by it. The year is named as lacking an index instead."""
    series = _change_series(federation, {2021: 2, 2022: -100, 2023: 3})
    commitment = save_commitment(
        Commitment(federation=federation),
        by=None,
        name="E20",
        base_year=2020,
        base_amount=D(1000),
        index_series=series,
    )
    for year in (2021, 2022, 2023):
        save_year(commitment, year, by=None, recognised=D(100))

    roll = roll_forward(commitment)

    assert roll.missing_index == [2022, 2023]
    client.force_login(ekonom)
    for name, args in (("index", []), ("commitment", [commitment.pk])):
        url = reverse(f"accounting:{name}", args=[federation.slug, *args])
        assert client.get(url).status_code == 200
