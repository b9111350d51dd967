"""The upprop in one form: the default presence, one save for the whole list, the
tjänstgörande ersättare chosen in it, refused as a whole, and the beslutförhet."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from minutes.models import Attendance
from minutes.services import (
    UppropRow,
    add_paragraph,
    choose_justerare,
    close_meeting,
    default_presence,
    preview_quorum,
    quorum_now,
    record_attendance,
    send_for_justering,
    start_minutes,
)
from tests.meetings.factories import MeetingFactory

from .conftest import attendance


def _presence(minutes):
    return {
        a.person.first_name: (a.is_present, a.serving_for_id)
        for a in minutes.attendances.select_related("person")
    }


def _form(minutes, present, serving=None):
    """The upprop form as a browser posts it: the first names ticked present, and
    {ersättare first name: ledamot} serving."""
    serving = serving or {}
    data = {}
    for a in minutes.attendances.select_related("person"):
        if a.person.first_name in present:
            data[f"present_{a.pk}"] = "on"
        if a.role == Attendance.Role.ERSATTARE:
            ledamot = serving.get(a.person.first_name)
            data[f"serving_{a.pk}"] = ledamot.pk if ledamot else ""
    return data


def _url(federation, minutes, name="attendance"):
    return reverse(f"minutes:{name}", args=[federation.slug, minutes.meeting.pk])


ALL_LEDAMOTER = {"Olle", "Lisa", "Lars", "Lena", "Leif"}
SENT = "Protokollet är ute för justering och kan inte ändras nu."


@pytest.fixture
def other_minutes(body, chef):
    return start_minutes(MeetingFactory(body=body, date="2024-02-02"), by=chef)


# --- The default ----------------------------------------------------------------------


def test_ledamoter_start_present_and_ersattare_absent(minutes):
    assert _presence(minutes) == {
        "Olle": (True, None),
        "Lisa": (True, None),
        "Lars": (True, None),
        "Lena": (True, None),
        "Leif": (True, None),
        "Eva": (False, None),
        "Erik": (False, None),
        "Emma": (False, None),
    }


def test_default_presence_is_decided_by_the_role():
    assert default_presence(Attendance(role=Attendance.Role.LEDAMOT)) is True
    assert default_presence(Attendance(role=Attendance.Role.ORDFORANDE)) is True
    assert default_presence(Attendance(role=Attendance.Role.ERSATTARE)) is False


# --- The service: one call, all or nothing --------------------------------------


def test_one_call_saves_absence_and_the_serving_ersattare(minutes, people, chef):
    rows = [
        UppropRow(attendance(minutes, people.l2).pk, is_present=False),
        UppropRow(
            attendance(minutes, people.e3).pk,
            is_present=False,  # serving means called in: present
            serving_for_id=people.l2.pk,
        ),
        UppropRow(attendance(minutes, people.e1).pk, is_present=True),
    ]

    record_attendance(minutes, rows, by=chef)

    assert _presence(minutes)["Lars"] == (False, None)
    assert _presence(minutes)["Emma"] == (True, people.l2.pk)
    assert _presence(minutes)["Eva"] == (True, None)
    assert quorum_now(minutes).serving_for == {people.e3.pk: people.l2}
    history = attendance(minutes, people.e3).history.first()
    assert (history.history_user, history.history_change_reason) == (
        chef,
        "record_attendance",
    )


def test_serving_for_a_present_ledamot_is_refused_and_nothing_is_saved(
    minutes, people, chef
):
    before = _presence(minutes)
    rows = [
        UppropRow(attendance(minutes, people.l3).pk, is_present=False),
        UppropRow(
            attendance(minutes, people.e1).pk,
            is_present=True,
            serving_for_id=people.l2.pk,
        ),
    ]

    with pytest.raises(ValidationError) as error:
        record_attendance(minutes, rows, by=chef)

    assert error.value.messages == [
        "Lars Två är närvarande; en ersättare tjänstgör bara för en frånvarande "
        "ledamot."
    ]
    assert _presence(minutes) == before  # Lena's absence is not saved either


def test_two_ersattare_for_one_ledamot_are_refused(minutes, people, chef):
    rows = [
        UppropRow(attendance(minutes, people.l2).pk, is_present=False),
        UppropRow(attendance(minutes, people.e1).pk, True, people.l2.pk),
        UppropRow(attendance(minutes, people.e2).pk, True, people.l2.pk),
    ]

    with pytest.raises(ValidationError) as error:
        record_attendance(minutes, rows, by=chef)

    assert error.value.messages == [
        "Både Eva Ett och Erik Två är valda att tjänstgöra för Lars Två; "
        "välj en av dem."
    ]
    assert _presence(minutes)["Lars"] == (True, None)


def test_every_error_is_named_at_once(minutes, people, chef):
    first = add_paragraph(minutes, title="Första", by=chef)
    second = add_paragraph(minutes, title="Andra", by=chef)
    rows = [
        UppropRow(attendance(minutes, people.e1).pk, True, people.l1.pk),
        UppropRow(
            attendance(minutes, people.l4).pk,
            is_present=True,
            arrived_at_id=second.pk,
            left_after_id=first.pk,
        ),
        UppropRow(attendance(minutes, people.l3).pk, False, None, first.pk),
        UppropRow(attendance(minutes, people.ordf).pk, True, people.l2.pk),
    ]

    with pytest.raises(ValidationError) as error:
        record_attendance(minutes, rows, by=chef)

    assert sorted(error.value.messages) == sorted(
        [
            "Lisa Ett är närvarande; en ersättare tjänstgör bara för en frånvarande "
            "ledamot.",
            "Leif Fyra kan inte gå före den paragraf hen kom till.",
            "Markera Lena Tre som närvarande för att ange när hen kom eller gick.",
            "Olle Ordf är inte ersättare och kan inte tjänstgöra för en ledamot.",
        ]
    )


def test_an_ersattare_serves_for_a_ledamot_who_left_early(minutes, people, chef):
    first = add_paragraph(minutes, title="Första", by=chef)
    rows = [
        UppropRow(attendance(minutes, people.l2).pk, True, left_after_id=first.pk),
        UppropRow(attendance(minutes, people.e3).pk, True, people.l2.pk),
    ]

    record_attendance(minutes, rows, by=chef)

    assert _presence(minutes)["Emma"] == (True, people.l2.pk)


def test_a_row_of_another_protokoll_is_refused(minutes, people, chef, other_minutes):
    row = other_minutes.attendances.first()

    with pytest.raises(ValidationError):
        record_attendance(minutes, [UppropRow(row.pk, is_present=False)], by=chef)

    row.refresh_from_db()
    assert row.is_present is True


def test_the_upprop_of_a_protokoll_sent_for_justering_is_refused(minutes, people, chef):
    add_paragraph(minutes, title="Första", by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)

    with pytest.raises(ValidationError) as error:
        record_attendance(
            minutes, [UppropRow(attendance(minutes, people.l2).pk, False)], by=chef
        )

    assert error.value.messages == [SENT]


def test_the_preview_counts_without_saving(minutes, people, chef):
    rows = [
        UppropRow(attendance(minutes, people.l2).pk, False),
        UppropRow(attendance(minutes, people.l3).pk, False),
        UppropRow(attendance(minutes, people.l4).pk, False),
    ]

    quorum, errors = preview_quorum(minutes, rows)
    with_ersattare, _errors = preview_quorum(
        minutes,
        [*rows, UppropRow(attendance(minutes, people.e1).pk, False, people.l2.pk)],
    )

    assert (quorum.count, quorum.is_quorate, errors) == (2, False, [])
    assert (with_ersattare.count, with_ersattare.is_quorate) == (3, True)
    assert _presence(minutes)["Lars"] == (True, None)


# --- The page: one form, one save -----------------------------------------------


def test_the_page_has_one_upprop_form_with_one_save(client, chef, federation, minutes):
    client.force_login(chef)

    content = client.get(
        reverse("minutes:detail", args=[federation.slug, minutes.meeting.pk])
    ).content.decode()

    assert content.count(_url(federation, minutes) + '"') == 1
    assert content.count("Spara närvaron") == 1
    assert "Beslutför" in content
    assert "5 av 5 ledamöter deltar (3 behövs)." in content


def test_one_post_saves_the_whole_list(client, chef, federation, minutes, people):
    client.force_login(chef)
    data = _form(
        minutes,
        present=ALL_LEDAMOTER - {"Lars", "Lena"} | {"Eva"},
        serving={"Emma": people.l2},
    )

    response = client.post(_url(federation, minutes), data)

    assert response.status_code == 302
    assert response.url.endswith("#narvaro")
    presence = _presence(minutes)
    assert presence["Lars"] == presence["Lena"] == (False, None)
    assert presence["Emma"] == (True, people.l2.pk)
    assert presence["Eva"] == (True, None)
    page = client.get(response.url).content.decode()
    assert "Närvaron är sparad." in page
    assert "4 av 5 ledamöter deltar (3 behövs)." in page


def test_a_refused_post_saves_nothing_and_keeps_what_was_typed(
    client, chef, federation, minutes, people
):
    client.force_login(chef)
    before = _presence(minutes)
    data = _form(
        minutes,
        present=ALL_LEDAMOTER - {"Lena"},
        serving={"Eva": people.l2, "Erik": people.l2},
    )

    response = client.post(_url(federation, minutes), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert _presence(minutes) == before
    assert "Lars Två är närvarande; en ersättare tjänstgör bara" in content
    assert "Både Eva Ett och Erik Två är valda att tjänstgöra för Lars Två" in content
    assert "Närvaron är inte sparad." in content
    lena = attendance(minutes, people.l3)
    assert f'name="present_{lena.pk}" id="id_present_{lena.pk}">' in content


def test_a_garbled_post_gives_a_swedish_error(
    client, chef, federation, minutes, people
):
    client.force_login(chef)
    eva = attendance(minutes, people.e1)

    response = client.post(_url(federation, minutes), {f"serving_{eva.pk}": "abc"})

    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors
    assert not any("Select a valid" in e for e in errors)
    assert _presence(minutes)["Eva"] == (False, None)


def test_the_quorum_line_follows_the_form_unsaved(
    client, chef, federation, minutes, people
):
    client.force_login(chef)
    data = _form(minutes, present={"Olle", "Lisa"})

    response = client.post(
        _url(federation, minutes, "attendance_quorum"), data, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert 'id="beslutforhet"' in content
    assert "Inte beslutför" in content
    assert "2 av 5 ledamöter deltar (3 behövs)." in content
    assert "(inte sparat än)" in content
    assert _presence(minutes)["Lars"] == (True, None)


def test_the_quorum_line_shows_the_errors_as_you_go(
    client, chef, federation, minutes, people
):
    client.force_login(chef)
    data = _form(minutes, present=ALL_LEDAMOTER, serving={"Eva": people.l1})

    response = client.post(_url(federation, minutes, "attendance_quorum"), data)

    assert "Lisa Ett är närvarande" in response.content.decode()


def test_a_ledamot_cannot_post_the_upprop(client, ledamot, federation, minutes):
    client.force_login(ledamot)
    before = _presence(minutes)

    answers = [
        client.post(_url(federation, minutes, name), {}).status_code
        for name in ("attendance", "attendance_quorum")
    ]

    assert answers == [403, 403]
    assert _presence(minutes) == before
