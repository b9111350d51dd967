"""Stamps over the merged kallelse's pages: "Sida N av M" on every page, and on
each bilaga's pages its reference and the ärende's diarienummer.

The parts of a kallelse are made apart (the cover, each tjänsteskrivelse, every
uploaded bilaga), so only the merged file knows the page count: the numbers are
drawn on it afterwards, one small content stream per page. The text is set in
DejaVu Sans, the font of the rendered pages, subset once per process to the
Windows-1252 repertoire (Swedish and the diarienummer's characters) and embedded
once per file as a simple TrueType font every page shares.

A stamp is placed in the page's visible box as the reader sees it: a rotated page
(/Rotate) or one of another size (A3, landscape, a receipt) gets the stamp upright
at the same distance from its edges. It is marked as a pagination artifact, outside
the structure tree, so a screen reader does not read it into the text. A page's own
content is wrapped in q/Q first, so a page that leaves the graphics state changed
(a transformation, a fill colour) cannot move or hide the stamp.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.cache import cache

from federation.cache import RELEASE

if TYPE_CHECKING:
    import pikepdf  # slow

# fonts-dejavu-core (Dockerfile); the rendered pages' font too.
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_KEY = "/FpSidstampel"
FIRST_CODE, LAST_CODE = 32, 255
MM = 72 / 25.4
FOOTER_SIZE = 9.0
HEADER_SIZE = 8.5
SMALLEST_SIZE = 4.0
# Distances from the visible edges, as on the rendered pages (20 mm right margin).
SIDE = 20 * MM
FOOTER_BASELINE = 11 * MM
HEADER_BASELINE = 8 * MM


@dataclass(frozen=True)
class FontProgram:
    """The subset font file and its metrics in PDF units (1/1000 of the size)."""

    data: bytes
    widths: list[int]  # for codes FIRST_CODE..LAST_CODE in Windows-1252
    bbox: list[int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: bytes, size: float) -> float:
        return sum(self.widths[code - FIRST_CODE] for code in text) * size / 1000


def _character(code: int) -> str | None:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return None  # the five codes Windows-1252 leaves undefined


@functools.cache
def font_program() -> FontProgram:
    """DejaVu Sans subset to the characters of Windows-1252: made once per release
    and shared through the cache (a worker's first build saves half a second)."""
    key = f"meetings:stamp-font:{RELEASE}:{FONT_FILE.stat().st_mtime_ns}"
    program = cache.get(key)
    if not isinstance(program, FontProgram):
        program = _subset_font()
        cache.set(key, program, None)
    return program


def _subset_font() -> FontProgram:
    from fontTools import subset, ttLib  # noqa: PLC0415 slow

    font = ttLib.TTFont(FONT_FILE, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    characters = {code: _character(code) for code in range(FIRST_CODE, LAST_CODE + 1)}
    widths = []
    for char in characters.values():
        glyph = cmap.get(ord(char)) if char else None
        widths.append(round(hmtx[glyph][0] * scale) if glyph else 0)
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    metrics = {
        "bbox": [
            round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
        ],
        "ascent": round(hhea.ascent * scale),
        "descent": round(hhea.descent * scale),
        "cap_height": round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
    }
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    # A stamp needs no shaping: leaving the layout tables unread is most of the time.
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM", "kern", "MATH", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters.values() if c])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return FontProgram(data=buffer.getvalue(), widths=widths, **metrics)


def embed_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The stamp font as one indirect object of `pdf`, for every page to share."""
    import pikepdf  # slow

    program = font_program()
    name = pikepdf.Name("/FPSTMP+DejaVuSans")
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=name,
        Flags=32,  # non-symbolic: the codes are Windows-1252
        FontBBox=pikepdf.Array(program.bbox),
        ItalicAngle=0,
        Ascent=program.ascent,
        Descent=program.descent,
        CapHeight=program.cap_height,
        StemV=80,
        FontFile2=pikepdf.Stream(pdf, program.data),
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=name,
            FirstChar=FIRST_CODE,
            LastChar=LAST_CODE,
            Widths=pikepdf.Array(program.widths),
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def encode(text: str) -> bytes:
    """The text in the font's encoding; a character outside it becomes '?'."""
    return text.encode("cp1252", errors="replace")


def _placement(page: pikepdf.Page) -> tuple[float, float, list[float]]:
    """The visible box's width and height as displayed, and the matrix from that
    upright box (origin at its lower left) to the page's own coordinates."""
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    rotation = page.rotation % 360 if isinstance(page.rotation, int) else 0
    width, height = x1 - x0, y1 - y0
    if rotation == 90:
        return height, width, [0, 1, -1, 0, x1, y0]
    if rotation == 180:
        return width, height, [-1, 0, 0, -1, x1, y1]
    if rotation == 270:
        return height, width, [0, -1, 1, 0, x0, y1]
    return width, height, [1, 0, 0, 1, x0, y0]


def _number(value: float) -> bytes:
    return f"{value:.2f}".rstrip("0").rstrip(".").encode()


def _line(
    program: FontProgram,
    text: str,
    *,
    size: float,
    width: float,
    baseline: float,
    backdrop: bool,
) -> bytes:
    """One right-aligned line of text; on a backdrop of white when asked, so the
    stamp stays readable over whatever a bilaga has there."""
    encoded = encode(text)
    room = max(width - 2 * min(SIDE, width / 10), 1.0)
    natural = program.width(encoded, size)
    if natural > room:
        size = max(SMALLEST_SIZE, size * room / natural)
    text_width = program.width(encoded, size)
    x = max(width - min(SIDE, width / 10) - text_width, 0.0)
    parts = []
    if backdrop:
        pad = size * 0.3
        parts.append(
            b"1 g "
            + b" ".join(
                _number(v)
                for v in (
                    x - pad,
                    baseline - size * 0.3,
                    text_width + 2 * pad,
                    size * 1.3,
                )
            )
            + b" re f 0 g\n"
        )
    parts.append(
        b"BT "
        + FONT_KEY.encode()
        + b" "
        + _number(size)
        + b" Tf "
        + _number(x)
        + b" "
        + _number(baseline)
        + b" Td <"
        + encoded.hex().encode()
        + b"> Tj ET\n"
    )
    return b"".join(parts)


def stamp_page(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    font: pikepdf.Object,
    *,
    footer: str,
    header: str = "",
    foreign: bool = False,
    opening: pikepdf.Stream | None = None,
) -> None:
    """Draw the footer (bottom right) and the header (top right) on the page.

    The page's content is wrapped in q/Q first (`opening`: a stream holding "q" that
    every page may share). A foreign page (an uploaded bilaga) gets its stamp on a
    white backdrop."""
    import pikepdf  # slow

    program = font_program()
    width, height, matrix = _placement(page)
    body = [
        b"q " + b" ".join(_number(v) for v in matrix) + b" cm\n",
        b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
        _line(
            program,
            footer,
            size=FOOTER_SIZE,
            width=width,
            baseline=min(FOOTER_BASELINE, height / 4),
            backdrop=foreign,
        ),
        b"EMC\n",
    ]
    if header:
        body += [
            b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
            _line(
                program,
                header,
                size=HEADER_SIZE,
                width=width,
                baseline=max(height - HEADER_BASELINE, height * 3 / 4),
                backdrop=foreign,
            ),
            b"EMC\n",
        ]
    # The page's own content, in q/Q: WeasyPrint's pages end with their flipped
    # coordinates in force, and a bilaga may leave any state behind.
    if opening is None:
        opening = pdf.make_stream(b"q\n")
    page.contents_add(opening, prepend=True)
    body.insert(0, b"Q\n")
    body.append(b"Q\n")
    resources = page.obj.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        resources = page.obj.Resources = pikepdf.Dictionary()
    fonts = resources.get("/Font")
    if not isinstance(fonts, pikepdf.Dictionary):
        fonts = resources.Font = pikepdf.Dictionary()
    fonts[FONT_KEY] = font
    page.contents_add(pdf.make_stream(b"".join(body)))
