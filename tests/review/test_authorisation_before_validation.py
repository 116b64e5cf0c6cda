"""Authorisation before validation: on every action endpoint of the API, a caller who may not act gets 403 or 404
whatever the body, never a 400 that would teach the body's shape; the caller who may act, posting an empty body,
gets the 400 with the fields (where the body has required fields). The check is the service's own
(chamber_portal.core.api_helpers.MayAct), asked before the serializer reads the body."""

import pytest
import time_machine
from django.urls import reverse

from chamber_portal import api_urls

from .scope_world import ROLES, World

pytestmark = pytest.mark.django_db

FROZEN = "2026-06-17 11:00 +05:00"
LAWYERS = {"lawyer", "other_lawyer"}
OWNER = {"lawyer"}
HOLDER = {"bailiff"}
CHAMBER = {"staff", "national_staff", "admin"}
ANY_STAFF = CHAMBER | {"foreign_staff"}  # creating a record: which region is in the body (a foreign id is a 400)

# (url name, its kwargs from the world, who may act, the caller who checks the 400 (None: no body is required,
# an empty one is valid), method (`multipart` for an upload-only endpoint). Creating a record (the `-list` names)
# is decided by the role alone.
ENDPOINTS = [
    ("application-list", lambda w: {}, LAWYERS, None, "post"),
    ("application-detail", lambda w: {"pk": w.case.pk}, OWNER, None, "patch"),
    ("application-documents", lambda w: {"pk": w.case.pk}, OWNER, "lawyer", "multipart"),
    ("application-submit", lambda w: {"pk": w.case.pk}, OWNER, None, "post"),
    ("application-report-original-lost", lambda w: {"pk": w.case.pk}, OWNER, "lawyer", "post"),
    ("application-copy", lambda w: {"pk": w.case.pk}, OWNER, None, "post"),
    ("application-register-original", lambda w: {"pk": w.case.pk}, CHAMBER, "staff", "post"),
    ("application-accept", lambda w: {"pk": w.case.pk}, CHAMBER, "staff", "post"),
    ("application-return", lambda w: {"pk": w.case.pk}, CHAMBER, "staff", "post"),
    ("application-redistribute", lambda w: {"pk": w.case.pk}, CHAMBER, "staff", "post"),
    ("application-acknowledge", lambda w: {"pk": w.case.pk}, HOLDER, None, "post"),
    ("application-initiate", lambda w: {"pk": w.case.pk}, HOLDER, "bailiff", "post"),
    ("application-refuse", lambda w: {"pk": w.case.pk}, HOLDER, "bailiff", "post"),
    ("application-actions", lambda w: {"pk": w.case.pk}, HOLDER, "bailiff", "post"),
    ("application-action-reverse", lambda w: {"pk": w.case.pk, "action_id": w.entry.pk}, HOLDER, "bailiff", "post"),
    ("application-close", lambda w: {"pk": w.case.pk}, HOLDER, "bailiff", "post"),
    ("bailiff-pause", lambda w: {"pk": w.holder.pk}, CHAMBER, "staff", "post"),
    ("bailiff-suspend", lambda w: {"pk": w.holder.pk}, CHAMBER, "staff", "post"),
    ("bailiff-terminate", lambda w: {"pk": w.holder.pk}, CHAMBER, "staff", "post"),
    ("bailiff-exclude", lambda w: {"pk": w.holder.pk}, CHAMBER, "staff", "post"),
    ("bailiff-reinstate", lambda w: {"pk": w.holder.pk}, CHAMBER, "staff", "post"),
    ("bailiff-transfer", lambda w: {"pk": w.holder.pk}, CHAMBER, "staff", "post"),
    ("complaint-list", lambda w: {}, LAWYERS, "lawyer", "post"),
    ("complaint-take", lambda w: {"pk": w.complaint.pk}, CHAMBER, None, "post"),
    ("complaint-explanation", lambda w: {"pk": w.complaint.pk}, HOLDER, "bailiff", "post"),
    ("complaint-decide", lambda w: {"pk": w.complaint.pk}, CHAMBER, "staff", "post"),
    ("breach-decision-list", lambda w: {}, ANY_STAFF, "staff", "post"),
    ("breach-decision-appeal", lambda w: {"pk": w.breach_decision.pk}, CHAMBER, "staff", "post"),
    ("breach-decision-appeal-decided", lambda w: {"pk": w.breach_decision.pk}, CHAMBER, "staff", "post"),
    ("reassignment-release", lambda w: {"pk": w.complaint.reassignment.pk}, CHAMBER, None, "post"),
    ("reassignment-handover", lambda w: {"pk": w.complaint.reassignment.pk}, CHAMBER, "staff", "post"),
    ("inspection-list", lambda w: {}, ANY_STAFF, "staff", "post"),
    ("inspection-start", lambda w: {"pk": w.inspection.pk}, CHAMBER, None, "post"),
    ("inspection-cases", lambda w: {"pk": w.inspection.pk}, CHAMBER, "staff", "post"),
    ("inspection-case-finding", lambda w: {"pk": w.inspection.pk, "case_id": w.inspection.cases.get().pk}, CHAMBER,
     "staff", "post"),
    ("inspection-complete", lambda w: {"pk": w.inspection.pk}, CHAMBER, "staff", "post"),
    ("inspection-objections", lambda w: {"pk": w.inspection.pk}, HOLDER, "bailiff", "post"),
    ("inspection-carry-out-petition", lambda w: {"pk": w.inspection.pk}, CHAMBER, None, "post"),
    ("application-batch", lambda w: {}, LAWYERS, "lawyer", "post"),
    ("application-batch-submit", lambda w: {}, LAWYERS, "lawyer", "post"),
    ("power-of-attorney-list", lambda w: {}, LAWYERS, "lawyer", "multipart"),
    ("webhook-list", lambda w: {}, LAWYERS, "lawyer", "post"),
    ("webhook-detail", lambda w: {"pk": _webhook(w).pk}, OWNER, None, "delete"),
]


def _webhook(world):
    from webhooks.models import WebhookEndpoint

    # A row, not the service: the service resolves the host, and this machine has no DNS for it.
    return WebhookEndpoint.objects.create(lawyer=world.users["lawyer"], url="https://bank.example.kz/hooks",
                                          secret="s" * 32)


def _send(client, user, method: str, url: str):
    client.force_login(user)
    if method == "multipart":
        return client.post(url, {})
    return getattr(client, method)(url, {}, content_type="application/json")


@pytest.mark.parametrize(("name", "kwargs", "allowed", "right_caller", "method"),
                         [pytest.param(*row, id=row[0]) for row in ENDPOINTS])
def test_who_may_not_act_is_refused_before_the_body_is_read(client, name, kwargs, allowed, right_caller, method):
    with time_machine.travel(FROZEN):
        world = World()
        url = reverse(name, kwargs=kwargs(world))
        answers = {role: _send(client, world.users[role], method, url).status_code
                   for role in ROLES if role not in allowed}
        assert {role: code for role, code in answers.items() if code not in (403, 404)} == {}
        if right_caller is not None:
            response = _send(client, world.users[right_caller], method, url)
            assert response.status_code == 400, response.content
            assert isinstance(response.json(), dict) and response.json()  # the fields, at last


def test_every_endpoint_that_writes_has_a_row():
    writing = set()
    for pattern in api_urls.urlpatterns:
        view = pattern.callback
        methods = set(getattr(view, "actions", None) or {}) or {
            m for m in ("post", "put", "patch", "delete") if hasattr(getattr(view, "view_class", None), m)}
        if methods & {"post", "put", "patch", "delete"}:
            writing.add(pattern.name)
    writing.discard("api-token")  # logging in: anyone may try
    writing.discard("api-logout")  # signing out: any signed-in caller, of its own token (tests/security)
    assert writing - {row[0] for row in ENDPOINTS} == set()
