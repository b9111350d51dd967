"""Demo agreements: the SRB överenskommelse and STARK in Västmanland, and a
samverkansavtal of Sjuhärad whose first version fell.

Facts (parties, deciding bodies, periods) follow the reference documents; the texts
and decision references are invented. The agreements are keyword rows below; their
parties and decisions are demo_agreement_parties.csv next to this module, naming an
agreement by its key here and a member by its kommunkod. Safe to run again: rows are
found by natural keys (federation and title; agreement and member or external name;
party).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User

from federation.demo import lookup, lookup_or_none, rows
from federation.models import Federation

from .models import Agreement, AgreementParty, DecidingBody, Ratification

D = datetime.date
PARTIES = Path(__file__).parent / "demo_agreement_parties.csv"


@dataclass(frozen=True)
class AgreementRow:
    """An agreement; `key` is how the parties' rows and the finance demo name it."""

    key: str
    federation: str  # the förbund's slug
    title: str
    kind: str
    description: str
    short_name: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    notice_months: int | None = None
    earliest_end: datetime.date | None = None
    ends_for_all_on_exit: bool = True
    ratify_by: datetime.date | None = None
    reminder_months: int = 6
    relation: str = Agreement.Relation.NONE
    previous: str = ""  # the key of the agreement this one replaces


AGREEMENTS = [
    AgreementRow(
        key="srb",
        federation="vastmanland",
        title="Överenskommelse om regional samverkan i Västmanland",
        short_name="SRB",
        kind=Agreement.Kind.OVERENSKOMMELSE,
        description=(
            "Regionen och länets tio kommuner samverkar i en strategisk regional "
            "beredning. Överenskommelsen gäller tills vidare och upphör för alla om "
            "någon part frånträder den. Kostnaderna delas efter folkmängd med "
            "indexuppräkning."
        ),
        valid_from=D(2023, 5, 1),
        ends_for_all_on_exit=True,
        ratify_by=D(2023, 4, 30),
    ),
    AgreementRow(
        key="stark",
        federation="vastmanland",
        title=(
            "Avtal om utveckling och utbyte av kunskap om strategiskt arbete i "
            "regioner och kommuner (STARK)"
        ),
        short_name="STARK",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        description=(
            "Kommunerna och Mälardalens universitet utvecklar tillsammans kunskap om "
            "strategiskt arbete. Varje kommun betalar ett fast belopp om 69 000 kr "
            "per år under avtalsperioden."
        ),
        valid_from=D(2025, 10, 1),
        valid_to=D(2028, 9, 30),
        notice_months=6,
        ends_for_all_on_exit=False,
        reminder_months=6,
    ),
    AgreementRow(
        key="sjuharad_v1",
        federation="sjuharad",
        title="Samverkansavtal om gemensam upphandling, version 1",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        description="Den första versionen avslogs av en medlem och föll.",
        valid_from=D(2024, 1, 1),
        notice_months=12,
        ratify_by=D(2023, 12, 31),
    ),
    AgreementRow(
        key="sjuharad_v2",
        federation="sjuharad",
        title="Samverkansavtal om gemensam upphandling, version 2",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        description="Ersätter version 1 efter synpunkter från medlemmarna.",
        valid_from=D(2024, 7, 1),
        notice_months=12,
        earliest_end=D(2027, 6, 30),
        relation=Agreement.Relation.REPLACES,
        previous="sjuharad_v1",
    ),
]


def load(context: dict) -> dict:
    chef: User | None = context.get("users", {}).get("chef")
    federations = {
        slug: federation
        for slug, federation in context.items()
        if isinstance(federation, Federation)
    }
    agreements: dict[str, Agreement] = {}
    for row in AGREEMENTS:
        at = f"AGREEMENTS in agreements/demo.py ({row.key})"
        federation = lookup(federations, row.federation, "förbund", at)
        agreements[row.key] = Agreement.objects.update_or_create(
            federation=federation,
            title=row.title,
            defaults={
                "short_name": row.short_name,
                "kind": Agreement.Kind(row.kind),
                "description": row.description,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
                "notice_months": row.notice_months,
                "earliest_end": row.earliest_end,
                "ends_for_all_on_exit": row.ends_for_all_on_exit,
                "ratify_by": row.ratify_by,
                "reminder_months": row.reminder_months,
                "relation": Agreement.Relation(row.relation),
                "previous": lookup_or_none(agreements, row.previous, "agreement", at),
            },
        )[0]
    members = {
        slug: {m.kommunkod: m for m in federation.members.all()}
        for slug, federation in federations.items()
    }
    for cells in rows(PARTIES):
        party_key = cells["member"] or cells["external_name"]
        at = f"{PARTIES.name} ({cells['agreement']}, {party_key})"
        agreement = lookup(agreements, cells["agreement"], "agreement", at)
        own = members[agreement.federation.slug]
        party = AgreementParty.objects.update_or_create(
            agreement=agreement,
            member=lookup_or_none(own, cells["member"], "member", at),
            external_name=cells["external_name"],
            defaults={
                "deciding_body": DecidingBody(cells["deciding_body"]),
                "position": int(cells["position"]),
            },
        )[0]
        if cells["outcome"]:
            _decide(party, cells["outcome"], D.fromisoformat(cells["decided_on"]), chef)
    return {"agreements": agreements}


def _decide(
    party: AgreementParty, outcome: str, day: datetime.date, by: User | None
) -> None:
    """The party's decision, with an invented paragraph and protokoll reference."""
    body = party.get_deciding_body_display()
    Ratification.objects.update_or_create(
        party=party,
        defaults={
            "outcome": Ratification.Outcome(outcome),
            "decided_on": day,
            "deciding_body": party.deciding_body,
            "paragraph": f"§ {10 + day.day}",
            "protocol": f"{body} {day.isoformat()}",
            "recorded_by": by,
        },
    )
