"""E-mail subscriptions (double opt-in, one-click unsubscribe) and the Atom feeds."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.client_address import client_address
from federation.http import PublicRequest
from federation.selectors import federation_view
from public.forms import SubscribeForm
from public.news import news_items, plain
from public.selectors import get_public_body, public_bodies
from public.services import confirm_subscription, unsubscribe
from public.services import subscribe as subscribe_to
from public.throttle import Throttled, count_request


@require_http_methods(["GET", "POST"])
@federation_view(public=True)
def subscribe(request: PublicRequest) -> HttpResponse:
    federation = request.federation
    bodies = public_bodies(federation)
    form = SubscribeForm(request.POST or None, bodies=bodies)
    status, asked = 200, False
    if request.method == "POST" and form.is_valid():
        try:
            count_request("subscribe", client_address(request))
            # The mailbox too: asked from many addresses, it is not flooded.
            count_request("subscribe-to", form.cleaned_data["email"].strip().lower())
        except Throttled as wait:
            form.add_error(
                None,
                _("Too many requests from your address; try again in %(s)s seconds.")
                % {"s": wait.seconds},
            )
            status = 429
        else:
            subscribe_to(
                federation,
                email=form.cleaned_data["email"],
                body=form.cleaned_data["body"],
            )
            asked = True
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "public/subscribe.html",
        {"form": form, "asked": asked, "bodies": bodies},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@federation_view(public=True)
def confirm(request: PublicRequest, token: str) -> HttpResponse:
    """A GET shows a button (a mail scanner following the link confirms nothing);
    its POST confirms."""
    done = None
    if request.method == "POST":
        done = confirm_subscription(request.federation, token)
        if done is None:
            return render(request, "404.html", status=404)
    return render(request, "public/confirm.html", {"done": done, "token": token})


@csrf_exempt  # RFC 8058: the mail program's one-click POST carries no CSRF token
@require_http_methods(["GET", "POST"])
@federation_view(public=True)
def unsubscribe_view(request: PublicRequest, token: str) -> HttpResponse:
    """A GET shows a button; a POST (the button, or the mail program's one click)
    ends the subscription. The token is the only key: a wrong one finds nothing."""
    done = None
    if request.method == "POST":
        done = unsubscribe(request.federation, token)
        if done is None:
            return render(request, "404.html", status=404)
    return render(request, "public/unsubscribe.html", {"done": done, "token": token})


@require_safe  # GET, and HEAD: feed readers and link checkers ask
@federation_view(public=True)
def feed(request: PublicRequest, body_pk: int | None = None) -> HttpResponse:
    """Atom: new anslag, published kallelser and justerade protokoll."""
    federation = request.federation
    body = get_public_body(federation, body_pk) if body_pk else None
    title = f"{federation.name}: {body.name}" if body else federation.name
    atom = Atom1Feed(
        title=plain(title),
        link=request.build_absolute_uri(f"/{federation.slug}/"),
        description=plain(_("News from %(name)s") % {"name": title}),
        language="sv",
        feed_url=request.build_absolute_uri(),
    )
    for item in news_items(federation, body):
        # The summary is of type html: the notice's plain text escaped.
        atom.add_item(
            title=plain(item.title),
            link=item.url,
            description=escape(plain(item.summary or item.title)),
            unique_id=f"tag:{federation.slug},{item.uid}",
            pubdate=item.published,
            updateddate=item.published,
            categories=[plain(item.kind)],
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
