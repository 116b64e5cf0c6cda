from django.contrib import admin

from chamber_portal.core.admin_base import AuditedAdmin, ReadOnlyAdmin

from .models import (
    Application,
    ApplicationDocument,
    DocumentKind,
    PowerOfAttorney,
    ReferenceSequence,
    SpreadsheetImport,
)


@admin.register(DocumentKind)
class DocumentKindAdmin(AuditedAdmin):
    """Kinds of enforcement document with their presentation periods (intake/rules.py): reference data, audited.
    The code is the API's and stays as it was created."""

    list_display = ["code", "name_ru", "name_kk", "name_en", "filed_through_chamber", "presentation_period_years"]
    list_editable = ["filed_through_chamber", "presentation_period_years"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "file", "original_name", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: every change of an application goes through the intake services (the portal's pages)."""

    list_display = ["reference", "status", "category", "region", "debtor_name", "lawyer", "submitted_at"]
    list_filter = ["status", "category", "region"]
    search_fields = ["reference", "debtor_name", "debtor_iin_bin", "document_number"]
    list_select_related = ["region", "lawyer"]
    raw_id_fields = ["lawyer", "original_received_by", "assigned_bailiff", "copied_from"]
    inlines = [ApplicationDocumentInline]
    show_full_result_count = False



@admin.register(ReferenceSequence)
class ReferenceSequenceAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "last"]



@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "original_name", "size", "uploaded_at"]
    list_select_related = ["application"]
    raw_id_fields = ["application", "uploaded_by"]



@admin.register(PowerOfAttorney)
class PowerOfAttorneyAdmin(ReadOnlyAdmin):
    """Read-only: a lawyer uploads and replaces a power of attorney through the portal (intake services)."""

    list_display = ["lawyer", "creditor_iin_bin", "valid_until", "uploaded_at"]
    search_fields = ["creditor_iin_bin", "lawyer__username"]
    list_select_related = ["lawyer"]
    raw_id_fields = ["lawyer"]


@admin.register(SpreadsheetImport)
class SpreadsheetImportAdmin(ReadOnlyAdmin):
    """Read-only: a spreadsheet filing is checked and filed by the intake services, row by row."""

    list_display = ["original_name", "lawyer", "status", "total", "checked", "created_at"]
    list_filter = ["status"]
    list_select_related = ["lawyer"]
    raw_id_fields = ["lawyer"]
    exclude = ["rows"]
