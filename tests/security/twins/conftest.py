"""Two förbund made of the demo's Sjuhärad, and holders of a role in each (the
tests of this folder; issue 14, "How it will be checked").

The demo's Sjuhärad is loaded twice: the first load is renamed to the twin förbund
"tvilling" (förbund B), the second is Sjuhärad again (förbund A), so both have the
same kinds of rows: meetings with a published kallelse and a justerat protokoll,
ärenden, allocation runs, agreements, anslag. Each gets a sekretess handling with a
file on an ärende of the March meeting, and a mark of its own in the titles of a
ready ärende, its agreements and its fee models, so that no page of one förbund may
show the other's mark or sekretess title, and searches have words to look for.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from agreements.models import Agreement
from cases.demo import _one_page_pdf
from cases.models import Case, Document
from cases.services import register_generated_document
from federation.models import Federation, Person
from federation.roles import STAFF_ROLES, Role
from finance.models import FeeModel
from inbox.models import Item
from meetings.models import Meeting
from notes.models import PersonalNote
from tests.factories import grant
from tests.security.conftest import load_demo
from tests.security.test_permission_matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    _profile,
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
    for fee_model in FeeModel.objects.filter(federation=federation):
        fee_model.name = f"{fee_model.name} {_mark_of(federation.slug)}"
        fee_model.save()


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


@pytest.fixture(scope="package")
def _twins_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The two förbund, loaded once for this folder (the demo twice takes 11 s) and
    committed; each test runs in a transaction that is rolled back, and the folder
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
            rask = _rask(federation)
            Person.objects.filter(pk=rask.pk).update(user=user)
            # And what Rolf Rask's account has there: its personal notes and its Nytt.
            PersonalNote.objects.filter(person=rask).update(author=user)
            Item.objects.filter(federation=federation, user=rask.user_id).update(
                user=user
            )


def _client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _html(response) -> str:
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode()
