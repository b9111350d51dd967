"""Demo bokslut: E20 and the driftredovisning 2023 of Sjuhärad's årsbokslut, and the
Västmanland agreement's reassessment before the mandate period.

From the reference documents (arsbokslut-sjuharad-2023-noter.txt, note 20, and
arsbokslut-sjuharad-2023-driftredovisning.txt), in tkr as printed there: E20's plan
rolls forward to 8 492 tkr (the note prints 8 491, its kronor rounded per line).
The utfall of 2022 and 2023 is imported as SIE 4 files that this module writes from
the printed lines (one verifikation per line and kostnadsställe, against the bank
account 1930), through the same import as an uploaded file. The kontoplan and the
kostnadsställen are invented, after kommun-BAS. Safe to run again.
"""

from decimal import Decimal

from agreements.models import Agreement
from federation.models import Federation
from finance.models import Activity

from .commitments import save_commitment, save_plan
from .ledger import import_ledger, set_budgets
from .models import AccountMapping, Commitment, DriftLine

Section = DriftLine.Section
T = 1000  # the reference prints tkr

# (year, recognised in 2013 prices, index uplift, payment), tkr, note 20.
E20_PLAN = [
    (2014, 9500, 0, 0),
    (2015, 1375, 0, 0),
    (2016, 1375, 0, 0),
    (2017, 1375, 310, 0),
    (2018, 1375, 1361, 0),
    (2019, 0, 477, 0),
    (2020, 0, 343, 1351),
    (2021, 0, 1270, 4717),
    (2022, 0, 1361, 2244),
    (2023, 0, 0, 3318),
]
E20_DESCRIPTION = (
    "Sjuhärads kommunalförbund beslutade i december 2014 att medfinansiera "
    "utbyggnaden av E20 genom Västra Götaland med 15 miljoner kronor i 2013 års "
    "penningvärde plus anläggningsindex. Bidraget upplöses på fem år; "
    "indexuppräkning tillkommer från 2017 (årsbokslut 2023, not 20)."
)

# name, section, accounts, kostnadsställe, activity, utfall 2022, utfall 2023,
# budget 2023 (tkr, signed as printed).
LINES = [
    (
        "Verksamhetens intäkter",
        Section.INCOME,
        (3000, 3799),
        "",
        "",
        36476,
        40840,
        97549,
    ),
    (
        "Verksamhetens kostnader",
        Section.COSTS,
        (4000, 7799),
        "",
        "",
        -67639,
        -77103,
        -135620,
    ),
    ("Avskrivningar", Section.DEPRECIATION, (7800, 7899), "", "", -575, -549, -755),
    (
        "Förbundsbidrag, Förbundskansli",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "10",
        "Basverksamhet",
        5646,
        3925,
        5595,
    ),
    (
        "Förbundsbidrag, Administration",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "11",
        "",
        439,
        288,
        348,
    ),
    (
        "Förbundsbidrag, Regional utveckling",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "20",
        "Utvecklingsmedel",
        9184,
        10020,
        9913,
    ),
    (
        "Förbundsbidrag, Välfärdsutveckling",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "30",
        "",
        2202,
        2741,
        2741,
    ),
    (
        "Medlemsavgifter, BRB",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "40",
        "Business Region Borås",
        1694,
        1199,
        1374,
    ),
    (
        "Medlemsavgifter, DSO",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "41",
        "Dataskyddsombud",
        2508,
        2237,
        2580,
    ),
    (
        "Medlemsavgifter, MC",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "42",
        "",
        2550,
        2322,
        2613,
    ),
    (
        "Medlemsavgifter, VO-college",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "43",
        "Vård- och omsorgscollege",
        683,
        1102,
        836,
    ),
    (
        "Medlemsavgifter, Navet",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "44",
        "",
        7597,
        8579,
        8579,
    ),
    (
        "Medlemsavgifter, NVS",
        Section.CONTRIBUTIONS,
        (3800, 3899),
        "45",
        "Närvårdssamverkan Södra Älvsborg",
        1910,
        1496,
        2747,
    ),
    ("Finansiella intäkter", Section.FINANCIAL, (8000, 8399), "", "", 718, 3622, 1500),
    ("Finansiella kostnader", Section.FINANCIAL, (8400, 8899), "", "", -1382, -24, 0),
]


def load(context: dict) -> None:
    sjuharad: Federation = context["sjuharad"]
    chef = context.get("users", {}).get("ekonom")
    _e20(sjuharad, chef)
    _driftredovisning(sjuharad, chef)
    srb = context.get("agreements", {}).get("srb")
    if isinstance(srb, Agreement) and not srb.reassess_before_term:
        srb.reassess_before_term = True
        srb.save(update_fields=["reassess_before_term"])


def _e20(federation: Federation, by) -> None:
    commitment = Commitment.objects.filter(federation=federation, name="E20").first()
    if commitment is not None:
        return
    commitment = save_commitment(
        Commitment(federation=federation),
        by=by,
        name="E20",
        description=E20_DESCRIPTION,
        base_year=2013,
        base_amount=Decimal(15_000 * T),
        index_from=2017,
    )
    save_plan(
        commitment,
        [
            (y, Decimal(r * T), Decimal(u * T), Decimal(p * T))
            for y, r, u, p in E20_PLAN
        ],
        by=by,
    )


def _driftredovisning(federation: Federation, by) -> None:
    if federation.drift_lines.exists():
        return
    activities = {a.name: a for a in Activity.objects.filter(federation=federation)}
    lines = []
    for position, (name, section, (low, high), cost_centre, activity, *__) in enumerate(
        LINES, start=1
    ):
        line = DriftLine.objects.create(
            federation=federation,
            position=position * 10,
            name=name,
            section=section,
            activity=activities.get(activity),
        )
        AccountMapping.objects.create(
            line=line,
            account_from=low,
            account_to=high,
            dimension=1 if cost_centre else None,
            object_code=cost_centre,
        )
        lines.append(line)
    set_budgets(
        federation,
        2023,
        {line: Decimal(row[7] * T) for line, row in zip(lines, LINES, strict=True)},
        by=by,
    )
    for year, column in ((2022, 5), (2023, 6)):
        raw = sie_file(federation.name, year, [(row, row[column]) for row in LINES])
        import_ledger(federation, year, raw, file_name=f"bokforing-{year}.se", by=by)


def sie_file(company: str, year: int, amounts: list) -> bytes:
    """A SIE 4 file with one verifikation per line: the line's first account
    (and its kostnadsställe) against 1930."""
    text = [
        "#FLAGGA 0",
        '#PROGRAM "Förbundsportalen demo" 1.0',
        "#FORMAT PC8",
        "#SIETYP 4",
        f'#FNAMN "{company}"',
        f"#RAR 0 {year}0101 {year}1231",
        '#DIM 1 "Kostnadsställe"',
        '#KONTO 1930 "Bank"',
    ]
    for number, (row, tkr) in enumerate(amounts, start=1):
        account, cost_centre = row[2][0], row[3]
        objects = f'1 "{cost_centre}"' if cost_centre else ""
        amount = Decimal(-tkr * T)  # income is a credit: negative in SIE
        text += [
            f'#VER A {number} {year}1231 "{row[0]}"',
            "{",
            f"   #TRANS {account} {{{objects}}} {amount:.2f}",
            f"   #TRANS 1930 {{}} {-amount:.2f}",
            "}",
        ]
    return ("\r\n".join(text) + "\r\n").encode("cp437")
