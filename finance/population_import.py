"""The population import's plan: an SCB table matched to the members and compared
with the stored figures, before anything is saved.

A figure that changes by more than 10 % from the year before (or from the figure
stored for its own year) must be confirmed. The confirmation names the plan's
digest, a hash of everything the page showed; the service saves only a plan whose
digest, computed again from the database under a lock, is the one confirmed. So a
different file, or figures changed by someone else meanwhile, are never confirmed.
"""

import hashlib
import json
from dataclasses import astuple, dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.csv_import import normalise, raise_errors, shown
from federation.models import Federation, Member

from .imports import PopulationRow, parse_population_csv
from .models import PopulationFigure

NAME_SUFFIXES = (" kommun", "s kommun", " stad", "s stad", " län", "s län")


@dataclass(frozen=True)
class PopulationChange:
    line: int
    member_id: int
    member: str
    kommunkod: str
    year: int
    population: int
    stored: int | None  # the figure stored for this year now
    previous: int | None  # the year before: from the file, else stored

    @property
    def is_new(self) -> bool:
        return self.stored is None

    @property
    def is_unchanged(self) -> bool:
        return self.stored == self.population

    @property
    def change_percent(self) -> Decimal | None:
        """The change from the year before, in per cent."""
        if not self.previous:
            return None
        return Decimal(100 * (self.population - self.previous)) / self.previous

    @property
    def is_large(self) -> bool:
        """More than 10 % from the year before or from this year's stored figure."""
        return not self.is_unchanged and (
            _large(self.previous, self.population)
            or _large(self.stored, self.population)
        )


def _large(before: int | None, after: int) -> bool:
    return before is not None and 10 * abs(after - before) > before


@dataclass(frozen=True)
class PopulationPlan:
    federation_id: int
    source: str
    title: str
    layout: str
    changes: tuple[PopulationChange, ...]
    skipped_codes: tuple[str, ...]

    @property
    def needs_confirmation(self) -> bool:
        return any(change.is_large for change in self.changes)

    @property
    def digest(self) -> str:
        shown = [self.federation_id, self.source, self.skipped_codes]
        shown.append([astuple(change) for change in self.changes])
        text = json.dumps(shown, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def to_session(self) -> dict:
        """What the confirmation page needs again: the file's figures, not the
        stored ones (those are read again when it is shown and confirmed)."""
        return {
            "federation": self.federation_id,
            "source": self.source,
            "title": self.title,
            "layout": self.layout,
            "skipped": list(self.skipped_codes),
            "rows": [[c.line, c.member_id, c.year, c.population] for c in self.changes],
        }


def plan_population_import(
    federation: Federation, raw: bytes, *, source: str
) -> PopulationPlan:
    """Read an SCB file and compare it with the stored figures; saves nothing."""
    table = parse_population_csv(raw)
    rows, skipped = _match(federation, table.rows)
    return _compare(
        federation,
        rows,
        source=source,
        title=table.title,
        layout=table.layout,
        skipped=skipped,
    )


def plan_from_session(
    federation: Federation, data: dict | None
) -> PopulationPlan | None:
    """The plan kept for confirmation, compared with the database as it is now."""
    if not data or data.get("federation") != federation.pk:
        return None
    members = federation.members.in_bulk([row[1] for row in data["rows"]])
    rows = [
        (line, members[member_id], year, population)
        for line, member_id, year, population in data["rows"]
        if member_id in members
    ]
    if len(rows) != len(data["rows"]):
        return None
    return _compare(
        federation,
        rows,
        source=data["source"],
        title=data["title"],
        layout=data["layout"],
        skipped=tuple(data["skipped"]),
    )


def plan_again(federation: Federation, plan: PopulationPlan) -> PopulationPlan | None:
    """The same file's plan compared with the database as it is now (None when one
    of its members has gone meanwhile)."""
    return plan_from_session(federation, plan.to_session())


def _forms(name: str) -> set[str]:
    """A name and its short forms: "Marks kommun" is also "Mark", "Borås Stad"
    "Borås", "Region Västmanland" "Västmanland", "Västmanlands län" "Västmanland"."""
    name = normalise(name)
    forms = {name, name.removeprefix("region ")}
    forms |= {name.removesuffix(s) for s in NAME_SUFFIXES if name.endswith(s)}
    return {form for form in forms if form}


def _match(
    federation: Federation, rows: list[PopulationRow]
) -> tuple[list[tuple[int, Member, int, int]], tuple[str, ...]]:
    """Each row's member: by code where the file gives one, else by name.

    A code of no member (SCB's files hold any region one picks, "00 Riket") is
    skipped and listed; a name of no member, a name of another member than the
    code's, or a member twice in one year is an error of its row.
    """
    members = list(federation.members.all())
    by_code = {member.kommunkod: member for member in members}
    by_name: dict[str, set[Member]] = {}
    for member in members:
        for form in _forms(member.name):
            by_name.setdefault(form, set()).add(member)
    matched, errors = [], []
    skipped: set[str] = set()
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        named: set[Member] = set().union(
            *(by_name.get(f, set()) for f in _forms(row.name))
        )
        coded = by_code.get(row.kommunkod) if row.kommunkod else None
        values = {"row": row.line, "region": shown(row.region)}
        if row.kommunkod and coded is None and not named:
            skipped.add(row.kommunkod)
            continue
        if row.kommunkod and named and coded not in named:
            errors.append(_name_conflict(values, named))
            continue
        if coded is None and len(named) != 1:
            errors.append(
                _(
                    'Row %(row)s: "%(region)s" is not a member of the federation. '
                    'Write it as SCB does, with the code: "1490 Borås".'
                )
                % values
            )
            continue
        found = coded or next(iter(named))
        if (found.pk, row.year) in seen:
            errors.append(
                _("Row %(row)s: %(region)s %(year)s is also on row %(other)s.")
                % {**values, "year": row.year, "other": seen[found.pk, row.year]}
            )
        seen[found.pk, row.year] = row.line
        matched.append((row.line, found, row.year, row.population))
    raise_errors(errors)
    return matched, tuple(sorted(skipped))


def _name_conflict(values: dict, named: set[Member]) -> str:
    names = ", ".join(sorted(f"{m.kommunkod} {m.name}" for m in named))
    return _(
        'Row %(row)s: the code and the name of "%(region)s" are different members '
        "(the name is that of %(names)s)."
    ) % {**values, "names": names}


def _compare(
    federation: Federation,
    rows: list[tuple[int, Member, int, int]],
    *,
    source: str,
    title: str,
    layout: str,
    skipped: tuple[str, ...],
) -> PopulationPlan:
    if not rows:
        raise ValidationError(
            _("No row of the file is a member of %(federation)s.")
            % {"federation": federation.name}
        )
    years = {year for _line, _member, year, _population in rows}
    stored = dict(
        ((member_id, year), population)
        for member_id, year, population in PopulationFigure.objects.filter(
            member__federation=federation,
            year__in=years | {year - 1 for year in years},
        ).values_list("member_id", "year", "population")
    )
    in_file = {(m.pk, year): population for _line, m, year, population in rows}
    changes = tuple(
        PopulationChange(
            line=line,
            member_id=member.pk,
            member=member.name,
            kommunkod=member.kommunkod,
            year=year,
            population=population,
            stored=stored.get((member.pk, year)),
            previous=in_file.get(
                (member.pk, year - 1), stored.get((member.pk, year - 1))
            ),
        )
        for line, member, year, population in sorted(
            rows, key=lambda r: (r[1].name, r[2])
        )
    )
    return PopulationPlan(
        federation.pk, source, title, layout, changes, tuple(sorted(skipped))
    )
