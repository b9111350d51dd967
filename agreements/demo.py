"""Demo agreements: the SRB överenskommelse and STARK in Västmanland, and a
samverkansavtal of Sjuhärad whose first version fell.

Facts (parties, deciding bodies, periods) follow the reference documents; the texts
and decision references are invented. Safe to run again: rows are found by natural
keys (federation and title; agreement and member or external name; party).
"""

import datetime

from federation.models import Federation, Member

from .models import Agreement, AgreementParty, DecidingBody, Ratification

D = datetime.date
ADOPTED, REJECTED = Ratification.Outcome.ADOPTED, Ratification.Outcome.REJECTED

# SRB: which kommuner have adopted so far, with the day of their fullmäktige.
SRB_ADOPTED = {
    "1984": D(2023, 2, 20),  # Arboga
    "1982": D(2023, 2, 27),  # Fagersta
    "1961": D(2023, 3, 6),  # Hallstahammar
    "1960": D(2023, 3, 13),  # Kungsör
    "1983": D(2023, 3, 27),  # Köping
    "1980": D(2023, 4, 3),  # Västerås
    "19": D(2023, 4, 18),  # Region Västmanland
}
STARK_KOMMUNER = ["1984", "1960", "1983", "1962"]  # Arboga, Kungsör, Köping, Norberg


def load(context: dict) -> dict:
    vastmanland, sjuharad = context["vastmanland"], context["sjuharad"]
    chef = context.get("users", {}).get("chef")
    return {
        "agreements": {
            "srb": _srb(vastmanland, chef),
            "stark": _stark(vastmanland, chef),
            **_sjuharad(sjuharad, chef),
        }
    }


def _agreement(federation: Federation, title: str, **fields) -> Agreement:
    agreement, __ = Agreement.objects.update_or_create(
        federation=federation, title=title, defaults=fields
    )
    return agreement


def _party(
    agreement: Agreement,
    body: str,
    member: Member | None = None,
    external_name: str = "",
    position: int = 0,
) -> AgreementParty:
    party, __ = AgreementParty.objects.update_or_create(
        agreement=agreement,
        member=member,
        external_name=external_name,
        defaults={"deciding_body": body, "position": position},
    )
    return party


def _decide(party: AgreementParty, outcome: str, day: datetime.date, by) -> None:
    body = party.get_deciding_body_display()
    Ratification.objects.update_or_create(
        party=party,
        defaults={
            "outcome": outcome,
            "decided_on": day,
            "deciding_body": party.deciding_body,
            "paragraph": f"§ {10 + day.day}",
            "protocol": f"{body} {day.isoformat()}",
            "recorded_by": by,
        },
    )


def _srb(federation: Federation, chef) -> Agreement:
    agreement = _agreement(
        federation,
        "Överenskommelse om regional samverkan i Västmanland",
        short_name="SRB",
        kind=Agreement.Kind.OVERENSKOMMELSE,
        description=(
            "Regionen och länets tio kommuner samverkar i en strategisk regional "
            "beredning. Överenskommelsen gäller tills vidare och upphör för alla om "
            "någon part frånträder den. Kostnaderna delas efter folkmängd med "
            "indexuppräkning."
        ),
        valid_from=D(2023, 5, 1),
        valid_to=None,
        notice_months=None,
        ends_for_all_on_exit=True,
        ratify_by=D(2023, 4, 30),
    )
    members = federation.members.order_by("kind", "name")
    for position, member in enumerate(members):
        is_region = member.kind == Member.Kind.REGION
        body = (
            DecidingBody.REGIONFULLMAKTIGE
            if is_region
            else DecidingBody.KOMMUNFULLMAKTIGE
        )
        party = _party(agreement, body, member=member, position=position)
        if member.kommunkod in SRB_ADOPTED:
            _decide(party, ADOPTED, SRB_ADOPTED[member.kommunkod], chef)
    return agreement


def _stark(federation: Federation, chef) -> Agreement:
    agreement = _agreement(
        federation,
        "Avtal om utveckling och utbyte av kunskap om strategiskt arbete i regioner "
        "och kommuner (STARK)",
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
    )
    members = federation.members.filter(kommunkod__in=STARK_KOMMUNER).order_by("name")
    for position, member in enumerate(members):
        party = _party(
            agreement, DecidingBody.KOMMUNSTYRELSE, member=member, position=position
        )
        _decide(party, ADOPTED, D(2025, 6, 2 + position), chef)
    university = _party(
        agreement,
        DecidingBody.REKTOR,
        external_name="Mälardalens universitet",
        position=len(members),
    )
    _decide(university, ADOPTED, D(2025, 6, 16), chef)
    return agreement


def _sjuharad(federation: Federation, chef) -> dict:
    members = list(federation.members.filter(status=Member.Status.MEMBER))
    first = _agreement(
        federation,
        "Samverkansavtal om gemensam upphandling, version 1",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        description="Den första versionen avslogs av en medlem och föll.",
        valid_from=D(2024, 1, 1),
        notice_months=12,
        ratify_by=D(2023, 12, 31),
    )
    second = _agreement(
        federation,
        "Samverkansavtal om gemensam upphandling, version 2",
        kind=Agreement.Kind.SAMVERKANSAVTAL,
        description="Ersätter version 1 efter synpunkter från medlemmarna.",
        valid_from=D(2024, 7, 1),
        notice_months=12,
        earliest_end=D(2027, 6, 30),
        relation=Agreement.Relation.REPLACES,
        previous=first,
    )
    for position, member in enumerate(members):
        party = _party(
            first, DecidingBody.KOMMUNFULLMAKTIGE, member=member, position=position
        )
        rejects = member.kommunkod == "1465"  # Svenljunga
        _decide(party, REJECTED if rejects else ADOPTED, D(2023, 10, 16), chef)
        party = _party(
            second, DecidingBody.KOMMUNFULLMAKTIGE, member=member, position=position
        )
        _decide(party, ADOPTED, D(2024, 4, 22), chef)
    return {"sjuharad_v1": first, "sjuharad_v2": second}
