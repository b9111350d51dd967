"""Adversary round of issue 20 (fees): two requests at the same moment — approving
a corrected version while an instalment of the approved one is marked sent —
must not leave an approved version whose avräkning misses an invoice
(PostgreSQL: SQLite serialises writes)."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from finance.models import AllocationRun, InstalmentDispatch
from finance.selectors import sent_basis
from finance.services import approve_run, mark_instalment_sent, run_allocation
from tests.threads import run_together

from .factories import FeeModelFactory, InstalmentFactory, ParticipantFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two transactions at once need PostgreSQL; SQLite serialises writes",
)
D = datetime.date


@pytest.fixture
def versions(transactional_db, federation, members):
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=50, due_month=1, due_day=31)
    InstalmentFactory(fee_model=model, position=2, percent=50, due_month=6, due_day=30)
    v1 = run_allocation(federation, 2025, by=None, as_of=D(2025, 1, 10))
    approve_run(v1, by=None)
    v2 = run_allocation(federation, 2025, by=None, as_of=D(2025, 1, 11))
    return v1, v2


def test_approving_a_version_while_an_instalment_is_marked_sent(versions):
    """The mark's transaction is still open when the approval reads what has been
    sent. Before: both succeeded, and v2 was approved on a basis without the
    instalment just sent (its avräkning never counted it). Now one waits for the
    other and one of them is refused."""
    v1, v2 = versions

    def mark():
        with transaction.atomic():
            dispatch = mark_instalment_sent(v1, 1, by=None, sent_on=D(2025, 1, 12))
            time.sleep(0.6)
        return dispatch

    def approve():
        time.sleep(0.2)
        return approve_run(v2, by=None)

    results = run_together([mark, approve])

    failures = [r for r in results if isinstance(r, Exception)]
    assert len(failures) == 1, results
    assert isinstance(failures[0], ValidationError)
    v2.refresh_from_db()
    if v2.status == AllocationRun.Status.APPROVED:
        assert v2.settlement_basis == sent_basis(v2.federation_id, 2025)
    else:
        assert InstalmentDispatch.objects.filter(run=v1, position=1).exists()
