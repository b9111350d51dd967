"""Multi-step workflows are all or nothing: the last step fails, nothing is left.

Each test makes the last function a service calls raise, then checks that no row, no
history row, no status change and no file is left behind.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Ratification
from agreements.services import record_ratification
from cases.models import Document
from cases.services import register_document
from federation.models import Assignment
from federation.services import fill_vacancy
from finance.models import AllocationLine, AllocationRun
from finance.services import approve_run, run_allocation
from meetings.models import KallelseVersion, Meeting
from meetings.services import publish_kallelse
from minutes.models import Anslag, Approval, Minutes
from minutes.services import (
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    send_for_justering,
    start_minutes,
)
from tests.agreements.factories import AgreementPartyFactory, RatificationFactory
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
)
from tests.finance.factories import (
    FeeModelFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.reliability.conftest import TODAY, make_pdf

pytestmark = pytest.mark.django_db
D = datetime.date


class LastStepFailed(Exception):
    pass


def fail(*args, **kwargs):
    raise LastStepFailed


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_publish_kallelse_leaves_no_version_when_queueing_the_pdf_fails(
    ready_meeting, chef, settings, monkeypatch
):
    files_before = media_files(settings)
    monkeypatch.setattr(
        "meetings.services.kallelse.build_kallelse_pdf_task.delay_on_commit", fail
    )

    with pytest.raises(LastStepFailed):
        publish_kallelse(ready_meeting, by=chef, today=TODAY)

    ready_meeting.refresh_from_db()
    assert KallelseVersion.objects.count() == 0
    assert KallelseVersion.history.count() == 0
    assert (ready_meeting.status, ready_meeting.kallelse_published_at) == (
        Meeting.Status.PLANNED,
        None,
    )
    assert media_files(settings) == files_before


def test_fill_vacancy_does_not_end_the_old_uppdrag_when_the_new_one_fails(
    federation, chef, monkeypatch
):
    old = AssignmentFactory(
        body=BodyFactory(federation=federation),
        person=PersonFactory(federation=federation),
        role=Assignment.Role.LEDAMOT,
        valid_from=D(2023, 1, 1),
        valid_to=D(2026, 12, 31),
    )
    successor = PersonFactory(federation=federation)
    history_before = Assignment.history.count()
    save = Assignment.save

    def save_fails_for_the_new_uppdrag(self, *args, **kwargs):
        if self.pk is None:
            raise LastStepFailed
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Assignment, "save", save_fails_for_the_new_uppdrag)

    with pytest.raises(LastStepFailed):
        fill_vacancy(old, successor=successor, starts_on=D(2024, 6, 1), decision="§ 9")

    old.refresh_from_db()
    assert old.valid_to == D(2026, 12, 31)
    assert Assignment.objects.count() == 1
    assert Assignment.history.count() == history_before


def _minutes_out_for_justering(federation, chef, ledamot):
    """A protokoll sent for justering to one justerare and the ordförande."""
    body = BodyFactory(federation=federation)
    chair_user = UserFactory(username="ordforanden")
    people = {}
    for key, role, user in [
        ("ordf", Assignment.Role.ORDFORANDE, chair_user),
        ("l1", Assignment.Role.LEDAMOT, ledamot),
        ("l2", Assignment.Role.LEDAMOT, None),
        ("l3", Assignment.Role.LEDAMOT, None),
    ]:
        people[key] = PersonFactory(federation=federation, user=user)
        AssignmentFactory(body=body, person=people[key], role=role)
    meeting = MeetingFactory(body=body, date=D(2024, 3, 1))
    AgendaItemFactory(meeting=meeting, position=1, kind="upprop", title="Upprop")
    AgendaItemFactory(meeting=meeting, position=2, title="Budget 2025")
    minutes = start_minutes(meeting, by=chef)
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people["l1"]], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    approve_minutes(minutes, user=ledamot, today=D(2024, 3, 8))
    return minutes, chair_user


def test_last_justering_leaves_the_protokoll_out_when_posting_the_anslag_fails(
    federation, chef, ledamot, monkeypatch
):
    minutes, chair_user = _minutes_out_for_justering(federation, chef, ledamot)
    meeting_status = Meeting.objects.get(pk=minutes.meeting_id).status
    monkeypatch.setattr("minutes.services.justering._post_anslag", fail)

    with pytest.raises(LastStepFailed):
        approve_minutes(minutes, user=chair_user, today=D(2024, 3, 8))

    minutes.refresh_from_db()
    assert (minutes.status, minutes.justerat_on) == (Minutes.Status.SENT, None)
    assert Meeting.objects.get(pk=minutes.meeting_id).status == meeting_status
    assert Approval.objects.filter(minutes=minutes, approved_at=None).count() == 1
    assert Anslag.objects.count() == 0


@pytest.fixture
def fee_model(federation):
    model = FeeModelFactory(federation=federation, base_year=2025, rate=Decimal(41))
    for code, population in [("1401", 10_000), ("1402", 20_000)]:
        member = MemberFactory(federation=federation, kommunkod=code)
        PopulationFigureFactory(member=member, year=2024, population=population)
        ParticipantFactory(fee_model=model, member=member)
    return model


def test_run_allocation_leaves_no_run_when_writing_the_lines_fails(
    fee_model, ekonom, monkeypatch
):
    monkeypatch.setattr("finance.services.bulk_create_with_history", fail)

    with pytest.raises(LastStepFailed):
        run_allocation(fee_model.federation, 2025, by=ekonom, as_of=D(2025, 1, 10))

    assert AllocationRun.objects.count() == 0
    assert AllocationRun.history.count() == 0
    assert AllocationLine.objects.count() == 0


def test_approve_run_leaves_the_draft_when_saving_fails(fee_model, ekonom, monkeypatch):
    run = run_allocation(fee_model.federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    monkeypatch.setattr("core.history.save", fail)

    with pytest.raises(LastStepFailed):
        approve_run(run, by=ekonom)

    run.refresh_from_db()
    assert (run.status, run.approved_at, run.approved_by) == (
        AllocationRun.Status.DRAFT,
        None,
        None,
    )


def test_record_ratification_keeps_the_earlier_decision_when_saving_fails(
    federation, chef, monkeypatch
):
    earlier = RatificationFactory(
        party=AgreementPartyFactory(agreement__federation=federation)
    )
    monkeypatch.setattr(Ratification, "save", fail)

    with pytest.raises(LastStepFailed):
        record_ratification(
            earlier.party,
            outcome=Ratification.Outcome.REJECTED,
            decided_on=D(2024, 2, 1),
            by=chef,
        )

    earlier.refresh_from_db()
    assert (earlier.outcome, earlier.decided_on) == (
        Ratification.Outcome.ADOPTED,
        D(2023, 11, 1),
    )
    assert Ratification.objects.count() == 1


def test_register_document_leaves_no_row_and_no_file_when_the_row_fails(
    federation, chef, settings, monkeypatch
):
    files_before = media_files(settings)
    monkeypatch.setattr(Document, "save", fail)

    with pytest.raises(LastStepFailed):
        register_document(
            federation,
            uploaded_file=SimpleUploadedFile(
                "avtal.pdf", make_pdf(1), content_type="application/pdf"
            ),
            title="Avtal",
            kind=Document.Kind.AVTAL,
            direction=Document.Direction.INCOMING,
            date=D(2024, 2, 1),
            by=chef,
        )

    assert Document.objects.count() == 0
    assert Document.history.count() == 0
    assert media_files(settings) == files_before
