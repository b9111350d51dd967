"""Adversary round of issue 20 (fees): hostile numbers reaching the computation —
an index level of zero typed in one at a time, a change below −100 % in an
imported series — are refused with a Swedish message, never a 500 or negative
fees."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from finance.models import FeeModel, IndexSeries
from finance.services import import_index_values, run_allocation

from .factories import (
    FeeModelFactory,
    IndexSeriesFactory,
    IndexValueFactory,
    InstalmentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _model(federation, members, series, method=FeeModel.Method.PER_CAPITA):
    model = FeeModelFactory(
        federation=federation,
        name="Bas",
        base_year=2024,
        rate=Decimal(41),
        method=method,
        total_amount=Decimal(1_000_000),
        uplift=FeeModel.Uplift.INDEX,
        index_series=series,
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1)
    return model


def test_an_index_level_of_zero_is_refused_not_a_division_by_zero(federation, members):
    series = IndexSeriesFactory(federation=federation, kind=IndexSeries.Kind.LEVEL)
    IndexValueFactory(series=series, year=2024, value=0, published_on=D(2024, 3, 1))
    IndexValueFactory(series=series, year=2025, value=310, published_on=D(2025, 3, 1))
    _model(federation, members, series)

    with pytest.raises(ValidationError) as error:
        run_allocation(federation, 2025, by=None, as_of=D(2025, 12, 1))

    assert "2024" in " ".join(error.value.messages)


@pytest.mark.parametrize(
    "method", [FeeModel.Method.PER_CAPITA, FeeModel.Method.POPULATION_SHARE]
)
def test_an_index_change_below_minus_100_percent_is_refused(
    federation, members, method
):
    series = IndexSeriesFactory(federation=federation, kind=IndexSeries.Kind.PERCENT)
    import_index_values(
        series, "år;värde;publicerad\n2025;-150;2025-03-01\n".encode(), by=None
    )
    _model(federation, members, series, method)

    with pytest.raises(ValidationError) as error:
        run_allocation(federation, 2025, by=None, as_of=D(2025, 12, 1))

    assert "-150" in " ".join(error.value.messages).replace("−", "-")
