"""The {% agreement_costs %} tag that the agreement page uses."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

from agreements.models import Agreement
from finance.models import FeeModel
from finance.services import approve_run, run_allocation
from tests.factories import MemberFactory

from .factories import FeeModelFactory, ParticipantFactory, PopulationFigureFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load finance_costs %}{% agreement_costs agreement %}")


def _render(agreement) -> str:
    return TEMPLATE.render(Context({"agreement": agreement}))


def test_agreement_costs_show_approved_years_and_the_current_year(federation, members):
    this_year = timezone.localdate().year
    agreement = Agreement.objects.create(
        federation=federation, title="Överenskommelse", kind="overenskommelse"
    )
    model = FeeModelFactory(
        federation=federation,
        agreement=agreement,
        method=FeeModel.Method.POPULATION_SHARE,
        base_year=this_year - 1,
        rate=None,
        total_amount=Decimal(600_000),
    )
    for member in MemberFactory.create_batch(2, federation=federation):
        ParticipantFactory(fee_model=model, member=member)
        PopulationFigureFactory(member=member, year=this_year - 2, population=10_000)
        PopulationFigureFactory(member=member, year=this_year - 1, population=20_000)
    approve_run(run_allocation(federation, this_year - 1, by=None), by=None)

    html = _render(agreement)

    assert f'<th scope="col" class="num">{this_year - 1}</th>' in html
    assert f'<th scope="col" class="num">{this_year}*</th>' in html
    cell = f'<td class="num" data-label="{this_year - 1}">300\xa0000\xa0kr</td>'
    assert html.count(cell) == 2


def test_agreement_without_fee_models_says_so(federation):
    agreement = Agreement.objects.create(
        federation=federation, title="Avtal", kind="other"
    )

    html = _render(agreement)

    assert "Ingen avgiftsmodell för avtalet har beräknats ännu." in html
