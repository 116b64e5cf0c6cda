"""Read-only: complaints, breach decisions and held reassignments are written by the complaints services alone
(the portal's pages and the API). The one action, "Release now", calls the same service, which refuses under
clause 12 until the breach decision is in force."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.admin_base import ReadOnlyAdmin
from chamber_portal.core.errors import TransitionError

from .models import (
    BreachDecision,
    Complaint,
    ComplaintAttachment,
    DisciplinaryCase,
    Reassignment,
    ReassignmentStatus,
)
from .services import hold_explanation, reassignment_release


class ComplaintAttachmentInline(admin.TabularInline):
    model = ComplaintAttachment
    extra = 0
    can_delete = False
    readonly_fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["id", "application", "bailiff", "region", "ground", "status", "outcome", "filed_at", "due_on",
                    "owner"]
    list_filter = ["status", "outcome", "ground", "request_new_bailiff", "region"]
    search_fields = ["application__reference", "bailiff__full_name", "bailiff__licence_number", "description"]
    list_select_related = ["application", "bailiff", "region", "owner"]
    raw_id_fields = ["application", "bailiff", "filed_by", "owner"]
    inlines = [ComplaintAttachmentInline]
    date_hierarchy = "filed_at"
    show_full_result_count = False


@admin.register(ComplaintAttachment)
class ComplaintAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "complaint__application__reference"]
    list_select_related = ["complaint__application", "uploaded_by"]
    raw_id_fields = ["complaint", "uploaded_by"]


@admin.register(BreachDecision)
class BreachDecisionAdmin(ReadOnlyAdmin):
    list_display = ["document_reference", "body", "application", "bailiff", "decision_date", "effective_on",
                    "appeal_status", "recorded_at"]
    list_filter = ["body", "appeal_status", "application__region"]
    search_fields = ["document_reference", "application__reference", "bailiff__full_name",
                     "bailiff__licence_number"]
    list_select_related = ["application", "bailiff"]
    raw_id_fields = ["application", "bailiff", "complaint", "recorded_by"]
    date_hierarchy = "decision_date"


@admin.register(DisciplinaryCase)
class DisciplinaryCaseAdmin(ReadOnlyAdmin):
    list_display = ["bailiff", "region", "source", "source_reference", "status", "outcome", "opened_at"]
    list_filter = ["status", "source", "outcome", "region"]
    search_fields = ["bailiff__full_name", "bailiff__licence_number", "source_reference"]
    list_select_related = ["bailiff", "region"]
    raw_id_fields = ["bailiff", "opened_by"]


@admin.register(Reassignment)
class ReassignmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "application", "bailiff", "status", "decision", "effective_on", "held_because",
                    "new_bailiff", "requested_at", "released_at"]
    list_filter = ["status", "application__region"]
    search_fields = ["application__reference", "bailiff__full_name", "new_bailiff__full_name"]
    list_select_related = ["application", "bailiff", "new_bailiff", "decision"]
    raw_id_fields = ["application", "bailiff", "complaint", "decision", "new_bailiff"]
    actions = ["release_now"]

    @admin.display(description=_("enters into force on"))
    def effective_on(self, reassignment):
        return reassignment.decision.effective_on if reassignment.decision else None

    @admin.display(description=_("why held"))
    def held_because(self, reassignment):
        return hold_explanation(reassignment) if reassignment.status == ReassignmentStatus.HELD else ""

    @admin.action(description=_("Release now (clause 12)"))
    def release_now(self, request, queryset):
        # The service is the rule: it refuses before the breach decision is in force, as everywhere else.
        for reassignment in queryset.order_by("id"):
            try:
                decision = reassignment_release(reassignment=reassignment, by=request.user)
            except (TransitionError, PermissionDenied) as error:
                self.message_user(request, _("%(reassignment)s: not released. %(why)s") % {
                    "reassignment": reassignment, "why": error}, messages.ERROR)
                continue
            reassignment.refresh_from_db(fields=["status", "cancel_reason"])
            if reassignment.status == ReassignmentStatus.CANCELLED:
                self.message_user(request, _("%(reassignment)s: cancelled. %(why)s") % {
                    "reassignment": reassignment, "why": reassignment.get_cancel_reason_display()}, messages.WARNING)
            elif decision is None:
                self.message_user(request, _("%(reassignment)s: released, but no other bailiff of the region is "
                                             "eligible now; the case waits for the rotation.") % {
                    "reassignment": reassignment}, messages.WARNING)
            else:
                self.message_user(request, _("%(reassignment)s: released to %(name)s.") % {
                    "reassignment": reassignment, "name": decision.chosen.full_name}, messages.SUCCESS)
