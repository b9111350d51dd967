from django.urls import path

from .views import agenda, calendar, documents, forhinder, kallelse, meetings

app_name = "meetings"

urlpatterns = [
    path("sammantraden/", meetings.meeting_list, name="meeting_list"),
    path("sammantraden/nytt/", meetings.meeting_create, name="meeting_create"),
    path("mina-sammantraden/", meetings.my_meetings_view, name="my_meetings"),
    path("sammantraden/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("sammantraden/<int:pk>/dagordning/", agenda.agenda, name="agenda"),
    path(
        "sammantraden/<int:pk>/dagordning/punkt/",
        agenda.agenda_add_item,
        name="agenda_add_item",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/arende/",
        agenda.agenda_add_case,
        name="agenda_add_case",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/<int:item_pk>/flytta/",
        agenda.agenda_move,
        name="agenda_move",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/<int:item_pk>/ta-bort/",
        agenda.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "sammantraden/<int:pk>/dagordning/<int:item_pk>/andra/",
        agenda.agenda_edit_item,
        name="agenda_edit_item",
    ),
    path(
        "sammantraden/<int:pk>/anmalningsarenden/",
        agenda.notification_entry,
        name="notification_entry",
    ),
    path("sammantraden/<int:pk>/publicera/", kallelse.publish, name="publish"),
    path(
        "sammantraden/<int:pk>/kallelse-v<int:number>/forsok-igen/",
        kallelse.retry_kallelse,
        name="retry_kallelse",
    ),
    path(
        "sammantraden/<int:pk>/kallelse-v<int:number>/status/",
        kallelse.kallelse_status,
        name="kallelse_status",
    ),
    path(
        "sammantraden/<int:pk>/inbjudna/", agenda.agenda_invited, name="agenda_invited"
    ),
    path(
        "organ/<int:body_pk>/sammantraden/",
        meetings.body_settings,
        name="body_settings",
    ),
    path(
        "sammantraden/<int:pk>/kallelse-v<int:number>.pdf",
        documents.kallelse_pdf,
        name="kallelse_pdf",
    ),
    path(
        "sammantraden/<int:pk>/handlingar/<int:document_pk>/",
        documents.meeting_document,
        name="meeting_document",
    ),
    path(
        "sammantraden/<int:pk>/handlingar/<int:document_pk>/las/",
        documents.document_page,
        name="document_page",
    ),
    path(
        "sammantraden/<int:pk>/forhinder/",
        forhinder.forhinder_report,
        name="forhinder_report",
    ),
    path(
        "sammantraden/<int:pk>/forhinder/ta-tillbaka/",
        forhinder.forhinder_withdraw,
        name="forhinder_withdraw",
    ),
    path(
        "sammantraden/<int:pk>/distans/",
        forhinder.distance_request,
        name="distance_request",
    ),
    path(
        "sammantraden/<int:pk>/distans/ta-tillbaka/",
        forhinder.distance_withdraw,
        name="distance_withdraw",
    ),
    path(
        "sammantraden/<int:pk>/inkallelse/",
        forhinder.forhinder_chain,
        name="forhinder_chain",
    ),
    path(
        "sammantraden/<int:pk>/inkallelse/<int:forhinder_pk>/fraga/",
        forhinder.inkallelse_ask,
        name="inkallelse_ask",
    ),
    path(
        "sammantraden/<int:pk>/inkallelse/<int:forhinder_pk>/tillsatt/",
        forhinder.inkallelse_fill,
        name="inkallelse_fill",
    ),
    path(
        "sammantraden/<int:pk>/inkallelse/<int:forhinder_pk>/stoppa/",
        forhinder.inkallelse_stop,
        name="inkallelse_stop",
    ),
    path(
        "organ/<int:body_pk>/forhinder/",
        forhinder.forhinder_settings,
        name="forhinder_settings",
    ),
    path(
        "inkallelse/<str:token>/<slug:answer>/",
        forhinder.inkallelse_answer,
        name="inkallelse_answer",
    ),
    path("kalender/ny/", calendar.calendar_token_issue, name="calendar_token_issue"),
    path(
        "kalender/stang/", calendar.calendar_token_revoke, name="calendar_token_revoke"
    ),
    path("kalender/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
