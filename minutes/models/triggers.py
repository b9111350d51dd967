"""The PostgreSQL triggers that keep a justerat protokoll and its frozen documents
as they were (pgtrigger)."""

import functools
import operator

import pgtrigger

# The protokoll a row belongs to, found from the row (OLD) by its foreign key.
MINUTES_OF = {
    "minutes": "OLD.minutes_id",
    "paragraph": (
        "(SELECT minutes_id FROM minutes_paragraph WHERE id = OLD.paragraph_id)"
    ),
    "vote": (
        "(SELECT p.minutes_id FROM minutes_vote v JOIN minutes_paragraph p"
        " ON p.id = v.paragraph_id WHERE v.id = OLD.vote_id)"
    ),
}


def protect_justerat_rows(via: str = "minutes") -> pgtrigger.Trigger:
    """Refuses a change of a row that belongs to a justerat protokoll (PostgreSQL
    only); the rättelse service passes with pgtrigger.ignore."""
    # S608: the SQL is built from the constants above, never from input.
    func = (
        "IF EXISTS (SELECT 1 FROM minutes_minutes WHERE id = "  # noqa: S608
        + MINUTES_OF[via]
        + " AND status = 'justerat') THEN\n"
        "    RAISE EXCEPTION 'A justerat protokoll changes only by rättelse "
        "(table %)', TG_TABLE_NAME;\n"
        "END IF;\n"
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
        "RETURN NEW;\n"
    )
    return pgtrigger.Trigger(
        name="protect_justerat",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=func,
    )


def frozen_document_triggers(*frozen: str) -> list[pgtrigger.Trigger]:
    """PostgreSQL triggers of a frozen stored document: never deleted, the fields
    named never changed, and the file never replaced once the build stored it."""
    changed = [
        pgtrigger.Q(**{f"old__{f}__df": pgtrigger.F(f"new__{f}")}) for f in frozen
    ]
    stored = pgtrigger.Q(old__sha256__gt="") & (
        pgtrigger.Q(old__sha256__df=pgtrigger.F("new__sha256"))
        | pgtrigger.Q(old__file__df=pgtrigger.F("new__file"))
    )
    return [
        pgtrigger.Protect(name="protect_delete", operation=pgtrigger.Delete),
        pgtrigger.Protect(
            name="protect_frozen",
            operation=pgtrigger.Update,
            condition=functools.reduce(operator.or_, [*changed, stored]),
        ),
    ]
