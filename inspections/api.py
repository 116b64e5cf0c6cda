"""Unscheduled inspections under /api/v1/inspections/ and the candidates under /api/v1/inspection-candidates/
(docs/domain.md §4, docs/architecture.md §7; ADR 0008).

Every inspection comes from `inspections_visible_to`: staff of the bailiff's region (national staff: all), the
bailiff his or her own, nobody else (an empty list, a 404). Ids named in a request body (bailiff, inspectors,
complaints, cases) are looked up among what the caller may see, so a foreign id is a 400 "not found", never a
leak. The rules live in the services: a TransitionError becomes 409, a ValidationError 400, a PermissionDenied
403 (e.g. a bailiff who sees the inspection but may not start it).
"""

from datetime import date, timedelta

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bailiffs.selectors import bailiffs_visible_to
from chamber_portal.core.access import acts_for_chamber, staff_of_region_q
from chamber_portal.core.api_helpers import (
    CONFLICT,
    FORBIDDEN,
    NOT_VISIBLE,
    ServiceActionsMixin,
    TransitionErrorOutput,
    VisibleRelatedField,
)
from chamber_portal.core.models import Region, Role, User
from complaints.models import DisciplinaryCaseStatus
from complaints.selectors import complaints_visible_to
from intake.selectors import applications_visible_to

from .models import Ground, InspectedCase, Inspection, InspectionOutcome, InspectionStatus, Objection, PetitionOutcome
from .selectors import Thresholds, inspection_candidates, inspections_visible_to
from .services import (
    inspection_add_case,
    inspection_complete,
    inspection_object,
    inspection_order,
    inspection_petition_carry_out,
    inspection_record_finding,
    inspection_start,
)
from .services.lifecycle import (
    PERIOD_REVERSED,
    require_inspected_bailiff,
    require_inspection_staff,
    require_petition_staff,
)

ONLY_STAFF = _("Only Chamber staff order and run inspections.")
# The candidates' period when the caller names none: the last quarter or so.
CANDIDATES_DEFAULT_DAYS = 90
MAX_SEED = 2**63 - 1  # the column is a bigint; the service draws 48 random bits when none is given

THRESHOLD_CHOICES = [
    ("complaints", _("Complaints filed")),
    ("breaches", _("Breaches confirmed")),
    ("overdue_initiations", _("Initiations overdue")),
]



def _inspectors(user: User):
    """Who may be named an inspector: staff of the caller's region and national staff (all, for national staff).
    The service then checks that they belong to the bailiff's region or are national."""
    if not acts_for_chamber(user):
        return User.objects.none()
    qs = User.objects.filter(role=Role.STAFF, is_active=True)
    if user.region_id is not None:
        qs = qs.filter(staff_of_region_q(user.region_id))
    return qs


class IsStaff(permissions.BasePermission):
    message = ONLY_STAFF

    def has_permission(self, request, view) -> bool:
        return bool(request.user and acts_for_chamber(request.user))


# --- filters ------------------------------------------------------------------------------------------


class InspectionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=InspectionStatus.choices)
    outcome = django_filters.ChoiceFilter(choices=InspectionOutcome.choices)
    bailiff = django_filters.NumberFilter(field_name="bailiff_id", label=_("bailiff"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code",
                                              label=_("region"))
    ordered_after = django_filters.DateFilter(field_name="ordered_on", lookup_expr="gte",
                                              label=_("ordered on or after"))
    ordered_before = django_filters.DateFilter(field_name="ordered_on", lookup_expr="lte",
                                               label=_("ordered on or before"))

    class Meta:
        model = Inspection
        fields = ["status", "outcome", "bailiff", "region", "ordered_after", "ordered_before"]


# --- output -------------------------------------------------------------------------------------------


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class ReferralOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(source="source_reference",
                                      help_text=_("The referral's reference: the inspection act."))
    status = serializers.ChoiceField(choices=DisciplinaryCaseStatus.choices)


class MeasuresOutput(serializers.Serializer):
    warning = serializers.BooleanField()
    referral = ReferralOutput(allow_null=True, help_text=_("The disciplinary case the act referred the bailiff "
                                                           "to (complaints module), if any."))
    petition_suspend = serializers.BooleanField(help_text=_("The act petitions the licensor to suspend the "
                                                            "licence."))
    petition_outcome = serializers.ChoiceField(choices=PetitionOutcome.choices, allow_blank=True, help_text=_(
        "The licensor's decision on the petition, as staff recorded it; empty while none is recorded."))
    petition_order_reference = serializers.CharField(help_text=_("The licensor's order deciding on the petition."))
    petition_decided_on = serializers.DateField(allow_null=True, help_text=_("When the licensor decided."))
    petition_carried_out_on = serializers.DateField(allow_null=True, help_text=_(
        "Granted: the day the suspension takes effect in the registry."))


class InspectedCaseOutput(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference", read_only=True)

    class Meta:
        model = InspectedCase
        fields = ["id", "application", "reference", "source", "finding", "violation"]
        read_only_fields = fields

    def to_representation(self, case):
        data = super().to_representation(case)
        # The inspectors' working findings reach the bailiff only with the completed act (as on the web page).
        request = self.context.get("request")
        user = getattr(request, "user", None)
        staff = user is not None and (user.is_chamber_staff or user.is_administrator)
        if not staff and case.inspection.status != InspectionStatus.COMPLETED:
            data["finding"], data["violation"] = None, None
        return data


class ObjectionOutput(serializers.ModelSerializer):
    filed_by_name = serializers.CharField(source="filed_by.display_name", read_only=True)

    class Meta:
        model = Objection
        fields = ["id", "text", "filed_at", "filed_by", "filed_by_name"]
        read_only_fields = fields


class InspectionListOutput(serializers.ModelSerializer):
    bailiff_name = serializers.CharField(source="bailiff.full_name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grounds = serializers.ListField(child=serializers.ChoiceField(choices=Ground.choices), read_only=True)
    outcome = serializers.ChoiceField(choices=InspectionOutcome.choices, allow_null=True, read_only=True,
                                      help_text=_("Null until the act is completed."))
    measures = MeasuresOutput(source="*", read_only=True)
    objections_open = serializers.SerializerMethodField(help_text=_("The bailiff may still object to the act."))

    class Meta:
        model = Inspection
        fields = [
            "id", "bailiff", "bailiff_name", "region", "status", "grounds", "order_number", "ordered_on",
            "ordered_by", "period_from", "period_to", "planned_start", "planned_end", "sample_size", "sample_seed",
            "started_on", "completed_on", "outcome", "measures", "objection_due", "objections_open", "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["outcome"] = data["outcome"] or None
        return data

    def get_objections_open(self, inspection) -> bool:
        return (inspection.status == InspectionStatus.COMPLETED and inspection.objection_due is not None
                and timezone.localdate() <= inspection.objection_due)


class InspectionOutput(InspectionListOutput):
    """An inspection in full: the order, the sample with its findings, the act, measures and objections."""

    inspectors = PersonOutput(many=True, read_only=True)
    complaints = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                                    help_text=_("The complaints the inspection was ordered on."))
    cases = InspectedCaseOutput(many=True, read_only=True)
    objections = ObjectionOutput(many=True, read_only=True)

    class Meta(InspectionListOutput.Meta):
        fields = [
            "id", "bailiff", "bailiff_name", "region", "status", "grounds", "grounds_note", "complaints",
            "order_number", "ordered_on", "ordered_by", "inspectors", "period_from", "period_to", "planned_start",
            "planned_end", "sample_size", "sample_seed", "started_on", "completed_on", "outcome", "findings",
            "measures", "objection_due", "objections_open", "created_at", "updated_at", "cases", "objections",
        ]
        read_only_fields = fields


class InspectionCandidateOutput(serializers.Serializer):
    bailiff = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="full_name")
    region = serializers.CharField(source="region.code")
    complaints = serializers.IntegerField(source="complaints_count", help_text=_("Complaints filed in the period."))
    breaches = serializers.IntegerField(source="breaches_count",
                                        help_text=_("Breach decisions dated in the period, not set aside."))
    overdue_initiations = serializers.IntegerField(source="overdue_initiations_count",
                                                   help_text=_("Initiations due in the period and decided late, "
                                                               "or still undecided past the due date."))
    thresholds_passed = serializers.SerializerMethodField(help_text=_("The figures that reach their threshold."))

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=THRESHOLD_CHOICES)))
    def get_thresholds_passed(self, bailiff) -> list[str]:
        t: Thresholds = self.context["thresholds"]
        return [name for name, count, limit in (
            ("complaints", bailiff.complaints_count, t.complaints),
            ("breaches", bailiff.breaches_count, t.breaches),
            ("overdue_initiations", bailiff.overdue_initiations_count, t.overdue_initiations),
        ) if count >= limit]


# --- input --------------------------------------------------------------------------------------------


class InspectionInput(serializers.Serializer):
    bailiff = VisibleRelatedField(scope=bailiffs_visible_to, help_text=_("A bailiff of your region."))
    grounds = serializers.MultipleChoiceField(choices=Ground.choices, allow_empty=False,
                                              help_text=_("One or more grounds."))
    grounds_note = serializers.CharField(required=False, allow_blank=True, default="")
    complaints = VisibleRelatedField(scope=complaints_visible_to, many=True, required=False,
                                     help_text=_("Complaints about this bailiff the inspection is ordered on."))
    order_number = serializers.CharField(max_length=64)
    ordered_on = serializers.DateField()
    period_from = serializers.DateField(help_text=_("The activity examined: from."))
    period_to = serializers.DateField(help_text=_("The activity examined: to, by the order date."))
    planned_start = serializers.DateField(required=False, allow_null=True,
                                          help_text=_("Default: the order date."))
    planned_end = serializers.DateField(required=False, allow_null=True,
                                        help_text=_("Default: the planned start."))
    inspectors = VisibleRelatedField(scope=_inspectors, many=True,
                                     help_text=_("Staff of the bailiff's region or national staff."))
    sample_size = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0,
                                           help_text=_("Cases drawn at random from those the bailiff received in "
                                                       "the period examined."))
    cases = VisibleRelatedField(scope=applications_visible_to, many=True, required=False,
                                help_text=_("Applications the bailiff has held, examined in addition to the "
                                            "random sample."))
    seed = serializers.IntegerField(min_value=0, max_value=MAX_SEED, required=False, allow_null=True,
                                    help_text=_("The seed of the random draw; default: 48 random bits. The same "
                                                "seed over the same cases draws the same sample."))

    def to_service(self, data: dict) -> dict:
        """The validated body as inspection_order's keyword arguments, with the planned dates' defaults."""
        data = dict(data)
        # Keep the order of the list the grounds are defined in, not a set's.
        data["grounds"] = [code for code in Ground.values if code in data["grounds"]]
        data["planned_start"] = data.get("planned_start") or data["ordered_on"]
        data["planned_end"] = data.get("planned_end") or data["planned_start"]
        data["complaints"] = data.get("complaints") or []
        data["added_cases"] = data.pop("cases", None) or []
        return data


class AddCaseInput(serializers.Serializer):
    application = VisibleRelatedField(scope=applications_visible_to,
                                      help_text=_("An application the bailiff has held."))


class StartInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, help_text=_("Default: today."))


class FindingInput(serializers.Serializer):
    finding = serializers.CharField()
    violation = serializers.BooleanField(allow_null=True, help_text=_("null: not established."))


class CompleteInput(serializers.Serializer):
    completed_on = serializers.DateField(required=False, allow_null=True, help_text=_("Default: today."))
    outcome = serializers.ChoiceField(choices=InspectionOutcome.choices)
    findings = serializers.CharField(required=False, allow_blank=True, default="",
                                     help_text=_("Required when violations were found."))
    warning = serializers.BooleanField(required=False, default=False)
    refer = serializers.BooleanField(required=False, default=False,
                                     help_text=_("Refer the bailiff to the disciplinary commission: opens a "
                                                 "disciplinary case."))
    petition_suspend = serializers.BooleanField(required=False, default=False,
                                                help_text=_("Petition the licensor to suspend the licence; staff "
                                                            "record its decision with carry-out-petition/."))


class ObjectionInput(serializers.Serializer):
    text = serializers.CharField()


class CarryOutInput(serializers.Serializer):
    """The licensor's decision on the petition (the Chamber does not suspend a licence itself; ADR 0010)."""

    outcome = serializers.ChoiceField(choices=PetitionOutcome.choices, required=False,
                                      default=PetitionOutcome.GRANTED, help_text=_("Default: granted."))
    order_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                            help_text=_("Required: the licensor's order (its number and date)."))
    decided_on = serializers.DateField(required=False, allow_null=True, help_text=_(
        "The day of the licensor's order. Default: today."))
    effective_on = serializers.DateField(required=False, allow_null=True, help_text=_(
        "Granted: the suspension takes effect on this day. Default: the day of the order."))


# Rules No. 652 apply from 2 March 2026; nothing before 2000 is a real period here (and date arithmetic on
# year 1 overflows).
EARLIEST = date(2000, 1, 1)
TOO_EARLY = _("Choose a date from 2000 on.")


class CandidatesQuery(serializers.Serializer):
    since = serializers.DateField(required=False, help_text=_("Default: 90 days before `until`."))
    until = serializers.DateField(required=False, help_text=_("Default: today."))

    def validate(self, attrs):
        attrs["until"] = attrs.get("until") or timezone.localdate()
        if attrs["until"] < EARLIEST:
            raise serializers.ValidationError({"until": [TOO_EARLY]})
        attrs["since"] = attrs.get("since") or attrs["until"] - timedelta(days=CANDIDATES_DEFAULT_DAYS)
        if attrs["until"] < attrs["since"]:
            raise serializers.ValidationError({"until": [PERIOD_REVERSED]})
        return attrs


# --- views --------------------------------------------------------------------------------------------

CASE_ID = OpenApiParameter("case_id", OpenApiTypes.INT, OpenApiParameter.PATH,
                           description=_("The inspected case's `id` (not the application's)."))


def _in_full(qs):
    """What InspectionOutput reads, in a fixed number of queries."""
    return qs.prefetch_related(
        "inspectors", "complaints",
        Prefetch("cases", queryset=InspectedCase.objects.select_related("application")),
        Prefetch("objections", queryset=Objection.objects.select_related("filed_by")),
    )


class InspectionViewSet(ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Unscheduled inspections: staff of the bailiff's region (national staff: all); the bailiff his or her own."""

    filterset_class = InspectionFilter
    # start, cases, finding, complete: the inspection's staff; objections and the petition their own.
    default_check = staticmethod(require_inspection_staff)
    action_checks = {"objections": require_inspected_bailiff, "carry_out_petition": require_petition_staff}

    def get_queryset(self):
        qs = inspections_visible_to(self.request.user)
        return _in_full(qs) if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return InspectionListOutput if self.action == "list" else InspectionOutput

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated(), IsStaff()]
        return super().get_permissions()

    def _output(self, inspection: Inspection, code: int = status.HTTP_200_OK) -> Response:
        # Read again through the selector, with its joins, as the caller sees it after the change.
        inspection = _in_full(self.get_queryset()).get(pk=inspection.pk)
        return Response(InspectionOutput(inspection, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="Inspections the caller may see: staff of their region, the bailiff his or her own")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="An inspection with its sample of cases, findings, measures and objections",
                   responses={200: InspectionOutput, 404: NOT_VISIBLE})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=InspectionInput, responses={201: InspectionOutput, 403: FORBIDDEN},
        summary="Order an unscheduled inspection (staff)",
        description=_("Draws `sample_size` cases at random, with `seed` (recorded), from the cases the bailiff "
                      "received in the period examined, and adds `cases`. The bailiff is told."),
    )
    def create(self, request, *args, **kwargs):
        serializer = InspectionInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        inspection = inspection_order(by=request.user, **serializer.to_service(serializer.validated_data))
        return self._output(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=StartInput, responses={200: InspectionOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                  409: CONFLICT},
                   summary="Start the inspection (staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def start(self, request, pk=None):
        inspection = self.get_object()
        data = self._input(StartInput)
        return self._output(inspection_start(inspection=inspection, by=request.user, on=data.get("on")))

    @extend_schema(request=AddCaseInput, responses={201: InspectedCaseOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                    409: CONFLICT},
                   summary="Add a case the bailiff has held to the inspection (staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def cases(self, request, pk=None):
        inspection = self.get_object()
        data = self._input(AddCaseInput)
        case = inspection_add_case(inspection=inspection, application=data["application"], by=request.user)
        case = InspectedCase.objects.select_related("application").get(pk=case.pk)
        return Response(InspectedCaseOutput(case, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[CASE_ID], request=FindingInput,
                   responses={200: InspectedCaseOutput, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
                   summary="Record the finding on an inspected case, while in progress (staff)")
    @action(detail=True, methods=["post"], url_path=r"cases/(?P<case_id>[0-9]+)/finding", url_name="case-finding",
            filter_backends=[])
    def finding(self, request, pk=None, case_id=None):
        inspection = self.get_object()
        case = get_object_or_404(InspectedCase.objects.select_related("application"), inspection=inspection,
                                 pk=case_id)
        data = self._input(FindingInput)
        case = inspection_record_finding(case=case, by=request.user, **data)
        return Response(InspectedCaseOutput(case, context=self.get_serializer_context()).data)

    @extend_schema(request=CompleteInput, responses={200: InspectionOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                     409: CONFLICT},
                   summary="Complete the act: outcome, findings and measures (staff)",
                   description=_("`refer` opens a disciplinary case (see `measures.referral`); `petition_suspend` "
                                 "goes to the licensor, whose decision staff record with carry-out-petition/. The "
                                 "bailiff may object within the configured "
                                 "working days (`objection_due`)."))
    @action(detail=True, methods=["post"], filter_backends=[])
    def complete(self, request, pk=None):
        inspection = self.get_object()
        data = self._input(CompleteInput)
        data["completed_on"] = data.get("completed_on") or timezone.localdate()
        return self._output(inspection_complete(inspection=inspection, by=request.user, **data))

    @extend_schema(methods=["GET"], request=None, responses={200: ObjectionOutput(many=True), 404: NOT_VISIBLE},
                   summary="The bailiff's objections to the act")
    @extend_schema(methods=["POST"], request=ObjectionInput,
                   responses={201: ObjectionOutput, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: OpenApiResponse(
                       TransitionErrorOutput, description=_("`invalid_state`: the act is not completed; "
                                                        "`objections_closed`: the period for objections ended."))},
                   summary="Object to the act, within the period for objections (the bailiff inspected)")
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def objections(self, request, pk=None):
        inspection = self.get_object()
        if request.method == "GET":
            return Response(ObjectionOutput(inspection.objections.all(), many=True).data)
        data = self._input(ObjectionInput)
        objection = inspection_object(inspection=inspection, by=request.user, **data)
        return Response(ObjectionOutput(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CarryOutInput, responses={200: InspectionOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                     409: OpenApiResponse(TransitionErrorOutput, description=_(
                                                         "`no_petition`, `already_carried_out` (the "
                                                         "licensor's decision is recorded), `not_active`, or "
                                                         "`invalid_state`: the act is not completed."))},
                   summary="Record the licensor's decision on the act's petition (staff): granted, the registry "
                           "records the suspension on the licensor's order and the open cases are redistributed",
                   description=_("The Chamber petitions; the licensor (the Ministry of Justice) suspends. "
                                 "`order_reference` is required; `outcome` defaults to `granted`."))
    @action(detail=True, methods=["post"], url_path="carry-out-petition", url_name="carry-out-petition",
            filter_backends=[])
    def carry_out_petition(self, request, pk=None):
        inspection = self.get_object()
        data = self._input(CarryOutInput)
        return self._output(inspection_petition_carry_out(inspection=inspection, by=request.user, **data))


class InspectionCandidateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Bailiffs whose complaints, confirmed breaches or late initiations in a period reach the thresholds."""

    serializer_class = InspectionCandidateOutput
    permission_classes = [permissions.IsAuthenticated, IsStaff]
    filter_backends = []

    @extend_schema(parameters=[CandidatesQuery], responses={200: InspectionCandidateOutput(many=True), 403: FORBIDDEN},
                   summary="Candidates for an unscheduled inspection in a period (staff)",
                   description=_("Bailiffs of the caller's region (national staff: all) whose figures in "
                                 "[`since`, `until`] reach any threshold (INSPECTION_CANDIDATE_* settings), "
                                 "most breaches first."))
    def list(self, request, *args, **kwargs):
        query = CandidatesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        thresholds = Thresholds.from_settings()
        qs = inspection_candidates(request.user, thresholds=thresholds, **query.validated_data)
        page = self.paginate_queryset(qs)
        context = {**self.get_serializer_context(), "thresholds": thresholds}
        return self.get_paginated_response(InspectionCandidateOutput(page, many=True, context=context).data)
