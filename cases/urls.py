from django.urls import path  # noqa: F401 (views come with the ärenden issue)

app_name = "cases"

urlpatterns: list = []
