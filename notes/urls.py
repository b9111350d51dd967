from django.urls import path

from . import views

app_name = "notes"

urlpatterns = [
    path("anteckningar/", views.my_notes, name="mine"),
    path(
        "anteckningar/export.<str:fmt>",
        views.export_notes,
        name="export",
    ),
    path("anteckningar/<int:pk>/andra/", views.edit_note, name="edit"),
    path("anteckningar/<int:pk>/ta-bort/", views.remove_note, name="delete"),
    path(
        "anteckningar/installningar/",
        views.note_settings,
        name="settings",
    ),
    path(
        "sammantraden/<int:pk>/punkter/<int:item_pk>/anteckningar/",
        views.item_notes,
        name="item",
    ),
    path(
        "sammantraden/<int:pk>/handlingar/<int:document_pk>/anteckningar/",
        views.document_notes,
        name="document",
    ),
]
