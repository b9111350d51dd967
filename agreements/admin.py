from django.contrib import admin

from core.admin import HistoryAdmin

from .models import Agreement, AgreementParty, Notice, Ratification, SentReminder


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["title", "federation", "kind", "valid_from", "valid_to"]
    list_filter = ["federation", "kind"]
    search_fields = ["title", "short_name"]
    raw_id_fields = ["previous", "documents"]
    inlines = [AgreementPartyInline]


@admin.register(Ratification)
class RatificationAdmin(HistoryAdmin):
    list_display = ["party", "outcome", "decided_on", "deciding_body"]
    list_filter = ["outcome"]
    raw_id_fields = ["party", "document", "recorded_by"]


@admin.register(Notice)
class NoticeAdmin(HistoryAdmin):
    list_display = ["agreement", "party", "kind", "given_on", "ends_on"]
    raw_id_fields = ["agreement", "party", "recorded_by"]


@admin.register(SentReminder)
class SentReminderAdmin(HistoryAdmin):
    list_display = ["agreement", "kind", "due_on", "recipient", "sent_at"]
    list_filter = ["kind"]
