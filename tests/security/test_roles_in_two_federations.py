"""One account, a different role in each of two förbund: in each, the rights of the
grant there and nothing else (issue 14, "How it will be checked").

The demo's Sjuhärad is loaded twice: the first load is renamed to the twin förbund
"tvilling" (förbund B), the second is Sjuhärad again (förbund A), so both have the
same kinds of rows: meetings with a published kallelse and a justerat protokoll,
ärenden, allocation runs, agreements, anslag. Each gets a sekretess handling with a
file on an ärende of the March meeting, and a mark of its own in the titles of a
ready ärende, its agreements and its fee models, so that no page of one förbund may
show the other's mark or sekretess title, and searches have words to look for.

A holder with role r1 in A and r2 in B walks every URL of the permission matrix
(EXPECTED, SAMPLES) and the sekretess handling's addresses in both förbund, and
must get in each exactly what EXPECTED gives the role of that förbund. The cache is
never emptied between holders, so the shared page parts (federation.cache) one
audience warmed are there when the next holder comes; their content is checked
too. Then an adversary with every role in B asks B's addresses with A's ids.
"""

import datetime
import io
from collections.abc import Iterable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agreements.models import Agreement
from cases.demo import _one_page_pdf
from cases.models import Case, DelegationDecision, Document
from cases.services import register_generated_document
from federation import cache as parts
from federation.models import Assignment, Body, Federation, Person, RoleGrant
from federation.roles import STAFF_ROLES, Role
from finance.models import AllocationRun, FeeModel
from meetings.models import AgendaItem, Meeting
from tests.factories import grant

from .conftest import load_demo
from .test_permission_matrix import (
    _PARAM,
    CASES_READ,
    CASES_WRITE,
    EXPECTED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    POST_ONLY,
    SAMPLES,
    SECOND_FACTOR,
    _cases,
    _profile,
    outcome,
    url_patterns,
)

A, B = "sjuharad", "tvilling"
# Per förbund: the word of its sekretess handling's title, the word in an ärende's.
WORDS = {A: ("Kvarnsten", "Lindblomma"), B: ("Fyrtorn", "Tallkotte")}

# The roles of the matrix a holder can have in a förbund ("outsider": none there).
PROFILES = ("chef", "handlaggare", "ekonom", "ledamot", "outsider")
ROLE = {
    "chef": Role.ADMINISTRATOR,
    "handlaggare": Role.HANDLAGGARE,
    "ekonom": Role.EKONOM,
    "ledamot": Role.FORTROENDEVALD,
    "outsider": None,
}
WRITERS = {"chef", "handlaggare"}  # cases.permissions: they see sekretess
# Every two roles meet once in one holder, and every role is A's for two holders
# and B's for two (a round-robin): 10 holders instead of all 20 ordered pairs,
# since A and B are the same demo.
PAIRS = [(PROFILES[i], PROFILES[(i + step) % 5]) for i in range(5) for step in (1, 2)]

# The sekretess handling: its own file, and its file through the meeting.
SECRET_FILE = _profile(OK, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND, LOGIN)
SECRET_MEETING_FILE = _profile(OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN)


# --- The two förbund ------------------------------------------------------------------


def _secret_title(slug: str) -> str:
    return f"Prisbilaga {WORDS[slug][0]} med anbudssummor"


def _march(federation: Federation) -> Meeting:
    return Meeting.objects.get(body__federation=federation, date="2024-03-01")


def _naturbruk(federation: Federation) -> Case:
    return Case.objects.get(
        federation=federation, title__startswith="Samverkansavtal om naturbruk"
    )


def _secret(federation: Federation) -> Document:
    return Document.objects.get(
        federation=federation, title=_secret_title(federation.slug)
    )


def _mark_of(slug: str) -> str:
    """In titles of the förbund's rows (never in a search form that echoes it)."""
    return f"({WORDS[slug][1]})"


def _marked_case(federation: Federation) -> Case:
    return Case.objects.get(
        federation=federation, title__contains=_mark_of(federation.slug)
    )


def _mark(federation: Federation) -> None:
    """A sekretess handling with a file on an ärende of the March meeting (registered
    after the kallelse: the served kallelse stays valid), and the förbund's word in
    a ready ärende's title."""
    title = _secret_title(federation.slug)
    register_generated_document(
        federation,
        content=_one_page_pdf(title),
        filename=f"prisbilaga-{WORDS[federation.slug][0].lower()}.pdf",
        title=title,
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.INCOMING,
        date=datetime.date(2024, 2, 27),
        counterpart="Anbudsgivaren",
        case=_naturbruk(federation),
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
        by=None,
    )
    ready = Case.objects.filter(federation=federation, status=Case.Status.READY)[0]
    ready.title = f"{ready.title} {_mark_of(federation.slug)}"
    ready.save()
    # And the förbund's agreements and fee models: its finance pages (the cached
    # run tables too) and agreement pages and exports carry the mark.
    for row in Agreement.objects.filter(federation=federation):
        row.title = f"{row.title} {_mark_of(federation.slug)}"
        row.save()
    for row in FeeModel.objects.filter(federation=federation):
        row.name = f"{row.name} {_mark_of(federation.slug)}"
        row.save()


def load_twins() -> dict[str, Federation]:
    load_demo()
    first = Federation.objects.get(slug=A)
    first.slug, first.name = B, "Tvillingförbundet"
    first.save()
    load_demo()  # Sjuhärad again: every demo row once more, in another förbund
    twins = {slug: Federation.objects.get(slug=slug) for slug in (A, B)}
    for twin in twins.values():
        _mark(twin)
    cache.clear()
    return twins


@pytest.fixture(scope="module")
def _twins_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The two förbund, loaded once for the module (the demo twice takes 11 s) and
    committed; each test runs in a transaction that is rolled back, and the module
    leaves the database empty, as a transactional test does."""
    media = tmp_path_factory.mktemp("twins-media")
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            call_command("flush", interactive=False, verbosity=0)
            load_twins()
        yield media
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def twins(_twins_loaded, db, settings) -> dict[str, Federation]:
    settings.MEDIA_ROOT = _twins_loaded  # the handlingar's files are there
    return {slug: Federation.objects.get(slug=slug) for slug in (A, B)}


# --- Holders of a role in each --------------------------------------------------------


def _holder(username: str, profiles: dict[Federation, str]) -> User:
    """A new account with the given role in each förbund, as the demo's account of
    that role has it: a person with a title for staff, and a second factor."""
    user = User.objects.create_user(username, first_name="Tove", last_name=username)
    for federation, profile in profiles.items():
        role = ROLE[profile]
        if role is None:
            continue
        grant(user, federation, role)
        if role in STAFF_ROLES:
            Person.objects.create(
                federation=federation,
                user=user,
                first_name="Tove",
                last_name=username,
                title="Tjänsteperson",
            )
    if any(ROLE[p] in STAFF_ROLES for p in profiles.values()):
        TOTPDevice.objects.create(user=user, name="Demotelefon", confirmed=True)
    return user


def _rask(federation: Federation) -> Person:
    return Person.objects.get(
        federation=federation, first_name="Rolf", last_name="Rask"
    )


def _take_seat(user: User, profiles: dict[Federation, str]) -> None:
    """A förtroendevald holder sits in the Direktion as the demo's ledamot does: Rolf
    Rask's person becomes theirs. So does a holder with no role in the förbund: a
    seat in the register without a grant gives no right (RoleGrant alone does). An
    update, not a save: the meeting pages' may-see check is keyed on the persons
    anyway, so the cached parts stay warm."""
    for federation, profile in profiles.items():
        if profile in ("ledamot", "outsider"):
            Person.objects.filter(pk=_rask(federation).pk).update(user=user)


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _html(response) -> str:
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode()


# --- The walk -------------------------------------------------------------------------


class Place:
    """A URL of one förbund, its outcome per role, and what its page may show."""

    def __init__(self, name: str, url: str, expected: dict, shows=()) -> None:
        self.name, self.url, self.expected = name, url, expected
        # (text, the roles whose page has it); everyone else's must not
        self.shows: list[tuple[str, set[str]]] = list(shows)


def _places(federation: Federation) -> list[Place]:
    slug = federation.slug
    march, secret = _march(federation), _secret(federation)
    direktion = Body.objects.get(federation=federation, short_name="Direktion")
    secret_shown = (_secret_title(slug), WRITERS)
    shows = {
        "meetings:meeting_detail": [
            secret_shown,
            (reverse("meetings:agenda", args=[slug, march.pk]), {"chef"}),
        ],
        "federation:body": [
            (reverse("federation:assignment_add", args=[slug, direktion.pk]), {"chef"}),
            ("/fyllnadsval/", {"chef"}),
        ],
        # The navigation, rendered per request around the page.
        "federation:dashboard": [
            (f'href="{reverse("finance:index", args=[slug])}"', {"chef", "ekonom"}),
            (
                f'href="{reverse("federation:persons", args=[slug])}"',
                {"chef", "handlaggare", "ekonom"},
            ),
        ],
    }
    cases, _missing = _cases(federation)  # the matrix reports what is missing
    places = [
        Place(name, url, EXPECTED[name], shows.get(name, ())) for name, url in cases
    ]
    file_url = reverse("cases:document_file", args=[slug, secret.pk])
    places += [
        Place("sekretess file", file_url, SECRET_FILE),
        Place("sekretess file, download", file_url + "?ladda-ned=1", SECRET_FILE),
        Place(
            "sekretess file of the meeting",
            reverse("meetings:meeting_document", args=[slug, march.pk, secret.pk]),
            SECRET_MEETING_FILE,
        ),
        Place(
            "sekretess edit form",
            reverse("cases:document_edit", args=[slug, secret.pk]),
            CASES_WRITE,
        ),
        Place(
            "sekretess on the case page",
            reverse("cases:case_detail", args=[slug, secret.case_id]),
            CASES_READ,
            [secret_shown],
        ),
        Place(
            "sekretess word searched in the diarium",
            reverse("cases:diarium", args=[slug]) + f"?q={WORDS[slug][0]}",
            CASES_READ,
            [secret_shown],
        ),
        Place(
            "the förbund's word searched among ärenden",
            reverse("cases:case_list", args=[slug]) + f"?q={WORDS[slug][1]}",
            CASES_READ,
            [(_mark_of(slug), {"chef", "handlaggare", "ledamot"})],
        ),
    ]
    return places


def _walk(
    client: Client,
    label: str,
    profiles: dict[Federation, str],
    places: dict[str, list[Place]],
    done: set[str],
) -> tuple[list[str], int]:
    """Every place of both förbund; the URLs outside a förbund once, and those whose
    outcome is the same for every role (`done`: the public pages) once in all."""
    problems, asked, seen = [], 0, set()
    for federation, profile in profiles.items():
        others = [s for s in (A, B) if s != federation.slug]
        foreign = [w for s in others for w in (_secret_title(s), _mark_of(s))]
        for place in places[federation.slug]:
            if place.url in seen or place.url in done:
                continue
            seen.add(place.url)
            if len({place.expected[p] for p in PROFILES}) == 1:
                done.add(place.url)
            response = client.get(place.url)
            asked += 1
            got, expected = outcome(response), place.expected[profile]
            where = f"{label}, {profile} in {federation.slug}: {place.name}"
            if response.status_code >= 500 or got != expected:
                problems.append(f"{where}: {got}, expected {expected} ({place.url})")
                continue
            html = _html(response)
            for text, roles in place.shows:
                if (text in html) != (profile in roles):
                    state = "missing" if profile in roles else "shown"
                    problems.append(f"{where}: {text!r} {state} ({place.url})")
            problems += [
                f"{where}: {word!r} of the other förbund shown ({place.url})"
                for word in foreign
                if word in html
            ]
    return problems, asked


def test_a_holder_of_two_roles_gets_each_roles_rights_in_its_own_federation(twins):
    a, b = twins[A], twins[B]
    places = {slug: _places(twins[slug]) for slug in (A, B)}
    holders = [
        (_holder(f"tva-{role_a}-{role_b}", {a: role_a, b: role_b}), role_a, role_b)
        for role_a, role_b in PAIRS
    ]

    problems, asked, done = [], 0, set()
    for user, role_a, role_b in holders:
        profiles = {a: role_a, b: role_b}
        _take_seat(user, profiles)
        client = _client(user)
        found, count = _walk(client, user.username, profiles, places, done)
        problems += found + _home_problems(client, user.username, profiles)
        asked += count

    assert problems == [], "\n".join(problems)
    assert len(places[A]) >= 86 + 7
    assert asked > 10 * 2 * 60


def _home_problems(client: Client, label: str, profiles: dict) -> list[str]:
    """The start page offers the förbund where the holder has a role, and only
    those: one is gone to directly."""
    response = client.get(reverse("home"))
    dashboards = {
        f.slug: reverse("federation:dashboard", args=[f.slug]) for f in profiles
    }
    mine = [dashboards[f.slug] for f, profile in profiles.items() if ROLE[profile]]
    if len(mine) == 1:
        if response.status_code == 302 and response.url == mine[0]:
            return []
        return [f"{label}: the start page answers {response.status_code}"]
    html = _html(response)
    return [
        f"{label}: the start page {'lacks' if url in mine else 'offers'} {url}"
        for url in dashboards.values()
        if (f'href="{url}"' in html) != (url in mine)
    ]


def test_the_second_factor_is_asked_in_every_federation_if_one_grant_needs_it(
    twins,
):
    """Required when any grant needs it: an Ekonom of B who is förtroendevald in A
    gives the code in A too; a förtroendevald of A alone does not."""
    a, b = twins[A], twins[B]
    both = _holder("tva-ledamot-ekonom", {a: "ledamot", b: "ekonom"})
    only_a = _holder("tva-ledamot", {a: "ledamot"})
    page = reverse("meetings:meeting_detail", args=[a.slug, _march(a).pk])
    answers = {}
    for user in (both, only_a):
        Person.objects.filter(pk=_rask(a).pk).update(user=user)
        client = Client(raise_request_exception=False)
        client.force_login(user, second_factor_given=False)
        answers[user.username] = outcome(client.get(page))

    assert answers == {"tva-ledamot-ekonom": SECOND_FACTOR, "tva-ledamot": OK}


# --- Cached shared pages, in order ----------------------------------------------------


def test_a_cached_page_warmed_by_a_strong_role_is_not_served_to_a_weak_one(
    twins, monkeypatch
):
    """A strong role warms B's pages first, then a holder who is strong in A but
    weak in B reads them; in A the weak role comes first, then the strong."""
    a, b = twins[A], twins[B]
    renders = []
    render_to_string = parts.render_to_string

    def counting(template, *args, **kwargs):
        renders.append(template)
        return render_to_string(template, *args, **kwargs)

    monkeypatch.setattr(parts, "render_to_string", counting)
    # X: Administratör in A, förtroendevald in B; Y the other way round; Z a
    # Handläggare in B (sekretess, no dagordning) and W an Ekonom in B (neither)
    # who is Administratör in A.
    x = _holder("x-chef-ledamot", {a: "chef", b: "ledamot"})
    y = _holder("y-ledamot-chef", {a: "ledamot", b: "chef"})
    z = _holder("z-handlaggare", {b: "handlaggare"})
    w = _holder("w-chef-ekonom", {a: "chef", b: "ekonom"})
    Person.objects.filter(pk=_rask(b).pk).update(user=x)
    Person.objects.filter(pk=_rask(a).pk).update(user=y)
    chef = User.objects.get(username="chef")  # the demo's, Administratör in both
    clients = {u: _client(u) for u in (x, y, z, w, chef)}

    def page(federation: Federation) -> str:
        return reverse(
            "meetings:meeting_detail", args=[federation.slug, _march(federation).pk]
        )

    def edit(federation: Federation) -> str:
        return reverse("meetings:agenda", args=[federation.slug, _march(federation).pk])

    def body(federation: Federation) -> str:
        direktion = Body.objects.get(federation=federation, short_name="Direktion")
        return reverse("federation:body", args=[federation.slug, direktion.pk])

    def add(federation: Federation) -> str:
        direktion = Body.objects.get(federation=federation, short_name="Direktion")
        return reverse(
            "federation:assignment_add", args=[federation.slug, direktion.pk]
        )

    def read(client: Client, url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    secret_a, secret_b = _secret_title(A), _secret_title(B)
    steps = [
        # (who, page, texts it must show, texts it must not show)
        (y, page(b), [secret_b, edit(b)], [secret_a]),  # warms B as Administratör
        (x, page(b), [], [secret_b, edit(b), secret_a]),
        (z, page(b), [secret_b], [edit(b)]),
        (w, page(b), [], [secret_b, edit(b)]),
        (chef, page(b), [secret_b, edit(b)], []),  # Y's part, from the cache
        (y, page(a), [], [secret_a, edit(a), secret_b]),  # warms A as förtroendevald
        (x, page(a), [secret_a, edit(a)], [secret_b]),
        (w, page(a), [secret_a, edit(a)], [secret_b]),  # X's part, from the cache
        (y, body(b), [add(b)], []),
        (x, body(b), [], [add(b)]),
        (w, body(b), [], [add(b)]),
        (x, body(a), [add(a)], []),
        (y, body(a), [], [add(a)]),
    ]
    wrong = []
    for who, url, shown, hidden in steps:
        html = read(clients[who], url)
        wrong += [f"{who} {url}: {t!r} missing" for t in shown if t not in html]
        wrong += [f"{who} {url}: {t!r} shown" for t in hidden if t in html]

    assert wrong == [], "\n".join(wrong)
    meeting_page = "meetings/partials/meeting_page.html"
    # Rendered once per audience and förbund (B: Administratör, förtroendevald,
    # Handläggare, Ekonom; A: förtroendevald, Administratör): the others were hits.
    assert renders.count(meeting_page) == 6


# --- The adversary: A's ids under B's address -----------------------------------------


def _params(route: str) -> set[str]:
    return set(_PARAM.findall(route)) - {"federation"}


def _mixed_urls(a: Federation, b: Federation) -> list[tuple[str, str]]:
    """(URL name, B's URL with one of A's ids in it, or all of them)."""
    urls = []
    for name, route in url_patterns():
        if (
            not _params(route)
            or name not in SAMPLES
            or "<slug:federation>" not in route
        ):
            continue
        of_a, of_b = SAMPLES[name](a), SAMPLES[name](b)
        differing = [key for key in of_b if of_a[key] != of_b[key]]
        mixes = [{**of_b, key: of_a[key]} for key in differing]
        if len(differing) > 1:
            mixes.append(of_a)
        for kwargs in mixes:
            urls.append((name, reverse(name, kwargs={**kwargs, "federation": b.slug})))
    secret, march = _secret(a), _march(a)
    urls += [
        (
            "cases:document_file",
            reverse("cases:document_file", args=[b.slug, secret.pk]),
        ),
        (
            "cases:document_edit",
            reverse("cases:document_edit", args=[b.slug, secret.pk]),
        ),
        (
            "meetings:meeting_document",
            reverse(
                "meetings:meeting_document", args=[b.slug, _march(b).pk, secret.pk]
            ),
        ),
        (
            "meetings:meeting_document",
            reverse("meetings:meeting_document", args=[b.slug, march.pk, secret.pk]),
        ),
    ]
    return urls


# A revoke of a grant that is not the förbund's answers as a second click does
# (federation.views.role_revoke): checked below, by the grant that stays.
ANSWERS_ALREADY_DONE = {"federation:role_revoke"}
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "ready-cases"}


def _adversary(username: str, b: Federation, a_role: str | None = None) -> User:
    user = User.objects.create_user(username)
    grant(user, b, *Role.values)
    if a_role:
        grant(user, Federation.objects.get(slug=A), a_role)
    TOTPDevice.objects.create(user=user, name="Demotelefon", confirmed=True)
    return user


def test_ids_of_one_federation_under_the_address_of_another_are_not_found(twins):
    a, b = twins[A], twins[B]
    urls = _mixed_urls(a, b)
    # Every role in B; none in A, or förtroendevald there, sitting in its Direktion.
    stranger = _adversary("mallory", b)
    member = _adversary("mallory-ledamot", b, Role.FORTROENDEVALD)
    Person.objects.filter(pk=_rask(a).pk).update(user=member)
    version = _march(b).agenda_version
    # A valid form, so that the answer is the item's, not the form's error: these
    # views look the item up in the action (the move or removal is not done).
    bodies = {
        "meetings:agenda_move": {"agenda_version": version, "offset": "1"},
        "meetings:agenda_remove": {"agenda_version": version},
    }

    wrong = []
    for user in (stranger, member):
        client = _client(user)
        for name, url in urls:
            if name in ANSWERS_ALREADY_DONE:
                continue
            post_only = EXPECTED.get(name) == POST_ONLY
            answers = {"POST": client.post(url, bodies.get(name, {}))}
            if not post_only:
                answers["GET"] = client.get(url)
                answers["GET htmx"] = client.get(url, **HTMX)
            for method, response in answers.items():
                allowed = {404, 405} if method == "POST" and not post_only else {404}
                if response.status_code not in allowed:
                    wrong.append(f"{user} {method} {url}: {response.status_code}")

    assert wrong == [], "\n".join(wrong)
    assert len(urls) >= 60


def test_ids_of_another_federation_in_a_form_change_nothing(twins):
    """B's forms, posted by B's Administratör (every role in B) with A's ids in the
    fields: nothing of A is attached to B. Each has a control with B's own id."""
    a, b = twins[A], twins[B]
    client = _client(_adversary("mallory", b))
    december_b = Meeting.objects.get(body__federation=b, date="2026-12-11")
    ready_a, ready_b = _marked_case(a), _marked_case(b)
    secret_a, secret_b = _secret(a), _secret(b)
    person_a = Person.objects.filter(federation=a, user__isnull=True).first()
    person_b = Person.objects.filter(federation=b, user__isnull=True).first()
    direktion_b = Body.objects.get(federation=b, short_name="Direktion")
    agreement_b = Agreement.objects.filter(federation=b).first()

    def url(name: str, *args) -> str:
        return reverse(name, args=[b.slug, *args])

    def add_case(case: Case) -> bool:
        december_b.refresh_from_db()
        client.post(
            url("meetings:agenda_add_case", december_b.pk),
            {
                "case": case.pk,
                "kind": "beslut",
                "agenda_version": december_b.agenda_version,
            },
        )
        return AgendaItem.objects.filter(meeting=december_b, case=case).exists()

    def notification(document: Document) -> bool:
        client.post(
            url("meetings:notification_entry", december_b.pk),
            {"kind": "document", "object_id": document.pk, "include": "on"},
        )
        december_b.refresh_from_db()
        return document.pk in december_b.notification_extra_document_ids

    def invite(person: Person) -> bool:
        client.post(
            url("meetings:agenda_invited", december_b.pk), {"invited": [person.pk]}
        )
        return december_b.invited.filter(pk=person.pk).exists()

    def link(document: Document) -> bool:
        client.post(
            url("agreements:document_link", agreement_b.pk), {"document": document.pk}
        )
        return agreement_b.documents.filter(pk=document.pk).exists()

    def seat(person: Person) -> bool:
        client.post(
            url("federation:assignment_add", direktion_b.pk),
            {"person": person.pk, "role": "ledamot", "valid_from": "2026-01-01"},
        )
        return Assignment.objects.filter(person=person, body=direktion_b).exists()

    def delegation(case: Case) -> bool:
        client.post(
            url("cases:delegation_create"),
            {
                "date": "2026-01-15",
                "decision": f"Beslut i {case.pk}",
                "delegate": "Förbundsdirektör",
                "case": case.pk,
            },
        )
        return DelegationDecision.objects.filter(case=case, federation=b).exists()

    def upload(case: Case) -> bool:
        title = f"Inkommen skrivelse till {case.pk}"
        client.post(
            url("cases:document_upload"),
            {
                "file": _pdf_upload(title),
                "title": title,
                "kind": "skrivelse",
                "direction": "incoming",
                "date": "2026-01-15",
                "case": case.pk,
            },
        )
        return Document.objects.filter(title=title, case=case).exists()

    def basis(document: Document) -> bool:
        case = _naturbruk(b)
        ids = {
            name: list(getattr(case, name).values_list("pk", flat=True))
            for name in ("bodies", "recipient_members", "recipient_bodies")
        }
        held = list(case.basis_documents.values_list("pk", flat=True))
        client.post(
            url("cases:case_edit", case.pk),
            {
                **{name: getattr(case, name) for name in CASE_TEXTS},
                "handlaggare": case.handlaggare_id or "",
                **ids,
                "basis_documents": [*held, document.pk],
            },
        )
        return case.basis_documents.filter(pk=document.pk).exists()

    def agreement_of(federation: Federation) -> Document:
        return Document.objects.get(
            case=_naturbruk(federation),
            title="Samverkansavtal om naturbruksutbildning",
        )

    attempts = {
        "ärende of A on B's dagordning": (add_case, ready_a, ready_b),
        "handling of A as beslutsunderlag of B's ärende": (
            basis,
            agreement_of(a),
            agreement_of(b),
        ),
        "handling of A among B's anmälningsärenden": (notification, secret_a, secret_b),
        "person of A invited to B's meeting": (
            invite,
            _staff_person(a),
            _staff_person(b),
        ),
        "sekretess handling of A linked to B's agreement": (link, secret_a, secret_b),
        "person of A given an uppdrag in B's Direktion": (seat, person_a, person_b),
        "delegationsbeslut of B on A's ärende": (delegation, ready_a, ready_b),
        "handling of B registered on A's ärende": (upload, ready_a, ready_b),
    }
    wrong = []
    for label, (attempt, of_a, of_b) in attempts.items():
        if attempt(of_a):
            wrong.append(f"{label}: done")
        if not attempt(of_b):
            wrong.append(f"{label}: the control with B's own id was refused")

    assert wrong == [], "\n".join(wrong)


CASE_TEXTS = (
    "title",
    "status",
    "proposal",
    "description",
    "child_impact",
    "basis_other",
    "recipients_external",
)


def _staff_person(federation: Federation) -> Person:
    return Person.objects.filter(federation=federation).exclude(title="").first()


def _pdf_upload(title: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("skrivelse.pdf", _one_page_pdf(title), "application/pdf")


def test_a_grant_of_one_federation_cannot_be_revoked_from_another(twins):
    a, b = twins[A], twins[B]
    client = _client(_adversary("mallory", b))
    chef_in_a = RoleGrant.objects.get(
        user__username="chef", federation=a, role=Role.ADMINISTRATOR
    )
    chef_in_b = RoleGrant.objects.get(
        user__username="chef", federation=b, role=Role.ADMINISTRATOR
    )

    only_a = _holder("tva-handlaggare", {a: "handlaggare"})

    client.post(reverse("federation:role_revoke", args=[b.slug, chef_in_a.pk]))
    client.post(reverse("federation:role_revoke", args=[b.slug, chef_in_b.pk]))
    client.post(  # herself Administratör of A, from A's page
        reverse("federation:roles", args=[a.slug]),
        {"username": "mallory", "role": Role.ADMINISTRATOR},
    )
    page_a = _client(User.objects.get(username="chef")).get(
        reverse("federation:roles", args=[a.slug])
    )
    page_b = client.get(reverse("federation:roles", args=[b.slug]))

    assert RoleGrant.objects.filter(pk=chef_in_a.pk).exists()
    assert not RoleGrant.objects.filter(pk=chef_in_b.pk).exists()  # the control
    assert not RoleGrant.objects.filter(user__username="mallory", federation=a)
    assert only_a.username in page_a.content.decode()
    assert only_a.username not in page_b.content.decode()


def test_b_forms_offer_only_b_people(twins):
    """The handläggare choice of B's ärende form lists those with a writing role in
    B, not a Handläggare of A who is förtroendevald in B."""
    a, b = twins[A], twins[B]
    officer = _holder("tva-handlaggare-ledamot", {a: "handlaggare", b: "ledamot"})
    client = _client(_adversary("mallory", b))
    in_b = client.get(reverse("cases:case_create", args=[b.slug]))
    in_a = _client(User.objects.get(username="chef")).get(
        reverse("cases:case_create", args=[a.slug])
    )

    # The handläggare field's own choices: another field may offer the same number.
    def offered(response) -> set:
        return {
            pk for pk, _label in response.context["form"]["handlaggare"].field.choices
        }

    assert officer.pk not in {getattr(v, "value", v) for v in offered(in_b)}
    assert officer.pk in {getattr(v, "value", v) for v in offered(in_a)}


def _texts(responses: Iterable) -> str:
    return "\n".join(r.content.decode() for r in responses)


def test_searching_b_for_the_words_of_a_finds_nothing_of_a(twins):
    b = twins[B]
    client = _client(_adversary("mallory", b))
    december_b = Meeting.objects.get(body__federation=b, date="2026-12-11")
    secret_word, case_word = WORDS[A]
    searches = [
        reverse("cases:diarium", args=[b.slug]) + f"?q={secret_word}",
        reverse("cases:diarium", args=[b.slug]) + f"?q={case_word}",
        reverse("cases:case_list", args=[b.slug]) + f"?q={case_word}",
        reverse("cases:case_list", args=[b.slug]) + f"?q={secret_word}",
        reverse("meetings:agenda", args=[b.slug, december_b.pk])
        + f"?arende={case_word}",
    ]
    answers = [client.get(url) for url in searches]
    htmx = client.get(searches[-1], **HTMX)
    controls = [
        client.get(reverse("cases:diarium", args=[b.slug]) + f"?q={WORDS[B][0]}"),
        client.get(
            reverse("meetings:agenda", args=[b.slug, december_b.pk])
            + f"?arende={WORDS[B][1]}",
            **HTMX,
        ),
    ]

    assert [r.status_code for r in [*answers, htmx]] == [200] * 6
    found = _texts([*answers, htmx])
    assert _secret_title(A) not in found
    assert _mark_of(A) not in found
    assert _secret_title(B) in controls[0].content.decode()
    assert _mark_of(B) in controls[1].content.decode()


def test_ids_of_a_in_the_query_strings_of_b_show_nothing_of_a(twins):
    a, b = twins[A], twins[B]
    officer = _holder("tva-handlaggare-ledamot", {a: "handlaggare", b: "ledamot"})
    client = _client(_adversary("mallory", b))
    ready_a = _marked_case(a)
    pages = [
        reverse("cases:document_upload", args=[b.slug]) + f"?arende={ready_a.pk}",
        reverse("cases:case_list", args=[b.slug]) + f"?handlaggare={officer.pk}",
        reverse("agreements:agreement_list", args=[b.slug])
        + f"?party={a.members.first().pk}",
        reverse("cases:diarium", args=[b.slug]) + f"?case={ready_a.diarienummer}",
    ]

    answers = [client.get(url) for url in pages]

    assert [r.status_code for r in answers] == [200] * len(pages)
    assert _mark_of(A) not in _texts(answers)


def test_b_exports_hold_nothing_of_a(twins):
    from openpyxl import load_workbook

    b = twins[B]
    client = _client(_adversary("mallory", b))

    run = AllocationRun.objects.filter(federation=b).first()

    export = client.get(reverse("agreements:agreement_export", args=[b.slug]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    titles = set(Agreement.objects.filter(federation=b).values_list("title", flat=True))
    fees = client.get(reverse("finance:run_download", args=[b.slug, run.pk, "csv"]))
    fees_text = fees.content.decode("utf-8-sig")

    assert export.status_code == 200
    assert not any(_mark_of(A) in cell for cell in cells)
    assert titles <= cells
    assert fees.status_code == 200
    assert _mark_of(A) not in fees_text
    assert _mark_of(B) in fees_text
