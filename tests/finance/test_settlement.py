"""Worked cases of issue 20 from the reference årsbokslut (Sjuhärad 2023, notes 7,
8 and 12): a verksamhet's other payer, carry-forward and adjustments, and the
avräkning of a corrected version against the instalments already invoiced."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from finance.calculation import compute_year
from finance.calculation.settlement import ActivityTerms, AdjustmentTerms, settle
from finance.models import ActivityYear, Adjustment, SettlementMode
from finance.selectors import instalments_of
from finance.services import (
    approve_run,
    mark_instalment_sent,
    run_allocation,
    set_population,
)

from .factories import (
    FeeModelFactory,
    InstalmentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
T = Decimal(1000)
AMOUNTS = ("cost", "share", "carried_in", "total", "carried_out", "income")
# Notes 7 (BRB) and 12 (NVS), 2023, tkr: Bollebygd … Vårgårda.
BRB_2023 = [58, 685, 57, 212, 65, 72, 150, 74]


def _gross(amounts: list[int]) -> dict[int, Decimal]:
    return {i: Decimal(a) * T for i, a in enumerate(amounts)}


def test_brb_surplus_in_and_out_as_the_note_shows_it():
    """Note 7: members 1 373, Överskott 2022 474, Överskott 2023 −649: 1 198."""
    terms = ActivityTerms(
        "Business Region Borås",
        2023,
        carried_in=474 * T,
        carried_out=649 * T,
        carried_in_lowers_fees=False,
    )

    result = settle(terms, _gross(BRB_2023), dict.fromkeys(range(8), 0))

    assert (result.members_total, result.income) == (1_373 * T, 1_198 * T)
    assert result.amounts == _gross(BRB_2023)  # the fees stay as they were


def test_a_surplus_carried_in_lowers_the_fees_in_proportion():
    terms = ActivityTerms("Business Region Borås", 2024, carried_in=474 * T)

    result = settle(terms, _gross(BRB_2023), dict.fromkeys(range(8), 0))

    assert result.members_total == 899 * T
    assert sum(result.amounts.values()) == 899 * T
    # Borås pays 685 of 1 373: its part of 474 000 is 236 482,16, rounded 236 482.
    assert result.amounts[1] == 685 * T - Decimal(236_482)
    assert "Överskott från tidigare år 474 000,00 kr sänker avgifterna" in (
        result.explanations[1][1].replace("\xa0", " ")
    )
    assert result.income == 1_373 * T  # 899 + 474 − 0


def test_a_deficit_carried_in_raises_the_fees():
    terms = ActivityTerms("DSO", 2024, carried_in=Decimal(-100_000))

    result = settle(terms, {1: 300 * T, 2: 100 * T}, {1: 1, 2: 2})

    assert result.amounts == {1: Decimal(375_000), 2: Decimal(125_000)}


def test_nvs_other_payer_half_of_the_cost():
    """Note 12: the cost shared half with Södra hälso- och sjukvårdsnämnden:
    members 1 373, HSNK 1 374, Överskott 2022 682 in, 2023 1 934 out."""
    cost = _gross([2 * a for a in BRB_2023])  # 6 + 6 kr per inhabitant
    terms = ActivityTerms(
        "Närvårdssamverkan",
        2023,
        other_payer="Södra hälso- och sjukvårdsnämnden",
        other_payer_percent=Decimal(50),
        carried_in=682 * T,
        carried_out=1_934 * T,
        carried_in_lowers_fees=False,
    )

    result = settle(terms, cost, dict.fromkeys(range(8), 0))

    assert result.cost == 2_746 * T
    assert result.other_payer_share == 1_373 * T
    assert result.members_total == 1_373 * T
    assert result.amounts == _gross(BRB_2023)
    assert result.income == (1_373 + 1_373 + 682 - 1_934) * T
    assert "Södra hälso- och sjukvårdsnämnden betalar 50 % av kostnaden" in (
        result.explanations[0][1].replace("\xa0", " ")
    )


def test_other_payer_fixed_amount_and_adjustments_with_reasons():
    terms = ActivityTerms(
        "VO-college",
        2024,
        other_payer="VGR",
        other_payer_amount=Decimal(100_000),
        adjustments=(
            AdjustmentTerms(Decimal(30_000), "Extra utbildningsdag"),
            AdjustmentTerms(Decimal(-5_000), "Rättelse 2023", 2, "Borås"),
        ),
    )

    result = settle(terms, {1: 200 * T, 2: 200 * T}, {1: 1, 2: 2})

    assert result.amounts == {1: Decimal(165_000), 2: Decimal(160_000)}
    assert result.members_total == Decimal(325_000)
    texts = [t.replace("\xa0", " ") for t in result.explanations[2]]
    assert any("Extra utbildningsdag" in t and "15 000,00 kr" in t for t in texts)
    assert any("Rättelse 2023" in t and "endast för Borås" in t for t in texts)
    assert not any("Rättelse 2023" in t for t in result.explanations[1])


def test_an_item_with_no_fees_to_share_it_is_refused():
    terms = ActivityTerms("X", 2024, carried_in=Decimal(1_000))

    with pytest.raises(ValidationError):
        settle(terms, {1: Decimal(0)}, {1: 1})


@pytest.fixture
def half_and_half(federation, members):
    """41 kr per inhabitant, paid half on 31 January and half on 30 June."""
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=50, due_month=1, due_day=31)
    InstalmentFactory(fee_model=model, position=2, percent=50, due_month=6, due_day=30)
    return model


def test_the_verksamhet_year_reaches_every_members_explanation(
    federation, members, half_and_half
):
    year = ActivityYear.objects.create(
        activity=half_and_half.activity, year=2025, carried_in=Decimal(60_000)
    )
    Adjustment.objects.create(activity_year=year, amount=Decimal(6_000), reason="Hyra")

    lines = compute_year(federation, 2025, as_of=D(2025, 1, 10))

    assert [line.amount for line in lines] == [
        Decimal(401_000),
        Decimal(802_000),
        Decimal(1_203_000),
    ]
    assert all(
        "Hyra" in " ".join(line.explanation)
        and "sänker avgifterna" in " ".join(line.explanation)
        for line in lines
    )
    assert sum(i["amount"] for i in lines[0].instalments) == Decimal(401_000)


def _alby(run):
    return run.lines.get(member__name="Alby")


def test_avrakning_on_the_next_instalment(federation, members, half_and_half, ekonom):
    """Preliminary v1: 410 000 for Alby; instalment 1 (205 000) is sent; the final
    figures raise Alby to 10 500 inhabitants, 430 500: v2 keeps 205 000 invoiced
    and puts the avräkning 10 250 on instalment 2 (215 250 + 10 250)."""
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    approve_run(v1, by=ekonom)
    mark_instalment_sent(v1, 1, by=ekonom, sent_on=D(2025, 1, 12))
    set_population(
        members[0],
        2024,
        population=10_500,
        reference_date=D(2024, 12, 31),
        source="SCB",
        by=ekonom,
    )

    v2 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 3, 1))

    line = _alby(v2)
    assert (line.amount, line.invoiced, line.settlement) == (
        Decimal(430_500),
        Decimal(205_000),
        Decimal(10_250),
    )
    assert [(i["amount"], i.get("invoiced")) for i in instalments_of(line)] == [
        (205_000, True),
        (225_500, None),
    ]
    assert "Avräkning: tidigare fakturerat 205 000,00 kr" in (
        line.explanation.replace("\xa0", " ")
    )
    unchanged = v2.lines.get(member__name="Berga")
    assert (unchanged.settlement, unchanged.invoiced) == (0, Decimal(410_000))


def test_avrakning_as_a_separate_line_when_everything_is_sent(
    federation, members, half_and_half, ekonom
):
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    approve_run(v1, by=ekonom)
    mark_instalment_sent(v1, 1, by=ekonom)
    mark_instalment_sent(v1, 2, by=ekonom)
    set_population(
        members[0],
        2024,
        population=9_000,
        reference_date=D(2024, 12, 31),
        source="SCB",
        by=ekonom,
    )

    v2 = run_allocation(
        federation, 2025, by=ekonom, as_of=D(2025, 8, 1), settlement_mode="next"
    )

    items = instalments_of(_alby(v2))
    assert [(i["position"], i["amount"]) for i in items] == [
        (1, 205_000),
        (2, 205_000),
        (3, -41_000),
    ]
    assert items[2]["is_settlement"]
    assert items[2]["due_on"] == D(2025, 9, 1)


def test_approval_refuses_a_version_computed_before_an_instalment_was_sent(
    federation, members, half_and_half, ekonom
):
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    approve_run(v1, by=ekonom)
    v2 = run_allocation(federation, 2025, by=ekonom)
    mark_instalment_sent(v1, 1, by=ekonom)

    with pytest.raises(ValidationError):
        approve_run(v2, by=ekonom)

    with pytest.raises(ValidationError):  # the same instalment twice
        mark_instalment_sent(v1, 1, by=ekonom)
    with pytest.raises(ValidationError):  # a draft's instalments are not sent
        mark_instalment_sent(v2, 2, by=ekonom)


def test_fee_report_json_shows_settlements_and_avrakning(
    federation, members, half_and_half, ekonom, capsys
):
    ActivityYear.objects.create(
        activity=half_and_half.activity,
        year=2025,
        other_payer="Regionen",
        other_payer_percent=Decimal(10),
        carried_out=Decimal(5_000),
    )
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    approve_run(v1, by=ekonom)
    mark_instalment_sent(v1, 1, by=ekonom)
    run_allocation(federation, 2025, by=ekonom, settlement_mode=SettlementMode.SEPARATE)

    call_command(
        "fee_report",
        federation=federation.slug,
        year=2025,
        format="json",
        run_version=2,
    )

    data = json.loads(capsys.readouterr().out, parse_float=Decimal)
    activity = {k: v for k, v in data["activities"][0].items() if k != "adjustments"}
    amounts = {k: Decimal(v) for k, v in activity.items() if k.endswith(AMOUNTS)}
    # G 2 460 000, O = 10 % = 246 000, M = 2 214 000, income M + O − U.
    assert amounts == {
        "cost": Decimal(2_460_000),
        "other_payer_share": Decimal(246_000),
        "carried_in": 0,
        "members_total": Decimal(2_214_000),
        "carried_out": Decimal(5_000),
        "income": Decimal(2_455_000),
    }
    alby = data["members"][0]
    assert [Decimal(alby[k]) for k in ("total", "invoiced", "settlement")] == [
        Decimal(369_000),
        Decimal(184_500),
        Decimal(0),
    ]
    assert data["version"] == 2


def test_a_preliminary_runs_page_says_which_population_year_it_used(
    client, ekonom, federation, half_and_half
):
    run = run_allocation(federation, 2026, by=ekonom, as_of=D(2025, 12, 7))
    client.force_login(ekonom)

    response = client.get(reverse("finance:run", args=[federation.slug, run.pk]))

    assert "Preliminär: folkmängd 2024 används för 2025" in response.content.decode()
