"""The arvodesunderlag: lines frozen at justering, ± lines for a rättelse of närvaro."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from arvode.models import ArvodeLine
from arvode.services import (
    correct_attendance,
    freeze_arvode_lines,
    freeze_missing_lines,
)
from minutes.models import Attendance

from .conftest import DAY


def test_nine_ledamoter_and_two_ersattare_give_eleven_lines(justerat):
    lines = ArvodeLine.objects.filter(minutes=justerat.minutes).order_by("pk")

    assert lines.count() == 11
    assert {line.kind for line in lines} == {ArvodeLine.Kind.ATTENDANCE}
    assert sum(line.count for line in lines) == 11
    assert justerat.absent.pk not in {line.person_id for line in lines}
    e1 = lines.get(person=justerat.e1)
    e2 = lines.get(person=justerat.e2)
    assert (e1.serving, e1.serving_for_name, e1.at_distance) == (
        True,
        justerat.absent.full_name,
        False,
    )
    assert (e2.serving, e2.serving_for_name, e2.at_distance) == (False, "", True)
    assert (e1.member_name, e1.kommunkod) == ("Ulricehamn", "1491")
    assert (e1.time_from, e1.time_to) == (datetime.time(9, 0), datetime.time(12, 0))
    assert {line.period for line in lines} == {DAY.replace(day=1)}


def test_the_lines_are_written_once(justerat, chef):
    assert freeze_arvode_lines(justerat.minutes, by=chef) == 0
    assert freeze_missing_lines(justerat.federation) == 0
    assert ArvodeLine.objects.count() == 11


def test_a_draft_protokoll_gives_no_lines(held, chef):
    with pytest.raises(ValidationError):
        freeze_arvode_lines(held.minutes, by=chef)
    assert not ArvodeLine.objects.exists()


def test_the_lines_keep_the_member_a_later_register_change_would_alter(justerat):
    justerat.boras.name = "Borås Stad"
    justerat.boras.save()

    names = set(ArvodeLine.objects.values_list("member_name", flat=True))

    assert names == {"Borås", "Ulricehamn"}


def test_a_rattelse_of_narvaro_gives_one_correction_line(justerat, chef):
    before = list(ArvodeLine.objects.order_by("pk").values())
    person = justerat.ledamoter[2]

    line = correct_attendance(
        justerat.minutes,
        person=person,
        is_present=False,
        at_distance=False,
        time_from=None,
        time_to=None,
        reason="Lämnade före upprop, felaktigt antecknad",
        by=chef,
    )

    lines = ArvodeLine.objects.filter(minutes=justerat.minutes)
    assert lines.count() == 12
    assert (line.kind, line.count, line.person) == ("correction", -1, person)
    assert line.correction.reason == "Lämnade före upprop, felaktigt antecknad"
    assert sum(x.count for x in lines) == 10
    # The earlier lines and the justerat närvaro are as they were.
    assert list(ArvodeLine.objects.order_by("pk").values())[:11] == before
    assert Attendance.objects.get(minutes=justerat.minutes, person=person).is_present


def test_a_rattelse_of_the_absent_ledamot_adds_a_meeting(justerat, chef):
    line = correct_attendance(
        justerat.minutes,
        person=justerat.absent,
        is_present=True,
        at_distance=True,
        time_from=datetime.time(10, 30),
        time_to=None,
        reason="Deltog på distans från § 3",
        by=chef,
    )

    assert (line.count, line.at_distance, line.time_from, line.time_to) == (
        1,
        True,
        datetime.time(10, 30),
        datetime.time(12, 0),
    )


def test_a_change_of_distance_only_is_a_zero_line_and_again_is_unchanged(
    justerat, chef
):
    kwargs = {
        "person": justerat.e2,
        "is_present": True,
        "at_distance": False,
        "time_from": None,
        "time_to": None,
        "reason": "Var på plats",
        "by": chef,
    }
    line = correct_attendance(justerat.minutes, **kwargs)
    with pytest.raises(ValidationError, match=r"unchanged|oförändrad"):
        correct_attendance(justerat.minutes, **kwargs)

    assert (line.count, line.at_distance) == (0, False)
    assert ArvodeLine.objects.filter(kind="correction").count() == 1


def test_a_rattelse_needs_a_reason_and_a_justerat_protokoll(held, justerat, chef):
    with pytest.raises(ValidationError):
        correct_attendance(
            justerat.minutes,
            person=justerat.e2,
            is_present=False,
            at_distance=False,
            time_from=None,
            time_to=None,
            reason="  ",
            by=chef,
        )
    assert not ArvodeLine.objects.filter(kind="correction").exists()


def test_a_correction_lands_in_the_month_it_is_made(justerat, chef):
    line = correct_attendance(
        justerat.minutes,
        person=justerat.e2,
        is_present=False,
        at_distance=False,
        time_from=None,
        time_to=None,
        reason="Var inte där",
        by=chef,
    )

    assert line.meeting_date == DAY
    assert line.period > DAY.replace(day=1)  # made today, long after March 2024


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_export_per_member_and_month(justerat, ekonom):
    url = reverse("arvode:export", args=[justerat.federation.slug, "csv"])
    query = f"?month=2024-03&member={justerat.ulricehamn.pk}"

    response = _client(ekonom).get(url + query)
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )

    assert response.status_code == 200
    assert rows[0][:4] == ["Månad", "Sammanträdesdatum", "Organ", "Namn"]
    assert {row[4] for row in rows[1:]} == {"Ulricehamn"}
    # Ledamöter 2, 4, 6, 8 and e1 represent Ulricehamn (9 is absent).
    assert len(rows) - 1 == 5
    assert "attachment" in response["Content-Disposition"]


def test_the_excel_export_has_every_line_with_its_dates(justerat, chef):
    url = reverse("arvode:export", args=[justerat.federation.slug, "xlsx"])

    response = _client(chef).get(url + "?month=2024-03")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))

    assert len(rows) == 12
    assert rows[1][1] == datetime.datetime(2024, 3, 1)  # noqa: DTZ001 (Excel dates are naive)
    assert {row[9] for row in rows[1:]} == {"På plats", "På distans"}


def test_the_page_shows_the_month_and_the_rattelse_form(justerat, chef, ekonom):
    slug = justerat.federation.slug
    page = _client(ekonom).get(reverse("arvode:index", args=[slug]) + "?month=2024-03")
    form_url = reverse("arvode:correction", args=[slug, justerat.meeting.pk])
    as_chef = _client(chef).post(
        form_url,
        {
            "person": justerat.e2.pk,
            "is_present": "",
            "reason": "Var inte där",
        },
    )

    assert page.status_code == 200
    assert "sammanlagt 11 sammanträden" in page.content.decode()
    assert _client(ekonom).get(form_url).status_code == 403
    assert as_chef.status_code == 302
    assert ArvodeLine.objects.filter(kind="correction", count=-1).count() == 1


def test_a_bad_month_is_a_message_not_an_error(justerat, chef):
    url = reverse("arvode:index", args=[justerat.federation.slug])

    response = _client(chef).get(url + "?month=2024-13")

    assert response.status_code == 200
    assert "Ange månaden som 2024-03." in response.content.decode()


def test_another_forbunds_meeting_is_not_found(justerat, outsider):
    url = reverse("arvode:correction", args=["annat", justerat.meeting.pk])

    assert _client(outsider).get(url).status_code == 404
