"""Every URL of the project × every role, against the designed outcome.

The URL list is read from the resolver, so a new URL without a sample in SAMPLES or an
outcome in EXPECTED fails the test ("add a sample for <name>"). The designed outcomes
follow each app's permissions.py; docs/quality.md explains the choices.
"""

import re
from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agreements.models import Agreement
from cases.models import Case, Document
from federation.models import (
    Assignment,
    Body,
    Federation,
    Person,
    RoleGrant,
)
from federation.officials import Official
from finance.models import AllocationRun, FeeModel, IndexSeries, PopulationFigure
from meetings.models import Meeting
from minutes.models import Paragraph, Yrkande

from .conftest import ROLES, role_clients
from .matrix_accounting import ACCOUNTING_EXPECTED, ACCOUNTING_SAMPLES
from .matrix_finance import FINANCE_EXPECTED, FINANCE_SAMPLES
from .matrix_finance_statements import STATEMENT_EXPECTED, STATEMENT_SAMPLES
from .matrix_followup import FOLLOWUP_EXPECTED, FOLLOWUP_SAMPLES
from .matrix_notes import NOTES_EXPECTED, NOTES_SAMPLES, shows_a_note
from .matrix_obligations import OBLIGATIONS_EXPECTED, OBLIGATIONS_SAMPLES
from .matrix_oparl import OPARL_EXPECTED, OPARL_SAMPLES
from .matrix_public import PUBLIC_EXPECTED, PUBLIC_SAMPLES
from .matrix_reader import READER_EXPECTED, READER_SAMPLES

SKIPPED_NAMESPACES = {"admin"}

OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "ok", "login", "403", "404", "405"
SECOND_FACTOR = "second factor"


def _profile(chef, handlaggare, ekonom, ledamot, outsider, anonymous) -> dict:
    return dict(
        zip(
            ROLES,
            (chef, handlaggare, ekonom, ledamot, outsider, anonymous),
            strict=True,
        )
    )


# The outcome per role (chef, handläggare, ekonom, ledamot, outsider, anonymous).
EVERYONE = _profile(OK, OK, OK, OK, OK, OK)
POST_ONLY = _profile(*[NOT_ALLOWED] * 6)
LOGGED_IN = _profile(OK, OK, OK, OK, OK, LOGIN)
MEMBERS_READ = _profile(OK, OK, OK, OK, NOT_FOUND, LOGIN)  # staff + förtroendevalda
STAFF_READ = _profile(OK, OK, OK, FORBIDDEN, NOT_FOUND, LOGIN)
ADMIN_ONLY = _profile(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)
CASES_READ = _profile(OK, OK, FORBIDDEN, OK, NOT_FOUND, LOGIN)
CASES_WRITE = _profile(OK, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, LOGIN)

EXPECTED: dict[str, dict] = {
    # Outside any federation.
    "home": EVERYONE,
    "login": EVERYONE,
    "logout": POST_ONLY,  # Django 5 logs out on POST only
    "accessibility": EVERYONE,
    # Kontrollera ett protokoll: anyone holding a document may check it (core.seal).
    "verify": EVERYONE,
    # accounts: the second factor (accounts.second_factor); every role logs in
    # with it given (force_login), so these pages send it on or show the set-up.
    "second_factor": LOGGED_IN,
    "second_factor_enrol": LOGGED_IN,
    "account_security": LOGGED_IN,
    # federation: the register (permissions.can_view_register / can_edit_register).
    # The förbund's address: the register's dashboard to its members, the public
    # front page to everyone else (public.views.pages.front).
    "federation:dashboard": EVERYONE,
    "federation:members": MEMBERS_READ,
    "federation:bodies": MEMBERS_READ,
    "federation:body": MEMBERS_READ,
    "federation:persons": MEMBERS_READ,
    "federation:person": MEMBERS_READ,
    "federation:assignment_add": ADMIN_ONLY,
    "federation:fill_vacancy": ADMIN_ONLY,
    # Behörigheter: the förbund's Administratör grants and revokes its roles.
    "federation:roles": ADMIN_ONLY,
    "federation:role_revoke": POST_ONLY,
    # Tjänstepersoner and the förbund's settings (its logo): the Administratör.
    "federation:officials": ADMIN_ONLY,
    "federation:official_end": POST_ONLY,
    "federation:settings": ADMIN_ONLY,
    "federation:logo": ADMIN_ONLY,
    # cases: Administratör and Handläggare write, Förtroendevald reads, Ekonom none.
    "cases:case_list": CASES_READ,
    "cases:case_create": CASES_WRITE,
    "cases:case_detail": CASES_READ,
    "cases:case_edit": CASES_WRITE,
    "cases:case_pdf": CASES_READ,
    "cases:case_register_tjansteskrivelse": POST_ONLY,
    "cases:diarium": CASES_READ,
    "cases:document_upload": CASES_WRITE,
    "cases:document_edit": CASES_WRITE,
    "cases:document_file": CASES_READ,
    "cases:delegation_list": CASES_READ,
    "cases:delegation_create": CASES_WRITE,
    "cases:notification_list": CASES_READ,
    "cases:notification_list_pdf": CASES_READ,
    # meetings: staff see all meetings, a ledamot those of their bodies (Rolf Rask
    # sits in the Direktion), the Administratör prepares them.
    "meetings:meeting_list": STAFF_READ,
    "meetings:meeting_create": POST_ONLY,
    "meetings:my_meetings": MEMBERS_READ,
    "meetings:meeting_detail": MEMBERS_READ,
    "meetings:agenda": ADMIN_ONLY,
    "meetings:agenda_add_item": POST_ONLY,
    "meetings:agenda_add_case": POST_ONLY,
    "meetings:agenda_move": POST_ONLY,
    "meetings:agenda_remove": POST_ONLY,
    "meetings:agenda_edit_item": ADMIN_ONLY,
    "meetings:kallelse_status": ADMIN_ONLY,
    "meetings:notification_entry": POST_ONLY,
    "meetings:publish": POST_ONLY,
    "meetings:retry_kallelse": POST_ONLY,
    "meetings:agenda_invited": POST_ONLY,
    "meetings:body_settings": ADMIN_ONLY,
    "meetings:kallelse_pdf": MEMBERS_READ,
    "meetings:meeting_document": MEMBERS_READ,
    "meetings:document_page": MEMBERS_READ,
    # minutes: the anslagstavla and justerade protokoll are public.
    "minutes:anslagstavla": EVERYONE,
    "minutes:public_detail": EVERYONE,
    "minutes:public_pdf": EVERYONE,
    "minutes:detail": MEMBERS_READ,
    "minutes:start": POST_ONLY,
    "minutes:pdf": MEMBERS_READ,
    "minutes:approve": POST_ONLY,
    "minutes:comment": POST_ONLY,
    "minutes:attendance": POST_ONLY,
    "minutes:attendance_quorum": POST_ONLY,
    "minutes:reservation_motivation": POST_ONLY,
    "minutes:open_vote": ADMIN_ONLY,
    "minutes:extract_pdf": MEMBERS_READ,
    "minutes:underlag_pdf": MEMBERS_READ,
    "minutes:from_agenda": POST_ONLY,
    "minutes:add_paragraph": POST_ONLY,
    "minutes:close_meeting": POST_ONLY,
    "minutes:choose_justerare": POST_ONLY,
    "minutes:send_for_justering": POST_ONLY,
    "minutes:retry_builds": POST_ONLY,
    "minutes:expedite": POST_ONLY,
    "minutes:decision": POST_ONLY,
    "minutes:jav": POST_ONLY,
    "minutes:yrkande": POST_ONLY,
    "minutes:closed_vote": POST_ONLY,
    "minutes:reservation": POST_ONLY,
    "minutes:note": POST_ONLY,
    "minutes:edit_yrkande": POST_ONLY,
    "minutes:remove_yrkande": POST_ONLY,
    "minutes:edit_note": POST_ONLY,
    "minutes:remove_note": POST_ONLY,
    "minutes:justera_now": POST_ONLY,
    "minutes:remove_paragraph": POST_ONLY,
    "minutes:correction": POST_ONLY,
    "minutes:expedite_paragraph": POST_ONLY,
    # agreements: everyone of the federation reads, the Administratör writes.
    "agreements:agreement_list": MEMBERS_READ,
    "agreements:agreement_export": MEMBERS_READ,
    "agreements:agreement_create": ADMIN_ONLY,
    "agreements:agreement_import": ADMIN_ONLY,
    "agreements:agreement_detail": MEMBERS_READ,
    "agreements:agreement_edit": ADMIN_ONLY,
    "agreements:ratification_record": ADMIN_ONLY,
    "agreements:notice_give": ADMIN_ONLY,
    "agreements:document_link": POST_ONLY,
    "agreements:document_upload": ADMIN_ONLY,
    "agreements:member_agreements": MEMBERS_READ,
    **OPARL_EXPECTED,
    **PUBLIC_EXPECTED,
    **ACCOUNTING_EXPECTED,
    **FINANCE_EXPECTED,
    **STATEMENT_EXPECTED,
    **FOLLOWUP_EXPECTED,
    **NOTES_EXPECTED,
    **READER_EXPECTED,
    **OBLIGATIONS_EXPECTED,
}


def _march(f: Federation) -> Meeting:
    return Meeting.objects.get(body__federation=f, date="2024-03-01")


M = TypeVar("M", bound=Model)


def _first(rows: QuerySet[M]) -> M:
    """The first row, which the demo has (typed: .first() may be None)."""
    row = rows.first()
    assert row is not None, rows.query
    return row


def _paragraph(f: Federation) -> dict:
    paragraph = _first(Paragraph.objects.filter(minutes__meeting=_march(f)))
    return {"meeting_pk": _march(f).pk, "pk": paragraph.pk}


def _yrkande(f: Federation) -> dict:
    yrkande = _first(
        Yrkande.objects.filter(
            paragraph__minutes__meeting__body__federation=f
        ).select_related("paragraph__minutes")
    )
    return {"meeting_pk": yrkande.paragraph.minutes.meeting_id, "pk": yrkande.pk}


def _agenda_document(f: Federation) -> Document:
    return _first(
        Document.objects.filter(
            case__agenda_items__meeting=_march(f), is_secret=False
        ).exclude(file="")
    )


def _agreement(f: Federation) -> Agreement:
    return _first(Agreement.objects.filter(parties__member__federation=f))


def _population_figure(f: Federation) -> PopulationFigure:
    return _first(PopulationFigure.objects.filter(member__federation=f))


# URL name → the URL's kwargs (besides the federation) from the demo's Sjuhärad.
SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "federation:body": lambda f: {
        "pk": Body.objects.get(federation=f, short_name="Direktion").pk
    },
    "federation:person": lambda f: {
        "pk": Person.objects.get(federation=f, user__username="ledamot").pk
    },
    "federation:assignment_add": lambda f: {
        "pk": Body.objects.get(federation=f, short_name="Direktion").pk
    },
    "federation:fill_vacancy": lambda f: {
        "pk": _first(Assignment.objects.filter(body__federation=f)).pk
    },
    "federation:role_revoke": lambda f: {
        "pk": _first(RoleGrant.objects.filter(federation=f)).pk
    },
    "federation:official_end": lambda f: {
        "pk": _first(Official.objects.filter(federation=f)).pk
    },
    "cases:case_detail": lambda f: {"pk": Case.objects.filter(federation=f)[0].pk},
    "cases:case_edit": lambda f: {"pk": Case.objects.filter(federation=f)[0].pk},
    "cases:case_pdf": lambda f: {
        "pk": Case.objects.filter(federation=f, status="ready")[0].pk
    },
    "cases:case_register_tjansteskrivelse": lambda f: {
        "pk": Case.objects.filter(federation=f)[0].pk
    },
    "cases:document_edit": lambda f: {"pk": _agenda_document(f).pk},
    "cases:document_file": lambda f: {"pk": _agenda_document(f).pk},
    "meetings:meeting_detail": lambda f: {"pk": _march(f).pk},
    "meetings:agenda": lambda f: {
        "pk": Meeting.objects.get(body__federation=f, date="2026-12-11").pk
    },
    "meetings:agenda_add_item": lambda f: {"pk": _march(f).pk},
    "meetings:agenda_add_case": lambda f: {"pk": _march(f).pk},
    "meetings:agenda_move": lambda f: {
        "pk": _march(f).pk,
        "item_pk": _first(_march(f).items.all()).pk,
    },
    "meetings:agenda_remove": lambda f: {
        "pk": _march(f).pk,
        "item_pk": _first(_march(f).items.all()).pk,
    },
    "meetings:agenda_edit_item": lambda f: {
        "pk": _march(f).pk,
        "item_pk": _first(_march(f).items.all()).pk,
    },
    "meetings:kallelse_status": lambda f: {"pk": _march(f).pk, "number": 1},
    "meetings:notification_entry": lambda f: {"pk": _march(f).pk},
    "meetings:publish": lambda f: {"pk": _march(f).pk},
    "meetings:retry_kallelse": lambda f: {"pk": _march(f).pk, "number": 1},
    "meetings:agenda_invited": lambda f: {"pk": _march(f).pk},
    "meetings:body_settings": lambda f: {
        "body_pk": Body.objects.get(federation=f, short_name="Direktion").pk
    },
    "meetings:kallelse_pdf": lambda f: {"pk": _march(f).pk, "number": 1},
    "meetings:meeting_document": lambda f: {
        "pk": _march(f).pk,
        "document_pk": _agenda_document(f).pk,
    },
    "meetings:document_page": lambda f: {
        "pk": _march(f).pk,
        "document_pk": _agenda_document(f).pk,
    },
    "minutes:public_detail": lambda f: {"pk": _march(f).minutes.pk},
    "minutes:public_pdf": lambda f: {"pk": _march(f).minutes.pk},
    "minutes:detail": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:start": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:pdf": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:approve": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:comment": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:attendance": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:attendance_quorum": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:edit_yrkande": _yrkande,
    "minutes:remove_yrkande": _yrkande,
    # The demo has no protokollsanteckning: a yrkande's id stands in (the views
    # look a note up among the protokoll's own, so any other id is not found).
    "minutes:edit_note": _yrkande,
    "minutes:remove_note": _yrkande,
    "minutes:reservation_motivation": _paragraph,
    "minutes:open_vote": _paragraph,
    "minutes:extract_pdf": _paragraph,
    "minutes:underlag_pdf": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:from_agenda": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:add_paragraph": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:close_meeting": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:choose_justerare": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:send_for_justering": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:retry_builds": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:expedite": lambda f: {"meeting_pk": _march(f).pk},
    "minutes:decision": _paragraph,
    "minutes:jav": _paragraph,
    "minutes:yrkande": _paragraph,
    "minutes:closed_vote": _paragraph,
    "minutes:reservation": _paragraph,
    "minutes:note": _paragraph,
    "minutes:justera_now": _paragraph,
    "minutes:remove_paragraph": _paragraph,
    "minutes:correction": _paragraph,
    "minutes:expedite_paragraph": _paragraph,
    "agreements:agreement_detail": lambda f: {"pk": _agreement(f).pk},
    "agreements:agreement_edit": lambda f: {"pk": _agreement(f).pk},
    "agreements:ratification_record": lambda f: {
        "pk": _agreement(f).pk,
        "party_pk": _first(_agreement(f).parties.all()).pk,
    },
    "agreements:notice_give": lambda f: {"pk": _agreement(f).pk},
    "agreements:document_link": lambda f: {"pk": _agreement(f).pk},
    "agreements:document_upload": lambda f: {"pk": _agreement(f).pk},
    "agreements:member_agreements": lambda f: {"member_pk": _first(f.members.all()).pk},
    "finance:population_edit": lambda f: {
        "member": _first(
            PopulationFigure.objects.filter(member__federation=f)
        ).member_id,
        "year": _first(PopulationFigure.objects.filter(member__federation=f)).year,
    },
    "finance:index_series": lambda f: {
        "pk": _first(IndexSeries.objects.filter(federation=f)).pk
    },
    "finance:fee_model": lambda f: {
        "pk": _first(FeeModel.objects.filter(federation=f)).pk
    },
    "finance:fee_model_edit": lambda f: {
        "pk": _first(FeeModel.objects.filter(federation=f)).pk
    },
    "finance:run": lambda f: {
        "pk": _first(AllocationRun.objects.filter(federation=f)).pk
    },
    "finance:run_approve": lambda f: {
        "pk": _first(AllocationRun.objects.filter(federation=f)).pk
    },
    "finance:run_report_create": lambda f: {
        "pk": _first(AllocationRun.objects.filter(federation=f)).pk
    },
    "finance:run_download": lambda f: {
        "pk": _first(AllocationRun.objects.filter(federation=f)).pk,
        "fmt": "xlsx",
    },
    **OPARL_SAMPLES,
    **PUBLIC_SAMPLES,
    **ACCOUNTING_SAMPLES,
    **FINANCE_SAMPLES,
    **STATEMENT_SAMPLES,
    **FOLLOWUP_SAMPLES,
    **NOTES_SAMPLES,
    **READER_SAMPLES,
    **OBLIGATIONS_SAMPLES,
}

# Query strings a page needs to show more than its empty form.
QUERIES = {
    "cases:diarium": "?q=avtal",
    "cases:notification_list": "?since=2024-01-01&until=2024-02-29",
    "cases:notification_list_pdf": "?since=2024-01-01&until=2024-02-29",
}

_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def url_patterns(patterns=None, namespace: str = "", route: str = "") -> list:
    """(URL name, route) of every pattern, admin and static files left out."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += url_patterns(entry.url_patterns, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            full = route + str(entry.pattern)
            if full.startswith(("static/", "media/")):
                continue
            found.append((f"{namespace}{entry.name}" if entry.name else full, full))
    return found


def outcome(response) -> str:
    if response.status_code == 302:
        if response.url.startswith("/konto/logga-in/"):
            return LOGIN
        if response.url.startswith("/konto/tvastegsverifiering/"):
            return SECOND_FACTOR
        return OK
    if response.status_code == 200:
        return OK
    return str(response.status_code)


def test_every_url_has_a_sample_and_an_expected_outcome():
    missing = []
    for name, route in url_patterns():
        params = set(_PARAM.findall(route)) - {"federation"}
        if params and name not in SAMPLES:
            missing.append(f"add a sample for {name}")
        if name not in EXPECTED:
            missing.append(f"add the expected outcome for {name}")

    assert missing == []


def _cases(federation: Federation) -> tuple[list[tuple[str, str]], list[str]]:
    """(URL name, URL) to request, and the names that lack a sample or outcome."""
    cases, missing = [], []
    for name, route in url_patterns():
        params = set(_PARAM.findall(route)) - {"federation"}
        if (params and name not in SAMPLES) or name not in EXPECTED:
            missing.append(f"add a sample and an expected outcome for {name}")
            continue
        kwargs = SAMPLES[name](federation) if name in SAMPLES else {}
        if "<slug:federation>" in route:
            kwargs["federation"] = federation.slug
        cases.append((name, reverse(name, kwargs=kwargs) + QUERIES.get(name, "")))
    return cases, missing


def test_every_url_and_role_gives_the_designed_outcome(demo):
    clients = role_clients()
    cases, mismatches = _cases(demo)
    errors, without_csp, checked = [], [], 0
    # The ledamot's personal note (notes.demo): theirs alone, on every address.
    notes_seen: list[str] = []

    for name, url in cases:
        for role in ROLES:
            response = clients[role].get(url)
            checked += 1
            got = outcome(response)
            if shows_a_note(response):
                notes_seen.append(f"{role} {name}")
            if response.status_code >= 500:
                errors.append(f"{role} GET {url}: {response.status_code}")
            elif got != EXPECTED[name][role]:
                mismatches.append(
                    f"{name} as {role}: {got}, expected {EXPECTED[name][role]} ({url})"
                )
            if response.get("Content-Type", "").startswith("text/html"):
                policy = response.get("Content-Security-Policy", "")
                script_src = re.search(r"script-src([^;]*)", policy)
                if not script_src or "'unsafe-inline'" in script_src.group(1):
                    without_csp.append(f"{role} GET {url}: {policy!r}")

    assert errors == []
    assert mismatches == [], "\n".join(mismatches)
    assert without_csp == []
    assert {seen.split()[0] for seen in notes_seen} == {"ledamot"}
    assert len(cases) >= 92  # 92 URLs × 6 roles = 552 requests in December 2026
    assert checked == len(cases) * len(ROLES)
