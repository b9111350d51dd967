"""The public pages: the start page, a förbund's front page, its calendar, a
meeting's public dagordning, the protokoll archive and the search. No login; every
read goes through public.selectors."""

import datetime

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import pdf_response
from federation import views as federation_views
from federation.cache import render_page
from federation.http import PublicRequest
from federation.permissions import can_view_register, roles_in
from federation.roles import Role
from federation.selectors import federation_view, federations_for
from public.calendar import public_calendar
from public.forms import SearchForm
from public.search import public_search
from public.selectors import (
    anslagstavla,
    get_public_agenda_document,
    get_public_body,
    get_public_meeting,
    justerade_protokoll,
    public_agenda_documents,
    public_agenda_items,
    public_bodies,
    public_federations,
    public_meetings,
    upcoming_public_meetings,
)

# The start page's public part is the same for everyone: kept a minute.
START_SECONDS = 60
SHOWN = 3  # anslag, coming meetings and protokoll per förbund on the start page
MEETINGS_PER_PAGE = 25
PROTOKOLL_PER_PAGE = 25
# The iCal feed: meetings from this far back.
FEED_DAYS_BACK = 365


def home(request: HttpRequest) -> HttpResponse:
    """The start page: every förbund with its anslagstavla, coming meetings and
    latest protokoll; a user with one förbund goes straight to it, a förtroendevald
    with no other role there to Mina sammanträden."""
    federations = list(federations_for(request.user))
    if len(federations) == 1:
        only = federations[0]
        roles = roles_in(request.user, only)
        if not request.user.is_superuser and roles == {Role.FORTROENDEVALD.value}:
            return redirect("meetings:my_meetings", only.slug)
        return redirect(only)
    today = timezone.localdate()
    key = f"public:start:{get_language()}:{today}"
    overview = cache.get(key)
    if overview is None:
        overview = render_to_string(
            "public/partials/start_overview.html",
            {"rows": [_overview(f, today) for f in public_federations()]},
        )
        cache.set(key, overview, START_SECONDS)
    return render(
        request,
        "public/home.html",
        {"federations": federations, "overview": overview},
    )


def _overview(federation, today: datetime.date) -> dict:
    return {
        "federation": federation,
        "anslag": list(anslagstavla(federation)[:SHOWN]),
        "meetings": list(upcoming_public_meetings(federation, today)[:SHOWN]),
        "protokoll": list(justerade_protokoll(federation)[:SHOWN]),
    }


@federation_view(public=True)
def front(request: PublicRequest) -> HttpResponseBase:
    """`/<förbund>/`: the register's dashboard to those who may read it, the
    förbund's public front page to everyone else."""
    federation = request.federation
    if can_view_register(request.user, federation):
        return federation_views.dashboard(request, federation=federation.slug)
    today = timezone.localdate()
    return render_page(
        request,
        "public/partials/front.html",
        lambda: {
            "title": federation.name,
            **_overview(federation, today),
            "bodies": list(public_bodies(federation)),
        },
        name="public-front",
        params=[today],
    )


@federation_view(public=True)
def calendar(request: PublicRequest, body_pk: int | None = None) -> HttpResponse:
    federation = request.federation
    body = get_public_body(federation, body_pk) if body_pk else None
    today = timezone.localdate()
    coming = public_meetings(federation, body).filter(date__gte=today)
    past = Paginator(
        public_meetings(federation, body).filter(date__lt=today), MEETINGS_PER_PAGE
    ).get_page(request.GET.get("sida"))
    return render(
        request,
        "public/calendar.html",
        {
            "body": body,
            "bodies": public_bodies(federation),
            "coming": coming.order_by("date", "starts_at"),
            "past": past,
        },
    )


@require_safe  # GET, and HEAD: calendar programs ask
@federation_view(public=True)
def calendar_feed(request: PublicRequest, body_pk: int | None = None) -> HttpResponse:
    federation = request.federation
    body = get_public_body(federation, body_pk) if body_pk else None
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    meetings = (
        public_meetings(federation, body)
        .filter(date__gte=since)
        .prefetch_related("kallelse_versions")
    )
    name = f"{federation.name}: {body.name}" if body else federation.name
    return HttpResponse(
        public_calendar(federation, meetings, name),
        content_type="text/calendar; charset=utf-8",
    )


@federation_view(public=True)
def meeting(request: PublicRequest, pk: int) -> HttpResponse:
    """The public dagordning of a published kallelse, with the public handlingar."""
    found = get_public_meeting(request.federation, pk)
    items = list(public_agenda_items(found))
    documents: dict[int, list] = {}
    for document in public_agenda_documents(found):
        if document.case_id is not None:
            documents.setdefault(document.case_id, []).append(document)
    for item in items:
        item.documents = documents.get(item.case_id, []) if item.case_id else []
    minutes = justerade_protokoll(request.federation).filter(meeting=found).first()
    return render(
        request,
        "public/meeting.html",
        {"meeting": found, "items": items, "minutes": minutes},
    )


@federation_view(public=True)
def meeting_document(
    request: PublicRequest, pk: int, document_pk: int
) -> HttpResponseBase:
    found = get_public_meeting(request.federation, pk)
    document = get_public_agenda_document(found, document_pk)
    try:
        handle = document.file.open("rb")
    except OSError as missing:
        raise Http404 from missing
    return pdf_response(handle, f"{document.title}.pdf", private=False)


@federation_view(public=True)
def protokoll(request: PublicRequest) -> HttpResponse:
    """The archive of justerade protokoll, a page at a time, of one body or all."""
    federation = request.federation
    body_pk = request.GET.get("organ", "")
    body = (
        public_bodies(federation).filter(pk=int(body_pk)).first()
        if body_pk.isascii() and body_pk.isdigit() and len(body_pk) < 10
        else None
    )
    page = Paginator(justerade_protokoll(federation, body), PROTOKOLL_PER_PAGE)
    return render(
        request,
        "public/protokoll.html",
        {
            "page": page.get_page(request.GET.get("sida")),
            "body": body,
            "bodies": public_bodies(federation),
        },
    )


def page_number(request: HttpRequest) -> int:
    """The page asked for (?sida=), 1 for anything that is no small number (in
    ASCII digits: "²".isdigit() is true, int("²") an error)."""
    value = request.GET.get("sida", "1")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else 1


@federation_view(public=True)
def search(request: PublicRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    result = public_search(request.federation, query, page_number(request))
    return render(
        request,
        "public/search.html",
        {"form": form, "query": query, "result": result, "title": _("Search")},
    )
