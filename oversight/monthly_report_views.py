"""The monthly report page and its XLSX (issue 8). Regional staff read their own region; national staff (and
administrators) any region, or all regions at once. Any other region is a 404, as for a record one may not see.

`?month=YYYY-MM` (default: the last complete month; the current one so far if only it has figures),
`?region=KZ-xx` (national staff: none for all regions), `?export=xlsx` for the workbook.
"""

from decimal import Decimal

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from assignment.models import DistributionDecision
from chamber_portal.core.access import role_required
from chamber_portal.core.exports import save_workbook, set_widths, sheet_title, xlsx_cell, xlsx_header
from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import Region, User
from intake.models import Application

from .monthly_report import (
    Month,
    MonthlyFigures,
    MonthlyReport,
    Section,
    monthly_report,
    overview_section,
    report_sections,
)

MONTH_INPUT = "%Y-%m"


class MonthlyReportForm(BootstrapMixin, forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"), input_formats=[MONTH_INPUT],
        widget=forms.DateInput(attrs={"type": "month"}, format=MONTH_INPUT),
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if user.region_id is not None:
            self.fields["region"].choices = [(user.region.code, str(user.region))]
        else:
            self.fields["region"].choices = [("", _("All regions")),
                                             *((r.code, str(r)) for r in Region.objects.order_by("code"))]

    def clean_month(self):
        value = self.cleaned_data["month"]
        if value.year < 2000:
            raise forms.ValidationError(_("Choose a month from 2000 on."))
        if value > timezone.localdate():
            raise forms.ValidationError(_("Choose a month that has begun."))
        return value


def _region_for(request) -> Region | None:
    """The region asked for, if the user may read it (None: all regions, national staff only); else 404."""
    user, code = request.user, request.GET.get("region", "")
    if user.region_id is not None:
        if code not in ("", user.region.code):
            raise Http404
        return user.region
    return get_object_or_404(Region, code=code) if code else None


def _has_activity(month: Month, region: Region | None) -> bool:
    """Anything to report in the month: an application submitted or a case distributed."""
    applications = Application.objects.filter(month.instants("submitted_at"))
    decisions = DistributionDecision.objects.filter(month.instants("at"))
    if region is not None:
        applications, decisions = applications.filter(region=region), decisions.filter(region=region)
    return applications.exists() or decisions.exists()


def _default_month(region: Region | None) -> tuple[Month, Month | None]:
    """The last complete month; but when it has nothing to report and the current month has, the current month so
    far (a new region, the demo): the page never opens on an empty month when there are figures. The second value
    is the empty month passed over, for the page to say so."""
    current = Month(timezone.localdate().replace(day=1))
    if not _has_activity(current.previous, region) and _has_activity(current, region):
        return current, current.previous
    return current.previous, None


@role_required("staff", "admin")
@require_GET
def monthly_report_view(request):
    region = _region_for(request)
    default, passed_over = _default_month(region) if not request.GET.get("month") else (None, None)
    data = {"month": request.GET.get("month") or default.first.strftime(MONTH_INPUT),
            "region": region.code if region else ""}
    form = MonthlyReportForm(data, user=request.user)
    if not form.is_valid():
        return render(request, "oversight/monthly_report.html", {"form": form}, status=400)
    month = Month(form.cleaned_data["month"].replace(day=1))
    report = monthly_report(month=month, region=region)
    if request.GET.get("export") == "xlsx":
        return _xlsx(report, region)
    if request.GET.get("export"):
        raise Http404
    context = {"form": form, "report": report, "region": region, "query": f"month={month.first:%Y-%m}"
               + (f"&region={region.code}" if region else ""), "passed_over": passed_over}
    if region is None:
        overview = _display(overview_section(report))
        codes = [item.region.code for item in report.regions] + [""]  # the last line: all regions together
        context["overview"] = overview
        context["overview_rows"] = list(zip(codes, overview.rows, strict=True))
        context["sections"] = [_display(section) for section in report_sections(report.total)]
    else:
        context["sections"] = [_display(section) for section in report_sections(report.regions[0])]
    return render(request, "oversight/monthly_report.html", context)


def _cell(value) -> str:
    """Numbers grouped in the page's language; money with its two decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return str(value)
    decimals = 2 if isinstance(value, Decimal) else 0
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _display(section: Section) -> Section:
    return Section(section.key, section.title, [str(header) for header in section.headers],
                   [[_cell(value) for value in row] for row in section.rows])


# --- XLSX ---------------------------------------------------------------------------------------------


def _title(figures: MonthlyFigures | None, month: Month) -> str:
    where = str(figures.region) if figures is not None and figures.region is not None else _("All regions")
    return _("Monthly report: %(region)s, %(month)s") % {"region": where, "month": month}


def _write_section(sheet, section: Section) -> None:
    sheet.append([xlsx_cell(sheet, str(section.title), bold=True)])
    sheet.append(xlsx_header(sheet, section.headers))
    for row in section.rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    sheet.append([])


def _sheet(workbook, name: str, title: str, widths: list[int]):
    sheet = workbook.create_sheet(sheet_title(name))
    set_widths(sheet, widths)
    sheet.append([xlsx_cell(sheet, title, bold=True)])
    sheet.append([])
    return sheet


def _xlsx(report: MonthlyReport, region: Region | None) -> FileResponse:
    """One region: a sheet per section. All regions: an overview with the totals, then a sheet per region."""
    workbook = Workbook(write_only=True)
    if region is not None:
        figures = report.regions[0]
        for section in report_sections(figures):
            sheet = _sheet(workbook, str(section.title), _title(figures, report.month), [48, 18, 14])
            _write_section(sheet, section)
    else:
        overview = overview_section(report)
        sheet = _sheet(workbook, _("All regions"), _title(None, report.month), [40] + [16] * len(overview.headers))
        _write_section(sheet, overview)
        for section in report_sections(report.total):
            _write_section(sheet, section)
        for figures in report.regions:
            sheet = _sheet(workbook, f"{figures.region.code} {figures.region.name}", _title(figures, report.month),
                           [48, 18, 14])
            for section in report_sections(figures):
                _write_section(sheet, section)
    scope = region.code if region is not None else "all"
    return FileResponse(
        save_workbook(workbook), as_attachment=True, filename=f"monthly-report-{scope}-{report.month.first:%Y-%m}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
