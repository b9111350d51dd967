"""The published diarium and the begäran att ta del av allmän handling."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.selectors import diarium_page
from core.client_address import client_address
from federation.http import PublicRequest
from federation.selectors import federation_view
from public.forms import BegaranForm, SearchForm
from public.models import Begaran
from public.search import found_documents
from public.selectors import (
    DiariumRow,
    get_diarium_document,
    public_diarium,
)
from public.services import register_begaran
from public.throttle import Throttled, count_request

from .pages import page_number

PER_PAGE = 50


@federation_view(public=True)
def diarium(request: PublicRequest) -> HttpResponse:
    """The diarium where the förbund publishes it: every handling, a sekretess one
    as its dnr and date alone. A search reads handlingar without sekretess and
    personal data only, so no hidden word finds a row."""
    federation = request.federation
    if not federation.publishes_diarium:
        raise Http404
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    # A search reads public.search.found_documents: never by a masked name.
    documents = (
        found_documents(federation, query) if query else public_diarium(federation)
    )
    page = diarium_page(documents, "", page_number(request), per_page=PER_PAGE)
    return render(
        request,
        "public/diarium.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "rows": [DiariumRow.of(d) for d in page.documents],
        },
    )


@require_http_methods(["GET", "POST"])
@federation_view(public=True)
def begaran(request: PublicRequest, pk: int) -> HttpResponse:
    """Begär ut handlingen: registered in the diarium, the dnr is the receipt."""
    federation = request.federation
    if not federation.publishes_diarium:
        raise Http404
    row = DiariumRow.of(get_diarium_document(federation, pk))
    form = BegaranForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            count_request("begaran", client_address(request))
        except Throttled as wait:
            form.add_error(
                None,
                _("Too many requests from your address; try again in %(s)s seconds.")
                % {"s": wait.seconds},
            )
            status = 429
        else:
            document = get_diarium_document(federation, pk)
            begaran_ = register_begaran(document, **form.cleaned_data)
            return redirect("public:begaran_done", federation.slug, begaran_.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "public/begaran.html", {"row": row, "form": form}, status=status
    )


@federation_view(public=True)
def begaran_done(request: PublicRequest, pk: int) -> HttpResponse:
    """The receipt: the dnr, nothing of what was asked or who asked (the URL's id
    is guessable, so the page shows no personal data)."""
    found = (
        Begaran.objects.filter(federation=request.federation, pk=pk)
        .select_related("document__case")
        .first()
    )
    if found is None or found.document.case is None:
        raise Http404
    return render(
        request, "public/begaran_done.html", {"dnr": found.document.case.diarienummer}
    )
