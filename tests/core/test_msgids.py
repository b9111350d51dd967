"""Msgids are English, the Swedish is in the catalogues (issue 17.6).

A msgid is plain English; where docs/glossary.md keeps a Swedish legal term in the code
(kallelse, justering, anslag, diarienummer…) the msgid may use it, spelt as the
glossary's Code column spells it (ASCII). Every entry has its Swedish msgstr, and the
glossary names only identifiers the code has.
"""

import ast
import re
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/sv/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)

# Words with å, ä, ö or é a msgid may hold: names and the literal text of the files
# the importers read, which the user types as it stands and is never translated.
NON_ASCII_ALLOWED = {
    "förbundsportalen",  # the product's name
    "borås",  # "1490 Borås": how SCB writes a region in its files
    "mälardalens",  # an example of an external party's name
    "år",  # the importers' column headers (finance/importers, agreements/imports)
    "värde",
    "ålder",
    "kön",
    "män",
    "folkmängd",
    "förändring",
    "gäller_från",
    "gäller_till",
    "uppsägningstid",
    "ã",  # "Ã¥ for å": the mojibake the CSV reader reports
    "å",
}


# Whole words (case-insensitive) that mark a msgid as Swedish: common function words
# and the domain words whose English name the glossary gives (ärende → case,
# protokoll → minutes, handling → document, sammanträde → meeting…).
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


SWEDISH_WORDS = _word_set(
    # function words
    """
    och för att är inte med som till av på har ska kan den det ett en eller vid om
    från efter ej hos mot utan inga ingen inget alla jag du vi sig
    """
    # domain words with an English name in the glossary, in their common forms
    """
    utkast beslut beslutet beslutat ersättare ordförande ordföranden ledamot ledamöter
    sammanträde sammanträdet sammanträden protokoll protokollet handling handlingen
    handlingar ärende ärendet ärenden paragraf paragrafen paragrafer organ organet
    avtal avtalet närvaro bordlagt bordlagd protokollsutdrag protokollsanteckning
    dagordning delegationsbeslut bilaga bilagor förbund förbundet förbundets
    """
    # verb forms of justera: the glossary keeps the noun (justering, justerare)
    """
    justerat justerad justerade justerar justerades
    """
)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def entries(path: Path) -> list[dict[str, str]]:
    """The catalogue's live entries: msgid, msgid_plural and msgstr[…] (no obsolete
    #~ entries, no header)."""
    found: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                found.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = entry.get("flags", "") + line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            keyword, _, value = line.partition(" ")
            field = keyword
            entry[field] = _unquote(value)
    return found


def _words(msgid: str) -> list[str]:
    text = re.sub(r"%\([a-z_]+\)s|<[^>]+>", " ", msgid)  # placeholders, HTML tags
    return [word.lower() for word in re.findall(r"[^\W\d]+(?:_[^\W\d]+)*", text)]


def swedish_reasons(msgid: str) -> list[str]:
    words = _words(msgid)
    reasons = [
        f"non-ASCII word {word!r}"
        for word in words
        if re.search("[åäöé]", word) and word not in NON_ASCII_ALLOWED
    ]
    reasons += [f"Swedish word {word!r}" for word in words if word in SWEDISH_WORDS]
    return reasons


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_word_lists_find_swedish_and_pass_english():
    assert swedish_reasons("I justerar the protokoll")
    assert swedish_reasons("Tjänstgör för")
    assert swedish_reasons("Utkast")
    assert swedish_reasons("Ärende %(dnr)s opened.")
    assert not swedish_reasons("Publish the kallelse")
    assert not swedish_reasons("Send the minutes for justering")
    assert not swedish_reasons(
        '"%(cell)s" is not a code and a name such as "1490 Borås".'
    )


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_label)
def test_every_msgid_is_english(catalogue):
    offending = [
        f"{_label(catalogue)}: {entry['msgid']!r} ({', '.join(reasons)})"
        for entry in entries(catalogue)
        for text in (entry["msgid"], entry.get("msgid_plural", ""))
        if (reasons := swedish_reasons(text))
    ]

    assert not offending, "Swedish msgids:\n" + "\n".join(offending)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_label)
def test_every_msgid_has_its_swedish(catalogue):
    untranslated = [
        f"{_label(catalogue)}: {entry['msgid']!r}"
        for entry in entries(catalogue)
        if any(
            not value
            for key, value in entry.items()
            if key == "msgstr" or key.startswith("msgstr[")
        )
    ]

    assert not untranslated, "Untranslated msgids:\n" + "\n".join(untranslated)


# gettext's functions and the position of the msgid among their arguments.
GETTEXT_CALLS = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}
NOT_SHIPPED = {".venv", "node_modules", "build", "tests", "bench", "migrations"}


def _msgids_in_python(source: str) -> list[tuple[int, str | None, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        where = GETTEXT_CALLS.get(name or "")
        if where is None or len(node.args) <= where:
            continue
        msgid = node.args[where]
        context = node.args[0] if where else None
        if isinstance(msgid, ast.Constant) and isinstance(msgid.value, str):
            context_text = (
                context.value
                if isinstance(context, ast.Constant) and isinstance(context.value, str)
                else None
            )
            found.append((node.lineno, context_text, msgid.value))
    return found


# Django's templatize writes each {% translate %} and {% blocktranslate %} as a
# gettext call for xgettext, in text that is not otherwise Python.
TEMPLATIZED_CALL = re.compile(
    r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)", re.DOTALL
)
QUOTED = re.compile(r"u?('(?:[^'\\]|\\.)*')", re.DOTALL)


def _msgids_in_template(source: str) -> list[tuple[int, str | None, str]]:
    found = []
    for call in TEMPLATIZED_CALL.finditer(templatize(source)):
        texts = [ast.literal_eval(text) for text in QUOTED.findall(call.group(2))]
        context = (
            texts.pop(0)
            if call.group(1).startswith(("pgettext", "npgettext"))
            else None
        )
        line = source.count("\n", 0, call.start()) + 1
        found.append((line, context, texts[0]))
    return found


def test_every_msgid_the_code_uses_is_in_a_catalogue():
    """A msgid changed in the code but not in the catalogue (or the other way
    round) shows English in the UI."""
    known = {
        (entry.get("msgctxt"), entry["msgid"])
        for catalogue in CATALOGUES
        for entry in entries(catalogue)
    }
    missing = []
    for path in sorted(ROOT.rglob("*")):
        if NOT_SHIPPED & set(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix == ".py":
            used = _msgids_in_python(path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            used = _msgids_in_template(path.read_text(encoding="utf-8"))
        else:
            continue
        missing += [
            f"{_label(path)}: {msgid!r}"
            for _line, context, msgid in used
            if (context, msgid) not in known
        ]

    assert not missing, "Msgids without a catalogue entry:\n" + "\n".join(missing)


GLOSSARY = ROOT / "docs" / "glossary.md"
CODE_DIRS = [
    "accounting",
    "accounts",
    "agreements",
    "cases",
    "config",
    "core",
    "federation",
    "finance",
    "meetings",
    "minutes",
    "notes",
    "arvode",
    "public",
    "followup",
    "inbox",
    "oparl",
]


def glossary_identifiers() -> list[str]:
    """Every backticked name in the glossary's Code column that looks like an
    identifier (`Meeting`, `Attendance.serving_for`; not `valid_to = None`)."""
    names = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if len(cells) < 4 or not line.startswith("|"):
            continue
        for name in re.findall(r"`([^`]+)`", cells[2]):
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
                names.append(name)
    return names


def _python_source() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_the_glossary_names_only_identifiers_the_code_has():
    source = _python_source()
    names = glossary_identifiers()
    missing = [
        name
        for name in names
        if not all(
            re.search(rf"\b{re.escape(part)}\b", source) for part in name.split(".")
        )
    ]

    assert len(names) > 40
    assert missing == []
