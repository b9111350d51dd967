"""Fastställ of an allocation run: one confirmation step that says what will happen
(templates/partials/confirm.html), then one POST that approves once."""

import re
from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse

from finance.models import AllocationRun, RunReport
from finance.services import run_allocation

from .factories import FeeModelFactory, InstalmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(federation, members):
    model = FeeModelFactory(
        federation=federation, base_year=2025, rate=Decimal(41), name="Bas"
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, due_month=2, due_day=1)
    return run_allocation(federation, 2025, by=None)


def _approve_url(run: AllocationRun) -> str:
    return reverse("finance:run_approve", args=[run.federation.slug, run.pk])


def _approve_form(content: bytes, run: AllocationRun):
    page = lxml.html.fromstring(content)
    forms = page.xpath("//form[@action=$action]", action=_approve_url(run))
    return forms[0] if forms else None


def test_the_approve_form_says_what_approval_does_before_its_submit(
    client, ekonom, run
):
    client.force_login(ekonom)

    response = client.get(reverse("finance:run", args=[run.federation.slug, run.pk]))

    form = _approve_form(response.content, run)
    assert form is not None
    assert form.get("method") == "post"
    # The button that approves is inside the disclosure, after the consequences:
    # the first click opens it, the second (on "Fastställ") posts.
    (details,) = form.xpath(".//details[contains(@class, 'confirm')]")
    assert details.xpath("./summary")[0].text_content().strip() == "Fastställ…"
    consequences = re.sub(r"[ \n]+", " ", details.xpath(".//p")[0].text_content())
    assert consequences == (
        "Version 1 blir faktureringsunderlaget för 2025, 2\xa0460\xa0000\xa0kr "
        "totalt, och låses: den kan aldrig ändras eller fastställas igen, och en "
        "rättad beräkning blir en ny version. PDF-rapporten för den fastställda "
        "beräkningen skapas direkt."
    )
    buttons = form.xpath(".//button[@type='submit']")
    assert [b.text_content() for b in buttons] == ["Fastställ"]
    assert buttons[0].getparent().getparent() is details


def test_an_approved_run_has_no_approve_form(client, ekonom, run):
    client.force_login(ekonom)
    client.post(_approve_url(run))

    response = client.get(reverse("finance:run", args=[run.federation.slug, run.pk]))

    assert _approve_form(response.content, run) is None


def test_one_post_approves_and_queues_one_report(
    client, ekonom, run, django_capture_on_commit_callbacks
):
    client.force_login(ekonom)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_approve_url(run), follow=True)

    run.refresh_from_db()
    assert (run.status, run.approved_by) == (AllocationRun.Status.APPROVED, ekonom)
    assert [str(m) for m in response.context["messages"]] == [
        "Beräkningen är fastställd och nu låst."
    ]
    assert RunReport.objects.filter(run=run).count() == 1
    assert _report_builds(callbacks) == 1


def test_a_second_post_approves_nothing_again(
    client, ekonom, run, django_capture_on_commit_callbacks
):
    """A double click, or the form posted again from a stale page: the second POST
    changes nothing, says so, and asks for no second report."""
    client.force_login(ekonom)
    client.post(_approve_url(run), follow=True)
    run.refresh_from_db()
    report = RunReport.objects.get(run=run)
    approved = (run.approved_at, run.history.count(), report.history.count())

    with django_capture_on_commit_callbacks() as callbacks:
        again = client.post(_approve_url(run), follow=True)

    run.refresh_from_db()
    assert [str(m) for m in again.context["messages"]] == [
        "Beräkningen är redan fastställd."
    ]
    assert (run.approved_at, run.history.count(), report.history.count()) == approved
    assert list(RunReport.objects.filter(run=run)) == [report]
    assert _report_builds(callbacks) == 0


def _report_builds(callbacks: list) -> int:
    """The report builds among the on-commit callbacks (caches have theirs too)."""
    return sum(c.__qualname__.startswith("DispatchAfterCommit") for c in callbacks)
