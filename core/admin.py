"""The admin's base for every model with history."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin with its history pages read only.

    Its "revert" form saves a POST for anyone who may *view* the history (it never
    asks for the change permission, and its form is not read-only), so a read-only
    or frozen row could be rewritten through it. A change goes through the change
    form, with its permission, or through a service; the history is to be read.
    """

    def history_form_view(
        self, request: HttpRequest, object_id, version_id, extra_context=None
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True
