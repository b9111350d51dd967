"""The one place that calls WeasyPrint.

Every PDF the product renders goes through `render_pdf`: PDF/A-3a (archival and tagged),
rendered in Swedish, and with a URL fetcher that serves only the product's own static
and media files. A document that refers to anything else (http://, file://, a metadata
address) fetches nothing; WeasyPrint's security notes and CVE-2025-68616 are the reason.
"""

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


def render_html_to_pdf(html: str) -> bytes:
    """Render ready HTML to PDF/A-3a bytes with the restricted fetcher."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=PDF_BASE_URL, url_fetcher=url_fetcher
    )
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        custom_metadata=True,
        uncompressed_pdf=False,
    )


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template to a PDF/A-3a document, in Swedish."""
    with translation.override("sv"):
        html = render_to_string(template_name, context)
    return render_html_to_pdf(html)
