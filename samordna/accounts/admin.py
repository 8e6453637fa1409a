from django.contrib import admin

from samordna.accounts.models import Membership, User
from samordna.core.admin_privacy import CountsOnDeletePage


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(CountsOnDeletePage, admin.ModelAdmin):
    list_display = ["email", "given_name", "family_name", "is_active", "last_login"]
    search_fields = ["email", "given_name", "family_name"]
    list_filter = ["is_active", "memberships__role"]
    fields = ["email", "given_name", "family_name", "phone", "is_active", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]
