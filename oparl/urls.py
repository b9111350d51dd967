"""OParl 1.1 at /oparl/ (docs/architecture.md, "OParl"): one list and one object
address per type of oparl.kinds, under the förbund (the Body) it belongs to."""

from django.urls import path

from . import views
from .kinds import KINDS

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body_list"),
    path("body/<slug:federation>/", views.body, name="body"),
    path(
        "body/<slug:federation>/file/<int:pk>/access/",
        views.file_content,
        name="file_access",
    ),
    path(
        "body/<slug:federation>/file/<int:pk>/download/",
        views.file_content,
        {"download": True},
        name="file_download",
    ),
]
for _kind in KINDS:
    urlpatterns += [
        path(
            f"body/<slug:federation>/{_kind}/",
            views.object_list,
            {"kind": _kind},
            name=f"{_kind}_list",
        ),
        path(
            f"body/<slug:federation>/{_kind}/<int:pk>/",
            views.object_detail,
            {"kind": _kind},
            name=_kind,
        ),
    ]
