"""Demo ärenden, handlingar and delegationsbeslut for Sjuhärad, about a year's worth.

The subjects follow the reference kallelse of 2024-03-01 and its anmälningsärenden list
(handlingar registered after the Direktion's meeting of 2023-12-08); the texts are our
own. Each handling gets a one-page PDF made with pikepdf (no WeasyPrint: loading stays
fast). Safe to run again: rows are found by natural keys.
"""

import datetime
import io

import pikepdf
from django.contrib.auth.models import User

from federation.models import Body, Federation, Member

from .models import Case, DelegationDecision, Document
from .services import open_case, record_delegation_decision, register_generated_document

D = datetime.date
IN, OUT, UP = "incoming", "dispatched", "drawn_up"
# The list of 2024-03-01 reports what was registered after the meeting of 2023-12-08.
LIST_START = D(2023, 12, 11)

# key: (opened, title, handläggare, status, proposal, description, child impact,
#       external recipients)
CASES = {
    "verksamhetsplan_2024": (
        D(2023, 9, 4),
        "Verksamhetsplan och budget 2024",
        "chef",
        "decided",
        "Direktionen fastställer verksamhetsplan och budget 2024",
        "Förbundets verksamhetsplan beskriver prioriteringarna för 2024 inom "
        "hållbar utveckling, välfärd och kompetens samt kultur. Budgeten bygger på "
        "oförändrad medlemsavgift per invånare.",
        "Planen stärker insatser för unga, bland annat fullföljda studier.",
        "",
    ),
    "biblioteksplan": (
        D(2023, 10, 2),
        "Yttrande över regional biblioteksplan 2024–2027",
        "handlaggare",
        "decided",
        "Direktionen antar yttrandet som sitt eget",
        "Regionen har bett kommunalförbundet yttra sig över förslaget till regional "
        "biblioteksplan. Yttrandet lyfter bibliotekens roll för läsfrämjande och "
        "digital delaktighet i delregionen.",
        "Läsfrämjande insatser gynnar barn och unga direkt.",
        "Västra Götalandsregionen",
    ),
    "kulturplan": (
        D(2023, 10, 16),
        "Kulturplan Sjuhärad 2024–2027",
        "handlaggare",
        "decided",
        "Direktionen antar Kulturplan Sjuhärad 2024–2027",
        "Kulturplanen samlar delregionens gemensamma prioriteringar för kulturen "
        "och ligger till grund för dialogen med regionen om medfinansiering.",
        "Planen prioriterar barns och ungas tillgång till kultur.",
        "Västra Götalandsregionen",
    ),
    "grona_bla": (
        D(2023, 11, 20),
        "Gröna och blå strukturer i Sjuhärad",
        "handlaggare",
        "in_preparation",
        "",
        "Förbundet tar fram ett kunskapsunderlag om gröna och blå strukturer som "
        "stöd för kommunernas översiktsplanering. Uppdraget direktupphandlas.",
        "",
        "",
    ),
    "e_arkiv": (
        D(2023, 12, 18),
        "Upphandling av konsult för gemensamt e-arkiv",
        "chef",
        "decided",
        "",
        "Medlemskommunerna vill utreda ett gemensamt e-arkiv. En konsult "
        "direktupphandlas för att ta fram kravställning och förstudie.",
        "",
        "",
    ),
    "avfallsplan": (
        D(2023, 12, 27),
        "Processledning gemensam avfallsplan",
        "handlaggare",
        "in_preparation",
        "",
        "Kommunerna tar fram en gemensam avfallsplan med förbundet som processledare. "
        "Varje kommun tecknar ett avtal om processledningen.",
        "",
        "",
    ),
    "fyllnadsval_v": (
        D(2024, 2, 5),
        "Fyllnadsval adjungerad ledamot Vänsterpartiet",
        "chef",
        "ready",
        "Direktionen beslutar enligt valberedningens förslag",
        "Vänsterpartiets adjungerade ledamot i Direktionen har lämnat sitt uppdrag. "
        "Partiet har nominerat en ersättare för resten av mandatperioden, och "
        "valberedningen föreslår att Direktionen utser denne.",
        "",
        "Vänsterpartiet",
    ),
    "fyllnadsval_vok": (
        D(2024, 2, 5),
        "Fyllnadsval adjungerad ledamot i beredning Välfärd och Kompetens",
        "chef",
        "ready",
        "Direktionen beslutar enligt valberedningens förslag",
        "Den adjungerade ledamoten för Vänsterpartiet i beredningen Välfärd och "
        "Kompetens har lämnat uppdraget. Valberedningen föreslår partiets nya "
        "kandidat.",
        "",
        "Vänsterpartiet",
    ),
    "remissvar_transportplan": (
        D(2024, 2, 7),
        "Remissvar inriktningsplanering av nationell transportinfrastrukturplan",
        "handlaggare",
        "ready",
        "Direktionen ställer sig bakom Västra Götalandsregionens förslag till "
        "remissyttrande",
        "Trafikverket har redovisat inriktningsunderlag inför nästa nationella plan "
        "för transportinfrastrukturen. Regionen samordnar ett gemensamt yttrande med "
        "kommunalförbunden. För Sjuhärad är stråken Göteborg–Borås och Borås–Värnamo "
        "de viktigaste frågorna, liksom underhållet av det befintliga vägnätet.",
        "Säkra skolvägar och kollektivtrafik påverkar barns vardag; yttrandet lyfter "
        "trafiksäkerhet.",
        "Västra Götalandsregionen",
    ),
    "brvux": (
        D(2023, 11, 6),
        "Samverkansavtal BRVux",
        "handlaggare",
        "ready",
        "Direktionen godkänner samverkansavtalet för vuxenutbildning 2024–2027\n"
        "Direktionen rekommenderar medlemskommunerna att teckna avtalet",
        "Kommunerna samverkar om vuxenutbildning i Boråsregionen (BRVux) så att "
        "invånarna kan söka utbildningar i hela delregionen. Det nya avtalet "
        "förtydligar ersättningen mellan kommunerna och den gemensamma "
        "studie- och yrkesvägledningen.",
        "Avtalet gäller vuxna; ingen direkt påverkan på barn.",
        "",
    ),
    "naturbruk": (
        D(2024, 1, 22),
        "Samverkansavtal om naturbruksutbildning",
        "handlaggare",
        "ready",
        "Direktionen godkänner samverkansavtalet om naturbruksutbildning\n"
        "Direktionen rekommenderar medlemskommunerna att anta avtalet",
        "Avtalet reglerar hur eleverna i delregionen får tillgång till "
        "gymnasieskolans naturbruksprogram, med lantbruk, djurvård och skog, och hur "
        "kostnaderna fördelas mellan kommunerna och regionen.",
        "Eleverna får ett bredare utbud av gymnasieprogram nära hemmet.",
        "",
    ),
    "arsbokslut_2023": (
        D(2024, 1, 29),
        "Årsbokslut 2023",
        "chef",
        "ready",
        "Direktionen godkänner årsbokslutet för 2023\n"
        "Årsbokslutet överlämnas till revisorerna",
        "Förbundet redovisar ett mindre överskott för 2023, främst genom lägre "
        "personalkostnader under vakanser. Projektmedel som inte använts förs över "
        "till 2024.",
        "",
        "Förbundets revisorer",
    ),
    "verksamhetsplan_2025": (
        D(2024, 5, 13),
        "Verksamhetsplan och budget 2025",
        "chef",
        "in_preparation",
        "",
        "Arbetet med nästa års plan och budget startar i beredningarna.",
        "",
        "",
    ),
    "delarsrapport_2024": (
        D(2024, 8, 19),
        "Delårsrapport januari–augusti 2024",
        "chef",
        "opened",
        "",
        "",
        "",
        "",
    ),
}

# (date, direction, counterpart, title, case key); registered on max(date, LIST_START)
# so that the list of 2024-03-01 can be made from them.
LISTED_DOCUMENTS = [
    (
        D(2023, 11, 30),
        IN,
        "Rydals museum",
        "Rekvisition Skimmer och härvor i Viskans vatten",
        None,
    ),
    (
        D(2023, 12, 6),
        IN,
        "Vårgårda kommun",
        "Samverkansavtal familjecentraler i Västra Götaland",
        None,
    ),
    (
        D(2023, 12, 12),
        IN,
        "Västra Götalandsregionen",
        "Revidering av Kriterier för kulturnämndens medfinansiering av EU-projekt",
        None,
    ),
    (
        D(2023, 12, 18),
        IN,
        "Krook & Tjäder AB",
        "Anbud Gröna och blå strukturer i Sjuhärad",
        "grona_bla",
    ),
    (
        D(2023, 12, 18),
        IN,
        "Ramboll",
        "Anbud Gröna och blå strukturer i Sjuhärad",
        "grona_bla",
    ),
    (
        D(2023, 12, 20),
        IN,
        "Västra Götalandsregionen",
        "Brev angående Program Millenium",
        None,
    ),
    (
        D(2023, 12, 20),
        IN,
        "Nordiska Textilakademin",
        "Reviderad ansökan Kompetensakademin",
        None,
    ),
    (D(2023, 12, 21), IN, "Svenljunga kommun", "Rekvisition förstudie Öppenvägg", None),
    (
        D(2023, 12, 26),
        IN,
        "Ulricehamns kommun",
        "Avtal processledning gemensam avfallsplan",
        "avfallsplan",
    ),
    (D(2024, 1, 10), IN, "E-handelsstaden Borås", "Rekvisition Techarena Borås", None),
    (
        D(2024, 1, 22),
        IN,
        "Borås Stad",
        "Avtal processledning gemensam avfallsplan",
        "avfallsplan",
    ),
    (D(2024, 1, 28), IN, "Sweco", "Anbud Upphandlingskonsult e-arkiv", "e_arkiv"),
    (
        D(2024, 1, 29),
        IN,
        "Regionstyrelsen",
        "Regional energiöverenskommelse Västra Götaland",
        None,
    ),
    (D(2024, 1, 29), IN, "VästKom", "Protokoll VästKoms AU", None),
    (
        D(2024, 1, 31),
        IN,
        "Högskolan i Borås",
        "Rekvisition Framtidens kompetens i Sjuhärad",
        None,
    ),
    (D(2024, 1, 31), IN, "ArkivIT", "Anbud Upphandlingskonsult e-arkiv", "e_arkiv"),
    (D(2024, 1, 31), IN, "Whitered", "Anbud Upphandlingskonsult e-arkiv", "e_arkiv"),
    (
        D(2024, 2, 2),
        IN,
        "Herrljunga kommun",
        "Ledamot kulturpolitiskt nätverk Sjuhärad",
        None,
    ),
    (D(2024, 2, 2), IN, "HoloHouse", "Rekvisition 7H Kompetens 2.0", None),
    (
        D(2024, 2, 2),
        IN,
        "Västra Götalandsregionen",
        "Halvtidsutvärdering Kunskapsnod Fullföljda studier",
        None,
    ),
    (
        D(2024, 2, 3),
        IN,
        "Svenljunga kommun",
        "Samverkansavtal familjecentraler i Västra Götaland",
        None,
    ),
    (
        D(2024, 2, 5),
        IN,
        "VÄV – Vi är Väveriet",
        "Rekvisition Keramik och kulturkollo i Uddebo",
        None,
    ),
    (D(2024, 2, 6), IN, "Västra Götalandsregionen", "Tjänsteköpsavtal LUMP", None),
    (D(2024, 2, 6), IN, "Regionhälsan", "Deltagare i politiska samrådsgrupper", None),
    (
        D(2024, 2, 8),
        IN,
        "Bollebygds kommun",
        "Samverkansavtal familjecentraler i Västra Götaland",
        None,
    ),
    (D(2024, 2, 8), IN, "Vårgårda kommun", "Samverkansavtal BRvux", "brvux"),
    (D(2024, 2, 9), IN, "Herrljunga kommun", "Samverkansavtal BRvux", "brvux"),
    (D(2024, 2, 9), IN, "Svenljunga kommun", "Samverkansavtal BRvux", "brvux"),
    (
        D(2024, 2, 9),
        IN,
        "Svenljunga kommun",
        "Verksamhetsplan och budget 2024",
        "verksamhetsplan_2024",
    ),
    (D(2024, 2, 15), IN, "WhiteRed", "Begäran om utlämnande av anbud", "e_arkiv"),
    (
        D(2024, 2, 19),
        IN,
        "Länsstyrelse Västra Götaland",
        "Rekvirering Miljösamverkan Västra Götaland",
        None,
    ),
    (
        D(2024, 2, 19),
        IN,
        "Västra Götalandsregionen",
        "Eventuell omprövning av namngivna objekt, regional transportinfrastrukturplan",
        "remissvar_transportplan",
    ),
    (
        D(2024, 2, 20),
        IN,
        "Inkubatorn i Borås",
        "Ansökan förstudiemedel - Digitalisering av relevanta verktyg med syfte att "
        "coacha nya affärsidéer till en bredare målgrupp",
        None,
    ),
    (D(2024, 2, 21), IN, "Företagsstart Sjuhärad", "Företagsstart Sjuhärad", None),
    (
        D(2024, 2, 22),
        IN,
        "Creative Cluster",
        "Rekvisition Creative Clusters CO-working",
        None,
    ),
    (
        D(2024, 2, 23),
        IN,
        "Herrljunga kommun",
        "Verksamhetsplan och budget 2024",
        "verksamhetsplan_2024",
    ),
    (
        D(2023, 12, 4),
        OUT,
        "Ramboll, Krook & Tjäder, Sweco",
        "Direktupphandling Gröna och blå strukturer i Sjuhärad",
        "grona_bla",
    ),
    (D(2023, 12, 15), OUT, "Medlemskommunerna", "Direktionsprotokoll 2023-12-08", None),
    (
        D(2023, 12, 15),
        OUT,
        "Västra Götalandsregionen, Medlemskommunerna",
        "Yttrande Regional biblioteksplan 2024-2027",
        "biblioteksplan",
    ),
    (
        D(2023, 12, 15),
        OUT,
        "Västra Götalandsregionen, Medlemskommunerna",
        "Inspel revidering av trafikförsörjningsprogrammet",
        None,
    ),
    (D(2023, 12, 15), OUT, "Medlemskommunerna", "Samverkansavtal BRvux", "brvux"),
    (
        D(2023, 12, 15),
        OUT,
        "Science Park Borås",
        "Verksamhetsbidrag Science Park Borås",
        None,
    ),
    (
        D(2023, 12, 15),
        OUT,
        "Medlemskommunerna",
        "Verksamhetsplan och budget 2024",
        "verksamhetsplan_2024",
    ),
    (
        D(2023, 12, 15),
        OUT,
        "Västra Götalandsregionen, Medlemskommunerna",
        "Kulturplan Sjuhärad 2024-2027",
        "kulturplan",
    ),
    (
        D(2024, 1, 8),
        OUT,
        "ArkivIT, Whitered, Sweco",
        "Direktupphandling Upphandlingskonsult e-arkiv",
        "e_arkiv",
    ),
    (
        D(2024, 1, 30),
        OUT,
        "Västra Götalandsregionen",
        "Delrekvisition 4 Kunskapsnod fullföljda studier",
        None,
    ),
    (D(2024, 2, 7), OUT, "Avfall Sverige", "Ansökan Användarbehov textil", None),
    (
        D(2024, 2, 15),
        OUT,
        "ArkivIT, Whitered, Sweco",
        "Tilldelningsbeslut Direktupphandling Upphandlingskonsult e-arkiv",
        "e_arkiv",
    ),
]

# Handlingar outside the list: bilagor drawn up for the March meeting, the rest of the
# year, and one sekretess handling. (date, direction, counterpart, title, case, kind,
# OSL reference or "")
OTHER_DOCUMENTS = [
    (
        D(2024, 2, 16),
        UP,
        "",
        "Förslag till samverkansavtal BRVux 2024–2027",
        "brvux",
        "bilaga",
        "",
    ),
    (
        D(2024, 2, 16),
        UP,
        "",
        "Avtalsförslag naturbruksutbildning",
        "naturbruk",
        "bilaga",
        "",
    ),
    (
        D(2024, 2, 19),
        UP,
        "",
        "Västra Götalandsregionens förslag till remissyttrande",
        "remissvar_transportplan",
        "bilaga",
        "",
    ),
    (
        D(2024, 2, 20),
        UP,
        "",
        "Årsbokslut 2023 med noter",
        "arsbokslut_2023",
        "bilaga",
        "",
    ),
    (
        D(2024, 2, 12),
        UP,
        "Valberedningen",
        "Valberedningens förslag fyllnadsval",
        "fyllnadsval_v",
        "skrivelse",
        "",
    ),
    (
        D(2024, 2, 26),
        IN,
        "Sweco",
        "Prisbilaga och referenser i anbud e-arkiv",
        "e_arkiv",
        "anbud",
        "19 kap. 3 § OSL",
    ),
    (
        D(2024, 3, 8),
        OUT,
        "Medlemskommunerna",
        "Direktionsprotokoll 2024-03-01",
        None,
        "protokoll",
        "",
    ),
    (
        D(2024, 3, 11),
        OUT,
        "Västra Götalandsregionen",
        "Yttrande inriktningsplanering transportinfrastruktur",
        "remissvar_transportplan",
        "yttrande",
        "",
    ),
    (
        D(2024, 3, 11),
        OUT,
        "Medlemskommunerna",
        "Samverkansavtal om naturbruksutbildning för beslut",
        "naturbruk",
        "avtal",
        "",
    ),
    (D(2024, 3, 20), IN, "Marks kommun", "Samverkansavtal BRvux", "brvux", "avtal", ""),
    (
        D(2024, 4, 3),
        IN,
        "Tranemo kommun",
        "Samverkansavtal om naturbruksutbildning",
        "naturbruk",
        "avtal",
        "",
    ),
    (
        D(2024, 4, 15),
        OUT,
        "Förbundets revisorer",
        "Årsbokslut 2023",
        "arsbokslut_2023",
        "skrivelse",
        "",
    ),
    (
        D(2024, 5, 6),
        IN,
        "Borås Stad",
        "Processledning avfallsplan – lägesrapport",
        "avfallsplan",
        "skrivelse",
        "",
    ),
    (
        D(2024, 5, 20),
        IN,
        "Västra Götalandsregionen",
        "Beslut om medfinansiering kulturplan",
        "kulturplan",
        "skrivelse",
        "",
    ),
    (
        D(2024, 6, 10),
        UP,
        "",
        "Kunskapsunderlag gröna och blå strukturer",
        "grona_bla",
        "bilaga",
        "",
    ),
    (
        D(2024, 8, 26),
        IN,
        "Ulricehamns kommun",
        "Synpunkter inför budget 2025",
        "verksamhetsplan_2025",
        "skrivelse",
        "",
    ),
    (
        D(2024, 9, 16),
        OUT,
        "Medlemskommunerna",
        "Förslag till verksamhetsplan och budget 2025",
        "verksamhetsplan_2025",
        "skrivelse",
        "",
    ),
]

DELEGATION_DECISIONS = [
    (
        D(2023, 12, 20),
        "Anställning projektledare",
        "Enhetschef Välfärdsutveckling",
        None,
    ),
    (
        D(2024, 2, 1),
        "Anställning designer",
        "Verksamhetschef Navet science center",
        None,
    ),
    (
        D(2024, 2, 15),
        "Tilldelningsbeslut Direktupphandling Upphandlingskonsult e-arkiv",
        "Förbundsdirektör",
        "e_arkiv",
    ),
    (D(2024, 2, 19), "Utlämnande av handling, anbud", "Administrativ chef", "e_arkiv"),
    (
        D(2024, 4, 8),
        "Direktupphandling tryck av kulturplanen",
        "Förbundsdirektör",
        "kulturplan",
    ),
    (D(2024, 6, 3), "Anställning regionutvecklare miljö", "Förbundsdirektör", None),
    (D(2024, 9, 2), "Attest av projektmedel Kunskapsnod", "Administrativ chef", None),
]


def load(context: dict) -> dict:
    federation: Federation = context["sjuharad"]
    users: dict[str, User] = context["users"]
    by = users["chef"]
    cases = _load_cases(federation, users, by)
    for date, direction, counterpart, title, case_key in LISTED_DOCUMENTS:
        _document(
            federation,
            by,
            date=date,
            direction=direction,
            counterpart=counterpart,
            title=title,
            case=cases.get(case_key),
            kind=_kind(title),
            registered_on=max(date, LIST_START),
        )
    for date, direction, counterpart, title, case_key, kind, osl in OTHER_DOCUMENTS:
        _document(
            federation,
            by,
            date=date,
            direction=direction,
            counterpart=counterpart,
            title=title,
            case=cases.get(case_key),
            kind=kind,
            registered_on=date,
            is_secret=bool(osl),
            osl_reference=osl,
        )
    for date, decision, delegate, case_key in DELEGATION_DECISIONS:
        if not DelegationDecision.objects.filter(
            federation=federation, date=date, decision=decision
        ).exists():
            record_delegation_decision(
                federation,
                date=date,
                decision=decision,
                delegate=delegate,
                case=cases.get(case_key),
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
    for key, values in sorted(CASES.items(), key=lambda item: item[1][0]):
        opened, title, handlaggare, status, proposal, description, child, ext = values
        case = Case.objects.filter(federation=federation, title=title).first()
        if case is None:
            case = open_case(
                federation,
                title=title,
                handlaggare=users[handlaggare],
                by=by,
                opened_on=opened,
                status=status,
                proposal=proposal,
                description=description,
                child_impact=child,
                recipients_external=ext,
                bodies=[direktion] if direktion else [],
            )
        cases[key] = case
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


def _kind(title: str) -> str:
    for prefix, kind in (
        ("Anbud", "anbud"),
        ("Rekvisition", "rekvisition"),
        ("Rekvirering", "rekvisition"),
        ("Avtal", "avtal"),
        ("Samverkansavtal", "avtal"),
        ("Protokoll", "protokoll"),
        ("Direktionsprotokoll", "protokoll"),
        ("Yttrande", "yttrande"),
    ):
        if title.startswith(prefix):
            return kind
    return "skrivelse"


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
