"""Import of an existing register of agreements from CSV: all rows or none.

The file is read by its header (core.csv_import): the six columns below, in any
order, and no other. Every row is checked first, then saved in one transaction;
any error refuses the whole file with one Swedish message per row.
"""

import re
from typing import cast

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.csv_import import normalise, raise_errors, read_table, shown
from federation.models import Federation, Member

from .models import Agreement, AgreementParty, DecidingBody
from .services import PartySpec, create_agreement, parse_date

COLUMNS = ["titel", "typ", "gäller_från", "gäller_till", "uppsägningstid", "parter"]
KINDS = {label.lower(): value for value, label in Agreement.Kind.choices}
CODE = re.compile(r"[0-9]{2}|[0-9]{4}")
MONTHS = re.compile(r"[0-9]{1,3}")
# A CharField's: never None.
MAX_NAME = cast(int, AgreementParty._meta.get_field("external_name").max_length)


def accepted_columns() -> str:
    return _("Accepted header: %(columns)s.") % {"columns": ";".join(COLUMNS)}


def _layout(header: list[str]) -> dict[str, int] | None:
    if sorted(header) != sorted(COLUMNS):
        return None
    return {name: header.index(name) for name in COLUMNS}


def import_register_csv(
    federation: Federation, text: str, *, by: User
) -> list[Agreement]:
    """Create one agreement per row of the file.

    Parties are kommunkoder or member names separated by "|"; any other name is an
    external party, but a code that is not a member's is an error. A row whose
    title and start date are already in the register (or twice in the file) is an
    error, so a file imported twice imports nothing the second time.
    """
    table = read_table(
        text.removeprefix("\ufeff"), _layout, accepted=accepted_columns()
    )
    members = list(federation.members.all())
    existing = set(federation.agreements.values_list("title", "valid_from"))
    parsed, errors = [], []
    for row in table.rows:
        cells = {name: row.cells[at] for name, at in table.layout.items()}
        try:
            fields, parties = _parse_row(cells, members)
            key = (fields["title"], fields["valid_from"])
            if key in existing:
                raise ValidationError(
                    _("“%(title)s” from %(date)s is already in the register.")
                    % {"title": shown(key[0]), "date": key[1]}
                )
            existing.add(key)
            parsed.append((row.number, fields, parties))
        except ValidationError as error:
            errors += _on_row(row.number, error)
    raise_errors(errors)
    if not parsed:
        raise ValidationError(_("The file has no agreements."))
    return _create_all(federation, parsed, by=by)


def _on_row(number: int, error: ValidationError) -> list[str]:
    return [
        _("Row %(row)s: %(error)s") % {"row": number, "error": message}
        for message in error.messages
    ]


@transaction.atomic
def _create_all(federation: Federation, parsed: list, *, by: User) -> list[Agreement]:
    """Every row or none: the model's own checks (full_clean) name their row too."""
    created, errors = [], []
    for number, fields, parties in parsed:
        try:
            created.append(
                create_agreement(federation, by=by, parties=parties, **fields)
            )
        except ValidationError as error:
            errors += _on_row(number, error)
    raise_errors(errors)
    return created


def _parse_row(row: dict, members: list[Member]) -> tuple[dict, list[PartySpec]]:
    title = row["titel"]
    if not title:
        raise ValidationError(_("The title is missing."))
    kind = KINDS.get(row["typ"].lower())
    if kind is None:
        raise ValidationError(
            _("Unknown kind “%(kind)s”.") % {"kind": shown(row["typ"])}
        )
    valid_to, notice = row["gäller_till"], row["uppsägningstid"]
    if notice and not MONTHS.fullmatch(notice):
        raise ValidationError(_("The notice period must be a number of months."))
    fields = {
        "title": title,
        "kind": kind,
        "valid_from": parse_date(row["gäller_från"], label=_("Valid from")),
        "valid_to": parse_date(valid_to, label=_("Valid to")) if valid_to else None,
        "notice_months": int(notice) if notice else None,
    }
    names = [name.strip() for name in row["parter"].split("|") if name.strip()]
    if not names:
        raise ValidationError(_("Choose the parties to the agreement."))
    return fields, [_party(name, members) for name in names]


def _party(name: str, members: list[Member]) -> PartySpec:
    for member in members:
        if name == member.kommunkod or normalise(name) == normalise(member.name):
            body = (
                DecidingBody.REGIONFULLMAKTIGE
                if member.kind == Member.Kind.REGION
                else DecidingBody.KOMMUNFULLMAKTIGE
            )
            return PartySpec(body, member=member)
    if CODE.fullmatch(name):
        raise ValidationError(
            _("“%(code)s” is not the code of a member.") % {"code": name}
        )
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("The name of an external party is longer than %(max)s characters.")
            % {"max": MAX_NAME}
        )
    return PartySpec(DecidingBody.STYRELSE, external_name=name)
