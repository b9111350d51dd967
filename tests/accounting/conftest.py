import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """The messages are asserted by their English msgids; test_catalogues and
    one Swedish test check the translations."""
    with translation.override("en"):
        yield
