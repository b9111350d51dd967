import datetime

import pytest

from cases import demo as cases_demo
from federation import demo as federation_demo
from federation.demo import UnknownKey
from meetings import demo
from meetings.models import AgendaItem, KallelseVersion, Meeting
from meetings.pdf import cover_context
from tests.cases.factories import CaseFactory


def test_demo_has_the_nineteen_items_and_is_idempotent(
    db, django_capture_on_commit_callbacks
):
    context = federation_demo.load({})

    with django_capture_on_commit_callbacks(execute=True):
        demo.load(context)
    demo.load(context)

    march = Meeting.objects.get(date="2024-03-01")
    assert march.items.count() == 19
    assert march.items.get(position=17).title == "Anmälningsärenden"
    # Besides the coming meeting with a förhinder (meetings.demo_forhinder) and the
    # SRB's four held and one planned (federation.demo_obligations).
    coming = Meeting.objects.filter(forhinder__isnull=False)
    srb = Meeting.objects.filter(body__short_name="SRB")
    assert srb.count() == 5
    assert Meeting.objects.exclude(pk__in=coming).exclude(pk__in=srb).count() == 3
    assert AgendaItem.objects.exclude(meeting__in=coming).exclude(
        meeting__in=srb
    ).count() == (19 + 6 + 6)
    assert list(KallelseVersion.objects.values_list("number", "build_status")) == [
        (1, "done")
    ]


def test_demo_march_kallelse_has_bilagor_as_in_the_reference(db):
    # /work/shared/reference/kallelse-direktion-2024-03-01.txt: 19 items, a bilaga on
    # 4, 5, 6, 9, 10, 11 and 17 (anmälningsärenden), 30 + 10 + 15 + 10 + 15 minutes.
    context = federation_demo.load({})
    context |= cases_demo.load(context)
    demo.load(context)

    march = Meeting.objects.get(date="2024-03-01")
    version = march.kallelse_versions.get(number=1)
    rows = cover_context(march, version)["rows"]

    assert len(rows) == 19
    assert [row["number"] for row in rows if row["has_bilaga"]] == [
        4,
        5,
        6,
        9,
        10,
        11,
        17,
    ]
    assert sum(row["minutes"] or 0 for row in rows) == 80
    assert [(row["number"], row["title"]) for row in rows[3:16]] == [
        (int(row["position"]), row["title"]) for row in demo.agenda_rows(march.date)
    ]


def test_demo_items_name_cases_of_the_cases_demo():
    keys = {row["case"] for row in demo.agenda_rows(datetime.date(2024, 3, 1))}

    assert keys - {""} <= {row.key for row in cases_demo.CASES}


def test_an_item_naming_an_unknown_case_fails_the_load(db, tmp_path, monkeypatch):
    # A silently unlinked item would lose its bilaga in the kallelse.
    agenda = tmp_path / demo.AGENDA_ITEMS.name
    text = demo.AGENDA_ITEMS.read_text(encoding="utf-8")
    agenda.write_text(text.replace(",brvux", ",brvu", 1), encoding="utf-8")
    monkeypatch.setattr(demo, "AGENDA_ITEMS", agenda)
    context = federation_demo.load({})
    sjuharad = context["sjuharad"]
    cases = {row.key: CaseFactory(federation=sjuharad) for row in cases_demo.CASES}

    with pytest.raises(
        UnknownKey, match=r"demo_agenda_items\.csv names the ärende 'brvu'"
    ):
        demo.load(context | {"cases": cases})
