import datetime

from agreements import demo
from agreements.models import Agreement, AgreementParty, Ratification
from agreements.selectors import agreements_with_status_data
from agreements.status import Status, status_of
from federation import demo as federation_demo

TODAY = datetime.date(2026, 1, 15)


def _status(agreement):
    fresh = agreements_with_status_data(Agreement.objects.filter(pk=agreement.pk))
    return status_of(fresh.get(), TODAY)


def test_demo_loads_the_three_stories_and_is_idempotent(db):
    context = federation_demo.load({})

    result = demo.load(context)["agreements"]
    counts = [
        Model.objects.count() for Model in (Agreement, AgreementParty, Ratification)
    ]
    demo.load(context)

    assert [M.objects.count() for M in (Agreement, AgreementParty, Ratification)] == (
        counts
    )
    srb = _status(result["srb"])
    assert (srb.status, srb.party_count, srb.adopted_count) == (
        Status.RATIFYING,
        11,
        7,
    )
    stark = _status(result["stark"])
    assert (stark.status, stark.ends_on) == (
        Status.IN_FORCE,
        datetime.date(2028, 9, 30),
    )
    assert [p.name for p in result["stark"].parties.all()][-1] == (
        "Mälardalens universitet"
    )
    assert _status(result["sjuharad_v1"]).status == Status.FAILED
    assert _status(result["sjuharad_v2"]).status == Status.IN_FORCE
