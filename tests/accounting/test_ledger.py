"""Budget and utfall: the SIE import (all or nothing) and the driftredovisning."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounting.ledger import driftredovisning, import_ledger, set_budgets
from accounting.models import AccountMapping, DriftLine, LedgerAmount, LedgerImport

from .sie_files import COSTS, FINANCIAL, HEAD, INCOME, KANSLI, REGIONAL, ledger, sie

S = DriftLine.Section
D = Decimal


def _line(federation, position, name, section, *ranges, objekt=""):
    line = DriftLine.objects.create(
        federation=federation, position=position, name=name, section=section
    )
    for low, high in ranges:
        AccountMapping.objects.create(
            line=line,
            account_from=low,
            account_to=high,
            dimension=1 if objekt else None,
            object_code=objekt,
        )
    return line


@pytest.fixture
def lines(federation):
    return {
        "income": _line(
            federation, 10, "Verksamhetens intäkter", S.INCOME, (3000, 3799)
        ),
        "costs": _line(
            federation, 20, "Verksamhetens kostnader", S.COSTS, (4000, 7999)
        ),
        "kansli": _line(
            federation,
            30,
            "Förbundsbidrag, Kansli",
            S.CONTRIBUTIONS,
            (3800, 3899),
            objekt="10",
        ),
        "regional": _line(
            federation,
            40,
            "Förbundsbidrag, RU",
            S.CONTRIBUTIONS,
            (3800, 3899),
            objekt="20",
        ),
        "financial": _line(
            federation, 50, "Finansiella intäkter", S.FINANCIAL, (8000, 8399)
        ),
    }


def _amounts(report):
    return {row.name: row.utfall for row in report.rows}


def test_the_file_imports_and_the_totals_are_the_sum_of_its_rows(
    federation, lines, ekonom
):
    imported = import_ledger(
        federation, 2023, sie(ledger()), file_name="bok.se", by=ekonom
    )

    report = driftredovisning(federation, 2023)
    amounts = _amounts(report)
    assert amounts["Verksamhetens intäkter"] == D(str(INCOME))
    assert amounts["Förbundsbidrag, Kansli"] == D(str(KANSLI))
    assert amounts["Förbundsbidrag, RU"] == D(str(REGIONAL))
    assert amounts["Verksamhetens kostnader"] == D(str(COSTS))
    assert amounts["Finansiella intäkter"] == D(str(FINANCIAL))
    # Årets resultat: minus the sum of every result row of the file.
    total = D(str(INCOME + KANSLI + REGIONAL + COSTS + FINANCIAL))
    assert report.result.utfall == total
    assert sum(r.utfall for r in report.lines) == total
    assert imported.rows == 7
    assert imported.vouchers == 5
    assert imported.warnings == []  # #RES agrees with the verifikationer


def test_avvikelse_is_utfall_minus_budget_per_line_and_in_total(
    federation, lines, ekonom
):
    import_ledger(federation, 2023, sie(ledger()), file_name="bok.se", by=ekonom)
    set_budgets(
        federation,
        2023,
        {
            lines["income"]: D(20000),
            lines["costs"]: D(-700000),
            lines["kansli"]: D(900000),
        },
        by=ekonom,
    )

    report = driftredovisning(federation, 2023)
    rows = {row.name: row for row in report.rows}

    assert rows["Verksamhetens intäkter"].avvikelse == D(INCOME - 20000)
    assert rows["Verksamhetens kostnader"].avvikelse == D(str(COSTS)) + 700000
    assert rows["Förbundsbidrag, Kansli"].avvikelse == D(100000)
    assert rows["Förbundsbidrag, RU"].avvikelse == D(str(REGIONAL))  # no budget
    assert report.result.budget == D(220000)
    assert report.result.avvikelse == report.result.utfall - D(220000)


def test_the_reference_driftredovisning_2023(federation, ekonom):
    """Sjuhärad's årsbokslut 2023 (3.5 Driftredovisning), by the demo's lines and
    files: the avvikelse per line and the result as printed, in tkr."""
    from accounting.demo import LINES, _driftredovisning  # noqa: PLC0415 leaf

    _driftredovisning(federation, ekonom)
    report = driftredovisning(federation, 2023)
    tkr = {
        row.name: (row.previous, row.utfall, row.budget, row.avvikelse)
        for row in report.rows
    }

    assert tkr["Verksamhetens intäkter"] == (
        D(36476000),
        D(40840000),
        D(97549000),
        D(-56709000),
    )
    assert tkr["Verksamhetens kostnader"][3] == D(58517000)
    assert tkr["Net operating costs"] == (
        D(-31738000),
        D(-36812000),
        D(-38826000),
        D(2014000),
    )
    assert tkr["Medlemsavgifter, NVS"][3] == D(-1251000)
    assert tkr["Finansiella intäkter"][3] == D(2122000)
    assert tkr["Result before extraordinary items"] == (
        D(2011000),
        D(695000),
        D(0),
        D(695000),
    )
    assert report.result.avvikelse == D(695000)
    assert len(report.lines) == len(LINES)


def test_an_unknown_account_refuses_the_whole_file_with_its_line(
    federation, lines, ekonom
):
    raw = sie(
        [
            *HEAD,
            '#VER A 1 20230101 "x"',
            "{",
            "#TRANS 9999 {} 5.00",
            "#TRANS 1930 {} -5.00",
            "}",
        ]
    )

    with pytest.raises(ValidationError) as caught:
        import_ledger(federation, 2023, raw, file_name="bok.se", by=ekonom)

    assert caught.value.messages == [
        f"Line {len(HEAD) + 3}: account 9999 belongs to no line of the "
        "driftredovisning. Add it to a line's accounts, then import again."
    ]
    assert not LedgerImport.objects.exists()


def test_an_objekt_without_a_mapping_is_unknown_too(federation, lines, ekonom):
    raw = sie(
        [
            *HEAD,
            '#VER A 1 20230101 "x"',
            "{",
            '#TRANS 3810 {1 "99"} -5.00',
            "#TRANS 1930 {} 5.00",
            "}",
        ]
    )

    with pytest.raises(ValidationError) as caught:
        import_ledger(federation, 2023, raw, file_name="bok.se", by=ekonom)

    assert '3810 Förbundsbidrag {1 "99"}' in caught.value.messages[0]


def test_a_broken_trans_line_imports_nothing_also_over_an_earlier_import(
    federation, lines, ekonom
):
    import_ledger(federation, 2023, sie(ledger()), file_name="bok.se", by=ekonom)
    broken = [line.replace("-4321.75", "-4321,75") for line in ledger()]

    with pytest.raises(ValidationError) as caught:
        import_ledger(federation, 2023, sie(broken), file_name="bok2.se", by=ekonom)

    number = broken.index("   #TRANS 8310 {} -4321,75") + 1
    assert caught.value.messages[0].startswith(f"Line {number}:")
    assert LedgerImport.objects.count() == 1
    assert LedgerAmount.objects.count() == 6


def test_a_file_of_another_year_is_refused(federation, lines, ekonom):
    with pytest.raises(ValidationError, match="of 2023, not of 2024"):
        import_ledger(federation, 2024, sie(ledger()), file_name="bok.se", by=ekonom)


def test_a_file_without_vouchers_is_read_by_its_res_rows(federation, lines, ekonom):
    raw = sie([*HEAD, "#RES 0 3810 -10.00", "#RES 0 3010 -5.00"])

    with pytest.raises(ValidationError):  # 3810 without objekt: no line has it
        import_ledger(federation, 2023, raw, file_name="res.se", by=ekonom)
    import_ledger(
        federation, 2023, sie([*HEAD, "#RES 0 3010 -5.00"]), file_name="r.se", by=ekonom
    )

    assert driftredovisning(federation, 2023).result.utfall == D(5)


def test_res_differing_from_the_vouchers_is_a_warning(federation, lines, ekonom):
    raw = sie([*ledger(results=False), "#RES 0 3010 -16000.00"])

    imported = import_ledger(federation, 2023, raw, file_name="bok.se", by=ekonom)

    assert any("3010" in w for w in imported.warnings)


def test_the_same_file_twice_is_one_import_and_a_new_one_replaces_it(
    federation, lines, ekonom
):
    first = import_ledger(federation, 2023, sie(ledger()), file_name="a.se", by=ekonom)
    again = import_ledger(federation, 2023, sie(ledger()), file_name="a.se", by=ekonom)
    changed = [
        line.replace("-15000", "-16000").replace("19321.75", "20321.75")
        for line in ledger(results=False)
    ]
    newer = import_ledger(federation, 2023, sie(changed), file_name="b.se", by=ekonom)

    assert again == first
    assert newer != first
    assert _amounts(driftredovisning(federation, 2023))["Verksamhetens intäkter"] == D(
        16000
    )


def test_another_federations_mappings_and_imports_are_not_used(
    federation, other_federation, lines, ekonom
):
    _line(other_federation, 10, "Allt", S.INCOME, (3000, 9999))
    import_ledger(other_federation, 2023, sie(ledger()), file_name="a.se", by=None)

    assert driftredovisning(federation, 2023).ledger_import is None
    with pytest.raises(ValidationError):
        set_budgets(other_federation, 2023, {lines["income"]: D(1)}, by=ekonom)
