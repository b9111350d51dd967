from django.contrib import admin

from core.admin import HistoryAdmin

from .models import (
    Activity,
    AgreedUplift,
    AllocationRun,
    FeeModel,
    IndexSeries,
    IndexValue,
    Instalment,
    Participant,
    PopulationFigure,
    UnitCount,
)


@admin.register(PopulationFigure)
class PopulationFigureAdmin(HistoryAdmin):
    list_display = ["member", "year", "population", "reference_date", "source"]
    list_filter = ["member__federation", "year"]


class IndexValueInline(admin.TabularInline):
    model = IndexValue
    extra = 0


@admin.register(IndexSeries)
class IndexSeriesAdmin(HistoryAdmin):
    list_display = ["code", "name", "kind", "federation"]
    inlines = [IndexValueInline]


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ["name", "federation"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


class InstalmentInline(admin.TabularInline):
    model = Instalment
    extra = 0


class AgreedUpliftInline(admin.TabularInline):
    model = AgreedUplift
    extra = 0


@admin.register(FeeModel)
class FeeModelAdmin(HistoryAdmin):
    list_display = ["name", "activity", "method", "uplift", "federation"]
    list_filter = ["federation", "method"]
    inlines = [ParticipantInline, InstalmentInline, AgreedUpliftInline]


@admin.register(UnitCount)
class UnitCountAdmin(HistoryAdmin):
    """Units used per member and year, for fee models priced per unit."""

    list_display = ["fee_model", "member", "year", "quantity"]
    list_filter = ["fee_model__federation", "year"]


@admin.register(AllocationRun)
class AllocationRunAdmin(HistoryAdmin):
    """Read-only: runs are made and approved through the services only."""

    list_display = ["federation", "year", "version", "status", "total"]
    list_filter = ["federation", "status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
