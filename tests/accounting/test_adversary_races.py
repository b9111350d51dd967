"""Adversary round of issue 20: the ekonom's double click on the bokslut forms
(two requests at the same moment) changes once and answers no 500 (PostgreSQL:
SQLite serialises writes)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounting.commitments import save_commitment, save_year
from accounting.ledger import set_budgets
from accounting.models import Budget, Commitment, CommitmentYear, DriftLine
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two transactions at once need PostgreSQL; SQLite serialises writes",
)

D = Decimal


def test_a_double_click_on_the_new_budget_saves_it_once(transactional_db, federation):
    line = DriftLine.objects.create(
        federation=federation, position=1, name="Kansli", section="costs"
    )

    results = run_together(
        [lambda: set_budgets(federation, 2025, {line: D(-5)}, by=None)] * 2
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert Budget.objects.get(line=line, year=2025).amount == D(-5)


def test_a_double_click_on_a_new_commitment_makes_one(transactional_db, federation):
    def create():
        return save_commitment(
            Commitment(federation=federation),
            by=None,
            name="E20",
            base_year=2013,
            base_amount=D(15_000_000),
        )

    results = run_together([create] * 2)

    assert Commitment.objects.filter(federation=federation).count() == 1
    failures = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, ValidationError) for r in failures), failures


def test_a_double_click_on_a_commitment_year_saves_it_once(
    transactional_db, federation
):
    commitment = save_commitment(
        Commitment(federation=federation),
        by=None,
        name="E20",
        base_year=2013,
        base_amount=D(15_000_000),
    )

    results = run_together(
        [lambda: save_year(commitment, 2020, by=None, payment=D(7))] * 2
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert CommitmentYear.objects.get(commitment=commitment).payment == D(7)
