"""The bokslut pages: roll-forward and driftredovisning as page, PDF and Excel, the
SIE upload (refused whole, with the line), the budget form, and who may do what."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounting.demo import _driftredovisning, _e20
from accounting.models import Budget, Commitment, LedgerImport

from .sie_files import ledger, sie


@pytest.fixture
def demo(federation, ekonom):
    _e20(federation, ekonom)
    _driftredovisning(federation, ekonom)
    return Commitment.objects.get(federation=federation)


def _url(name, federation, *args):
    return reverse(f"accounting:{name}", args=[federation.slug, *args])


def test_the_commitment_page_pdf_and_excel(client, federation, ekonom, demo):
    client.force_login(ekonom)

    page = client.get(_url("commitment", federation, demo.pk)).content.decode()
    pdf = client.get(_url("commitment_download", federation, demo.pk, "pdf"))
    xlsx = client.get(_url("commitment_download", federation, demo.pk, "xlsx"))

    assert "8\xa0492" in page or "8 492" in page
    assert pdf.content.startswith(b"%PDF")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][5] == 8492000
    assert (
        client.get(_url("commitment_download", federation, demo.pk, "csv")).status_code
        == 404
    )


def test_the_driftredovisning_page_pdf_and_excel(client, federation, chef, demo):
    client.force_login(chef)

    page = client.get(_url("drift", federation, 2023)).content.decode()
    pdf = client.get(_url("drift_download", federation, 2023, "pdf"))
    xlsx = client.get(_url("drift_download", federation, 2023, "xlsx"))

    assert "-56\xa0709" in page or "−56\xa0709" in page
    assert pdf.content.startswith(b"%PDF")
    rows = list(
        load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    )
    assert ("Årets resultat" in [r[0] for r in rows]) or (
        "Result of the year" in [r[0] for r in rows]
    )
    assert rows[-1][2] == 695000
    assert rows[-1][4] == 695000


def test_a_year_is_entered_on_the_commitment_page(client, federation, ekonom, demo):
    client.force_login(ekonom)

    client.post(
        _url("commitment", federation, demo.pk),
        {
            "year": 2024,
            "recognised": "0",
            "uplift": "",
            "payment": "4 000 000",
            "note": "",
        },
    )

    assert demo.years.get(year=2024).payment == Decimal(4_000_000)


def test_the_sie_upload_imports_or_refuses_the_whole_file(
    client, federation, ekonom, demo
):
    client.force_login(ekonom)
    url = _url("ledger_import", federation)
    before = LedgerImport.objects.count()
    broken = sie([*ledger()[:20], "#TRANS 3810 {} -1,5"])

    answer = client.post(
        url, {"year": 2023, "file": SimpleUploadedFile("bok.se", broken)}
    )

    assert answer.status_code == 200
    assert "Line 21" in answer.content.decode() or "Rad 21" in answer.content.decode()
    assert LedgerImport.objects.count() == before
    accounts = sie(
        [
            *ledger()[:5],
            "#RAR 0 20230101 20231231",
            '#VER A 1 20230101 "x"',
            "{",
            "#TRANS 3010 {} -5.00",
            "#TRANS 1930 {} 5.00",
            "}",
        ]
    )
    answer = client.post(
        url, {"year": 2023, "file": SimpleUploadedFile("ok.se", accounts)}
    )
    assert answer.status_code == 302
    assert LedgerImport.objects.count() == before + 1


def test_the_budget_form_takes_swedish_numbers(client, federation, ekonom, demo):
    client.force_login(ekonom)
    url = _url("budget_edit", federation, 2024)
    form = client.get(url).context["form"]
    data = {name: "" for name in form.fields}
    first = next(iter(form.fields))
    data[first] = "-1 270 000"

    client.post(url, data)

    assert Budget.objects.get(year=2024).amount == Decimal(-1_270_000)


def test_the_chef_reads_and_may_not_write(client, federation, chef, demo):
    client.force_login(chef)

    assert client.get(_url("index", federation)).status_code == 200
    assert client.get(_url("ledger_import", federation)).status_code == 403
    assert (
        client.post(_url("commitment", federation, demo.pk), {"year": 2024}).status_code
        == 403
    )


def test_another_federations_commitment_is_not_found(
    client, federation, other_federation, demo
):
    from tests.factories import UserFactory, grant  # noqa: PLC0415 leaf

    user = grant(UserFactory(username="annan-ekonom"), other_federation, "Ekonom")
    client.force_login(user)

    assert client.get(_url("commitment", other_federation, demo.pk)).status_code == 404
    assert client.get(_url("commitment", federation, demo.pk)).status_code == 404
