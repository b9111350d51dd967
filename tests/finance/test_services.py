"""Runs, approval, versions and the population and index imports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from finance.models import AllocationRun, IndexValue, PopulationFigure
from finance.services import (
    approve_run,
    import_index_values,
    import_population,
    run_allocation,
    set_population,
)

from .factories import (
    FeeModelFactory,
    IndexSeriesFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def fee_model(federation, members):
    model = FeeModelFactory(
        federation=federation, name="Basverksamhet", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    return model


def test_run_allocation_stores_a_draft_with_every_line(fee_model, ekonom):
    run = run_allocation(fee_model.federation, 2025, by=ekonom, as_of=D(2025, 1, 10))

    assert (run.version, run.status, run.total) == (1, "draft", Decimal(2_460_000))
    assert sorted(run.lines.values_list("member__name", "amount")) == [
        ("Alby", Decimal(410_000)),
        ("Berga", Decimal(820_000)),
        ("Cstad", Decimal(1_230_000)),
    ]
    assert run.lines.first().history.first().history_user == ekonom


def test_approved_run_does_not_change_when_population_is_corrected(
    fee_model, members, ekonom
):
    first = run_allocation(fee_model.federation, 2025, by=ekonom)
    approve_run(first, by=ekonom)

    set_population(
        members[0],
        2024,
        population=10_100,
        reference_date=D(2024, 12, 31),
        source="SCB, rättad",
        by=ekonom,
        reason="Rättelse",
    )
    second = run_allocation(fee_model.federation, 2025, by=ekonom)

    first.refresh_from_db()
    assert first.status == AllocationRun.Status.APPROVED
    assert first.lines.get(member=members[0]).amount == Decimal(410_000)
    assert first.lines.get(member=members[0]).population == 10_000
    assert second.version == 2
    assert second.lines.get(member=members[0]).amount == Decimal(414_100)
    assert PopulationFigure.history.filter(member_id=members[0].pk).count() == 2


def test_approving_twice_or_an_old_version_is_refused(fee_model, ekonom):
    first = run_allocation(fee_model.federation, 2025, by=ekonom)
    run_allocation(fee_model.federation, 2025, by=ekonom)

    with pytest.raises(ValidationError) as error:
        approve_run(first, by=ekonom)

    assert error.value.messages == [
        "Det finns en nyare version av året; fastställ den."
    ]


def test_a_run_with_missing_input_saves_nothing(fee_model, ekonom, members):
    # 2025 is published for Alby only: Berga's and Cstad's figures are missing.
    PopulationFigureFactory(member=members[0], year=2025, population=10_100)

    with pytest.raises(ValidationError):
        run_allocation(fee_model.federation, 2026, by=ekonom)

    assert AllocationRun.objects.count() == 0


SCB = (
    '"Folkmängd efter region och år"\r\n'
    "\r\n"
    '"region";"2023";"2024"\r\n'
    '"1401 Alby";"9 900";"10 050"\r\n'
    '"1402 Berga";19950;20000\r\n'
    '"00 Riket";10551707;10587710\r\n'
    "\r\n"
    '"Källa: SCB"\r\n'
)


@pytest.mark.parametrize(
    "raw",
    [
        SCB.encode("utf-8"),
        b"\xef\xbb\xbf" + SCB.encode("utf-8"),
        SCB.encode("latin-1"),
        SCB.replace(";", ",").replace('"9 900"', "9900").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "latin1", "comma"],
)
def test_import_population_reads_scb_files(federation, members, ekonom, raw):
    result = import_population(federation, raw, by=ekonom, source="SCB")

    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert result.skipped_codes == ("00",)
    assert sorted(
        PopulationFigure.objects.filter(member__federation=federation).values_list(
            "member__name", "year", "population"
        )
    ) == [
        ("Alby", 2023, 9900),
        ("Alby", 2024, 10050),
        ("Berga", 2023, 19950),
        ("Berga", 2024, 20000),
        ("Cstad", 2024, 30000),
    ]


def test_malformed_population_file_imports_nothing(federation, members, ekonom):
    raw = (
        b"region;2023;2024\n"
        b"1401 Alby;9900;..\n"
        b"Berga;19950;20000\n"
        b"1403 Cstad;29000;tio\n"
    )

    with pytest.raises(ValidationError) as error:
        import_population(federation, raw, by=ekonom, source="SCB")

    assert error.value.messages == [
        'Rad 2 (1401 Alby), 2024: ".." är inte en folkmängd.',
        'Rad 4 (1403 Cstad), 2024: "tio" är inte en folkmängd.',
    ]
    assert PopulationFigure.objects.filter(year=2023).count() == 0


def test_import_index_values_with_forecasts(federation, ekonom):
    series = IndexSeriesFactory(federation=federation, code="PKV")
    raw = (
        "år;värde;publicerad;typ\n"
        "2024;4,1;2024-08-20;prognos\n"
        "2024;3,9;2025-02-15;utfall\n"
        "2025;2,7;2025-02-15;prognos\n"
    ).encode()

    result = import_index_values(series, raw, by=ekonom)

    assert result.created == 3
    assert list(
        IndexValue.objects.filter(series=series).values_list(
            "year", "value", "is_forecast"
        )
    ) == [
        (2024, Decimal("4.1"), True),
        (2024, Decimal("3.9"), False),
        (2025, Decimal("2.7"), True),
    ]


def test_malformed_index_file_imports_nothing(federation, ekonom):
    series = IndexSeriesFactory(federation=federation, code="LPI")
    raw = ("år;värde;publicerad\n2024;3,1;2024-03-01\n20x5;abc;2025-13-01\n").encode()

    with pytest.raises(ValidationError) as error:
        import_index_values(series, raw, by=ekonom)

    assert error.value.messages == [
        'Rad 3: kan inte läsa år "20x5", värde "abc", datum "2025-13-01".'
    ]
    assert IndexValue.objects.count() == 0
