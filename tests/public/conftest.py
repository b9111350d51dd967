"""The demo for the public side's tests, with the diarium published."""

import pytest

from federation.models import Federation
from tests.security.conftest import load_demo


@pytest.fixture
def demo(transactional_db):
    """The demo data; on-commit work (the kallelse PDF, e-mails) runs as in
    production."""
    load_demo()
    return Federation.objects.get(slug="sjuharad")
