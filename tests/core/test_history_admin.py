"""The admin's history pages are read only for every model (core.admin.HistoryAdmin):
django-simple-history's revert form would save a POST for anyone who may view."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.admin import HistoryAdmin
from federation.models import Federation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_admin_with_history_pages_is_a_history_admin():
    with_history_pages = [
        type(model_admin)
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]

    assert len(with_history_pages) > 20
    assert [a for a in with_history_pages if not issubclass(a, HistoryAdmin)] == []


def test_a_viewer_cannot_change_a_row_through_its_history_form(client, federation):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_federation"))
    history = federation.history.earliest("history_date")
    url = reverse(
        "admin:federation_federation_simple_history",
        args=[federation.pk, history.history_id],
    )
    client.force_login(viewer)

    refused = client.post(url, {"name": "Kapat förbund", "slug": federation.slug})

    assert refused.status_code == 403
    assert Federation.objects.get(pk=federation.pk).name == federation.name
