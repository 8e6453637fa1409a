from django.contrib import admin

from samordna.core.admin_privacy import CountsOnDeletePage
from samordna.organisations.models import Function, Principal, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ["name", "kind", "phone", "functional_mailbox"]
    extra = 0


@admin.register(Principal)
class PrincipalAdmin(CountsOnDeletePage, admin.ModelAdmin):
    list_display = ["name", "board", "kind", "organisation_number", "contracted_by"]
    search_fields = ["name", "board", "organisation_number"]
    fields = ["name", "kind", "board", "organisation_number", "contracted_by"]
    inlines = [UnitInline]


class FunctionInline(admin.TabularInline):
    model = Function
    extra = 0
    autocomplete_fields = ["holders"]


@admin.register(Unit)
class UnitAdmin(CountsOnDeletePage, admin.ModelAdmin):
    list_display = ["name", "principal", "kind", "phone"]
    list_filter = ["kind", "principal"]
    search_fields = ["name", "principal__name"]
    inlines = [FunctionInline]
