"""The one place that calls WeasyPrint.

Every PDF the product renders goes through `render_pdf`: PDF/A-3a (archival and tagged),
rendered in Swedish, and with a URL fetcher that serves only the product's own static
and media files. A document that refers to anything else (http://, file://, a metadata
address) fetches nothing; WeasyPrint's security notes and CVE-2025-68616 are the reason.
"""

import io
import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Relative URLs in templates ("/static/css/pdf.css") resolve against this origin, which
# exists nowhere: the fetcher maps it onto the static and media folders.
PDF_BASE_URL = "https://pdf.forbundsportalen.invalid/"
PDF_VARIANT = "pdf/a-3a"


class FetchRefused(ValueError):
    """A document asked for a resource outside the product's static and media files."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def resolve_local_url(url: str) -> Path:
    """Map an URL under PDF_BASE_URL to a file in static or media, or refuse it."""
    parsed = urlparse(url)
    base = urlparse(PDF_BASE_URL)
    if parsed.scheme != base.scheme or parsed.netloc != base.netloc:
        raise FetchRefused(f"refused to fetch {url!r}")
    path = unquote(parsed.path)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path.removeprefix(static_prefix)
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation as error:
            raise FetchRefused(f"refused to fetch {url!r}") from error
        candidate = Path(found) if found else Path(settings.STATIC_ROOT) / relative
        allowed_roots = [Path(settings.STATIC_ROOT), *map(Path, _static_dirs())]
    elif path.startswith(media_prefix):
        candidate = Path(settings.MEDIA_ROOT) / path.removeprefix(media_prefix)
        allowed_roots = [Path(settings.MEDIA_ROOT)]
    else:
        raise FetchRefused(f"refused to fetch {url!r}")
    if not candidate.is_file() or not any(_inside(candidate, r) for r in allowed_roots):
        raise FetchRefused(f"refused to fetch {url!r}")
    return candidate


def _static_dirs() -> list[str]:
    """Every folder the staticfiles finders serve from, for the containment check."""
    roots: list[str] = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(str(location))
    return roots


def url_fetcher(url: str, *args: Any, **kwargs: Any) -> Any:
    from weasyprint.urls import URLFetcherResponse

    path = resolve_local_url(url)
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(
        url, body=path.read_bytes(), headers={"Content-Type": mime_type}
    )


WRITE_OPTIONS = {
    "pdf_variant": PDF_VARIANT,
    "pdf_tags": True,
    "custom_metadata": True,
    "uncompressed_pdf": False,
}


def _html(html: str):
    import weasyprint

    return weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=url_fetcher)


def render_html_to_pdf(html: str) -> bytes:
    """Render ready HTML to PDF/A-3a bytes with the restricted fetcher."""
    return _html(html).write_pdf(**WRITE_OPTIONS)


def render_html_to_pdfs(htmls: list[str]) -> list[bytes]:
    """Render several documents with one PDF write, then split it into one PDF each.

    Subsetting the fonts is most of the time a short document takes (fontTools reads
    every layout table of DejaVu Sans), and a write subsets each font once: one write
    for a kallelse's twenty tjänsteskrivelser instead of twenty. The parts are plain
    pages for merging; they carry no structure tree and claim no PDF/A (the merged
    kallelse does not either). A single document is rendered as render_html_to_pdf does.
    """
    if len(htmls) <= 1:
        return [render_html_to_pdf(html) for html in htmls]
    import pikepdf
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()  # one font per face, so one subset per face
    documents = [
        _html(html).render(font_config=font_config, **WRITE_OPTIONS) for html in htmls
    ]
    pages = [page for document in documents for page in document.pages]
    combined = pikepdf.open(
        io.BytesIO(
            documents[0].copy(pages).write_pdf(font_config=font_config, **WRITE_OPTIONS)
        )
    )
    parts, start = [], 0
    for document in documents:
        part = pikepdf.new()
        for page in combined.pages[start : start + len(document.pages)]:
            part.pages.append(page)
            # The structure tree stays behind: a reference to it would dangle.
            if "/StructParents" in part.pages[-1].obj:
                del part.pages[-1].obj["/StructParents"]
        start += len(document.pages)
        buffer = io.BytesIO()
        part.save(buffer)
        parts.append(buffer.getvalue())
    return parts


def render_template(template_name: str, context: dict[str, Any]) -> str:
    """The HTML of a PDF template, in Swedish."""
    with translation.override("sv"):
        return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template to a PDF/A-3a document, in Swedish."""
    return render_html_to_pdf(render_template(template_name, context))


def render_pdfs(documents: list[tuple[str, dict[str, Any]]]) -> list[bytes]:
    """Render (template, context) pairs with one write: see render_html_to_pdfs."""
    return render_html_to_pdfs([render_template(t, c) for t, c in documents])
