"""The permission matrix's rows of OParl (issue 21.7): every address is open data,
the same JSON for everyone (oparl.selectors decides what is in it)."""

from collections.abc import Callable

from federation.models import Assignment, Body, Federation, Person, Term
from meetings.models import Meeting
from minutes.models import Attendance

from .matrix_public import EVERYONE

KINDS = (
    "organization",
    "person",
    "membership",
    "servingmembership",
    "meeting",
    "agendaitem",
    "consultation",
    "paper",
    "file",
    "location",
    "legislativeterm",
)

OPARL_EXPECTED: dict[str, dict] = {
    "oparl:system": EVERYONE,
    "oparl:body_list": EVERYONE,
    "oparl:body": EVERYONE,
    "oparl:file_access": EVERYONE,
    "oparl:file_download": EVERYONE,
    **{f"oparl:{kind}_list": EVERYONE for kind in KINDS},
    **{f"oparl:{kind}": EVERYONE for kind in KINDS},
}


def _march(f: Federation) -> Meeting:
    return Meeting.objects.get(body__federation=f, date="2024-03-01")


def _pk(row) -> dict:
    assert row is not None
    return {"pk": row.pk}


def _document(f: Federation) -> dict:
    """A public handling on the published meeting's agenda."""
    from oparl.selectors import public_documents  # noqa: PLC0415 leaf

    return _pk(
        public_documents(f).filter(case__agenda_items__meeting=_march(f)).first()
    )


# A public object of each kind, from the published meeting of 2024-03-01.
OPARL_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "oparl:organization": lambda f: _pk(
        Body.objects.get(federation=f, short_name="Direktion")
    ),
    "oparl:person": lambda f: _pk(
        Person.objects.get(federation=f, user__username="ledamot")
    ),
    "oparl:membership": lambda f: _pk(
        Assignment.objects.filter(body__federation=f, body__short_name="Direktion")
        .order_by("pk")
        .first()
    ),
    "oparl:servingmembership": lambda f: _pk(
        Attendance.objects.filter(
            minutes__meeting=_march(f), serving_for__isnull=False
        ).first()
    ),
    "oparl:meeting": lambda f: _pk(_march(f)),
    "oparl:location": lambda f: _pk(_march(f)),
    "oparl:agendaitem": lambda f: _pk(_march(f).items.order_by("pk").first()),
    "oparl:consultation": lambda f: _pk(
        _march(f).items.filter(case__isnull=False).order_by("pk").first()
    ),
    "oparl:paper": lambda f: _pk(
        _march(f).items.filter(case__isnull=False).order_by("pk").first().case  # type: ignore[union-attr]
    ),
    "oparl:file": _document,
    "oparl:file_access": _document,
    "oparl:file_download": _document,
    "oparl:legislativeterm": lambda f: _pk(Term.objects.order_by("pk").first()),
}
