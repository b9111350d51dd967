import datetime

import pytest

from tests.agreements.factories import agreement_with_parties

TODAY = datetime.date(2025, 3, 1)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def srb(federation):
    """An överenskommelse of eleven parties, until further notice, undecided."""
    return agreement_with_parties(
        federation,
        11,
        title="Överenskommelse om regional samverkan",
        valid_from=datetime.date(2024, 1, 1),
        notice_months=12,
    )
