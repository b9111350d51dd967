"""Demo fees: Sjuhärad's financing table and the SRB cost of the Västmanland agreement.

Rates and rules follow the reference documents (finansiering-sjuharad-2023.txt and the
finance section of overenskommelse-srb-vastmanland.txt). Population figures and index
values are plausible, rounded inventions for the demo, not SCB's or SKR's numbers.
Safe to run again: rows are found by natural keys, and a year is computed only once.
"""

import datetime
from decimal import Decimal

from federation.models import Federation, Member

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

# Population on 31 December 2024; earlier years are derived with a small growth.
SJUHARAD_POPULATION = {
    "1443": 9_960,
    "1490": 114_400,
    "1466": 9_540,
    "1463": 35_150,
    "1465": 10_760,
    "1452": 11_790,
    "1491": 25_380,
    "1442": 12_120,
    "1383": 66_200,
}
VASTMANLAND_POPULATION = {
    "1984": 14_080,
    "1982": 13_420,
    "1961": 16_310,
    "1960": 8_720,
    "1983": 26_560,
    "1962": 5_690,
    "1981": 22_930,
    "1904": 4_380,
    "1907": 10_080,
    "1980": 158_900,
}
GROWTH = {2021: Decimal("0.985"), 2022: Decimal("0.99"), 2023: Decimal("0.995")}

KOMMUNER = ["1443", "1490", "1466", "1463", "1465", "1452", "1491", "1442"]
DSO_PARTICIPANTS = ["1443", "1466", "1465", "1452", "1491", "1442"]


def load(context: dict) -> dict:
    sjuharad = context["sjuharad"]
    vastmanland = context["vastmanland"]
    ekonom = context.get("users", {}).get("ekonom")
    _population(sjuharad, SJUHARAD_POPULATION, last_year=2024)
    _population(vastmanland, VASTMANLAND_POPULATION, last_year=2025)
    pkv = _series(
        sjuharad,
        "PKV",
        "Prisindex för kommunal verksamhet",
        [
            (2023, "6.4", D(2023, 2, 20), False),
            (2024, "4.1", D(2023, 8, 24), True),
            (2024, "3.8", D(2024, 2, 22), True),
            (2025, "2.9", D(2024, 8, 22), True),
            (2025, "2.7", D(2025, 2, 20), True),
            (2026, "2.6", D(2025, 8, 21), True),
        ],
    )
    _series(
        sjuharad,
        "KPI",
        "Konsumentprisindex (årsmedel, nivå)",
        [
            (2023, "397.92", D(2024, 1, 15), False),
            (2024, "408.23", D(2025, 1, 15), False),
        ],
        kind=IndexSeries.Kind.LEVEL,
    )
    lpik = _series(
        vastmanland,
        "LPIK",
        "Landstingsprisindex inklusive läkemedel",
        [
            (2023, "5.9", D(2023, 2, 20), True),
            (2024, "4.0", D(2024, 2, 22), True),
            (2025, "3.1", D(2025, 2, 20), True),
            (2026, "2.8", D(2026, 2, 19), True),
        ],
    )
    _sjuharad_models(sjuharad, pkv)
    srb = _srb_model(vastmanland, lpik, context.get("agreements", {}).get("srb"))
    for federation in (sjuharad, vastmanland):
        _approved_run(federation, 2024, ekonom)
    return {"finance": {"srb_fee_model": srb}}


def _population(federation: Federation, latest: dict[str, int], last_year: int):
    members = {m.kommunkod: m for m in federation.members.all()}
    for code, population in latest.items():
        member = members.get(code)
        if member is None:
            continue
        for year in range(2021, last_year + 1):
            value = population
            if year in GROWTH:
                value = int(population * GROWTH[year])
            elif year > 2024:
                value = int(population * Decimal("1.004") ** (year - 2024))
            PopulationFigure.objects.get_or_create(
                member=member,
                year=year,
                defaults={
                    "population": value,
                    "reference_date": D(year, 12, 31),
                    "source": SOURCE,
                },
            )


def _series(federation, code, name, values, kind=IndexSeries.Kind.PERCENT):
    series = IndexSeries.objects.update_or_create(
        federation=federation,
        code=code,
        defaults={"name": name, "kind": kind, "source": SOURCE},
    )[0]
    for year, value, published_on, is_forecast in values:
        IndexValue.objects.update_or_create(
            series=series,
            year=year,
            published_on=published_on,
            defaults={"value": Decimal(value), "is_forecast": is_forecast},
        )
    return series


def _model(federation, activity_name, name, participants, **fields) -> FeeModel:
    activity = Activity.objects.get_or_create(
        federation=federation, name=activity_name
    )[0]
    model = FeeModel.objects.update_or_create(
        federation=federation,
        name=name,
        defaults={"activity": activity, "base_year": 2023, **fields},
    )[0]
    members = {m.kommunkod: m for m in federation.members.all()}
    for code, override in participants.items():
        if code in members:
            Participant.objects.update_or_create(
                fee_model=model, member=members[code], defaults=override
            )
    return model


def _plan(model: FeeModel, *steps: tuple[int, int, int]) -> None:
    for position, (percent, month, day) in enumerate(steps, start=1):
        Instalment.objects.update_or_create(
            fee_model=model,
            position=position,
            defaults={"percent": Decimal(percent), "due_month": month, "due_day": day},
        )


def _sjuharad_models(federation: Federation, pkv: IndexSeries) -> None:
    every = {code: {} for code in KOMMUNER}
    fixed_07 = {"uplift": FeeModel.Uplift.FIXED, "uplift_percent": Decimal("0.7")}
    base = _model(
        federation,
        "Basverksamhet",
        "Basverksamhet – medlemsavgift",
        {**every, "1383": {"rate": Decimal(11)}},
        method=FeeModel.Method.PER_CAPITA,
        rate=Decimal(41),
        **fixed_07,
    )
    _plan(base, (50, 1, 31), (50, 6, 30))
    _model(
        federation,
        "Utvecklingsmedel",
        "Utvecklingsmedel – motfinansiering",
        every,
        method=FeeModel.Method.PER_CAPITA,
        rate=Decimal(37),
    )
    _model(
        federation,
        "Business Region Borås",
        "Business Region Borås – medlemsavgift",
        every,
        method=FeeModel.Method.PER_CAPITA,
        rate=Decimal(6),
        **fixed_07,
    )
    _model(
        federation,
        "Dataskyddsombud",
        "Dataskyddsombud – fast och rörlig avgift",
        {code: {} for code in DSO_PARTICIPANTS},
        method=FeeModel.Method.FIXED_PLUS_PER_CAPITA,
        fixed_amount=Decimal(135_000),
        rate=Decimal("6.53"),
        uplift=FeeModel.Uplift.FIXED,
        uplift_percent=Decimal("2.5"),
    )
    _model(
        federation,
        "Vård- och omsorgscollege",
        "Vård- och omsorgscollege – kommunernas andel",
        every,
        method=FeeModel.Method.POPULATION_SHARE,
        total_amount=Decimal(1_150_000),
        uplift=FeeModel.Uplift.INDEX,
        index_series=pkv,
        index_read_month=3,
        index_read_day=1,
    )
    _model(
        federation,
        "Närvårdssamverkan Södra Älvsborg",
        "Närvårdssamverkan – kommunernas hälft",
        every,
        method=FeeModel.Method.PER_CAPITA,
        rate=Decimal(6),
    )


def _srb_model(federation: Federation, lpik: IndexSeries, agreement) -> FeeModel:
    kommuner = {
        m.kommunkod: {}
        for m in federation.members.filter(kind=Member.Kind.KOMMUN)
        if m.kommunkod in VASTMANLAND_POPULATION
    }
    model = _model(
        federation,
        "Regional samverkan (SRB)",
        "SRB – kostnad för samverkan",
        kommuner,
        method=FeeModel.Method.POPULATION_SHARE,
        total_amount=Decimal(14_840_000),
        population_year_offset=-1,
        uplift=FeeModel.Uplift.INDEX,
        index_series=lpik,
        index_read_month=3,
        index_read_day=1,
        freeze_years=[2024, 2025],
        **({"agreement": agreement} if agreement is not None else {}),
    )
    _plan(model, (50, 2, 1), (50, 8, 1))
    return model


def _approved_run(federation: Federation, year: int, ekonom) -> None:
    if AllocationRun.objects.filter(federation=federation, year=year).exists():
        return
    run = run_allocation(federation, year, by=ekonom, as_of=D(year, 3, 15))
    approve_run(run, by=ekonom)
