"""Read-only: inspections, their cases and the bailiff's objections are written by the inspections services alone
(the portal's pages and the API)."""

from django.contrib import admin

from chamber_portal.core.admin_base import ReadOnlyAdmin

from .models import InspectedCase, Inspection, Objection


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InspectedCaseInline(_ReadOnlyInline):
    model = InspectedCase
    fields = readonly_fields = ["application", "source", "violation", "finding"]


class ObjectionInline(_ReadOnlyInline):
    model = Objection
    fields = readonly_fields = ["filed_at", "filed_by", "text"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["order_number", "ordered_on", "bailiff", "region", "status", "outcome", "completed_on",
                    "warning", "petition_suspend"]
    list_filter = ["status", "outcome", "warning", "petition_suspend", "region"]
    search_fields = ["order_number", "bailiff__full_name", "bailiff__licence_number"]
    list_select_related = ["bailiff", "region"]
    raw_id_fields = ["bailiff", "ordered_by", "referral"]
    inlines = [InspectedCaseInline, ObjectionInline]
    date_hierarchy = "ordered_on"
    show_full_result_count = False


@admin.register(InspectedCase)
class InspectedCaseAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "application", "source", "violation"]
    list_filter = ["source", "violation"]
    search_fields = ["inspection__order_number", "application__reference"]
    list_select_related = ["inspection", "application"]
    raw_id_fields = ["inspection", "application"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "filed_by", "filed_at"]
    search_fields = ["inspection__order_number", "text"]
    list_select_related = ["inspection", "filed_by"]
    raw_id_fields = ["inspection", "filed_by"]
