from federation import demo as federation_demo
from meetings import demo
from meetings.models import AgendaItem, KallelseVersion, Meeting


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
