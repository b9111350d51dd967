"""The permission matrix's rows of the statements per member, the instalments sent
and the verksamhet years (finance.statement_urls, issue 20.2, 20.3, 20.8): as the
fees, the Ekonom changes and the Administratör reads."""

from collections.abc import Callable
from decimal import Decimal

from django.core.files.base import ContentFile

from federation.models import Federation
from finance.models import (
    Activity,
    ActivityYear,
    Adjustment,
    AllocationRun,
    MemberStatement,
)


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


READ = _profile("ok", "403", "ok", "403", "404", "login")
WRITE = _profile("403", "403", "ok", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)

STATEMENT_EXPECTED: dict[str, dict] = {
    "finance:statements": READ,
    "finance:statements_create": POST_ONLY,
    "finance:statements_download": READ,
    "finance:statement_download": READ,
    "finance:instalments": READ,
    "finance:instalment_sent": POST_ONLY,
    "finance:activity_years": READ,
    "finance:activity_year_create": WRITE,
    "finance:activity_year_edit": WRITE,
    "finance:adjustment_create": WRITE,
    "finance:adjustment_edit": WRITE,
    "finance:adjustment_delete": POST_ONLY,
}


def _run(f: Federation) -> AllocationRun:
    run = AllocationRun.objects.approved().filter(federation=f).first()
    assert run is not None, "the demo's approved run"
    return run


def _statement(f: Federation) -> MemberStatement:
    """A stored statement of the demo's approved run (a file standing in for the
    built one: the matrix checks who may read it, not how it is made)."""
    run = _run(f)
    member_id = run.lines.values_list("member_id", flat=True).first()
    assert member_id is not None
    statement, _created = MemberStatement.objects.get_or_create(
        run=run, member_id=member_id
    )
    if not statement.has_file:
        statement.file.save("matrix.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
        statement.sha256 = "0" * 64
        statement.build_status = MemberStatement.BuildStatus.DONE
        statement.save()
    return statement


def _year(f: Federation) -> ActivityYear:
    activity = Activity.objects.filter(federation=f).first()
    assert activity is not None, "the demo's verksamheter"
    year, _created = ActivityYear.objects.get_or_create(activity=activity, year=2024)
    return year


def _adjustment(f: Federation) -> Adjustment:
    year = _year(f)
    adjustment = year.adjustments.first()
    if adjustment is None:
        adjustment = Adjustment.objects.create(
            activity_year=year, amount=Decimal(1000), reason="Hyra"
        )
    return adjustment


STATEMENT_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "finance:statements": lambda f: {"pk": _run(f).pk},
    "finance:statements_create": lambda f: {"pk": _run(f).pk},
    "finance:statements_download": lambda f: {"pk": _statement(f).run_id},
    "finance:statement_download": lambda f: {
        "pk": _statement(f).run_id,
        "member": _statement(f).member_id,
    },
    "finance:instalments": lambda f: {"pk": _run(f).pk},
    "finance:instalment_sent": lambda f: {"pk": _run(f).pk, "position": 1},
    "finance:activity_year_edit": lambda f: {"pk": _year(f).pk},
    "finance:adjustment_create": lambda f: {"activity_year": _year(f).pk},
    "finance:adjustment_edit": lambda f: {"pk": _adjustment(f).pk},
    "finance:adjustment_delete": lambda f: {"pk": _adjustment(f).pk},
}
