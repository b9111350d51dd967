"""The one place that calls WeasyPrint.

Every PDF the product renders goes through `render_pdf`: PDF/A-3a (archival and tagged),
rendered in Swedish, and with a URL fetcher that serves only the product's own static
and media files. A document that refers to anything else (http://, file://, a metadata
address) fetches nothing; WeasyPrint's security notes and CVE-2025-68616 are the reason.
`TaggedPdf` puts rendered pages together with others and keeps their structure trees.
"""

from __future__ import annotations

import io
import logging
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    import pikepdf

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
    for a kallelse's twenty tjänsteskrivelser instead of twenty. Each part keeps the
    structure elements on its pages (TaggedPdf) but claims no PDF/A, being cut out of
    another file. A single document is rendered as render_html_to_pdf does.
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
    source = TaggedSource(combined)
    parts, start = [], 0
    for document in documents:
        part = TaggedPdf()
        part.append(source, range(start, start + len(document.pages)))
        if "/Lang" in combined.Root:
            part.pdf.Root.Lang = combined.Root.Lang
        start += len(document.pages)
        parts.append(part.to_bytes())
    return parts


class TaggedSource:
    """A PDF whose pages are to be copied with their part of its structure tree.

    Its Document element is cut loose from the tree first (no kids, no parent), so that
    copying an element, which follows its /P up to that Document, copies that element
    and what is below it, never the whole source with every other part's pages.
    """

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        import pikepdf

        self.pdf = pdf
        self.top: pikepdf.Dictionary | None = None
        self.kids_on: dict[tuple[int, int], list[pikepdf.Object]] = {}
        root = pdf.Root.get("/StructTreeRoot")
        if root is None or "/ParentTree" not in root:
            return
        top = root.get("/K")
        if isinstance(top, pikepdf.Array) and len(top) == 1:
            top = top[0]
        if not isinstance(top, pikepdf.Dictionary) or top.get("/S") != "/Document":
            return  # not the shape WeasyPrint writes: copied untagged
        kids = top.get("/K", pikepdf.Array())
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            page = kid.get("/Pg") if isinstance(kid, pikepdf.Dictionary) else None
            if page is not None:
                self.kids_on.setdefault(page.objgen, []).append(kid)
        top.K = pikepdf.Array()
        if "/P" in top:
            del top.P
        self.top = top
        self.parent_tree = pikepdf.NumberTree(root.ParentTree)
        self.role_map = root.get("/RoleMap", pikepdf.Dictionary())


class TaggedPdf:
    """A PDF put together from pages of others, keeping the structure of tagged ones.

    The structure tree has one Document element. A tagged source's elements on the
    copied pages go under it, inside a Part element named by the title, or straight
    under it for a single source without a title. Every tagged page gets a fresh
    /StructParents number in one ParentTree; pages appended untagged get none.
    """

    def __init__(self) -> None:
        import pikepdf

        self.pdf = pikepdf.new()
        self._document: pikepdf.Object | None = None
        self._nums = pikepdf.Array()
        self._role_map = pikepdf.Dictionary()

    def append(
        self,
        source: TaggedSource,
        pages: range | None = None,
        *,
        title: str | None = None,
    ) -> None:
        """Append the source's pages (all by default) with their structure."""
        import pikepdf

        pages = range(len(source.pdf.pages)) if pages is None else pages
        if source.top is None:
            self.append_untagged(source.pdf, pages)
            return
        first = len(self.pdf.pages)
        for index in pages:
            self.pdf.pages.append(source.pdf.pages[index])
        # The source's Document, copied: every copied element's /P now points to it.
        element = self.pdf.copy_foreign(source.top)
        if title is None and self._document is None:
            self._document = element
        else:
            document = self._root_document()
            element.S = pikepdf.Name.Part
            if title is not None:
                element.T = pikepdf.String(title)
            element.P = document
            document.K.append(element)
        kids = [
            kid
            for index in pages
            for kid in source.kids_on.get(source.pdf.pages[index].obj.objgen, [])
        ]
        element.K = self._copy(source, pikepdf.Array(kids))
        for page in self.pdf.pages[first:]:
            self._renumber(source, page.obj)
        for name, role in source.role_map.items():
            if name not in self._role_map:
                self._role_map[name] = role  # a name

    def append_untagged(self, source: pikepdf.Pdf, pages: range | None = None) -> None:
        """Append pages as they are, outside the structure tree."""
        import pikepdf

        pages = range(len(source.pages)) if pages is None else pages
        for index in pages:
            self.pdf.pages.append(source.pages[index])
            page = self.pdf.pages[-1].obj
            # Their own structure tree stays behind: a number into it would dangle.
            if "/StructParents" in page:
                del page.StructParents
            for annotation in page.get("/Annots", pikepdf.Array()):
                if "/StructParent" in annotation:
                    del annotation.StructParent

    def _root_document(self) -> pikepdf.Object:
        import pikepdf

        if self._document is None:
            self._document = self.pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructElem,
                    S=pikepdf.Name.Document,
                    K=pikepdf.Array(),
                )
            )
        return self._document

    def _renumber(self, source: TaggedSource, page: pikepdf.Dictionary) -> None:
        """Give the page and its annotations fresh keys into the ParentTree."""
        import pikepdf

        for owner, key in [(page, "/StructParents")] + [
            (a, "/StructParent") for a in page.get("/Annots", pikepdf.Array())
        ]:
            if key not in owner:
                continue
            entry = source.parent_tree.get(int(owner[key]))
            if entry is None:
                del owner[key]
                continue
            owner[key] = len(self._nums) // 2
            self._nums.extend([owner[key], self._copy(source, entry)])

    def _copy(self, source: TaggedSource, value: pikepdf.Object) -> pikepdf.Object:
        """The value with every element in it, copied in one call: pikepdf copies
        only indirect objects, so a direct array is made one in the source first."""
        if not value.is_indirect:
            value = source.pdf.make_indirect(value)
        return self.pdf.copy_foreign(value)

    def to_bytes(self, **save_options: Any) -> bytes:
        """The PDF, marked as tagged when any tagged source went into it."""
        import pikepdf

        if self._document is not None:
            root = self.pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.StructTreeRoot,
                    K=pikepdf.Array([self._document]),
                    ParentTree=self.pdf.make_indirect(
                        pikepdf.Dictionary(Nums=self._nums)
                    ),
                    ParentTreeNextKey=len(self._nums) // 2,
                )
            )
            if self._role_map:
                root.RoleMap = self._role_map
            self._document.P = root
            self.pdf.Root.StructTreeRoot = root
            self.pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        buffer = io.BytesIO()
        # The sources' version: pikepdf.new() says 1.3, older than tagged PDF.
        self.pdf.save(buffer, min_version="1.7", **save_options)
        return buffer.getvalue()


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
