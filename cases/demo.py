"""Demo ärenden, handlingar and delegationsbeslut for Sjuhärad, about a year's worth.

The subjects follow the reference kallelse of 2024-03-01 and its anmälningsärenden list
(handlingar registered after the Direktion's meeting of 2023-12-08); the texts are our
own. The ärenden are keyword rows below; the handlingar and delegationsbeslut are CSV
files next to this module (demo_documents.csv, demo_delegation_decisions.csv), whose
"case" column names an ärende by its key, as meetings/demo_agenda_items.csv does. Each
handling gets a one-page PDF made with pikepdf (no WeasyPrint: loading stays fast).
Safe to run again: rows are found by natural keys.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User

from federation.demo import lookup, lookup_or_none, rows
from federation.models import Body, Federation, Member

from .models import Case, DelegationDecision, Document
from .services import open_case, record_delegation_decision, register_generated_document

D = datetime.date
HERE = Path(__file__).parent
# The list of 2024-03-01 reports what was registered after the meeting of 2023-12-08.
LIST_START = D(2023, 12, 11)


@dataclass(frozen=True)
class CaseRow:
    """An ärende; `key` is how the other rows and the other apps' demos name it."""

    key: str
    opened: datetime.date
    title: str
    handlaggare: str  # a demo user's username
    status: str
    proposal: str = ""
    description: str = ""
    child_impact: str = ""
    recipients_external: str = ""


CASES = [
    CaseRow(
        key="verksamhetsplan_2024",
        opened=D(2023, 9, 4),
        title="Verksamhetsplan och budget 2024",
        handlaggare="chef",
        status="decided",
        proposal="Direktionen fastställer verksamhetsplan och budget 2024",
        description=(
            "Förbundets verksamhetsplan beskriver prioriteringarna för 2024 inom "
            "hållbar utveckling, välfärd och kompetens samt kultur. Budgeten bygger på "
            "oförändrad medlemsavgift per invånare."
        ),
        child_impact=(
            "Planen stärker insatser för unga, bland annat fullföljda studier."
        ),
    ),
    CaseRow(
        key="biblioteksplan",
        opened=D(2023, 10, 2),
        title="Yttrande över regional biblioteksplan 2024–2027",
        handlaggare="handlaggare",
        status="decided",
        proposal="Direktionen antar yttrandet som sitt eget",
        description=(
            "Regionen har bett kommunalförbundet yttra sig över förslaget till "
            "regional biblioteksplan. Yttrandet lyfter bibliotekens roll för "
            "läsfrämjande och digital delaktighet i delregionen."
        ),
        child_impact="Läsfrämjande insatser gynnar barn och unga direkt.",
        recipients_external="Västra Götalandsregionen",
    ),
    CaseRow(
        key="kulturplan",
        opened=D(2023, 10, 16),
        title="Kulturplan Sjuhärad 2024–2027",
        handlaggare="handlaggare",
        status="decided",
        proposal="Direktionen antar Kulturplan Sjuhärad 2024–2027",
        description=(
            "Kulturplanen samlar delregionens gemensamma prioriteringar för kulturen "
            "och ligger till grund för dialogen med regionen om medfinansiering."
        ),
        child_impact="Planen prioriterar barns och ungas tillgång till kultur.",
        recipients_external="Västra Götalandsregionen",
    ),
    CaseRow(
        key="grona_bla",
        opened=D(2023, 11, 20),
        title="Gröna och blå strukturer i Sjuhärad",
        handlaggare="handlaggare",
        status="in_preparation",
        description=(
            "Förbundet tar fram ett kunskapsunderlag om gröna och blå strukturer som "
            "stöd för kommunernas översiktsplanering. Uppdraget direktupphandlas."
        ),
    ),
    CaseRow(
        key="e_arkiv",
        opened=D(2023, 12, 18),
        title="Upphandling av konsult för gemensamt e-arkiv",
        handlaggare="chef",
        status="decided",
        description=(
            "Medlemskommunerna vill utreda ett gemensamt e-arkiv. En konsult "
            "direktupphandlas för att ta fram kravställning och förstudie."
        ),
    ),
    CaseRow(
        key="avfallsplan",
        opened=D(2023, 12, 27),
        title="Processledning gemensam avfallsplan",
        handlaggare="handlaggare",
        status="in_preparation",
        description=(
            "Kommunerna tar fram en gemensam avfallsplan med förbundet som "
            "processledare. Varje kommun tecknar ett avtal om processledningen."
        ),
    ),
    CaseRow(
        key="fyllnadsval_v",
        opened=D(2024, 2, 5),
        title="Fyllnadsval adjungerad ledamot Vänsterpartiet",
        handlaggare="chef",
        status="ready",
        proposal="Direktionen beslutar enligt valberedningens förslag",
        description=(
            "Vänsterpartiets adjungerade ledamot i Direktionen har lämnat sitt "
            "uppdrag. Partiet har nominerat en ersättare för resten av mandatperioden, "
            "och valberedningen föreslår att Direktionen utser denne."
        ),
        recipients_external="Vänsterpartiet",
    ),
    CaseRow(
        key="fyllnadsval_vok",
        opened=D(2024, 2, 5),
        title="Fyllnadsval adjungerad ledamot i beredning Välfärd och Kompetens",
        handlaggare="chef",
        status="ready",
        proposal="Direktionen beslutar enligt valberedningens förslag",
        description=(
            "Den adjungerade ledamoten för Vänsterpartiet i beredningen Välfärd och "
            "Kompetens har lämnat uppdraget. Valberedningen föreslår partiets nya "
            "kandidat."
        ),
        recipients_external="Vänsterpartiet",
    ),
    CaseRow(
        key="remissvar_transportplan",
        opened=D(2024, 2, 7),
        title="Remissvar inriktningsplanering av nationell transportinfrastrukturplan",
        handlaggare="handlaggare",
        status="ready",
        proposal=(
            "Direktionen ställer sig bakom Västra Götalandsregionens förslag till "
            "remissyttrande"
        ),
        description=(
            "Trafikverket har redovisat inriktningsunderlag inför nästa nationella "
            "plan för transportinfrastrukturen. Regionen samordnar ett gemensamt "
            "yttrande med kommunalförbunden. För Sjuhärad är stråken Göteborg–Borås "
            "och Borås–Värnamo de viktigaste frågorna, liksom underhållet av det "
            "befintliga vägnätet."
        ),
        child_impact=(
            "Säkra skolvägar och kollektivtrafik påverkar barns vardag; yttrandet "
            "lyfter trafiksäkerhet."
        ),
        recipients_external="Västra Götalandsregionen",
    ),
    CaseRow(
        key="brvux",
        opened=D(2023, 11, 6),
        title="Samverkansavtal BRVux",
        handlaggare="handlaggare",
        status="ready",
        proposal=(
            "Direktionen godkänner samverkansavtalet för vuxenutbildning 2024–2027\n"
            "Direktionen rekommenderar medlemskommunerna att teckna avtalet"
        ),
        description=(
            "Kommunerna samverkar om vuxenutbildning i Boråsregionen (BRVux) så att "
            "invånarna kan söka utbildningar i hela delregionen. Det nya avtalet "
            "förtydligar ersättningen mellan kommunerna och den gemensamma studie- och "
            "yrkesvägledningen."
        ),
        child_impact="Avtalet gäller vuxna; ingen direkt påverkan på barn.",
    ),
    CaseRow(
        key="naturbruk",
        opened=D(2024, 1, 22),
        title="Samverkansavtal om naturbruksutbildning",
        handlaggare="handlaggare",
        status="ready",
        proposal=(
            "Direktionen godkänner samverkansavtalet om naturbruksutbildning\n"
            "Direktionen rekommenderar medlemskommunerna att anta avtalet"
        ),
        description=(
            "Avtalet reglerar hur eleverna i delregionen får tillgång till "
            "gymnasieskolans naturbruksprogram, med lantbruk, djurvård och skog, och "
            "hur kostnaderna fördelas mellan kommunerna och regionen."
        ),
        child_impact="Eleverna får ett bredare utbud av gymnasieprogram nära hemmet.",
    ),
    CaseRow(
        key="arsbokslut_2023",
        opened=D(2024, 1, 29),
        title="Årsbokslut 2023",
        handlaggare="chef",
        status="ready",
        proposal=(
            "Direktionen godkänner årsbokslutet för 2023\nÅrsbokslutet överlämnas till "
            "revisorerna"
        ),
        description=(
            "Förbundet redovisar ett mindre överskott för 2023, främst genom lägre "
            "personalkostnader under vakanser. Projektmedel som inte använts förs över "
            "till 2024."
        ),
        recipients_external="Förbundets revisorer",
    ),
    CaseRow(
        key="verksamhetsplan_2025",
        opened=D(2024, 5, 13),
        title="Verksamhetsplan och budget 2025",
        handlaggare="chef",
        status="in_preparation",
        description="Arbetet med nästa års plan och budget startar i beredningarna.",
    ),
    CaseRow(
        key="delarsrapport_2024",
        opened=D(2024, 8, 19),
        title="Delårsrapport januari–augusti 2024",
        handlaggare="chef",
        status="opened",
    ),
]


def load(context: dict) -> dict:
    federation: Federation = context["sjuharad"]
    users: dict[str, User] = context["users"]
    by = users["chef"]
    cases = _load_cases(federation, users, by)
    # Registered no earlier than LIST_START, so that the list of 2024-03-01 can be
    # made from the handlingar dated before it.
    for row in rows(HERE / "demo_documents.csv"):
        date = datetime.date.fromisoformat(row["date"])
        _document(
            federation,
            by,
            date=date,
            direction=row["direction"],
            counterpart=row["counterpart"],
            title=row["title"],
            case=lookup_or_none(cases, row["case"], "ärende", "demo_documents.csv"),
            kind=row["kind"],
            registered_on=max(date, LIST_START),
            is_secret=bool(row["osl_reference"]),
            osl_reference=row["osl_reference"],
        )
    for row in rows(HERE / "demo_delegation_decisions.csv"):
        date = datetime.date.fromisoformat(row["date"])
        if not DelegationDecision.objects.filter(
            federation=federation, date=date, decision=row["decision"]
        ).exists():
            record_delegation_decision(
                federation,
                date=date,
                decision=row["decision"],
                delegate=row["delegate"],
                case=lookup_or_none(
                    cases, row["case"], "ärende", "demo_delegation_decisions.csv"
                ),
                by=by,
                registered_on=max(date, LIST_START),
            )
    _link_tjansteskrivelse_parts(federation, cases)
    return {"cases": cases}


def _load_cases(federation: Federation, users: dict, by: User) -> dict[str, Case]:
    direktion = Body.objects.filter(
        federation=federation, short_name="Direktion"
    ).first()
    cases = {}
    for row in sorted(CASES, key=lambda row: row.opened):
        case = Case.objects.filter(federation=federation, title=row.title).first()
        if case is None:
            case = open_case(
                federation,
                title=row.title,
                handlaggare=lookup(
                    users, row.handlaggare, "user", f"CASES ({row.key})"
                ),
                by=by,
                opened_on=row.opened,
                status=row.status,
                proposal=row.proposal,
                description=row.description,
                child_impact=row.child_impact,
                recipients_external=row.recipients_external,
                bodies=[direktion] if direktion else [],
            )
        cases[row.key] = case
    return cases


def _link_tjansteskrivelse_parts(federation: Federation, cases: dict) -> None:
    """Beslutsunderlag and members as recipients, set once on a fresh load."""
    members = list(Member.objects.filter(federation=federation, status="member"))
    for key in ("brvux", "naturbruk", "verksamhetsplan_2024"):
        if not cases[key].recipient_members.exists():
            cases[key].recipient_members.set(members)
    for case in cases.values():
        if case.basis_documents.exists():
            continue
        bilagor = case.documents.filter(kind="bilaga", is_secret=False)
        if bilagor:
            case.basis_documents.set(bilagor)


def _document(federation: Federation, by: User, **fields) -> Document:
    existing = Document.objects.filter(
        federation=federation,
        title=fields["title"],
        date=fields["date"],
        counterpart=fields["counterpart"],
    ).first()
    if existing is not None:
        return existing
    return register_generated_document(
        federation,
        content=_one_page_pdf(fields["title"]),
        filename=fields["title"],
        by=by,
        **fields,
    )


def _one_page_pdf(title: str) -> bytes:
    """A one-page PDF with the title as text (Helvetica, WinAnsi covers Swedish)."""
    import pikepdf  # slow

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    text = title[:90].encode("cp1252", "replace")
    escaped = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 14 Tf 60 770 Td (" + escaped + b") Tj ET"
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
