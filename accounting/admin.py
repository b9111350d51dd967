from django.contrib import admin

from core.admin import HistoryAdmin

from .models import (
    AccountMapping,
    Budget,
    Commitment,
    CommitmentYear,
    DriftLine,
    LedgerImport,
    Reassessment,
)


class CommitmentYearInline(admin.TabularInline):
    model = CommitmentYear
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    list_display = ["name", "federation", "base_year", "base_amount"]
    list_filter = ["federation"]
    inlines = [CommitmentYearInline]


class AccountMappingInline(admin.TabularInline):
    model = AccountMapping
    extra = 1


@admin.register(DriftLine)
class DriftLineAdmin(HistoryAdmin):
    list_display = ["position", "name", "section", "activity", "federation"]
    list_filter = ["federation", "section"]
    inlines = [AccountMappingInline]


@admin.register(Budget)
class BudgetAdmin(HistoryAdmin):
    list_display = ["line", "year", "amount"]
    list_filter = ["line__federation", "year"]


@admin.register(LedgerImport)
class LedgerImportAdmin(HistoryAdmin):
    list_display = ["year", "file_name", "federation", "imported_at", "rows"]
    list_filter = ["federation", "year"]


@admin.register(Reassessment)
class ReassessmentAdmin(HistoryAdmin):
    list_display = ["agreement", "term_starts", "decided_on"]
