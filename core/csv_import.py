"""Reading an uploaded CSV file for an import, without guessing.

Every import (population, index series, agreements) reads its file here: the bytes
are decoded by a fixed rule, the separator is the one of `;`, `,` and tab with which
the header is a layout the import knows (exactly one must fit), and the table ends
at its first blank row. What does not fit is refused with a message that shows what
was read. The imports themselves check the cells and write all rows or none.
"""

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_ERRORS = 50
SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}
HEAD_ROWS = 10  # blank rows and a title before the header
# Text of a UTF-8 file read as Latin-1: "Ã¥" is "å" and so on.
MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u2013-\u203a\u0152-\u02dc]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SPACES = re.compile(r"\s+")

Layout = TypeVar("Layout")


def read_upload(upload: UploadedFile) -> bytes:
    """The file's bytes, refused by its size before anything is read into memory."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError(too_large_message())
    return upload.read(MAX_BYTES + 1)


def too_large_message() -> str:
    return _("The file is too large: at most %(mb)s MB and %(rows)s rows.") % {
        "mb": MAX_BYTES // (1024 * 1024),
        "rows": f"{MAX_ROWS:,}".replace(",", "\xa0"),
    }


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows Latin-1 (cp1252), as NFC text.

    A file that begins with a UTF-8 BOM must be UTF-8 throughout; a file that is
    not UTF-8 must not hold text that looks like UTF-8 read as Latin-1 (two
    encodings mixed in one file). Both are refused rather than repaired.
    """
    if len(raw) > MAX_BYTES:
        raise ValidationError(too_large_message())
    if b"\x00" in raw:
        raise ValidationError(
            _("The file is not a text file (or is saved as UTF-16). Save it as CSV.")
        )
    if raw.startswith(codecs.BOM_UTF8):
        try:
            text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _(
                    "The file begins as UTF-8 but byte %(position)s is not UTF-8. "
                    "Save the file again as UTF-8 or as Latin-1."
                )
                % {"position": error.start + len(codecs.BOM_UTF8) + 1}
            ) from error
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_latin1(raw)
    return unicodedata.normalize("NFC", text)


def _decode_latin1(raw: bytes) -> str:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("Byte %(position)s of the file is neither UTF-8 nor Latin-1.")
            % {"position": error.start + 1}
        ) from error
    if MOJIBAKE.search(text):
        raise ValidationError(
            _(
                "The file mixes UTF-8 and Latin-1 (such as “Ã¥” for a-ring). "
                "Save it again in one encoding."
            )
        )
    return text


def normalise(cell: str) -> str:
    """A header cell as compared with the known names: trimmed, one space, lower."""
    return SPACES.sub(" ", cell).strip().casefold()


def shown(cell: str, limit: int = 60) -> str:
    """A cell as quoted in a message: never a whole huge field."""
    cell = CONTROL.sub("?", cell)
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet numbers the file's rows
    cells: list[str]


@dataclass(frozen=True)
class Table(Generic[Layout]):
    layout: Layout
    separator: str
    header: list[str]  # as read, trimmed
    rows: list[Row]  # the data rows below the header, blank rows left out


def read_table(
    text: str,
    recognise: Callable[[list[str]], Layout | None],
    *,
    accepted: str,
) -> Table[Layout]:
    """The table under the file's header, read with the one separator that makes
    the header a known layout (`recognise` gets the normalised header cells).

    `accepted` describes the accepted headers for the refusal. Row errors (a wrong
    number of columns, control characters) are raised all at once.
    """
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    fits, unreadable = [], 0
    for separator in SEPARATORS:
        try:
            found = _header(text, separator, recognise)
        except csv.Error:  # e.g. a field over csv's size limit
            unreadable += 1
            continue
        if found is not None:
            fits.append((separator, found))
    if unreadable == len(SEPARATORS):
        raise ValidationError(_("The file cannot be read as CSV."))
    if len(fits) != 1:
        raise ValidationError(
            _(
                "The header of the file is not one this import knows: "
                "“%(header)s”. %(accepted)s"
            )
            % {"header": _first_line(text), "accepted": accepted}
        )
    separator, (at, header, layout) = fits[0]
    rows = _rows(text, separator)
    return Table(layout, separator, header, _data_rows(rows[at + 1 :], at + 2, header))


def _reader(text: str, separator: str):
    # newline=None: files saved with Mac line ends (a lone \r) read as lines too.
    return csv.reader(io.StringIO(text, newline=None), delimiter=separator)


def _rows(text: str, separator: str) -> list[list[str]]:
    try:
        rows = list(islice(_reader(text, separator), MAX_ROWS + 2))
    except csv.Error as error:  # e.g. a field over csv's size limit
        raise ValidationError(_("The file cannot be read as CSV.")) from error
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(too_large_message())
    return rows


def _header(text: str, separator: str, recognise):
    """(index, header, layout) of the first non-blank row if it is a known header."""
    # The first rows are read whole, so a file csv cannot read fails here.
    head = list(islice(_reader(text, separator), HEAD_ROWS))
    for index, row in enumerate(head):
        cells = _trimmed(row)
        if cells:
            layout = recognise([normalise(cell) for cell in cells])
            return None if layout is None else (index, cells, layout)
    return None


def _trimmed(row: list[str]) -> list[str]:
    """Cells without surrounding spaces; trailing empty cells dropped."""
    cells = [cell.strip() for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _data_rows(rows: list[list[str]], first: int, header: list[str]) -> list[Row]:
    """Rows down to the first blank row; after it only footnotes (one cell each)."""
    result: list[Row] = []
    errors: list[str] = []
    ended = False
    for number, row in enumerate(rows, start=first):
        cells = _trimmed(row)
        if not cells:
            ended = ended or bool(result)
            continue
        if ended:
            if len(cells) > 1:
                errors.append(
                    _(
                        "Row %(row)s: the table ended with the blank row above; "
                        "only a note in one cell may follow it."
                    )
                    % {"row": number}
                )
            continue
        if any(CONTROL.search(cell) for cell in cells):
            errors.append(
                _("Row %(row)s: a cell holds a control character.") % {"row": number}
            )
        elif len(cells) > len(header):  # fewer: the missing cells are empty
            errors.append(
                _("Row %(row)s has %(count)s columns; the header has %(header)s.")
                % {"row": number, "count": len(cells), "header": len(header)}
            )
        cells += [""] * (len(header) - len(cells))
        result.append(Row(number, cells))
    raise_errors(errors)
    return result


def _first_line(text: str) -> str:
    return shown(next(line for line in text.splitlines() if line.strip()), 200)


def raise_errors(errors: list[str]) -> None:
    """Refuse with one message per row, at most MAX_ERRORS of them."""
    if not errors:
        return
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        errors = [
            *errors[:MAX_ERRORS],
            _("… and %(count)s more errors.") % {"count": more},
        ]
    raise ValidationError(errors)
