"""Reading a SIE 4 file: the Swedish standard export of a ledger (SIE-gruppen's
format, type 4: every verifikation with its #TRANS rows, and #RES, the year's
result per account).

Parsing only, no writes: `parse_sie` returns what the file says or raises
ValidationError with one Swedish message per bad line, by its line number, and
nothing of a file with one bad line is used (accounting/ledger.py). No library does
this well enough: the one on PyPI (pysie-accounting 0.0.2) is a few hundred lines,
untested and unmaintained since 2021; docs/architecture.md says so.

The rules read from the format's specification:
- The text is IBM PC 8-bit (codepage 437), declared `#FORMAT PC8`; a file that
  declares another format, is UTF-8 or UTF-16, or has bytes that are letters only in
  Latin-1 (å is 0xE5 there, σ in codepage 437) is refused, not guessed.
- A line is a label (#VER, #TRANS …) and fields separated by spaces or tabs; a field
  with spaces is quoted ("Hyra lokal"), a quote inside it escaped (\\"); an objekt
  list is in braces: {1 "100" 6 "P7"} (dimension, objekt).
- Amounts have a decimal point and at most two decimals: -1234.50. A decimal comma
  ("1234,50") is refused: read as SIE it would be a different number.
- #TRANS rows stand inside the braces of a #VER, and a verifikation balances (its
  rows sum to zero). Labels this module does not read are skipped, as the
  specification asks of a reader.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024  # a large förbund's year is a few MB
MAX_LINES = 1_000_000
MAX_LINE_CHARS = 1000  # the longest real SIE line is a long #VER text
MAX_ERRORS = 50
UTF8_BOM = b"\xef\xbb\xbf"
# Bytes that are box drawing, Greek or mathematics in codepage 437 but the Swedish
# letters of Latin-1 / Windows-1252 (å ä ö Å Ä Ö é are 0xC4–0xF6 there); ß (0xE1)
# is the same letter in both.
NOT_PC8 = re.compile(rb"[\xb0-\xe0\xe2-\xff]")
TOKEN = re.compile(
    r'[ \t]*(?:"((?:[^"\\]|\\.)*)"|\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}|([^ \t"{}]+))'
)
AMOUNT = re.compile(r"-?[0-9]{1,13}(?:\.[0-9]{1,2})?")
COMMA_AMOUNT = re.compile(r"-?[0-9]{1,13},[0-9]{1,2}")
ACCOUNT = re.compile(r"[1-9][0-9]{3}")
YEAR_NUMBER = re.compile(r"0|-[0-9]{1,2}")
DATE = re.compile(r"[0-9]{8}")
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
LINE_END = re.compile(rb"\r\n|\r|\n")
# The labels of a SIE 4 file that carry nothing the driftredovisning reads.
SKIPPED = {
    "#ADRESS", "#BKOD", "#DIM", "#ENHET", "#FLAGGA", "#FNR", "#FTYP", "#GEN",
    "#IB", "#KPTYP", "#KSUMMA", "#KTYP", "#OBJEKT", "#OIB", "#OMFATTN", "#ORGNR",
    "#OUB", "#PBUDGET", "#PROSA", "#PSALDO", "#SRU", "#TAXAR", "#UB", "#UNDERDIM",
    "#VALUTA",
}  # fmt: skip


@dataclass(frozen=True)
class Transaction:
    line: int
    voucher: str  # "A 12"
    account: int
    objects: tuple[tuple[int, str], ...]  # (dimension, objekt)
    amount: Decimal  # debit positive, as the file writes it


@dataclass(frozen=True)
class Result:
    line: int
    account: int
    amount: Decimal


@dataclass
class SieFile:
    program: str = ""
    company: str = ""
    sie_type: str = ""
    fiscal_years: dict[int, tuple[datetime.date, datetime.date]] = field(
        default_factory=dict
    )
    accounts: dict[int, str] = field(default_factory=dict)
    transactions: list[Transaction] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)  # #RES of year 0
    vouchers: int = 0


class LineError(ValueError):
    """A bad line: its message, without the line number (added by the reader)."""


def decode_sie(raw: bytes) -> str:
    """The file's text as codepage 437, or a refusal that says what it is instead."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(too_large_message())
    if not raw.strip():
        raise ValidationError(_("The file is empty."))
    if b"\x00" in raw:
        raise ValidationError(
            _("The file is not a SIE text file (or is saved as UTF-16).")
        )
    if raw.startswith(UTF8_BOM) or _is_utf8_text(raw):
        raise ValidationError(
            _(
                "The file is saved as UTF-8. A SIE 4 file is in codepage 437 "
                "(#FORMAT PC8): export it again from the ledger."
            )
        )
    match = NOT_PC8.search(raw)
    if match is not None:
        line = len(LINE_END.findall(raw, 0, match.start())) + 1
        raise ValidationError(
            _(
                "Line %(line)s has a character that is not in codepage 437 (the "
                "file looks like Latin-1 or Windows text). A SIE 4 file is in "
                "codepage 437 (#FORMAT PC8): export it again from the ledger."
            )
            % {"line": line}
        )
    return raw.decode("cp437")


def _is_utf8_text(raw: bytes) -> bool:
    """Non-ASCII bytes that read as UTF-8: codepage 437's å ä ö (0x86 0x84 0x94)
    alone never do."""
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def too_large_message() -> str:
    return _("The file is too large: at most %(mb)s MB.") % {
        "mb": MAX_BYTES // (1024 * 1024)
    }


def tokens(text: str) -> list[str | tuple[str, ...]]:
    """The fields of a line: a text (quotes removed) or an objekt list (a tuple of
    its fields); raises LineError for an unclosed quote or brace."""
    fields: list[str | tuple[str, ...]] = []
    position, end = 0, len(text.rstrip(" \t"))
    while position < end:
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise LineError(_("a quote or a brace is not closed"))
        quoted, braces, plain = match.groups()
        if braces is not None:
            fields.append(tuple(_text(t) for t in _inner(braces)))
        elif quoted is not None:
            fields.append(_unescape(quoted))
        else:
            fields.append(plain)
        position = match.end()
    return fields


def _inner(braces: str) -> list[str | tuple[str, ...]]:
    inner = tokens(braces)
    if any(isinstance(t, tuple) for t in inner):
        raise LineError(_("an objekt list holds another list"))
    return inner


def _text(value: str | tuple[str, ...]) -> str:
    if isinstance(value, tuple):
        raise LineError(_("an objekt list is where a text should be"))
    return value


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_amount(text: str) -> Decimal:
    if COMMA_AMOUNT.fullmatch(text):
        raise LineError(
            _(
                "the amount %(amount)s has a decimal comma; SIE writes a decimal "
                "point (%(point)s)"
            )
            % {"amount": text, "point": text.replace(",", ".")}
        )
    if not AMOUNT.fullmatch(text):
        raise LineError(
            _("“%(text)s” is not an amount such as -1234.50") % {"text": _cut(text)}
        )
    return Decimal(text)


def parse_account(text: str) -> int:
    if not ACCOUNT.fullmatch(text):
        raise LineError(
            _("“%(text)s” is not an account number of four digits")
            % {"text": _cut(text)}
        )
    return int(text)


def parse_date(text: str) -> datetime.date:
    try:
        if not DATE.fullmatch(text):
            raise ValueError(text)
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise LineError(
            _("“%(text)s” is not a date such as 20230131") % {"text": _cut(text)}
        ) from None


def _cut(text: str, limit: int = 40) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", "?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines one at a time, ended by CR LF, LF or CR only: str.splitlines()
    also ends a line at a form feed or a file separator (numbering the lines
    unlike an editor) and makes a list of a million lines at once."""
    for number, match in enumerate(LINE.finditer(text), start=1):
        if number > MAX_LINES:
            raise ValidationError(
                _("The file has more than %(lines)s lines.") % {"lines": MAX_LINES}
            )
        yield number, match.group().rstrip("\r\n")


@dataclass
class _Voucher:
    line: int
    name: str
    opened: bool = False
    total: Decimal = Decimal(0)


class _Reader:
    def __init__(self) -> None:
        self.sie = SieFile()
        self.voucher: _Voucher | None = None
        self.errors: list[str] = []
        self.numbered: dict[str, int] = {}  # a numbered verifikation's first line

    def read(self, number: int, line: str) -> None:
        stripped = line.strip(" \t")
        if not stripped:
            return
        if len(line) > MAX_LINE_CHARS:
            raise LineError(
                _("the line is longer than %(chars)s characters")
                % {"chars": MAX_LINE_CHARS}
            )
        if stripped == "{":
            self._open(number)
            return
        if stripped == "}":
            self._close()
            return
        fields = tokens(stripped)
        label = fields[0]
        if not isinstance(label, str) or not label.startswith("#"):
            raise LineError(_("the line does not begin with a label such as #TRANS"))
        self._label(number, label.upper(), fields[1:])

    def _open(self, number: int) -> None:
        if self.voucher is None or self.voucher.opened:
            raise LineError(_("a brace opens without a #VER before it"))
        self.voucher.opened = True

    def _close(self) -> None:
        voucher = self.voucher
        if voucher is None or not voucher.opened:
            raise LineError(_("a brace closes that was not opened"))
        self.voucher = None
        if voucher.total != 0:
            raise LineError(
                _(
                    "verifikation %(voucher)s (line %(line)s) does not balance: "
                    "its rows sum to %(total)s"
                )
                % {
                    "voucher": voucher.name,
                    "line": voucher.line,
                    "total": voucher.total,
                }
            )

    def _label(self, number: int, label: str, fields: list) -> None:
        if self.voucher is not None and not self.voucher.opened:
            raise LineError(_("a #VER must be followed by a line with {"))
        in_voucher = self.voucher is not None
        if label in ("#TRANS", "#RTRANS", "#BTRANS"):
            if not in_voucher:
                raise LineError(
                    _("%(label)s stands outside a verifikation (#VER … { … })")
                    % {"label": label}
                )
            if label == "#TRANS":
                self._transaction(number, fields)
            return
        if in_voucher:
            raise LineError(
                _("%(label)s stands inside a verifikation") % {"label": label}
            )
        if label == "#VER":
            self._voucher(number, fields)
        elif label == "#RES":
            self._result(number, fields)
        elif label == "#RAR":
            self._fiscal_year(fields)
        elif label == "#KONTO":
            self.sie.accounts[parse_account(_field(fields, 0))] = _field(fields, 1, "")
        elif label == "#FORMAT":
            if _field(fields, 0).upper() != "PC8":
                raise LineError(
                    _("the file declares #FORMAT %(format)s; SIE 4 is PC8")
                    % {"format": _cut(_field(fields, 0))}
                )
        elif label == "#SIETYP":
            self.sie.sie_type = _field(fields, 0)
            if self.sie.sie_type not in ("2", "3", "4"):
                raise LineError(
                    _("SIE type %(type)s has no results; export SIE 4")
                    % {"type": _cut(self.sie.sie_type)}
                )
        elif label == "#PROGRAM":
            self.sie.program = " ".join(_field(fields, i, "") for i in (0, 1)).strip()
        elif label == "#FNAMN":
            self.sie.company = _field(fields, 0, "")

    def _voucher(self, number: int, fields: list) -> None:
        series, voucher_number = _field(fields, 0, ""), _field(fields, 1, "")
        # Opened before its date is checked: a bad date is one error, not one
        # for every row of the verifikation.
        self.voucher = _Voucher(number, f"{series} {voucher_number}".strip())
        self.sie.vouchers += 1
        parse_date(_field(fields, 2))
        if voucher_number:
            # Two exports pasted together would count every row twice.
            first = self.numbered.setdefault(self.voucher.name, number)
            if first != number:
                raise LineError(
                    _("verifikation %(voucher)s is in the file twice (line %(line)s)")
                    % {"voucher": self.voucher.name, "line": first}
                )

    def _transaction(self, number: int, fields: list) -> None:
        account = parse_account(_field(fields, 0))
        objects = fields[1] if len(fields) > 1 else None
        if not isinstance(objects, tuple):
            raise LineError(_('#TRANS has no objekt list ({} or {1 "100"})'))
        if len(objects) % 2:
            raise LineError(_("the objekt list is not pairs of dimension and objekt"))
        pairs = []
        for dimension, code in zip(objects[::2], objects[1::2], strict=True):
            if not dimension.isdigit() or len(dimension) > 4 or not code:
                raise LineError(
                    _("the objekt list is not pairs of dimension and objekt")
                )
            pairs.append((int(dimension), code))
        amount = parse_amount(_field(fields, 2))
        if len(fields) > 3 and fields[3]:
            parse_date(_text(fields[3]))
        assert self.voucher is not None  # noqa: S101 checked by _label
        self.voucher.total += amount
        self.sie.transactions.append(
            Transaction(number, self.voucher.name, account, tuple(pairs), amount)
        )

    def _result(self, number: int, fields: list) -> None:
        year = _field(fields, 0)
        if not YEAR_NUMBER.fullmatch(year):
            raise LineError(
                _("“%(text)s” is not a year number such as 0 or -1")
                % {"text": _cut(year)}
            )
        account = parse_account(_field(fields, 1))
        amount = parse_amount(_field(fields, 2))
        if year == "0":
            self.sie.results.append(Result(number, account, amount))

    def _fiscal_year(self, fields: list) -> None:
        year = _field(fields, 0)
        if not YEAR_NUMBER.fullmatch(year):
            raise LineError(
                _("“%(text)s” is not a year number such as 0 or -1")
                % {"text": _cut(year)}
            )
        start, end = parse_date(_field(fields, 1)), parse_date(_field(fields, 2))
        self.sie.fiscal_years[int(year)] = (start, end)


def _field(fields: list, index: int, default: str | None = None) -> str:
    if index >= len(fields):
        if default is not None:
            return default
        raise LineError(_("a field is missing"))
    return _text(fields[index])


def parse_sie(raw: bytes) -> SieFile:
    """What a SIE file says, or ValidationError with every bad line (at most 50)."""
    text = decode_sie(raw)
    reader = _Reader()
    for number, line in _lines(text):
        try:
            reader.read(number, line)
        except LineError as error:
            reader.errors.append(
                _("Line %(line)s: %(error)s.") % {"line": number, "error": error}
            )
            if len(reader.errors) >= MAX_ERRORS:
                break
    if reader.voucher is not None and len(reader.errors) < MAX_ERRORS:
        reader.errors.append(
            _("Line %(line)s: the verifikation %(voucher)s is not closed with }.")
            % {"line": reader.voucher.line, "voucher": reader.voucher.name}
        )
    if reader.errors:
        raise ValidationError(reader.errors)
    return reader.sie
