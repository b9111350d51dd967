"""OParl 1.1 endpoints: thin views answering JSON to anyone, with CORS.

The System at /oparl/, the förbund as Bodies, and per förbund the lists and objects
of oparl.kinds; the files of public handlingar. What is public is decided by
oparl.selectors only. A page is kept in the förbund's cache (federation.cache)
until its data changes, keyed by the whole address, host included.
"""

from collections.abc import Callable

from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.selectors import file_refusal
from core.http import pdf_response
from federation import cache
from federation.http import PublicRequest
from federation.models import Federation

from . import objects, selectors, times
from .kinds import KINDS, Kind
from .lists import BadParameter, page

ERROR = objects.SCHEMA + "Error"


def _answer(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(status: int, message: str, debug: str = "") -> JsonResponse:
    return _answer({"type": ERROR, "message": message, "debug": debug}, status)


def _not_found() -> JsonResponse:
    return _error(404, _("There is no such OParl object."), "not found")


def _links(request: HttpRequest, federation: Federation | None = None) -> objects.Links:
    return objects.Links(
        request.build_absolute_uri(reverse("oparl:system")), federation
    )


def _in_federation(
    request: HttpRequest, slug: str, compute: Callable[[PublicRequest], dict | None]
) -> JsonResponse:
    """The förbund of the URL on the request, the answer from its cache."""
    federation = cache.federation_by_slug(slug)
    if federation is None:
        return _not_found()
    typed: PublicRequest = request  # type: ignore[assignment]
    typed.federation = federation
    params = (request.scheme, request.get_host(), request.get_full_path())
    with translation.override("sv"):
        try:
            data = cache.cached(typed, "oparl", params, lambda: compute(typed))
        except BadParameter as bad:
            return _error(400, bad.message, f"bad parameter: {bad.name}")
    return _answer(data) if data else _not_found()


@require_GET
def system(request: HttpRequest) -> JsonResponse:
    links = _links(request)
    return _answer(objects.system(links, request.build_absolute_uri("/")))


@require_GET
def body_list(request: HttpRequest) -> JsonResponse:
    links = _links(request)
    rows = times.with_times(Federation.objects.order_by("pk"), Federation, ())
    terms = list(selectors.public_terms())
    data = [objects.body(f, objects.Links(links.system, f), terms) for f in rows]
    return _answer(
        {
            "data": data,
            "pagination": {
                "totalElements": len(data),
                "elementsPerPage": max(len(data), 1),
                "currentPage": 1,
                "totalPages": 1,
            },
            "links": {
                "first": links.bodies,
                "self": links.bodies,
                "last": links.bodies,
            },
        }
    )


@require_GET
def body(request: HttpRequest, federation: str) -> JsonResponse:
    def compute(request: PublicRequest) -> dict | None:
        found = times.with_times(
            Federation.objects.filter(pk=request.federation.pk), Federation, ()
        ).first()
        terms = list(selectors.public_terms())
        links = _links(request, request.federation)
        return objects.body(found, links, terms) if found else None

    return _in_federation(request, federation, compute)


@require_GET
def object_list(request: HttpRequest, federation: str, kind: str) -> JsonResponse:
    def compute(request: PublicRequest) -> dict:
        links = _links(request, request.federation)
        return page(KINDS[kind], request.federation, links, request.GET)

    return _in_federation(request, federation, compute)


@require_GET
def object_detail(
    request: HttpRequest, federation: str, kind: str, pk: int
) -> JsonResponse:
    def compute(request: PublicRequest) -> dict | None:
        return _object(
            KINDS[kind], request.federation, _links(request, request.federation), pk
        )

    return _in_federation(request, federation, compute)


def _object(
    kind: Kind, federation: Federation, links: objects.Links, pk: int
) -> dict | None:
    """The public object, or the stub of one deleted or no longer public that was
    public once (OParl's soft delete: 200 with `deleted: true`), or None."""
    row = (
        times.with_times(kind.rows(federation), kind.model, kind.embedded)
        .filter(pk=pk)
        .first()
    )
    if row is not None:
        if kind.attach is not None:
            kind.attach([row], federation)
        return kind.serialize(row, links)
    url = links.of(kind.name, pk)
    once = kind.once_public(federation)
    if kind.all_rows is not None:
        gone = (
            times.with_times(kind.all_rows(federation), kind.model, kind.embedded)
            .filter(pk=pk)
            .filter(pk__in=once)
            .values_list("oparl_created", "oparl_modified")
            .first()
        )
        if gone is not None:
            return objects.deleted(kind.oparl_type, url, *gone)
    stub = times.removed(kind.model, kind.history_scope(federation), pk, once)
    if stub is None:
        return None
    return objects.deleted(kind.oparl_type, url, stub.created, stub.modified)


@require_GET
def file_content(
    request: HttpRequest, federation: str, pk: int, download: bool = False
) -> HttpResponseBase:
    """The file of a public handling: opened (accessUrl) or saved (downloadUrl)."""
    found = cache.federation_by_slug(federation)
    document = (
        selectors.public_documents(found).filter(pk=pk).first() if found else None
    )
    if document is None:
        return _not_found()
    reason = file_refusal(document)
    if reason:
        return _error(403, reason, "file fails today's check of received PDFs")
    name = (document.file.name or "").rsplit("/", 1)[-1]
    return pdf_response(
        document.file.open("rb"), name, download=download, private=False
    )
