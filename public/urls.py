from django.urls import path

from .views import diarium, notices, pages, subscriptions

app_name = "public"

# Under /<förbund>/, before the apps behind the login: "" is the front page.
urlpatterns = [
    path("", pages.front, name="front"),
    path("kalender/", pages.calendar, name="calendar"),
    path("kalender/organ/<int:body_pk>/", pages.calendar, name="body_calendar"),
    path("kalender.ics", pages.calendar_feed, name="calendar_feed"),
    path(
        "kalender/organ/<int:body_pk>.ics",
        pages.calendar_feed,
        name="body_calendar_feed",
    ),
    path("dagordning/<int:pk>/", pages.meeting, name="meeting"),
    path(
        "dagordning/<int:pk>/handling/<int:document_pk>/",
        pages.meeting_document,
        name="meeting_document",
    ),
    path("protokoll/", pages.protokoll, name="protokoll"),
    path("sok/", pages.search, name="search"),
    path("allmanna-handlingar/", diarium.diarium, name="diarium"),
    path("allmanna-handlingar/<int:pk>/begar/", diarium.begaran, name="begaran"),
    path("begaran/<int:pk>/kvitto/", diarium.begaran_done, name="begaran_done"),
    path("prenumerera/", subscriptions.subscribe, name="subscribe"),
    path("prenumerera/bekrafta/<str:token>/", subscriptions.confirm, name="confirm"),
    path(
        "prenumerera/avsluta/<str:token>/",
        subscriptions.unsubscribe_view,
        name="unsubscribe",
    ),
    path("nytt.atom", subscriptions.feed, name="feed"),
    path("nytt/organ/<int:body_pk>.atom", subscriptions.feed, name="body_feed"),
    path("anslagstavla/nytt/", notices.notice_create, name="notice_create"),
]
