"""Adversary (issue 20.3, 20.8): the avgiftsbesked, the instalments marked sent
and the verksamhet's items, against foreign ids, other roles, crafted amounts and
faults (a broker down, a worker killed)."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.documents import requeue_stale_builds
from federation.roles import Role
from finance.models import ActivityYear, Adjustment, InstalmentDispatch, MemberStatement
from finance.services import approve_run, run_allocation
from finance.tasks import build_member_statement_task
from tests.factories import UserFactory, grant

from . import test_statements
from .test_statements import _stored, _text

pytestmark = pytest.mark.django_db
D = datetime.date
SLUG = "testforbund"
# The fixtures of the statements' own tests: a fee model of 41 kr per inhabitant
# and its 2025 run approved with the region paying 10 % and a rent adjustment.
model = test_statements.model
approved = test_statements.approved


def test_an_adjustment_larger_than_a_members_fee_is_refused(
    federation,
    model,
    members,
    ekonom,
):
    """Alby's fee is 410 000 kr: a credit of a million on Alby alone would make
    an invoice of −590 000 kr."""
    year = ActivityYear.objects.create(activity=model.activity, year=2025)
    Adjustment.objects.create(
        activity_year=year,
        amount=Decimal(-1_000_000),
        reason="Återbetalning",
        member=members[0],
    )

    with pytest.raises(ValidationError) as error:
        run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))

    assert error.value.messages == [
        f"{model.activity.name}: Posterna gör att Alby ska betala "
        "-590\xa0000,00\xa0kr, mindre än ingenting: sänk justeringen, "
        "den andra betalarens andel eller det överskott som förs in."
    ]
    assert not model.federation.allocation_runs.exists()


def test_another_payer_paying_more_than_the_cost_is_refused(
    federation,
    model,
    ekonom,
):
    """The cost is 2 460 000 kr: the region cannot pay 3 million of it."""
    ActivityYear.objects.create(
        activity=model.activity,
        year=2025,
        other_payer="Regionen",
        other_payer_amount=Decimal(3_000_000),
    )

    with pytest.raises(ValidationError):
        run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))


def test_a_member_name_with_markup_is_printed_as_text(
    approved,
    members,
    ekonom,
    django_capture_on_commit_callbacks,
):
    members[0].name = "<b>Alby</b> & <i>Co</i>"
    members[0].save()
    statement = next(
        s
        for s in _stored(approved, ekonom, django_capture_on_commit_callbacks)
        if s.member == members[0]
    )

    with statement.file.open("rb") as handle:
        text = _text(handle.read())
    assert "<b>Alby</b> & <i>Co</i>" in text


def test_another_federation_cannot_reach_a_run_by_id(
    client,
    approved,
    members,
    other_federation,
    ekonom,
    django_capture_on_commit_callbacks,
):
    """Their ekonom, with our run's id and our member's id under their address."""
    _stored(approved, ekonom, django_capture_on_commit_callbacks)
    theirs = UserFactory(username="deras-ekonom")
    grant(theirs, other_federation, Role.EKONOM)
    client.force_login(theirs)
    args = ["annat", approved.pk]

    gets = [
        reverse("finance:statements_download", args=args),
        reverse("finance:statement_download", args=[*args, members[0].pk]),
    ]
    posts = [
        reverse("finance:statements_create", args=args),
        reverse("finance:instalment_sent", args=[*args, 1]),
    ]

    assert [client.get(url).status_code for url in gets] == [404, 404]
    assert [
        client.post(url, {"sent_on": "2025-01-20"}).status_code for url in posts
    ] == [404, 404]
    assert not InstalmentDispatch.objects.exists()


@pytest.mark.parametrize("role", ["handlaggare", "ledamot"])
def test_other_roles_reach_none_of_the_statement_pages(
    client,
    role_users,
    role,
    approved,
    members,
    ekonom,
    django_capture_on_commit_callbacks,
):
    _stored(approved, ekonom, django_capture_on_commit_callbacks)
    client.force_login(role_users[role])
    args = [SLUG, approved.pk]

    gets = [
        reverse("finance:statements", args=args),
        reverse("finance:statements_download", args=args),
        reverse("finance:statement_download", args=[*args, members[0].pk]),
        reverse("finance:instalments", args=args),
    ]
    posts = [
        reverse("finance:statements_create", args=args),
        reverse("finance:instalment_sent", args=[*args, 1]),
    ]

    assert {client.get(url).status_code for url in gets} == {403}
    assert {
        client.post(url, {"sent_on": "2025-01-20"}).status_code for url in posts
    } == {403}


def test_a_superseded_runs_instalment_cannot_be_marked_sent(
    client,
    federation,
    approved,
    ekonom,
):
    newer = approve_run(
        run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10)), by=ekonom
    )
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:instalment_sent", args=[SLUG, approved.pk, 1]),
        {"sent_on": "2025-01-20"},
        follow=True,
    )

    assert newer.version == 2
    assert "nyare" in response.content.decode().lower()
    assert not InstalmentDispatch.objects.exists()


def test_a_draft_run_gets_no_statements_and_no_error_page(
    client,
    federation,
    model,
    ekonom,
):
    draft = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    client.force_login(ekonom)

    response = client.post(reverse("finance:statements_create", args=[SLUG, draft.pk]))
    archive = client.get(reverse("finance:statements_download", args=[SLUG, draft.pk]))

    assert (response.status_code, archive.status_code) == (302, 404)
    assert not MemberStatement.objects.exists()


def test_a_double_click_makes_one_set(
    client,
    approved,
    ekonom,
    django_capture_on_commit_callbacks,
):
    client.force_login(ekonom)
    url = reverse("finance:statements_create", args=[SLUG, approved.pk])

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(url)
        client.post(url)

    assert MemberStatement.objects.filter(run=approved).count() == 3
    assert len(callbacks) == 3


def test_a_broker_down_is_no_error_page_and_the_build_waits(
    client,
    approved,
    ekonom,
    django_capture_on_commit_callbacks,
):
    client.force_login(ekonom)
    down = mock.patch.object(
        build_member_statement_task, "apply_async", side_effect=OSError("down")
    )

    with down, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("finance:statements_create", args=[SLUG, approved.pk])
        )
    page = client.get(reverse("finance:statements", args=[SLUG, approved.pk]))

    assert (response.status_code, page.status_code) == (302, 200)
    assert set(MemberStatement.objects.values_list("build_status", flat=True)) == {
        MemberStatement.BuildStatus.PENDING
    }


def test_a_statement_whose_worker_was_killed_is_made_again(
    approved,
    ekonom,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks():
        [first, *_rest] = __import__(
            "finance.statements"
        ).statements.request_statements(approved, by=ekonom)
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    MemberStatement.objects.filter(pk=first.pk).update(
        build_status=MemberStatement.BuildStatus.RUNNING,
        build_started_at=long_ago,
        build_requested_at=long_ago,
    )

    with mock.patch.object(build_member_statement_task, "apply_async") as sent:
        requeued = requeue_stale_builds()

    assert requeued >= 1
    assert any(
        call.kwargs.get("kwargs", {}).get("statement_id") == first.pk
        or first.pk in str(call)
        for call in sent.call_args_list
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("other_payer_percent", "150"),
        ("other_payer_percent", "\u22125"),
        ("other_payer_amount", "-1 000"),
        ("carried_in", "999 999 999 999 999 999 999"),
    ],
)
def test_a_crafted_verksamhet_year_is_refused_and_saves_nothing(
    client, ekonom, model, field, value
):
    client.force_login(ekonom)
    data = {
        "activity": model.activity_id,
        "year": "2026",
        "carried_in": "0",
        "carried_out": "0",
        "other_payer": "Regionen",
        field: value,
    }

    response = client.post(reverse("finance:activity_year_create", args=[SLUG]), data)

    assert response.status_code == 200
    assert not ActivityYear.objects.filter(year=2026).exists()


def test_another_federations_activity_member_and_year_are_refused(
    client, ekonom, model, other_federation
):
    from finance.models import Activity  # noqa: PLC0415 leaf
    from tests.factories import MemberFactory  # noqa: PLC0415 leaf

    theirs = Activity.objects.create(federation=other_federation, name="Deras")
    their_year = ActivityYear.objects.create(activity=theirs, year=2025)
    stranger = MemberFactory(federation=other_federation, kommunkod="9997")
    ours = ActivityYear.objects.create(activity=model.activity, year=2025)
    client.force_login(ekonom)

    year = client.post(
        reverse("finance:activity_year_create", args=[SLUG]),
        {"activity": theirs.pk, "year": "2026", "carried_in": "0", "carried_out": "0"},
    )
    on_member = client.post(
        reverse("finance:adjustment_create", args=[SLUG, ours.pk]),
        {"amount": "1 000", "reason": "Hyra", "member": stranger.pk},
    )
    on_their_year = client.post(
        reverse("finance:adjustment_create", args=[SLUG, their_year.pk]),
        {"amount": "1 000", "reason": "Hyra"},
    )

    assert (year.status_code, on_member.status_code) == (200, 200)
    assert on_their_year.status_code == 404
    assert not Adjustment.objects.exists()
    assert not ActivityYear.objects.filter(year=2026).exists()


def test_a_superseded_run_gets_no_new_statements(
    client, federation, approved, ekonom, django_capture_on_commit_callbacks
):
    """Version 2 replaces version 1: avgiftsbesked made now of version 1 would be
    sent with the wrong amounts."""
    approve_run(
        run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10)), by=ekonom
    )
    client.force_login(ekonom)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("finance:statements_create", args=[SLUG, approved.pk]),
            follow=True,
        )

    page = client.get(reverse("finance:statements", args=[SLUG, approved.pk]))

    assert not MemberStatement.objects.filter(run=approved).exists()
    assert "Version 2 av 2025 ersätter den här" in response.content.decode()
    assert "Skapa avgiftsbeskeden" not in page.content.decode()
    assert "Version 2 av 2025 ersätter den här" in page.content.decode()


def test_redis_down_serves_the_statement_and_instalment_pages(
    settings, monkeypatch, approved, ekonom, django_capture_on_commit_callbacks
):
    """The cache at a port where nothing listens: every page still answers."""
    from django.test import Client  # noqa: PLC0415 leaf

    from bench.measure import free_port  # noqa: PLC0415 leaf
    from core import cache as core_cache  # noqa: PLC0415 leaf

    _stored(approved, ekonom, django_capture_on_commit_callbacks)
    monkeypatch.setattr(core_cache, "_breakers", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    client = Client(raise_request_exception=False)
    client.force_login(ekonom)
    args = [SLUG, approved.pk]

    codes = [
        client.get(reverse(name, args=args)).status_code
        for name in (
            "finance:statements",
            "finance:instalments",
            "finance:statements_download",
        )
    ]

    assert codes == [200, 200, 200]
