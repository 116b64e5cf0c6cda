from django.contrib import admin
from django.db import router, transaction

from .audit import audit_record
from .audit_events import CoreEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only services write (or that are append-only): the admin shows, never edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Reference data the administrators edit here (the MRP table, the working-day calendar, document kinds and
    their presentation periods, the regions' names): every add, change and delete writes one audit event with the
    values before and after, in the change's own transaction (audit_record refuses to write outside one), so the
    record and its trace stand or fall together. Bulk deletes write one event per row.

    Apply it to any admin of reference data: `class MyAdmin(AuditedAdmin)`; `audit_exclude` names fields never
    copied into the log (secrets)."""

    audit_exclude: tuple[str, ...] = ("password",)

    def audit_values(self, obj) -> dict:
        return {field.attname: field.value_from_object(obj) for field in obj._meta.concrete_fields
                if field.attname not in self.audit_exclude and field.name not in self.audit_exclude}

    def _audit(self, request, obj, kind: CoreEvent, before: dict, after: dict) -> None:
        if before and after:
            fields = sorted(name for name in after if before.get(name) != after[name])
            if not fields:
                return  # saved unchanged: nothing happened
        else:
            fields = sorted(before or after)  # added: every value it got; deleted: every value it had
        audit_record(actor=request.user, obj=obj, kind=kind, data={
            "model": obj._meta.label, "object": str(obj), "fields": fields,
            "before": {name: before[name] for name in fields if name in before},
            "after": {name: after[name] for name in fields if name in after},
        })

    def _atomic(self):
        return transaction.atomic(using=router.db_for_write(self.model))

    def save_model(self, request, obj, form, change):
        with self._atomic():
            before = {}
            if change:
                # The row as it was: the form has already written the new values onto `obj`.
                before = self.audit_values(self.model._default_manager.select_for_update().get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            kind = CoreEvent.ADMIN_CHANGED if change else CoreEvent.ADMIN_ADDED
            self._audit(request, obj, kind, before, self.audit_values(obj))

    def delete_model(self, request, obj):
        with self._atomic():
            self._audit(request, obj, CoreEvent.ADMIN_DELETED, self.audit_values(obj), {})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with self._atomic():
            for obj in queryset.select_for_update():
                self._audit(request, obj, CoreEvent.ADMIN_DELETED, self.audit_values(obj), {})
            super().delete_queryset(request, queryset)
