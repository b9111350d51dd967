from django.urls import path

from . import views

app_name = "arvode"

urlpatterns = [
    path("arvode/", views.arvode_index, name="index"),
    path("arvode/export.<str:fmt>", views.arvode_export, name="export"),
    path(
        "arvode/sammantraden/<int:meeting_pk>/rattelse/",
        views.attendance_correction,
        name="correction",
    ),
]
