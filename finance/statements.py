"""The avgiftsbesked: one statement per member of an approved run (issue 20.8).

What the ekonom sends each member kommun with its invoice: its amounts per
verksamhet, the explanation of each (population × rate, index uplift, the
verksamhet's other payer, carry-forward and adjustments, the avräkning against
what was invoiced) and its instalments with their förfallodagar. Each is a stored
document (core.documents), built by a Celery task and sealed with the förbund's
seal; an approved run is frozen, so a statement is built once.
"""

import datetime
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.documents import build_document, request_build
from core.formatting import exact_percent
from core.pdf import render_pdf
from federation.models import Federation, Member

from .exports import preliminary_note
from .models import AllocationLine, AllocationRun, InstalmentDispatch, MemberStatement
from .selectors import instalments_of
from .tasks import build_member_statement_task

TEMPLATE = "finance/pdf/statement.html"


@dataclass
class StatementLine:
    """One fee model's amount for the member, with its explanation and plan."""

    activity: str
    fee_model: str
    amount: Decimal
    gross_amount: Decimal | None
    invoiced: Decimal
    settlement: Decimal
    explanation: list[str]


@dataclass
class StatementDue:
    """What falls due on one day, summed over the member's fee models."""

    due_on: datetime.date
    amount: Decimal = Decimal(0)
    settlement: Decimal = Decimal(0)
    is_invoiced: bool = False
    is_preliminary: bool = False
    is_settlement: bool = False
    parts: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass
class Statement:
    federation: Federation
    run: AllocationRun
    member: Member
    lines: list[StatementLine]
    dues: list[StatementDue]
    # The verksamheter's items (other payer, carry-forward, adjustments) of the
    # member's verksamheter, as the run froze them (Settlement.as_json).
    settlements: list[dict]
    preliminary: str = ""

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def invoiced(self) -> Decimal:
        return sum((line.invoiced for line in self.lines), Decimal(0))

    @property
    def settlement(self) -> Decimal:
        return sum((line.settlement for line in self.lines), Decimal(0))

    @property
    def to_invoice(self) -> Decimal:
        """What is left to invoice: the amount less what earlier versions did."""
        return self.total - self.invoiced

    @property
    def has_avrakning(self) -> bool:
        return bool(self.invoiced or self.settlement)

    @property
    def activities(self) -> list[tuple[str, Decimal]]:
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            totals[line.activity] += line.amount
        return list(totals.items())


def _dues(lines: list[AllocationLine]) -> list[StatementDue]:
    by_day: dict[tuple[datetime.date, bool], StatementDue] = {}
    for line in lines:
        for item in instalments_of(line):
            invoiced = bool(item.get("invoiced"))
            due = by_day.setdefault(
                (item["due_on"], invoiced),
                StatementDue(item["due_on"], is_invoiced=invoiced),
            )
            due.amount += item["amount"]
            due.settlement += Decimal(str(item.get("settlement") or 0))
            due.is_preliminary |= bool(item.get("is_preliminary"))
            due.is_settlement |= bool(item.get("is_settlement"))
            due.parts.append((line.fee_model.name, item["amount"]))
    return [by_day[key] for key in sorted(by_day)]


def build_statement(run: AllocationRun, member: Member) -> Statement:
    """The statement's content, in three queries."""
    lines = list(
        run.lines.filter(member=member)
        .select_related("fee_model__activity")
        .order_by("fee_model__activity__name", "fee_model__name")
    )
    activities = {line.fee_model.activity.name for line in lines}
    return Statement(
        federation=run.federation,
        run=run,
        member=member,
        lines=[
            StatementLine(
                activity=line.fee_model.activity.name,
                fee_model=line.fee_model.name,
                amount=line.amount,
                gross_amount=line.gross_amount,
                invoiced=line.invoiced,
                settlement=line.settlement,
                explanation=[t for t in line.explanation.splitlines() if t.strip()],
            )
            for line in lines
        ],
        dues=_dues(lines),
        settlements=[
            items
            for items in map(_items, run.settlements)
            if items["activity"] in activities and items["rows"]
        ],
        preliminary=preliminary_note(
            {int(k): v for k, v in run.population_substitutes.items()}
        ),
    )


def _items(item: dict) -> dict:
    """A verksamhet's frozen settlement (Settlement.as_json, its amounts stored as
    text) as the statement lists it: each item with its effect on the fees."""
    rows: list[tuple[str, Decimal]] = []
    share = Decimal(str(item["other_payer_share"] or 0))
    if share:
        payer = item["other_payer"] or _("Another payer")
        label = _("Paid by %(payer)s") % {"payer": payer}
        if item["other_payer_percent"] is not None:
            percent = exact_percent(Decimal(str(item["other_payer_percent"])))
            label = f"{label} ({percent})"
        rows.append((label, -share))
    carried_in = Decimal(str(item["carried_in"] or 0))
    if carried_in and item["carried_in_lowers_fees"]:
        label = (
            _("Surplus carried in, lowers the fees")
            if carried_in > 0
            else _("Deficit carried in, raises the fees")
        )
        rows.append((label, -carried_in))
    for adjustment in item["adjustments"]:
        label = _("Adjustment: %(reason)s") % {"reason": adjustment["reason"]}
        if adjustment["member"]:
            label += " " + _("(for %(member)s only)") % {"member": adjustment["member"]}
        rows.append((label, Decimal(str(adjustment["amount"]))))
    return {
        "activity": item["activity"],
        "year": item["year"],
        "cost": Decimal(str(item["cost"])),
        "rows": rows,
        "members_total": Decimal(str(item["members_total"])),
    }


def render_statement(statement: Statement) -> bytes:
    return render_pdf(TEMPLATE, {"statement": statement})


def statement_file_name(run: AllocationRun, member: Member) -> str:
    """avgiftsbesked-sjuharad-2025-v2-1490.pdf: by förbund, year, version and
    kommunkod, so that the ekonom sees at once which is whose."""
    slug = run.federation.slug
    return f"avgiftsbesked-{slug}-{run.year}-v{run.version}-{member.kommunkod}.pdf"


def members_of(run: AllocationRun) -> list[Member]:
    """The run's members by kommunkod."""
    return list(
        Member.objects.filter(pk__in=run.lines.values("member_id")).order_by(
            "kommunkod"
        )
    )


@transaction.atomic
def request_statements(
    run: AllocationRun, *, by: User | None, retry: bool = True
) -> list[MemberStatement]:
    """Queue the statement of every member of an approved run that has none, or
    whose build failed (`retry`); refused for a run a newer approved version of
    the year replaces. Under the run's lock, so a double submit queues
    each build once; a stored or queued statement is left as it is."""
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if not run.is_approved:
        raise ValidationError(
            _("Statements are made for an approved run only: approve it first.")
        )
    newer = (
        AllocationRun.objects.approved()
        .filter(federation_id=run.federation_id, year=run.year, version__gt=run.version)
        .order_by("-version")
        .first()
    )
    if newer is not None:
        # Made now, they would be sent with the amounts the newer version replaced.
        raise ValidationError(
            _("Version %(version)s of %(year)s replaces this one: make its statements.")
            % {"version": newer.version, "year": run.year}
        )
    existing = {s.member_id: s for s in MemberStatement.objects.filter(run=run)}
    queued = []
    for member in members_of(run):
        statement = existing.get(member.pk)
        if statement is not None:
            failed = statement.build_status == MemberStatement.BuildStatus.FAILED
            if statement.has_file or statement.is_building or not (failed and retry):
                continue
        statement = request_build(
            statement or MemberStatement(run=run, member=member),
            by=by,
            reason="request_statements",
        )
        build_member_statement_task.delay_on_commit(statement_id=statement.pk)
        queued.append(statement)
    return queued


def store_statement(
    statement: MemberStatement, *, claim_id: str = ""
) -> MemberStatement:
    """Build and store one queued statement (core.documents: claimed once)."""
    return build_document(
        statement,
        build=_render,
        file_name=_stored_name,
        reason="store_statement",
        claim_id=claim_id,
    )


def _render(statement: MemberStatement) -> bytes:
    # The statement's own texts (the verksamheter's items, the preliminary note)
    # are written in Swedish, as the template is (core.pdf.render_template).
    with translation.override("sv"):
        content = build_statement(statement.run, statement.member)
    return render_statement(content)


def _stored_name(statement: MemberStatement) -> str:
    run = statement.run
    name = statement_file_name(run, statement.member)
    return f"finance/statements/{run.federation.slug}/{name}"


def statements_zip(run: AllocationRun) -> bytes:
    """Every stored statement of the run in one zip file, each file as it was
    sealed (a combined PDF would break each member's seal)."""
    buffer = io.BytesIO()
    statements = (
        MemberStatement.objects.stored()
        .filter(run=run)
        .select_related("member", "run__federation")
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for statement in statements:
            with statement.file.open("rb") as handle:
                archive.writestr(
                    statement_file_name(run, statement.member), handle.read()
                )
    return buffer.getvalue()


@dataclass
class InstalmentRow:
    """One instalment position of a run: when it falls due, what it invoices and
    whether it has been marked sent."""

    position: int
    due_dates: list[datetime.date]
    amount: Decimal
    dispatch: InstalmentDispatch | None = None


def instalment_rows(run: AllocationRun) -> list[InstalmentRow]:
    """The run's instalment positions (summed over its lines) with their sending,
    the dispatch of any version of the year counting (avräkning)."""
    rows: dict[int, InstalmentRow] = {}
    for items in run.lines.values_list("instalments", flat=True):
        for item in items:
            row = rows.setdefault(
                item["position"], InstalmentRow(item["position"], [], Decimal(0))
            )
            row.amount += Decimal(str(item["amount"]))
            due = item["due_on"]
            day = (
                due
                if isinstance(due, datetime.date)
                else (datetime.date.fromisoformat(due))
            )
            if day not in row.due_dates:
                row.due_dates.append(day)
    dispatches = InstalmentDispatch.objects.filter(
        run__federation_id=run.federation_id, run__year=run.year
    ).select_related("run", "sent_by")
    for dispatch in dispatches:
        if dispatch.position in rows:
            rows[dispatch.position].dispatch = dispatch
    for row in rows.values():
        row.due_dates.sort()
    return [rows[position] for position in sorted(rows)]
