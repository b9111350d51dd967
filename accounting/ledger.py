"""Budget and utfall: the driftredovisning of a year, as the årsbokslut shows it.

Service entry points (tests and views call these):
- `import_ledger(federation, year, raw, file_name=, by=)`: read a SIE 4 file
  (accounting.sie) and store the year's utfall per driftredovisning line, or refuse
  the whole file with every bad line's number (ValidationError).
- `set_budgets(federation, year, {line: amount}, by=)`: the year's budget per line.
- `driftredovisning(federation, year)`: the table: per line the utfall of the year
  before, the utfall, the budget and the avvikelse (utfall − budget), with the
  årsbokslut's subtotals (Verksamhetens nettokostnader, Resultat före extraordinära
  poster, Årets resultat).

Signs are the driftredovisning's: income positive, costs negative. A SIE row is
debit positive, so a line's utfall is minus the sum of its rows.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import history
from federation.models import Federation
from finance.models import MONEY

from .models import AccountMapping, Budget, DriftLine, LedgerAmount, LedgerImport
from .sie import MAX_ERRORS, SieFile, parse_sie

Section = DriftLine.Section
FIRST_RESULT_ACCOUNT = 3000  # BAS: classes 1–2 are the balance sheet
ObjectKey = tuple[int, str] | None


@dataclass(frozen=True)
class Row:
    """An account's rows of one objekt, as the import stores them."""

    line: int  # the file's first line with them
    account: int
    objects: tuple[tuple[int, str], ...]
    amount: Decimal


class Mapper:
    """The line of an account and its objekt: the most specific mapping wins (one
    with an objekt before one without, then the narrower account range)."""

    def __init__(self, federation: Federation) -> None:
        mappings = AccountMapping.objects.filter(line__federation=federation)
        self.mappings = sorted(
            mappings,
            key=lambda m: (m.dimension is None, m.account_to - m.account_from, m.pk),
        )

    def find(
        self, account: int, objects: Iterable[tuple[int, str]]
    ) -> AccountMapping | None:
        held = set(objects)
        for mapping in self.mappings:
            if not mapping.account_from <= account <= mapping.account_to:
                continue
            if mapping.dimension is None or (
                (mapping.dimension, mapping.object_code) in held
            ):
                return mapping
        return None


def _rows(sie: SieFile) -> list[Row]:
    """The result accounts' rows: the verifikationer's #TRANS when the file has
    any, else the year's #RES (a file without verifikationer)."""
    if sie.vouchers:
        return [
            Row(t.line, t.account, t.objects, t.amount)
            for t in sie.transactions
            if t.account >= FIRST_RESULT_ACCOUNT
        ]
    return [
        Row(r.line, r.account, (), r.amount)
        for r in sie.results
        if r.account >= FIRST_RESULT_ACCOUNT
    ]


def _check_year(sie: SieFile, year: int) -> None:
    fiscal = sie.fiscal_years.get(0)
    if fiscal is not None and fiscal[0].year != year:
        raise ValidationError(
            _("The file is the ledger of %(file_year)s, not of %(year)s (#RAR 0).")
            % {"file_year": fiscal[0].year, "year": year}
        )


def _warnings(sie: SieFile) -> list[str]:
    """Where the file's #RES differs from the sum of its #TRANS per account: the
    import uses the verifikationer and says so."""
    if not (sie.vouchers and sie.results):
        return []
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for t in sie.transactions:
        sums[t.account] += t.amount
    stated = {r.account: r.amount for r in sie.results}
    return [
        _(
            "Account %(account)s: the verifikationer sum to %(sum)s, #RES says "
            "%(res)s; the verifikationer are used."
        )
        % {
            "account": account,
            "sum": sums.get(account, 0),
            "res": stated.get(account, 0),
        }
        for account in sorted(
            set(stated) | {a for a in sums if a >= FIRST_RESULT_ACCOUNT}
        )
        if sums.get(account, Decimal(0)) != stated.get(account, Decimal(0))
    ][:MAX_ERRORS]


def import_ledger(
    federation: Federation,
    year: int,
    raw: bytes,
    *,
    file_name: str,
    by: AbstractBaseUser | None,
) -> LedgerImport:
    """The year's utfall from a SIE 4 file, all of it or nothing: a broken line or
    a result account that no mapping places on a driftredovisning line refuses the
    file with the line numbers. The same file read again is the same import."""
    sie = parse_sie(raw)
    _check_year(sie, year)
    rows = _rows(sie)
    if not rows:
        raise ValidationError(_("The file has no rows on result accounts."))
    mapper = Mapper(federation)
    amounts: dict[tuple[int, int, int | None, str], Decimal] = defaultdict(Decimal)
    errors: list[str] = []
    unknown: set[int] = set()
    for row in rows:
        mapping = mapper.find(row.account, row.objects)
        if mapping is None:
            if row.account not in unknown and len(errors) < MAX_ERRORS:
                unknown.add(row.account)
                errors.append(_unknown_account(row, sie))
            continue
        key = (mapping.line_id, row.account, mapping.dimension, mapping.object_code)
        amounts[key] -= row.amount
    errors.extend(_too_large(amounts))
    if errors:
        raise ValidationError(errors)
    digest = hashlib.sha256(raw).hexdigest()
    with transaction.atomic():
        Federation.objects.select_for_update().filter(pk=federation.pk).first()
        latest = LedgerImport.objects.filter(federation=federation, year=year).first()
        if latest is not None and latest.sha256 == digest:
            return latest
        ledger_import = LedgerImport(
            federation=federation,
            year=year,
            file_name=file_name[:255],
            sha256=digest,
            program=sie.program[:200],
            company=sie.company[:200],
            vouchers=sie.vouchers,
            rows=len(rows),
            warnings=_warnings(sie),
            imported_by=by if isinstance(by, User) else None,
        )
        history.save(ledger_import, by=by, reason=_("SIE file imported"))
        LedgerAmount.objects.bulk_create(
            LedgerAmount(
                ledger_import=ledger_import,
                line_id=line_id,
                account=account,
                dimension=dimension,
                object_code=code,
                amount=amount,
            )
            for (line_id, account, dimension, code), amount in amounts.items()
        )
    return ledger_import


def _too_large(
    amounts: Mapping[tuple[int, int, int | None, str], Decimal],
) -> list[str]:
    """An account whose rows sum beyond what an amount can hold (each row is a
    valid amount of 13 digits; their sum need not be): refused, not a database
    error."""
    largest = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])
    accounts = sorted(
        {key[1] for key, amount in amounts.items() if abs(amount) >= largest}
    )
    return [
        _("Account %(account)s sums to more than an amount can hold.")
        % {"account": account}
        for account in accounts[:MAX_ERRORS]
    ]


def _unknown_account(row: Row, sie: SieFile) -> str:
    name = sie.accounts.get(row.account, "")
    objects = " ".join(f'{d} "{c}"' for d, c in row.objects)
    return _(
        "Line %(line)s: account %(account)s%(name)s%(objects)s belongs to no line of "
        "the driftredovisning. Add it to a line's accounts, then import again."
    ) % {
        "line": row.line,
        "account": row.account,
        "name": f" {name}" if name else "",
        "objects": f" {{{objects}}}" if objects else "",
    }


def set_budgets(
    federation: Federation,
    year: int,
    amounts: Mapping[DriftLine, Decimal | None],
    *,
    by: AbstractBaseUser | None,
) -> int:
    """The year's budget per line (None removes it); returns how many changed."""
    changed = 0
    with transaction.atomic():
        # A double click inserted the same new budget twice (IntegrityError).
        Federation.objects.select_for_update().filter(pk=federation.pk).first()
        existing = {
            b.line_id: b
            for b in Budget.objects.filter(line__federation=federation, year=year)
        }
        for line, amount in amounts.items():
            if line.federation_id != federation.pk:
                raise ValidationError(_("The line belongs to another federation."))
            budget = existing.get(line.pk)
            if amount is None:
                if budget is not None:
                    history.delete(budget, by=by, reason=_("Budget removed"))
                    changed += 1
            elif budget is None:
                history.save(
                    Budget(line=line, year=year, amount=amount),
                    by=by,
                    reason=_("Budget entered"),
                )
                changed += 1
            elif budget.amount != amount:
                budget.amount = amount
                history.save(budget, by=by, reason=_("Budget changed"))
                changed += 1
    return changed


# --- The table -----------------------------------------------------------------

SUBTOTALS = (
    (
        (Section.INCOME, Section.COSTS, Section.DEPRECIATION),
        gettext_lazy("Net operating costs"),
    ),
    (
        (Section.CONTRIBUTIONS, Section.FINANCIAL),
        gettext_lazy("Result before extraordinary items"),
    ),
    ((Section.EXTRAORDINARY,), gettext_lazy("Result of the year")),
)


@dataclass(frozen=True)
class DriftRow:
    name: str
    previous: Decimal | None  # the utfall of the year before
    utfall: Decimal | None
    budget: Decimal | None
    is_subtotal: bool = False
    line: DriftLine | None = None

    @property
    def avvikelse(self) -> Decimal | None:
        """Utfall − budget, as the årsbokslut's column: a missing side counts 0."""
        if self.utfall is None and self.budget is None:
            return None
        return (self.utfall or Decimal(0)) - (self.budget or Decimal(0))


@dataclass
class Driftredovisning:
    federation: Federation
    year: int
    rows: list[DriftRow] = field(default_factory=list)
    ledger_import: LedgerImport | None = None
    previous_import: LedgerImport | None = None

    @property
    def lines(self) -> list[DriftRow]:
        return [row for row in self.rows if not row.is_subtotal]

    @property
    def result(self) -> DriftRow:
        """Årets resultat: the last subtotal, the sum of every line."""
        return self.rows[-1]


def _utfall(ledger_import: LedgerImport | None) -> dict[int, Decimal]:
    if ledger_import is None:
        return {}
    return dict(
        ledger_import.amounts.values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def driftredovisning(federation: Federation, year: int) -> Driftredovisning:
    """Budget, utfall and avvikelse per line and the subtotals; the utfall is the
    year's latest import, the column before it the year before's."""
    imports = LedgerImport.objects.filter(federation=federation)
    report = Driftredovisning(
        federation,
        year,
        ledger_import=imports.filter(year=year).first(),
        previous_import=imports.filter(year=year - 1).first(),
    )
    utfall, previous = _utfall(report.ledger_import), _utfall(report.previous_import)
    budgets = dict(
        Budget.objects.filter(line__federation=federation, year=year).values_list(
            "line_id", "amount"
        )
    )
    lines = list(federation.drift_lines.select_related("activity"))
    running: list[DriftRow] = []
    for sections, label in SUBTOTALS:
        for line in lines:
            if line.section in sections:
                row = DriftRow(
                    line.name,
                    previous.get(line.pk, Decimal(0))
                    if report.previous_import
                    else None,
                    utfall.get(line.pk, Decimal(0)) if report.ledger_import else None,
                    budgets.get(line.pk),
                    line=line,
                )
                report.rows.append(row)
                running.append(row)
        report.rows.append(
            DriftRow(
                str(label),
                _sum(r.previous for r in running),
                _sum(r.utfall for r in running),
                _sum(r.budget for r in running),
                is_subtotal=True,
            )
        )
    return report


def years_with_data(federation: Federation) -> list[int]:
    years = set(
        LedgerImport.objects.filter(federation=federation).values_list(
            "year", flat=True
        )
    ) | set(
        Budget.objects.filter(line__federation=federation).values_list(
            "year", flat=True
        )
    )
    return sorted(years, reverse=True)
