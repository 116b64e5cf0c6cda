"""The Chamber's dashboard (staff) and the public page on the evenness of distribution (no login)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.views.decorators.http import require_GET

from chamber_portal.core.access import role_required

from .charts import dashboard_charts, evenness_chart
from .forms import DashboardFilterForm
from .periods import Period
from .selectors import dashboard_for, evenness_public_cached


def _month_label(period: Period) -> str:
    return f"{MONTHS[period.since.month]} {period.since.year}"


@role_required("staff", "admin")
@require_GET
def dashboard(request):
    national = request.user.region_id is None
    today = timezone.localdate()
    period, region = Period.current_month(today), None
    form = DashboardFilterForm(request.GET or None, national=national, today=today,
                               initial={"since": period.since, "until": period.until})
    if form.is_bound and form.is_valid():
        period, region = form.cleaned_data["period"], form.cleaned_data.get("region")
    figures = dashboard_for(request.user, period=period, region=region, today=today)
    return render(request, "oversight/dashboard.html", {
        "form": form,
        "d": figures,
        "charts": dashboard_charts(figures),
        "acceptance_days": settings.INTAKE_ACCEPTANCE_DUE_WORKING_DAYS,
        "initiation_days": settings.INITIATION_DUE_WORKING_DAYS,
    })


@require_GET
def evenness(request):
    current, previous, regions = evenness_public_cached()
    with_data = [r for r in regions if r.has_data]
    return render(request, "oversight/evenness.html", {
        "current": current,
        "previous": previous,
        "current_label": _month_label(current),
        "previous_label": _month_label(previous),
        "regions": with_data,
        "without_data": [r.region for r in regions if not r.has_data],
        "chart": evenness_chart(with_data, _month_label(current)),
    })
