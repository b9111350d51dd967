import pytest

from tests.factories import MemberFactory

from .factories import PopulationFigureFactory
from .population_files import SJUHARAD


@pytest.fixture
def members(federation):
    """Three kommuner of the test federation with their 2024 population."""
    result = [
        MemberFactory(federation=federation, name=name, kommunkod=code)
        for name, code in [("Alby", "1401"), ("Berga", "1402"), ("Cstad", "1403")]
    ]
    for member, population in zip(result, [10_000, 20_000, 30_000], strict=True):
        PopulationFigureFactory(member=member, year=2024, population=population)
    return result


@pytest.fixture
def sjuharad(federation):
    members = {}
    for name, code, population in SJUHARAD:
        member = MemberFactory(federation=federation, name=name, kommunkod=code)
        PopulationFigureFactory(member=member, year=2024, population=population)
        members[code] = member
    return members
