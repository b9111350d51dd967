"""Demo fees: Sjuhärad's financing table and the SRB cost of the Västmanland agreement.

Rates and rules follow the reference documents (finansiering-sjuharad-2023.txt and the
finance section of overenskommelse-srb-vastmanland.txt). Population figures and index
values are plausible, rounded inventions for the demo, not SCB's or SKR's numbers.
The fee models and index series are keyword rows below; the population and the index
values are CSV files next to this module (demo_population.csv, demo_index_values.csv).
A row names its förbund by its key in the demo context ("sjuharad", "vastmanland"),
a member by its kommunkod, and an agreement by its key in agreements/demo.py ("srb").
Safe to run again: rows are found by natural keys, and a year is computed only once.
"""

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import User

from federation.models import Federation

from .models import (
    Activity,
    AllocationRun,
    FeeModel,
    IndexSeries,
    IndexValue,
    Instalment,
    Participant,
    PopulationFigure,
)
from .services import approve_run, run_allocation

D = datetime.date
SOURCE = "Demodata (avrundad, påhittad)"
Method, Uplift = FeeModel.Method, FeeModel.Uplift

# demo_population.csv holds the population on 31 December 2024; the years before are
# derived with a small growth, the years after 2024 up to the förbund's last year
# with 0,4 % a year.
LAST_POPULATION_YEAR = {"sjuharad": 2024, "vastmanland": 2025}
GROWTH = {2021: Decimal("0.985"), 2022: Decimal("0.99"), 2023: Decimal("0.995")}


@dataclass(frozen=True)
class SeriesRow:
    """An index series; its values are the rows of demo_index_values.csv that name
    its federation and code."""

    federation: str
    code: str
    name: str
    kind: str = IndexSeries.Kind.PERCENT


SERIES = [
    SeriesRow(
        federation="sjuharad",
        code="PKV",
        name="Prisindex för kommunal verksamhet",
    ),
    SeriesRow(
        federation="sjuharad",
        code="KPI",
        name="Konsumentprisindex (årsmedel, nivå)",
        kind=IndexSeries.Kind.LEVEL,
    ),
    SeriesRow(
        federation="vastmanland",
        code="LPIK",
        name="Landstingsprisindex inklusive läkemedel",
    ),
]


@dataclass(frozen=True)
class InstalmentRow:
    percent: int
    due_month: int
    due_day: int


@dataclass(frozen=True)
class FeeModelRow:
    """A fee model from base year 2023; `key` is how the demo's result names it.
    `own_rates` gives members a rate of their own (kommunkod: kronor)."""

    key: str
    federation: str
    activity: str
    name: str
    method: str
    participants: tuple[str, ...]
    own_rates: dict[str, Decimal] = field(default_factory=dict)
    rate: Decimal | None = None
    fixed_amount: Decimal | None = None
    total_amount: Decimal | None = None
    uplift: str | None = None
    uplift_percent: Decimal | None = None
    index_series: str | None = None  # a code of SERIES in the same förbund
    index_read_month: int | None = None
    index_read_day: int | None = None
    population_year_offset: int | None = None
    freeze_years: list[int] | None = None
    agreement: str = ""  # a key of the agreements demo
    instalments: tuple[InstalmentRow, ...] = ()


SJUHARAD_KOMMUNER = ("1443", "1490", "1466", "1463", "1465", "1452", "1491", "1442")
VARBERG = "1383"  # pays the base fee only, at its own rate
VASTMANLAND_KOMMUNER = (
    "1984",
    "1982",
    "1961",
    "1960",
    "1983",
    "1962",
    "1981",
    "1904",
    "1907",
    "1980",
)

FEE_MODELS = [
    FeeModelRow(
        key="sjuharad_base",
        federation="sjuharad",
        activity="Basverksamhet",
        name="Basverksamhet – medlemsavgift",
        method=Method.PER_CAPITA,
        participants=(*SJUHARAD_KOMMUNER, VARBERG),
        own_rates={VARBERG: Decimal(11)},
        rate=Decimal(41),
        uplift=Uplift.FIXED,
        uplift_percent=Decimal("0.7"),
        instalments=(InstalmentRow(50, 1, 31), InstalmentRow(50, 6, 30)),
    ),
    FeeModelRow(
        key="sjuharad_development",
        federation="sjuharad",
        activity="Utvecklingsmedel",
        name="Utvecklingsmedel – motfinansiering",
        method=Method.PER_CAPITA,
        participants=SJUHARAD_KOMMUNER,
        rate=Decimal(37),
    ),
    FeeModelRow(
        key="business_region_boras",
        federation="sjuharad",
        activity="Business Region Borås",
        name="Business Region Borås – medlemsavgift",
        method=Method.PER_CAPITA,
        participants=SJUHARAD_KOMMUNER,
        rate=Decimal(6),
        uplift=Uplift.FIXED,
        uplift_percent=Decimal("0.7"),
    ),
    FeeModelRow(
        key="dataskyddsombud",
        federation="sjuharad",
        activity="Dataskyddsombud",
        name="Dataskyddsombud – fast och rörlig avgift",
        method=Method.FIXED_PLUS_PER_CAPITA,
        participants=("1443", "1466", "1465", "1452", "1491", "1442"),
        fixed_amount=Decimal(135_000),
        rate=Decimal("6.53"),
        uplift=Uplift.FIXED,
        uplift_percent=Decimal("2.5"),
    ),
    FeeModelRow(
        key="vard_och_omsorgscollege",
        federation="sjuharad",
        activity="Vård- och omsorgscollege",
        name="Vård- och omsorgscollege – kommunernas andel",
        method=Method.POPULATION_SHARE,
        participants=SJUHARAD_KOMMUNER,
        total_amount=Decimal(1_150_000),
        uplift=Uplift.INDEX,
        index_series="PKV",
        index_read_month=3,
        index_read_day=1,
    ),
    FeeModelRow(
        key="narvardssamverkan",
        federation="sjuharad",
        activity="Närvårdssamverkan Södra Älvsborg",
        name="Närvårdssamverkan – kommunernas hälft",
        method=Method.PER_CAPITA,
        participants=SJUHARAD_KOMMUNER,
        rate=Decimal(6),
    ),
    FeeModelRow(
        key="srb",
        federation="vastmanland",
        activity="Regional samverkan (SRB)",
        name="SRB – kostnad för samverkan",
        method=Method.POPULATION_SHARE,
        participants=VASTMANLAND_KOMMUNER,
        total_amount=Decimal(14_840_000),
        population_year_offset=-1,
        uplift=Uplift.INDEX,
        index_series="LPIK",
        index_read_month=3,
        index_read_day=1,
        freeze_years=[2024, 2025],
        agreement="srb",
        instalments=(InstalmentRow(50, 2, 1), InstalmentRow(50, 8, 1)),
    ),
]


def _rows(filename: str) -> list[dict[str, str]]:
    """The rows of a CSV file next to this module, in file order."""
    with (Path(__file__).parent / filename).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(context: dict) -> dict:
    federations: dict[str, Federation] = {
        key: context[key] for key in ("sjuharad", "vastmanland")
    }
    ekonom: User | None = context.get("users", {}).get("ekonom")
    for row in _rows("demo_population.csv"):
        _population(federations[row["federation"]], row)
    series = {
        (row.federation, row.code): _series(federations[row.federation], row)
        for row in SERIES
    }
    for row in _rows("demo_index_values.csv"):
        IndexValue.objects.update_or_create(
            series=series[row["federation"], row["series"]],
            year=int(row["year"]),
            published_on=D.fromisoformat(row["published_on"]),
            defaults={
                "value": Decimal(row["value"]),
                "is_forecast": row["kind"] == "forecast",
            },
        )
    agreements = context.get("agreements")
    fee_models = {
        row.key: _fee_model(federations[row.federation], row, series, agreements)
        for row in FEE_MODELS
    }
    for federation in federations.values():
        _approved_run(federation, 2024, ekonom)
    return {"fee_models": fee_models}


def _population(federation: Federation, row: dict[str, str]) -> None:
    member = federation.members.filter(kommunkod=row["kommunkod"]).first()
    if member is None:
        return
    latest = int(row["population"])
    for year in range(2021, LAST_POPULATION_YEAR[row["federation"]] + 1):
        value = latest
        if year in GROWTH:
            value = int(latest * GROWTH[year])
        elif year > 2024:
            value = int(latest * Decimal("1.004") ** (year - 2024))
        PopulationFigure.objects.get_or_create(
            member=member,
            year=year,
            defaults={
                "population": value,
                "reference_date": D(year, 12, 31),
                "source": SOURCE,
            },
        )


def _series(federation: Federation, row: SeriesRow) -> IndexSeries:
    return IndexSeries.objects.update_or_create(
        federation=federation,
        code=row.code,
        defaults={"name": row.name, "kind": row.kind, "source": SOURCE},
    )[0]


def _fee_model(
    federation: Federation,
    row: FeeModelRow,
    series: dict[tuple[str, str], IndexSeries],
    agreements: dict | None,
) -> FeeModel:
    """The row's fee model with its participants and instalments. Its agreement is
    linked when the agreements demo is loaded; an unknown key then fails."""
    activity = Activity.objects.get_or_create(federation=federation, name=row.activity)[
        0
    ]
    fields = {
        "activity": activity,
        "base_year": 2023,
        "method": row.method,
        "rate": row.rate,
        "fixed_amount": row.fixed_amount,
        "total_amount": row.total_amount,
        "uplift": row.uplift,
        "uplift_percent": row.uplift_percent,
        "index_series": series[row.federation, row.index_series]
        if row.index_series
        else None,
        "index_read_month": row.index_read_month,
        "index_read_day": row.index_read_day,
        "population_year_offset": row.population_year_offset,
        "freeze_years": row.freeze_years,
        "agreement": agreements[row.agreement]
        if row.agreement and agreements is not None
        else None,
    }
    model = FeeModel.objects.update_or_create(
        federation=federation,
        name=row.name,
        defaults={name: value for name, value in fields.items() if value is not None},
    )[0]
    members = {m.kommunkod: m for m in federation.members.all()}
    for code in row.participants:
        if code in members:
            own = {"rate": row.own_rates[code]} if code in row.own_rates else {}
            Participant.objects.update_or_create(
                fee_model=model, member=members[code], defaults=own
            )
    for position, step in enumerate(row.instalments, start=1):
        Instalment.objects.update_or_create(
            fee_model=model,
            position=position,
            defaults={
                "percent": Decimal(step.percent),
                "due_month": step.due_month,
                "due_day": step.due_day,
            },
        )
    return model


def _approved_run(federation: Federation, year: int, ekonom: User | None) -> None:
    if AllocationRun.objects.filter(federation=federation, year=year).exists():
        return
    run = run_allocation(federation, year, by=ekonom, as_of=D(year, 3, 15))
    approve_run(run, by=ekonom)
