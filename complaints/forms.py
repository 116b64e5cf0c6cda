"""Forms of the complaint pages. They only parse what was typed; the rules (required values, dates, PDFs,
clause 12) are the services', whose problems the views put next to these fields."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bailiffs.models import Bailiff
from chamber_portal.core.access import staff_of_region_q
from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import User

from .models import ComplaintStatus, DecisionBody, DecisionOutcome, Ground

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PDF_ACCEPT = "application/pdf,.pdf"
CHOOSE = ("", _("— choose —"))
OPEN = "open"  # the list's status filter: filed or under review
ANY = "any"


class MultiplePdfInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePdfField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePdfInput(attrs={"accept": PDF_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _pdf(label, help_text=""):
    return forms.FileField(label=label, required=False, help_text=help_text,
                           widget=forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT}))


class ComplaintForm(BootstrapMixin, forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), required=False, choices=[CHOOSE, *Ground.choices])
    description = forms.CharField(
        label=_("What happened"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Dates, what the bailiff did or did not do, and what you asked for."),
    )
    attachments = MultiplePdfField(label=_("Supporting documents (PDF, several allowed)"), required=False)
    request_new_bailiff = forms.BooleanField(label=_("I ask for a new bailiff"), required=False)

    def __init__(self, *args, may_request: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if may_request:
            self.fields["request_new_bailiff"].widget.attrs["aria-describedby"] = "clause12-help"
        else:  # a change of bailiff is already held on the case
            del self.fields["request_new_bailiff"]


class ComplaintFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        (ANY, _("Any status")), (OPEN, _("Open: filed or under review")), *ComplaintStatus.choices,
    ])
    ground = forms.ChoiceField(label=_("Ground"), required=False, choices=[("", _("Any ground")), *Ground.choices])
    bailiff = forms.ModelChoiceField(label=_("Bailiff"), required=False, queryset=Bailiff.objects.none(),
                                     empty_label=_("Any bailiff"))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_chamber_staff or user.is_administrator:
            bailiffs = Bailiff.objects.only("id", "full_name").order_by("full_name", "id")
            self.fields["bailiff"].queryset = bailiffs if user.region_id is None else bailiffs.filter(
                region_id=user.region_id)
        else:  # the lawyer's and the bailiff's own lists: status and ground are enough
            del self.fields["bailiff"]
            del self.fields["overdue"]


class TakeForm(BootstrapMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("Handled by"), queryset=User.objects.none(), required=False,
                                   empty_label=None)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff of the complaint's region, and national staff (docs/domain.md §3).
        self.fields["owner"].queryset = User.objects.filter(
            staff_of_region_q(complaint.region_id), is_active=True,
        ).order_by("full_name", "username")


class ExplanationForm(BootstrapMixin, forms.Form):
    explanation = forms.CharField(label=_("Your explanation"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 5}))


def _effective_on_help():
    days = settings.BREACH_APPEAL_PERIOD_DAYS
    return ngettext("Leave empty if the decision is not appealed: it then enters into force %(days)s day after the "
                    "decision date (the appeal period).",
                    "Leave empty if the decision is not appealed: it then enters into force %(days)s days after the "
                    "decision date (the appeal period).", days) % {"days": days}


class DecideForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), required=False, choices=[CHOOSE, *DecisionOutcome.choices])
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    document_reference = forms.CharField(label=_("Decision number and reference"), required=False, max_length=200)
    effective_on = forms.DateField(label=_("Enters into force on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Reasons of the decision"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    document = _pdf(_("Decision document (PDF)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].help_text = _effective_on_help()


class RegisterDecisionForm(BootstrapMixin, forms.Form):
    """A court's decision (or the commission's on a paper complaint) on a case of the staff's region."""

    reference = forms.CharField(label=_("Application reference"), max_length=20, required=False,
                                help_text=_("For example 75-2026-000123."))
    bailiff = forms.ModelChoiceField(label=_("Bailiff in breach"), queryset=Bailiff.objects.none(), required=False,
                                     empty_label=CHOOSE[1], help_text=_("Only the bailiffs who held this case."))
    body = forms.ChoiceField(label=_("Decided by"), required=False, choices=[CHOOSE, *DecisionBody.choices])
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    effective_on = forms.DateField(label=_("Enters into force on"), required=False, widget=DATE)
    document_reference = forms.CharField(label=_("Decision number and reference"), required=False, max_length=200)
    request_reassignment = forms.BooleanField(
        label=_("Appoint another bailiff once the decision is in force (clause 12: until then the case stays with "
                "the bailiff)"), required=False, initial=True,
    )
    document = _pdf(_("Decision document (PDF)"))

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.BREACH_APPEAL_PERIOD_DAYS
        self.fields["effective_on"].help_text = ngettext(
            "Required for a court's decision. For the commission's, leave empty to use the decision date plus "
            "%(days)s day (the appeal period).",
            "Required for a court's decision. For the commission's, leave empty to use the decision date plus "
            "%(days)s days (the appeal period).", days,
        ) % {"days": days}
        if application is not None:
            self.fields["bailiff"].queryset = Bailiff.objects.filter(
                assignments__application=application).distinct().order_by("full_name", "id")
            self.fields["reference"].widget.attrs["readonly"] = True


class AppealForm(BootstrapMixin, forms.Form):
    filed_on = forms.DateField(label=_("Appeal filed on"), required=False, widget=DATE)


APPEAL_RESULTS = [
    ("dismissed", _("Dismissed: the decision stands")),
    ("upheld", _("Upheld: the decision is set aside")),
]


class AppealDecideForm(BootstrapMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result of the appeal"), required=False, choices=[CHOOSE, *APPEAL_RESULTS])
    decided_on = forms.DateField(label=_("Appeal decided on"), required=False, widget=DATE)
    effective_on = forms.DateField(label=_("Enters into force on"), required=False, widget=DATE,
                                   help_text=_("If dismissed; leave empty for the appeal's decision date."))


HANDOVER_STEPS = [
    ("to_chamber", _("The old bailiff handed the paper file to the Chamber")),
    ("to_new_bailiff", _("The Chamber handed the paper file to the new bailiff")),
]


class HandoverForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=_("Step"), required=False, choices=HANDOVER_STEPS)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)


class ReleaseForm(forms.Form):
    """Nothing to type: the button asks for the release now; the service checks clause 12."""
