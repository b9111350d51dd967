"""The finance pages through the client, as each role."""

import csv
import datetime
import io
from decimal import Decimal

import pikepdf
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from finance.models import AllocationRun, FeeModel, IndexSeries, PopulationFigure
from finance.services import approve_run, run_allocation
from tests.factories import MemberFactory

from .factories import (
    FeeModelFactory,
    IndexSeriesFactory,
    InstalmentFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_model(federation, members):
    model = FeeModelFactory(
        federation=federation,
        name="Basverksamhet",
        activity__name="Basverksamhet",
        base_year=2025,
        rate=Decimal(41),
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, due_month=2, due_day=1)
    InstalmentFactory(fee_model=model, position=2, due_month=8, due_day=1)
    return model


@pytest.fixture
def run(fee_model):
    return run_allocation(fee_model.federation, 2025, by=None)


PAGES = [
    "finance:index",
    "finance:population",
    "finance:index_series_list",
    "finance:fee_models",
]


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("ekonom", 200),
        ("chef", 200),
        ("handlaggare", 403),
        ("ledamot", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_finance_pages_by_role(
    client, role_users, federation, url_name, role, expected
):
    if role_users[role]:
        client.force_login(role_users[role])

    response = client.get(reverse(url_name, args=[federation.slug]))

    assert response.status_code == expected


def test_administrator_reads_but_cannot_approve(client, chef, ekonom, run):
    url = reverse("finance:run", args=[run.federation.slug, run.pk])
    button = "Fastställ</button>".encode()
    client.force_login(ekonom)
    as_ekonom = client.get(url)
    client.force_login(chef)

    as_chef = client.get(url)
    approve = client.post(
        reverse("finance:run_approve", args=[run.federation.slug, run.pk])
    )

    assert as_chef.status_code == 200
    assert (button in as_ekonom.content, button in as_chef.content) == (True, False)
    assert approve.status_code == 403


def test_ekonom_computes_and_approves_a_year(client, ekonom, fee_model):
    client.force_login(ekonom)
    slug = fee_model.federation.slug

    client.post(reverse("finance:run_create", args=[slug]), {"year": 2025})
    run = AllocationRun.objects.get()
    client.post(reverse("finance:run_approve", args=[slug, run.pk]))

    run.refresh_from_db()
    assert (run.status, run.total, run.created_by, run.approved_by) == (
        "approved",
        Decimal(2_460_000),
        ekonom,
        ekonom,
    )


def test_run_with_missing_population_shows_the_error(client, ekonom, fee_model):
    client.force_login(ekonom)
    slug = fee_model.federation.slug

    # 2026 is published for one member only: the others lack it, in one message.
    PopulationFigureFactory(
        member=fee_model.participants.first().member, year=2026, population=1
    )

    response = client.post(
        reverse("finance:run_create", args=[slug]), {"year": 2027}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Folkmängd 2026 saknas för 2 medlemmar: Berga, Cstad."
    ]
    assert AllocationRun.objects.count() == 0


def test_an_approved_run_page_is_served_from_the_cache_and_shows_its_approval(
    client, ekonom, federation
):
    model = FeeModelFactory(federation=federation, base_year=2025)
    member = MemberFactory(federation=federation, name="Ulricehamns kommun")
    PopulationFigureFactory(member=member, year=2024)
    ParticipantFactory(fee_model=model, member=member)
    run = run_allocation(federation, 2025, by=None)
    url = reverse("finance:run", args=[federation.slug, run.pk])
    client.force_login(ekonom)
    draft = client.get(url).content.decode()

    approve_run(run, by=ekonom)
    with CaptureQueriesContext(connection) as first:
        approved = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get(url)

    assert "Ulricehamns kommun" in draft
    assert approved != draft  # the approval shows at once, not a cached draft
    assert len(again) < len(first)


def test_run_page_queries_do_not_grow_with_rows(client, ekonom, federation):
    def make(n: int, year: int) -> AllocationRun:
        model = FeeModelFactory.create(federation=federation, base_year=year)
        for _ in range(n):
            member = MemberFactory(federation=federation)
            PopulationFigureFactory(member=member, year=year - 1)
            ParticipantFactory(fee_model=model, member=member)
        run = run_allocation(federation, year, by=None)
        model.is_active = False
        model.save()
        return run

    one, many = make(1, 2025), make(4, 2030)
    client.force_login(ekonom)
    client.get(reverse("finance:run", args=[federation.slug, one.pk]))

    cache.clear()  # measured cold: the rendering path, not the cache
    with CaptureQueriesContext(connection) as few_queries:
        client.get(reverse("finance:run", args=[federation.slug, one.pk]))
    cache.clear()
    with CaptureQueriesContext(connection) as many_queries:
        client.get(reverse("finance:run", args=[federation.slug, many.pk]))

    assert many.lines.count() == 4
    assert len(many_queries) == len(few_queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "finance:population",
        "finance:fee_models",
        "finance:index_series_list",
        "finance:index",
    ],
)
def test_list_pages_queries_do_not_grow_with_rows(client, ekonom, federation, url_name):
    def add_rows(n: int) -> None:
        for _ in range(n):
            member = MemberFactory(federation=federation)
            PopulationFigureFactory(member=member, year=2024)
            model = FeeModelFactory(federation=federation, base_year=2025)
            ParticipantFactory(fee_model=model, member=member)
            IndexSeriesFactory(federation=federation)
        run_allocation(federation, 2025, by=None)

    client.force_login(ekonom)
    url = reverse(url_name, args=[federation.slug])
    add_rows(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_rows(3)
    with CaptureQueriesContext(connection) as four:
        client.get(url)

    assert len(four) == len(one)


def test_population_import_through_the_page(client, ekonom, federation, members):
    client.force_login(ekonom)
    upload = io.BytesIO(b"region;2025\n1401 Alby;10 111\n")
    upload.name = "scb.csv"

    response = client.post(
        reverse("finance:population_import", args=[federation.slug]),
        {"file": upload, "source": "SCB"},
    )

    assert response.status_code == 302
    assert PopulationFigure.objects.get(year=2025).population == 10_111


def test_malformed_import_shows_row_errors_and_imports_nothing(
    client, ekonom, federation, members
):
    client.force_login(ekonom)
    upload = io.BytesIO(b"region;2025\n1401 Alby;10 111\n1402 Berga;x\n")
    upload.name = "scb.csv"

    response = client.post(
        reverse("finance:population_import", args=[federation.slug]),
        {"file": upload, "source": "SCB"},
    )

    assert response.context["form"].non_field_errors() == [
        'Rad 3 (1402 Berga), 2025: "x" är inte en folkmängd.'
    ]
    assert PopulationFigure.objects.filter(year=2025).count() == 0


def test_population_edit_keeps_history(client, ekonom, federation, members):
    client.force_login(ekonom)
    url = reverse(
        "finance:population_edit", args=[federation.slug, members[0].pk, 2024]
    )

    client.post(
        url,
        {
            "population": "10050",
            "reference_date": "2024-12-31",
            "source": "SCB, rättad",
            "reason": "Rättelse",
        },
    )
    page = client.get(url)

    assert list(page.context["history"].values_list("population", flat=True)) == [
        10050,
        10000,
    ]


def test_excel_has_numbers_with_swedish_formats(client, ekonom, run):
    client.force_login(ekonom)

    response = client.get(
        reverse("finance:run_download", args=[run.federation.slug, run.pk, "xlsx"])
    )

    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook.worksheets[0]
    assert workbook.sheetnames == ["Översikt", "Basverksamhet"]
    assert [c.value for c in summary[4]][:3] == ["Alby", "1401", 410000]
    assert summary.cell(row=4, column=3).number_format == '#,##0 "kr"'
    alby = [
        c.value.date() if isinstance(c.value, datetime.datetime) else c.value
        for c in workbook.worksheets[1][4]
    ]
    assert alby[:12] == [
        "Alby",
        "1401",
        10000,
        2024,
        410000,
        datetime.date(2025, 2, 3),  # 1 February 2025 is a Saturday
        205000,
        datetime.date(2025, 8, 1),
        205000,
        None,  # no verksamhet items: no amount before them
        0,  # nothing invoiced earlier
        0,  # no avräkning
    ]


def test_csv_invoicing_basis_has_a_row_per_instalment(client, ekonom, run):
    client.force_login(ekonom)

    response = client.get(
        reverse("finance:run_download", args=[run.federation.slug, run.pk, "csv"])
    )

    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0] == [
        "medlem",
        "kommunkod",
        "verksamhet",
        "avgiftsmodell",
        "belopp",
        "förfallodag",
        "preliminär",
        "referens",
        "avräkning",
        "fakturerad",
    ]
    assert rows[1] == [
        "Alby",
        "1401",
        "Basverksamhet",
        "Basverksamhet",
        "205000",
        "2025-02-03",
        "nej",
        f"2025-1-{run.lines.first().fee_model_id}-1401-1/2",
        "0",
        "nej",
    ]
    assert len(rows) == 7


def test_pdf_download_is_a_pdf(client, ekonom, run, django_capture_on_commit_callbacks):
    client.force_login(ekonom)

    url = reverse("finance:run_download", args=[run.federation.slug, run.pk, "pdf"])
    create = reverse("finance:run_report_create", args=[run.federation.slug, run.pk])
    # Skapa rapporten queues the build on commit; the download then gets the file.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create)
    response = client.get(url)

    pdf = pikepdf.open(io.BytesIO(b"".join(response.streaming_content)))
    metadata = pdf.open_metadata()
    assert response["Content-Type"] == "application/pdf"
    assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"]) == ("3", "A")


def test_unknown_download_format_is_404(client, ekonom, run):
    client.force_login(ekonom)

    response = client.get(
        reverse("finance:run_download", args=[run.federation.slug, run.pk, "doc"])
    )

    assert response.status_code == 404


def test_new_version_page_shows_the_difference(client, ekonom, fee_model, members):
    first = run_allocation(fee_model.federation, 2025, by=None)
    approve_run(first, by=None)
    figure = PopulationFigure.objects.get(member=members[0], year=2024)
    figure.population = 10_100
    figure.save()
    second = run_allocation(fee_model.federation, 2025, by=None)
    client.force_login(ekonom)

    page = client.get(
        reverse("finance:run", args=[fee_model.federation.slug, second.pk])
    )

    assert [
        (line.member.name, diff) for line, diff in page.context["table"].version_changes
    ] == [("Alby", Decimal(4100))]


def test_fee_model_create_with_participants(client, ekonom, federation, members):
    client.force_login(ekonom)
    activity = FeeModelFactory(federation=federation).activity
    data = {
        "activity": activity.pk,
        "name": "Dataskyddsombud",
        "method": FeeModel.Method.FIXED_PLUS_PER_CAPITA,
        "base_year": "2023",
        "fixed_amount": "135000",
        "rate": "6,53",
        "population_year_offset": "-1",
        "uplift": "fixed",
        "uplift_percent": "2,5",
        "index_read_month": "3",
        "index_read_day": "1",
        "freeze_years": "2024",
        "rounding": "kr",
        "is_active": "on",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-0-member": members[0].pk,
        "i-TOTAL_FORMS": "2",
        "i-INITIAL_FORMS": "0",
        "i-0-position": "1",
        "i-0-percent": "50",
        "i-0-due_month": "2",
        "i-0-due_day": "1",
        "i-1-position": "2",
        "i-1-percent": "50",
        "i-1-due_month": "8",
        "i-1-due_day": "1",
        "a-TOTAL_FORMS": "0",
        "a-INITIAL_FORMS": "0",
    }

    response = client.post(
        reverse("finance:fee_model_create", args=[federation.slug]), data
    )

    model = FeeModel.objects.get(name="Dataskyddsombud")
    assert response.status_code == 302
    assert (model.freeze_years, model.rate, model.instalments.count()) == (
        [2024],
        Decimal("6.53"),
        2,
    )
    assert list(model.participants.values_list("member__name", flat=True)) == ["Alby"]


def test_ekonom_creates_a_series_and_imports_its_values(client, ekonom, federation):
    client.force_login(ekonom)
    client.post(
        reverse("finance:index_series_list", args=[federation.slug]),
        {"code": "LPIK", "name": "Landstingsprisindex", "kind": "percent"},
    )
    series = IndexSeries.objects.get(federation=federation, code="LPIK")
    upload = io.BytesIO(
        "år;värde;publicerad;typ\n2025;3,1;2025-02-20;prognos\n".encode()
    )
    upload.name = "lpik.csv"

    response = client.post(
        reverse("finance:index_series", args=[federation.slug, series.pk]),
        {"file": upload},
    )

    assert response.status_code == 302
    assert list(series.values.values_list("year", "value", "is_forecast")) == [
        (2025, Decimal("3.1"), True)
    ]


def test_administrator_cannot_import_index_values(client, chef, federation):
    series = IndexSeriesFactory(federation=federation)
    client.force_login(chef)
    upload = io.BytesIO(b"year;value;published\n2025;3;2025-02-20\n")
    upload.name = "lpik.csv"

    response = client.post(
        reverse("finance:index_series", args=[federation.slug, series.pk]),
        {"file": upload},
    )

    assert response.status_code == 403
    assert series.values.count() == 0
