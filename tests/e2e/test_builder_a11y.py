"""The dagordning builder by keyboard (issue 18.7): the focus stays on the moved or
changed row after each htmx update; and publishing (18.6): confirmed in one step,
answered at once while the PDF is made in a worker, its status following by itself.
"""

import time
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from django.db import connection, connections
from playwright.sync_api import expect

from meetings.models import Meeting
from meetings.tasks import build_kallelse_pdf_task

from .conftest import login, watch_console

pytestmark = pytest.mark.e2e


def _meeting() -> Meeting:
    """The demo's planned Direktion meeting (no kallelse yet)."""
    return Meeting.objects.get(body__federation__slug="sjuharad", date="2026-12-11")


def _builder(page, demo_site, meeting) -> None:
    login(page, demo_site, "chef")
    page.goto(f"{demo_site}/sjuharad/sammantraden/{meeting.pk}/dagordning/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dagordning")


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_the_focus_stays_on_the_moved_and_the_edited_row(page, demo_site):
    problems = watch_console(page)
    meeting = _meeting()
    third = meeting.items.get(position=3)
    _builder(page, demo_site, meeting)

    # ↑ of item 3 by keyboard: after the swap the focus is on the ↑ of that item,
    # now item 2, not on <body>.
    up = page.locator(f"#item-{third.pk}-up")
    up.focus()
    page.keyboard.press("Enter")
    rows = page.locator("#agenda-builder tbody tr")
    expect(rows.nth(1)).to_have_id(f"item-{third.pk}")
    expect(page.locator(f"#item-{third.pk}-up")).to_be_focused()
    assert _focused_id(page) == f"item-{third.pk}-up"
    assert page.evaluate("document.activeElement.closest('tr').id") == (
        f"item-{third.pk}"
    )

    # Again: the item becomes the first; its ↑ is disabled, the ↓ takes the focus.
    page.keyboard.press("Enter")
    expect(rows.nth(0)).to_have_id(f"item-{third.pk}")
    expect(page.locator(f"#item-{third.pk}-down")).to_be_focused()

    # Edit by keyboard: Ändra opens the row as a form with the title focused; the
    # save brings the focus back to the row's Ändra.
    page.locator(f"#item-{third.pk}-edit").focus()
    page.keyboard.press("Enter")
    title = page.locator(f"#item{third.pk}_title")
    expect(title).to_be_focused()
    title.fill("Val av justerare och tid för justering")
    page.keyboard.press("Enter")
    edit = page.locator(f"#item-{third.pk}-edit")
    expect(edit).to_be_focused()
    expect(rows.nth(0)).to_contain_text("Val av justerare och tid för justering")

    # A refused save keeps the row a form, the field to correct focused.
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    title.fill("")
    page.locator(f"#item{third.pk}_minutes").fill("-1")
    page.locator(f"#item{third.pk}_minutes").press("Enter")
    # The browser's own check stops an empty required title first.
    expect(title).to_be_focused()
    assert problems == []


@pytest.fixture
def pdf_worker(monkeypatch):
    """The kallelse build in a worker thread, as a Celery worker runs it: the
    request that publishes only hands it over after its commit (delay_on_commit).
    The thread has its own database connection, so PostgreSQL only (the live
    server shares SQLite's in-memory connection with the test)."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker thread needs its own connection: PostgreSQL only")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-worker")
    jobs: list[Future] = []

    def run(args, kwargs) -> None:
        try:
            build_kallelse_pdf_task.apply(args=args, kwargs=kwargs, throw=True)
        finally:
            connections.close_all()

    def apply_async(args=None, kwargs=None, **options):
        jobs.append(executor.submit(run, args or (), kwargs or {}))

    monkeypatch.setattr(build_kallelse_pdf_task, "apply_async", apply_async)
    yield jobs
    executor.shutdown(wait=True)
    for job in jobs:
        job.result()  # a failed build fails the test


def test_publishing_is_confirmed_answers_at_once_and_the_status_follows(
    page, demo_site, pdf_worker
):
    problems = watch_console(page)
    meeting = _meeting()
    _builder(page, demo_site, meeting)
    # An item first (the planned meeting has the standard items only).
    page.locator("#id_title").fill("Information om budgeten")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.locator("#agenda-builder tbody").first).to_contain_text("budgeten")
    page.get_by_label("Skäl till sen kallelse").fill("Test av publiceringen")

    # One confirmation step: who is mailed and that the version is frozen.
    summary = page.locator("summary", has_text="Publicera kallelsen")
    summary.focus()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("group", name="Publicera kallelsen")
    expect(confirm).to_contain_text("Version 1 låses som den är nu")
    expect(confirm).to_contain_text("kallade som har e-postadress")
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Publicera kallelsen nu")
    expect(button).to_be_focused()

    started = time.monotonic()
    with page.expect_response(lambda r: r.url.endswith("/publicera/")) as answer:
        page.keyboard.press("Enter")
    answered = time.monotonic() - started
    assert answer.value.status == 302
    assert answered < 1.0, f"publishing took {answered:.2f} s"
    assert len(pdf_worker) == 1  # the build was handed to the worker
    assert not pdf_worker[0].done()  # and the answer did not wait for it

    status = page.locator("#kallelse-status-1")
    expect(status).to_be_attached()  # the builder again, after the redirect
    page.wait_for_load_state()
    page.evaluate("window.notReloaded = true")
    if "Klar" not in status.inner_text():
        # Still being made when the page came back: the status asks again.
        assert status.get_attribute("hx-trigger") == "every 2s"
    # The status becomes Klar with the page count, without a reload.
    expect(status).to_contain_text("Klar", timeout=90_000)
    expect(status.get_by_role("link", name=r"PDF, ")).to_have_text(
        f"PDF, {meeting.kallelse_versions.get().page_count} sidor"
    )
    assert status.get_attribute("hx-trigger") is None  # the polling ended
    assert page.evaluate("window.notReloaded") is True
    assert problems == []
