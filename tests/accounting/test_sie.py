"""The SIE 4 reader (accounting.sie): what it reads and every way it refuses."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounting.sie import MAX_BYTES, parse_sie

from .sie_files import HEAD, VOUCHERS, ledger, sie


def refused(raw: bytes) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_sie(raw)
    return caught.value.messages


def test_reads_vouchers_results_accounts_and_the_year():
    read = parse_sie(sie(ledger()))

    assert read.vouchers == 5
    assert read.company == "Testförbundet"
    assert read.program == "Testbok 2.1"
    assert read.accounts[3810] == "Förbundsbidrag"
    assert read.fiscal_years[0][0].isoformat() == "2023-01-01"
    rows = [(t.account, t.objects, t.amount) for t in read.transactions]
    assert rows[0] == (3810, ((1, "10"),), Decimal("-1000000.00"))
    assert (5010, ((1, "10"),), Decimal("120000.25")) in rows
    assert sum(t.amount for t in read.transactions) == 0
    # Only the year's own #RES (0), not the year before's (-1).
    assert {r.account for r in read.results} == {3010, 3810, 5010, 7010, 8310}


def test_a_quoted_text_with_an_escaped_quote_and_tabs_between_fields():
    lines = [*HEAD, '#VER\tA\t1\t20230101\t"Hyra \\"A\\" {x}"', "{"]
    lines += ['\t#TRANS\t5010\t{1 "10"}\t10.5', "\t#TRANS 1930 {} -10.5", "}"]

    read = parse_sie(sie(lines))

    assert [t.amount for t in read.transactions] == [Decimal("10.5"), Decimal("-10.5")]


def test_lf_line_ends_and_a_file_without_format_are_read_as_pc8():
    lines = [line for line in ledger() if not line.startswith("#FORMAT")]

    assert parse_sie(sie(lines, newline="\n")).vouchers == 5


def test_codepage_437_letters_are_read():
    lines = [*HEAD, '#KONTO 5011 "Städning, två rum"']

    assert parse_sie(sie(lines)).accounts[5011] == "Städning, två rum"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("   #TRANS 3810 {} -1000,50", "decimal comma"),
        ("   #TRANS 3810 {} abc", "not an amount"),
        ("   #TRANS 38100 {} -1000.00", "four digits"),
        ("   #TRANS 3810 -1000.00", "objekt list"),
        ("   #TRANS 3810 {1} -1000.00", "pairs"),
        ('   #TRANS 3810 {1 "10"} -1000.00 2023013', "not a date"),
        ('   #TRANS 3810 {1 "10} -1000.00', "not closed"),
        ("   #TRANS 3810 {}", "missing"),
        ("   TRANS 3810 {} -1000.00", "label"),
    ],
)
def test_a_broken_trans_line_refuses_the_file_with_its_line_number(broken, message):
    lines = [
        *HEAD,
        '#VER A 1 20230115 "x"',
        "{",
        broken,
        "   #TRANS 1930 {} 1000.00",
        "}",
    ]
    number = len(HEAD) + 3

    messages = refused(sie(lines))

    assert messages[0].startswith(f"Line {number}:"), messages
    assert message in messages[0]


def test_the_messages_name_the_reason_in_swedish():
    from django.utils import translation  # noqa: PLC0415 leaf

    lines = [*HEAD, '#VER A 1 20230115 "x"', "{", "   #TRANS 3810 {} -1000,50"]
    lines += ["   #TRANS 1930 {} 1000.50", "}"]
    with translation.override("sv"):
        messages = refused(sie(lines))

    assert messages[0].startswith(f"Rad {len(HEAD) + 3}:")
    assert "1000.50" in messages[0]  # how SIE writes it


def test_trans_without_ver_is_refused():
    messages = refused(sie([*HEAD, "#TRANS 3810 {} -100.00"]))

    assert messages == [
        f"Line {len(HEAD) + 1}: #TRANS stands outside a verifikation (#VER … {{ … }})."
    ]


def test_an_unbalanced_voucher_is_refused_with_its_ver_line():
    lines = [*HEAD, '#VER A 7 20230115 "x"', "{", "#TRANS 3810 {} -100.00", "}"]

    messages = refused(sie(lines))

    assert str(len(HEAD) + 1) in messages[0]
    assert "-100.00" in messages[0]


def test_an_unclosed_voucher_is_refused():
    lines = [*HEAD, '#VER A 7 20230115 "x"', "{", "#TRANS 3810 {} -100.00"]

    assert str(len(HEAD) + 1) in refused(sie(lines))[0]


def test_a_ver_without_braces_and_a_stray_brace_are_refused():
    assert refused(sie([*HEAD, '#VER A 1 20230101 "x"', "#RES 0 3010 1.00"]))
    assert refused(sie([*HEAD, "}"]))
    assert refused(sie([*HEAD, "{"]))


def test_every_bad_line_is_named_at_most_fifty():
    bad = ["#RES 0 3010 1,5"] * 80

    messages = refused(sie([*HEAD, *bad]))

    assert len(messages) == 50
    assert str(len(HEAD) + 1) in messages[0]


def test_unknown_labels_are_skipped_as_the_specification_asks():
    lines = [*HEAD, "#NYTT 1 2 3", "#PBUDGET 0 202301 3010 {} 5.00", *VOUCHERS]

    assert parse_sie(sie(lines)).vouchers == 5


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        (sie(ledger(), encoding="utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + sie(ledger()), "UTF-8"),
        (sie(ledger(), encoding="utf-16"), "UTF-16"),
        (sie(ledger(), encoding="cp1252"), "437"),
        (sie([*HEAD, "#FORMAT UTF8"]), "PC8"),
        (b"", "empty"),
        (b"  \r\n", "empty"),
        (sie(["#SIETYP 1"]), "SIE 4"),
    ],
)
def test_other_encodings_and_formats_are_refused_clearly(raw, word):
    assert word in " ".join(refused(raw))


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    raw = b"#FLAGGA 0\r\n" * (MAX_BYTES // 11 + 2)

    assert "too large" in refused(raw)[0]


def test_a_line_of_a_megabyte_is_refused_without_quoting_it():
    lines = [*HEAD, '#KONTO 5011 "' + "x" * 1_000_000 + '"']

    messages = refused(sie(lines))

    assert str(len(HEAD) + 1) in messages[0]
    assert len(messages[0]) < 200


def test_a_line_of_spaces_and_an_odd_control_character_do_not_crash():
    lines = [*HEAD, " " * 500, '#KONTO 5011 "a\x07b"', *VOUCHERS]

    assert parse_sie(sie(lines)).accounts[5011] == "a\x07b"
