"""Forms of the bailiff's workspace: the "My cases" filters and one form per action on a case.

The forms only parse what was typed; the rules (required values, dates, the housing safeguard) are the
services' (assignment/services/workspace.py), whose problems the views put next to these fields.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chamber_portal.core.forms import BootstrapMixin
from intake.models import Category, Status

from .models import ActionKind, Assignment, Outcome, RefusalGround

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE = ("", _("— choose —"))
OPEN = "open"  # the list's status filter: assigned or in enforcement


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Reference, debtor, IIN/BIN")}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Any status")), (OPEN, _("Open: assigned or in enforcement")),
        *[(status.value, status.label) for status in (Status.ASSIGNED, Status.IN_ENFORCEMENT, Status.CLOSED)],
    ])
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any category")), *Category.choices])
    assigned_from = forms.DateField(label=_("Assigned from"), required=False, widget=DATE)
    assigned_to = forms.DateField(label=_("Assigned to"), required=False, widget=DATE)
    unacknowledged = forms.BooleanField(label=_("Receipt not acknowledged"), required=False)
    overdue = forms.BooleanField(label=_("Initiation overdue"), required=False)


class AcknowledgeForm(forms.Form):
    """Nothing to type: the button is the bailiff's confirmation."""


class InitiateForm(BootstrapMixin, forms.Form):
    decision_number = forms.CharField(label=_("Number of the decision to initiate"), max_length=64, required=False)
    decision_date = forms.DateField(label=_("Date of the decision"), required=False, widget=DATE)


class RefuseForm(BootstrapMixin, forms.Form):
    refusal_ground = forms.ChoiceField(label=_("Ground for refusal"), required=False,
                                       choices=[CHOOSE, *RefusalGround.choices])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required for “other ground”: state the ground and the article."))


class ActionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Action"), required=False, choices=[CHOOSE, *ActionKind.choices])
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    amount_kzt = forms.DecimalField(label=_("Amount received, tenge"), required=False, max_digits=15,
                                    decimal_places=2, help_text=_("Only for a payment received."))
    # Yes, no, or not said: no default, so that on a case flagged housing the bailiff answers (the service
    # refuses silence for an arrest, a valuation or an auction there).
    on_housing = forms.NullBooleanField(
        label=_("Does the action concern the debtor's dwelling?"), required=False,
        widget=forms.RadioSelect(choices=[("true", _("Yes, the dwelling")), ("false", _("No"))]),
        help_text=_("For an arrest of property, a valuation or an auction. An eviction always concerns housing."))
    court_decision_ref = forms.CharField(
        label=_("Court decision allowing it"), required=False, max_length=200,
        help_text=_("Court, case number and date of the decision: needed for an arrest, a valuation or an auction "
                    "on housing, and for every eviction."))
    entry_without_consent = forms.BooleanField(
        label=_("I entered or opened the dwelling without the occupant's consent"), required=False)
    prosecutor_sanction_ref = forms.CharField(
        label=_("Prosecutor's sanction (if the law requires one)"), required=False, max_length=200,
        help_text=_("Number and date. Law No. 261-IV requires it to enter or open a dwelling without the "
                    "occupant's consent; not to carry out a court's eviction decision, which is itself the "
                    "court's authority."))
    document = forms.FileField(label=_("Document (PDF)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_kzt"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        self.fields["on_housing"].widget.attrs["class"] = "form-check-input"


class ReverseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why the entry is a mistake"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The entry stays, struck through; the reversal records you, today and "
                                         "this reason, and the totals follow."))


class CloseForm(BootstrapMixin, forms.Form):
    # A refusal to initiate is decided before enforcement, with its ground: the refusal form records it.
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[
        CHOOSE, *[choice for choice in Outcome.choices if choice[0] != Outcome.REFUSED_TO_INITIATE]])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required unless the document was executed in full."))


FORMS = {
    "acknowledge": AcknowledgeForm,
    "initiate": InitiateForm,
    "refuse": RefuseForm,
    "action": ActionForm,
    "close": CloseForm,
}


def make_form(name: str, data=None, files=None) -> forms.Form:
    """Each form's ids carry its name, so the forms on one page never share an id."""
    form_class = FORMS[name]
    if data is not None:
        return form_class(data, files, auto_id=f"{name}_%s")
    today = timezone.localdate()
    initial = {"decision_date": today, "date": today}
    return form_class(initial={k: v for k, v in initial.items() if k in form_class.base_fields},
                      auto_id=f"{name}_%s")


def forms_fitting(status: str, acknowledged: bool) -> list[str]:
    """Which actions the holder can take now: receipt first, then initiate or refuse, then actions and close."""
    if status == Status.ASSIGNED:
        return ["initiate", "refuse"] if acknowledged else ["acknowledge"]
    if status == Status.IN_ENFORCEMENT:
        return ["action", "close"]
    return []


def reverse_form(action_pk: int, data=None) -> ReverseForm:
    return ReverseForm(data, auto_id=f"reverse_{action_pk}_%s")


def reversible(status: str, action) -> bool:
    """An entry the holder may still reverse: on a case in enforcement, neither reversed nor a reversal itself."""
    return (status == Status.IN_ENFORCEMENT and action.reverses_id is None
            and getattr(action, "reversed_by", None) is None)


def workspace_forms(status: str, assignment: Assignment, bound: dict | None = None) -> dict[str, forms.Form]:
    """Fresh forms for the actions that fit, or the bound one that failed (with its errors and typed values)."""
    bound = bound or {}
    fitting = forms_fitting(status, assignment.acknowledged_at is not None)
    return {name: bound.get(name) or make_form(name) for name in fitting}
