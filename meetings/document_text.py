"""The text of a handling's PDF, for the document page's readers (issue 19.3): a
screen reader, or a phone that shows no embedded PDF.

Read with pypdf from the stored file once per file content (its sha256) and kept in
the cache; only the first pages are read, so a long bilaga costs one bounded read,
and a hostile one (forms drawing forms) a bounded time: pypdf walks at most
MAX_FORMS_PER_PAGE forms a page and no page is begun after SECONDS_BUDGET.
The caller has already checked that the reader may see the handling (sekretess):
the cache is keyed by the file, and a file is only ever read out to those readers.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

from cases.models import Document

logger = logging.getLogger(__name__)

MAX_PAGES = 40
MAX_CHARS = 200_000
# A hostile file (forms drawing forms) costs pypdf about the square of the forms it
# walks: at most this many a page, and the pages read stop after SECONDS_BUDGET.
MAX_FORMS_PER_PAGE = 200
SECONDS_BUDGET = 2.0
SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class DocumentText:
    pages: list[str]
    truncated: bool  # more pages than were read

    @property
    def is_empty(self) -> bool:
        return not any(page.strip() for page in self.pages)


def document_text(document: Document) -> DocumentText:
    name = document.file.name or ""
    content = document.sha256 or hashlib.sha256(name.encode()).hexdigest()
    key = f"meetings:document-text:{document.pk}:{content}"
    found = cache.get(key)
    if found is not None:
        return found
    text = _read(document)
    cache.set(key, text, SECONDS)
    return text


def _read(document: Document) -> DocumentText:
    from pypdf import PdfReader, apply_configuration  # noqa: PLC0415 slow
    from pypdf.errors import PdfReadError  # noqa: PLC0415 slow

    pages: list[str] = []
    total = 0
    deadline = time.monotonic() + SECONDS_BUDGET
    try:
        with (
            document.file.open("rb") as handle,
            apply_configuration(
                xform_maximum_invocations_per_extraction=MAX_FORMS_PER_PAGE
            ),
        ):
            reader = PdfReader(handle)
            count = len(reader.pages)
            for page in reader.pages[:MAX_PAGES]:
                text = page.extract_text() or ""
                total += len(text)
                pages.append(text[: max(0, MAX_CHARS - total + len(text))])
                if total >= MAX_CHARS or time.monotonic() > deadline:
                    break
    except (PdfReadError, OSError, ValueError) as error:
        logger.warning("No text from handling %s: %s", document.pk, error)
        return DocumentText(pages=[], truncated=False)
    return DocumentText(pages=pages, truncated=len(pages) < count)
