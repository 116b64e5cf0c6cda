"""Forms of the inspection pages. They only parse what was typed (dates, choices, case references); the rules
(required values, dates in order, whose complaints and cases) are the services', whose problems the views put
next to these fields."""

import re
from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bailiffs.models import Bailiff
from bailiffs.selectors import bailiffs_visible_to
from chamber_portal.core.access import staff_of_region_q
from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import Role, User
from complaints.models import Complaint
from complaints.selectors import complaints_visible_to
from intake.selectors import applications_visible_to

from .models import Ground, InspectionOutcome, InspectionStatus, PetitionOutcome
from .services.lifecycle import PERIOD_REVERSED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE = ("", _("— choose —"))
UNKNOWN_REFERENCES = _("No case of your region has the reference: %(references)s.")
UNKNOWN_REFERENCE = _("No case of your region has this reference.")
DEFAULT_PERIOD_DAYS = 90
DEFAULT_SAMPLE_SIZE = 10

# References are separated by commas, semicolons or white space.
SEPARATORS = re.compile(r"[\s,;]+")


def checkboxes(form: forms.Form) -> None:
    """Bootstrap's check inputs for the multiple-choice fields shown as checkboxes."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"


class InspectionFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *InspectionStatus.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("Any outcome")), *InspectionOutcome.choices])
    q = forms.CharField(label=_("Bailiff"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or licence number")}))
    ordered_from = forms.DateField(label=_("Ordered from"), required=False, widget=DATE)
    ordered_to = forms.DateField(label=_("Ordered to"), required=False, widget=DATE)

    def __init__(self, *args, staff: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:  # the bailiff's own list
            del self.fields["q"]


class ComplaintChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, complaint) -> str:
        return _("%(reference)s, filed %(date)s: %(ground)s (%(status)s)") % {
            "reference": complaint.application.reference or complaint.application_id,
            "date": date_format(timezone.localtime(complaint.filed_at).date(), "SHORT_DATE_FORMAT"),
            "ground": complaint.get_ground_display(), "status": complaint.get_status_display(),
        }


class InspectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        if user.region_id:
            return _("%(name)s (%(region)s)") % {"name": user.display_name, "region": user.region.name}
        return _("%(name)s (national)") % {"name": user.display_name}


def inspectors_for(user: User):
    """Staff of the user's region and national staff; national staff choose among all (the service checks the
    bailiff's region)."""
    qs = User.objects.filter(role=Role.STAFF, is_active=True).select_related("region")
    if user.region_id is not None:
        qs = qs.filter(staff_of_region_q(user.region_id))
    return qs.order_by("region__code", "full_name", "username")


class InspectionOrderForm(BootstrapMixin, forms.Form):
    bailiff = forms.ModelChoiceField(label=_("Bailiff"), queryset=Bailiff.objects.none(), empty_label=CHOOSE[1])
    grounds = forms.MultipleChoiceField(label=_("Grounds"), required=False, choices=Ground.choices,
                                        widget=forms.CheckboxSelectMultiple)
    grounds_note = forms.CharField(label=_("Grounds in detail"), required=False, max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("The letter, report or facts the inspection is ordered on."))
    complaints = ComplaintChoiceField(label=_("Linked complaints"), required=False,
                                      queryset=Complaint.objects.none(),
                                      widget=forms.CheckboxSelectMultiple)
    order_number = forms.CharField(label=_("Order number"), required=False, max_length=64)
    ordered_on = forms.DateField(label=_("Order date"), required=False, widget=DATE)
    inspectors = InspectorChoiceField(label=_("Inspectors"), required=False, queryset=User.objects.none(),
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Chamber staff of the bailiff's region, or national staff."))
    period_from = forms.DateField(label=_("Activity examined from"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("Activity examined to"), required=False, widget=DATE)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    sample_size = forms.IntegerField(
        label=_("Cases drawn at random"), required=False, min_value=0, max_value=500,
        help_text=_("Drawn from the cases the bailiff received in the period examined; the draw is recorded "
                    "with its seed, so anyone can repeat it."),
    )
    cases = forms.CharField(
        label=_("Cases to add"), required=False, max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": "75-2026-000123, 75-2026-000456", "autocomplete": "off"}),
        help_text=_("References of particular cases to examine besides the random draw, separated by commas."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["bailiff"].queryset = bailiffs_visible_to(user).order_by("full_name", "id")
        self.fields["inspectors"].queryset = inspectors_for(user)
        self.fields["complaints"].queryset = self._complaints_of(self._bailiff_id())
        # The complaint choices follow the bailiff chosen (htmx); without JavaScript they follow on the next load.
        self.fields["bailiff"].widget.attrs.update({
            "hx-get": reverse("inspections:complaint_choices"), "hx-trigger": "change",
            "hx-target": "#complaints-choices", "hx-swap": "outerHTML",
        })
        checkboxes(self)

    def _bailiff_id(self) -> int | None:
        value = self.data.get("bailiff") if self.is_bound else self.initial.get("bailiff")
        value = getattr(value, "pk", value)
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def _complaints_of(self, bailiff_id: int | None):
        """The complaints about the chosen bailiff; none until one is chosen."""
        qs = complaints_visible_to(self.user)
        if bailiff_id is None:
            return qs.none()
        return qs.filter(bailiff_id=bailiff_id).order_by("-filed_at", "-id")

    def clean_cases(self):
        references = [r for r in SEPARATORS.split(self.cleaned_data["cases"] or "") if r]
        found = {a.reference: a for a in applications_visible_to(self.user).filter(reference__in=references)}
        unknown = [r for r in references if r not in found]
        if unknown:
            raise forms.ValidationError(UNKNOWN_REFERENCES, params={"references": ", ".join(unknown)})
        return list({found[r].pk: found[r] for r in references}.values())

    @staticmethod
    def defaults(user: User) -> dict:
        today = timezone.localdate()
        return {"ordered_on": today, "period_from": today - timedelta(days=DEFAULT_PERIOD_DAYS), "period_to": today,
                "planned_start": today, "planned_end": today + timedelta(days=14),
                "sample_size": DEFAULT_SAMPLE_SIZE, "inspectors": [user.pk] if user.is_chamber_staff else []}


class AddCaseForm(BootstrapMixin, forms.Form):
    application = forms.CharField(label=_("Case reference"), max_length=20,
                                  widget=forms.TextInput(attrs={"placeholder": "75-2026-000123"}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_application(self):
        reference = self.cleaned_data["application"].strip()
        application = applications_visible_to(self.user).filter(reference=reference).first()
        if application is None:
            raise forms.ValidationError(UNKNOWN_REFERENCE)
        return application


class StartForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Started on"), required=False, widget=DATE)


VIOLATION_CHOICES = [("", _("Not determined")), ("yes", _("Violation found")), ("no", _("No violation"))]


class FindingForm(BootstrapMixin, forms.Form):
    finding = forms.CharField(label=_("Finding"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    violation = forms.TypedChoiceField(label=_("Violation"), required=False, choices=VIOLATION_CHOICES,
                                       coerce=lambda value: value == "yes", empty_value=None)

    @staticmethod
    def initial_for(case) -> dict:
        violation = "" if case.violation is None else ("yes" if case.violation else "no")
        return {"finding": case.finding, "violation": violation}


class CompleteForm(BootstrapMixin, forms.Form):
    completed_on = forms.DateField(label=_("Act dated"), required=False, widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[CHOOSE, *InspectionOutcome.choices])
    findings = forms.CharField(label=_("Overall findings"), required=False, max_length=20000,
                               widget=forms.Textarea(attrs={"rows": 5}))
    warning = forms.BooleanField(label=_("Issue a warning"), required=False)
    refer = forms.BooleanField(label=_("Refer to the disciplinary commission"), required=False,
                               help_text=_("Opens a disciplinary case with the act as its reference."))
    petition_suspend = forms.BooleanField(
        label=_("Petition to suspend the licence"), required=False,
        help_text=_("The petition goes to the licensor (the Ministry of Justice); staff record its decision from "
                    "this page. Granted, the open cases go to the other bailiffs."),
    )


class ObjectionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Your objections to the act"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class PetitionForm(BootstrapMixin, forms.Form):
    """The licensor's decision on the act's petition, as staff record it."""

    outcome = forms.ChoiceField(label=_("The licensor's decision"), required=False, choices=PetitionOutcome.choices,
                                initial=PetitionOutcome.GRANTED)
    order_reference = forms.CharField(label=_("Licensor's order"), max_length=200, required=False,
                                      help_text=_("The Ministry of Justice's order: its number and date."))
    decided_on = forms.DateField(label=_("Order dated"), required=False, widget=DATE)
    effective_on = forms.DateField(label=_("Suspended from"), required=False, widget=DATE,
                                   help_text=_("If granted. Default: the day of the order."))


class CandidatesForm(BootstrapMixin, forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", PERIOD_REVERSED)
        return data
