"""The avgiftsbesked per member (issue 20.8) and the instalments marked sent from
the run's page (issue 20.2): content, the stored and sealed PDF, the pages."""

import datetime
import hashlib
import io
import zipfile
from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.seal import SealState, check_seal
from finance import statements as statements_module
from finance.models import ActivityYear, Adjustment, InstalmentDispatch, MemberStatement
from finance.services import approve_run, run_allocation, set_population
from finance.statements import (
    build_statement,
    instalment_rows,
    request_statements,
    statement_file_name,
)
from tests.core.test_seal import seal  # noqa: F401 the fixture

from .factories import FeeModelFactory, InstalmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
D = datetime.date
Status = MemberStatement.BuildStatus


@pytest.fixture
def model(federation, members):
    """41 kr per inhabitant, half on 31 January and half on 30 June."""
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=50, due_month=1, due_day=31)
    InstalmentFactory(fee_model=model, position=2, percent=50, due_month=6, due_day=30)
    return model


@pytest.fixture
def approved(federation, model, ekonom):
    """2025 with the region paying 10 % and a rent adjustment of 6 000 kr."""
    year = ActivityYear.objects.create(
        activity=model.activity,
        year=2025,
        other_payer="Regionen",
        other_payer_percent=Decimal(10),
    )
    Adjustment.objects.create(activity_year=year, amount=Decimal(6000), reason="Hyra")
    run = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    return approve_run(run, by=ekonom)


def _text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _stored(run, ekonom, capture) -> list[MemberStatement]:
    with capture(execute=True):
        request_statements(run, by=ekonom)
    return list(MemberStatement.objects.filter(run=run).select_related("member"))


def test_statement_lists_the_members_amount_items_and_instalments(approved, members):
    """Alby: 410 000 − 10 % (41 000 of 2 460 000 shared by fees) + 1 000 of the
    rent; half due 2025-01-31, half 2025-06-30."""
    statement = build_statement(approved, members[0])

    assert statement.total == Decimal(410_000 - 41_000 + 1_000)
    assert statement.activities == [
        (approved.lines.first().fee_model.activity.name, Decimal(370_000))
    ]
    assert [(d.due_on, d.amount) for d in statement.dues] == [
        (D(2025, 1, 31), Decimal(185_000)),
        (D(2025, 6, 30), Decimal(185_000)),
    ]
    [item] = statement.settlements
    assert item["rows"] == [
        ("Betalas av Regionen (10\xa0%)", Decimal(-246_000)),
        ("Justering: Hyra", Decimal(6_000)),
    ]
    assert not statement.has_avrakning


def test_the_pdf_says_amounts_explanation_and_due_dates_in_swedish(
    approved, members, ekonom, django_capture_on_commit_callbacks
):
    statement = next(
        s
        for s in _stored(approved, ekonom, django_capture_on_commit_callbacks)
        if s.member == members[0]
    )

    with statement.file.open("rb") as handle:
        text = _text(handle.read())
    assert (statement.build_status, statement.has_file) == (Status.DONE, True)
    assert "Avgiftsbesked 2025" in text
    approved_on = approved.approved_at.date().isoformat()
    assert f"Avgiftsberäkningen fastställd {approved_on}, version 1" in text
    assert "370 000 kr" in text
    assert "2025-01-31" in text
    assert "2025-06-30" in text
    assert "10 000 invånare 2024 × 41,00 kr per invånare" in text
    assert "Hyra" in text
    assert "Preliminär" not in text


@pytest.mark.usefixtures("seal")
def test_a_statement_is_stored_once_per_member_and_sealed(
    approved, members, ekonom, django_capture_on_commit_callbacks
):
    first = _stored(approved, ekonom, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = request_statements(approved, by=ekonom)  # a double submit

    assert (len(first), queued, callbacks) == (3, [], [])
    assert {s.member for s in first} == set(members)
    with first[0].file.open("rb") as handle:
        data = handle.read()
    assert check_seal(data).state == SealState.VALID
    assert first[0].sha256 == hashlib.sha256(data).hexdigest()
    assert first[0].file.name.endswith(statement_file_name(approved, first[0].member))


def test_a_draft_run_has_no_statements(federation, model, ekonom):
    run = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))

    with pytest.raises(Exception, match="fastställd"):
        request_statements(run, by=ekonom)
    assert MemberStatement.objects.count() == 0


def test_a_preliminary_run_says_so_on_the_statement(
    federation, model, members, ekonom, django_capture_on_commit_callbacks
):
    run = run_allocation(federation, 2026, by=ekonom, as_of=D(2025, 10, 1))
    approve_run(run, by=ekonom)
    assert run.is_preliminary

    [statement, *_rest] = _stored(run, ekonom, django_capture_on_commit_callbacks)

    with statement.file.open("rb") as handle:
        text = _text(handle.read())
    assert "Preliminär" in text
    assert "folkmängd 2024 används för 2025" in text


def _send(client, run, position, sent_on="2025-01-12"):
    url = reverse(
        "finance:instalment_sent", args=[run.federation.slug, run.pk, position]
    )
    return client.post(url, {"sent_on": sent_on}, follow=True)


def test_avrakning_of_a_corrected_version_reaches_the_statement(
    client, federation, approved, members, ekonom
):
    """Instalment 1 of v1 is marked sent on its page; Alby's population rises by
    500 and v2 keeps what was invoiced, settling the rest on instalment 2."""
    client.force_login(ekonom)
    _send(client, approved, 1)
    set_population(
        members[0],
        2024,
        population=10_500,
        reference_date=D(2024, 12, 31),
        source="SCB",
        by=ekonom,
    )
    v2 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 3, 1))
    approve_run(v2, by=ekonom)

    statement = build_statement(v2, members[0])

    invoiced = Decimal(185_000)
    assert statement.invoiced == invoiced
    assert statement.settlement == statement.lines[0].settlement != 0
    assert statement.to_invoice == statement.total - invoiced
    assert [(d.is_invoiced, d.amount) for d in statement.dues] == [
        (True, invoiced),
        (False, statement.total - invoiced),
    ]
    assert statement.dues[1].settlement == statement.settlement


def test_marking_an_instalment_sent_needs_the_confirm_step_and_happens_once(
    client, approved, ekonom
):
    client.force_login(ekonom)
    page = client.get(reverse("finance:instalments", args=["testforbund", approved.pk]))
    html = lxml.html.fromstring(page.content)
    action = reverse("finance:instalment_sent", args=["testforbund", approved.pk, 1])
    [form] = html.xpath("//form[@action=$a]", a=action)
    assert form.xpath(".//details[@class='confirm']//button[@type='submit']")
    assert form.xpath(".//label[@for='sent-on-1']")

    first = _send(client, approved, 1)
    again = _send(client, approved, 1, sent_on="2025-01-20")

    assert next(str(m) for m in first.context["messages"]).startswith(
        "Delbetalning 1 är markerad som skickad"
    )
    assert [str(m) for m in again.context["messages"]] == [
        "Delbetalning 1 markerades som skickad 2025-01-12."
    ]
    dispatch = InstalmentDispatch.objects.get()
    assert (dispatch.position, dispatch.sent_on, dispatch.sent_by) == (
        1,
        D(2025, 1, 12),
        ekonom,
    )
    [row, _second] = instalment_rows(approved)
    assert row.dispatch == dispatch


def test_a_bad_date_marks_nothing(client, approved, ekonom):
    client.force_login(ekonom)

    response = _send(client, approved, 1, sent_on="12/1")

    assert [str(m) for m in response.context["messages"]] == [
        "Ange datumet då fakturorna skickades."
    ]
    assert InstalmentDispatch.objects.count() == 0


def test_the_administrator_reads_instalments_without_the_form(client, approved, chef):
    client.force_login(chef)

    page = client.get(reverse("finance:instalments", args=["testforbund", approved.pk]))
    posted = _send(client, approved, 1)

    assert page.status_code == 200
    assert b"/skickad/" not in page.content
    assert b"<details" not in page.content
    assert posted.status_code == 403


def test_statements_page_queues_then_serves_each_file_and_the_zip(
    client, approved, members, ekonom, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)
    slug = "testforbund"
    list_url = reverse("finance:statements", args=[slug, approved.pk])
    before = client.get(list_url)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("finance:statements_create", args=[slug, approved.pk]))
    after = client.get(list_url)
    one = client.get(
        reverse("finance:statement_download", args=[slug, approved.pk, members[1].pk])
    )
    archive = client.get(
        reverse("finance:statements_download", args=[slug, approved.pk])
    )

    assert b"statement_download" not in before.content
    assert "Skapa avgiftsbeskeden" in before.content.decode()
    assert "Skapa avgiftsbeskeden" not in after.content.decode()
    assert one["Content-Disposition"] == (
        'attachment; filename="avgiftsbesked-testforbund-2025-v1-1402.pdf"'
    )
    stored = MemberStatement.objects.get(run=approved, member=members[1])
    with stored.file.open("rb") as handle:
        assert b"".join(one.streaming_content) == handle.read()
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names == [
        f"avgiftsbesked-testforbund-2025-v1-{code}.pdf"
        for code in ("1401", "1402", "1403")
    ]


def test_a_download_renders_nothing(
    client, approved, members, ekonom, django_capture_on_commit_callbacks, monkeypatch
):
    _stored(approved, ekonom, django_capture_on_commit_callbacks)
    monkeypatch.setattr(statements_module, "render_statement", None)
    client.force_login(ekonom)

    response = client.get(
        reverse(
            "finance:statement_download",
            args=["testforbund", approved.pk, members[0].pk],
        )
    )

    assert response["Content-Type"] == "application/pdf"


def test_another_federations_run_is_not_found(client, approved, outsider):
    client.force_login(outsider)

    urls = [
        reverse("finance:statements", args=["annat", approved.pk]),
        reverse("finance:instalments", args=["annat", approved.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_a_missing_statement_is_not_found(client, approved, members, ekonom):
    client.force_login(ekonom)

    response = client.get(
        reverse(
            "finance:statement_download",
            args=["testforbund", approved.pk, members[0].pk],
        )
    )
    archive = client.get(
        reverse("finance:statements_download", args=["testforbund", approved.pk])
    )

    assert (response.status_code, archive.status_code) == (404, 404)
