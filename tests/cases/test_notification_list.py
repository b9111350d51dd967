import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Document
from cases.services import notification_list
from tests.factories import FederationFactory

from .factories import DelegationDecisionFactory, DocumentFactory

D = datetime.date
SINCE, UNTIL = D(2023, 12, 9), D(2024, 2, 23)
INCOMING, DISPATCHED = Document.Direction.INCOMING, Document.Direction.DISPATCHED


def _doc(federation, date, counterpart, title, direction=INCOMING, **extra):
    registered_on = extra.pop("registered_on", max(date, SINCE))
    return DocumentFactory(
        federation=federation,
        date=date,
        counterpart=counterpart,
        title=title,
        direction=direction,
        registered_on=registered_on,
        **extra,
    )


def _reference_data(federation):
    """Entries of the 2024-03-01 reference list, registered in a mixed order."""
    _doc(
        federation,
        D(2023, 12, 6),
        "Vårgårda kommun",
        "Samverkansavtal familjecentraler i Västra Götaland",
    )
    _doc(
        federation,
        D(2023, 11, 30),
        "Rydals museum",
        "Rekvisition Skimmer och härvor i Viskans vatten",
    )
    _doc(
        federation,
        D(2023, 12, 15),
        "Medlemskommunerna",
        "Direktionsprotokoll 2023-12-08",
        DISPATCHED,
    )
    _doc(
        federation,
        D(2024, 2, 15),
        "ArkivIT, Whitered, Sweco",
        "Tilldelningsbeslut Direktupphandling Upphandlingskonsult e-arkiv",
        DISPATCHED,
    )
    DelegationDecisionFactory(
        federation=federation,
        date=D(2024, 2, 19),
        decision="Utlämnande av handling, anbud",
        delegate="Administrativ chef",
    )
    DelegationDecisionFactory(
        federation=federation,
        date=D(2023, 12, 20),
        decision="Anställning projektledare",
        delegate="Enhetschef Välfärdsutveckling",
    )


def test_notification_list_has_three_sections_numbered_across(federation):
    _reference_data(federation)

    listing = notification_list(federation, since=SINCE, until=UNTIL)

    assert listing.as_text().splitlines() == [
        "Inkomna handlingar",
        "Datum Avsändare Ärende",
        "231130 1. Rydals museum Rekvisition Skimmer och härvor i Viskans vatten",
        "231206 2. Vårgårda kommun Samverkansavtal familjecentraler i Västra Götaland",
        "Expedierade handlingar",
        "Datum Mottagare Ärende",
        "231215 3. Medlemskommunerna Direktionsprotokoll 2023-12-08",
        "240215 4. ArkivIT, Whitered, Sweco Tilldelningsbeslut Direktupphandling "
        "Upphandlingskonsult e-arkiv",
        "Delegationsbeslut",
        "Datum Beslut Delegat",
        "231220 5. Anställning projektledare Enhetschef Välfärdsutveckling",
        "240219 6. Utlämnande av handling, anbud Administrativ chef",
    ]


def test_notification_list_takes_registration_dates_both_ends_included(
    federation, other_federation
):
    _doc(federation, D(2023, 12, 1), "A", "Före", registered_on=D(2023, 12, 8))
    first = _doc(federation, D(2023, 12, 1), "B", "Första dagen", registered_on=SINCE)
    last = _doc(federation, D(2024, 2, 23), "C", "Sista dagen", registered_on=UNTIL)
    _doc(federation, D(2024, 2, 23), "D", "Efter", registered_on=D(2024, 2, 24))
    _doc(
        federation,
        D(2024, 1, 5),
        "E",
        "Upprättad",
        direction=Document.Direction.DRAWN_UP,
    )
    _doc(other_federation, D(2024, 1, 5), "F", "Annat förbund")

    listing = notification_list(federation, since=SINCE, until=UNTIL)

    ids = [e.object_id for s in listing.sections for e in s.entries]
    assert ids == [first.pk, last.pk]


def test_notification_list_adds_and_removes_the_secretarys_choices(federation):
    kept = _doc(federation, D(2024, 1, 10), "A", "Kvar")
    removed = _doc(federation, D(2024, 1, 11), "B", "Borttagen")
    late = _doc(federation, D(2024, 2, 26), "C", "Sen", registered_on=D(2024, 2, 27))
    decision = DelegationDecisionFactory(federation=federation, date=D(2024, 1, 3))
    extra_decision = DelegationDecisionFactory(
        federation=federation, date=D(2023, 11, 1)
    )

    listing = notification_list(
        federation,
        since=SINCE,
        until=UNTIL,
        exclude_document_ids=[removed.pk],
        extra_document_ids=[late.pk],
        exclude_delegation_ids=[decision.pk],
        extra_delegation_ids=[extra_decision.pk],
    )

    entries = [
        (s.key, e.number, e.object_id) for s in listing.sections for e in s.entries
    ]
    assert entries == [
        ("incoming", 1, kept.pk),
        ("incoming", 2, late.pk),
        ("delegation", 3, extra_decision.pk),
    ]


def test_notification_list_hides_secret_titles_from_the_public(federation, chef):
    _doc(
        federation,
        D(2024, 1, 10),
        "Privatperson",
        "Klagomål på handläggning",
        is_secret=True,
        osl_reference="26 kap. 1 § OSL",
    )

    public = notification_list(federation, since=SINCE, until=UNTIL, audience=None)
    staff = notification_list(federation, since=SINCE, until=UNTIL, audience=chef)

    public_entry = public.sections[0].entries[0]
    assert (public_entry.number, public_entry.title) == (
        1,
        "Handling omfattas av sekretess",
    )
    assert "Klagomål" not in public.as_text()
    assert staff.sections[0].entries[0].title == "Klagomål på handläggning"


def test_notification_list_date_code_is_yymmdd(federation):
    _doc(federation, D(2024, 1, 5), "A", "B")

    listing = notification_list(federation, since=SINCE, until=UNTIL)

    assert listing.sections[0].entries[0].date_code == "240105"


_dates = st.dates(min_value=D(2023, 12, 9), max_value=D(2024, 2, 23))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["incoming", "dispatched", "delegation"]), _dates),
        max_size=12,
    )
)
def test_notification_list_numbers_run_1_to_n_in_section_order(db, rows):
    federation = FederationFactory()
    for kind, date in rows:
        if kind == "delegation":
            DelegationDecisionFactory(federation=federation, date=date)
        else:
            DocumentFactory(federation=federation, direction=kind, date=date)

    listing = notification_list(federation, since=SINCE, until=UNTIL)

    numbers = [e.number for s in listing.sections for e in s.entries]
    assert numbers == list(range(1, len(rows) + 1))
    assert [s.key for s in listing.sections] == ["incoming", "dispatched", "delegation"]
    for section in listing.sections:
        dates = [e.date for e in section.entries]
        assert dates == sorted(dates)
        assert len(section.entries) == sum(1 for k, _ in rows if k == section.key)
