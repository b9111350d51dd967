"""The builder after issue 18: items edited after adding (htmx and without JS), the
kallelse section following every in-page change, the focus marked on the changed
row, the build status polled, publishing confirmed and done once."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, ItemKind, KallelseVersion
from meetings.services import add_free_item, publish_kallelse

D = datetime.date
HTMX = {"HX-Request": "true", "HX-Target": "agenda-builder"}


def _url(name, *args):
    return reverse(f"meetings:{name}", args=["testforbund", *args])


@pytest.fixture
def item(meeting, chef):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Budget", by=chef)
    meeting.refresh_from_db()
    return meeting.items.get(title="Budget")


def _edit(item, **changes):
    data = {
        "agenda_version": item.meeting.agenda_version,
        "title": item.title,
        "kind": item.kind,
        "minutes": item.minutes or "",
        "presenter": item.presenter,
        "note": item.note,
        "is_public": "on" if item.is_public else "",
    }
    return {**data, **changes}


def _focused(page: str) -> list[str]:
    """The ids of the elements marked to get the focus after the swap."""
    tags = re.findall(r"<[^>]*\bdata-focus\b[^>]*>", page)
    ids = [re.search(r'\bid="([^"]+)"', tag) for tag in tags]
    return [found[1] if found else "" for found in ids]


def test_an_item_is_edited_with_htmx_and_its_row_gets_the_focus(
    client, chef, meeting, item
):
    client.force_login(chef)

    response = client.post(
        _url("agenda_edit_item", meeting.pk, item.pk),
        _edit(item, title="Budget 2025", minutes="20", note="VGR deltar"),
        headers=HTMX,
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.minutes, item.note) == ("Budget 2025", 20, "VGR deltar")
    page = response.content.decode()
    assert "<html" not in page
    assert _focused(page) == [f"item-{item.pk}-edit"]
    assert "VGR deltar" in page
    last = item.history.first()
    assert (last.history_change_reason, last.history_user) == ("update_item", chef)


def test_the_edit_row_comes_with_htmx_and_a_page_without_js(
    client, chef, meeting, item
):
    client.force_login(chef)
    url = _url("agenda_edit_item", meeting.pk, item.pk)

    row = client.get(url, headers=HTMX).content.decode()
    page = client.get(url)

    assert f'id="item{item.pk}_title"' in row
    assert _focused(row) == [f"item{item.pk}_title"]
    assert "<html" not in row
    assert page.templates[0].name == "meetings/agenda_item_edit.html"
    assert 'value="Budget"' in page.content.decode()


def test_an_item_is_edited_without_js(client, chef, meeting, item):
    client.force_login(chef)

    response = client.post(
        _url("agenda_edit_item", meeting.pk, item.pk),
        _edit(item, presenter="Förbundsdirektören", is_public=""),
    )

    assert response.status_code == 302
    assert response.url == _url("agenda", meeting.pk)
    item.refresh_from_db()
    assert (item.presenter, item.is_public) == ("Förbundsdirektören", False)


@pytest.mark.parametrize("htmx", [True, False])
def test_an_invalid_edit_is_told_in_swedish_and_saves_nothing(
    client, chef, meeting, item, htmx
):
    client.force_login(chef)
    version = meeting.agenda_version

    response = client.post(
        _url("agenda_edit_item", meeting.pk, item.pk),
        _edit(item, title="", minutes="-5", note="x"),
        headers=HTMX if htmx else {},
    )

    page = response.content.decode()
    assert response.status_code == (200 if htmx else 400)
    assert "Detta fält måste fyllas i." in page
    assert "Kontrollera att detta värde är större än eller lika med 0." in page
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.title, item.minutes, item.note) == ("Budget", None, "")
    assert meeting.agenda_version == version
    if htmx:  # the row stays a form, the first field to correct focused
        assert _focused(page) == [f"item{item.pk}_title"]


def test_a_standard_item_keeps_its_kind(client, chef, meeting, item):
    upprop = meeting.items.get(kind=ItemKind.ROLL_CALL)
    client.force_login(chef)

    response = client.post(
        _url("agenda_edit_item", meeting.pk, upprop.pk),
        _edit(upprop, title="Upprop och närvaro", kind="beslut"),
    )

    assert response.status_code == 302
    upprop.refresh_from_db()
    assert (upprop.title, upprop.kind) == ("Upprop och närvaro", "upprop")


def test_an_edit_after_publishing_waits_for_the_next_version(
    client, chef, meeting, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    published = KallelseVersion.objects.values().get()
    item.refresh_from_db()
    client.force_login(chef)

    response = client.post(
        _url("agenda_edit_item", meeting.pk, item.pk),
        _edit(item, title="Budget 2025"),
        headers=HTMX,
    )

    assert KallelseVersion.objects.values().get() == published
    assert version.snapshot["items"][4]["title"] == "Budget"
    # The kallelse section, out of band, says what the next version changes.
    page = response.content.decode()
    section = page[page.index('id="kallelse-section"') :]
    assert 'hx-swap-oob="true"' in section[:80]
    assert "Ändringar sedan version 1" in section
    assert "Punkt 5 heter nu ”Budget 2025” (tidigare ”Budget”)." in section
    assert "Inga ändringar sedan förra versionen" not in section


def test_the_kallelse_section_follows_a_move_and_the_moved_item_keeps_the_focus(
    client, chef, meeting, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    meeting.refresh_from_db()
    client.force_login(chef)

    response = client.post(
        _url("agenda_move", meeting.pk, item.pk),
        {"agenda_version": meeting.agenda_version, "offset": "-1"},
        headers=HTMX,
    )

    page = response.content.decode()
    assert _focused(page) == [f"item-{item.pk}-up"]
    assert "”Budget” har flyttats från punkt 5 till punkt 4." in page
    # Moved back: nothing to publish, and the section says so.
    meeting.refresh_from_db()
    page = client.post(
        _url("agenda_move", meeting.pk, item.pk),
        {"agenda_version": meeting.agenda_version, "offset": "1"},
        headers=HTMX,
    ).content.decode()
    assert _focused(page) == [f"item-{item.pk}-down"]
    assert "Inga ändringar sedan förra versionen." in page


def test_an_item_moved_to_the_top_keeps_the_focus_on_its_other_button(
    client, chef, meeting
):
    second = meeting.items.get(position=2)
    client.force_login(chef)

    page = client.post(
        _url("agenda_move", meeting.pk, second.pk),
        {"agenda_version": meeting.agenda_version, "offset": "-1"},
        headers=HTMX,
    ).content.decode()

    assert _focused(page) == [f"item-{second.pk}-down"]


def test_an_added_and_a_removed_item_move_the_focus_to_a_row(
    client, chef, meeting, item
):
    client.force_login(chef)

    page = client.post(
        _url("agenda_add_item", meeting.pk),
        {"agenda_version": meeting.agenda_version, "kind": "dialog", "title": "Ny"},
        headers=HTMX,
    ).content.decode()
    new = meeting.items.get(title="Ny")
    assert _focused(page) == [f"item-{new.pk}-edit"]

    meeting.refresh_from_db()
    page = client.post(
        _url("agenda_remove", meeting.pk, item.pk),
        {"agenda_version": meeting.agenda_version},
        headers=HTMX,
    ).content.decode()
    assert _focused(page) == [f"item-{new.pk}-edit"]  # it took Budget's place


# --- publishing


def test_publishing_is_confirmed_with_who_is_mailed(
    client, chef, meeting, item, ledamot_person
):
    client.force_login(chef)

    page = client.get(_url("agenda", meeting.pk)).content.decode()

    form = page[page.index('action="' + _url("publish", meeting.pk)) :]
    form = form[: form.index("</form>")]
    assert '<details class="confirm">' in form
    assert "Version 1 låses som den är nu" in form
    assert "de 1 kallade som har e-postadress" in form
    assert 'name="number" value="1"' in form
    assert "data-submit-once" in page


def test_a_second_submit_of_the_page_publishes_nothing_and_says_so(
    client, chef, meeting, item, django_capture_on_commit_callbacks
):
    client.force_login(chef)
    data = {"late_reason": "Sent", "number": "1"}

    with django_capture_on_commit_callbacks():
        first = client.post(_url("publish", meeting.pk), data)
        second = client.post(_url("publish", meeting.pk), data, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(_url("agenda", meeting.pk), 302)]
    assert "Version 1 av kallelsen är redan publicerad." in second.content.decode()
    assert meeting.kallelse_versions.count() == 1


def test_publishing_returns_before_the_pdf_is_made_and_the_status_is_polled(
    client, chef, meeting, item, django_capture_on_commit_callbacks
):
    client.force_login(chef)
    with django_capture_on_commit_callbacks() as queued:  # no worker has run
        response = client.post(_url("publish", meeting.pk), {"late_reason": "x"})
    assert response.status_code == 302
    # The build is sent to the worker after the commit.
    assert "dispatch" in [callback.__name__ for callback in queued]

    page = client.get(_url("agenda", meeting.pk)).content.decode()
    status_url = _url("kallelse_status", meeting.pk, 1)
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "I kö…" in page

    fragment = client.get(status_url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    assert "no-cache" in fragment["Cache-Control"]

    for callback in queued:  # the worker makes the PDF
        callback()
    done = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    version = meeting.kallelse_versions.get()
    assert "hx-trigger" not in done  # the polling ends
    assert "Klar" in done
    assert f"PDF, {version.page_count} sidor" in done


def test_a_failed_build_ends_the_polling_and_offers_to_make_it_again(
    client, chef, meeting, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    KallelseVersion.objects.filter(pk=version.pk).update(build_status="failed")
    client.force_login(chef)

    fragment = client.get(_url("kallelse_status", meeting.pk, 1)).content.decode()

    assert "hx-trigger" not in fragment
    assert "Misslyckades" in fragment
    assert _url("retry_kallelse", meeting.pk, 1) in fragment


def test_the_status_of_a_version_of_another_meeting_is_404(
    client, chef, meeting, item, body, django_capture_on_commit_callbacks
):
    from meetings.services import create_meeting  # noqa: PLC0415 leaf

    other = create_meeting(
        body, date=D(2024, 4, 5), starts_at=datetime.time(9), by=chef
    )
    add_free_item(other, kind=ItemKind.INFORMATION, title="Annan", by=chef)
    with django_capture_on_commit_callbacks():
        publish_kallelse(other, by=chef, today=D(2024, 2, 20))
    client.force_login(chef)

    response = client.get(_url("kallelse_status", meeting.pk, 1))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["agenda_edit_item", "kallelse_status"])
def test_a_ledamot_may_not_edit_or_poll(
    client, ledamot, ledamot_person, meeting, item, name
):
    client.force_login(ledamot)
    args = (item.pk,) if name == "agenda_edit_item" else (1,)

    responses = [client.get(_url(name, meeting.pk, *args))]
    if name == "agenda_edit_item":
        responses.append(
            client.post(_url(name, meeting.pk, *args), _edit(item, title="Hack"))
        )

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert AgendaItem.objects.get(pk=item.pk).title == "Budget"
