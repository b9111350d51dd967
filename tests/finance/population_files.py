"""SCB population files in every layout the import knows, for the import's tests:
the eight members of Sjuhärad and their figures, written as SCB writes them."""

from finance.models import PopulationFigure

# The eight members of Sjuhärad with SCB's codes, and their 2024 population.
SJUHARAD = [
    ("Bollebygds kommun", "1443", 9_900),
    ("Borås Stad", "1490", 113_000),
    ("Herrljunga kommun", "1466", 9_500),
    ("Marks kommun", "1463", 35_000),
    ("Svenljunga kommun", "1465", 10_700),
    ("Tranemo kommun", "1452", 11_800),
    ("Ulricehamns kommun", "1491", 25_300),
    ("Vårgårda kommun", "1442", 12_100),
]
SCB_NAMES = {
    "1443": "Bollebygd",
    "1490": "Borås",
    "1466": "Herrljunga",
    "1463": "Mark",
    "1465": "Svenljunga",
    "1452": "Tranemo",
    "1491": "Ulricehamn",
    "1442": "Vårgårda",
}
# 2025 in the files: every member grows by a little under 1 %.
EXPECTED_2025 = {code: population * 1009 // 1000 for _n, code, population in SJUHARAD}
AGES = [f"{age} år" for age in range(100)] + ["100+ år"]
HEADER_SHOWN = (
    "Godkända rubrikrader: bred, en kolumn per år: region;2023;2024 (eller "
    "”folkmängd 2024”); lång: region;år;folkmängd. Båda får ha kolumnerna ålder "
    "och kön efter region, och då summeras talen över dem. En titelrad som "
    "”Folkmängd efter region och år” får stå först."
)


def snapshot() -> tuple:
    """Every population row and the size of their history."""
    rows = PopulationFigure.objects.order_by("member_id", "year").values_list(
        "member_id", "year", "population", "reference_date", "source"
    )
    return list(rows), PopulationFigure.history.count()


def figures(year: int) -> dict[str, int]:
    return dict(
        PopulationFigure.objects.filter(year=year).values_list(
            "member__kommunkod", "population"
        )
    )


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` numbers that add up to it (the last takes the rest)."""
    share = total // parts
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def table(header: list[str], rows: list[list], separator: str) -> str:
    def cell(value) -> str:
        return f'"{value}"' if isinstance(value, str) else str(value)

    lines = [separator.join(f'"{h}"' for h in header)]
    lines += [separator.join(cell(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def wide(separator: str) -> str:
    rows = [
        [f"{code} {SCB_NAMES[code]}", population, EXPECTED_2025[code]]
        for _n, code, population in SJUHARAD
    ]
    body = table(["region", "2024", "2025"], rows, separator)
    # SCB's title line and footnotes around the table.
    return f'"Folkmängd efter region och år"\r\n\r\n{body}\r\n"Källa: SCB"\r\n'


def wide_folkmangd(separator: str) -> str:
    rows = [
        [f"{code} {SCB_NAMES[code]}", EXPECTED_2025[code]] for _n, code, _p in SJUHARAD
    ]
    return table(["region", "Folkmängd 2025"], rows, separator)


def wide_with_ages(separator: str) -> str:
    rows = []
    for _n, code, _p in SJUHARAD:
        for age, value in zip(AGES, split(EXPECTED_2025[code], 101), strict=True):
            rows.append([f"{code} {SCB_NAMES[code]}", age, value])
    return table(["region", "ålder", "2025"], rows, separator)


def long(separator: str) -> str:
    rows = [
        [f"{code} {SCB_NAMES[code]}", "2025", EXPECTED_2025[code]]
        for _n, code, _p in SJUHARAD
    ]
    return table(["region", "år", "Folkmängd"], rows, separator)


def long_with_ages(separator: str) -> str:
    """The issue's file: "region";"ålder";"år";"folkmängd"."""
    rows = []
    for _n, code, _p in SJUHARAD:
        for age, value in zip(AGES, split(EXPECTED_2025[code], 101), strict=True):
            rows.append([f"{code} {SCB_NAMES[code]}", age, "2025", value])
    return table(["region", "ålder", "år", "folkmängd"], rows, separator)


def long_with_ages_and_sexes(separator: str) -> str:
    rows = []
    for _n, code, _p in SJUHARAD:
        men, women = split(EXPECTED_2025[code], 2)
        for sex, total in (("män", men), ("kvinnor", women)):
            groups = ["0-19 år", "20-64 år", "65+ år"]
            for age, value in zip(groups, split(total, 3), strict=True):
                rows.append([f"{code} {SCB_NAMES[code]}", age, sex, "2025", value])
    return table(["region", "ålder", "kön", "år", "folkmängd"], rows, separator)


HALVED = '"region";"år";"folkmängd"\n"1490 Borås";2025;56500\n"1463 Mark";2025;35315\n'
