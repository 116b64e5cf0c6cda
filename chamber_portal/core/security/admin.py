"""Admin of the security records: read-only logs the administrators filter, tokens they may revoke, and the
reset of a user's lost second factor (an action on the users' changelist)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..admin_base import ReadOnlyAdmin
from ..models import ApiToken, PersonalDataAccess, SecurityEvent
from .second_factor import second_factor_reset
from .tokens import api_token_revoke


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    """Sign-ins, failures, lockouts, second-factor changes, tokens: filter by kind, day, user or address."""

    list_display = ["at", "kind", "username", "ip_address", "user"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "ip_address"]
    list_select_related = ["user"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    """Who read whose personal data; per application on its access-log page, per user here."""

    list_display = ["at", "user", "role", "action", "application_id", "detail"]
    list_filter = ["action", "role", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["=application_id", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Only digests are stored: an administrator sees whose tokens exist and revokes one (delete)."""

    list_display = ["token_key_start", "name", "user", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name"]
    actions = ["revoke"]

    @admin.display(description=_("begins with"))
    def token_key_start(self, obj):
        return f"{obj.token_key[:6]}…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        api_token_revoke(token=obj, request=request)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, request=request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request, queryset):
        self.delete_queryset(request, queryset)


@admin.action(description=_("Reset the second factor (lost device)"))
def reset_second_factor(modeladmin, request, queryset):
    count = 0
    for user in queryset:
        second_factor_reset(user=user, by=request.user, request=request)
        count += 1
    modeladmin.message_user(request, ngettext(
        "The second factor of %(count)d user is reset: they enrol again at their next sign-in.",
        "The second factor of %(count)d users is reset: they enrol again at their next sign-in.", count,
    ) % {"count": count}, messages.SUCCESS)
