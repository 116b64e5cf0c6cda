"""Forms of the registry pages. They only read what was typed; the services judge it (dates, overlaps)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import Region

from .filters import STATUS_CHOICES
from .models import BailiffStatus, PauseReason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BailiffFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, licence number, IIN")}),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all(), to_field_name="code",
        empty_label=_("Any region"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *STATUS_CHOICES])


class PublicRegistryFilterForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all(), to_field_name="code",
        empty_label=_("All regions"),
    )


class PauseForm(BootstrapMixin, forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *PauseReason.choices])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class StatusChangeForm(BootstrapMixin, forms.Form):
    """Suspend, terminate, exclude or reinstate: the date it takes effect and the grounds (an order, a decision)."""

    effective_on = forms.DateField(label=_("Takes effect on"), widget=DATE)
    reason = forms.CharField(
        label=_("Grounds"), max_length=300, required=False,
        help_text=_("The order or decision, with its number and date."),
    )


class LicenceChangeForm(StatusChangeForm):
    """Suspend, terminate or reinstate a licence: the licensor's order the Chamber acts on (docs/domain.md §1)."""

    order_reference = forms.CharField(
        label=_("Licensor's order"), max_length=200, required=False,
        help_text=_("The Ministry of Justice's order: its number and date."),
    )


class TransferForm(BootstrapMixin, forms.Form):
    effective_on = forms.DateField(label=_("Takes effect on"), widget=DATE)
    region = forms.ModelChoiceField(label=_("New enforcement district"), queryset=Region.objects.all(),
                                    empty_label=_("— choose —"))
    reason = forms.CharField(label=_("Grounds"), max_length=300, required=False)


class ConflictForm(BootstrapMixin, forms.Form):
    iin_bin = forms.CharField(
        label=_("IIN/BIN of the person or company"), max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Why"), max_length=300, required=False)


# The status actions: URL name → (the status it sets, the button's words, the success message). All but the
# exclusion (the Chamber's own decision) are the licensor's and ask for its order (STATUS_FORMS).
STATUS_ACTIONS = {
    "suspend": (BailiffStatus.SUSPENDED, _("Suspend the licence"), _("The licence is recorded as suspended.")),
    "terminate": (BailiffStatus.TERMINATED, _("Terminate the licence"), _("The licence is recorded as terminated.")),
    "exclude": (BailiffStatus.EXCLUDED, _("Exclude from the Chamber"), _("The exclusion is recorded.")),
    "reinstate": (BailiffStatus.ACTIVE, _("Reinstate"), _("The bailiff is active again and receives cases.")),
}
STATUS_FORMS = {"suspend": LicenceChangeForm, "terminate": LicenceChangeForm, "exclude": StatusChangeForm,
                "reinstate": LicenceChangeForm}
