"""Registry pages: the staff's list, detail and actions (each calling one service), and the public registry."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chamber_portal.core.access import role_required
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.exports import Column, export_format, export_response

from .audit_events import BailiffEvent
from .forms import (
    STATUS_ACTIONS,
    STATUS_FORMS,
    BailiffFilterForm,
    ConflictForm,
    PauseForm,
    PublicRegistryFilterForm,
    TransferForm,
)
from .models import BailiffStatus, PauseReason
from .selectors import (
    bailiff_history,
    bailiffs_public,
    bailiffs_search,
    bailiffs_visible_to,
    bailiffs_with_load,
    bailiffs_with_status,
)
from .services import bailiff_pause, bailiff_set_status, bailiff_transfer, conflict_declare

STAFF = ("staff", "admin")

EVENT_LABELS = {
    BailiffEvent.BAILIFF_REGISTERED: gettext_lazy("Entered in the registry"),
    BailiffEvent.STATUS_ACTIVE: gettext_lazy("Reinstated"),
    BailiffEvent.STATUS_SUSPENDED: gettext_lazy("Licence suspended"),
    BailiffEvent.STATUS_TERMINATED: gettext_lazy("Licence terminated"),
    BailiffEvent.STATUS_EXCLUDED: gettext_lazy("Excluded from the Chamber"),
    BailiffEvent.TRANSFERRED: gettext_lazy("Transferred to another district"),
    BailiffEvent.PAUSED: gettext_lazy("Pause recorded"),
    BailiffEvent.CONFLICT_DECLARED: gettext_lazy("Conflict of interest declared"),
}


def _add_problems(form, problems: dict) -> None:
    """A service's problems next to the form's fields; what has no field goes on top."""
    for field, messages_ in problems.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def _problems(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {None: error.messages}


def _page(request, qs, per_page: int):
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- staff: list and detail --------------------------------------------------------------------------


@role_required(*STAFF)
@require_GET
def bailiff_list(request):
    form = BailiffFilterForm(request.GET or None)
    qs = bailiffs_with_load(bailiffs_visible_to(request.user))
    if form.is_valid():
        data = form.cleaned_data
        qs = bailiffs_search(qs, data["q"])
        if data["region"]:
            qs = qs.filter(region=data["region"])
        qs = bailiffs_with_status(qs, data["status"])
    qs = qs.order_by("full_name", "id")
    if fmt := export_format(request):
        return export_response(qs, REGISTRY_COLUMNS, base_name="bailiffs", fmt=fmt, title=_("Bailiffs"))
    page, query = _page(request, qs, per_page=50)
    return render(request, "bailiffs/bailiff_list.html", {"form": form, "page": page, "query": query})


def _status_label(bailiff) -> str:
    label = str(bailiff.get_status_display())
    if bailiff.status == BailiffStatus.ACTIVE and bailiff.paused_today:
        label = f"{label} · {_('paused today')}"
    return label


# The staff list's columns, with the load `bailiffs_with_load` puts on every row.
REGISTRY_COLUMNS = [
    Column(gettext_lazy("Full name"), lambda b: b.full_name, width=32),
    Column(gettext_lazy("Licence"), lambda b: b.licence_number),
    Column(gettext_lazy("Licence date"), lambda b: b.licence_date),
    Column(gettext_lazy("IIN"), lambda b: b.iin),
    Column(gettext_lazy("Region"), lambda b: b.region.name, width=22),
    Column(gettext_lazy("Status"), _status_label, width=30),
    Column(gettext_lazy("Open cases"), lambda b: b.open_cases),
    Column(gettext_lazy("Receipt not acknowledged"), lambda b: b.unacknowledged),
    Column(gettext_lazy("Initiation overdue"), lambda b: b.overdue_initiations),
    Column(gettext_lazy("Office address"), lambda b: b.office_address, width=32),
    Column(gettext_lazy("Phone"), lambda b: b.phone),
]


def _event_details(event) -> list[str]:
    data = event.data or {}
    details = []
    if event.kind == BailiffEvent.TRANSFERRED:
        details.append(f"{event.from_state} → {event.to_state}")
    if data.get("effective_on"):
        details.append(_("takes effect on %(date)s") % {"date": _day(data["effective_on"])})
    if data.get("order_reference"):
        details.append(_("licensor's order %(order)s") % {"order": data["order_reference"]})
    if event.kind == BailiffEvent.PAUSED:
        reason = data.get("reason", "")
        details.append(_("%(start)s – %(end)s, %(reason)s") % {
            "start": _day(data.get("starts_on")), "end": _day(data.get("ends_on")),
            "reason": PauseReason(reason).label if reason in PauseReason.values else reason,
        })
    if data.get("iin_bin"):
        details.append(data["iin_bin"])
    if data.get("note"):
        details.append(str(data["note"]))
    return details


def _day(value) -> str:
    try:
        return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value or "")


def _detail_context(request, bailiff, **bound) -> dict:
    """The detail page with a fresh form for each action allowed now, or the bound one that failed."""
    active = bailiff.status == BailiffStatus.ACTIVE
    history = list(bailiff_history(bailiff))
    for event in history:
        event.label = EVENT_LABELS.get(event.kind, event.kind)
        event.details = _event_details(event)
    forms = {}
    if active:
        forms["pause"] = PauseForm(auto_id="pause_%s")
        forms["transfer"] = TransferForm(auto_id="transfer_%s")
    for name, (status, _label, _done) in STATUS_ACTIONS.items():
        if status != bailiff.status:
            forms[name] = STATUS_FORMS[name](auto_id=f"{name}_%s")
    forms["conflict"] = ConflictForm(auto_id="conflict_%s")
    forms.update(bound)
    status_forms = [
        (name, label, forms[name], "success" if status == BailiffStatus.ACTIVE else "outline-danger")
        for name, (status, label, _done) in STATUS_ACTIONS.items() if name in forms
    ]
    return {
        "bailiff": bailiff,
        "history": history,
        "pauses": bailiff.pauses.select_related("recorded_by"),
        "headships": bailiff.headships.select_related("region"),
        "conflicts": bailiff.conflicts.select_related("recorded_by"),
        "today": timezone.localdate(),
        "pause_form": forms.get("pause"),
        "transfer_form": forms.get("transfer"),
        "conflict_form": forms["conflict"],
        "status_forms": status_forms,
    }


def _visible_with_load(request, pk):
    return get_object_or_404(bailiffs_with_load(bailiffs_visible_to(request.user)), pk=pk)


@role_required(*STAFF)
@require_GET
def bailiff_detail(request, pk):
    bailiff = _visible_with_load(request, pk)
    return render(request, "bailiffs/bailiff_detail.html", _detail_context(request, bailiff))


# --- staff: actions, each one service ----------------------------------------------------------------


def _act(request, pk, name: str, form_class, call, success):
    bailiff = _visible_with_load(request, pk)
    form = form_class(request.POST, auto_id=f"{name}_%s")
    if form.is_valid():
        try:
            call(bailiff, form.cleaned_data)
        except ValidationError as error:
            _add_problems(form, _problems(error))
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect("bailiffs:bailiff_detail", pk=bailiff.pk)
        else:
            messages.success(request, success)
            # A transfer may take the bailiff out of a regional chamber's registry.
            if bailiffs_visible_to(request.user).filter(pk=bailiff.pk).exists():
                return redirect("bailiffs:bailiff_detail", pk=bailiff.pk)
            return redirect("bailiffs:bailiff_list")
    messages.error(request, _("Please correct the marked fields."))
    context = _detail_context(request, bailiff, **{name: form})
    context["open_form"] = name
    return render(request, "bailiffs/bailiff_detail.html", context, status=400)


@role_required(*STAFF)
@require_POST
def pause(request, pk):
    return _act(
        request, pk, "pause", PauseForm,
        lambda bailiff, data: bailiff_pause(bailiff=bailiff, by=request.user, **data),
        _("The pause is recorded: the bailiff receives no cases in that period."),
    )


def _status_view(name: str):
    status, _label, success = STATUS_ACTIONS[name]

    @role_required(*STAFF)
    @require_POST
    def view(request, pk):
        return _act(
            request, pk, name, STATUS_FORMS[name],
            lambda bailiff, data: bailiff_set_status(bailiff=bailiff, status=status, by=request.user, **data),
            success,
        )

    view.__name__ = name
    return view


suspend = _status_view("suspend")
terminate = _status_view("terminate")
exclude = _status_view("exclude")
reinstate = _status_view("reinstate")


@role_required(*STAFF)
@require_POST
def transfer(request, pk):
    return _act(
        request, pk, "transfer", TransferForm,
        lambda bailiff, data: bailiff_transfer(bailiff=bailiff, by=request.user, **data),
        _("The transfer is recorded; the open cases go to the other bailiffs of the old district."),
    )


@role_required(*STAFF)
@require_POST
def conflict(request, pk):
    return _act(
        request, pk, "conflict", ConflictForm,
        lambda bailiff, data: conflict_declare(bailiff=bailiff, by=request.user, **data),
        _("The conflict of interest is recorded: the bailiff receives no cases of this party."),
    )


# --- public ------------------------------------------------------------------------------------------


@require_GET
def public_registry(request):
    """Active bailiffs by region with their office contacts; no login."""
    form = PublicRegistryFilterForm(request.GET or None)
    qs = bailiffs_public()
    if form.is_valid() and form.cleaned_data["region"]:
        qs = qs.filter(region=form.cleaned_data["region"])
    page, query = _page(request, qs.order_by("region__code", "full_name", "id"), per_page=100)
    return render(request, "bailiffs/public_registry.html", {"form": form, "page": page, "query": query})
