"""S11: the htmx pages work under the strict Content-Security-Policy.

htmx swaps the dagordning builder in place; a CSP violation, a console error or a
full page load instead of a swap fails the test.
"""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting

from .conftest import login, watch_console

pytestmark = pytest.mark.e2e


def test_dagordning_builder_swaps_by_htmx_without_csp_violations(page, demo_site, axe):
    problems = watch_console(page)
    meeting = Meeting.objects.get(body__federation__slug="sjuharad", date="2026-12-11")
    login(page, demo_site, "chef")
    page.goto(f"{demo_site}/sjuharad/sammantraden/{meeting.pk}/dagordning/")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    builder = page.locator("#agenda-builder")
    builder.locator("#id_title").fill("Information om CSP-provet")
    builder.get_by_role("button", name="Lägg till", exact=True).click()
    move_up = page.get_by_role("button", name="Flytta upp: Information om CSP-provet")
    expect(move_up).to_be_visible()
    rows = page.locator("#agenda-builder tbody tr")
    position = rows.filter(has_text="Information om CSP-provet").inner_text()
    move_up.click()
    expect(rows.filter(has_text="Information om CSP-provet")).not_to_have_text(position)
    page.get_by_role("button", name="Ta bort Information om CSP-provet").click()
    expect(rows.filter(has_text="Information om CSP-provet")).to_have_count(0)
    axe.check(page)

    assert page.evaluate("window.sameDocument") is True
    assert problems == []
