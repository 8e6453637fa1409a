"""Retention runs are shown read-only. The access log itself has no admin: managers review
it in the app, where reading it is logged in turn."""

from django.contrib import admin

from samordna.audit.models import RetentionRun


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["ran_at", "cutoff", "deleted"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
