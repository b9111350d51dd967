from django.contrib import admin

from core.admin import HistoryAdmin

from .models import Case, DelegationDecision, Document


@admin.register(Case)
class CaseAdmin(HistoryAdmin):
    list_display = ["diarienummer", "title", "status", "federation", "opened_on"]
    list_filter = ["federation", "status", "year"]
    search_fields = ["diarienummer", "title"]
    # The diarienummer is given by services.open_case, never typed.
    readonly_fields = ["federation", "year", "number", "diarienummer"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ["title", "direction", "date", "counterpart", "is_secret", "case"]
    list_filter = ["federation", "direction", "kind", "is_secret"]
    search_fields = ["title", "counterpart"]
    # Files come in through services.register_document, which checks them.
    readonly_fields = ["file", "sha256", "page_count", "registered_by"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DelegationDecision)
class DelegationDecisionAdmin(HistoryAdmin):
    list_display = ["date", "decision", "delegate", "federation"]
    list_filter = ["federation"]
