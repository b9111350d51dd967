"""Förhinder on a phone (issue 19.1): the ledamot reports it on Mina sammanträden,
the personal ersättare declines by the link, the next (same member) accepts, the
secretary's meeting page shows the chain and the upprop is pre-filled."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from federation.models import Assignment, Body, Person
from meetings.services import create_meeting
from minutes.services import start_minutes

from .conftest import PHONE, login, screenshot

pytestmark = pytest.mark.e2e


def _link(mailoutbox, email: str, answer: str) -> str:
    message = next(m for m in reversed(mailoutbox) if m.to == [email])
    found = re.search(rf"http://\S+/inkallelse/\S+/{answer}/", message.body)
    assert found is not None, message.body
    return found.group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_forhinder_personal_declines_same_member_accepts_upprop_prefilled(
    page, demo_site, axe, mailoutbox, browser
):
    body = Body.objects.get(federation__slug="sjuharad", short_name="Direktion")
    rolf = Person.objects.get(federation=body.federation, user__username="ledamot")
    klas = Assignment.objects.get(body=body, person__last_name="Rehn")
    klas.personal_ersattare_for = rolf  # Klas Rehn (S, 1491): Rolf's personal
    klas.save()
    day = timezone.localdate() + datetime.timedelta(days=12)
    meeting = create_meeting(
        body, date=day, starts_at=datetime.time(13), place="Borås", by=None
    )
    page.set_viewport_size(PHONE)
    login(page, demo_site, "ledamot")
    page.goto(f"{demo_site}/sjuharad/mina-sammantraden/")
    axe.check(page)
    card = page.locator("li.card").filter(has_text=f"{day:%Y-%m-%d}")
    card.get_by_role("button", name=re.compile("Jag kan inte komma")).click()
    expect(page.get_by_text("Ditt förhinder är anmält.")).to_be_visible()
    axe.check(page)
    screenshot(page, "forhinder-reported")

    # The personal ersättare declines by the link: a page, then the button.
    page.goto(demo_site + _path(_link(mailoutbox, klas.person.email, "kan-inte")))
    axe.check(page)
    page.get_by_role("button", name="Jag kan inte").first.click()
    expect(page.get_by_text("Tack för beskedet.")).to_be_visible()
    axe.check(page)

    # The next is the ersättare of the same member (1443): David Pärsson.
    david = Person.objects.get(federation=body.federation, last_name="Pärsson")
    page.goto(demo_site + _path(_link(mailoutbox, david.email, "kommer")))
    page.get_by_role("button", name="Jag kommer").first.click()
    expect(page.get_by_text("Tack! Du tjänstgör vid sammanträdet.")).to_be_visible()
    axe.check(page)

    secretary = browser.new_page(viewport=PHONE)
    login(secretary, demo_site, "chef")
    secretary.goto(f"{demo_site}/sjuharad/sammantraden/{meeting.pk}/")
    chain = secretary.locator("#inkallelse")
    expect(chain).to_contain_text("Klas Rehn (S): Kan inte")
    expect(chain).to_contain_text("David Pärsson (SD): Kommer")
    axe.check(secretary)

    minutes = start_minutes(meeting, by=User.objects.get(username="chef"))
    secretary.goto(f"{demo_site}/sjuharad/sammantraden/{meeting.pk}/protokoll/")
    rolf_row = minutes.attendances.get(person=rolf)
    david_row = minutes.attendances.get(person=david)
    expect(secretary.locator(f"#id_present_{rolf_row.pk}")).not_to_be_checked()
    expect(secretary.locator(f"#id_present_{david_row.pk}")).to_be_checked()
    expect(secretary.locator(f"#id_serving_{david_row.pk}")).to_have_value(str(rolf.pk))
    axe.check(secretary)
    screenshot(secretary, "forhinder-upprop")
