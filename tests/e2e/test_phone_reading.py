"""Issue 19.3 and 19.5 on a phone (390×844): the ledamot lands on Mina sammanträden,
folds the menu open, reads the meeting with its tjänsteskrivelse and Oläst marks,
opens a handling's page and goes back, finds Nytt and the calendar's copy button.
axe finds nothing, and every link and button of the header, menu and page is at
least 44 px tall."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, login, screenshot, watch_console

pytestmark = pytest.mark.e2e

# The visible links, buttons and summaries of the header, the menu and the page (the
# skip link is off screen until focused), with their height.
TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, nav a, main a, main button, main summary'
  )].map(e => [e.getBoundingClientRect(), (e.innerText || e.title).trim().slice(0, 50)])
   .filter(([box]) => box.width > 0 && box.height > 0)
   .filter(([box]) => box.height < 44)
   .map(([box, text]) => `${text}: ${box.height}px`)"""


def _small_targets(page) -> list[str]:
    return page.evaluate(TARGETS)


def test_ledamot_reads_a_meeting_on_a_phone(page, demo_site, axe):
    problems = watch_console(page)
    page.set_viewport_size(PHONE)
    login(page, demo_site, "ledamot")

    expect(page).to_have_url(f"{demo_site}/sjuharad/mina-sammantraden/")
    menu = page.get_by_role("button", name="Meny")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_hidden()
    header = page.locator("header.site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 844 / 5, header  # compact: under a fifth of the screen
    axe.check(page)
    assert _small_targets(page) == []
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Diarium")).to_be_visible()
    assert _small_targets(page) == []
    axe.check(page)
    screenshot(page, "telefon-mina-sammantraden")

    page.get_by_role("link", name=re.compile("2024-03-01")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024-03-01")
    expect(page.locator(".badge--unread").first).to_be_visible()  # first opening
    details = page.locator("details.tjansteskrivelse-text").first
    details.locator("summary").click()
    expect(details.get_by_role("heading", name="Ärendebeskrivning")).to_be_visible()
    axe.check(page)
    assert _small_targets(page) == []
    screenshot(page, "telefon-sammantrade")

    page.get_by_role("link", name="Avtalsförslag naturbruksutbildning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Avtalsförslag naturbruksutbildning"
    )
    expect(page.locator(".brand__federation")).to_have_text(
        "Boråsregionen Sjuhärads kommunalförbund"
    )
    expect(page.get_by_role("heading", name="Handlingens text")).to_be_visible()
    axe.check(page)
    assert _small_targets(page) == []
    screenshot(page, "telefon-handling")
    page.get_by_role("link", name=re.compile("Tillbaka till")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024-03-01")
    expect(page.locator(".badge--unread")).to_have_count(0)  # read now

    page.get_by_role("link", name="Nytt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt för dig")
    axe.check(page)
    assert _small_targets(page) == []
    assert problems == []
