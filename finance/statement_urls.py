"""The ekonom's per-member statements, instalments sent and the year's adjustments
(issue 20.8): their own URL module, included by finance.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
