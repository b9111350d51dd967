"""The on-commit task base (core.tasks.DispatchAfterCommit) of every app's tasks."""

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from config.celery import app
from core.tasks import DispatchAfterCommit
from finance.tasks import build_run_report_task
from meetings.tasks import build_kallelse_pdf_task, send_kallelse_mail_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch) -> list:
    """What reaches the broker: Celery's apply_async, recorded instead of sent."""
    calls = []

    def record(args=None, kwargs=None, **options):
        calls.append((args, kwargs))

    monkeypatch.setattr(build_kallelse_pdf_task, "apply_async", record)
    return calls


@pytest.fixture
def broker_down(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Refused.")

    monkeypatch.setattr(build_kallelse_pdf_task, "apply_async", refuse)


def test_a_task_is_sent_only_when_its_transaction_commits(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        build_kallelse_pdf_task.delay_on_commit(version_id=7)
        before_commit = list(sent)

    assert (before_commit, sent) == ([], [((), {"version_id": 7})])


def test_a_rolled_back_transaction_sends_nothing(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                build_kallelse_pdf_task.delay_on_commit(version_id=7)
                raise RuntimeError
        except RuntimeError:
            pass

    assert sent == []


def test_a_broker_error_after_the_commit_is_logged_not_raised(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        build_kallelse_pdf_task.delay_on_commit(version_id=7)

    assert "Error 111" in caplog.text


def test_dispatch_outside_a_transaction_sends_at_once(sent):
    ok = build_kallelse_pdf_task.dispatch(version_id=7)

    assert (ok, sent) == (True, [(None, {"version_id": 7})])


def test_dispatch_to_a_broker_that_is_down_is_logged_not_raised(broker_down, caplog):
    ok = build_kallelse_pdf_task.dispatch(version_id=7)

    assert ok is False
    assert "Could not send meetings.render_kallelse_pdf" in caplog.text


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        (build_kallelse_pdf_task, "pdf"),
        (build_run_report_task, "pdf"),
        (send_kallelse_mail_task, "celery"),
    ],
)
def test_every_on_commit_task_shares_the_base_and_its_route(task, queue):
    """apply_async applies CELERY_TASK_ROUTES: the builds go to the PDF worker."""
    route = app.amqp.router.route({}, task.name)

    assert isinstance(task, DispatchAfterCommit)
    assert route["queue"].name == queue


def test_every_task_of_every_app_has_the_on_commit_base():
    """config/celery.py names it as the app's task class: no task falls back to
    Celery's own delay_on_commit, which raises a broker error into the request."""
    app.loader.import_default_modules()
    ours = {
        name: task for name, task in app.tasks.items() if not name.startswith("celery.")
    }

    assert {
        "accounts.warn_of_wrong_codes",
        "agreements.send_reminders",
        "minutes.notify_comment",
        "minutes.notify_justering",
        "minutes.expedite",
    } <= set(ours)
    assert [n for n, t in ours.items() if not isinstance(t, DispatchAfterCommit)] == []
