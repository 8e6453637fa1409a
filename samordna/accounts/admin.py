from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Membership, User
from samordna.core.admin_privacy import CountsOnDeletePage


class MembershipInline(admin.TabularInline):
    """Shown, not changed: roles are given and taken on the user's page in samordna, which
    refuses a change of one's own roles and records every change (accounts.services)."""

    model = Membership
    extra = 0
    fields = ["unit", "role", "title"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("memberships (changed on the user's page under Users)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(CountsOnDeletePage, admin.ModelAdmin):
    list_display = ["email", "given_name", "family_name", "is_active", "last_login"]
    search_fields = ["email", "given_name", "family_name"]
    list_filter = ["is_active", "memberships__role"]
    fields = ["email", "given_name", "family_name", "phone", "is_active", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]
