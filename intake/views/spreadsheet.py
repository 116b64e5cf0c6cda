"""Filing from a spreadsheet (issue 14): template, upload, preview with problems at their cells, filing, the ZIP of
decision scans, submitting together. Progress of a long check is polled by static/js/spreadsheet-progress.js."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.forms import BootstrapMixin

from .. import spreadsheet
from ..models import Application, ImportStatus, SpreadsheetImport
from ..services.spreadsheet import (
    spreadsheet_attach_scans,
    spreadsheet_file,
    spreadsheet_import_start,
    spreadsheet_rows_update,
    spreadsheet_submit,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": f"{XLSX},.xlsx"}))


class ScansForm(BootstrapMixin, forms.Form):
    archive = forms.FileField(
        label=gettext_lazy("Decision scans (a ZIP of PDFs)"),
        help_text=gettext_lazy("Each PDF named by its document number, e.g. ИЛ-0000100.pdf."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/zip,.zip"}),
    )


def _sheet(request, pk) -> SpreadsheetImport:
    return get_object_or_404(SpreadsheetImport.objects.filter(lawyer=request.user), pk=pk)


@role_required("lawyer")
@require_GET
def spreadsheet_template(request):
    response = HttpResponse(spreadsheet.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="applications-{request.LANGUAGE_CODE}.xlsx"'
    return response


@role_required("lawyer")
@require_http_methods(["GET", "POST"])
def spreadsheet_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = spreadsheet_import_start(lawyer=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            return redirect("intake:spreadsheet_detail", pk=sheet.pk)
    recent = SpreadsheetImport.objects.filter(lawyer=request.user).defer("rows")[:10]
    return render(request, "intake/spreadsheet.html", {"form": form, "recent": recent,
                                                       "columns": spreadsheet.columns(), "label": spreadsheet.label})


@role_required("lawyer")
@require_GET
def spreadsheet_progress(request, pk):
    sheet = get_object_or_404(SpreadsheetImport.objects.filter(lawyer=request.user).defer("rows"), pk=pk)
    return JsonResponse({"status": sheet.status, "checked": sheet.checked, "total": sheet.total,
                         "done": sheet.status != ImportStatus.CHECKING})


def _table(sheet: SpreadsheetImport) -> list[dict]:
    """Each row with its cells in column order, each cell with its problems."""
    drafts = {a.pk: a for a in Application.objects.filter(
        pk__in=[row["application"] for row in sheet.rows if row.get("application")]).prefetch_related("documents")}
    table = []
    for row in sheet.rows:
        problems = row.get("problems") or {}
        draft = drafts.get(row.get("application"))
        table.append({
            **row,
            # In the columns' order, as the header: PostgreSQL's jsonb keeps a row's values in an order of its own.
            "cells": [{"field": field, "value": row["values"].get(field, ""), "problems": problems.get(field, [])}
                      for field in spreadsheet.EDITABLE_FIELDS],
            "other_problems": [m for field, ms in problems.items() if field not in row["values"] for m in ms],
            "valid": not problems,
            "draft": draft,
            "has_scan": bool(draft) and any(d.kind == "decision_scan" for d in draft.documents.all()),
        })
    return table


@role_required("lawyer")
@require_GET
def spreadsheet_detail(request, pk):
    sheet = _sheet(request, pk)
    context = {"sheet": sheet, "fields": [spreadsheet.label(f) for f in spreadsheet.EDITABLE_FIELDS]}
    if sheet.status == ImportStatus.CHECKING:
        return render(request, "intake/spreadsheet_progress.html", context)
    table = _table(sheet)
    context.update({
        "table": table,
        "valid_count": sum(1 for r in table if r["valid"] and not r.get("dropped") and not r.get("application")),
        "problem_count": sum(1 for r in table if not r["valid"] and not r.get("dropped")),
        "filed_count": sum(1 for r in table if r.get("application")),
        "scans_form": ScansForm(),
    })
    return render(request, "intake/spreadsheet_preview.html", context)


@role_required("lawyer")
@require_POST
def spreadsheet_rows(request, pk):
    """The corrections typed into the preview's cells, and the rows ticked to drop: kept and checked again."""
    sheet = _sheet(request, pk)
    edits: dict[int, dict[str, str]] = {}
    for name, value in request.POST.items():
        if name.startswith("cell-"):
            _prefix, number, field = name.split("-", 2)
            if number.isdigit():
                edits.setdefault(int(number), {})[field] = value
    dropped = {int(n) for n in request.POST.getlist("drop") if n.isdigit()}
    try:
        spreadsheet_rows_update(sheet=sheet, by=request.user, edits=edits, dropped=dropped)
    except TransitionError as error:
        messages.error(request, error.message)
    return redirect("intake:spreadsheet_detail", pk=sheet.pk)


@role_required("lawyer")
@require_POST
def spreadsheet_file_view(request, pk):
    sheet = _sheet(request, pk)
    try:
        drafts = spreadsheet_file(sheet=sheet, by=request.user)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("%(count)s draft filed. Now attach the decision scans and submit them.",
                                           "%(count)s drafts filed. Now attach the decision scans and submit them.",
                                           len(drafts)) % {"count": len(drafts)})
    return redirect("intake:spreadsheet_detail", pk=sheet.pk)


@role_required("lawyer")
@require_POST
def spreadsheet_scans(request, pk):
    sheet = _sheet(request, pk)
    form = ScansForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a ZIP archive of PDF files."))
        return redirect("intake:spreadsheet_detail", pk=sheet.pk)
    try:
        outcome = spreadsheet_attach_scans(sheet=sheet, by=request.user, archive=form.cleaned_data["archive"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intake:spreadsheet_detail", pk=sheet.pk)
    attached = len(outcome["attached"])
    messages.success(request, ngettext("%(count)s decision scan attached.", "%(count)s decision scans attached.",
                                       attached) % {"count": attached})
    if outcome["unmatched"]:
        messages.warning(request, _("No draft has the document number of: %(names)s.") % {
            "names": ", ".join(outcome["unmatched"][:20])})
    for name, problem in outcome["refused"][:20]:
        messages.error(request, f"{name}: {problem}")
    return redirect("intake:spreadsheet_detail", pk=sheet.pk)


@role_required("lawyer")
@require_POST
def spreadsheet_submit_view(request, pk):
    sheet = _sheet(request, pk)
    outcomes = spreadsheet_submit(sheet=sheet, by=request.user)
    submitted = [o for o in outcomes.values() if isinstance(o, Application)]
    refused = len(outcomes) - len(submitted)
    messages.success(request, ngettext("%(count)s application submitted.", "%(count)s applications submitted.",
                                       len(submitted)) % {"count": len(submitted)})
    if refused:
        messages.warning(request, ngettext("%(count)s draft could not be submitted yet: open it to see why.",
                                           "%(count)s drafts could not be submitted yet: open them to see why.",
                                           refused) % {"count": refused})
    return redirect("intake:spreadsheet_detail", pk=sheet.pk)
