"""The protokoll for a screen reader and a keyboard: each votering row is a group
named by its voter, and the upprop's beslutförhet follows the form as it changes."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from federation.models import Federation
from meetings.models import Meeting
from minutes.models import Attendance
from minutes.quorum import quorum_for
from minutes.services import add_paragraph, add_yrkande, start_minutes

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def _draft():
    """The Direktion meeting of 2024-04-26 with a draft protokoll and one §."""
    federation = Federation.objects.get(slug="sjuharad")
    chef = User.objects.get(username="chef")
    meeting = Meeting.objects.get(body__federation=federation, date="2024-04-26")
    minutes = start_minutes(meeting, by=chef)
    paragraph = add_paragraph(minutes, title="Delårsrapport per mars", by=chef)
    return minutes, paragraph, chef


def test_each_votering_row_is_a_group_named_by_its_voter(page, demo_site, axe):
    minutes, paragraph, chef = _draft()
    voters = quorum_for(paragraph).participants
    first, second = voters[0], voters[1]
    add_yrkande(paragraph, proposer=first, text="Bifall", by=chef)
    add_yrkande(paragraph, proposer=second, text="Avslag", by=chef)
    login(page, demo_site, "chef")

    page.goto(
        f"{demo_site}/sjuharad/sammantraden/{minutes.meeting_id}"
        f"/protokoll/paragraf/{paragraph.pk}/votering/"
    )

    assert len(voters) >= 5
    for voter in voters:
        group = page.get_by_role("group", name=voter.name_with_party, exact=True)
        expect(group).to_have_count(1)
        radios = group.get_by_role("radio")
        expect(radios).to_have_count(3)
        for choice in ("Ja", "Nej", "Avstår"):
            expect(group.get_by_role("radio", name=choice, exact=True)).to_have_count(1)
    # Whose vote a radio is, from the radio alone: its group names the voter.
    page.get_by_role("group", name=second.name_with_party, exact=True).get_by_role(
        "radio", name="Nej"
    ).check()
    axe.check(page)
    screenshot(page, "votering-groups")


def test_the_beslutforhet_follows_the_upprop_before_and_after_the_save(
    page, demo_site, axe
):
    minutes, _paragraph, _chef = _draft()
    seats = [a for a in minutes.attendances.all() if a.is_beslutande_seat]
    away = seats[1 : 1 + len(seats) // 2 + 1]  # more than half away: not beslutför
    login(page, demo_site, "chef")
    page.goto(f"{demo_site}/sjuharad/sammantraden/{minutes.meeting_id}/protokoll/")
    line = page.locator("#beslutforhet")
    expect(line).to_contain_text("Beslutför")

    for a in away:
        page.locator(f"#id_present_{a.pk}").uncheck()

    expect(line).to_contain_text("Inte beslutför")
    expect(line).to_contain_text("(inte sparat än)")
    assert (
        minutes.attendances.filter(
            is_present=False, pk__in=[a.pk for a in away]
        ).count()
        == 0
    )
    axe.check(page)
    page.get_by_role("button", name="Spara närvaron").click()

    expect(page.get_by_text("Närvaron är sparad.")).to_be_visible()
    expect(page.locator("#beslutforhet")).to_contain_text("Inte beslutför")
    expect(page.locator("#beslutforhet")).not_to_contain_text("(inte sparat än)")
    absent = set(
        minutes.attendances.filter(is_present=False).values_list("pk", flat=True)
    )
    ersattare = set(
        minutes.attendances.filter(role=Attendance.Role.ERSATTARE).values_list(
            "pk", flat=True
        )
    )
    assert absent == {a.pk for a in away} | ersattare
    axe.check(page)
