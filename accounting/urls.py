from django.urls import path

from . import views

app_name = "accounting"

urlpatterns = [
    path("ekonomi/bokslut/", views.index, name="index"),
    path(
        "ekonomi/bokslut/atagande/ny/", views.commitment_edit, name="commitment_create"
    ),
    path(
        "ekonomi/bokslut/atagande/<int:pk>/",
        views.commitment_detail,
        name="commitment",
    ),
    path(
        "ekonomi/bokslut/atagande/<int:pk>/andra/",
        views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "ekonomi/bokslut/atagande/<int:pk>/<str:fmt>/",
        views.commitment_download,
        name="commitment_download",
    ),
    path(
        "ekonomi/bokslut/drift/import/", views.ledger_import_view, name="ledger_import"
    ),
    path("ekonomi/bokslut/drift/<int:year>/", views.drift, name="drift"),
    path(
        "ekonomi/bokslut/drift/<int:year>/budget/",
        views.budget_edit,
        name="budget_edit",
    ),
    path(
        "ekonomi/bokslut/drift/<int:year>/<str:fmt>/",
        views.drift_download,
        name="drift_download",
    ),
    path(
        "ekonomi/bokslut/omprovning/<int:agreement>/",
        views.reassessment_record,
        name="reassessment_record",
    ),
]
