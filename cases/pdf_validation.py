"""Checks an uploaded handling by its content before anything is stored.

A file is taken only if it is a PDF that pikepdf can open without a password, within the
size limit, and without active content: JavaScript, launch actions and embedded files
are refused; an open action or additional actions (which only run something on opening)
are stripped and the cleaned file is stored instead.
"""

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
CHUNK = 64 * 1024
# Actions that run code, start programs or pull in data from outside the file.
REFUSED_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/GoToE",
    "/RichMediaExecute",
}
REFUSED_KEYS = {"/JS", "/EmbeddedFiles", "/EmbeddedFile"}
STRIPPED_KEYS = ("/OpenAction", "/AA")


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    sha256: str
    page_count: int


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
    for chunk in uploaded_file.chunks(CHUNK):
        buffer.write(chunk)
        # The stated size can lie (a stream); stop reading as soon as it is exceeded.
        if buffer.tell() > limit:
            raise too_large
    return buffer.getvalue()


def check_pdf(content: bytes) -> CheckedPdf:
    """Validate PDF bytes; strip opening actions. Raises ValidationError in Swedish."""
    if len(content) > max_upload_bytes():
        raise ValidationError(
            _("The file is too large – max %(mb)s MB.")
            % {"mb": settings.MAX_UPLOAD_MB},
            code="too_large",
        )
    if not content.startswith(PDF_MAGIC):
        raise ValidationError(_("The file is not a PDF."), code="not_pdf")
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            if pdf.is_encrypted:
                raise _encrypted()
            _refuse_active_content(pdf)
            page_count = len(pdf.pages)
            if page_count == 0:
                raise ValidationError(_("The PDF has no pages."), code="empty")
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


def _encrypted() -> ValidationError:
    return ValidationError(
        _("The PDF is password protected or encrypted. Upload it without protection."),
        code="encrypted",
    )


def _refuse_active_content(pdf: pikepdf.Pdf) -> None:
    names = pdf.Root.get("/Names")
    if names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names):
        raise _active_content()
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        _walk(obj, seen)


def _walk(obj: object, seen: set[tuple[int, int]], depth: int = 0) -> None:
    """Look through one object and its direct children for refused keys and actions."""
    if depth > 50:
        return
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        if obj.objgen in seen:
            return
        seen.add(obj.objgen)
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        keys = set(obj.keys())
        if keys & REFUSED_KEYS or str(obj.get("/S", "")) in REFUSED_ACTIONS:
            raise _active_content()
        if str(obj.get("/Type", "")) == "/Filespec" and "/EF" in keys:
            raise _active_content()
        children = [obj[key] for key in keys]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Object) and not child.is_indirect:
            _walk(child, seen, depth + 1)


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


def _active_content() -> ValidationError:
    return ValidationError(
        _(
            "The PDF contains scripts, launch actions or embedded files and cannot be "
            "received. Save it again as a plain PDF (e.g. print to PDF)."
        ),
        code="active_content",
    )
