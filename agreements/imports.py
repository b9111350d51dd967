"""Import of an existing register of agreements from CSV: all rows or none."""

import csv
import io

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from federation.models import Federation, Member

from .models import Agreement, DecidingBody
from .services import PartySpec, create_agreement, parse_date

COLUMNS = ["titel", "typ", "gäller_från", "gäller_till", "uppsägningstid", "parter"]
KINDS = {label.lower(): value for value, label in Agreement.Kind.choices}


def import_register_csv(
    federation: Federation, text: str, *, by: User
) -> list[Agreement]:
    """Create one agreement per row of a semicolon-separated file.

    Parties are kommunkoder or member names separated by "|"; anything else is an
    external party. Every row is checked first; one bad row imports nothing and the
    error names its row.
    """
    # newline=None: files saved with Mac line ends (a lone \r) read as lines too.
    reader = csv.DictReader(
        io.StringIO(text.lstrip("\ufeff"), newline=None), delimiter=";"
    )
    try:
        rows = list(reader)
    except csv.Error as error:  # e.g. a field over csv's size limit
        raise ValidationError(_("The file cannot be read as CSV.")) from error
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("The file lacks the columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    members = list(federation.members.all())
    parsed, errors = [], []
    for number, row in enumerate(rows, start=2):
        try:
            parsed.append(_parse_row(row, members))
        except ValidationError as error:
            errors += [
                _("Row %(row)s: %(error)s") % {"row": number, "error": message}
                for message in error.messages
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return [
            create_agreement(federation, by=by, parties=parties, **fields)
            for fields, parties in parsed
        ]


def _parse_row(row: dict, members: list[Member]) -> tuple[dict, list[PartySpec]]:
    title = (row["titel"] or "").strip()
    if not title:
        raise ValidationError(_("The title is missing."))
    kind = KINDS.get((row["typ"] or "").strip().lower())
    if kind is None:
        raise ValidationError(
            _("Unknown kind “%(kind)s”.") % {"kind": (row["typ"] or "").strip()}
        )
    valid_to = (row["gäller_till"] or "").strip()
    notice = (row["uppsägningstid"] or "").strip()
    if notice and not notice.isdigit():
        raise ValidationError(_("The notice period must be a number of months."))
    fields = {
        "title": title,
        "kind": kind,
        "valid_from": parse_date(row["gäller_från"], label=_("Valid from")),
        "valid_to": parse_date(valid_to, label=_("Valid to")) if valid_to else None,
        "notice_months": int(notice) if notice else None,
    }
    parties = [_party(n.strip(), members) for n in (row["parter"] or "").split("|")]
    parties = [p for p in parties if p is not None]
    if not parties:
        raise ValidationError(_("Choose the parties to the agreement."))
    return fields, parties


def _party(name: str, members: list[Member]) -> PartySpec | None:
    if not name:
        return None
    for member in members:
        if name in (member.kommunkod, member.name):
            body = (
                DecidingBody.REGIONFULLMAKTIGE
                if member.kind == Member.Kind.REGION
                else DecidingBody.KOMMUNFULLMAKTIGE
            )
            return PartySpec(body, member=member)
    return PartySpec(DecidingBody.STYRELSE, external_name=name)
