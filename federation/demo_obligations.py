"""Demo of the bodies' obligations (issue 22.2): the rules of demo_body_rules.csv
(the SRB of Västmanland as its agreement states them, and its samverkansgrupp
reporting to it twice a year), and the SRB's meetings of 2026: four held and one
planned, short of the six a year, so the warning shows. Safe to run again."""

import datetime
from pathlib import Path

from django.contrib.auth.models import User

from core import history
from meetings.models import Meeting
from meetings.services import create_meeting

from .demo import lookup, rows
from .models import Body
from .models_obligations import BodyRules

HERE = Path(__file__).parent
D = datetime.date
SRB_HELD = [D(2026, 2, 13), D(2026, 4, 17), D(2026, 6, 12), D(2026, 9, 25)]
SRB_PLANNED = [D(2026, 12, 18)]
SRB_PLACE = "Regionhuset, Västerås"


def load_obligations(context: dict) -> None:
    bodies = {
        (b.federation.slug, b.short_name): b
        for b in Body.objects.select_related("federation")
    }
    at = "demo_body_rules.csv"
    for row in rows(HERE / at):
        key = (row["federation"], row["body"])
        body = lookup(bodies, key, "body", at)  # type: ignore[arg-type]
        reports_to = (
            lookup(bodies, (row["federation"], row["reports_to"]), "body", at)  # type: ignore[arg-type]
            if row["reports_to"]
            else None
        )
        rules, _created = BodyRules.objects.update_or_create(
            body=body,
            defaults={
                "min_meetings_per_year": int(row["min_meetings_per_year"] or 0) or None,
                "signed_by": row["signed_by"],
                "justerare_count": int(row["justerare_count"]),
                "extra_meeting_share": int(row["extra_meeting_share"] or 0) or None,
                "reports_to": reports_to,
                "reports_per_year": int(row["reports_per_year"] or 0) or None,
                "reassessment": row["reassessment"],
                "source": row["source"],
            },
        )
        names = [n for n in row["expedite_to"].split(";") if n]
        rules.expedite_to.set(
            [lookup(bodies, (row["federation"], n), "body", at) for n in names]  # type: ignore[arg-type]
        )
    srb = bodies.get(("vastmanland", "SRB"))
    if srb is not None:
        _srb_meetings(srb, context.get("users", {}).get("chef"))


def _srb_meetings(srb: Body, chef: User | None) -> None:
    for day in [*SRB_HELD, *SRB_PLANNED]:
        if Meeting.objects.filter(body=srb, date=day).exists():
            continue
        meeting = create_meeting(
            srb,
            date=day,
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
            place=SRB_PLACE,
            by=chef,
        )
        if day in SRB_HELD:
            meeting.status = Meeting.Status.HELD
            history.save(meeting, by=chef, reason="demo", update_fields=["status"])
