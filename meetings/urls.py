from django.urls import path  # noqa: F401 (views come with the app's issue)

app_name = "meetings"

urlpatterns: list = []
