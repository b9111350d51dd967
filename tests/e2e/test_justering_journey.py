"""Justering in the browser: the justerare and the ordförande approve, the public sees
the anslag."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from federation.models import Federation
from federation.roles import Role
from meetings.models import Meeting
from minutes.models import Minutes, Paragraph
from minutes.services import (
    add_paragraph,
    choose_justerare,
    close_meeting,
    record_decision,
    send_for_justering,
    start_minutes,
)
from tests.factories import grant

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def _protokoll_sent_for_justering(mailoutbox) -> tuple[Minutes, str]:
    """The Direktion meeting of 2024-04-26, Rolf Rask justerare, sent by e-mail."""
    federation = Federation.objects.get(slug="sjuharad")
    chef = User.objects.get(username="chef")
    meeting = Meeting.objects.get(body__federation=federation, date="2024-04-26")
    minutes = start_minutes(meeting, by=chef)
    paragraph = add_paragraph(minutes, title="Delårsrapport per mars", by=chef)
    record_decision(
        paragraph,
        decision_text="Direktionen lägger delårsrapporten till handlingarna.",
        outcome=Paragraph.Outcome.DECIDED,
        by=chef,
    )
    rolf = minutes.attendances.get(person__user__username="ledamot").person
    choose_justerare(minutes, persons=[rolf], by=chef)
    close_meeting(minutes, by=chef)
    chair = minutes.chair
    assert chair is not None
    # The demo may already have the account (edcddde); make sure it is the chair's.
    user, _ = User.objects.get_or_create(username="ordforande")
    user.set_password("demo")
    user.save()
    grant(user, federation, Role.FORTROENDEVALD)
    chair.user, chair.email = user, "ordforande@example.se"
    chair.save()
    rolf.email = rolf.email or "ledamot@example.se"
    rolf.save()
    mailoutbox.clear()  # what the demo sent
    send_for_justering(minutes, by=chef)
    (mail,) = mailoutbox
    assert sorted(mail.to) == sorted([chair.email, rolf.email])
    path = re.search(r"/sjuharad/sammantraden/\d+/protokoll/", mail.body)
    assert path is not None, mail.body
    return minutes, path.group(0)


def _justera(page, base_url: str, username: str, path: str, axe) -> None:
    login(page, base_url, username)
    page.goto(base_url + path)
    axe.check(page)
    # Justering is a deliberate act: the password again (minutes.forms.JusteringForm).
    page.get_by_label("Ditt lösenord").fill("demo")
    page.get_by_text("Justera protokollet", exact=True).click()  # the confirmation
    page.get_by_role("button", name="Jag justerar protokollet").click()
    expect(page.get_by_role("button", name="Jag justerar protokollet")).to_have_count(0)
    axe.check(page)
    page.get_by_role("button", name="Logga ut").click()


def test_justerare_and_ordforande_justera_and_the_anslag_is_public(
    page, demo_site, axe, mailoutbox
):
    minutes, path = _protokoll_sent_for_justering(mailoutbox)

    _justera(page, demo_site, "ledamot", path, axe)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SENT
    _justera(page, demo_site, "ordforande", path, axe)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.JUSTERAT
    page.goto(f"{demo_site}/sjuharad/anslagstavla/")
    today = timezone.localdate().isoformat()
    # Each anslag is an article named by its heading, with the day it was posted.
    anslag = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name=re.compile("Direktionen 2024-04-26"))
    )
    expect(anslag).to_have_count(1)
    expect(anslag.locator("dd").first).to_have_text(today)
    axe.check(page)
    screenshot(page, "anslagstavla")
    anslag.get_by_role("heading").get_by_role("link").click()
    expect(page.get_by_text("Delårsrapport per mars").first).to_be_visible()
    axe.check(page)
