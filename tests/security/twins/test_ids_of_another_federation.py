"""An adversary with every role in förbund B asks B's addresses with A's ids, and
B's forms, searches and exports for A's rows: it gets nothing of A (issue 14, "How
it will be checked"). The two förbund: conftest.
"""

import io
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from agreements.models import Agreement
from cases.demo import _one_page_pdf
from cases.models import Case, DelegationDecision, Document
from federation.models import Assignment, Body, Federation, Person, RoleGrant
from federation.roles import Role
from finance.models import AllocationRun
from meetings.models import AgendaItem, Meeting
from tests.factories import grant
from tests.security.test_permission_matrix import (
    _PARAM,
    EXPECTED,
    POST_ONLY,
    SAMPLES,
    url_patterns,
)

from .conftest import (
    WORDS,
    A,
    B,
    _client,
    _holder,
    _march,
    _mark_of,
    _marked_case,
    _naturbruk,
    _rask,
    _secret,
    _secret_title,
)

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
    person = Person.objects.filter(federation=federation).exclude(title="").first()
    assert person is not None, "the demo has staff"
    return person


def _pdf_upload(title: str):
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
