import datetime

import pytest

from agreements import demo
from agreements.models import Agreement, AgreementParty, Ratification
from agreements.selectors import agreements_with_status_data
from agreements.status import Status, status_of
from federation import demo as federation_demo
from federation.demo import UnknownKey

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


def test_a_party_naming_an_unknown_member_fails_the_load(db, tmp_path, monkeypatch):
    parties = tmp_path / demo.PARTIES.name
    text = demo.PARTIES.read_text(encoding="utf-8")
    parties.write_text(text.replace("stark,0,1984,", "stark,0,1348,"), encoding="utf-8")
    monkeypatch.setattr(demo, "PARTIES", parties)
    context = federation_demo.load({})

    with pytest.raises(UnknownKey, match=r"\(stark, 1348\) names the member '1348'"):
        demo.load(context)
