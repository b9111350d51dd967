"""Worked examples of the fee models, computed through compute_year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from finance.calculation import compute_year
from finance.models import FeeModel, IndexSeries, UnitCount

from .factories import (
    AgreedUpliftFactory,
    FeeModelFactory,
    IndexSeriesFactory,
    IndexValueFactory,
    InstalmentFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2025, 9, 30)


def amounts(federation, year=2025, as_of=AS_OF):
    return {
        (line.fee_model.name, line.member.name): line.amount
        for line in compute_year(federation, year, as_of=as_of)
    }


def _model(federation, members, **fields):
    fields.setdefault("name", "Modell")
    model = FeeModelFactory(federation=federation, **fields)
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    return model


def test_kronor_per_inhabitant_uses_last_years_population(federation, members):
    _model(federation, members, base_year=2025, rate=Decimal(41))

    result = amounts(federation)

    assert result == {
        ("Modell", "Alby"): Decimal(410_000),
        ("Modell", "Berga"): Decimal(820_000),
        ("Modell", "Cstad"): Decimal(1_230_000),
    }


def test_fixed_fee_plus_rate(federation, members):
    _model(
        federation,
        members[:1],
        method=FeeModel.Method.FIXED_PLUS_PER_CAPITA,
        base_year=2025,
        fixed_amount=Decimal(135_000),
        rate=Decimal("6.53"),
    )

    assert amounts(federation) == {("Modell", "Alby"): Decimal(200_300)}


def test_override_rate_for_one_member(federation, members):
    model = _model(federation, members[:2], base_year=2025, rate=Decimal(41))
    ParticipantFactory(fee_model=model, member=members[2], rate=Decimal(11))

    result = amounts(federation)

    assert result[("Modell", "Berga")] == Decimal(820_000)
    assert result[("Modell", "Cstad")] == Decimal(330_000)


def test_only_participants_pay(federation, members):
    _model(federation, [members[0], members[2]], base_year=2025, rate=Decimal(6))

    assert amounts(federation) == {
        ("Modell", "Alby"): Decimal(60_000),
        ("Modell", "Cstad"): Decimal(180_000),
    }


def test_fixed_uplift_of_two_and_a_half_per_cent(federation, members):
    _model(
        federation,
        members[:1],
        base_year=2024,
        rate=Decimal("6.53"),
        uplift=FeeModel.Uplift.FIXED,
        uplift_percent=Decimal("2.5"),
    )

    # 10 000 × 6,53 × 1,025 = 66 932,50 → 66 933 kr
    assert amounts(federation) == {("Modell", "Alby"): Decimal(66_933)}


def test_freeze_year_has_no_uplift(federation, members):
    _model(
        federation,
        members[:1],
        base_year=2023,
        rate=Decimal(10),
        uplift=FeeModel.Uplift.FIXED,
        uplift_percent=Decimal("2.5"),
        freeze_years=[2025],
    )

    # 2024 is uplifted, 2025 is frozen: 10 000 × 10 × 1,025
    assert amounts(federation) == {("Modell", "Alby"): Decimal(102_500)}


def _index_model(federation, members, kind=IndexSeries.Kind.PERCENT):
    series = IndexSeriesFactory(federation=federation, code="LPI", kind=kind)
    model = _model(
        federation,
        members[:1],
        base_year=2024,
        rate=Decimal(100),
        uplift=FeeModel.Uplift.INDEX,
        index_series=series,
        index_read_month=3,
        index_read_day=1,
    )
    return series, model


def test_index_uplift_is_read_as_of_the_first_of_march(federation, members):
    series, _m = _index_model(federation, members)
    IndexValueFactory(series=series, value=Decimal("3.0"), published_on=D(2025, 2, 15))
    IndexValueFactory(series=series, value=Decimal("3.5"), published_on=D(2025, 3, 15))

    assert amounts(federation) == {("Modell", "Alby"): Decimal(1_030_000)}


def test_index_levels_give_the_change_from_the_year_before(federation, members):
    series, _m = _index_model(federation, members, kind=IndexSeries.Kind.LEVEL)
    IndexValueFactory(
        series=series, year=2024, value=Decimal(200), published_on=D(2024, 3, 1)
    )
    IndexValueFactory(
        series=series, year=2025, value=Decimal(204), published_on=D(2025, 2, 1)
    )

    assert amounts(federation) == {("Modell", "Alby"): Decimal(1_020_000)}


def test_missing_index_value_is_an_error_in_swedish(federation, members):
    _index_model(federation, members)

    with pytest.raises(ValidationError) as error:
        compute_year(federation, 2025, as_of=AS_OF)

    assert error.value.messages == [
        "Modell: LPI saknar värde för 2025 publicerat senast 2025-03-01."
    ]


def test_alternative_uplift_agreed_before_its_cut_off_applies(federation, members):
    series, model = _index_model(federation, members)
    IndexValueFactory(series=series, value=Decimal("3.0"))
    AgreedUpliftFactory(
        fee_model=model,
        percent=Decimal("1.5"),
        agreed_on=D(2025, 8, 20),
        cutoff_on=D(2025, 8, 31),
    )

    assert amounts(federation) == {("Modell", "Alby"): Decimal(1_015_000)}


def test_alternative_uplift_agreed_after_its_cut_off_does_not(federation, members):
    series, model = _index_model(federation, members)
    IndexValueFactory(series=series, value=Decimal("3.0"))
    AgreedUpliftFactory(
        fee_model=model,
        percent=Decimal("1.5"),
        agreed_on=D(2025, 9, 2),
        cutoff_on=D(2025, 8, 31),
    )

    [line] = compute_year(federation, 2025, as_of=AS_OF)

    assert line.amount == Decimal(1_030_000)
    assert line.explanation[-1] == (
        "Uppräkning 2025: 3\xa0%, LPI 2025 per 2025-03-01 (utfall publicerat "
        "2025-02-15) (en uppräkning överenskommen 2025-09-02 kom efter "
        "sista dagen 2025-08-31 och tillämpas inte)"
    )


def test_fixed_amount_is_pro_rata_by_month_for_a_part_year(federation, members):
    model = _model(
        federation,
        [],
        method=FeeModel.Method.FIXED,
        base_year=2025,
        rate=None,
        fixed_amount=Decimal(120_000),
    )
    ParticipantFactory(fee_model=model, member=members[0], valid_from=D(2025, 4, 10))

    assert amounts(federation) == {("Modell", "Alby"): Decimal(90_000)}


def test_total_shared_by_population_adds_up_in_tkr(federation, members):
    _model(
        federation,
        members,
        method=FeeModel.Method.POPULATION_SHARE,
        base_year=2025,
        rate=None,
        total_amount=Decimal(1_000_000),
        rounding=FeeModel.Rounding.TKR,
    )

    assert amounts(federation) == {
        ("Modell", "Alby"): Decimal(167_000),
        ("Modell", "Berga"): Decimal(333_000),
        ("Modell", "Cstad"): Decimal(500_000),
    }


def test_missing_population_is_one_message_naming_the_members(federation, members):
    """2025 is published (Cstad has it), so Alby and Berga lack it: one message."""
    _model(federation, members, base_year=2026)
    PopulationFigureFactory(member=members[2], year=2025, population=30_100)

    with pytest.raises(ValidationError) as error:
        compute_year(federation, 2026, as_of=AS_OF)

    assert error.value.messages == [
        "Folkmängd 2025 saknas för 2 medlemmar: Alby, Berga."
    ]


def test_unpublished_population_year_reads_the_latest_published(federation, members):
    _model(federation, members[:1], base_year=2026, rate=Decimal(41))

    result = compute_year(federation, 2026, as_of=AS_OF)

    assert [(line.amount, line.population_year) for line in result] == [
        (Decimal(410_000), 2024)
    ]
    assert result.substitutes == {2025: 2024}


def test_first_instalment_is_preliminary_when_the_index_comes_later(
    federation, members
):
    series, model = _index_model(federation, members)
    IndexValueFactory(series=series, value=Decimal("3.0"))
    InstalmentFactory(fee_model=model, position=1, due_month=2, due_day=1)
    InstalmentFactory(fee_model=model, position=2, due_month=8, due_day=1)
    # Last year (the base year) cost 10 000 inhabitants (2023) × 100 = 1 000 000 kr.
    PopulationFigureFactory(member=members[0], year=2023, population=10_000)

    [line] = compute_year(federation, 2025, as_of=AS_OF)

    assert line.amount == Decimal(1_030_000)
    assert [
        (i["amount"], i["is_preliminary"], i["day_off"]) for i in line.instalments
    ] == [(Decimal(500_000), True, "lördag"), (Decimal(530_000), False, None)]


def test_no_preliminary_instalment_in_a_frozen_year(federation, members):
    _series, model = _index_model(federation, members)
    model.freeze_years = [2025]
    model.save()
    InstalmentFactory(fee_model=model, position=1, due_month=2, due_day=1)
    InstalmentFactory(fee_model=model, position=2, due_month=8, due_day=1)

    [line] = compute_year(federation, 2025, as_of=AS_OF)

    assert [i["is_preliminary"] for i in line.instalments] == [False, False]


def test_price_per_unit_uses_the_units_of_the_year(federation, members):
    model = _model(
        federation,
        members[:2],
        method=FeeModel.Method.PER_UNIT,
        base_year=2025,
        rate=None,
        unit_price=Decimal("450.50"),
    )
    UnitCount.objects.create(
        fee_model=model, member=members[0], year=2025, quantity=Decimal(12)
    )

    assert amounts(federation) == {
        ("Modell", "Alby"): Decimal(5_406),
        ("Modell", "Berga"): Decimal(0),
    }


def test_fixed_amount_per_party_follows_the_agreements_period(federation, members):
    agreement = Agreement.objects.create(
        federation=federation,
        title="Avtal om gemensam tjänst",
        kind="samverkansavtal",
        valid_from=D(2025, 7, 1),
    )
    _model(
        federation,
        members[:1],
        method=FeeModel.Method.FIXED,
        base_year=2024,
        rate=None,
        fixed_amount=Decimal(100_000),
        agreement=agreement,
    )

    assert amounts(federation, 2024) == {}
    assert amounts(federation, 2025) == {("Modell", "Alby"): Decimal(50_000)}
