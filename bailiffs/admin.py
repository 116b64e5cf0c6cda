from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.admin_base import AuditedAdmin, ReadOnlyAdmin

from .models import Bailiff, BailiffPause, BailiffStatusChange, ChamberHead, ConflictOfInterest
from .services import chamber_head_appoint, chamber_head_set_until

REGISTERED_ELSEWHERE = _(
    "A bailiff enters the registry through its service: manage.py create_user --role bailiff --username … "
    "--region KZ-xx [--licence …]. The status, the district and the licence change by the registry's actions on "
    "the bailiff's page (suspend, terminate, exclude, reinstate, transfer, pause), each with its date, grounds "
    "and audit event; only the office contacts are edited here."
)


@admin.register(Bailiff)
class BailiffAdmin(AuditedAdmin):
    """What the registry's services own is read-only here: the status, the district, the licence and the user
    account (a transfer or a licensor's order without its service would skip its record, its audit event and
    the redistribution of the open cases). No add form bypasses bailiff_register, and no record is deleted. An
    edit of the rest (name, IIN, office contacts) writes its audit event with the values before and after."""

    audit_exclude = ("updated_at",)

    list_display = ["full_name", "licence_number", "region", "status"]
    list_filter = ["status", "region"]
    search_fields = ["full_name", "licence_number", "iin"]
    list_select_related = ["region"]
    readonly_fields = ["user", "region", "licence_number", "licence_date", "status", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subtitle": REGISTERED_ELSEWHERE, **(extra_context or {})})


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


@admin.register(BailiffStatusChange)
class BailiffStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["bailiff", "previous_status", "status", "region", "effective_on", "order_reference",
                    "recorded_by", "created_at"]
    list_filter = ["status", "region"]
    search_fields = ["bailiff__full_name", "bailiff__licence_number", "order_reference"]
    list_select_related = ["bailiff", "region", "recorded_by"]
    date_hierarchy = "effective_on"


class ChamberHeadForm(forms.ModelForm):
    """The admin's form writes through the registry's services (audited; no overlapping terms, under the region's
    lock), inside the admin's transaction: a service's refusal shows at the field."""

    request = None

    class Meta:
        model = ChamberHead
        fields = ["region", "bailiff", "from_date", "until_date", "note"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        by = self.request.user if self.request is not None else None
        try:
            if self.instance.pk is None:
                self.written = chamber_head_appoint(region=data["region"], bailiff=data["bailiff"],
                                                    from_date=data["from_date"], until_date=data.get("until_date"),
                                                    note=data.get("note", ""), by=by)
            else:
                self.written = chamber_head_set_until(head=self.instance, until_date=data.get("until_date"), by=by)
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, messages_ in problems.items():
                for message in messages_:
                    self.add_error(field if field in self.fields else None, message)
        return data

    def _post_clean(self):
        pass  # the service validated and wrote; the model's own full_clean would see the row just written


@admin.register(ChamberHead)
class ChamberHeadAdmin(admin.ModelAdmin):
    form = ChamberHeadForm
    list_display = ["region", "bailiff", "from_date", "until_date", "note", "recorded_by"]
    list_filter = ["region"]
    search_fields = ["bailiff__full_name", "bailiff__licence_number"]
    list_select_related = ["region", "bailiff", "recorded_by"]
    raw_id_fields = ["bailiff"]

    def get_readonly_fields(self, request, obj=None):
        # Once recorded, only the end of the term changes (chamber_head_set_until).
        return ["region", "bailiff", "from_date", "note"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def save_form(self, request, form, change):
        return form.written

    def save_model(self, request, obj, form, change):
        pass  # written by the service in the form's clean

    def save_related(self, request, form, formsets, change):
        pass

    def has_delete_permission(self, request, obj=None):
        return False  # a term is ended, never erased: clause 17 pauses rest on it
