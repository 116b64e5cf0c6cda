from django.contrib import admin

from chamber_portal.core.admin_base import ReadOnlyAdmin

from .models import Bailiff, BailiffPause, ConflictOfInterest


@admin.register(Bailiff)
class BailiffAdmin(admin.ModelAdmin):
    list_display = ["full_name", "licence_number", "region", "status"]
    list_filter = ["status", "region"]
    search_fields = ["full_name", "licence_number", "iin"]
    list_select_related = ["region"]
    raw_id_fields = ["user"]
    # Status changes are services with a reason and a date (pause, suspend, …), not a free edit.
    readonly_fields = ["status", "created_at"]


@admin.register(BailiffPause)
class BailiffPauseAdmin(ReadOnlyAdmin):
    list_display = ["bailiff", "starts_on", "ends_on", "reason", "recorded_by", "created_at"]
    list_filter = ["reason", "bailiff__region"]
    search_fields = ["bailiff__full_name", "bailiff__licence_number"]
    list_select_related = ["bailiff", "recorded_by"]
    date_hierarchy = "starts_on"


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyAdmin):
    list_display = ["bailiff", "iin_bin", "note", "recorded_by", "created_at"]
    list_filter = ["bailiff__region"]
    search_fields = ["bailiff__full_name", "bailiff__licence_number", "iin_bin"]
    list_select_related = ["bailiff", "recorded_by"]
