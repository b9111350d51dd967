"""The run's PDF never overprints its table headers (issue 20.7): a long
verksamhet's name wraps inside its own column. The test reads where poppler's
pdftotext puts every word (-bbox-layout) and checks that no two words of the
summary's header overlap and that the header ends above the first row."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from html import unescape

import pytest

from finance.reports import build_pdf
from finance.selectors import run_table
from finance.services import run_allocation
from tests.factories import MemberFactory

from .factories import (
    ActivityFactory,
    FeeModelFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)

pytestmark = pytest.mark.django_db

LONG_NAMES = [
    "Räddningstjänstförbundetsgemensammaförebyggandeverksamhet",
    "Dataskyddsombud och informationssäkerhet för samtliga medlemskommuner",
    "Gemensamnämndförhjälpmedelsverksamhetenochkommunikationshjälpmedel",
    "Upphandlingsenheten",
    "Överförmyndarverksamhetengemensamförsjukommuner inom regionen",
    "IT",
    "Kompetensutvecklingochutbildningsinsatserförpersonalen",
    "Turism och besöksnäring i Sjuhärad med omnejd och ännu mer text",
]


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Word") -> bool:
        # A hair of tolerance: touching boxes (kerning, rounding) are no overprint.
        e = 0.2
        return (
            self.x0 < other.x1 - e
            and other.x0 < self.x1 - e
            and self.y0 < other.y1 - e
            and other.y0 < self.y1 - e
        )


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
    r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def _first_page_words(pdf: bytes, tmp_path) -> list[Word]:
    path = tmp_path / "run.pdf"
    path.write_bytes(pdf)
    out = tmp_path / "run.html"
    subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(path), str(out)],
        check=True,
        timeout=60,
    )
    return [
        Word(unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
        for m in WORD.findall(out.read_text(encoding="utf-8"))
    ]


@pytest.fixture
def long_names(federation):
    members = []
    for n in range(4):
        member = MemberFactory(
            federation=federation,
            name=f"M{n} Kommunenmedettsärskiltlångtnamnsomintebryts",
            kommunkod=f"14{n:02d}",
        )
        PopulationFigureFactory(member=member, year=2024, population=9_000 + n)
        members.append(member)
    for name in LONG_NAMES:
        model = FeeModelFactory(
            federation=federation,
            name=name[:60],
            activity=ActivityFactory(federation=federation, name=name),
            base_year=2025,
            rate=Decimal("1234.56"),
        )
        for member in members:
            ParticipantFactory(fee_model=model, member=member)
    return run_allocation(federation, 2025, by=None)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_the_summary_header_never_overprints(long_names, tmp_path):
    words = _first_page_words(build_pdf(run_table(long_names)), tmp_path)

    # The caption's last word, above the header.
    heading = next(w for w in words if w.text == "verksamhet")
    first_row = min((w for w in words if w.text == "M0"), key=lambda w: w.y0)
    header = [w for w in words if heading.y1 <= w.y0 < first_row.y0]
    assert any(w.text == "Medlem" for w in header)
    # Every name is in the header, whole (wrapped, not cut off).
    text = "".join(w.text for w in header)
    for name in LONG_NAMES:
        assert name.replace(" ", "") in text, name
    overprinted = [
        (a.text, b.text)
        for i, a in enumerate(header)
        for b in header[i + 1 :]
        if a.overlaps(b)
    ]
    assert overprinted == []
    # The header ends above the first row, and no word runs into the next column.
    row = [w for w in words if abs(w.y0 - first_row.y0) < 1]
    assert max(w.y1 for w in header) <= min(w.y0 for w in row) + 0.2
    assert not [(a.text, b.text) for a in header for b in row if a.overlaps(b)]
