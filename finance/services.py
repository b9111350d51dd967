"""Every write of the finance app: imports, population edits, runs and approval."""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import history
from core.documents import build_document, request_build
from federation.models import Federation, Member

from . import history_reasons as reasons
from .allocation import allocate_by_population
from .calculation import YearResult, compute_year
from .imports import parse_index_csv
from .models import (
    AgreedUplift,
    AllocationLine,
    AllocationRun,
    FeeModel,
    IndexSeries,
    IndexValue,
    Instalment,
    InstalmentDispatch,
    Participant,
    PopulationFigure,
    RunReport,
    SettlementMode,
)
from .population_import import PopulationPlan, plan_again, plan_population_import
from .reports import build_pdf
from .selectors import run_table, sent_basis
from .tasks import build_run_report_task

__all__ = [
    "FeeModelEdit",
    "RowEdit",
    "allocate_by_population",
    "approve_run",
    "compute_draft",
    "import_index_values",
    "import_population",
    "mark_instalment_sent",
    "request_run_report",
    "run_allocation",
    "save_fee_model",
    "save_population_import",
    "set_population",
    "store_run_report",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped_codes: tuple[str, ...]


def import_population(
    federation: Federation,
    raw: bytes,
    *,
    by: User | None,
    source: str,
    confirmed: str = "",
) -> ImportResult:
    """Read an SCB file and save it (save_population_import): all rows or none."""
    plan = plan_population_import(federation, raw, source=source)
    return save_population_import(federation, plan, by=by, confirmed=confirmed)


@transaction.atomic
def save_population_import(
    federation: Federation,
    plan: PopulationPlan,
    *,
    by: User | None,
    confirmed: str = "",
) -> ImportResult:
    """Save the figures of a plan (finance.population_import): all or none.

    The plan is compared with the database again under the förbund's lock and
    must be unchanged; one with a change of more than 10 % must have been
    confirmed by its digest.
    """
    Federation.objects.select_for_update().get(pk=federation.pk)
    current = plan_again(federation, plan)
    if current is None or current.digest != plan.digest:
        raise ValidationError(
            _(
                "The population figures have changed since the file was read. "
                "Choose the file again."
            )
        )
    if plan.needs_confirmation and confirmed != plan.digest:
        raise ValidationError(
            _("Some figures change by more than 10 %; confirm them first.")
        )
    figures = {
        (f.member_id, f.year): f
        for f in PopulationFigure.objects.filter(member__federation=federation)
    }
    created = updated = unchanged = 0
    for change in plan.changes:
        if change.is_unchanged:
            unchanged += 1
            continue
        figure = figures.get((change.member_id, change.year))
        if figure is None:
            created += 1
            figure = PopulationFigure(
                member_id=change.member_id,
                year=change.year,
                reference_date=datetime.date(change.year, 12, 31),
            )
        else:
            updated += 1
        figure.population = change.population
        figure.source = plan.source
        history.save(figure, by=by, reason=reasons.text(reasons.POPULATION_IMPORTED))
    return ImportResult(created, updated, unchanged, plan.skipped_codes)


def set_population(
    member: Member,
    year: int,
    *,
    population: int,
    reference_date: datetime.date,
    source: str,
    by: User | None,
    reason: str = "",
) -> PopulationFigure:
    """Enter or correct one figure by hand; the history keeps the old value."""
    figure = PopulationFigure.objects.filter(member=member, year=year).first()
    if figure is None:
        figure = PopulationFigure(member=member, year=year)
    figure.population = population
    figure.reference_date = reference_date
    figure.source = source
    history.save(
        figure, by=by, reason=reason or reasons.text(reasons.POPULATION_EDITED)
    )
    return figure


@transaction.atomic
def import_index_values(
    series: IndexSeries, raw: bytes, *, by: User | None
) -> ImportResult:
    """Import published values of a series: all rows or none. A row for a year and
    publication date already stored replaces its value (a correction)."""
    rows = parse_index_csv(raw, kind=series.kind)
    existing = {(v.year, v.published_on): v for v in series.values.all()}
    created = updated = unchanged = 0
    for row in rows:
        value = existing.get((row.year, row.published_on))
        if value is None:
            value = IndexValue(
                series=series, year=row.year, published_on=row.published_on
            )
            created += 1
        elif value.value == row.value and value.is_forecast == row.is_forecast:
            unchanged += 1
            continue
        else:
            updated += 1
        value.value = row.value
        value.is_forecast = row.is_forecast
        history.save(value, by=by, reason=reasons.text(reasons.INDEX_VALUES_IMPORTED))
    return ImportResult(created, updated, unchanged, ())


def compute_draft(
    federation: Federation,
    year: int,
    *,
    as_of: datetime.date | None = None,
    settlement_mode: str = SettlementMode.NEXT,
) -> YearResult:
    """A year's lines computed without saving anything (fee_report --draft), with
    the population years substituted, the verksamheter's settlements and the
    avräkning against the instalments already sent (finance.calculation)."""
    return compute_year(
        federation,
        year,
        as_of=as_of or timezone.localdate(),
        settlement_mode=settlement_mode,
    )


@transaction.atomic
def run_allocation(
    federation: Federation,
    year: int,
    *,
    by: User | None,
    as_of: datetime.date | None = None,
    settlement_mode: str = SettlementMode.NEXT,
) -> AllocationRun:
    """Compute `year` for every fee model and store it as a new draft version.

    Earlier versions, approved or not, are never touched: a recomputation after a
    corrected population is a new version whose page shows the difference, and
    whose lines settle what the sent instalments of earlier versions invoiced
    (the avräkning, `settlement_mode`: on the next instalment or a separate
    line). A year whose population is not yet published is computed on the
    latest published year and marked preliminary (population_substitutes).
    """
    as_of = as_of or timezone.localdate()
    # Lock the federation row so two ekonomer computing at once get distinct versions.
    Federation.objects.select_for_update().get(pk=federation.pk)
    results = compute_year(
        federation, year, as_of=as_of, settlement_mode=settlement_mode
    )
    last = AllocationRun.objects.filter(federation=federation, year=year).aggregate(
        Max("version")
    )["version__max"]
    run = AllocationRun(
        federation=federation,
        year=year,
        version=(last or 0) + 1,
        as_of=as_of,
        total=sum((r.amount for r in results), Decimal(0)),
        created_by=by,
        population_substitutes={str(k): v for k, v in results.substitutes.items()},
        settlement_mode=settlement_mode,
        settlement_basis=results.basis,
        settlements=[s.as_json() for s in results.settlements],
    )
    history.save(run, by=by, reason=reasons.text(reasons.YEAR_COMPUTED))
    bulk_create_with_history(
        [r.to_line(run) for r in results],
        AllocationLine,
        batch_size=1000,
        default_user=by,
        default_change_reason=reasons.text(reasons.YEAR_COMPUTED),
    )
    return run


@transaction.atomic
def approve_run(run: AllocationRun, *, by: User | None) -> AllocationRun:
    """Approve a draft: from now on it is frozen and is the year's invoicing basis."""
    # The förbund's lock: approving and marking sent wait for each other.
    Federation.objects.select_for_update().get(pk=run.federation_id)
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if run.is_approved:
        raise ValidationError(_("The run is already approved."))
    newer = AllocationRun.objects.filter(
        federation_id=run.federation_id, year=run.year, version__gt=run.version
    ).exists()
    if newer:
        raise ValidationError(_("A newer version of this year exists; approve that."))
    if run.settlement_basis != sent_basis(run.federation_id, run.year):
        raise ValidationError(
            _(
                "Instalments have been marked sent since this version was computed: "
                "compute the year again so that its settlement counts them."
            )
        )
    run.status = AllocationRun.Status.APPROVED
    run.approved_at = timezone.now()
    run.approved_by = by
    history.save(run, by=by, reason=reasons.text(reasons.RUN_APPROVED))
    # The frozen run's report is made once, now; a draft's report says "Draft".
    _queue_report(run, by=by, reason=reasons.text(reasons.RUN_APPROVED))
    _rebuild_reports_comparing_with(run, by=by)
    return run


@transaction.atomic
def mark_instalment_sent(
    run: AllocationRun,
    position: int,
    *,
    by: User | None,
    sent_on: datetime.date | None = None,
) -> InstalmentDispatch:
    """Record that instalment `position` of an approved run has been invoiced: its
    amounts count as invoiced for the avräkning of every later version."""
    # The förbund's lock: approving and marking sent wait for each other.
    Federation.objects.select_for_update().get(pk=run.federation_id)
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if not run.is_approved:
        raise ValidationError(_("Only an approved run's instalments can be sent."))
    newer = AllocationRun.objects.approved().filter(
        federation_id=run.federation_id, year=run.year, version__gt=run.version
    )
    if newer.exists():
        raise ValidationError(
            _("A newer approved version of this year exists; send its instalments.")
        )
    positions = {
        item["position"]
        for items in run.lines.values_list("instalments", flat=True)
        for item in items
    }
    if position not in positions:
        raise ValidationError(_("The run has no such instalment."))
    already = InstalmentDispatch.objects.filter(
        run__federation_id=run.federation_id, run__year=run.year, position=position
    ).first()
    if already is not None:
        raise ValidationError(
            _("Instalment %(n)s was marked sent on %(date)s.")
            % {"n": position, "date": already.sent_on.isoformat()}
        )
    dispatch = InstalmentDispatch(
        run=run, position=position, sent_on=sent_on or timezone.localdate(), sent_by=by
    )
    history.save(dispatch, by=by, reason=reasons.text(reasons.INSTALMENT_SENT))
    return dispatch


def _rebuild_reports_comparing_with(
    approved: AllocationRun, *, by: User | None
) -> None:
    """The next year's drafts compare with the latest approved run of this year: a
    report made, or being made, against an earlier version is made again. A build
    still running stores nothing (its claim is void, core.documents)."""
    drafts = AllocationRun.objects.select_for_update().filter(
        federation_id=approved.federation_id,
        year=approved.year + 1,
        status=AllocationRun.Status.DRAFT,
        report__isnull=False,
    )
    for draft in drafts:
        _queue_report(draft, by=by, reason=reasons.text(reasons.PREVIOUS_YEAR_APPROVED))


def _queue_report(run: AllocationRun, *, by: User | None, reason: str) -> RunReport:
    """A new build of the run's report, its last file served until it is made."""
    report = RunReport.objects.select_for_update().filter(run=run).first()
    report = request_build(report or RunReport(run=run), by=by, reason=reason)
    build_run_report_task.delay_on_commit(run_id=run.pk)
    return report


@transaction.atomic
def request_run_report(
    run: AllocationRun, *, by: User | None, retry: bool = False
) -> RunReport:
    """Queue the build of a run's PDF report unless it is stored or being made.

    The row lock makes two requests queue at most one build. A failed build is
    queued again only when asked to (`retry`), not by every reload of the page.
    """
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    report = RunReport.objects.filter(run=run).first()
    if report is not None:
        # A lost build is queued again by core.requeue_stale_builds.
        failed = report.build_status == RunReport.BuildStatus.FAILED
        if report.has_file or report.is_building or (failed and not retry):
            return report
    return _queue_report(run, by=by, reason=reasons.text(reasons.REPORT_REQUESTED))


def store_run_report(run: AllocationRun, *, claim_id: str = "") -> RunReport | None:
    """Build and store a run's queued PDF report (core.documents): a stored report
    is not built again until a new build is asked for."""
    report = RunReport.objects.filter(run=run).first()
    if report is None:
        return None
    return build_document(
        report,
        build=lambda r: build_pdf(run_table(r.run)),
        file_name=_report_file_name,
        reason=reasons.text(reasons.REPORT_MADE),
        claim_id=claim_id,
    )


def _report_file_name(report: RunReport) -> str:
    # By status: the approved run's report does not overwrite its draft's.
    run = report.run
    slug = run.federation.slug
    name = f"avgifter-{slug}-{run.year}-v{run.version}-{run.status}.pdf"
    return f"finance/reports/{slug}/{name}"


@dataclass(frozen=True)
class RowEdit:
    """A row of one of a fee model's tables as the page sent it: its values, and the
    row it changes (`pk`; None for a new row), or that the row is deleted."""

    pk: int | None
    values: dict[str, Any] = field(default_factory=dict)
    delete: bool = False


@dataclass(frozen=True)
class FeeModelEdit:
    """A fee model's fields and the rows changed in its three tables."""

    values: dict[str, Any]
    participants: list[RowEdit] = field(default_factory=list)
    instalments: list[RowEdit] = field(default_factory=list)
    agreed_uplifts: list[RowEdit] = field(default_factory=list)


@transaction.atomic
def save_fee_model(model: FeeModel, edit: FeeModelEdit, *, by: User | None) -> FeeModel:
    """Save a fee model with its participants, instalments and agreed uplifts.

    Approved runs keep their copied inputs, so editing a model never changes them.
    """
    for name, value in edit.values.items():
        setattr(model, name, value)
    history.save(model, by=by, reason=reasons.text(reasons.FEE_MODEL_SAVED))
    _save_rows(model, Participant, edit.participants, by=by)
    _save_rows(model, Instalment, edit.instalments, by=by)
    _save_rows(model, AgreedUplift, edit.agreed_uplifts, by=by)
    return model


def _save_rows(
    model: FeeModel,
    row_model: type[Participant | Instalment | AgreedUplift],
    edits: list[RowEdit],
    *,
    by: User | None,
) -> None:
    """Apply the edits in their order (a deleted member may come back in a new
    row). Only the model's own rows can be changed: another pk is a KeyError (the
    forms offer none)."""
    rows = {row.pk: row for row in row_model.objects.filter(fee_model=model)}
    for edit in edits:
        row = row_model(fee_model=model) if edit.pk is None else rows[edit.pk]
        if edit.delete:
            history.delete(row, by=by, reason=reasons.text(reasons.FEE_MODEL_SAVED))
            continue
        for name, value in edit.values.items():
            setattr(row, name, value)
        history.save(row, by=by, reason=reasons.text(reasons.FEE_MODEL_SAVED))
