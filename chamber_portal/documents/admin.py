from django.contrib import admin

from .models import IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read-only: a document with legal effect is never edited; a wrong one is answered by a new event."""

    list_display = ["code", "kind", "issued_at", "content_type", "object_id", "sha256"]
    list_filter = ["kind"]
    search_fields = ["code", "sha256"]
    readonly_fields = [field.name for field in IssuedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
