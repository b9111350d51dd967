from django.contrib import admin

from core.admin import HistoryAdmin

from .models import (
    AgendaItem,
    BodyMeetingSettings,
    CalendarToken,
    KallelseDelivery,
    KallelseVersion,
    Meeting,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["case"]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["body", "date", "starts_at", "place", "status"]
    list_filter = ["body__federation", "body", "status"]
    filter_horizontal = ["invited"]
    inlines = [AgendaItemInline]


@admin.register(KallelseVersion)
class KallelseVersionAdmin(HistoryAdmin):
    """Read-only: a published version never changes (a change is a new version)."""

    list_display = ["meeting", "number", "published_at", "build_status", "page_count"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(KallelseDelivery)
class KallelseDeliveryAdmin(HistoryAdmin):
    """Read-only: who was mailed a kallelse version, when, and what failed."""

    list_display = ["version", "email", "status", "attempts", "sent_at"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(BodyMeetingSettings, HistoryAdmin)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at", "revoked_at"]
    exclude = ["token"]
