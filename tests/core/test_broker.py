import pytest
from django.conf import settings
from kombu import Connection


@pytest.mark.skipif(
    not settings.CELERY_TEST_BROKER_URL,
    reason="no CELERY_BROKER_URL: the SQLite run has no broker",
)
def test_configured_broker_answers():
    with Connection(settings.CELERY_TEST_BROKER_URL, connect_timeout=3) as connection:
        connection.ensure_connection(max_retries=1)

        assert connection.connected is True
