import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted by their English msgids; test_catalogues checks the
    translations."""
    with translation.override("en"):
        yield
