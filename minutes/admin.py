"""The protokoll in the admin: a justerat protokoll, its §§ and its frozen versions
are read only (a change is a rättelse, through the page and its service)."""

from django.contrib import admin
from django.http import HttpRequest

from core.admin import HistoryAdmin

from .models import Extract, Minutes, Paragraph, ProtokollVersion


def _justerat(obj: Minutes | Paragraph | None) -> bool:
    if obj is None:
        return False
    minutes = obj if isinstance(obj, Minutes) else obj.minutes
    return minutes.is_locked


@admin.register(Minutes)
class MinutesAdmin(HistoryAdmin):
    list_display = ["meeting", "status", "version", "justerat_on"]
    list_filter = ["status", "meeting__body__federation"]
    raw_id_fields = ["meeting", "secretary", "chair"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _justerat(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _justerat(obj) and super().has_delete_permission(request, obj)


@admin.register(Paragraph)
class ParagraphAdmin(HistoryAdmin):
    list_display = ["__str__", "minutes", "year", "outcome", "is_public"]
    list_filter = ["body__federation", "year"]
    raw_id_fields = ["minutes", "body", "agenda_item"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _justerat(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not _justerat(obj) and super().has_delete_permission(request, obj)


class FrozenAdmin(HistoryAdmin):
    """Read-only: a frozen document never changes (a rättelse makes the next one)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ProtokollVersion)
class ProtokollVersionAdmin(FrozenAdmin):
    list_display = ["minutes", "number", "kind", "build_status", "page_count"]


@admin.register(Extract)
class ExtractAdmin(FrozenAdmin):
    list_display = ["__str__", "number", "build_status", "page_count"]
