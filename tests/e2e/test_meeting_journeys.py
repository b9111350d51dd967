"""Browser journeys of a meeting: the chef prepares it, a ledamot reads it."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.models import Case
from meetings.models import Meeting

from .conftest import PHONE, login, screenshot, small_pdf, watch_console

pytestmark = pytest.mark.e2e

BILAGA_PAGES = 3


def _titles(page) -> list[str]:
    """The dagordning's item texts in order, as the builder table shows them."""
    return page.locator(
        "#agenda-builder table.stack tbody tr td:nth-child(2)"
    ).all_inner_texts()


def _flatten(outline) -> list:
    entries = []
    for entry in outline:
        entries += _flatten(entry) if isinstance(entry, list) else [entry]
    return entries


def _index_of(titles: list[str], text: str) -> int:
    return next(i for i, title in enumerate(titles) if text in title)


def test_chef_builds_the_dagordning_and_publishes_the_kallelse(
    page, demo_site, axe, tmp_path
):
    problems = watch_console(page)
    meeting = Meeting.objects.get(body__federation__slug="sjuharad", date="2026-12-11")
    case = Case.objects.get(federation__slug="sjuharad", title="Årsbokslut 2023")
    login(page, demo_site, "chef")
    page.goto(f"{demo_site}/sjuharad/sammantraden/")
    axe.check(page)
    page.get_by_role("row").filter(has_text="2026-12-11").get_by_role(
        "link", name="Dagordning"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dagordning")
    axe.check(page)

    # Add the ärende: htmx replaces the builder.
    row = page.get_by_role("row").filter(has_text="Årsbokslut 2023")
    row.get_by_role("button", name="Lägg på dagordningen").click()
    move_up = page.get_by_role("button", name="Flytta upp: Årsbokslut 2023")
    expect(move_up).to_be_visible()
    before = _index_of(_titles(page), "Årsbokslut 2023")

    # Reorder with the keyboard only: focus the button, press Enter.
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-builder tbody tr").nth(before - 1)).to_contain_text(
        "Årsbokslut 2023"
    )
    assert _index_of(_titles(page), "Årsbokslut 2023") == before - 1
    axe.check(page)
    screenshot(page, "dagordning")

    # A bilaga to the ärende through the diarium's upload form.
    pdf = small_pdf(tmp_path / "bilaga.pdf", BILAGA_PAGES, "Bilaga E2E")
    page.goto(f"{demo_site}/sjuharad/diarium/")
    page.get_by_role("link", name="Registrera handling").click()
    axe.check(page)
    page.get_by_label("Fil (PDF)").set_input_files(str(pdf))
    page.get_by_label("Titel").fill("Bilaga E2E revisionsberättelse")
    page.get_by_label("Typ").select_option("bilaga")
    page.get_by_label("Riktning").select_option("drawn_up")
    page.get_by_label("Ärende").select_option(str(case.pk))
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_text("Bilaga E2E revisionsberättelse").first).to_be_visible()
    axe.check(page)

    # Publish with the keyboard: from the reason field, Tab to Publicera kallelsen,
    # Enter opens the confirmation, Tab to its button, Enter.
    page.goto(f"{demo_site}/sjuharad/sammantraden/{meeting.pk}/dagordning/")
    reason = page.get_by_label("Skäl till sen kallelse")
    reason.fill("Test av hela flödet")
    reason.focus()
    page.keyboard.press("Tab")
    expect(page.locator("summary", has_text="Publicera kallelsen")).to_be_focused()
    page.keyboard.press("Enter")
    axe.check(page)  # the confirmation open
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Publicera kallelsen nu")).to_be_focused()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name=re.compile(r"PDF, \d+ sidor"))
    expect(link).to_be_visible()
    axe.check(page)

    response = page.request.get(demo_site + link.get_attribute("href"))
    content = response.body()
    assert response.status == 200
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    texts = [p.extract_text() for p in reader.pages]
    cover = [t for t in texts if "Kallelse till sammanträde med Direktionen Sida" in t]
    assert texts[: len(cover)] == cover
    # One page numbering over the whole merged kallelse (issue 18.4).
    assert f"Sida 1 av {len(texts)}" in cover[0]
    assert "Årsbokslut 2023" in "".join(cover)
    bilaga = [i for i, t in enumerate(texts) if "Bilaga E2E sida" in t]
    # Each bilaga page keeps its own text (under the stamped header).
    assert [re.findall(r"Bilaga E2E sida \d", texts[i]) for i in bilaga] == [
        [f"Bilaga E2E sida {n}"] for n in range(1, BILAGA_PAGES + 1)
    ]
    assert bilaga == list(range(bilaga[0], bilaga[0] + BILAGA_PAGES))
    bookmarks = {
        entry.title: reader.get_destination_page_number(entry)
        for entry in _flatten(reader.outline)
    }
    assert bookmarks["Bilaga E2E revisionsberättelse"] == bilaga[0]
    assert problems == []


def test_ledamot_on_a_phone_reads_the_meeting_a_bilaga_and_the_protokoll(
    page, demo_site, axe
):
    page.set_viewport_size(PHONE)
    login(page, demo_site, "ledamot")
    # A förtroendevald of one förbund lands on Mina sammanträden (issue 19.3).
    expect(page).to_have_url(f"{demo_site}/sjuharad/mina-sammantraden/")
    axe.check(page)
    screenshot(page, "mina-sammantraden-mobil")
    page.get_by_role("link", name=re.compile("2024-03-01")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024-03-01")
    axe.check(page)
    screenshot(page, "sammantrade-mobil")

    # A handling opens in a page of its own with the PDF's link (issue 19.3).
    page.get_by_role("link", name="Avtalsförslag naturbruksutbildning").click()
    pdf = page.get_by_role("link", name="Öppna PDF-filen")
    response = page.request.get(demo_site + pdf.get_attribute("href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
    page.get_by_role("link", name=re.compile("Tillbaka till")).click()

    page.get_by_role("link", name="Det justerade protokollet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Protokoll – Direktionen 2024-03-01"
    )
    expect(page.locator(".facts .badge").first).to_have_text("Justerat")
    axe.check(page)
