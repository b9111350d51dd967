"""One account, a different role in each of two förbund: in each, the rights of the
grant there and nothing else (issue 14, "How it will be checked"). The two förbund:
conftest.

A holder with role r1 in A and r2 in B walks every URL of the permission matrix
(EXPECTED, SAMPLES) and the sekretess handling's addresses in both förbund, and
must get in each exactly what EXPECTED gives the role of that förbund. The cache is
never emptied between holders, so the shared page parts (federation.cache) one
audience warmed are there when the next holder comes; their content is checked
too.
"""

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from federation import cache as parts
from federation.models import Body, Federation, Person
from tests.security.test_permission_matrix import (
    CASES_READ,
    CASES_WRITE,
    EXPECTED,
    OK,
    SECOND_FACTOR,
    _cases,
    outcome,
)

from .conftest import (
    PAIRS,
    PROFILES,
    ROLE,
    SECRET_FILE,
    SECRET_MEETING_FILE,
    WORDS,
    WRITERS,
    A,
    B,
    _client,
    _holder,
    _html,
    _march,
    _mark_of,
    _rask,
    _secret,
    _secret_title,
    _take_seat,
)

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
        # A förtroendevald of one förbund lands on Mina sammanträden there.
        (only,) = [(f, p) for f, p in profiles.items() if ROLE[p]]
        if only[1] == "ledamot":
            mine = [reverse("meetings:my_meetings", args=[only[0].slug])]
        if response.status_code == 302 and response["Location"] == mine[0]:
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
