"""Demo register: Sjuhärad and Västmanland, with fictional persons.

Facts (members, bodies, roles, parties, rules) follow the reference documents; every
person's name is invented. The register is the CSV files next to this module, one
table each (demo_federations.csv, demo_members.csv, demo_bodies.csv, demo_people.csv,
demo_assignments.csv, demo_officials.csv…). Every demo names a thing by one key: a
förbund by its slug, a member by its kommunkod, a body by its short name, a person
by the "key" column of demo_people.csv, a demo user by its username, an ärende by its
key in cases/demo.py.
A key no table defines fails the load (`UnknownKey`). The other demos use `rows` and
`lookup` below. Safe to run again: rows are found by natural keys.
"""

import csv
import datetime
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Assignment,
    Body,
    CompositionRule,
    Federation,
    Member,
    Party,
    Person,
    RoleGrant,
    Term,
)
from .officials import Official
from .roles import STAFF_ROLES, Role
from .services_officials import set_logo

HERE = Path(__file__).parent
T = TypeVar("T")
Keyed = dict[str, dict[str, T]]  # a förbund's slug -> a key -> its row


class UnknownKey(CommandError):
    """A demo row names a thing by a key that no demo table defines."""


def rows(path: Path) -> list[dict[str, str]]:
    """The rows of a demo CSV file (UTF-8, a header row), in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def lookup(things: Mapping[str, T], key: str, what: str, where: str) -> T:
    """The thing `key` names; an unknown key stops the load and says where it is."""
    try:
        return things[key]
    except KeyError:
        known = ", ".join(sorted(things)) or "none"
        raise UnknownKey(
            f"{where} names the {what} {key!r}, which no demo defines (known: {known})."
        ) from None


def lookup_or_none(
    things: Mapping[str, T], key: str, what: str, where: str
) -> T | None:
    """Like `lookup`, where a blank cell names nothing."""
    return lookup(things, key, what, where) if key else None


def _date(cell: str) -> datetime.date:
    return datetime.date.fromisoformat(cell)


def _date_or_none(cell: str) -> datetime.date | None:
    return _date(cell) if cell else None


def _number(cell: str) -> int | None:
    return int(cell) if cell else None


def _yes(cell: str) -> bool:
    return {"yes": True, "no": False}[cell]


def load(context: dict) -> dict:
    parties = {
        row["abbreviation"]: Party.objects.get_or_create(
            abbreviation=row["abbreviation"], defaults={"name": row["name"]}
        )[0]
        for row in rows(HERE / "demo_parties.csv")
    }
    terms = {
        row["name"]: Term.objects.get_or_create(
            name=row["name"],
            defaults={
                "starts_on": _date(row["starts_on"]),
                "ends_on": _date(row["ends_on"]),
            },
        )[0]
        for row in rows(HERE / "demo_terms.csv")
    }
    federations = {
        row["slug"]: Federation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "kind": Federation.Kind(row["kind"]),
                "diarium_prefix": row["diarium_prefix"],
                "address": row["address"],
            },
        )[0]
        for row in rows(HERE / "demo_federations.csv")
    }
    members = _load_members(federations)
    bodies = _load_bodies(federations, members)
    _load_rules(federations, bodies)
    people = _load_people(federations, parties, members)
    _load_assignments(people, bodies, members, terms)
    users = _load_users(list(federations.values()), people)
    _load_officials(federations, users)
    for slug, colour in LOGO_COLOURS.items():
        if slug in federations and not federations[slug].logo:
            _demo_logo(federations[slug], colour)
    return {**federations, "users": users, "people": people}


def _load_members(federations: dict[str, Federation]) -> Keyed[Member]:
    members: Keyed[Member] = {slug: {} for slug in federations}
    for row in rows(HERE / "demo_members.csv"):
        at = f"demo_members.csv ({row['kommunkod']})"
        federation = lookup(federations, row["federation"], "förbund", at)
        members[federation.slug][row["kommunkod"]] = Member.objects.update_or_create(
            federation=federation,
            kommunkod=row["kommunkod"],
            defaults={
                "name": row["name"],
                "kind": Member.Kind(row["kind"]),
                "status": Member.Status(row["status"]),
                "valid_from": _date_or_none(row["valid_from"]),
            },
        )[0]
    return members


def _load_bodies(
    federations: dict[str, Federation], members: Keyed[Member]
) -> Keyed[Body]:
    """Bodies by short name; a body's parent is a body of the same förbund above it."""
    bodies: Keyed[Body] = {slug: {} for slug in federations}
    for row in rows(HERE / "demo_bodies.csv"):
        at = f"demo_bodies.csv ({row['short_name']})"
        federation = lookup(federations, row["federation"], "förbund", at)
        own = bodies[federation.slug]
        parent, member = row["parent"], row["member"]
        own[row["short_name"]] = Body.objects.update_or_create(
            federation=federation,
            short_name=row["short_name"],
            defaults={
                "name": row["name"],
                "kind": Body.Kind(row["kind"]),
                "parent": lookup_or_none(own, parent, "body", at),
                "member": lookup_or_none(
                    members[federation.slug], member, "member", at
                ),
                "kallelse_lead_days": int(row["kallelse_lead_days"]),
                "seats_min": _number(row["seats_min"]),
                "seats_max": _number(row["seats_max"]),
                "has_ersattare": _yes(row["has_ersattare"]),
                "takes_decisions": _yes(row["takes_decisions"]),
            },
        )[0]
    return bodies


def _load_rules(federations: dict[str, Federation], bodies: Keyed[Body]) -> None:
    """Composition rules, made once: a body that has rules keeps its own."""
    ruled = set(
        CompositionRule.objects.filter(
            body__federation__in=federations.values()
        ).values_list("body_id", flat=True)
    )
    for row in rows(HERE / "demo_composition_rules.csv"):
        at = f"demo_composition_rules.csv ({row['body']})"
        own = bodies[lookup(federations, row["federation"], "förbund", at).slug]
        body = lookup(own, row["body"], "body", at)
        if body.pk in ruled:
            continue
        presidium_of = row["presidium_of"]
        CompositionRule.objects.create(
            body=body,
            kind=CompositionRule.Kind(row["kind"]),
            scope=CompositionRule.Scope(row["scope"]),
            member_kind=row["member_kind"],
            role_group=CompositionRule.RoleGroup(row["role_group"]),
            min_count=_number(row["min_count"]),
            max_count=_number(row["max_count"]),
            presidium_of=lookup_or_none(own, presidium_of, "body", at),
            source=row["source"],
        )


def _load_people(
    federations: dict[str, Federation],
    parties: dict[str, Party],
    members: Keyed[Member],
) -> dict[str, Person]:
    """The förtroendevalda by their key (staff persons come with the users)."""
    people = {}
    for row in rows(HERE / "demo_people.csv"):
        at = f"demo_people.csv ({row['key']})"
        federation = lookup(federations, row["federation"], "förbund", at)
        home = row["home_member"]
        people[row["key"]] = Person.objects.update_or_create(
            federation=federation,
            first_name=row["first_name"],
            last_name=row["last_name"],
            defaults={
                "party": lookup(parties, row["party"], "party", at),
                "home_member": lookup_or_none(
                    members[federation.slug], home, "member", at
                ),
                "email": row["email"],
            },
        )[0]
    return people


def _load_assignments(
    people: dict[str, Person],
    bodies: Keyed[Body],
    members: Keyed[Member],
    terms: dict[str, Term],
) -> None:
    """Seats, each in a body of the person's förbund."""
    seats: dict[str, Assignment] = {}  # "stina_lindgard in Direktion"
    for row in rows(HERE / "demo_assignments.csv"):
        at = f"demo_assignments.csv ({row['person']}, {row['body']})"
        person = lookup(people, row["person"], "person", at)
        slug = person.federation.slug
        body = lookup(bodies[slug], row["body"], "body", at)
        code = row["representing"]
        # A seat filled in a vacancy replaces the leaver's seat in that body.
        replaces = f"{row['replaces']} in {row['body']}" if row["replaces"] else ""
        seat = Assignment.objects.update_or_create(
            person=person,
            body=body,
            valid_from=_date(row["valid_from"]),
            defaults={
                "role": Assignment.Role(row["role"]),
                "representing": lookup_or_none(members[slug], code, "member", at),
                "valid_to": _date_or_none(row["valid_to"]),
                "term": lookup(terms, row["term"], "term", at),
                "ersattare_order": _number(row["ersattare_order"]),
                "decision": row["decision"],
                "replaces": lookup_or_none(seats, replaces, "seat", at),
            },
        )[0]
        seats[f"{row['person']} in {row['body']}"] = seat


def _load_users(
    federations: list[Federation], people: dict[str, Person]
) -> dict[str, User]:
    """The demo accounts: staff with a grant and a Person (title, contacts) in every
    förbund, politicians with the grant Förtroendevald in their register person's."""
    users = {}
    for row in rows(HERE / "demo_users.csv"):
        username = row["username"]
        role = Role(row["role"])
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": f"{username}@example.se",
            },
        )
        if created:
            user.set_password("demo")
            user.save()
        # A politician holds the grant in the förbund of their register person only.
        granted = federations
        if row["person"]:
            at = f"demo_users.csv ({username})"
            granted = [lookup(people, row["person"], "person", at).federation]
        for federation in granted:
            RoleGrant.objects.get_or_create(user=user, federation=federation, role=role)
            if row["title"]:  # staff appear in documents with their title and contacts
                Person.objects.update_or_create(
                    federation=federation,
                    user=user,
                    defaults={
                        "first_name": row["first_name"],
                        "last_name": row["last_name"],
                        "title": row["title"],
                        "email": user.email,
                        "phone": row["phone"],
                    },
                )
        users[username] = user
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.se"},
    )
    if created:
        admin.set_password("demo")
        admin.save()
    users["admin"] = admin
    # Staff and the administrator log in with a second factor (accounts); in
    # development the code is shown on the verification page.
    for row in rows(HERE / "demo_users.csv"):
        if Role(row["role"]) in STAFF_ROLES:
            _second_factor(users[row["username"]])
    _second_factor(admin)
    # The politicians' accounts are their register persons: the Direktion's ledamot
    # for Bollebygd and its ordförande, so that both can justera a protokoll.
    for row in rows(HERE / "demo_users.csv"):
        if not row["person"]:
            continue
        at = f"demo_users.csv ({row['username']})"
        person = lookup(people, row["person"], "person", at)
        if person.user_id != users[row["username"]].pk:
            person.user = users[row["username"]]
            person.save()
    return users


def _load_officials(federations: dict[str, Federation], users: dict[str, User]) -> None:
    """The officials' register: a post held by a demo user is their Person of the
    förbund, another by a name only (the förbundsdirektör, who signs the kallelse)."""
    for row in rows(HERE / "demo_officials.csv"):
        at = f"demo_officials.csv ({row['federation']}, {row['role']})"
        federation = lookup(federations, row["federation"], "förbund", at)
        user = lookup_or_none(users, row["user"], "user", at)
        person = Person.objects.get(federation=federation, user=user) if user else None
        Official.objects.update_or_create(
            federation=federation,
            role=Official.Role(row["role"]),
            valid_from=_date(row["valid_from"]),
            defaults={"title": row["title"], "name": row["name"], "person": person},
        )


# Each demo förbund's logo: a drawn mark in a colour of its own (none is real).
LOGO_COLOURS = {"sjuharad": (0, 94, 133), "vastmanland": (140, 40, 60)}


def _demo_logo(federation: Federation, colour: tuple[int, int, int]) -> None:
    """A simple mark, stored through the upload's check as an uploaded logo is."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 leaf

    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 230, 230), fill=(*colour, 255))
    draw.polygon([(40, 170), (120, 70), (200, 170)], fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    set_logo(federation, upload, by=None)


def _second_factor(user: User) -> None:
    TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "Demotelefon", "confirmed": True}
    )
