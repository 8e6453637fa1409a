"""Retention runs and security events are shown read-only, to system administrators. The
access log itself has no admin: managers review it in the app, where reading it is logged
in turn."""

from django.contrib import admin

from samordna.audit.models import RetentionRun, SecurityEvent, SecurityEventCount


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["ran_at", "cutoff", "deleted"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Who had what refused, from where and when; a scanner's flood is in the counts."""

    list_display = ["at", "user", "acting_unit", "client_ip", "method", "path", "status", "refused"]
    list_filter = ["status", "method"]
    search_fields = ["user__email", "client_ip", "path", "refused"]
    date_hierarchy = "at"
    list_select_related = ["user", "acting_unit"]


@admin.register(SecurityEventCount)
class SecurityEventCountAdmin(ReadOnlyAdmin):
    """Every refusal, counted per user, address and minute (the events hold the first few)."""

    list_display = ["at", "user", "client_ip", "count"]
    search_fields = ["user__email", "client_ip"]
    date_hierarchy = "at"
    list_select_related = ["user"]
