from django.contrib import admin

from .models import Bailiff


@admin.register(Bailiff)
class BailiffAdmin(admin.ModelAdmin):
    list_display = ["full_name", "licence_number", "region", "status"]
    list_filter = ["status", "region"]
    search_fields = ["full_name", "licence_number", "iin"]
    list_select_related = ["region"]
    raw_id_fields = ["user"]
    # Status changes are services with a reason and a date (pause, suspend, …), not a free edit.
    readonly_fields = ["status", "created_at"]
