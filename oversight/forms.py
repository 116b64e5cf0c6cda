from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import Region

from .periods import Period

# Up to a quarter: longer periods are the monthly report's job (a year over all regions takes seconds at 1M rows,
# benchmarks/README.md).
MAX_PERIOD_DAYS = 92
PERIOD_TOO_LONG = ngettext_lazy("Choose a period of at most %(days)s day.", "Choose a period of at most %(days)s days.",
                                "days")
PERIOD_REVERSED = _("The period must not end before it starts.")
PERIOD_IN_FUTURE = _("The period cannot end after today.")


class DashboardFilterForm(BootstrapMixin, forms.Form):
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(label=_("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("code"), to_field_name="code", required=False,
                                    label=_("Region"), empty_label=_("All regions"))

    def __init__(self, *args, national: bool, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if not national:
            del self.fields["region"]  # regional staff see their region only

    def clean(self):
        """A missing end is filled in: "to" is today (or "from", if that is later), "from" the first of the month
        of "to". The result is `period`."""
        data = super().clean()
        if self.errors:
            return data
        since, until = data.get("since"), data.get("until")
        if until is None:
            until = self.today if since is None or since <= self.today else since
        if since is None:
            since = until.replace(day=1)
        if until > self.today or since > self.today:
            self.add_error("until" if until > self.today else "since", PERIOD_IN_FUTURE)
        elif until < since:
            self.add_error("until", PERIOD_REVERSED)
        elif (until - since).days + 1 > MAX_PERIOD_DAYS:
            self.add_error("since", PERIOD_TOO_LONG % {"days": MAX_PERIOD_DAYS})
        else:
            data["period"] = Period(since, until)
        return data
