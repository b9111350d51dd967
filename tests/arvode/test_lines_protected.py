"""PostgreSQL refuses any change of a written arvode line (trigger protect_lines)."""

import pytest
from django.db import DatabaseError, connection, transaction

from arvode.models import ArvodeLine

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


def test_a_line_cannot_be_changed_or_deleted(justerat):
    line = ArvodeLine.objects.filter(minutes=justerat.minutes).first()
    assert line is not None

    with pytest.raises(DatabaseError), transaction.atomic():
        ArvodeLine.objects.filter(pk=line.pk).update(count=-1)  # history: the test
    with pytest.raises(DatabaseError), transaction.atomic():
        ArvodeLine.objects.filter(pk=line.pk).delete()

    line.refresh_from_db()
    assert line.count == 1
