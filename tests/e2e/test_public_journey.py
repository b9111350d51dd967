"""Issue 21 in a browser: an anonymous visitor walks the public side of the demo
förbund (start page, front page, calendar, a meeting's public dagordning, the
protokoll archive and a protokoll, the search, the public diarium and the
subscription form) on a desktop and on a phone (390×844). axe finds nothing on any
page, no console error or CSP violation; the search form shows where the keyboard
focus is."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, screenshot, watch_console

pytestmark = pytest.mark.e2e

SLUG = "sjuharad"

# The focused element's visible focus: an outline or a box shadow (app.css's
# :focus-visible), as the browser computes it.
FOCUS = """() => {
  const style = getComputedStyle(document.activeElement);
  return {
    tag: document.activeElement.tagName,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
  };
}"""


def _walk(page, base: str, axe, label: str) -> None:
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe.check(page)
    screenshot(page, f"offentlig-{label}-start")

    page.goto(f"{base}/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sjuhärad")
    axe.check(page)

    page.goto(f"{base}/{SLUG}/kalender/")
    axe.check(page)
    page.locator("main").get_by_role(
        "link", name=re.compile(r"\d{4}-\d{2}-\d{2}")
    ).first.click()
    expect(page).to_have_url(re.compile(rf"/{SLUG}/dagordning/\d+/"))
    axe.check(page)
    screenshot(page, f"offentlig-{label}-dagordning")

    page.goto(f"{base}/{SLUG}/protokoll/")
    axe.check(page)
    page.locator("main li a").first.click()
    expect(page).to_have_url(re.compile(rf"/{SLUG}/protokoll/\d+/"))
    axe.check(page)

    page.goto(f"{base}/{SLUG}/sok/?q=avgift")
    expect(page.locator(".search-hits li").first).to_be_visible()
    axe.check(page)
    screenshot(page, f"offentlig-{label}-sok")

    page.goto(f"{base}/{SLUG}/allmanna-handlingar/")
    axe.check(page)

    page.goto(f"{base}/{SLUG}/prenumerera/")
    axe.check(page)


def test_the_public_pages_pass_axe_on_a_desktop_and_a_phone(page, demo_site, axe):
    problems = watch_console(page)

    _walk(page, demo_site, axe, "dator")
    page.set_viewport_size(PHONE)
    _walk(page, demo_site, axe, "telefon")

    assert len(axe.pages) == 2 * 9
    assert problems == []


def test_the_search_form_shows_the_keyboard_focus(page, demo_site):
    page.goto(f"{demo_site}/{SLUG}/sok/")
    field = page.locator("main form[role=search] input[name=q]")

    field.focus()
    page.keyboard.press("Shift+Tab")  # back out of the field…
    page.keyboard.press("Tab")  # …and in again by the keyboard
    on_field = page.evaluate(FOCUS)
    page.keyboard.type("avgift")
    page.keyboard.press("Tab")
    on_button = page.evaluate(FOCUS)
    page.keyboard.press("Enter")

    assert on_field["tag"] == "INPUT"
    assert on_field["outline"] or on_field["shadow"]
    assert on_button["tag"] == "BUTTON"
    assert on_button["outline"] or on_button["shadow"]
    expect(page).to_have_url(re.compile(r"\?q=avgift"))
    expect(page.locator(".search-hits li").first).to_be_visible()
