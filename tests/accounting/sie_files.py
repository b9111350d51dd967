"""SIE 4 files made in the tests: a small ledger of two kostnadsställen."""

HEAD = [
    "#FLAGGA 0",
    '#PROGRAM "Testbok" 2.1',
    "#FORMAT PC8",
    "#SIETYP 4",
    '#FNAMN "Testförbundet"',
    "#RAR 0 20230101 20231231",
    "#RAR -1 20220101 20221231",
    '#DIM 1 "Kostnadsställe"',
    '#OBJEKT 1 "10" "Kansli"',
    '#OBJEKT 1 "20" "Regional utveckling"',
    '#KONTO 1930 "Bank"',
    '#KONTO 3010 "Försäljning"',
    '#KONTO 3810 "Förbundsbidrag"',
    '#KONTO 5010 "Lokalhyra"',
    '#KONTO 7010 "Löner"',
    '#KONTO 8310 "Ränteintäkter"',
]

VOUCHERS = [
    '#VER A 1 20230115 "Förbundsbidrag kansli"',
    "{",
    '   #TRANS 3810 {1 "10"} -1000000.00',
    "   #TRANS 1930 {} 1000000.00",
    "}",
    '#VER A 2 20230116 "Förbundsbidrag RU"',
    "{",
    '   #TRANS 3810 {1 "20"} -2500000.50',
    "   #TRANS 1930 {} 2500000.50",
    "}",
    '#VER A 3 20230301 "Hyra \\"kansliet\\""',
    "{",
    '   #TRANS 5010 {1 "10"} 120000.25 20230301 "Hyra mars"',
    "   #TRANS 1930 {} -120000.25",
    "}",
    '#VER B 1 20230425 "Löner april"',
    "{",
    '   #TRANS 7010 {1 "10"} 300000',
    '   #TRANS 7010 {1 "20"} 200000',
    "   #TRANS 1930 {} -500000",
    "}",
    '#VER B 2 20231231 "Ränta och försäljning"',
    "{",
    "   #TRANS 8310 {} -4321.75",
    "   #TRANS 3010 {} -15000",
    "   #TRANS 1930 {} 19321.75",
    "}",
]

RESULTS = [
    "#RES 0 3010 -15000.00",
    "#RES 0 3810 -3500000.50",
    "#RES 0 5010 120000.25",
    "#RES 0 7010 500000.00",
    "#RES 0 8310 -4321.75",
    "#RES -1 3810 -999.00",
]

# What each line of the test's driftredovisning gets (credit positive).
INCOME = 15000  # 3010
KANSLI = 1000000  # 3810 {1 "10"}
REGIONAL = 2500000.50  # 3810 {1 "20"}
COSTS = -120000.25 - 500000  # 5010, 7010
FINANCIAL = 4321.75  # 8310


def sie(lines: list[str], *, encoding: str = "cp437", newline: str = "\r\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def ledger(*, results: bool = True) -> list[str]:
    return [*HEAD, *VOUCHERS, *(RESULTS if results else [])]
