from django.contrib import admin

from core.admin import HistoryAdmin

from .models import (
    Assignment,
    Body,
    CompositionRule,
    Federation,
    Member,
    Party,
    Person,
    RoleGrant,
    Term,
)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Federation)
class FederationAdmin(HistoryAdmin):
    list_display = ["name", "slug", "kind", "diarium_prefix"]
    inlines = [RoleGrantInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(HistoryAdmin):
    """Roles per förbund; the only place besides the förbund's own Behörigheter page
    and manage.py grant_role where rights are given."""

    list_display = ["user", "federation", "role", "granted_at"]
    list_filter = ["federation", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Member)
class MemberAdmin(HistoryAdmin):
    list_display = ["name", "kommunkod", "kind", "status", "federation"]
    list_filter = ["federation", "kind", "status"]


class CompositionRuleInline(admin.TabularInline):
    model = CompositionRule
    fk_name = "body"
    extra = 0


@admin.register(Body)
class BodyAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "kind", "federation", "kallelse_lead_days"]
    list_filter = ["federation", "kind"]
    inlines = [CompositionRuleInline]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["last_name", "first_name", "party", "home_member", "federation"]
    list_filter = ["federation", "party"]
    search_fields = ["first_name", "last_name"]


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    list_display = ["person", "body", "role", "representing", "valid_from", "valid_to"]
    list_filter = ["body__federation", "body", "role"]
    raw_id_fields = ["person", "replaces", "personal_ersattare_for"]


admin.site.register(Party, HistoryAdmin)
admin.site.register(Term, HistoryAdmin)
