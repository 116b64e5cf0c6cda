"""The intake API under /api/v1/ (docs/architecture.md §7): serializers and thin views that call the services.

Every object comes from `applications_visible_to`, so another user's application is a 404. The rules
(who may act, in which state, what is valid for submission) live in the services: a TransitionError
becomes 409, a ValidationError 400 with field errors, a PermissionDenied 403.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from chamber_portal.core.api_errors import flat_errors
from chamber_portal.core.api_helpers import NOT_FOUND, ServiceChecksMixin
from chamber_portal.core.api_lists import PortalPagination, UpdatedAfterFilter
from chamber_portal.core.errors import TransitionError
from chamber_portal.core.iin import NOT_TWELVE_DIGITS, normalise
from chamber_portal.core.models import AccessAction, Region
from chamber_portal.core.security.access_log import personal_data_read

from .filters import ApplicationFilter
from .models import (
    AlimonyBasis,
    Application,
    ApplicationDocument,
    Category,
    DocumentKind,
    DocumentType,
    PartyKind,
    PowerOfAttorney,
    ReturnReason,
)
from .next_steps import next_step, next_step_of
from .selectors import (
    application_timeline,
    applications_visible_to,
    powers_of_attorney_of,
    status_events_visible_to,
)
from .services import (
    application_accept,
    application_copy,
    application_register_original,
    application_report_original_lost,
    application_return,
    application_save_draft,
    application_submit,
    applications_save_drafts,
    applications_submit_many,
    document_attach,
    power_of_attorney_upload,
)
from .services.batch import BATCH_LIMIT
from .services.common import require_lawyer, require_staff
from .services.decisions import CHECKLIST
from .views.rows import ValuesPaginator

ONLY_LAWYERS_FILE = _("Only a claimant's lawyer files applications.")
TIME_NEEDS_OFFSET = _("Give the time with its UTC offset, e.g. 2026-03-20T10:00:00+05:00.")


# --- fields ---------------------------------------------------------------------------------------------


class IinBinField(serializers.CharField):
    """An IIN/BIN as typed: spaces and hyphens dropped. A draft may hold an incomplete number; the check
    digit is checked on submit, with every other intake check."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = normalise(super().to_internal_value(data))
        if len(value) > 12:
            raise serializers.ValidationError(NOT_TWELVE_DIGITS)
        return value


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset (docs/architecture.md §7): a time without one would be read in the server's zone."""

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None  # well-formed but impossible: the parent says it is invalid
            if parsed is not None and timezone.is_naive(parsed):
                raise serializers.ValidationError(TIME_NEEDS_OFFSET)
        return super().to_internal_value(value)


def _text(max_length: int | None = None, **kwargs):
    """A free-text field of a draft: optional, may be blank; null means blank."""
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, allow_null=True, **kwargs
    )


def _choice(choices, **kwargs):
    return serializers.ChoiceField(
        choices=choices, required=False, allow_blank=True, allow_null=True, **kwargs
    )


def _date(**kwargs):
    return serializers.DateField(required=False, allow_null=True, **kwargs)


# --- applications: input --------------------------------------------------------------------------------
# `source` maps the nested parties onto the flat model fields, so the validated data is already keyed by
# model field names, as application_save_draft expects.


class CreditorInput(serializers.Serializer):
    kind = _choice(PartyKind.choices, source="creditor_kind")
    name = _text(300, source="creditor_name")
    iin_bin = IinBinField(source="creditor_iin_bin", allow_null=True)


class DebtorInput(serializers.Serializer):
    kind = _choice(PartyKind.choices, source="debtor_kind")
    name = _text(300, source="debtor_name")
    iin_bin = IinBinField(source="debtor_iin_bin", allow_null=True)
    address = _text(500, source="debtor_address")


class ApplicationInput(serializers.Serializer):
    """A draft as typed so far: every field optional; the intake checks run on submit."""

    category = _choice(Category.choices)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True,
        help_text=_("The region's code, e.g. KZ-75."),
    )
    creditor = CreditorInput(source="*", required=False)
    debtor = DebtorInput(source="*", required=False)
    court_name = _text(300)
    court_case_number = _text(64)
    decision_date = _date()
    decision_effective_date = _date()
    document_kind = serializers.SlugRelatedField(
        slug_field="code", queryset=DocumentKind.objects.all(), required=False, allow_null=True,
        help_text=_("The code of the enforcement document kind, e.g. writ."),
    )
    document_number = _text(64)
    document_issued_at = _date()
    previous_enforcement_ended_on = _date()
    period_restored_by = _text(200)
    amount_kzt = serializers.DecimalField(max_digits=15, decimal_places=2, required=False, allow_null=True)
    alimony_basis = _choice(AlimonyBasis.choices)
    alimony_share = _text(32)
    obligation = _text()
    housing_involved = serializers.BooleanField(required=False)
    sole_dwelling = serializers.BooleanField(required=False)
    minors_present = serializers.BooleanField(required=False)


# Where each model field of an application is in the input: intake checks keyed by model field answer at these keys.
INPUT_PATH = {
    **{f"{role}_{field}": f"{role}.{field}"
       for role in ("creditor", "debtor") for field in ("kind", "name", "iin_bin")},
    "debtor_address": "debtor.address",
}


def input_keyed(problems: dict) -> dict:
    """A service's errors keyed by model field, keyed instead as the input nests them (`creditor.iin_bin`)."""
    return {INPUT_PATH.get(field, field): messages for field, messages in problems.items()}


class BatchInput(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.JSONField(), allow_empty=False, max_length=BATCH_LIMIT,
        help_text=_("Up to 500 application bodies, each as for creating one application."),
    )


class BatchSubmitInput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=BATCH_LIMIT,
                                help_text=_("Up to 500 ids of drafts to submit."))


class BatchResultOutput(serializers.Serializer):
    """One item of a batch: its id and status, or its errors keyed by field (`creditor.iin_bin`)."""

    index = serializers.IntegerField()
    id = serializers.IntegerField(required=False)
    status = serializers.CharField(required=False)
    reference = serializers.CharField(required=False, allow_null=True)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    code = serializers.CharField(required=False)


class BatchOutput(serializers.Serializer):
    results = BatchResultOutput(many=True)


# --- applications: output -------------------------------------------------------------------------------


class CreditorOutput(serializers.Serializer):
    kind = serializers.CharField(source="creditor_kind")
    name = serializers.CharField(source="creditor_name")
    iin_bin = serializers.CharField(source="creditor_iin_bin")


class DebtorOutput(serializers.Serializer):
    kind = serializers.CharField(source="debtor_kind")
    name = serializers.CharField(source="debtor_name")
    iin_bin = serializers.CharField(source="debtor_iin_bin")
    address = serializers.CharField(source="debtor_address")


class ApplicationOutput(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    creditor = CreditorOutput(source="*", read_only=True)
    debtor = DebtorOutput(source="*", read_only=True)
    document_kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "reference", "status", "category", "region", "creditor", "debtor", "court_name",
            "court_case_number", "decision_date", "decision_effective_date", "document_kind",
            "document_number", "document_issued_at", "previous_enforcement_ended_on", "period_restored_by",
            "amount_kzt", "alimony_basis", "alimony_share", "obligation", "housing_involved", "sole_dwelling",
            "minors_present", "assigned_bailiff",
            "original_due", "next_step", "created_at", "submitted_at", "updated_at",
        ]
        read_only_fields = fields

    def get_next_step(self, application) -> str:
        return str(next_step(application, self.context["request"].user))


# The list's rows as ApplicationOutput renders them, byte for byte (the public contract, docs/architecture.md §7),
# from one .values() read: no model instances, no serializer walk of 50 rows × 29 fields (issue 15: that walk was
# half of the API list's time). Dates, times and amounts go through DRF's own fields, so their text is the
# serializer's. tests/intake/test_api_list_rows.py compares the two on the same rows.
_LIST_DATE, _LIST_DATETIME = serializers.DateField(), serializers.DateTimeField()
_LIST_AMOUNT = serializers.DecimalField(max_digits=15, decimal_places=2)
_LIST_DATES = ("decision_date", "decision_effective_date", "document_issued_at", "previous_enforcement_ended_on",
               "original_due")
_LIST_TIMES = ("created_at", "submitted_at", "updated_at")
LIST_COLUMNS = (
    "id", "reference", "status", "category", "region__code", "creditor_kind", "creditor_name", "creditor_iin_bin",
    "debtor_kind", "debtor_name", "debtor_iin_bin", "debtor_address", "court_name", "court_case_number",
    "document_kind__code", "document_number", "period_restored_by", "amount_kzt", "alimony_basis", "alimony_share",
    "obligation", "housing_involved", "sole_dwelling", "minors_present", "assigned_bailiff_id",
    *_LIST_DATES, *_LIST_TIMES,
)


def application_list_rows(rows, user) -> list[dict]:
    """ApplicationOutput(many=True).data for rows of `queryset.values(*LIST_COLUMNS)`."""
    steps = {}
    out = []
    for row in rows:
        status_ = row["status"]
        if status_ not in steps:
            steps[status_] = str(next_step_of(status_, user))
        dates = {name: None if row[name] is None else _LIST_DATE.to_representation(row[name])
                 for name in _LIST_DATES}
        times = {name: None if row[name] is None else _LIST_DATETIME.to_representation(row[name])
                 for name in _LIST_TIMES}
        amount = row["amount_kzt"]
        out.append({
            "id": row["id"], "reference": row["reference"], "status": status_, "category": row["category"],
            "region": row["region__code"],
            "creditor": {"kind": row["creditor_kind"], "name": row["creditor_name"],
                         "iin_bin": row["creditor_iin_bin"]},
            "debtor": {"kind": row["debtor_kind"], "name": row["debtor_name"], "iin_bin": row["debtor_iin_bin"],
                       "address": row["debtor_address"]},
            "court_name": row["court_name"], "court_case_number": row["court_case_number"],
            "decision_date": dates["decision_date"], "decision_effective_date": dates["decision_effective_date"],
            "document_kind": row["document_kind__code"], "document_number": row["document_number"],
            "document_issued_at": dates["document_issued_at"],
            "previous_enforcement_ended_on": dates["previous_enforcement_ended_on"],
            "period_restored_by": row["period_restored_by"],
            "amount_kzt": None if amount is None else _LIST_AMOUNT.to_representation(amount),
            "alimony_basis": row["alimony_basis"], "alimony_share": row["alimony_share"],
            "obligation": row["obligation"], "housing_involved": row["housing_involved"],
            "sole_dwelling": row["sole_dwelling"], "minors_present": row["minors_present"],
            "assigned_bailiff": row["assigned_bailiff_id"], "original_due": dates["original_due"],
            "next_step": steps[status_],
            "created_at": times["created_at"], "submitted_at": times["submitted_at"],
            "updated_at": times["updated_at"],
        })
    return out


# --- documents ------------------------------------------------------------------------------------------


class DocumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentType.choices)
    # An empty file reaches the service, which says why it refuses it, as for every other bad upload.
    file = serializers.FileField(allow_empty_file=True)


class DocumentOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "original_name", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, document) -> str | None:
        try:
            url = reverse(
                "intake:document_download", kwargs={"pk": document.application_id, "document_pk": document.pk}
            )
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


# --- history --------------------------------------------------------------------------------------------


class HistoryEntryOutput(serializers.Serializer):
    """One status event; `from` is a Python keyword, hence get_fields."""

    at = serializers.DateTimeField()
    to = serializers.CharField(source="to_state")
    by = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    def get_fields(self):
        fields = super().get_fields()
        return {
            "at": fields["at"],
            "from": serializers.CharField(source="from_state", allow_null=True),
            "to": fields["to"],
            "by": fields["by"],
            "note": fields["note"],
        }

    def to_representation(self, event):
        data = super().to_representation(event)
        data["from"] = data["from"] or None  # the first event opens the timeline: it comes from nowhere
        return data

    def get_by(self, event) -> str | None:
        return event.actor.display_name if event.actor else None

    def get_note(self, event) -> str:
        return str((event.data or {}).get("note") or "")


# --- action bodies --------------------------------------------------------------------------------------


class ReportOriginalLostInput(serializers.Serializer):
    duplicate_requested_on = serializers.DateField()
    state_fee_receipt = serializers.CharField(max_length=64, allow_blank=True)
    expected_on = serializers.DateField(required=False, allow_null=True)


class RegisterOriginalInput(serializers.Serializer):
    registry_number = serializers.CharField(max_length=64, allow_blank=True)
    received_at = AwareDateTimeField()
    condition_note = serializers.CharField(required=False, allow_blank=True, default="")


# The points staff tick when comparing the original (intake.services.decisions.CHECKLIST); the service
# refuses the acceptance unless every one is true.
ChecklistInput = type("ChecklistInput", (serializers.Serializer,), {
    key: serializers.BooleanField(required=False, default=False, help_text=label)
    for key, label in CHECKLIST.items()
})


class AcceptInput(serializers.Serializer):
    checklist = ChecklistInput()


class ReturnInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReturnReason.choices)
    message = serializers.CharField(allow_blank=True)


# --- views ----------------------------------------------------------------------------------------------


class IsLawyer(permissions.BasePermission):
    message = ONLY_LAWYERS_FILE

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_lawyer)


class _ListPaginator(ValuesPaginator):
    columns = LIST_COLUMNS


class ApplicationListPagination(PortalPagination):
    """The list's pages of LIST_COLUMNS values, counted without their joins."""

    django_paginator_class = _ListPaginator


class ApplicationViewSet(
    ServiceChecksMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.UpdateModelMixin, viewsets.GenericViewSet,
):
    """Enforcement applications: a lawyer's own, the staff's region, a bailiff's assigned cases."""

    serializer_class = ApplicationOutput
    filterset_class = ApplicationFilter
    pagination_class = ApplicationListPagination
    # The intake checks name model fields (debtor_iin_bin): a 400 names them as the input nests them (debtor.iin_bin).
    error_paths = INPUT_PATH
    # Who may act, as the services check it, before the body is read (chamber_portal.core.api_helpers.MayAct).
    action_checks = {
        **dict.fromkeys(["update", "partial_update", "documents", "submit", "report_original_lost", "copy"],
                        require_lawyer),
        **dict.fromkeys(["register_original", "accept", "return_"], require_staff),
    }

    def get_queryset(self):
        return applications_visible_to(self.request.user)

    def get_permissions(self):
        if self.action in ("create", "batch", "batch_submit"):
            return [permissions.IsAuthenticated(), IsLawyer()]
        return super().get_permissions()

    def _output(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        context = self.get_serializer_context()
        return Response(ApplicationOutput(application, context=context).data, status=code)

    def _input(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def list(self, request, *args, **kwargs):
        # ListModelMixin.list, its rows read as values and rendered by application_list_rows (the same JSON).
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(application_list_rows(page, request.user))
        return Response(application_list_rows(queryset.values(*LIST_COLUMNS), request.user))

    def retrieve(self, request, *args, **kwargs):
        application = self.get_object()
        personal_data_read(user=request.user, application=application, action=AccessAction.DETAILS)
        return self._output(application)

    @extend_schema(request=ApplicationInput, responses={201: ApplicationOutput})
    def create(self, request, *args, **kwargs):
        application = application_save_draft(lawyer=request.user, data=self._input(ApplicationInput))
        return self._output(application, status.HTTP_201_CREATED)

    @extend_schema(request=BatchInput, responses=BatchOutput, operation_id="applications_batch_create",
                   summary="File up to 500 drafts at once: each valid item a draft, each invalid one its errors")
    @action(detail=False, methods=["post"], url_path="batch", filter_backends=[], pagination_class=None)
    def batch(self, request):
        items = self._input(BatchInput)["applications"]
        # One serializer for every item (its fields built once), its region and kind lookups cached.
        serializer = ApplicationInput(context=self.get_serializer_context())
        for name in ("region", "document_kind"):
            serializer.fields[name].queryset = _Cached(serializer.fields[name].queryset)
        results, valid = [], []
        for index, item in enumerate(items):
            try:
                valid.append((index, serializer.run_validation(item)))
            except serializers.ValidationError as error:
                results.append({"index": index, "errors": flat_errors(error.detail)})
        drafts = applications_save_drafts(lawyer=request.user, items=[data for _index, data in valid])
        results += [{"index": index, "id": draft.pk, "status": draft.status}
                    for (index, _data), draft in zip(valid, drafts, strict=True)]
        return Response({"results": sorted(results, key=lambda result: result["index"])})

    @extend_schema(request=BatchSubmitInput, responses=BatchOutput, operation_id="applications_batch_submit",
                   summary="Submit up to 500 drafts at once: each submitted or refused on its own")
    @action(detail=False, methods=["post"], url_path="batch/submit", filter_backends=[], pagination_class=None)
    def batch_submit(self, request):
        ids = self._input(BatchSubmitInput)["ids"]
        found = {application.pk: application for application in self.get_queryset().filter(pk__in=ids)}
        results, to_submit = {}, []
        for index, pk in enumerate(ids):
            if pk in found:
                to_submit.append((index, found[pk]))
            else:
                results[index] = {"index": index, "id": pk, "errors": {"id": [str(NOT_FOUND)]}, "code": "not_found"}
        outcomes = applications_submit_many(applications=[a for _i, a in to_submit], by=request.user)
        for (index, application), outcome in zip(to_submit, outcomes, strict=True):
            results[index] = {"index": index, "id": application.pk, **_submit_result(outcome)}
        return Response({"results": [results[index] for index in sorted(results)]})

    @extend_schema(request=ApplicationInput, responses=ApplicationOutput)
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        application = self.get_object()
        data = self._input(ApplicationInput, partial=partial)
        application = application_save_draft(lawyer=request.user, application=application, data=data)
        return self._output(application)

    @extend_schema(request=ApplicationInput, responses=ApplicationOutput)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        methods=["GET"], responses=DocumentOutput(many=True), summary="The application's documents",
    )
    @extend_schema(
        methods=["POST"], request={"multipart/form-data": DocumentInput}, responses={201: DocumentOutput},
        summary="Attach a PDF to a draft",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser],
            pagination_class=None, filter_backends=[])
    def documents(self, request, pk=None):
        application = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            personal_data_read(user=request.user, application=application, action=AccessAction.DOCUMENTS)
            return Response(DocumentOutput(application.documents.all(), many=True, context=context).data)
        document = document_attach(application=application, by=request.user, **self._input(DocumentInput))
        return Response(DocumentOutput(document, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApplicationOutput,
                   summary="Submit a draft: every intake check runs")
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        return self._output(application_submit(application=self.get_object(), by=request.user))

    @extend_schema(request=ReportOriginalLostInput, responses=ApplicationOutput,
                   summary="The paper original is lost: a court duplicate is requested")
    @action(detail=True, methods=["post"], url_path="report-original-lost", filter_backends=[])
    def report_original_lost(self, request, pk=None):
        application = self.get_object()
        data = self._input(ReportOriginalLostInput)
        application = application_report_original_lost(application=application, by=request.user, **data)
        return self._output(application)

    @extend_schema(request=RegisterOriginalInput, responses=ApplicationOutput,
                   summary="Register the paper original (or the court's duplicate) as received")
    @action(detail=True, methods=["post"], url_path="register-original", filter_backends=[])
    def register_original(self, request, pk=None):
        application = self.get_object()
        data = self._input(RegisterOriginalInput)
        return self._output(application_register_original(application=application, by=request.user, **data))

    @extend_schema(request=AcceptInput, responses=ApplicationOutput,
                   summary="Accept: the original matches; the case is queued for distribution")
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        application = self.get_object()
        checklist = self._input(AcceptInput)["checklist"]
        application = application_accept(application=application, by=request.user, checklist=checklist)
        return self._output(application)

    @extend_schema(request=ReturnInput, responses=ApplicationOutput,
                   summary="Return to the lawyer with a reason and a message")
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_(self, request, pk=None):
        application = self.get_object()
        data = self._input(ReturnInput)
        return self._output(application_return(application=application, by=request.user, **data))

    @extend_schema(request=None, responses={201: ApplicationOutput},
                   summary="File again: a new draft copied from a returned or lapsed application")
    @action(detail=True, methods=["post"], filter_backends=[])
    def copy(self, request, pk=None):
        copy = application_copy(source=self.get_object(), by=request.user)
        return self._output(copy, status.HTTP_201_CREATED)

    @extend_schema(responses=HistoryEntryOutput(many=True), summary="Status events, oldest first")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        events = application_timeline(self.get_object())
        return Response(HistoryEntryOutput(events, many=True).data)


class _Cached:
    """A reference-data queryset whose `get(code=...)` is asked once per code (a batch of 500 names few codes)."""

    def __init__(self, queryset):
        self.queryset, self.found = queryset, {}

    def get(self, **lookup):
        key = tuple(sorted(lookup.items()))
        if key not in self.found:
            self.found[key] = self.queryset.get(**lookup)
        return self.found[key]

    def all(self):
        return self


def _submit_result(outcome) -> dict:
    if isinstance(outcome, Application):
        return {"status": outcome.status, "reference": outcome.reference}
    if isinstance(outcome, TransitionError):
        return {"errors": {"non_field_errors": [str(outcome.message)]}, "code": outcome.code}
    if isinstance(outcome, PermissionDenied):
        return {"errors": {"non_field_errors": [str(outcome) or str(NOT_FOUND)]}, "code": "permission_denied"}
    return {"errors": input_keyed(outcome.message_dict), "code": "invalid"}


class DocumentKindOutput(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = DocumentKind
        fields = ["code", "name", "filed_through_chamber", "presentation_period_years"]


class DocumentKindViewSet(viewsets.ReadOnlyModelViewSet):
    """Kinds of enforcement document (docs/domain.md §2): reference data, like the regions."""

    queryset = DocumentKind.objects.all()
    serializer_class = DocumentKindOutput
    lookup_field = "code"
    pagination_class = None


# --- standing powers of attorney (issue 14) ------------------------------------------------------------------


class PowerOfAttorneyInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    creditor_iin_bin = serializers.CharField(max_length=32, help_text=_("The claimant's IIN or BIN."))
    valid_until = serializers.DateField(help_text=_("The last day on which the power of attorney is valid."))


class PowerOfAttorneyOutput(serializers.ModelSerializer):
    is_valid = serializers.SerializerMethodField()

    class Meta:
        model = PowerOfAttorney
        fields = ["id", "creditor_iin_bin", "valid_until", "is_valid", "original_name", "size", "uploaded_at",
                  "updated_at"]
        read_only_fields = fields

    def get_is_valid(self, power) -> bool:
        return power.valid_until >= timezone.localdate()


class PowerOfAttorneyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):
    """A lawyer's standing powers of attorney, one per claimant and period: while valid, that claimant's
    applications need no `power_of_attorney` document."""

    serializer_class = PowerOfAttorneyOutput
    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [permissions.IsAuthenticated, IsLawyer]

    def get_queryset(self):
        return powers_of_attorney_of(self.request.user)

    @extend_schema(request={"multipart/form-data": PowerOfAttorneyInput}, responses={201: PowerOfAttorneyOutput})
    def create(self, request, *args, **kwargs):
        serializer = PowerOfAttorneyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        power = power_of_attorney_upload(lawyer=request.user, **serializer.validated_data)
        return Response(PowerOfAttorneyOutput(power).data, status=status.HTTP_201_CREATED)


# --- the change feed (issue 14) -------------------------------------------------------------------------------


class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    reference = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(source="at", help_text=_("An event never changes: its time."))

    def get_fields(self):
        fields = super().get_fields()
        return {
            "id": fields["id"], "application": fields["application"], "reference": fields["reference"],
            "from": serializers.CharField(source="from_state", allow_null=True),
            "to": serializers.CharField(source="to_state"),
            "at": fields["at"], "updated_at": fields["updated_at"],
        }

    def to_representation(self, event):
        data = super().to_representation(event)
        data["from"] = data["from"] or None
        return data


class EventPageOutput(serializers.Serializer):
    results = EventOutput(many=True)
    next = serializers.URLField(allow_null=True)


class EventsQuery(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0, default=0,
                                     help_text=_("The id of the last event already read; 0 or absent: from the start."))
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)
    updated_after = serializers.CharField(required=False, help_text=_(
        "Only events after this time (ISO 8601 with offset), as on every list; the cursor is the surer way."))


class EventFeedApi(APIView):
    """The status events of the applications the caller sees, oldest first, by a cursor (`?after=<event id>`).

    Events are shown once settled (a second or two): the feed never passes one that is still being written."""

    updated_at_field = "at"  # ?updated_after= as on every list (chamber_portal.core.api_lists)

    @extend_schema(parameters=[EventsQuery], responses=EventPageOutput, operation_id="events_list",
                   summary="Change feed: status events after a cursor, oldest first")
    def get(self, request):
        query = EventsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        after, size = query.validated_data["after"], query.validated_data["page_size"]
        events = UpdatedAfterFilter().filter_queryset(request, status_events_visible_to(request.user, after=after),
                                                      self)
        events = list(events[: size + 1])
        more, events = len(events) > size, events[:size]
        references = dict(Application.objects.filter(pk__in={int(e.object_id) for e in events})
                          .values_list("id", "reference"))
        for event in events:
            event.application_id = int(event.object_id)
            event.reference = references.get(event.application_id)
        next_url = None
        if more:
            next_url = request.build_absolute_uri(
                f"{request.path}?{urlencode({'after': events[-1].id, 'page_size': size, **_kept(request)})}")
        return Response({"results": EventOutput(events, many=True).data, "next": next_url})


def _kept(request) -> dict:
    """The next page keeps the caller's ?updated_after=."""
    value = request.query_params.get(UpdatedAfterFilter.param)
    return {UpdatedAfterFilter.param: value} if value else {}
