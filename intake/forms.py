from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.forms import BootstrapMixin, mark_required
from chamber_portal.core.models import Region

from .models import Application, Category, DocumentKind, ReturnReason, Status
from .services.decisions import CHECKLIST
from .services.drafts import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PDF = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})

# The form's sections, in the order the lawyer fills them in.
SECTIONS = [
    (_("Category and enforcement district"), ["category", "region"]),
    (_("Claimant"), ["creditor_kind", "creditor_name", "creditor_iin_bin"]),
    (_("Debtor"), ["debtor_kind", "debtor_name", "debtor_iin_bin", "debtor_address"]),
    (_("Court decision"), ["court_name", "court_case_number", "decision_date", "decision_effective_date"]),
    (_("Enforcement document"), ["document_kind", "document_number", "document_issued_at"]),
    (_("Presentation period (only if it was interrupted or restored)"),
     ["previous_enforcement_ended_on", "period_restored_by"]),
    (_("What is recovered"), ["amount_kzt", "alimony_basis", "alimony_share", "obligation"]),
    (
        _("Housing (Constitutional Court resolution of 19 April 2024)"),
        ["housing_involved", "sole_dwelling", "minors_present"],
    ),
    (_("Documents (PDF, up to 20 MB)"), ["power_of_attorney", "decision_scan", "other_document"]),
]


# What every submission needs whatever the category (intake.checks.intake_problems): marked as required on the form.
REQUIRED_TO_SUBMIT = [
    "category", "region", "creditor_kind", "creditor_name", "creditor_iin_bin", "debtor_kind", "debtor_name",
    "debtor_iin_bin", "debtor_address", "court_name", "court_case_number", "decision_date", "decision_effective_date",
    "document_kind", "document_number", "document_issued_at", "power_of_attorney", "decision_scan",
]


class ApplicationForm(BootstrapMixin, forms.ModelForm):
    """Every field is optional while drafting; the intake checks run when the lawyer submits."""

    power_of_attorney = forms.FileField(label=_("Power of attorney"), required=False, widget=PDF)
    decision_scan = forms.FileField(label=_("Scan of the court decision"), required=False, widget=PDF)
    other_document = forms.FileField(label=_("Other document"), required=False, widget=PDF)

    class Meta:
        model = Application
        fields = EDITABLE_FIELDS
        widgets = {
            "decision_date": DATE,
            "decision_effective_date": DATE,
            "document_issued_at": DATE,
            "previous_enforcement_ended_on": DATE,
            "obligation": forms.Textarea(attrs={"rows": 3}),
            "debtor_address": forms.TextInput(),
        }
        help_texts = {
            "region": _(
                "Where the debtor lives, is registered, works or has property, or where the act must be performed."
            ),
            "creditor_iin_bin": _("12 digits: an IIN for an individual, a BIN for a legal entity or state body."),
            "debtor_iin_bin": _("12 digits: an IIN for an individual, a BIN for a legal entity."),
            "court_case_number": _("For example 7585-24-00-2/101."),
            "previous_enforcement_ended_on": _(
                "If the document was presented before and that enforcement ended (e.g. the bailiff returned it), "
                "the period runs again from that day."
            ),
            "period_restored_by": _("If a court restored a missed period: the ruling's number and date."),
            "amount_kzt": _("In tenge. For alimony: the fixed monthly sum."),
            "alimony_share": _("For alimony as a share of income, e.g. 1/4."),
            "obligation": _("For a non-property decision: what the debtor must do or refrain from doing."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITABLE_FIELDS:
            self.fields[name].required = False
        self.fields["region"].queryset = Region.objects.all()
        self.fields["document_kind"].queryset = DocumentKind.objects.all()
        for name in ("region", "document_kind"):
            self.fields[name].empty_label = _("— choose —")
        for name in ("category", "creditor_kind", "debtor_kind", "alimony_basis"):
            self.fields[name].choices = [("", _("— choose —")), *self.fields[name].choices[1:]]
        for name in REQUIRED_TO_SUBMIT:
            mark_required(self.fields[name])
        self.fields["amount_kzt"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        for name in ("creditor_iin_bin", "debtor_iin_bin"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
            self.fields[name].max_length = 20  # spaces and hyphens are stripped by the service
            self.fields[name].widget.attrs["maxlength"] = 20

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]

    def uploads(self) -> dict:
        return {kind: self.cleaned_data.get(kind) for kind in ("power_of_attorney", "decision_scan", "other_document")}


class ApplicationFilterForm(BootstrapMixin, forms.Form):
    SORTS = [
        ("-created_at", _("Newest first")),
        ("created_at", _("Oldest first")),
        ("reference", _("By reference")),
        ("original_due", _("By original due date")),
    ]
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Reference, debtor, IIN/BIN")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any category")), *Category.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Any region"),
    )
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, widget=DATE)
    submitted_to = forms.DateField(label=_("Submitted to"), required=False, widget=DATE)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and (user.is_chamber_staff or user.is_administrator):
            # Staff never see drafts, and regional staff only their own region: offer only what can be found.
            self.fields["status"].choices = [(value, label) for value, label in self.fields["status"].choices
                                             if value != Status.DRAFT]
            if user.is_chamber_staff and user.region_id is not None:
                region = self.fields["region"]
                region.queryset = Region.objects.filter(pk=user.region_id)
                region.empty_label = None
                region.disabled = True  # the queue is the region's whatever is sent


class ReportOriginalLostForm(BootstrapMixin, forms.Form):
    duplicate_requested_on = forms.DateField(label=_("Duplicate requested from the court on"), widget=DATE)
    state_fee_receipt = forms.CharField(label=_("State fee receipt number"), max_length=64)
    expected_on = forms.DateField(label=_("Duplicate expected on"), required=False, widget=DATE)


class RegisterOriginalForm(BootstrapMixin, forms.Form):
    registry_number = forms.CharField(label=_("Registry number"), max_length=64)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        # Now, in Asia/Almaty (a form shows an aware value in the current time zone): the usual case is the original
        # in the staff member's hands; an earlier time is typed over it.
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    condition_note = forms.CharField(
        label=_("Condition of the original"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST.items():
            self.fields[key] = forms.BooleanField(
                label=label, required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
            )

    def checklist(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(key)) for key in CHECKLIST}


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *ReturnReason.choices])
    message = forms.CharField(label=_("Message to the lawyer"), widget=forms.Textarea(attrs={"rows": 3}))
