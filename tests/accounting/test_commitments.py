"""Index-linked commitments: the roll-forward of E20 (årsbokslut 2023, note 20)
and the uplift computed from an index series."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounting.commitments import roll_forward, save_commitment, save_year
from accounting.demo import E20_PLAN
from accounting.models import Commitment
from finance.models import IndexSeries, IndexValue

D = Decimal


def _commitment(federation, **fields):
    defaults = {"name": "E20", "base_year": 2013, "base_amount": D(15_000_000)}
    return save_commitment(
        Commitment(federation=federation), by=None, **{**defaults, **fields}
    )


def test_e20_rolls_forward_to_8492_tkr(federation):
    commitment = _commitment(federation, index_from=2017)
    for year, recognised, uplift, payment in E20_PLAN:
        save_year(
            commitment,
            year,
            by=None,
            recognised=D(recognised * 1000),
            uplift=D(uplift * 1000),
            payment=D(payment * 1000),
        )

    roll = roll_forward(commitment)

    assert roll.closing == D(8_492_000)  # the note prints 8 491 (rounded per line)
    by_year = {y.year: y for y in roll.years}
    assert by_year[2022].closing == D(11_810_000)  # the note's 2022 column
    assert by_year[2023].change == D(-3_318_000)  # the cash-flow adjustment
    assert by_year[2018].closing == D(16_671_000)
    assert roll.total("recognised") == D(15_000_000)
    assert roll.total("uplift") == D(5_122_000)
    assert roll.total("payment") == D(11_630_000)
    assert all(
        y.opening == p.closing for p, y in zip(roll.years, roll.years[1:], strict=False)
    )


def _series(federation, kind, values):
    series = IndexSeries.objects.create(
        federation=federation, code="AI", name="AI", kind=kind
    )
    for year, value in values.items():
        IndexValue.objects.create(
            series=series,
            year=year,
            value=D(value),
            published_on=datetime.date(year, 12, 1),
        )
    return series


def test_the_uplift_is_computed_from_an_index_level_series(federation):
    series = _series(
        federation, IndexSeries.Kind.LEVEL, {2020: 100, 2021: 110, 2022: 121}
    )
    commitment = _commitment(
        federation, base_year=2020, base_amount=D(1000), index_series=series
    )
    save_year(commitment, 2020, by=None, recognised=D(1000))
    save_year(commitment, 2021, by=None, payment=D(550))
    save_year(commitment, 2022, by=None, payment=D(605))

    years = roll_forward(commitment).years

    # 2021: 1 000 at 110 % is 1 100; half is paid. 2022: 550 × 1,1 = 605, paid.
    assert [(y.uplift, y.closing) for y in years] == [
        (D(0), D(1000)),
        (D(100), D(550)),
        (D(55), D(0)),
    ]
    assert not years[1].uplift_entered


def test_a_yearly_change_series_is_chained_and_a_missing_year_is_named(federation):
    series = _series(federation, IndexSeries.Kind.PERCENT, {2021: 10})
    commitment = _commitment(
        federation, base_year=2020, base_amount=D(1000), index_series=series
    )
    save_year(commitment, 2020, by=None, recognised=D(1000))
    save_year(commitment, 2021, by=None)
    save_year(commitment, 2022, by=None)

    roll = roll_forward(commitment)

    assert roll.years[1].uplift == D(100)
    assert roll.missing_index == [2022]
    assert roll.closing == D(1100)


def test_no_uplift_before_the_year_it_starts(federation):
    series = _series(
        federation, IndexSeries.Kind.LEVEL, {2020: 100, 2021: 110, 2022: 121}
    )
    commitment = _commitment(
        federation,
        base_year=2020,
        base_amount=D(1000),
        index_series=series,
        index_from=2022,
    )
    save_year(commitment, 2020, by=None, recognised=D(1000))
    save_year(commitment, 2021, by=None)
    save_year(commitment, 2022, by=None)

    assert [y.uplift for y in roll_forward(commitment).years] == [D(0), D(0), D(210)]


def test_a_year_is_changed_not_doubled_and_not_before_the_base_year(federation):
    commitment = _commitment(federation)
    save_year(commitment, 2014, by=None, recognised=D(1))
    save_year(commitment, 2014, by=None, recognised=D(2))

    assert commitment.years.get().recognised == D(2)
    with pytest.raises(ValidationError):
        save_year(commitment, 2012, by=None)


def test_another_federations_index_series_is_refused(federation, other_federation):
    series = _series(other_federation, IndexSeries.Kind.LEVEL, {2013: 100})

    with pytest.raises(ValidationError):
        _commitment(federation, index_series=series)
