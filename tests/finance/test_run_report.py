"""The run's PDF report: made by a Celery task, stored as a RunReport (core.documents),
served as a file."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.documents import requeue_stale_builds
from finance import services
from finance.models import AllocationRun, RunReport
from finance.services import (
    approve_run,
    request_run_report,
    run_allocation,
    store_run_report,
)
from finance.tasks import build_run_report_task

from .factories import (
    FeeModelFactory,
    InstalmentFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)

pytestmark = pytest.mark.django_db
Status = RunReport.BuildStatus


@pytest.fixture
def run(federation, members):
    model = FeeModelFactory(
        federation=federation, base_year=2025, rate=Decimal(41), name="Bas"
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, due_month=2, due_day=1)
    return run_allocation(federation, 2025, by=None)


@pytest.fixture
def renders(monkeypatch):
    """The real renderer, counted."""
    calls = []
    real = services.build_pdf

    def counted(table):
        calls.append(table.run.status)
        return real(table)

    monkeypatch.setattr(services, "build_pdf", counted)
    return calls


@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(table):
        raise AssertionError("the report was rendered again")

    monkeypatch.setattr(services, "build_pdf", refuse)


def _url(run: AllocationRun) -> str:
    return reverse("finance:run_download", args=[run.federation.slug, run.pk, "pdf"])


def _create_url(run: AllocationRun) -> str:
    """Skapa rapporten: the one request that asks for a build (GET never does)."""
    return reverse("finance:run_report_create", args=[run.federation.slug, run.pk])


def _builds(callbacks: list) -> list:
    """The report builds among the on-commit callbacks (caches have theirs too)."""
    return [c for c in callbacks if c.__qualname__.startswith("DispatchAfterCommit")]


def _report(run: AllocationRun) -> RunReport:
    return RunReport.objects.get(run=run)


def _read(report: RunReport) -> bytes:
    with report.file.open("rb") as handle:
        return handle.read()


def _text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def _approved_with_report(run, ekonom, capture) -> RunReport:
    with capture(execute=True):
        approve_run(run, by=ekonom)
    run.refresh_from_db()
    return _report(run)


def test_approval_builds_and_stores_the_report_once(
    run, ekonom, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approve_run(run, by=ekonom)

    report = _report(run)
    data = _read(report)
    assert (len(_builds(callbacks)), renders) == (1, [AllocationRun.Status.APPROVED])
    assert (report.build_status, report.has_file) == (Status.DONE, True)
    assert (report.size, report.page_count) == (
        len(data),
        len(PdfReader(io.BytesIO(data)).pages),
    )
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert "Fastställd, version 1" in _text(data)


def test_stored_report_of_an_approved_run_is_not_rebuilt(
    run, ekonom, renders, django_capture_on_commit_callbacks
):
    report = _approved_with_report(run, ekonom, django_capture_on_commit_callbacks)
    name, stored_at = report.file.name, report.stored_at

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_run_report(run, by=ekonom, retry=True)
    build_run_report_task(run_id=run.pk)  # a duplicate message
    store_run_report(run)

    report.refresh_from_db()
    assert (len(_builds(callbacks)), len(renders)) == (0, 1)
    assert (report.file.name, report.stored_at, report.build_attempts) == (
        name,
        stored_at,
        1,
    )


def test_download_serves_the_stored_file_without_rendering(
    client,
    run,
    ekonom,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
    monkeypatch,
):
    stored = _read(
        _approved_with_report(run, ekonom, django_capture_on_commit_callbacks)
    )
    client.force_login(ekonom)
    client.get(_url(run))
    monkeypatch.setattr(services, "build_pdf", None)  # any render would fail

    with django_assert_num_queries(4):  # session, user, grants; the run and report
        response = client.get(_url(run))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="avgifter-{run.federation.slug}-2025-v1.pdf"'
    )
    assert b"".join(response.streaming_content) == stored


def test_asking_for_a_draft_report_queues_one_build_and_says_it_is_being_made(
    client, run, ekonom, renders, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(_create_url(run))
        first = client.get(_url(run))
        second = client.get(_url(run))

    assert (first.status_code, second.status_code) == (202, 202)
    assert "Rapporten tas fram…" in first.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in first.content.decode()
    assert (len(_builds(callbacks)), _report(run).build_status) == (1, Status.PENDING)

    _builds(callbacks)[0]()  # the worker runs the build
    response = client.get(_url(run))

    assert response["Content-Type"] == "application/pdf"
    assert "Utkast, version 1" in _text(b"".join(response.streaming_content))
    assert renders == [AllocationRun.Status.DRAFT]


def test_run_page_shows_that_the_report_is_being_made(
    client, run, ekonom, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)
    page = reverse("finance:run", args=[run.federation.slug, run.pk])
    before = client.get(page).content.decode()  # now in the shared page cache

    with django_capture_on_commit_callbacks():
        client.post(_create_url(run))
    after = client.get(page).content.decode()

    assert ("tas fram" in before, "tas fram" in after) == (False, True)


def test_failed_build_is_shown_and_queued_again_only_on_retry(
    client, run, ekonom, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)
    real = services.build_pdf
    monkeypatch.setattr(services, "build_pdf", lambda table: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_create_url(run))
    monkeypatch.setattr(services, "build_pdf", real)

    with django_capture_on_commit_callbacks(execute=True) as reloads:
        failed = client.get(_url(run))
    with django_capture_on_commit_callbacks(execute=True) as retries:
        retried = client.post(_create_url(run))

    report = _report(run)
    assert failed.status_code == 200
    assert "Rapporten kunde inte tas fram." in failed.content.decode()
    assert (len(_builds(reloads)), len(_builds(retries))) == (0, 1)
    assert (retried.status_code, retried.url) == (302, _url(run))
    assert (report.build_status, report.build_error) == (Status.DONE, "")


def test_approval_during_a_draft_build_discards_the_draft_report(
    run, ekonom, monkeypatch, django_capture_on_commit_callbacks
):
    real = services.build_pdf
    approval = []

    def approved_meanwhile(table):
        with django_capture_on_commit_callbacks() as callbacks:
            approve_run(run, by=ekonom)
        approval.extend(callbacks)
        return real(table)

    monkeypatch.setattr(services, "build_pdf", approved_meanwhile)
    with django_capture_on_commit_callbacks():
        request_run_report(run, by=ekonom)
    store_run_report(run)
    report = _report(run)
    draft_left = (report.build_status, report.file.name)
    monkeypatch.setattr(services, "build_pdf", real)

    _builds(approval)[0]()

    report.refresh_from_db()
    assert draft_left == (Status.PENDING, "")
    assert report.build_status == Status.DONE
    assert report.file.name.endswith("-approved.pdf")


def test_approval_replaces_the_draft_report_file(
    run, ekonom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_run_report(run, by=ekonom)
    draft_name = _report(run).file.name

    report = _approved_with_report(run, ekonom, django_capture_on_commit_callbacks)

    assert draft_name.endswith("-draft.pdf")
    assert default_storage.exists(draft_name) is False
    assert default_storage.exists(report.file.name) is True


def test_the_draft_report_is_downloadable_while_its_new_version_is_made(
    client, run, ekonom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_run_report(run, by=ekonom)
    draft = _read(_report(run))
    with django_capture_on_commit_callbacks():  # the worker has not started yet
        approve_run(run, by=ekonom)
    client.force_login(ekonom)

    response = client.get(_url(run))

    assert _report(run).build_status == Status.PENDING
    assert b"".join(response.streaming_content) == draft


def test_a_lost_build_is_queued_again_by_the_watchdog(
    run, ekonom, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as first:
        request_run_report(run, by=ekonom)  # the broker lost this message
    with django_capture_on_commit_callbacks() as while_fresh:
        request_run_report(run, by=ekonom)
    later = timezone.now() + datetime.timedelta(minutes=3)

    queued = requeue_stale_builds(now=later)

    assert (len(_builds(first)), len(_builds(while_fresh)), queued) == (1, 0, 1)
    assert (_report(run).build_status, renders) == (
        Status.DONE,
        [AllocationRun.Status.DRAFT],
    )


@pytest.mark.parametrize(("role", "status"), [("ledamot", 403), ("outsider", 404)])
def test_report_download_is_refused_to_those_without_finance_rights(
    client, run, role, status, request, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(role))

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(_url(run))

    assert (response.status_code, len(_builds(callbacks))) == (status, 0)
    assert RunReport.objects.filter(run=run).exists() is False


@pytest.mark.django_db(transaction=True)
def test_with_eager_celery_asking_for_the_report_gets_the_pdf(client, run, ekonom):
    """As under `make run`: no outer transaction, so the build runs on the service's
    commit, inside the request, and its redirect serves the file."""
    client.force_login(ekonom)

    response = client.post(_create_url(run), follow=True)

    assert response["Content-Type"] == "application/pdf"
    assert "Utkast, version 1" in _text(b"".join(response.streaming_content))


def test_a_new_approved_version_of_last_year_remakes_the_drafts_report(
    federation, members, run, ekonom, renders, django_capture_on_commit_callbacks
):
    """The next year's draft report compares with last year's approved run: when a
    corrected version of last year is approved, the draft's report is made again."""
    _approved_with_report(run, ekonom, django_capture_on_commit_callbacks)
    for member, population in zip(members, [10_100, 20_200, 30_300], strict=True):
        PopulationFigureFactory(member=member, year=2025, population=population)
    draft = run_allocation(federation, 2026, by=ekonom)
    with django_capture_on_commit_callbacks(execute=True):
        request_run_report(draft, by=ekonom)
    first = _report(draft)
    assert "Jämförs med 2025, version 1." in _text(_read(first))
    corrected = run_allocation(federation, 2025, by=ekonom)

    with django_capture_on_commit_callbacks(execute=True):
        approve_run(corrected, by=ekonom)

    report = _report(draft)
    assert report.build_status == Status.DONE
    assert "Jämförs med 2025, version 2." in _text(_read(report))
    assert default_storage.exists(first.file.name) is False  # replaced, not kept
    assert report.history.first().history_change_reason == "Rapporten skapad"
    assert "Föregående år fastställt" in {
        h.history_change_reason for h in report.history.all()
    }


def test_download_of_a_report_never_asked_for_is_404_and_writes_nothing(
    client, run, ekonom, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(_url(run))

    assert (response.status_code, len(_builds(callbacks))) == (404, 0)
    assert "Skapa rapporten" in response.content.decode()
    assert RunReport.objects.filter(run=run).exists() is False
    assert RunReport.history.count() == 0


def test_download_while_the_report_is_made_writes_no_history(
    client, run, ekonom, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)
    with django_capture_on_commit_callbacks():
        client.post(_create_url(run))
    written = RunReport.history.count()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(_url(run))

    assert (response.status_code, len(_builds(callbacks))) == (202, 0)
    assert RunReport.history.count() == written


def test_run_page_offers_to_create_the_report(client, run, ekonom):
    client.force_login(ekonom)

    page = client.get(reverse("finance:run", args=[run.federation.slug, run.pk]))

    assert _create_url(run) in page.content.decode()


@pytest.mark.parametrize(("role", "status"), [("ledamot", 403), ("outsider", 404)])
def test_creating_the_report_is_refused_to_those_without_finance_rights(
    client, run, role, status, request, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(role))

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_create_url(run))

    assert (response.status_code, len(_builds(callbacks))) == (status, 0)
    assert RunReport.objects.filter(run=run).exists() is False


def test_a_double_press_queues_one_build(
    client, run, ekonom, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)

    with django_capture_on_commit_callbacks() as callbacks:
        first = client.post(_create_url(run))
        second = client.post(_create_url(run))

    assert (first.status_code, second.status_code) == (302, 302)
    assert len(_builds(callbacks)) == 1
    assert RunReport.objects.filter(run=run).count() == 1
    assert RunReport.history.count() == 1


def test_get_on_skapa_rapporten_asks_for_nothing(
    client, run, ekonom, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(_create_url(run))

    assert (response.status_code, len(_builds(callbacks))) == (405, 0)
    assert RunReport.objects.exists() is False


def test_a_run_of_another_forbund_under_ones_own_address_is_404(
    client, run, outsider, other_federation, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    create = reverse("finance:run_report_create", args=[other_federation.slug, run.pk])
    download = reverse(
        "finance:run_download", args=[other_federation.slug, run.pk, "pdf"]
    )

    with django_capture_on_commit_callbacks() as callbacks:
        answers = [client.post(create).status_code, client.get(download).status_code]

    assert (answers, len(_builds(callbacks))) == ([404, 404], 0)
    assert RunReport.objects.exists() is False
