"""Who reaches which intake endpoint, as HTTP status codes (docs/domain.md §3, docs/architecture.md §7).

A record the caller may not see is a 404; an action on a record the caller sees but may not take is a 403;
a transition the state forbids is a 409. Anonymous callers are refused before anything is looked up.
"""

import pytest
from django.utils import timezone

from intake.services import application_register_original, application_return, application_submit
from intake.services.decisions import CHECKLIST
from tests.factories import ApplicationFactory, BailiffFactory, UserFactory, pdf_upload, region

pytestmark = pytest.mark.django_db

ROLES = [
    "owner", "other_lawyer", "staff_same_region", "staff_other_region", "national_staff", "bailiff",
    "anonymous",
]
ANON = (401, 403)  # which of the two depends on the first authentication class; both refuse


def _json(body):
    return {"data": body, "content_type": "application/json"}


def _upload():
    return {"data": {"kind": "decision_scan", "file": pdf_upload()}}  # multipart, the test client's default


# endpoint: (method, path after /api/v1/, the application's state, request, codes in the order of ROLES)
MATRIX = {
    "list": ("get", "applications/", None, {}, [200, 200, 200, 200, 200, 200, ANON]),
    "create": ("post", "applications/", None, _json({"category": "private_claim"}),
               [201, 201, 403, 403, 403, 403, ANON]),
    "retrieve_draft": ("get", "applications/{id}/", "draft", {}, [200, 404, 404, 404, 404, 404, ANON]),
    "retrieve_submitted": ("get", "applications/{id}/", "submitted", {},
                           [200, 404, 200, 404, 200, 404, ANON]),
    "update_draft": ("patch", "applications/{id}/", "draft", _json({"debtor": {"name": "Иванов"}}),
                     [200, 404, 404, 404, 404, 404, ANON]),
    "update_submitted": ("patch", "applications/{id}/", "submitted", _json({"debtor": {"name": "Иванов"}}),
                         [409, 404, 403, 404, 403, 404, ANON]),
    "documents_list": ("get", "applications/{id}/documents/", "submitted", {},
                       [200, 404, 200, 404, 200, 404, ANON]),
    "documents_upload": ("post", "applications/{id}/documents/", "draft", _upload,
                         [201, 404, 404, 404, 404, 404, ANON]),
    "history": ("get", "applications/{id}/history/", "submitted", {}, [200, 404, 200, 404, 200, 404, ANON]),
    "submit": ("post", "applications/{id}/submit/", "draft", _json({}), [200, 404, 404, 404, 404, 404, ANON]),
    "report_original_lost": (
        "post", "applications/{id}/report-original-lost/", "submitted",
        lambda: _json({"duplicate_requested_on": str(timezone.localdate()), "state_fee_receipt": "КВ-1"}),
        [200, 404, 403, 404, 403, 404, ANON],
    ),
    "register_original": (
        "post", "applications/{id}/register-original/", "submitted",
        lambda: _json({"registry_number": "ВХ-1", "received_at": timezone.now().isoformat()}),
        [403, 404, 200, 404, 200, 404, ANON],
    ),
    "accept": ("post", "applications/{id}/accept/", "original_received",
               _json({"checklist": dict.fromkeys(CHECKLIST, True)}), [403, 404, 200, 404, 200, 404, ANON]),
    "return": ("post", "applications/{id}/return/", "submitted",
               _json({"reason": "incomplete", "message": "Нет листа 2"}),
               [403, 404, 200, 404, 200, 404, ANON]),
    "copy": ("post", "applications/{id}/copy/", "returned", _json({}), [201, 404, 403, 404, 403, 404, ANON]),
    "document_kinds": ("get", "document-kinds/", None, {}, [200, 200, 200, 200, 200, 200, ANON]),
}

CASES = [
    pytest.param(endpoint, role, codes[index], id=f"{endpoint}-{role}")
    for endpoint, (*_, codes) in MATRIX.items()
    for index, role in enumerate(ROLES)
]


def _user(role: str, owner):
    return {
        "owner": lambda: owner,
        "other_lawyer": lambda: UserFactory(role="lawyer"),
        "staff_same_region": lambda: UserFactory(role="staff", region=region("KZ-75")),
        "staff_other_region": lambda: UserFactory(role="staff", region=region("KZ-71")),
        "national_staff": lambda: UserFactory(role="staff"),
        "bailiff": lambda: BailiffFactory().user,
        "anonymous": lambda: None,
    }[role]()


def _application(owner, state: str):
    """An Almaty application of `owner`, brought to `state` through the services."""
    application = ApplicationFactory(lawyer=owner)
    if state == "draft":
        return application
    application = application_submit(application=application, by=owner)
    registrar = UserFactory(role="staff", username="registrar")
    if state == "original_received":
        application_register_original(application=application, by=registrar, registry_number="ВХ-0",
                                      received_at=timezone.now())
    elif state == "returned":
        application_return(application=application, by=registrar, reason="incomplete", message="Нет листа 2")
    return application


def test_the_matrix_covers_every_role_for_every_endpoint():
    assert len(CASES) == len(MATRIX) * len(ROLES) == 112


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_each_role_is_answered_as_the_access_rules_say(client, endpoint, role, expected):
    method, path, state, request, _codes = MATRIX[endpoint]
    owner = UserFactory(role="lawyer", username="owner")
    application = _application(owner, state) if state else None
    user = _user(role, owner)
    if user is not None:
        client.force_login(user)
    url = "/api/v1/" + path.format(id=application.pk if application else "")
    kwargs = request() if callable(request) else request
    response = getattr(client, method)(url, **kwargs)
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in allowed, response.content[:300]
