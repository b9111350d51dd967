"""Synthetic data for the benchmark: a large förbund, deterministic and idempotent.

At scale 1: 10 years × 30 bodies × 10 meetings × 20 ärenden on the agenda (plus the
standard items), three handlingar per ärende, 60 persons per body over the years (three
terms of 20 seats), 290 municipalities with population and 20 fee models. Each ärende
passes the body whose agenda it is on (`Case.bodies`), so a body's anmälningsärenden are
its own ärenden's handlingar, not the diarium of thirty bodies. Rows are made
with bulk_create in batches, without history rows: this is measurement data, not a
record of anyone's work.
"""

import datetime
import random

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Case, DiariumCounter, Document
from federation.models import (
    Assignment,
    Body,
    Federation,
    Member,
    Party,
    Person,
    RoleGrant,
)
from federation.roles import Role
from meetings.models import AgendaItem, ItemKind, Meeting

SLUG = "bench"
YEARS = 10
BODIES = 30
MEETINGS_PER_YEAR = 10
CASES_PER_MEETING = 20
DOCUMENTS_PER_CASE = 3
SEATS = 20
MUNICIPALITIES = 290
BATCH = 5000
STANDARD_OPENING = [ItemKind.ROLL_CALL, ItemKind.AGENDA_APPROVAL, ItemKind.JUSTERARE]
STANDARD_CLOSING = [
    ItemKind.NOTIFICATIONS,
    ItemKind.OTHER_QUESTIONS,
    ItemKind.NEXT_MEETING,
]
# Title words: a few real ones the search budget is measured on, among a thousand
# compounds, so that a word is as selective as in a real diarium (a fraction of a
# percent of the ärenden), not in one of six.
PREFIXES = [
    "avfall",
    "bredband",
    "cykel",
    "digital",
    "energi",
    "folkhälso",
    "gång",
    "hamn",
    "idrott",
    "jord",
    "kultur",
    "lokal",
    "miljö",
    "natur",
    "omsorg",
    "park",
    "regional",
    "skol",
    "trafik",
    "utbildning",
    "vatten",
    "vård",
    "välfärd",
    "närings",
    "turism",
    "bostad",
    "kompetens",
    "arbetsmarknad",
    "landsbygd",
    "klimat",
    "kollektivtrafik",
    "integration",
    "fritid",
    "ungdom",
    "äldre",
    "kommunikation",
    "beredskap",
    "säkerhet",
    "it",
    "ekonomi",
]
SUFFIXES = [
    "plan",
    "strategi",
    "avtal",
    "program",
    "utredning",
    "rapport",
    "projekt",
    "bidrag",
    "nätverk",
    "samverkan",
    "budget",
    "uppföljning",
    "remiss",
    "analys",
    "policy",
    "förstudie",
    "satsning",
    "insats",
    "råd",
    "forum",
    "handlingsplan",
    "översyn",
    "prognos",
    "avgift",
    "överenskommelse",
]
WORDS = ["medlemsavgift", "direktionen", "samverkansavtal"] + [
    prefix + suffix for prefix in PREFIXES for suffix in SUFFIXES
]


def first_year() -> int:
    return timezone.localdate().year - YEARS + 1


def generate(scale: float = 1.0, *, log=print) -> Federation:
    """Make the bench federation unless it already exists at this scale."""
    existing = Federation.objects.filter(slug=SLUG).first()
    marker = f"Storförbundet (benchmark, skala {scale:g})"
    if existing is not None and existing.name == marker:
        log("bench_data: the data already exists")
        _cases_pass_their_bodies(existing)
        return existing
    if existing is not None:
        raise SystemExit("bench_data: another scale exists; use a fresh database")
    rng = random.Random(20240301)  # noqa: S311 (deterministic test data, not secrets)
    with transaction.atomic():
        federation = Federation.objects.create(
            slug=SLUG,
            name=marker,
            kind=Federation.Kind.KOMMUNALFORBUND,
            diarium_prefix="BEN",
        )
        members = _members(federation, rng)
        bodies = _bodies(federation, round(BODIES * scale))
        _persons_and_seats(federation, bodies, members, rng)
        log(f"bench_data: {len(members)} members, {len(bodies)} bodies")
        _meetings(federation, bodies, rng, log)
        _cases_pass_their_bodies(federation)
        _users(federation, bodies)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would
            cursor.execute("ANALYZE")
    return federation


def _members(federation: Federation, rng: random.Random) -> list[Member]:
    rows = [
        Member(
            federation=federation,
            name=f"Kommun {i:03d}",
            kommunkod=f"{1000 + i:04d}",
            kind=Member.Kind.KOMMUN,
            valid_from=datetime.date(2003, 1, 1),
        )
        for i in range(MUNICIPALITIES)
    ]
    return Member.objects.bulk_create(rows)


def _bodies(federation: Federation, count: int) -> list[Body]:
    rows = [
        Body(
            federation=federation,
            name=f"Organ {i:02d}",
            short_name=f"O{i:02d}",
            kind=Body.Kind.DIREKTION if i == 0 else Body.Kind.BEREDNING,
            kallelse_lead_days=7,
        )
        for i in range(count)
    ]
    return Body.objects.bulk_create(rows)


def _persons_and_seats(federation, bodies, members, rng) -> None:
    parties = list(Party.objects.all()) or [
        Party.objects.create(abbreviation="S", name="Socialdemokraterna")
    ]
    start = first_year()
    terms = [
        (datetime.date(start + 4 * t, 1, 1), datetime.date(start + 4 * t + 3, 12, 31))
        for t in range(3)
    ]
    persons, seats = [], []
    for body in bodies:
        for term_index, (valid_from, valid_to) in enumerate(terms):
            for seat in range(SEATS):
                person = Person(
                    federation=federation,
                    first_name=f"P{seat:02d}",
                    last_name=f"{body.short_name}-{term_index}",
                    party=rng.choice(parties),
                    home_member=rng.choice(members),
                )
                persons.append(person)
                role = (
                    Assignment.Role.ORDFORANDE
                    if seat == 0
                    else Assignment.Role.VICE_1
                    if seat == 1
                    else Assignment.Role.LEDAMOT
                    if seat < 12
                    else Assignment.Role.ERSATTARE
                )
                seats.append(
                    (
                        person,
                        Assignment(
                            body=body,
                            role=role,
                            representing=person.home_member,
                            valid_from=valid_from,
                            valid_to=valid_to,
                            ersattare_order=seat - 11 if seat >= 12 else None,
                        ),
                    )
                )
    Person.objects.bulk_create(persons, batch_size=BATCH)
    for person, assignment in seats:
        assignment.person = person
    Assignment.objects.bulk_create([s for _, s in seats], batch_size=BATCH)


def _meetings(federation, bodies, rng, log) -> None:
    start = first_year()
    counters: dict[int, int] = {}
    for year in range(start, start + YEARS):
        meetings = [
            Meeting(
                body=body,
                date=datetime.date(year, 1 + m, 10 + m % 15),
                starts_at=datetime.time(9),
                ends_at=datetime.time(12),
                place="Sammanträdesrummet",
                status=Meeting.Status.POSTED,
            )
            for body in bodies
            for m in range(MEETINGS_PER_YEAR)
        ]
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        cases = []
        for meeting in meetings:
            for _ in range(CASES_PER_MEETING):
                counters[year] = counters.get(year, 0) + 1
                words = rng.sample(WORDS, 3)
                cases.append(
                    Case(
                        federation=federation,
                        year=year,
                        number=counters[year],
                        diarienummer=f"BEN {year}-{counters[year]}",
                        title=f"{words[0].capitalize()} och {words[1]}",
                        status=Case.Status.DECIDED,
                        opened_on=meeting.date,
                        proposal=f"Förbundet godkänner {words[2]}.",
                        description=f"Gäller {words[0]}, {words[1]} och {words[2]}.",
                    )
                )
        Case.objects.bulk_create(cases, batch_size=BATCH)
        _items_and_documents(federation, meetings, cases, rng)
        log(f"bench_data: {year} done")
    for year, last in counters.items():
        DiariumCounter.objects.update_or_create(
            federation=federation, year=year, defaults={"last_number": last}
        )


def _items_and_documents(federation, meetings, cases, rng) -> None:
    items, documents = [], []
    case_iter = iter(cases)
    for meeting in meetings:
        position = 0
        for kind in STANDARD_OPENING:
            position += 1
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    kind=kind,
                    title=str(ItemKind(kind).label),
                )
            )
        for _ in range(CASES_PER_MEETING):
            case = next(case_iter)
            position += 1
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    kind=ItemKind.DECISION,
                    title=case.title,
                    minutes=10,
                    case=case,
                )
            )
            for d in range(DOCUMENTS_PER_CASE):
                documents.append(
                    Document(
                        federation=federation,
                        case=case,
                        title=f"{case.title}, bilaga {d + 1}",
                        kind=Document.Kind.BILAGA
                        if d
                        else Document.Kind.TJANSTESKRIVELSE,
                        direction=Document.Direction.DRAWN_UP
                        if d == 0
                        else Document.Direction.INCOMING,
                        date=meeting.date,
                        registered_on=meeting.date,
                        counterpart=f"Kommun {rng.randrange(MUNICIPALITIES):03d}",
                        is_secret=rng.random() < 0.02,
                        osl_reference="",
                        page_count=5,
                    )
                )
        for kind in STANDARD_CLOSING:
            position += 1
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    kind=kind,
                    title=str(ItemKind(kind).label),
                )
            )
    for document in documents:
        if document.is_secret:
            document.osl_reference = "21 kap. 7 § OSL"
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    Document.objects.bulk_create(documents, batch_size=BATCH)


def _cases_pass_their_bodies(federation: Federation) -> None:
    """Each ärende passes the body whose agenda it is on; idempotent, so that data
    made before this rule gets it on the next run of bench_data."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_case_bodies (case_id, body_id)
            SELECT DISTINCT i.case_id, m.body_id
            FROM meetings_agendaitem i
            JOIN meetings_meeting m ON m.id = i.meeting_id
            JOIN cases_case c ON c.id = i.case_id
            WHERE c.federation_id = %s AND NOT EXISTS (
                SELECT 1 FROM cases_case_bodies b
                WHERE b.case_id = i.case_id AND b.body_id = m.body_id
            )
            """,
            [federation.pk],
        )


def _users(federation: Federation, bodies: list[Body]) -> None:
    """bench_chef (Administratör) and bench_ledamot, a ledamot of the first body."""
    chef, _ = User.objects.get_or_create(username="bench_chef")
    chef.set_password("bench")
    chef.save()
    RoleGrant.objects.get_or_create(
        user=chef, federation=federation, role=Role.ADMINISTRATOR
    )
    ledamot, _ = User.objects.get_or_create(username="bench_ledamot")
    ledamot.set_password("bench")
    ledamot.save()
    RoleGrant.objects.get_or_create(
        user=ledamot, federation=federation, role=Role.FORTROENDEVALD
    )
    today = timezone.localdate()
    seat = (
        Assignment.objects.active_on(today)
        .filter(body=bodies[0], role=Assignment.Role.LEDAMOT)
        .select_related("person")
        .first()
    )
    if seat is None:  # the last term ended: give the ledamot a current seat
        person = Person.objects.create(
            federation=federation, first_name="Bench", last_name="Ledamot"
        )
        seat = Assignment.objects.create(
            person=person,
            body=bodies[0],
            role=Assignment.Role.LEDAMOT,
            valid_from=today.replace(month=1, day=1),
        )
    seat.person.user = ledamot
    seat.person.save()


def population_figures() -> dict[int, int]:
    """Deterministic populations for the 290 municipalities, keyed by member index."""
    rng = random.Random(290)  # noqa: S311
    return {i: rng.randrange(2_400, 990_000) for i in range(MUNICIPALITIES)}
