"""The demo loaded for the OParl tests, and a client that reads OParl JSON."""

import pytest
from django.core.cache import cache

from federation.models import Federation
from tests.security.conftest import load_demo


@pytest.fixture
def demo(db) -> Federation:
    cache.clear()
    load_demo()
    return Federation.objects.get(slug="sjuharad")
