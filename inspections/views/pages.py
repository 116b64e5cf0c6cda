"""The inspection list (staff: the region's; bailiff: his or her own), the inspection page, the act and the
candidates for an inspection."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from bailiffs.models import Bailiff
from bailiffs.selectors import bailiffs_search
from chamber_portal.core.access import acts_for_chamber, role_required
from chamber_portal.core.exports import Column, export_format, export_response
from complaints.selectors import complaints_visible_to

from ..forms import DEFAULT_PERIOD_DAYS, CandidatesForm, InspectionFilterForm
from ..models import Ground, Inspection, InspectionStatus
from ..selectors import Thresholds, inspection_candidates, inspections_visible_to
from .common import STAFF, STAFF_AND_BAILIFF, detail_context

OPEN_STATUSES = [InspectionStatus.ORDERED, InspectionStatus.IN_PROGRESS]


def _page(request, qs, per_page: int):
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _filtered(form: InspectionFilterForm, qs):
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["outcome"]:
        qs = qs.filter(outcome=data["outcome"])
    if data.get("q"):
        qs = qs.filter(bailiff__in=bailiffs_search(Bailiff.objects.all(), data["q"]).values("pk"))
    if data["ordered_from"]:
        qs = qs.filter(ordered_on__gte=data["ordered_from"])
    if data["ordered_to"]:
        qs = qs.filter(ordered_on__lte=data["ordered_to"])
    return qs


@role_required(*STAFF_AND_BAILIFF)
@require_GET
def inspection_list(request):
    """Staff: the region's inspections (national staff: all), the latest order first; bailiff: his or her own.
    One query for the page whatever its length (plus the count and the inspectors)."""
    staff = acts_for_chamber(request.user)
    form = InspectionFilterForm(request.GET or None, staff=staff)
    qs = (_filtered(form, inspections_visible_to(request.user))
          .annotate(cases_count=Count("cases"))
          .prefetch_related("inspectors")
          .order_by("-ordered_on", "-id"))
    if fmt := export_format(request):
        if not staff:  # the export is the Chamber's list; the bailiff reads his or her own on the page
            raise Http404
        return export_response(qs, LIST_COLUMNS, base_name="inspections", fmt=fmt, title=gettext_lazy("Inspections"))
    page, query = _page(request, qs, per_page=25)
    return render(request, "inspections/inspection_list.html",
                  {"form": form, "page": page, "query": query, "staff": staff})


LIST_COLUMNS = [
    Column(gettext_lazy("Order number"), lambda i: i.order_number),
    Column(gettext_lazy("Order date"), lambda i: i.ordered_on),
    Column(gettext_lazy("Bailiff"), lambda i: i.bailiff.full_name, width=30),
    Column(gettext_lazy("Region"), lambda i: i.region.code, width=10),
    Column(gettext_lazy("Grounds"), lambda i: "; ".join(i.ground_labels()), width=40),
    Column(gettext_lazy("Activity examined from"), lambda i: i.period_from),
    Column(gettext_lazy("Activity examined to"), lambda i: i.period_to),
    Column(gettext_lazy("Inspectors"), lambda i: ", ".join(u.display_name for u in i.inspectors.all()), width=40),
    Column(gettext_lazy("Cases examined"), lambda i: i.cases_count),
    Column(gettext_lazy("Status"), lambda i: i.get_status_display()),
    Column(gettext_lazy("Outcome"), lambda i: i.get_outcome_display(), width=22),
    Column(gettext_lazy("Warning issued"), lambda i: i.warning),
    Column(gettext_lazy("Referred to the disciplinary commission"), lambda i: i.referral_id is not None),
    Column(gettext_lazy("Petition to suspend the licence"), lambda i: i.petition_suspend),
    Column(gettext_lazy("Objections due by"), lambda i: i.objection_due),
]


@role_required(*STAFF_AND_BAILIFF)
@require_GET
def inspection_detail(request, pk):
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    return render(request, "inspections/inspection_detail.html", detail_context(request, inspection))


@role_required(*STAFF_AND_BAILIFF)
@require_GET
def inspection_act(request, pk):
    """The act, printable (or saved as PDF by the browser). Staff may print a draft while the inspection runs;
    the bailiff reads the act once it is complete."""
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    completed = inspection.status == InspectionStatus.COMPLETED
    if not completed and not acts_for_chamber(request.user):
        raise Http404
    context = detail_context(request, inspection)
    context.update({"draft": not completed, "show_findings": True,
                    "objection_days": settings.INSPECTION_OBJECTION_WORKING_DAYS})
    return render(request, "inspections/act.html", context)


def _default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=DEFAULT_PERIOD_DAYS), today


def _period(form: CandidatesForm) -> tuple[date, date]:
    since, until = _default_period()
    if form.is_bound and form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    return since, until


def _order_link(bailiff, passed: dict, complaint_ids: list[int], since: date, until: date) -> str:
    """The order form, filled in: the bailiff, the grounds, the complaints of the period and the period."""
    grounds = Ground.COMPLAINTS if passed["complaints"] else Ground.OWN_INITIATIVE
    note = _("Candidate for an inspection, %(since)s – %(until)s: complaints %(complaints)s, breaches confirmed "
             "%(breaches)s, initiations overdue %(overdue)s.") % {
        "since": date_format(since, "SHORT_DATE_FORMAT"), "until": date_format(until, "SHORT_DATE_FORMAT"),
        "complaints": bailiff.complaints_count, "breaches": bailiff.breaches_count,
        "overdue": bailiff.overdue_initiations_count,
    }
    query = [("bailiff", bailiff.pk), ("grounds", grounds)]
    if passed["complaints"]:
        query += [("complaints", pk) for pk in complaint_ids]
    query += [("period_from", since.isoformat()), ("period_to", until.isoformat()), ("grounds_note", note)]
    return f"{reverse('inspections:inspection_order')}?{urlencode(query)}"


@role_required(*STAFF)
@require_GET
def candidates(request):
    """Bailiffs whose complaints, confirmed breaches or late initiations in the period reach a threshold, with
    the three figures, the thresholds they reached, and a link to order an inspection."""
    default_since, default_until = _default_period()
    form = CandidatesForm(request.GET or None, initial={"since": default_since, "until": default_until})
    since, until = _period(form)
    thresholds = Thresholds.from_settings()
    open_inspection = Inspection.objects.filter(bailiff=OuterRef("pk"), status__in=OPEN_STATUSES)
    qs = inspection_candidates(request.user, since=since, until=until, thresholds=thresholds).annotate(
        has_open_inspection=Exists(open_inspection))
    page, query = _page(request, qs, per_page=50)
    complaint_ids: dict[int, list[int]] = {}
    for bailiff_id, pk in (complaints_visible_to(request.user)
                           .filter(bailiff__in=[b.pk for b in page], filed_at__date__gte=since,
                                   filed_at__date__lte=until)
                           .order_by("filed_at", "id").values_list("bailiff_id", "pk")):
        complaint_ids.setdefault(bailiff_id, []).append(pk)
    for bailiff in page:
        passed = {
            "complaints": bailiff.complaints_count >= thresholds.complaints,
            "breaches": bailiff.breaches_count >= thresholds.breaches,
            "overdue": bailiff.overdue_initiations_count >= thresholds.overdue_initiations,
        }
        bailiff.passed = passed
        bailiff.order_url = _order_link(bailiff, passed, complaint_ids.get(bailiff.pk, []), since, until)
    return render(request, "inspections/candidates.html", {
        "form": form, "page": page, "query": query, "since": since, "until": until, "thresholds": thresholds,
    })
