"""factory_boy factories of the finance app."""

import datetime
from decimal import Decimal

import factory

from federation.models import Member
from finance.models import (
    Activity,
    AgreedUplift,
    FeeModel,
    IndexSeries,
    IndexValue,
    Instalment,
    Participant,
    PopulationFigure,
)
from tests.factories import FederationFactory, MemberFactory


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"Verksamhet {n}")


class FeeModelFactory(factory.django.DjangoModelFactory[FeeModel]):
    class Meta:
        model = FeeModel

    federation = factory.SubFactory(FederationFactory)
    activity = factory.SubFactory(
        ActivityFactory, federation=factory.SelfAttribute("..federation")
    )
    name = factory.Sequence(lambda n: f"Avgiftsmodell {n}")
    method = FeeModel.Method.PER_CAPITA
    base_year = 2024
    rate = Decimal(41)


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    fee_model = factory.SubFactory(FeeModelFactory)
    member = factory.SubFactory(
        MemberFactory, federation=factory.SelfAttribute("..fee_model.federation")
    )


class PopulationFigureFactory(factory.django.DjangoModelFactory[PopulationFigure]):
    class Meta:
        model = PopulationFigure

    member = factory.SubFactory(MemberFactory)
    year = 2024
    population = 10_000
    reference_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))
    source = "SCB"


class IndexSeriesFactory(factory.django.DjangoModelFactory[IndexSeries]):
    class Meta:
        model = IndexSeries

    federation = factory.SubFactory(FederationFactory)
    code = factory.Sequence(lambda n: f"IDX{n}")
    name = "Index"
    kind = IndexSeries.Kind.PERCENT


class IndexValueFactory(factory.django.DjangoModelFactory[IndexValue]):
    class Meta:
        model = IndexValue

    series = factory.SubFactory(IndexSeriesFactory)
    year = 2025
    value = Decimal("3.0")
    published_on = datetime.date(2025, 2, 15)
    is_forecast = False


class AgreedUpliftFactory(factory.django.DjangoModelFactory[AgreedUplift]):
    class Meta:
        model = AgreedUplift

    fee_model = factory.SubFactory(FeeModelFactory)
    year = 2025
    percent = Decimal("1.5")
    agreed_on = datetime.date(2025, 6, 1)
    cutoff_on = datetime.date(2025, 8, 31)


class InstalmentFactory(factory.django.DjangoModelFactory[Instalment]):
    class Meta:
        model = Instalment

    fee_model = factory.SubFactory(FeeModelFactory)
    position = factory.Sequence(lambda n: n + 1)
    percent = Decimal(50)
    due_month = 2
    due_day = 1


def national_year(federation, *, members: int, models: int) -> None:
    """A national-size register: members with population, fee models of every method,
    each member in each model (bulk, for speed)."""
    rows = Member.objects.bulk_create(
        Member(
            federation=federation,
            name=f"Kommun {n}",
            kommunkod=f"{1000 + n:04d}",
            kind=Member.Kind.KOMMUN,
        )
        for n in range(members)
    )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            member=m, year=2024, population=3_000 + 997 * n, reference_date="2024-12-31"
        )
        for n, m in enumerate(rows)
    )
    methods = list(FeeModel.Method)
    for n in range(models):
        model = FeeModelFactory.create(
            federation=federation,
            name=f"Modell {n}",
            method=methods[n % len(methods)],
            base_year=2023,
            rate=Decimal("12.34"),
            fixed_amount=Decimal(50_000),
            total_amount=Decimal(14_840_000),
            uplift=FeeModel.Uplift.FIXED,
            uplift_percent=Decimal("2.5"),
        )
        Participant.objects.bulk_create(
            Participant(fee_model=model, member=m) for m in rows
        )


def fee_model_form_data(model, **changes) -> dict:
    """What the fee model page posts for a model of two participants (the first two
    members by name) and one instalment, with one empty participant row."""
    alby, berga = model.participants.order_by("member__name")
    instalment = model.instalments.get()
    return {
        "activity": model.activity_id,
        "name": model.name,
        "method": model.method,
        "base_year": "2025",
        "rate": "41",
        "population_year_offset": "-1",
        "uplift": "none",
        "index_read_month": "3",
        "index_read_day": "1",
        "rounding": "kr",
        "is_active": "on",
        "p-TOTAL_FORMS": "3",
        "p-INITIAL_FORMS": "2",
        "p-0-id": alby.pk,
        "p-0-member": alby.member_id,
        "p-1-id": berga.pk,
        "p-1-member": berga.member_id,
        "p-2-member": "",
        "i-TOTAL_FORMS": "1",
        "i-INITIAL_FORMS": "1",
        "i-0-id": instalment.pk,
        "i-0-position": "1",
        "i-0-percent": "100",
        "i-0-due_month": "2",
        "i-0-due_day": "1",
        "a-TOTAL_FORMS": "0",
        "a-INITIAL_FORMS": "0",
        **changes,
    }
