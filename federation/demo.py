"""Demo register: Sjuhärad and Västmanland, with fictional persons.

Facts (members, bodies, roles, parties, rules) follow the reference documents; every
person's name is invented. Safe to run again: rows are found by natural keys.
"""

import datetime
import itertools

from django.contrib.auth.models import User
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
from .roles import Role

D = datetime.date
TERM_START = D(2023, 1, 1)
TERM_END = D(2026, 12, 31)

PARTIES = [
    ("S", "Socialdemokraterna"),
    ("M", "Moderaterna"),
    ("SD", "Sverigedemokraterna"),
    ("C", "Centerpartiet"),
    ("V", "Vänsterpartiet"),
    ("KD", "Kristdemokraterna"),
    ("L", "Liberalerna"),
    ("MP", "Miljöpartiet"),
    ("NU", "Nytt Ulricehamn"),
]

SJUHARAD_MEMBERS = [
    ("Bollebygds kommun", "1443"),
    ("Borås Stad", "1490"),
    ("Herrljunga kommun", "1466"),
    ("Marks kommun", "1463"),
    ("Svenljunga kommun", "1465"),
    ("Tranemo kommun", "1452"),
    ("Ulricehamns kommun", "1491"),
    ("Vårgårda kommun", "1442"),
]
VASTMANLAND_MEMBERS = [
    ("Arboga kommun", "1984"),
    ("Fagersta kommun", "1982"),
    ("Hallstahammars kommun", "1961"),
    ("Kungsörs kommun", "1960"),
    ("Köpings kommun", "1983"),
    ("Norbergs kommun", "1962"),
    ("Sala kommun", "1981"),
    ("Skinnskattebergs kommun", "1904"),
    ("Surahammars kommun", "1907"),
    ("Västerås stad", "1980"),
]

# The Direktion as in the reference kallelse: role, party, member, invented name.
DIREKTION = [
    ("ordforande", "S", "1490", "Ulla", "Bergström"),
    ("vice_1", "M", "1490", "Anneli", "Carlén"),
    ("vice_2", "S", "1463", "Ulf", "Dahlgren"),
    ("ledamot", "S", "1443", "Rolf", "Rask"),
    ("ledamot", "S", "1466", "Maja", "Pihl"),
    ("ledamot", "M", "1465", "Jonas", "Björkvall"),
    ("ledamot", "S", "1452", "Dragan", "Berisha"),
    ("ledamot", "M", "1491", "Wilma", "Östberg"),
    ("ledamot", "C", "1442", "Bertil", "Hilding"),
    ("ersattare", "SD", "1443", "David", "Pärsson"),
    ("ersattare", "C", "1490", "Karin", "Hermelin"),
    ("ersattare", "KD", "1490", "Nils", "Arvidén"),
    ("ersattare", "M", "1466", "Gun", "Andréasson"),
    ("ersattare", "M", "1463", "Tove", "Ekbom"),
    ("ersattare", "S", "1465", "Patrik", "Harling"),
    ("ersattare", "M", "1452", "Nina", "Gardell"),
    ("ersattare", "S", "1491", "Klas", "Rehn"),
    ("ersattare", "S", "1442", "Tina", "Willén"),
    ("adj_ledamot", "L", "1383", "Tobias", "Carling"),
    ("adj_ledamot", "S", "1383", "Jenny", "Qvarnström"),
    ("adj_ledamot", "NU", None, "Mikael", "Lindvall"),
    ("adj_ledamot", "L", None, "Anna", "Svalberg"),
]

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Per",
    "Eva",
    "Johan",
    "Sara",
    "Mikael",
    "Lena",
    "Anders",
    "Emma",
    "Peter",
    "Ida",
    "Fredrik",
    "Elin",
    "Magnus",
    "Sofia",
    "Henrik",
    "Linnea",
    "Oskar",
    "Helena",
    "Jonas",
]
LAST_NAMES = [
    "Alm",
    "Berg",
    "Dahl",
    "Ek",
    "Falk",
    "Grahn",
    "Hed",
    "Ivarsson",
    "Jarl",
    "Kvist",
    "Lund",
    "Mård",
    "Nord",
    "Ohlin",
    "Palm",
    "Roos",
    "Sjö",
    "Tell",
    "Udd",
    "Vik",
    "Wall",
    "Åhl",
    "Ärlig",
    "Öst",
    "Brink",
    "Frost",
    "Holm",
]


def _names():
    """An endless, deterministic stream of invented names."""
    for last, first in itertools.product(LAST_NAMES, FIRST_NAMES):
        yield first, last


def load(context: dict) -> dict:
    parties = {
        abbr: Party.objects.get_or_create(abbreviation=abbr, defaults={"name": name})[0]
        for abbr, name in PARTIES
    }
    Term.objects.get_or_create(
        name="2019–2022",
        defaults={"starts_on": D(2019, 1, 1), "ends_on": D(2022, 12, 31)},
    )
    Term.objects.get_or_create(
        name="2023–2026", defaults={"starts_on": TERM_START, "ends_on": TERM_END}
    )
    Term.objects.get_or_create(
        name="2027–2030",
        defaults={"starts_on": D(2027, 1, 1), "ends_on": D(2030, 12, 31)},
    )
    sjuharad = _load_sjuharad(parties)
    vastmanland = _load_vastmanland(parties)
    users = _load_users(sjuharad, vastmanland)
    return {"sjuharad": sjuharad, "vastmanland": vastmanland, "users": users}


def _federation(slug: str, **defaults) -> Federation:
    return Federation.objects.update_or_create(slug=slug, defaults=defaults)[0]


def _member(federation: Federation, name: str, code: str, **extra) -> Member:
    defaults = {"name": name, "kind": Member.Kind.KOMMUN, **extra}
    return Member.objects.update_or_create(
        federation=federation, kommunkod=code, defaults=defaults
    )[0]


def _body(federation: Federation, short: str, **defaults) -> Body:
    return Body.objects.update_or_create(
        federation=federation, short_name=short, defaults=defaults
    )[0]


def _person(federation: Federation, first: str, last: str, **defaults) -> Person:
    return Person.objects.update_or_create(
        federation=federation, first_name=first, last_name=last, defaults=defaults
    )[0]


def _seat(person: Person, body: Body, role: str, **fields) -> Assignment:
    fields.setdefault("valid_from", TERM_START)
    fields.setdefault("valid_to", TERM_END)
    fields.setdefault("term", Term.objects.get(name="2023–2026"))
    return Assignment.objects.update_or_create(
        person=person,
        body=body,
        valid_from=fields.pop("valid_from"),
        defaults={"role": role, **fields},
    )[0]


def _load_sjuharad(parties: dict) -> Federation:
    fed = _federation(
        "sjuharad",
        name="Boråsregionen Sjuhärads kommunalförbund",
        kind=Federation.Kind.KOMMUNALFORBUND,
        diarium_prefix="BRS",
        address="Skaraborgsvägen 1B, 506 30 Borås",
    )
    members = {
        code: _member(fed, name, code, valid_from=D(2003, 1, 1))
        for name, code in SJUHARAD_MEMBERS
    }
    members["1383"] = _member(
        fed,
        "Varbergs kommun",
        "1383",
        status=Member.Status.ADJUNGERAD,
        valid_from=D(2011, 1, 1),
    )
    direktion = _body(
        fed,
        "Direktion",
        name="Direktionen",
        kind=Body.Kind.DIREKTION,
        kallelse_lead_days=7,
        has_ersattare=True,
        takes_decisions=True,
    )
    _body(
        fed,
        "BH7",
        name="Beredning Hållbar utveckling",
        kind=Body.Kind.BEREDNING,
        parent=direktion,
        kallelse_lead_days=7,
        takes_decisions=False,
    )
    vok = _body(
        fed,
        "VoK",
        name="Beredning Välfärd och Kompetens",
        kind=Body.Kind.BEREDNING,
        parent=direktion,
        kallelse_lead_days=7,
        takes_decisions=False,
    )
    order = itertools.count(1)
    for role, party, code, first, last in DIREKTION:
        person = _person(
            fed,
            first,
            last,
            party=parties[party],
            home_member=members.get(code) if code else None,
            email=f"{first}.{last}@example.se".lower(),
        )
        is_ersattare = role == Assignment.Role.ERSATTARE
        _seat(
            person,
            direktion,
            role,
            representing=members.get(code) if code else None,
            ersattare_order=next(order) if is_ersattare else None,
            decision="Medlemskommunernas val 2022",
        )
    _load_fyllnadsval(fed, direktion, vok, parties)
    return fed


def _load_fyllnadsval(
    fed: Federation, direktion: Body, vok: Body, parties: dict
) -> None:
    """The V seat was filled on 2024-03-01: the first holder left the day before."""
    leaving = _person(fed, "Stina", "Lindgård", party=parties["V"])
    arriving = _person(fed, "Arvid", "Thorén", party=parties["V"])
    for body in (direktion, vok):
        old = _seat(
            leaving,
            body,
            Assignment.Role.ADJ_LEDAMOT,
            valid_to=D(2024, 2, 29),
            decision="Direktionen 2023-01-27 § 3",
        )
        _seat(
            arriving,
            body,
            Assignment.Role.ADJ_LEDAMOT,
            valid_from=D(2024, 3, 1),
            replaces=old,
            decision="Direktionen 2024-03-01 § 4"
            if body == direktion
            else "Direktionen 2024-03-01 § 5",
        )


def _load_vastmanland(parties: dict) -> Federation:
    fed = _federation(
        "vastmanland",
        name="Regional samverkan i Västmanland",
        kind=Federation.Kind.REGIONAL_COOPERATION,
        diarium_prefix="SRB",
        address="Region Västmanland, 721 89 Västerås",
    )
    members = [
        _member(fed, name, code, valid_from=D(2017, 1, 1))
        for name, code in VASTMANLAND_MEMBERS
    ]
    region = _member(
        fed,
        "Region Västmanland",
        "19",
        kind=Member.Kind.REGION,
        valid_from=D(2017, 1, 1),
    )
    srb = _body(
        fed,
        "SRB",
        name="Strategisk regional beredning",
        kind=Body.Kind.BEREDNING,
        kallelse_lead_days=14,
        seats_min=25,
        seats_max=30,
        has_ersattare=False,
        takes_decisions=False,
    )
    rs = _body(
        fed, "RS", name="Regionstyrelsen", kind=Body.Kind.EXTERNAL, member=region
    )
    group = _body(
        fed,
        "SG Infra",
        name="Samverkansgrupp infrastruktur",
        kind=Body.Kind.SAMVERKANSGRUPP,
        parent=srb,
        kallelse_lead_days=14,
        has_ersattare=False,
        takes_decisions=False,
    )
    _srb_rules(srb, rs)
    names = _names()
    party_cycle = itertools.cycle(["S", "M", "C", "SD", "L", "KD", "V", "MP"])
    region_seats = [
        ("ordforande", "S"),
        ("vice", "M"),
        ("ledamot", "C"),
        ("ledamot", "SD"),
        ("ledamot", "V"),
        ("ledamot", "L"),
    ]
    rs_roles = ["ordforande", "vice_1", "vice_2"]
    for index, (role, party) in enumerate(region_seats):
        first, last = next(names)
        person = _person(fed, first, last, party=parties[party], home_member=region)
        _seat(person, srb, role, representing=region)
        if index < len(rs_roles):
            _seat(person, rs, rs_roles[index], representing=region)
    for index, member in enumerate(members):
        for seat in range(2):
            first, last = next(names)
            person = _person(
                fed, first, last, party=parties[next(party_cycle)], home_member=member
            )
            role = Assignment.Role.LEDAMOT
            if index == 9 and seat == 0:
                role = Assignment.Role.VICE_1
            elif index == 0 and seat == 1:
                role = Assignment.Role.VICE_2
            _seat(person, srb, role, representing=member)
            if seat == 0 and index < 5:
                _seat(person, group, Assignment.Role.LEDAMOT, representing=member)
    return fed


def _srb_rules(srb: Body, rs: Body) -> None:
    source = "Överenskommelsen avsnitt 2.2"
    rules = [
        {
            "kind": "count",
            "scope": "each_member",
            "member_kind": "kommun",
            "min_count": 2,
            "max_count": 2,
        },
        {
            "kind": "count",
            "scope": "member_kind",
            "member_kind": "region",
            "min_count": 5,
            "max_count": 10,
        },
        {"kind": "count", "scope": "body", "min_count": 25, "max_count": 30},
        {
            "kind": "count",
            "scope": "body",
            "role_group": "ersattare",
            "min_count": 0,
            "max_count": 0,
        },
        {"kind": "chair_presidium", "presidium_of": rs},
    ]
    for position, rule in enumerate(rules):
        existing = list(srb.rules.order_by("pk"))
        if position < len(existing):
            continue
        CompositionRule.objects.create(body=srb, source=source, **rule)


DEMO_USERS = [
    # username, first, last, role, staff title
    ("chef", "Lisa", "Bergholm", Role.ADMINISTRATOR, "Administrativ chef"),
    ("ekonom", "Erik", "Nyberg", Role.EKONOM, "Ekonom"),
    ("handlaggare", "Karin", "Björnlund", Role.HANDLAGGARE, "Regionutvecklare"),
    ("ledamot", "Rolf", "Rask", Role.FORTROENDEVALD, ""),
    ("ordforande", "Ulla", "Bergström", Role.FORTROENDEVALD, ""),
]


def _load_users(*federations: Federation) -> dict[str, User]:
    users = {}
    for username, first, last, role, title in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.se",
            },
        )
        if created:
            user.set_password("demo")
            user.save()
        for fed in federations:
            RoleGrant.objects.get_or_create(user=user, federation=fed, role=role)
            if title:  # staff appear in documents with their title and contacts
                Person.objects.update_or_create(
                    federation=fed,
                    user=user,
                    defaults={
                        "first_name": first,
                        "last_name": last,
                        "title": title,
                        "email": user.email,
                        "phone": "033-35 70 00",
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
    for username in ("chef", "ekonom", "handlaggare", "admin"):
        TOTPDevice.objects.get_or_create(
            user=users[username], defaults={"name": "Demotelefon", "confirmed": True}
        )
    # The politicians' accounts: the Direktion's ledamot for Bollebygd and its
    # ordförande, so that both can justera a protokoll in the running demo.
    sjuharad = federations[0]
    for username, first, last, _role, title in DEMO_USERS:
        if title:
            continue
        person = Person.objects.get(
            federation=sjuharad, first_name=first, last_name=last
        )
        if person.user_id != users[username].pk:
            person.user = users[username]
            person.save()
    return users
