"""The distribution log and redistribution under /api/v1/ (docs/domain.md §5, docs/architecture.md §7).

`distribution-log/`: staff read the decisions of their region in full; a lawyer reads the decisions of his
or her own applications, without the other candidates (other people's data).
`applications/{id}/redistribute/`: staff take a case from its bailiff for a lawful reason; a reason of the
bailiff's own is refused with 409 `ground_not_established` unless the registry shows it on the day, Clause 12
with 409 `breach_decision_not_in_force` until a breach decision is in force; `territorial_transfer` takes the new
district (`region`) and the case joins that district's rotation (docs/adr/0010).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from bailiffs.models import Bailiff
from bailiffs.selectors import bailiffs_visible_to
from chamber_portal.core.api_helpers import ServiceChecksMixin, TransitionErrorOutput
from chamber_portal.core.forms import BootstrapMixin
from chamber_portal.core.models import Region
from intake.selectors import applications_visible_to
from intake.services.common import require_staff

from .models import REDISTRIBUTION_REASONS, DistributionDecision, Exclusion, Reason
from .selectors import chosen_position, decisions_visible_to, sees_full_log
from .services import application_redistribute

REDISTRIBUTION_CHOICES = [(reason, Reason(reason).label) for reason in REDISTRIBUTION_REASONS]


def explanation(decision: DistributionDecision) -> str:
    """Why this bailiff, in words a claimant understands, naming nobody else."""
    count = len(decision.candidates or [])
    if chosen_position(decision) == 1:
        return ngettext(
            "The bailiff had waited longest since his or her last case among %(count)d eligible bailiff of the "
            "region.",
            "The bailiff had waited longest since his or her last case among %(count)d eligible bailiffs of the "
            "region.",
            count,
        ) % {"count": count}
    return ngettext(
        "The bailiff was number %(position)d in the rotation among %(count)d eligible bailiff of the region.",
        "The bailiff was number %(position)d in the rotation among %(count)d eligible bailiffs of the region.",
        count,
    ) % {"position": chosen_position(decision), "count": count}


# --- filters ------------------------------------------------------------------------------------------


class FilterForm(BootstrapMixin, forms.Form):
    pass


def _bailiff_choices(request):
    user = getattr(request, "user", None)
    if user is not None and sees_full_log(user):
        return bailiffs_visible_to(user)
    return Bailiff.objects.all()


class DecisionFilter(django_filters.FilterSet):
    # A region's decisions and those that took a case out of it by a territorial transfer.
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code",
                                              label=_("Region"), empty_label=_("Any region"),
                                              method="filter_region")
    reason = django_filters.ChoiceFilter(choices=Reason.choices, label=_("Reason"), empty_label=_("Any reason"))
    # Days in Asia/Almaty: `__date` reads the time in the current time zone.
    decided_after = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"),
                                              widget=forms.DateInput(attrs={"type": "date"}))
    decided_before = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"),
                                               widget=forms.DateInput(attrs={"type": "date"}))
    bailiff = django_filters.ModelChoiceFilter(field_name="chosen", queryset=_bailiff_choices,
                                               label=_("Chosen bailiff"), empty_label=_("Any bailiff"))
    application = django_filters.NumberFilter(field_name="application_id", label=_("Application"))

    class Meta:
        model = DistributionDecision
        fields = ["region", "reason", "decided_after", "decided_before", "bailiff", "application"]
        form = FilterForm

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(region=value) | Q(from_region=value)) if value else queryset


# --- output -------------------------------------------------------------------------------------------


class CandidateOutput(serializers.Serializer):
    bailiff = serializers.IntegerField()
    name = serializers.CharField()
    last_turn = serializers.IntegerField(allow_null=True, help_text=_("The turn of the bailiff's last case; "
                                                                      "null: never served in the region."))


class ExcludedOutput(serializers.Serializer):
    bailiff = serializers.IntegerField()
    name = serializers.CharField()
    reason = serializers.ChoiceField(choices=Exclusion.choices)


class DecisionOutput(serializers.ModelSerializer):
    """A decision in full, as the Chamber keeps it."""

    reference = serializers.CharField(source="application.reference", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    from_region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True, help_text=_(
        "A territorial transfer: the district the case left (its chamber's log shows the decision too)."))
    chosen_name = serializers.CharField(source="chosen.full_name", read_only=True)
    candidates = CandidateOutput(many=True, read_only=True)
    excluded = ExcludedOutput(many=True, read_only=True)
    eligible_count = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(source="at", read_only=True, help_text=_(
        "The log is append-only: a decision never changes after `at`, its time."))

    class Meta:
        model = DistributionDecision
        fields = ["id", "at", "application", "reference", "region", "from_region", "reason", "rule", "rule_version",
                  "turn", "chosen", "chosen_name", "previous_bailiff", "by", "eligible_count", "position",
                  "explanation", "candidates", "excluded", "updated_at"]
        read_only_fields = fields

    def get_eligible_count(self, decision) -> int:
        return len(decision.candidates or [])

    def get_position(self, decision) -> int:
        return chosen_position(decision)

    def get_explanation(self, decision) -> str:
        return explanation(decision)


class LawyerDecisionOutput(DecisionOutput):
    """What a lawyer may know about the decision on his or her own case: no other candidate."""

    class Meta(DecisionOutput.Meta):
        fields = ["id", "at", "application", "reference", "reason", "rule", "rule_version", "turn", "chosen_name",
                  "eligible_count", "position", "explanation", "updated_at"]
        read_only_fields = fields


class DistributionLogViewSet(viewsets.ReadOnlyModelViewSet):
    """The append-only decisions, newest first: staff of their region in full; a lawyer of own applications and
    a bailiff of the cases held now, without the other candidates."""

    filterset_class = DecisionFilter
    # ?updated_after= (chamber_portal.core.api_lists): an append-only row changes only when it is written.
    updated_at_field = "at"

    def get_queryset(self):
        return decisions_visible_to(self.request.user)

    def get_serializer_class(self):
        return DecisionOutput if sees_full_log(self.request.user) else LawyerDecisionOutput

    @extend_schema(responses=DecisionOutput(many=True),
                   description="Staff get every field, for their region. A lawyer gets the decisions of his or her "
                               "own applications with id, at, application, reference, reason, rule, rule_version, "
                               "turn, chosen_name, eligible_count, position and explanation only.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=DecisionOutput, description="A lawyer gets the reduced fields of the list.")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


# --- redistribution -----------------------------------------------------------------------------------


class RedistributeInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=REDISTRIBUTION_CHOICES, help_text=_(
        "A reason of the bailiff's own must be what the registry shows on the day (409 `ground_not_established`)."))
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False,
                                          allow_null=True, default=None, help_text=_(
                                              "For `territorial_transfer` only, and required for it: the new "
                                              "enforcement district's code, e.g. KZ-71."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RedistributeOutput(serializers.Serializer):
    application = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    assigned_bailiff = serializers.IntegerField(source="assigned_bailiff_id", allow_null=True)
    decision = DecisionOutput(allow_null=True, help_text=_("Null when no bailiff of the region is eligible: the "
                                                            "application waits, flagged for the Chamber."))


class ApplicationRedistributeApi(ServiceChecksMixin, APIView):
    """Take the case from its bailiff for a lawful reason and appoint another by the same rotation."""

    action_checks = {"post": require_staff}  # application_redistribute's own check, before the body is read

    @extend_schema(
        request=RedistributeInput,
        responses={
            200: RedistributeOutput,
            404: OpenApiResponse(description=_("Not an application of the caller's region, or not staff.")),
            400: OpenApiResponse(description=_("Bad input, e.g. `region` missing for a territorial transfer or "
                                               "the case's own district.")),
            409: OpenApiResponse(TransitionErrorOutput, description=_(
                "Not held by a bailiff (`not_assigned`); a ground the registry does not show on the day, the "
                "message naming what is missing (`ground_not_established`); or clause 12 without a breach decision "
                "in force (`breach_decision_not_in_force`).")),
        },
        summary="Redistribute a case (staff)",
    )
    def post(self, request, pk):
        if not sees_full_log(request.user):
            raise Http404
        application = self.looked_up(get_object_or_404(applications_visible_to(request.user), pk=pk))
        serializer = RedistributeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = application_redistribute(application=application, by=request.user, **serializer.validated_data)
        application.refresh_from_db()
        if decision is not None:
            decision = decisions_visible_to(request.user).filter(pk=decision.pk).first() or decision
        application.decision = decision
        return Response(RedistributeOutput(application).data)
