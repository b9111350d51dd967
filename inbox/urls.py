from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("nytt/", views.item_list, name="list"),
    path("nytt/antal/", views.unread_badge, name="badge"),
    path("nytt/las-alla/", views.mark_all_read, name="mark_all_read"),
    path("nytt/<int:pk>/", views.open_item, name="open"),
]
