"""The bailiff's work on a case under /api/v1/applications/{id}/ (docs/architecture.md §7): acknowledge, initiate,
refuse,
actions (and their reversal), close, and the enforcement summary.

Each view looks the application up through `applications_visible_to`, so a case the caller may not see
(another bailiff's, one redistributed away, another region's) is a 404; then it calls one service. Who may
act and when is the services' business: a caller who sees the case without holding it (the lawyer, staff)
gets 403, a state that forbids the step 409 {"detail", "code"}, a rule on the input 400 {field: [..]}.
The serializers here only check the shape of the input (dates, decimals, choices).
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.fields import empty
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from chamber_portal.core.api_helpers import ServiceChecksMixin, TransitionErrorOutput
from chamber_portal.core.models import AccessAction
from chamber_portal.core.security.access_log import personal_data_read
from intake.models import Application, Status
from intake.selectors import applications_visible_to

from .models import ActionKind, EnforcementAction, Outcome, RefusalGround
from .selectors import Workspace, cases_of_bailiff, workspace_for
from .services import case_acknowledge, case_action_record, case_close, case_initiate, case_refuse
from .services.workspace import case_action_reverse, require_holder

NO_BAILIFF_YET = _("No bailiff holds this case.")

# --- input --------------------------------------------------------------------------------------------


class InitiateInput(serializers.Serializer):
    decision_number = serializers.CharField(max_length=64, help_text=_("The number of the bailiff's decision to "
                                                                       "initiate enforcement proceedings."))
    decision_date = serializers.DateField(help_text=_("Between the day the case was assigned and today."))


class RefuseInput(serializers.Serializer):
    refusal_ground = serializers.ChoiceField(choices=RefusalGround.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text=_("Required when the ground is `other`."))


class CloseInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text=_("Required for every outcome but `executed_in_full`."))
    refusal_ground = serializers.ChoiceField(
        choices=RefusalGround.choices, required=False, allow_blank=True, default="",
        help_text=_("Required when the outcome is `refused_to_initiate`."),
    )


class StatedBooleanField(serializers.BooleanField):
    """true, false, or not said (null or left out), in JSON and in a form alike: DRF would read a boolean left out
    of a form as false, and silence is an answer the housing rule refuses."""

    default_empty_html = empty


class ActionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    date = serializers.DateField(help_text=_("Between the day the case was assigned and today."))
    note = serializers.CharField(required=False, allow_blank=True, default="")
    amount_kzt = serializers.DecimalField(
        max_digits=15, decimal_places=2, required=False, allow_null=True, default=None,
        help_text=_("The amount received, for a payment only."),
    )
    on_housing = StatedBooleanField(
        required=False, allow_null=True, default=None,
        help_text=_("Whether a property arrest, a valuation or an auction concerns the debtor's dwelling: required "
                    "for these on a case flagged housing (400 if left out); true needs court_decision_ref. An "
                    "eviction always counts as on housing; other actions never do."),
    )
    court_decision_ref = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text=_("The court decision that allows an action on housing; for an eviction, always required."),
    )
    prosecutor_sanction_ref = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text=_("The prosecutor's sanction (number and date): required with entry_without_consent, except for "
                    "an eviction, where the court's decision is the authority (Law No. 261-IV)."),
    )
    entry_without_consent = serializers.BooleanField(
        required=False, default=False,
        help_text=_("The bailiff entered or opened a dwelling without the occupant's consent."),
    )


class ActionUploadInput(ActionInput):
    """The same fields as multipart/form-data, with the action's document."""

    # An empty file reaches the service, which says why it refuses it, as for every other bad upload.
    document = serializers.FileField(required=False, allow_null=True, allow_empty_file=True,
                                     help_text=_("A PDF: the act, the decision or the receipt."))


# --- output -------------------------------------------------------------------------------------------


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model keeps as "" while unset: null in the API."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class ReverseInput(serializers.Serializer):
    # Required, but by the service (the same words on the web): the caller's right to act is decided first.
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text=_("Why the entry was a mistake. Required."))


class ActionOutput(serializers.ModelSerializer):
    recorded_by_name = serializers.CharField(source="recorded_by.display_name", read_only=True)
    document_url = serializers.SerializerMethodField()
    reversed_by = serializers.SerializerMethodField(
        help_text=_("The id of the entry that reverses this one, if any."))

    class Meta:
        model = EnforcementAction
        fields = ["id", "kind", "date", "note", "amount_kzt", "on_housing", "court_decision_ref",
                  "prosecutor_sanction_ref", "entry_without_consent", "document_name", "document_url",
                  "recorded_by", "recorded_by_name", "recorded_at", "reverses", "reason", "reversed_by"]
        read_only_fields = fields
        extra_kwargs = {
            "amount_kzt": {"help_text": _("A payment's amount; its reversal carries the amount negated.")},
            "reverses": {"help_text": _("For a reversing entry: the id of the entry it reverses.")},
            "reason": {"help_text": _("For a reversing entry: why the reversed entry was a mistake.")},
        }

    def get_reversed_by(self, action) -> int | None:
        reversal = next(iter(action.reversals.all()), None)
        return reversal.pk if reversal is not None else None

    def get_document_url(self, action) -> str | None:
        if not action.document:
            return None
        try:
            url = reverse("workspace:action_document", args=[action.application_id, action.pk])
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


@dataclass
class Enforcement:
    application: Application
    workspace: Workspace


def _money(**kwargs):
    return serializers.DecimalField(max_digits=17, decimal_places=2, read_only=True, **kwargs)


class EnforcementOutput(serializers.Serializer):
    """The bailiff's work on the case, as the case page shows it: anyone who sees the case reads it."""

    application = serializers.IntegerField(source="application.pk")
    reference = serializers.CharField(source="application.reference")
    status = serializers.ChoiceField(source="application.status", choices=Status.choices)
    bailiff = serializers.IntegerField(source="workspace.assignment.bailiff_id")
    bailiff_name = serializers.CharField(source="workspace.assignment.bailiff.full_name")
    assigned_at = serializers.DateTimeField(source="workspace.assignment.assigned_at")
    acknowledged_at = serializers.DateTimeField(source="workspace.assignment.acknowledged_at", allow_null=True)
    initiation_due = serializers.DateField(
        source="workspace.assignment.initiation_due", allow_null=True,
        help_text=_("The last day to decide on initiation: 3 working days after the case was assigned."),
    )
    initiation_overdue = serializers.BooleanField(
        source="workspace.overdue", help_text=_("Neither initiated nor refused, and past initiation_due."),
    )
    initiation_number = serializers.SerializerMethodField()
    initiated_on = serializers.DateField(source="workspace.assignment.initiated_on", allow_null=True)
    outcome = BlankAsNullChoiceField(source="workspace.assignment.outcome", choices=Outcome.choices)
    refusal_ground = BlankAsNullChoiceField(source="workspace.assignment.refusal_ground",
                                            choices=RefusalGround.choices)
    closed_at = serializers.DateTimeField(source="workspace.assignment.closed_at", allow_null=True)
    close_note = serializers.CharField(source="workspace.assignment.close_note")
    claimed = _money(source="workspace.claimed", allow_null=True,
                     help_text=_("The amount of the enforcement document; null for a non-property decision."))
    recovered = _money(source="workspace.recovered", help_text=_("The payments recorded so far."))
    outstanding = _money(source="workspace.outstanding", allow_null=True,
                         help_text=_("The claim less the payments net of reversals, never below zero; null where "
                                     "there is no fixed total (non-property decisions, alimony)."))

    def get_initiation_number(self, enforcement) -> str | None:
        return enforcement.workspace.assignment.initiation_number or None


# --- views --------------------------------------------------------------------------------------------

NOT_VISIBLE = OpenApiResponse(description=_(
    "Not a case the caller sees: another bailiff's, one redistributed away, another region's."))
NOT_HOLDER = OpenApiResponse(description=_("The caller sees the case but does not hold it (lawyer, staff)."))


def _conflict(codes: str) -> OpenApiResponse:
    return OpenApiResponse(TransitionErrorOutput, description=codes)


class CaseApi(ServiceChecksMixin, APIView):
    """Shared lookups: the application the caller sees (and, for a POST, held by the caller: checked before the
    body is read), and its enforcement summary."""

    action_checks = {"post": require_holder}

    def application(self, request, pk) -> Application:
        return self.looked_up(get_object_or_404(applications_visible_to(request.user), pk=pk))

    def summary(self, request, application: Application) -> Response:
        application.refresh_from_db()
        workspace = workspace_for(application, request.user)
        if workspace is None:
            raise NotFound(NO_BAILIFF_YET)
        return Response(EnforcementOutput(Enforcement(application, workspace), context={"request": request}).data)

    def input(self, request, serializer_class) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class CaseEnforcementApi(CaseApi):
    @extend_schema(responses={200: EnforcementOutput, 404: NOT_VISIBLE}, summary="The enforcement summary",
                   description=_("Who holds the case, the initiation deadline and decision, the outcome, and the "
                                 "money: claimed, recovered (payments) and outstanding. 404 as well before any "
                                 "bailiff holds the case."))
    def get(self, request, pk):
        application = self.application(request, pk)
        personal_data_read(user=request.user, application=application, action=AccessAction.DETAILS,
                           detail="enforcement")
        return self.summary(request, application)


class CaseAcknowledgeApi(CaseApi):
    @extend_schema(request=None,
                   responses={200: EnforcementOutput, 403: NOT_HOLDER, 404: NOT_VISIBLE,
                              409: _conflict(_("`already_acknowledged`, `case_closed`."))},
                   summary="Acknowledge receipt of the case (the holding bailiff)")
    def post(self, request, pk):
        application = self.application(request, pk)
        case_acknowledge(application=application, by=request.user)
        return self.summary(request, application)


class CaseInitiateApi(CaseApi):
    @extend_schema(request=InitiateInput,
                   responses={200: EnforcementOutput, 403: NOT_HOLDER, 404: NOT_VISIBLE,
                              409: _conflict(_("`not_acknowledged`, `already_initiated`, `case_closed`."))},
                   summary="Record the decision to initiate enforcement proceedings (the holding bailiff)")
    def post(self, request, pk):
        application = self.application(request, pk)
        case_initiate(application=application, by=request.user, **self.input(request, InitiateInput))
        return self.summary(request, application)


class CaseRefuseApi(CaseApi):
    @extend_schema(request=RefuseInput,
                   responses={200: EnforcementOutput, 403: NOT_HOLDER, 404: NOT_VISIBLE,
                              409: _conflict(_("`not_acknowledged`, `already_initiated`, `case_closed`."))},
                   summary="Refuse to initiate on a legal ground: the case closes (the holding bailiff)",
                   description=_("The same as close with the outcome `refused_to_initiate`."))
    def post(self, request, pk):
        application = self.application(request, pk)
        data = self.input(request, RefuseInput)
        case_refuse(application=application, by=request.user, ground=data["refusal_ground"], note=data["note"])
        return self.summary(request, application)


class CaseCloseApi(CaseApi):
    @extend_schema(request=CloseInput,
                   responses={200: EnforcementOutput, 403: NOT_HOLDER, 404: NOT_VISIBLE,
                              409: _conflict(_("`not_initiated`, `not_acknowledged`, `already_initiated` (a "
                                               "refusal after initiation), `case_closed`."))},
                   summary="Close the proceedings with an outcome (the holding bailiff)")
    def post(self, request, pk):
        application = self.application(request, pk)
        case_close(application=application, by=request.user, **self.input(request, CloseInput))
        return self.summary(request, application)


class CaseActionsApi(CaseApi):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: ActionOutput(many=True), 404: NOT_VISIBLE},
                   summary="The enforcement actions, newest first")
    def get(self, request, pk):
        application = self.application(request, pk)
        personal_data_read(user=request.user, application=application, action=AccessAction.DETAILS, detail="actions")
        actions = (EnforcementAction.objects.filter(application=application).select_related("recorded_by")
                   .prefetch_related("reversals").order_by("-date", "-id"))
        return Response(ActionOutput(actions, many=True, context={"request": request}).data)

    @extend_schema(request={"application/json": ActionInput, "multipart/form-data": ActionUploadInput},
                   responses={201: ActionOutput, 403: NOT_HOLDER, 404: NOT_VISIBLE,
                              409: _conflict(_("`not_initiated`, `case_closed`."))},
                   summary="Record an enforcement action (the holding bailiff)",
                   description=_("JSON, or multipart/form-data with a PDF in `document`. A payment needs "
                                 "`amount_kzt`, at most the amount outstanding (400 at `amount_kzt` naming it), "
                                 "and is refused on a non-property case. On a case flagged housing, "
                                 "`property_arrest`, `valuation` and `auction` need `on_housing`; on housing, and "
                                 "for every `eviction`, `court_decision_ref` is required. `prosecutor_sanction_ref` "
                                 "is required with `entry_without_consent` (not for an eviction)."))
    def post(self, request, pk):
        application = self.application(request, pk)
        data = self.input(request, ActionUploadInput)
        action = case_action_record(application=application, by=request.user, **data)
        return Response(ActionOutput(action, context={"request": request}).data, status=status.HTTP_201_CREATED)


class CaseActionReverseApi(CaseApi):
    @extend_schema(request=ReverseInput,
                   responses={201: ActionOutput,
                              404: OpenApiResponse(description=_(
                                  "Not a case the caller holds now (a lawyer, staff, another or a previous "
                                  "bailiff), or not an entry of this case.")),
                              409: _conflict(_("`already_reversed`, `reversal_not_reversible`, `case_closed`."))},
                   summary="Reverse a mistaken entry (the holding bailiff)",
                   description=_("Records a reversing entry (who, when, why) of the same kind; a payment's "
                                 "reversal carries the amount negated, so recovered and outstanding follow. The "
                                 "entry itself is never changed or deleted. `reason` is required."))
    def post(self, request, pk, action_id):
        # Who may act is decided before the body is read: only the bailiff holding the case reaches the entry.
        application = get_object_or_404(cases_of_bailiff(request.user), pk=pk)
        entry = get_object_or_404(EnforcementAction.objects.filter(application=application), pk=action_id)
        data = self.input(request, ReverseInput)
        reversal = case_action_reverse(application=application, action=entry, by=request.user, reason=data["reason"])
        return Response(ActionOutput(reversal, context={"request": request}).data, status=status.HTTP_201_CREATED)
