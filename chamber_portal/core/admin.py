from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_base import AuditedAdmin, ReadOnlyAdmin
from .audit import audit_record
from .audit_events import CoreEvent
from .models import (
    AuditEvent,
    CalendarException,
    MonthlyCalculationIndex,
    Notification,
    OutgoingEmail,
    Region,
    Role,
    User,
)
from .security.admin import reset_second_factor
from .services import REGION_ONLY_FOR_STAFF, user_set_role


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name_ru", "name_kk", "name_en", "kind"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]
    list_filter = ["kind"]

    def has_delete_permission(self, request, obj=None):
        return False  # regions are fixed by law; their names may be corrected


@admin.register(MonthlyCalculationIndex)
class MonthlyCalculationIndexAdmin(AuditedAdmin):
    """The MRP per year: the 1,000 MRP threshold of state claims is read from it on the day (audited)."""

    list_display = ["year", "amount_kzt"]


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedAdmin):
    """Transferred working days and extra holidays: every deadline counts them (audited)."""

    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


class UserRoleForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("region") and cleaned.get("role") != Role.STAFF:
            self.add_error("region", REGION_ONLY_FOR_STAFF)
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = type("UserChangeForm", (UserRoleForm, DjangoUserAdmin.form), {})
    add_form = type("UserCreationForm", (UserRoleForm, DjangoUserAdmin.add_form), {})
    list_display = ["username", "full_name", "role", "region", "email", "is_active"]
    list_filter = ["role", "region", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["region"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Portal"), {"fields": ["full_name", "email", "role", "region", "language"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "full_name", "email", "role", "region"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = [reset_second_factor]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"role", "region"} & set(form.changed_data):
            # The same service as everywhere else: the group, the admin flag and the audit event.
            user_set_role(user=obj, role=obj.role, region=obj.region, by=request.user)
        if edited := sorted(set(form.changed_data) & {"username", "full_name", "email", "language"}) if change else []:
            # A name, address or language changed by an administrator is on the record too, before and after.
            audit_record(actor=request.user, obj=obj, kind=CoreEvent.ADMIN_CHANGED, data={
                "model": obj._meta.label, "object": str(obj), "fields": edited,
                "before": {name: form.initial.get(name) for name in edited},
                "after": {name: getattr(obj, name) for name in edited},
            })
        if change and "is_active" in form.changed_data:
            # Users are deactivated, never deleted: taking an account away (or giving it back) is on the record,
            # in the admin's transaction of the save.
            audit_record(actor=request.user, obj=obj,
                         kind=CoreEvent.USER_ACTIVATED if obj.is_active else CoreEvent.USER_DEACTIVATED)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only (and PostgreSQL refuses changes anyway)."""

    list_display = ["at", "kind", "content_type", "object_id", "from_state", "to_state", "actor"]
    list_filter = ["kind", "content_type"]
    search_fields = ["object_id", "kind"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "at"
    show_full_result_count = False  # no COUNT(*) over millions of events on every page



@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """What the e-mail queue sent, or still has to send (the beat retries what is not sent)."""

    list_display = ["created_at", "to", "subject", "sent_at", "attempts", "last_error"]
    search_fields = ["key", "to"]
    show_full_result_count = False
