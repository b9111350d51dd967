import datetime

from cases import demo as cases_demo
from federation import demo as federation_demo
from meetings import demo
from meetings.models import AgendaItem, KallelseVersion, Meeting
from meetings.pdf import cover_context


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
    assert Meeting.objects.count() == 3
    assert AgendaItem.objects.count() == 19 + 6 + 6
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
