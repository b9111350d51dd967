from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("anslagstavla/", views.anslagstavla, name="anslagstavla"),
    path("protokoll/<int:pk>/", views.public_detail, name="public_detail"),
    path("protokoll/<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("sammantraden/<int:meeting_pk>/protokoll/", views.detail, name="detail"),
    path("sammantraden/<int:meeting_pk>/protokoll/starta/", views.start, name="start"),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/pdf/",
        views.protokoll_pdf,
        name="pdf",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/justera/",
        views.approve,
        name="approve",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/synpunkter/",
        views.comment,
        name="comment",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/narvaro/<int:pk>/",
        views.attendance,
        name="attendance",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/reservation/<int:pk>/",
        views.reservation_motivation,
        name="reservation_motivation",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/paragraf/<int:pk>/votering/",
        views.open_vote,
        name="open_vote",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/justeringsunderlag.pdf",
        views.underlag_pdf,
        name="underlag_pdf",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/paragraf/<int:pk>/utdrag.pdf",
        views.extract_pdf,
        name="extract_pdf",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/paragraf/<int:pk>/<slug:action>/",
        views.paragraph_action,
        name="paragraph_action",
    ),
    path(
        "sammantraden/<int:meeting_pk>/protokoll/<slug:action>/",
        views.minutes_action,
        name="action",
    ),
]
