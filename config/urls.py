from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import views as account_views
from core import views as core_views
from public.views import pages as public_pages

# The admin's own login form would bypass the login throttle (accounts.throttle):
# it sends people to ours. The admin has no setting for its login view, so the site's
# is replaced, which the stubs type as a method.
admin.site.login = RedirectView.as_view(  # type: ignore[method-assign, assignment]
    pattern_name="login", query_string=True
)

urlpatterns = [
    path("", public_pages.home, name="home"),
    path("admin/", admin.site.urls),
    path("konto/logga-in/", account_views.login, name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/tvastegsverifiering/", account_views.verify, name="second_factor"),
    path(
        "konto/tvastegsverifiering/aktivera/",
        account_views.enrol,
        name="second_factor_enrol",
    ),
    path("konto/sakerhet/", account_views.security, name="account_security"),
    path("tillganglighet/", core_views.accessibility, name="accessibility"),
    path("kontrollera/", core_views.verify, name="verify"),
    # OParl 1.1, before the förbund's addresses: "oparl" is no förbund's slug.
    path("oparl/", include("oparl.urls")),
    # The public pages first: "" is the förbund's front page for everyone.
    path("<slug:federation>/", include("public.urls")),
    path("<slug:federation>/", include("federation.urls")),
    path("<slug:federation>/", include("cases.urls")),
    path("<slug:federation>/", include("meetings.urls")),
    path("<slug:federation>/", include("minutes.urls")),
    path("<slug:federation>/", include("agreements.urls")),
    path("<slug:federation>/", include("finance.urls")),
    path("<slug:federation>/", include("notes.urls")),
    path("<slug:federation>/", include("arvode.urls")),
    path("<slug:federation>/", include("inbox.urls")),
    path("<slug:federation>/", include("accounting.urls")),
    path("<slug:federation>/", include("followup.urls")),
]

# Media is never served as static files: documents go through views that check the
# viewer's right to see them (sekretess).
