"""The ekonom's year: SCB population import, compute, approve, Excel for invoicing."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from finance.models import AllocationRun, PopulationFigure

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e

SCB_FILE = (
    Path(__file__).resolve().parents[2]
    / "finance"
    / "fixtures"
    / "scb-folkmangd-sjuharad.csv"
)
YEAR = 2026


def test_ekonom_imports_population_computes_approves_and_downloads_excel(
    page, demo_site, axe, tmp_path
):
    figures_before = PopulationFigure.objects.filter(
        member__federation__slug="sjuharad"
    ).count()
    login(page, demo_site, "ekonom")
    page.goto(f"{demo_site}/sjuharad/ekonomi/")
    axe.check(page)

    page.get_by_role("link", name="Folkmängd", exact=True).click()
    expect(page.get_by_role("link", name="Importera från SCB")).to_be_visible()
    axe.check(page)
    page.get_by_role("link", name="Importera från SCB").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera folkmängd")
    axe.check(page)
    page.get_by_label("CSV-fil").set_input_files(str(SCB_FILE))
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("status")).to_contain_text("Importerat:")
    axe.check(page)
    assert (
        PopulationFigure.objects.filter(member__federation__slug="sjuharad").count()
        > figures_before
    )

    page.get_by_role("link", name="Översikt").click()
    page.locator("#id_year").fill(str(YEAR))
    page.get_by_role("button", name="Beräkna").click()
    approve = page.locator("summary", has_text="Fastställ…")
    expect(approve).to_be_visible()
    axe.check(page)
    approve.click()  # one confirmation step (18.6): what approval does, then the button
    confirm = page.get_by_role("group", name="Fastställ…")
    expect(confirm).to_contain_text(f"blir faktureringsunderlaget för {YEAR}")
    axe.check(page)
    confirm.get_by_role("button", name="Fastställ", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        "Beräkningen är fastställd och nu låst."
    )
    expect(page.locator("summary", has_text="Fastställ…")).to_have_count(0)
    expect(page.get_by_role("button", name="Fastställ", exact=True)).to_have_count(0)
    axe.check(page)
    screenshot(page, "avgifter-faststalld")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel").click()
    path = tmp_path / "avgifter.xlsx"
    download_info.value.save_as(path)
    run = AllocationRun.objects.get(
        federation__slug="sjuharad", year=YEAR, status="approved"
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert any(str(YEAR) in str(value) for value in values if value is not None)
    numbers = [Decimal(str(v)) for v in values if isinstance(v, int | float)]
    assert run.total in numbers
