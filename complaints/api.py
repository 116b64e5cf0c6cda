"""Complaints, breach decisions and held reassignments under /api/v1/ (docs/domain.md §4, docs/architecture.md §7;
Rules No. 652, clause 12).

Every record comes from a selector (`complaints_visible_to`, `breach_decisions_visible_to`,
`reassignments_visible_to`), so what a user may not see is a 404. An application or a bailiff named in a request
body is looked up among the caller's visible applications, so a foreign id is a 400 "not found", never a leak.
The rules live in the services: a TransitionError becomes 409, a ValidationError 400, a PermissionDenied 403.
"""

import django_filters
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action

from bailiffs.models import Bailiff
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
from intake.selectors import applications_visible_to

from .models import (
    AppealStatus,
    BreachDecision,
    Complaint,
    ComplaintAttachment,
    ComplaintStatus,
    DecisionBody,
    DecisionOutcome,
    Ground,
    Reassignment,
    ReassignmentStatus,
)
from .rules import decision_in_force
from .selectors import (
    breach_decisions_visible_to,
    complaint_overdue,
    complaints_visible_to,
    reassignments_visible_to,
)
from .services import (
    breach_decision_appeal,
    breach_decision_appeal_decide,
    breach_decision_register,
    complaint_decide,
    complaint_explain,
    complaint_file,
    complaint_take,
    handover_record,
    hold_explanation,
    reassignment_release,
)
from .services.complaints import require_complained_bailiff, require_complaint_staff
from .services.decisions import require_decision_staff
from .services.reassignments import require_reassignment_staff

ONLY_LAWYERS_COMPLAIN = _("Only a claimant's lawyer files complaints.")
ONLY_STAFF = _("Only Chamber staff record breach decisions.")

HANDOVER_STEPS = [
    ("to_chamber", _("The old bailiff handed the file to the Chamber")),
    ("to_new_bailiff", _("The Chamber handed the file to the new bailiff")),
]


# --- fields -------------------------------------------------------------------------------------------


def _visible_applications(user: User):
    return applications_visible_to(user)


def _bailiffs_of_visible_cases(user: User):
    """A bailiff who held (or holds) one of the caller's visible applications."""
    return Bailiff.objects.filter(assignments__application__in=applications_visible_to(user)).distinct()


def _staff_colleagues(user: User):
    """Staff a complaint may be handed to: the caller's region's staff and national staff (all, for national)."""
    if not acts_for_chamber(user):
        return User.objects.none()
    qs = User.objects.filter(role=Role.STAFF, is_active=True)
    if user.region_id is not None:
        qs = qs.filter(staff_of_region_q(user.region_id))
    return qs


# --- filters ------------------------------------------------------------------------------------------


class ComplaintFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ComplaintStatus.choices)
    ground = django_filters.ChoiceFilter(choices=Ground.choices)
    outcome = django_filters.ChoiceFilter(choices=DecisionOutcome.choices)
    bailiff = django_filters.NumberFilter(field_name="bailiff_id", label=_("bailiff"))
    application = django_filters.NumberFilter(field_name="application_id", label=_("application"))
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code",
                                              label=_("region"))
    overdue = django_filters.BooleanFilter(method="filter_overdue",
                                           label=_("open past the date the decision was due"))

    class Meta:
        model = Complaint
        fields = ["status", "ground", "outcome", "bailiff", "application", "region", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=[ComplaintStatus.FILED, ComplaintStatus.UNDER_REVIEW],
                    due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class BreachDecisionFilter(django_filters.FilterSet):
    application = django_filters.NumberFilter(field_name="application_id", label=_("application"))
    bailiff = django_filters.NumberFilter(field_name="bailiff_id", label=_("bailiff"))
    body = django_filters.ChoiceFilter(choices=DecisionBody.choices)
    appeal_status = django_filters.ChoiceFilter(choices=AppealStatus.choices[1:])

    class Meta:
        model = BreachDecision
        fields = ["application", "bailiff", "body", "appeal_status"]


class ReassignmentFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReassignmentStatus.choices)
    application = django_filters.NumberFilter(field_name="application_id", label=_("application"))

    class Meta:
        model = Reassignment
        fields = ["status", "application"]


# --- output -------------------------------------------------------------------------------------------


def _absolute(serializer, name: str, **kwargs) -> str | None:
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url


class AttachmentOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintAttachment
        fields = ["id", "original_name", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str | None:
        return _absolute(self, "complaints:attachment_download", pk=attachment.complaint_id,
                         attachment_pk=attachment.pk)


class ComplaintOutput(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference", read_only=True)
    bailiff_name = serializers.CharField(source="bailiff.full_name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner_name = serializers.CharField(source="owner.display_name", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    breach_decision = serializers.SerializerMethodField(help_text=_("The breach decision recorded when the "
                                                                    "breach was confirmed, if any."))
    reassignment = serializers.SerializerMethodField(help_text=_("The change of bailiff requested with the "
                                                                 "complaint, if any (see reassignments/)."))
    attachments = AttachmentOutput(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id", "application", "reference", "bailiff", "bailiff_name", "region", "filed_by", "ground",
            "description", "request_new_bailiff", "status", "filed_at", "due_on", "overdue", "owner", "owner_name",
            "explanation", "explained_at", "outcome", "decision_date", "decided_at", "decision_note",
            "breach_decision", "reassignment", "attachments", "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, complaint) -> bool:
        return complaint_overdue(complaint)

    def get_breach_decision(self, complaint) -> int | None:
        return getattr(getattr(complaint, "breach_decision", None), "pk", None)

    def get_reassignment(self, complaint) -> int | None:
        return getattr(getattr(complaint, "reassignment", None), "pk", None)


class BreachDecisionOutput(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference", read_only=True)
    bailiff_name = serializers.CharField(source="bailiff.full_name", read_only=True)
    document_url = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField(help_text=_("In force today: past its date of entry into force, "
                                                             "and not under appeal or set aside."))

    class Meta:
        model = BreachDecision
        fields = [
            "id", "application", "reference", "bailiff", "bailiff_name", "complaint", "body", "decision_date",
            "effective_on", "in_force", "document_reference", "document_name", "document_url", "appeal_status",
            "appeal_filed_on", "appeal_decided_on", "recorded_at", "updated_at",
        ]
        read_only_fields = fields

    def get_document_url(self, decision) -> str | None:
        return _absolute(self, "complaints:decision_document", pk=decision.pk) if decision.document else None

    def get_in_force(self, decision) -> bool:
        return decision_in_force(decision, on=timezone.localdate())


class ReassignmentOutput(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference", read_only=True)
    bailiff_name = serializers.CharField(source="bailiff.full_name", read_only=True)
    new_bailiff_name = serializers.CharField(source="new_bailiff.full_name", read_only=True, allow_null=True)
    effective_on = serializers.DateField(source="decision.effective_on", read_only=True, allow_null=True,
                                         help_text=_("When the breach decision enters into force; null until one "
                                                     "is recorded."))
    appeal_status = serializers.ChoiceField(source="decision.appeal_status", choices=AppealStatus.choices,
                                            read_only=True, allow_null=True)
    held_because = serializers.SerializerMethodField(help_text=_("Why a held reassignment waits (clause 12); "
                                                                 "null once released or cancelled."))

    class Meta:
        model = Reassignment
        fields = [
            "id", "application", "reference", "bailiff", "bailiff_name", "complaint", "decision", "status",
            "held_because", "effective_on", "appeal_status", "requested_at", "released_at", "cancel_reason",
            "new_bailiff", "new_bailiff_name", "file_to_chamber_on", "file_to_new_bailiff_on", "updated_at",
        ]
        read_only_fields = fields

    def get_held_because(self, reassignment) -> str | None:
        if reassignment.status != ReassignmentStatus.HELD:
            return None
        return hold_explanation(reassignment)


# --- input --------------------------------------------------------------------------------------------


class ComplaintInput(serializers.Serializer):
    application = VisibleRelatedField(scope=_visible_applications, help_text=_("One of your assigned cases."))
    ground = serializers.ChoiceField(choices=Ground.choices)
    description = serializers.CharField()
    request_new_bailiff = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Ask for another bailiff: held until a decision confirming the breach is in force."))
    attachments = serializers.ListField(child=serializers.FileField(allow_empty_file=True), required=False,
                                        default=list, help_text=_("PDF files (multipart only)."))


class TakeInput(serializers.Serializer):
    owner = VisibleRelatedField(scope=_staff_colleagues, required=False, allow_null=True,
                                help_text=_("A colleague of the region to hand the complaint to; default: you."))


class ExplanationInput(serializers.Serializer):
    explanation = serializers.CharField()


class DecideInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decision_date = serializers.DateField()
    effective_on = serializers.DateField(
        required=False, allow_null=True,
        help_text=_("When a confirmed breach enters into force; default: the decision date plus the appeal period."))
    document_reference = serializers.CharField(max_length=200, help_text=_("The decision's number and date."))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False, allow_null=True, allow_empty_file=True,
                                     help_text=_("The decision as a PDF (multipart only)."))


class BreachDecisionInput(serializers.Serializer):
    application = VisibleRelatedField(scope=_visible_applications)
    bailiff = VisibleRelatedField(scope=_bailiffs_of_visible_cases,
                                  help_text=_("The bailiff in breach: one who held this case."))
    body = serializers.ChoiceField(choices=DecisionBody.choices)
    decision_date = serializers.DateField()
    effective_on = serializers.DateField(
        required=False, allow_null=True,
        help_text=_("When the decision enters into force: required for a court's; for the commission's default "
                    "the decision date plus the appeal period."))
    document_reference = serializers.CharField(max_length=200)
    request_reassignment = serializers.BooleanField(
        required=False, default=True,
        help_text=_("Hold the case for another bailiff until the decision is in force."))
    document = serializers.FileField(required=False, allow_null=True, allow_empty_file=True,
                                     help_text=_("The decision as a PDF (multipart only)."))


class AppealInput(serializers.Serializer):
    filed_on = serializers.DateField()


class AppealDecidedInput(serializers.Serializer):
    upheld = serializers.BooleanField(help_text=_("true: the decision is set aside; false: the appeal is dismissed "
                                                  "and the decision stands."))
    decided_on = serializers.DateField()
    effective_on = serializers.DateField(required=False, allow_null=True,
                                         help_text=_("Dismissed: when the decision enters into force; default: "
                                                     "the date the appeal was decided."))


class HandoverInput(serializers.Serializer):
    step = serializers.ChoiceField(choices=HANDOVER_STEPS)
    on = serializers.DateField()


# --- views --------------------------------------------------------------------------------------------


class IsLawyer(permissions.BasePermission):
    message = ONLY_LAWYERS_COMPLAIN

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_lawyer)


class IsStaff(permissions.BasePermission):
    message = ONLY_STAFF

    def has_permission(self, request, view) -> bool:
        return bool(request.user and acts_for_chamber(request.user))


class ComplaintViewSet(ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """Complaints about a bailiff: a lawyer's own, those about the bailiff, the staff's region."""

    serializer_class = ComplaintOutput
    filterset_class = ComplaintFilter
    action_checks = {"take": require_complaint_staff, "decide": require_complaint_staff,
                     "explanation": require_complained_bailiff}

    def get_queryset(self):
        return complaints_visible_to(self.request.user).select_related("breach_decision", "reassignment") \
            .prefetch_related("attachments")

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated(), IsLawyer()]
        return super().get_permissions()

    @extend_schema(
        request={"application/json": ComplaintInput, "multipart/form-data": ComplaintInput},
        responses={201: ComplaintOutput, 403: FORBIDDEN, 409: CONFLICT},
        summary="File a complaint about the bailiff of an assigned case (lawyer)",
        description=_("With `request_new_bailiff` the change of bailiff is held (see reassignments/) until a "
                      "decision confirming the breach is in force (Rules No. 652, clause 12). Code 409 "
                      "`not_assigned`: no bailiff holds the case; `already_requested`: a change is already held."),
    )
    def create(self, request, *args, **kwargs):
        data = self._input(ComplaintInput)
        complaint = complaint_file(by=request.user, **data)
        return self._output(complaint, status.HTTP_201_CREATED)

    @extend_schema(request=TakeInput, responses={200: ComplaintOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                 409: CONFLICT},
                   summary="Take the complaint under review, or hand it to a colleague (staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def take(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(TakeInput)
        return self._output(complaint_take(complaint=complaint, by=request.user, owner=data.get("owner")))

    @extend_schema(request=ExplanationInput, responses={200: ComplaintOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                        409: CONFLICT},
                   summary="File the bailiff's explanation (the bailiff complained about)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def explanation(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(ExplanationInput)
        return self._output(complaint_explain(complaint=complaint, by=request.user, **data))

    @extend_schema(
        request={"application/json": DecideInput, "multipart/form-data": DecideInput},
        responses={200: ComplaintOutput, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
        summary="Record the disciplinary commission's decision (staff)",
        description=_("`breach_confirmed` records a breach decision in force from `effective_on`; the held change "
                      "of bailiff is released by the daily run from that date. `no_breach` cancels it. Code 409 "
                      "`already_decided`."),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        complaint = self.get_object()
        data = self._input(DecideInput)
        return self._output(complaint_decide(complaint=complaint, by=request.user, **data))


class BreachDecisionViewSet(ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Decisions confirming a bailiff's breach on a case (the commission's or a court's), with their appeals."""

    serializer_class = BreachDecisionOutput
    filterset_class = BreachDecisionFilter
    default_check = staticmethod(require_decision_staff)  # appeal, appeal-decided

    def get_queryset(self):
        return breach_decisions_visible_to(self.request.user)

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated(), IsStaff()]
        return super().get_permissions()

    @extend_schema(
        request={"application/json": BreachDecisionInput, "multipart/form-data": BreachDecisionInput},
        responses={201: BreachDecisionOutput, 403: FORBIDDEN},
        summary="Register a breach decision made outside a portal complaint (staff)",
        description=_("With `request_reassignment`, the case is held for another bailiff until the decision is in "
                      "force, if that bailiff still holds it."),
    )
    def create(self, request, *args, **kwargs):
        data = self._input(BreachDecisionInput)
        decision = breach_decision_register(by=request.user, **data)
        return self._output(decision, status.HTTP_201_CREATED)

    @extend_schema(request=AppealInput, responses={200: BreachDecisionOutput, 403: FORBIDDEN, 404: NOT_VISIBLE,
                                                   409: CONFLICT},
                   summary="Record an appeal: the decision (and the case waiting for it) is held (staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def appeal(self, request, pk=None):
        decision = self.get_object()
        data = self._input(AppealInput)
        return self._output(breach_decision_appeal(decision=decision, by=request.user, **data))

    @extend_schema(request=AppealDecidedInput,
                   responses={200: BreachDecisionOutput, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
                   summary="Record the appeal's outcome: dismissed (in force) or upheld (set aside) (staff)")
    @action(detail=True, methods=["post"], url_path="appeal-decided", filter_backends=[])
    def appeal_decided(self, request, pk=None):
        decision = self.get_object()
        data = self._input(AppealDecidedInput)
        return self._output(breach_decision_appeal_decide(decision=decision, by=request.user, **data))


class ReassignmentViewSet(ServiceActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Changes of bailiff held under clause 12 until a breach decision is in force, then released."""

    serializer_class = ReassignmentOutput
    filterset_class = ReassignmentFilter
    default_check = staticmethod(require_reassignment_staff)  # release, handover

    def get_queryset(self):
        return reassignments_visible_to(self.request.user)

    @extend_schema(
        request=None,
        responses={200: ReassignmentOutput, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: OpenApiResponse(
            TransitionErrorOutput,
            description=_("`breach_decision_not_in_force`: no breach decision is in force yet (clause 12); "
                          "`not_held`: already released or cancelled."))},
        summary="Release now: appoint another bailiff by the rotation once the decision is in force (staff)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def release(self, request, pk=None):
        reassignment = self.get_object()
        reassignment_release(reassignment=reassignment, by=request.user)
        return self._output(reassignment)

    @extend_schema(request=HandoverInput,
                   responses={200: ReassignmentOutput, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
                   summary="Record a step of the paper file's hand-over (staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def handover(self, request, pk=None):
        reassignment = self.get_object()
        data = self._input(HandoverInput)
        return self._output(handover_record(reassignment=reassignment, by=request.user, **data))
