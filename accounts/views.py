from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.client_address import client_address
from federation.http import LoggedInRequest

from . import second_factor, throttle
from .forms import CodeForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    target = request.GET.get("next")
    url = reverse(name)
    return f"{url}?{request.GET.urlencode()}" if target else url


class ThrottledLoginView(auth_views.LoginView):
    """Django's login page; each attempt passes the throttle before its password is
    checked (accounts.throttle). Subclassed rather than rewritten: the next-URL,
    CSRF and never-cache handling stay Django's."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = request.POST.get("username", "")
        try:
            self.attempt = throttle.begin_attempt(
                username,
                client_address(request),
                known_device=throttle.is_known_device(request, username),
            )
        except throttle.Throttled as throttled:
            # The same page whether the username exists or not.
            response = render(
                request,
                "registration/locked.html",
                {"seconds": throttled.seconds},
                status=429,
            )
            response["Retry-After"] = str(throttled.seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        throttle.record_success(self.attempt)
        response = super().form_valid(form)
        throttle.remember_device(self.request, response, form.get_user().username)
        return response


login = ThrottledLoginView.as_view()


@never_cache
@login_required
def verify(request: LoggedInRequest) -> HttpResponse:
    if second_factor.is_verified(request):
        return redirect(_next(request))
    device = second_factor.confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("second_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            second_factor.verify(request, form.cleaned_data["code"])
        except second_factor.CodeRejected as rejected:
            form.add_error("code", str(rejected))
        else:
            return redirect(_next(request))
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "next": _next(request),
            "demo_code": second_factor.demo_code(device),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
def enrol(request: LoggedInRequest) -> HttpResponse:
    if second_factor.confirmed_device(request.user) is not None:
        if second_factor.is_verified(request):
            messages.info(request, _("Two-step verification is already set up."))
            return redirect("account_security")
        return redirect(_with_next("second_factor", request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            second_factor.enrol(request, form.cleaned_data["code"])
        except second_factor.CodeRejected as rejected:
            form.add_error("code", str(rejected))
        else:
            messages.success(request, _("Two-step verification is now set up."))
            return redirect(_next(request))
    # After a refused code: the same key, or a new one when it had expired.
    device = second_factor.pending_device(request)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": _next(request),
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_for_display(device),
            "required": second_factor.required_by_role(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def security(request: LoggedInRequest) -> HttpResponse:
    return render(
        request,
        "accounts/security.html",
        {
            "device": second_factor.confirmed_device(request.user),
            "required": second_factor.required_by_role(request.user),
        },
    )
