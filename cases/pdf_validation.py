"""Checks a received PDF by its content, before it is stored and again before it is
merged into a kallelse (the rules may have changed since it was stored).

The check fails closed: a PDF is taken only if pikepdf opens it without a password,
every object of it has been looked at (no depth or count at which the walk gives up and
lets the rest through: past its limits the file is refused), and nothing in it runs
code, carries files, reaches outside the file or unpacks to far more than it weighs.
Each refusal says why in Swedish; nothing is stored. Opening and additional actions
that pass (a GoTo, a web link) are still stripped: they act without the reader asking.
The reasons for a denylist rather than an allowlist or a rewrite: docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    import pikepdf

PDF_MAGIC = b"%PDF-"
# Raise when a rule changes: verdicts cached under the old rules (meetings) expire.
RULES_REVISION = 3
CHUNK = 1024 * 1024  # inflated bytes held at a time
SLICE = 64 * 1024  # compressed bytes fed at a time
MB = 1024 * 1024
# The walk's limits. Past them the file is refused, never let through unchecked.
MAX_DEPTH = 400  # direct nesting; qpdf's parser stops at 499
MAX_NODES = 1_000_000  # dictionaries and arrays: about six seconds of walking
# qpdf inflates object and cross-reference streams itself, whole, to read the
# objects in them: its limit keeps that bounded, and the same limit on those streams
# here means nothing qpdf gave up on goes unchecked.
OBJECT_STREAM_MAX_BYTES = 64 * MB
# Any file may unpack to this much (one big blank image in a small file); past it, to
# no more than PDF_MAX_COMPRESSION_RATIO times its size.
UNPACKED_WITHOUT_RATIO = 64 * MB
# Revisions (incremental updates) checked one by one; past this the file is refused.
MAX_REVISIONS = 20
# The end of a revision: its startxref and %%EOF marker.
REVISION_END = re.compile(rb"startxref\s+\d+\s*%%EOF")

# Actions that run code, start programs, open other files, send data or play media.
REFUSED_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/GoToR",
    "/GoToE",
    "/SubmitForm",
    "/ImportData",
    "/Rendition",
    "/Sound",
    "/Movie",
    "/RichMediaExecute",
}
# /OnInstantiate: the script a 3D model runs when it loads.
JAVASCRIPT_KEYS = {"/JS", "/JavaScript", "/OnInstantiate"}
# Annotations that play media or 3D models, and their content dictionaries.
MEDIA_SUBTYPES = {"/3D", "/RichMedia", "/Screen", "/Movie", "/Sound"}
MEDIA_KEYS = {"/3DD", "/RichMediaContent", "/RichMediaSettings"}
ATTACHMENT_KEYS = {"/EF", "/EmbeddedFiles"}
# A link may go to the web or to an e-mail address; file:, \\host, //host and every
# other target (relative ones too, which a /Base can turn into file:) are refused.
SAFE_URI = re.compile(r"(https?|mailto):", re.IGNORECASE)
STRIPPED_KEYS = ("/OpenAction", "/AA")

# Filters, with the abbreviations some viewers also take on streams.
TEXT_FILTERS = {"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
FLATE_FILTERS = {"/FlateDecode", "/Fl"}
IMAGE_FILTERS = {
    "/DCTDecode",
    "/DCT",
    "/JPXDecode",
    "/JBIG2Decode",
    "/CCITTFaxDecode",
    "/CCF",
}
COMPONENTS = {
    "/DeviceGray": 1,
    "/CalGray": 1,
    "/Indexed": 1,
    "/DeviceRGB": 3,
    "/CalRGB": 3,
    "/Lab": 3,
}


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    sha256: str
    page_count: int


def rules_key() -> str:
    """What a verdict of the check depends on besides the file."""
    limits = (
        settings.MAX_UPLOAD_MB,
        settings.PDF_MAX_PAGES,
        settings.PDF_MAX_STREAM_MB,
        settings.PDF_MAX_COMPRESSION_RATIO,
    )
    return f"{RULES_REVISION}:" + ":".join(map(str, limits))


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def read_upload(uploaded_file: UploadedFile) -> bytes:
    """The file's bytes, refusing a too large file before reading it all."""
    too_large = ValidationError(
        _("The file is too large – max %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB},
        code="too_large",
    )
    limit = max_upload_bytes()
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise too_large
    uploaded_file.seek(0)
    buffer = io.BytesIO()
    for chunk in uploaded_file.chunks(64 * 1024):
        buffer.write(chunk)
        # The stated size can lie (a stream); stop reading as soon as it is exceeded.
        if buffer.tell() > limit:
            raise too_large
    return buffer.getvalue()


def check_pdf(content: bytes) -> CheckedPdf:
    """Validate PDF bytes; strip opening actions. Raises ValidationError in Swedish."""
    import pikepdf  # slow

    if len(content) > max_upload_bytes():
        raise ValidationError(
            _("The file is too large – max %(mb)s MB.")
            % {"mb": settings.MAX_UPLOAD_MB},
            code="too_large",
        )
    if not content.startswith(PDF_MAGIC):
        raise ValidationError(_("The file is not a PDF."), code="not_pdf")
    pikepdf.settings.set_qpdf_limits(flate_max_memory=OBJECT_STREAM_MAX_BYTES)
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            if pdf.is_encrypted:
                raise _encrypted()
            page_count = len(pdf.pages)
            if page_count == 0:
                raise ValidationError(_("The PDF has no pages."), code="empty")
            if page_count > settings.PDF_MAX_PAGES:
                raise _too_many_pages()
            _check_unpacked_size(pdf, _walk(pdf), len(content))
            _check_earlier_revisions(content)
            if _strip_opening_actions(pdf):
                out = io.BytesIO()
                pdf.save(out)
                content = out.getvalue()
    except pikepdf.PasswordError as error:
        raise _encrypted() from error
    except pikepdf.PdfError as error:
        raise ValidationError(
            _("The file is not a PDF that can be opened (it may be damaged)."),
            code="broken_pdf",
        ) from error
    return CheckedPdf(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=page_count,
    )


def _check_earlier_revisions(content: bytes) -> None:
    """Check every revision an incremental update replaced, as the file up to its
    %%EOF: the stored file keeps it, and a viewer shows it as the signed version.

    A revision qpdf cannot open is one no viewer shows either, and is skipped.
    """
    import pikepdf  # slow

    ends = [match.end() for match in REVISION_END.finditer(content)]
    earlier = [end for end in ends if content[end:].strip(b"\r\n\t \0")]
    if len(earlier) >= MAX_REVISIONS:
        raise _refusal(_("The PDF is too complex to check."), "too_complex")
    for end in earlier:
        prefix = content[:end]
        try:
            revision = pikepdf.open(io.BytesIO(prefix))
        except pikepdf.PdfError:
            continue
        with revision:
            _check_unpacked_size(revision, _walk(revision), len(prefix))


def _walk(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """Look at every dictionary of the file, without recursion; return its streams.

    Every indirect object (reachable or not, from object streams too) is a starting
    point, so following references is not needed and a reference loop costs nothing.
    """
    import pikepdf  # slow

    roots = [pdf.trailer, *pdf.objects]
    stack = [(obj, 0) for obj in roots]
    visited = 0
    while stack:
        obj, depth = stack.pop()
        visited += 1
        if visited > MAX_NODES or depth > MAX_DEPTH:
            raise _refusal(_("The PDF is too complex to check."), "too_complex")
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _check_dictionary(obj)
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            continue
        stack.extend(
            (child, depth + 1)
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array)
            and not child.is_indirect
        )
    return [obj for obj in roots if isinstance(obj, pikepdf.Stream)]


def _check_dictionary(obj: pikepdf.Dictionary | pikepdf.Stream) -> None:
    import pikepdf  # slow

    keys = set(obj.keys())
    if keys & JAVASCRIPT_KEYS:
        raise _refusal(_("The PDF contains JavaScript."), "javascript")
    if keys & ATTACHMENT_KEYS or _name(obj, "/Type") == "/EmbeddedFile":
        raise _refusal(_("The PDF contains attached files."), "attachment")
    if _name(obj, "/Subtype") in MEDIA_SUBTYPES or keys & MEDIA_KEYS:
        raise _refusal(
            _("The PDF contains sound, video, Flash or a 3D model."), "media"
        )
    if "/XFA" in keys:
        raise _refusal(_("The PDF contains an XFA form."), "xfa")
    action = _name(obj, "/S")
    # A thread action with /F follows an article into another file.
    if action in REFUSED_ACTIONS or (action == "/Thread" and "/F" in keys):
        raise _refusal(
            _(
                "The PDF contains an action that starts a program, opens another "
                "file, sends data or plays media (%(action)s)."
            )
            % {"action": action.lstrip("/")},
            "action",
        )
    if action == "/URI" and not _is_safe_uri(obj.get("/URI")):
        raise _refusal(
            _(
                "The PDF contains a link that is not a web or e-mail address (for "
                "example to a file or a network share)."
            ),
            "link",
        )
    if isinstance(obj, pikepdf.Stream) and "/F" in keys:
        # The stream's data is read from another file by the viewer.
        raise _refusal(_("The PDF takes content from another file."), "external")


def _name(obj: pikepdf.Dictionary | pikepdf.Stream, key: str) -> str:
    import pikepdf  # slow

    value = obj.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _is_safe_uri(value: object) -> bool:
    import pikepdf  # slow

    if not isinstance(value, pikepdf.String):
        return False
    # Viewers strip surrounding whitespace and control characters before opening.
    text = bytes(value).decode("latin-1").strip(" \t\r\n\f\v\0")
    return SAFE_URI.match(text) is not None


def _check_unpacked_size(
    pdf: pikepdf.Pdf, streams: list[pikepdf.Stream], file_size: int
) -> None:
    """Refuse a stream that unpacks to more than the limit, or a file whose streams
    together unpack to more than the ratio allows; memory stays at one chunk."""
    stream_limit = settings.PDF_MAX_STREAM_MB * MB
    ratio = settings.PDF_MAX_COMPRESSION_RATIO
    total_limit = max(ratio * file_size, UNPACKED_WITHOUT_RATIO)
    total = 0
    for stream in streams:
        limit = stream_limit
        if _name(stream, "/Type") in {"/ObjStm", "/XRef"}:
            limit = OBJECT_STREAM_MAX_BYTES
        size = _unpacked_size(pdf, stream, limit)
        total += size
        too_large = size > limit or _declared_image_size(stream) > stream_limit
        if too_large or total > total_limit:
            raise _refusal(
                _(
                    "The PDF unpacks to too much data (more than %(mb)s MB in one "
                    "part, or more than %(ratio)s times its own size)."
                )
                % {
                    "mb": number_format(settings.PDF_MAX_STREAM_MB),
                    "ratio": number_format(ratio),
                },
                "too_much_data",
            )


def _unpacked_size(pdf: pikepdf.Pdf, stream: pikepdf.Stream, limit: int) -> int:
    """The size of the stream's data once unpacked, or a size past limit.

    Only filters whose output can be counted without holding it are accepted: the
    text filters first (they shrink, so they are decoded whole), then Flate (inflated
    a chunk at a time), then one image codec (an image is counted by the size it
    declares: _declared_image_size). LZW, RunLength, Crypt and unknown filters are
    refused: rare in files made today, and their output is measured only by decoding
    it whole.
    """
    import pikepdf  # slow

    declared = stream.get("/Filter", pikepdf.Array())
    filters = list(declared) if isinstance(declared, pikepdf.Array) else [declared]
    names = [str(f) if isinstance(f, pikepdf.Name) else "?" for f in filters]
    data = stream.read_raw_bytes()
    text = []
    while names and names[0] in TEXT_FILTERS:
        text.append(pikepdf.Name(names.pop(0)))
    if text:
        scratch = pikepdf.Stream(pdf, data)
        scratch.Filter = pikepdf.Array(text)
        data = scratch.read_bytes()
    size = len(data)
    if names and names[0] in FLATE_FILTERS:
        size = _inflated_size(data, limit)
        names.pop(0)
    if names and names[0] in IMAGE_FILTERS:
        names.pop(0)
    if names:
        raise _refusal(
            _("The PDF uses a compression that is not accepted (%(filter)s).")
            % {"filter": ", ".join(n.lstrip("/") for n in names)},
            "compression",
        )
    return size


def _inflated_size(data: bytes, limit: int) -> int:
    """Inflate a slice at a time, keeping only the count; stop once past limit.

    Damaged data counts up to where it breaks, as far as a viewer gets. Data without
    the zlib header is raw deflate, which some viewers read too.
    """
    view = memoryview(data)
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits)
        size = 0
        try:
            for start in range(0, len(view), SLICE):
                pending: memoryview | bytes = view[start : start + SLICE]
                while pending and size <= limit:
                    size += len(inflater.decompress(pending, CHUNK))
                    pending = inflater.unconsumed_tail
                if inflater.eof or size > limit:
                    break
        except zlib.error:
            if size == 0 and wbits > 0:
                continue
        return size
    return 0


def _declared_image_size(stream: pikepdf.Stream) -> int:
    """The bytes an image's width and height make a viewer allocate."""
    import pikepdf  # slow

    if _name(stream, "/Subtype") != "/Image":
        return 0
    width, height = stream.get("/Width"), stream.get("/Height")
    # Viewers truncate a real width or height (60000.0) to a whole number.
    if not isinstance(width, int | Decimal) or not isinstance(height, int | Decimal):
        return 0
    width, height = int(width), int(height)
    bits = stream.get("/BitsPerComponent", 8)
    if stream.get("/ImageMask") is True or not isinstance(bits, int):
        bits = 1
    space = stream.get("/ColorSpace")
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        space = space[0]
    components = COMPONENTS.get(str(space), 4) if bits > 1 else 1
    return abs(width) * abs(height) * bits * components // 8


def _strip_opening_actions(pdf: pikepdf.Pdf) -> bool:
    stripped = False
    for key in STRIPPED_KEYS:
        if key in pdf.Root:
            del pdf.Root[key]
            stripped = True
    for page in pdf.pages:
        if "/AA" in page.obj:
            del page.obj["/AA"]
            stripped = True
    return stripped


def _refusal(reason: str, code: str) -> ValidationError:
    return ValidationError(
        f"{reason} {_('Save it again as a plain PDF (e.g. print to PDF).')}",
        code=code,
    )


def _too_many_pages() -> ValidationError:
    return ValidationError(
        _("The PDF has more than %(pages)s pages. Split it into smaller files.")
        % {"pages": number_format(settings.PDF_MAX_PAGES, force_grouping=True)},
        code="too_many_pages",
    )


def _encrypted() -> ValidationError:
    return ValidationError(
        _("The PDF is password protected or encrypted. Upload it without protection."),
        code="encrypted",
    )
