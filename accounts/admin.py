"""The administrator sees who has a second factor and can reset it (a lost phone);
the key itself is never shown again, unlike django-otp's own admin page."""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


SHOWN = ("user", "name", "confirmed", "created_at", "last_used_at")


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = SHOWN
    readonly_fields = SHOWN

    def has_add_permission(self, request) -> bool:
        return False  # a device is set up by its user, at login

    def has_change_permission(self, request, obj=None) -> bool:
        return False
