from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("sammantraden/", views.meeting_list, name="meeting_list"),
    path("sammantraden/nytt/", views.meeting_create, name="meeting_create"),
    path("mina-sammantraden/", views.my_meetings_view, name="my_meetings"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("sammantraden/<int:pk>/dagordning/", views.agenda, name="agenda"),
    path(
        "sammantraden/<int:pk>/dagordning/punkt/",
        views.agenda_add_item,
        name="agenda_add_item",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/arende/",
        views.agenda_add_case,
        name="agenda_add_case",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/<int:item_pk>/flytta/",
        views.agenda_move,
        name="agenda_move",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/<int:item_pk>/ta-bort/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "sammantraden/<int:pk>/anmalningsarenden/",
        views.notification_entry,
        name="notification_entry",
    ),
    path("sammantraden/<int:pk>/publicera/", views.publish, name="publish"),
    path(
        "sammantraden/<int:pk>/kallelse-v<int:number>/forsok-igen/",
        views.retry_kallelse,
        name="retry_kallelse",
    ),
    path(
        "sammantraden/<int:pk>/inbjudna/", views.agenda_invited, name="agenda_invited"
    ),
    path(
        "organ/<int:body_pk>/sammantraden/", views.body_settings, name="body_settings"
    ),
    path(
        "sammantraden/<int:pk>/kallelse-v<int:number>.pdf",
        views.kallelse_pdf,
        name="kallelse_pdf",
    ),
    path(
        "sammantraden/<int:pk>/handlingar/<int:document_pk>/",
        views.meeting_document,
        name="meeting_document",
    ),
    path("kalender/ny/", views.calendar_token_issue, name="calendar_token_issue"),
    path("kalender/stang/", views.calendar_token_revoke, name="calendar_token_revoke"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
