"""The demo fees and the fee_report command."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from federation import demo as federation_demo
from federation.models import Federation
from finance import demo as finance_demo
from finance.exports import status_text
from finance.models import AllocationLine, AllocationRun, FeeModel, PopulationFigure
from finance.selectors import run_table
from finance.services import approve_run, import_population, run_allocation

pytestmark = pytest.mark.django_db
FIXTURE = (
    Path(settings.BASE_DIR) / "finance" / "fixtures" / "scb-folkmangd-sjuharad.csv"
)


def _load_demo() -> None:
    """The register's demo and ours; the other apps' demos are not needed here."""
    context = federation_demo.load({})
    finance_demo.load(context)


@pytest.fixture
def demo(db):
    _load_demo()


def test_demo_twice_changes_nothing(demo):
    counts = (
        FeeModel.objects.count(),
        PopulationFigure.objects.count(),
        AllocationRun.objects.count(),
        AllocationLine.objects.count(),
    )

    _load_demo()

    assert counts == (
        FeeModel.objects.count(),
        PopulationFigure.objects.count(),
        AllocationRun.objects.count(),
        AllocationLine.objects.count(),
    )
    assert counts[:3] == (7, 86, 2)


def test_demo_srb_shares_exactly_14_840_000_in_2024(demo):
    run = AllocationRun.objects.get(federation__slug="vastmanland", year=2024)

    amounts = list(run.lines.values_list("amount", flat=True))

    assert (run.status, len(amounts), sum(amounts)) == (
        "approved",
        10,
        Decimal(14_840_000),
    )


def test_demo_varberg_pays_its_own_rate(demo):
    line = AllocationLine.objects.get(
        run__federation__slug="sjuharad",
        member__kommunkod="1383",
        fee_model__name="Basverksamhet – medlemsavgift",
    )

    # 2024: 65 869 inhabitants (2023) × 11 kr × 1,007
    assert line.amount == Decimal(729_631)


def test_ekonom_journey_import_run_approve_report(demo, tmp_path):
    sjuharad = Federation.objects.get(slug="sjuharad")
    result = import_population(sjuharad, FIXTURE.read_bytes(), by=None, source="SCB")
    run = approve_run(run_allocation(sjuharad, 2025, by=None), by=None)
    output = tmp_path / "underlag.csv"

    call_command(
        "fee_report",
        "--federation=sjuharad",
        "--year=2025",
        "--format=csv",
        f"--output={output}",
        stderr=io.StringIO(),
    )

    rows = list(
        csv.DictReader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";")
    )
    assert result.skipped_codes == ("00", "1480")
    assert sum(Decimal(r["belopp"]) for r in rows) == run.total


def test_fee_report_xlsx_matches_the_run(demo, tmp_path):
    run = AllocationRun.objects.get(federation__slug="sjuharad", year=2024)
    output = tmp_path / "avgifter.xlsx"

    call_command(
        "fee_report",
        "--federation=sjuharad",
        "--year=2024",
        "--format=xlsx",
        f"--output={output}",
        stderr=io.StringIO(),
    )

    summary = load_workbook(output).worksheets[0]
    total_row = [c.value for c in summary[summary.max_row]]
    assert total_row[0] == "Summa"
    assert Decimal(str(total_row[2 + 6])) == run.total


def test_fee_report_without_an_approved_run_says_so(demo):
    with pytest.raises(CommandError) as error:
        call_command("fee_report", "--federation=sjuharad", "--year=2030")

    assert str(error.value) == (
        "Boråsregionen Sjuhärads kommunalförbund har ingen fastställd "
        "avgiftsberäkning för 2030. Använd --draft för en preliminär beräkning."
    )


def test_fee_report_draft_saves_nothing(demo, tmp_path):
    output = tmp_path / "utkast.csv"

    call_command(
        "fee_report",
        "--federation=vastmanland",
        "--year=2025",
        "--draft",
        f"--output={output}",
        stderr=io.StringIO(),
    )

    rows = list(
        csv.DictReader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";")
    )
    assert sum(Decimal(r["belopp"]) for r in rows) == Decimal(14_840_000)
    assert AllocationRun.objects.filter(year=2025).count() == 0


def test_fee_report_prints_the_csv_of_the_approved_run(demo):
    run = AllocationRun.objects.get(federation__slug="vastmanland", year=2024)
    out = io.StringIO()

    call_command("fee_report", "--federation=vastmanland", "--year=2024", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=";"))
    assert len(rows) == 20
    assert sum(Decimal(r["belopp"]) for r in rows) == run.total
    assert {r["förfallodag"] for r in rows} == {"2024-02-01", "2024-08-01"}


def test_the_autumn_run_of_next_year_is_preliminary_on_the_demo(demo):
    """On 2026-12-07, 2027 reads the population of 2026, not yet published: the
    latest published year stands in, and the run and its report say so."""

    federation = Federation.objects.get(slug="sjuharad")

    run = run_allocation(federation, 2027, by=None, as_of=datetime.date(2026, 12, 7))

    assert run.is_preliminary
    assert run.population_years_used == [(2026, 2024)]
    assert "Preliminär: folkmängd 2024 används för 2026" in status_text(run_table(run))
