"""IDOR matrix (issue 13): every URL of the portal that names an object (its pattern has a parameter), on the API
and on the web, asked for by a caller to whom the object is foreign — another lawyer's application, webhook, power
of attorney, spreadsheet or token; a case held by another bailiff; a record of another region, for its staff —
answers 403 or 404 for GET and for every action (POST, and PUT/PATCH/DELETE on the API), and never 2xx or a
redirect onward. The list of endpoints comes from the URL resolver: a new object endpoint without a row here
fails `test_every_object_endpoint_has_a_row`. (Who may act on what, endpoint by endpoint, is in
tests/review/test_authorisation_before_validation.py; this file asks only that the foreign never get through.)"""

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

from assignment.models import DistributionDecision
from chamber_portal.documents.models import IssuedDocument
from complaints.models import ComplaintAttachment
from intake.models import PowerOfAttorney, SpreadsheetImport
from tests.factories import pdf_bytes
from tests.review.scope_world import World

pytestmark = pytest.mark.django_db

FROZEN = "2026-06-17 11:00 +05:00"
# Foreign to a lawyer's own record (a webhook, a power of attorney, a spreadsheet, a token): everyone else.
NOT_THE_LAWYER = ("other_lawyer", "bailiff", "other_bailiff", "staff", "foreign_staff", "national_staff")
# Foreign to an Almaty case that one lawyer filed and one bailiff holds.
CASE = ("other_lawyer", "other_bailiff", "foreign_staff")
# A registry record of Almaty (a bailiff, an inspection, a disciplinary case): lawyers and bailiffs may not act.
REGISTRY = ("foreign_staff",)

# Public by design: no object of anyone's (reference data, the public check of a document, the API's index).
PUBLIC = {"region-detail", "document-kind-detail", "documents:verify", "api-root"}


def _poa(w):
    return PowerOfAttorney.objects.create(lawyer=w.lawyer, creditor_iin_bin="123456789012", size=10,
                                          valid_until=w.today + dt.timedelta(days=30), original_name="poa.pdf",
                                          file=ContentFile(pdf_bytes(), name="poa.pdf"))


def _webhook(w):
    from webhooks.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(lawyer=w.lawyer, url="https://bank.example.kz/hooks", secret="s" * 32)


def _spreadsheet(w):
    return SpreadsheetImport.objects.create(lawyer=w.lawyer, original_name="rows.xlsx")


def _token(w):
    from knox.models import get_token_model

    token, _key = get_token_model().objects.create(user=w.lawyer, expiry=dt.timedelta(days=1))
    return token.digest


def _attachment(w):
    return ComplaintAttachment.objects.create(complaint=w.complaint, original_name="a.pdf", size=10,
                                              uploaded_by=w.lawyer, file=ContentFile(pdf_bytes(), name="a.pdf"))


def _issued(w):
    return IssuedDocument.objects.create(kind="receipt", content_type=ContentType.objects.get_for_model(w.case),
                                         object_id=str(w.case.pk), language="ru", sha256="0" * 64,
                                         file=ContentFile(pdf_bytes(), name="receipt.pdf")).code


def _decision_with_document(w):
    decision = w.breach_decision
    decision.document.save("decision.pdf", ContentFile(pdf_bytes()), save=False)
    type(decision).objects.filter(pk=decision.pk).update(document=decision.document.name,
                                                         document_name="decision.pdf")
    return decision.pk


def _entry_with_document(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assignment.services import case_action_record

    return case_action_record(application=w.initiated, by=w.holder.user, kind="account_arrest", date=w.today,
                              note="Арест", document=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")).pk


def _document(w):
    draft = w.draft
    return {"pk": draft.pk, "document_pk": draft.documents.first().pk}


def _case(w):
    return {"pk": w.case.pk}


# url name → (its kwargs from the world, the foreign callers)
ROWS = {
    # intake, web
    "intake:application_detail": (_case, CASE),
    "intake:application_edit": (lambda w: {"pk": w.draft.pk}, CASE),
    "intake:application_receipt": (_case, CASE),
    "intake:application_report_lost": (_case, CASE),
    "intake:application_copy": (_case, CASE),
    "intake:document_download": (_document, CASE),
    "intake:register_original": (_case, CASE),
    "intake:accept": (_case, CASE),
    "intake:return": (_case, CASE),
    "intake:spreadsheet_detail": (lambda w: {"pk": _spreadsheet(w).pk}, NOT_THE_LAWYER),
    "intake:spreadsheet_progress": (lambda w: {"pk": _spreadsheet(w).pk}, NOT_THE_LAWYER),
    "intake:spreadsheet_rows": (lambda w: {"pk": _spreadsheet(w).pk}, NOT_THE_LAWYER),
    "intake:spreadsheet_file": (lambda w: {"pk": _spreadsheet(w).pk}, NOT_THE_LAWYER),
    "intake:spreadsheet_scans": (lambda w: {"pk": _spreadsheet(w).pk}, NOT_THE_LAWYER),
    "intake:spreadsheet_submit": (lambda w: {"pk": _spreadsheet(w).pk}, NOT_THE_LAWYER),
    "application_access_log": (_case, CASE),
    # intake, API
    "application-detail": (_case, CASE),
    "application-accept": (_case, CASE),
    "application-copy": (_case, CASE),
    "application-documents": (_case, CASE),
    "application-history": (_case, CASE),
    "application-register-original": (_case, CASE),
    "application-report-original-lost": (_case, CASE),
    "application-return": (_case, CASE),
    "application-submit": (lambda w: {"pk": w.draft.pk}, CASE),
    "application-access-log": (_case, CASE),
    "power-of-attorney-detail": (lambda w: {"pk": _poa(w).pk}, NOT_THE_LAWYER),
    "webhook-detail": (lambda w: {"pk": _webhook(w).pk}, NOT_THE_LAWYER),
    "webhook-deliveries": (lambda w: {"pk": _webhook(w).pk}, NOT_THE_LAWYER),
    # the bailiff's workspace and the distribution
    "application-enforcement": (_case, CASE),
    "application-acknowledge": (_case, CASE),
    "application-initiate": (_case, CASE),
    "application-refuse": (_case, CASE),
    "application-actions": (_case, CASE),
    "application-action-reverse": (lambda w: {"pk": w.case.pk, "action_id": w.entry.pk}, CASE),
    "application-close": (_case, CASE),
    "application-redistribute": (_case, CASE),
    "distribution-log-detail": (lambda w: {"pk": DistributionDecision.objects.get(application=w.case).pk}, CASE),
    "assignment:redistribute": (_case, CASE),
    "workspace:acknowledge": (_case, CASE),
    "workspace:initiate": (_case, CASE),
    "workspace:refuse": (_case, CASE),
    "workspace:action": (_case, CASE),
    "workspace:close": (_case, CASE),
    "workspace:action_document": (lambda w: {"pk": w.case.pk, "action_pk": _entry_with_document(w)}, CASE),
    "workspace:reverse_action": (lambda w: {"pk": w.case.pk, "action_pk": w.entry.pk}, CASE),
    # the registry: a bailiff's record is public in part (the registry), its actions are the Chamber's
    "bailiff-detail": (lambda w: {"pk": w.holder.pk}, ()),  # public registry fields for everyone
    "bailiff-pause": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiff-suspend": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiff-terminate": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiff-exclude": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiff-reinstate": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiff-transfer": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:bailiff_detail": (lambda w: {"pk": w.holder.pk}, ("lawyer", "other_bailiff")),
    "bailiffs:pause": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:suspend": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:terminate": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:exclude": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:reinstate": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:transfer": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "bailiff")),
    "bailiffs:conflict": (lambda w: {"pk": w.holder.pk}, REGISTRY + ("lawyer", "other_bailiff")),
    # complaints, breach decisions, reassignments, disciplinary cases
    "complaint-detail": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaint-decide": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaint-explanation": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaint-take": (lambda w: {"pk": w.complaint.pk}, CASE),
    "breach-decision-detail": (lambda w: {"pk": w.breach_decision.pk}, CASE),
    "breach-decision-appeal": (lambda w: {"pk": w.breach_decision.pk}, CASE),
    "breach-decision-appeal-decided": (lambda w: {"pk": w.breach_decision.pk}, CASE),
    "reassignment-detail": (lambda w: {"pk": w.complaint.reassignment.pk}, CASE),
    "reassignment-handover": (lambda w: {"pk": w.complaint.reassignment.pk}, CASE),
    "reassignment-release": (lambda w: {"pk": w.complaint.reassignment.pk}, CASE),
    "complaints:complaint_create": (lambda w: {"application_pk": w.case.pk}, CASE),
    "complaints:complaint_detail": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaints:attachment_download": (lambda w: {"pk": w.complaint.pk, "attachment_pk": _attachment(w).pk}, CASE),
    "complaints:take": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaints:explain": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaints:decide": (lambda w: {"pk": w.complaint.pk}, CASE),
    "complaints:decision_document": (lambda w: {"pk": _decision_with_document(w)}, CASE),
    "complaints:appeal": (lambda w: {"pk": w.breach_decision.pk}, CASE),
    "complaints:appeal_decide": (lambda w: {"pk": w.breach_decision.pk}, CASE),
    "complaints:release": (lambda w: {"pk": w.complaint.reassignment.pk}, CASE),
    "complaints:handover": (lambda w: {"pk": w.complaint.reassignment.pk}, CASE),
    "complaints:disciplinary_case_detail": (lambda w: {"pk": w.disciplinary_case.pk},
                                            REGISTRY + ("lawyer", "other_lawyer", "other_bailiff")),
    # inspections
    **{name: (lambda w: {"pk": w.inspection.pk}, REGISTRY + ("lawyer", "other_lawyer", "other_bailiff"))
       for name in ("inspection-detail", "inspection-carry-out-petition", "inspection-cases", "inspection-complete",
                    "inspection-objections", "inspection-start", "inspections:inspection_detail",
                    "inspections:inspection_act", "inspections:start", "inspections:add_case",
                    "inspections:complete", "inspections:object", "inspections:petition")},
    "inspection-case-finding": (lambda w: {"pk": w.inspection.pk, "case_id": w.inspection.cases.get().pk},
                                REGISTRY + ("lawyer", "other_lawyer", "other_bailiff")),
    "inspections:record_finding": (lambda w: {"pk": w.inspection.pk, "case_pk": w.inspection.cases.get().pk},
                                   REGISTRY + ("lawyer", "other_lawyer", "other_bailiff")),
    # documents with legal effect, tokens
    "documents:download": (lambda w: {"code": _issued(w)}, CASE),
    "token_revoke": (lambda w: {"token_key": _token(w)}, NOT_THE_LAWYER),
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif pattern.name:
            yield prefix + str(pattern.pattern), (f"{namespace}:{pattern.name}" if namespace else pattern.name), \
                pattern


def object_endpoints() -> dict[str, object]:
    """Every named URL with a parameter other than a format suffix, outside the Django admin."""
    found = {}
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or name.startswith("admin:"):
            continue
        parameters = set(pattern.pattern.regex.groupindex) - {"format"}
        if parameters:
            found.setdefault(name, pattern)
    return found


def test_every_object_endpoint_has_a_row():
    endpoints = set(object_endpoints())
    assert endpoints - set(ROWS) - PUBLIC == set()
    assert set(ROWS) - endpoints == set()  # no row for an endpoint that is gone


def _methods(name: str) -> list[str]:
    view = object_endpoints()[name].callback
    actions = getattr(view, "actions", None)
    if actions:
        return sorted(set(actions))
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is not None:
        return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]
    return ["get", "post"]  # a function view: both are asked; a 405 for one it does not take is no leak


@pytest.mark.parametrize("name", sorted(name for name, (_kwargs, foreign) in ROWS.items() if foreign))
def test_a_foreign_object_is_not_found_for_any_method(client, name):
    kwargs, foreign = ROWS[name]
    with time_machine.travel(FROZEN):
        world = World()
        url = reverse(name, kwargs=kwargs(world))
        methods = _methods(name)
        leaks, refused = {}, 0
        for role in foreign:
            client.force_login(world.users[role])
            for method in methods:
                response = getattr(client, method)(url, {}, content_type="application/json") \
                    if method != "get" else client.get(url)
                if response.status_code in (403, 404):
                    refused += 1
                elif response.status_code != 405:
                    leaks[f"{role} {method.upper()}"] = response.status_code
        assert leaks == {}, url
        assert refused, f"{url}: every method answered 405"
        # The control: the object is there, and someone it is not foreign to reaches it (else a wrong id in the
        # row would pass the matrix by a 404 for everyone).
        insiders = [role for role in world.users if role not in foreign]
        reached = set()
        for role in insiders:
            client.force_login(world.users[role])
            for method in methods:
                response = getattr(client, method)(url, {}, content_type="application/json") \
                    if method != "get" else client.get(url)
                reached.add(response.status_code)
        assert reached - {403, 404, 405}, f"{url}: no caller reaches it ({sorted(reached)})"
